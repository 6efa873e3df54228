/**
 * The server's texts in four languages. Bokmål is the source of the keys; nn, se and en are
 * typed as `Record<ServerTextKey, string>`, so a missing key fails the build. The Sami texts are
 * a best-effort translation that needs native review before production (docs/languages.md).
 * Notices never carry health information (notify.content.ts): keep every translation as neutral.
 */
import type { Language } from '@helsedialog/core/constants';

const nb = {
  'notice.self.message': 'Du har en ny melding på helsedialog.',
  'notice.self.letter': 'Du har et nytt brev på helsedialog.',
  'notice.self.appointment.assigned': 'Du har fått en ny time.',
  'notice.self.appointment.changed': 'En av timene dine er endret.',
  'notice.self.appointment.cancelled': 'En av timene dine er avlyst.',
  'notice.self.appointment.offered': 'Du har fått tilbud om en ledig time. Tilbudet gjelder bare en kort stund.',
  'notice.self.visit.completed': 'Du har en ny melding på helsedialog.',
  'notice.self.reminder.letter': 'Påminnelse: Du har et brev på helsedialog som du ikke har lest.',
  'notice.self.reminder.message': 'Påminnelse: Du har en viktig melding på helsedialog som du ikke har lest.',
  'notice.other.message': 'Du har en ny melding for en du representerer.',
  'notice.other.letter': 'Du har et nytt brev for en du representerer.',
  'notice.other.appointment.assigned': 'Du har fått en ny time for en du representerer.',
  'notice.other.appointment.changed': 'En time er endret for en du representerer.',
  'notice.other.appointment.cancelled': 'En time er avlyst for en du representerer.',
  'notice.other.appointment.offered': 'Det er et tilbud om en ledig time for en du representerer. Tilbudet gjelder bare en kort stund.',
  'notice.other.visit.completed': 'Du har en ny melding for en du representerer.',
  'notice.other.reminder.letter': 'Påminnelse: Det er et ulest brev for en du representerer.',
  'notice.other.reminder.message': 'Påminnelse: Det er en ulest viktig melding for en du representerer.',
  'notice.subject.message': 'Ny melding på helsedialog',
  'notice.subject.letter': 'Nytt brev på helsedialog',
  'notice.subject.appointment.assigned': 'Ny time på helsedialog',
  'notice.subject.appointment.changed': 'Endret time på helsedialog',
  'notice.subject.appointment.cancelled': 'Avlyst time på helsedialog',
  'notice.subject.appointment.offered': 'Tilbud om ledig time på helsedialog',
  'notice.subject.visit.completed': 'Ny melding på helsedialog',
  'notice.subject.reminder.letter': 'Påminnelse fra helsedialog',
  'notice.subject.reminder.message': 'Påminnelse fra helsedialog',
  'notice.sms': '{line} Logg inn for å lese: {link}',
  'notice.email.login': 'Logg inn på helsedialog for å lese',
  'notice.email.footer':
    'Denne e-posten kan ikke besvares. Du kan velge SMS eller e-post, og slå av varsler som ikke er påkrevd, under Varsler når du er logget inn.',

  'system.conversion.proposed':
    'Henvendelsen din inneholder et medisinsk spørsmål og må behandles som e-konsultasjon. {fee} Godta for at legen skal svare, eller takk nei.',
  'system.fee.charged': 'En e-konsultasjon koster egenandel ({amount}).',
  'system.fee.under_16': 'Barn og unge under 16 år betaler ikke egenandel.',
  'system.fee.frikort': 'Du har frikort og betaler ikke egenandel.',
  'system.conversion.accepted': 'Innbyggeren godtok at henvendelsen behandles som e-konsultasjon. {fee}',
  'system.conversion.acceptedCharged': 'Egenandel gjelder.',
  'system.conversion.acceptedExempt': 'Ingen egenandel (fritak).',
  'system.conversion.declined': 'Innbyggeren takket nei til e-konsultasjon. Henvendelsen behandles videre som e-kontakt, uten medisinsk vurdering.',
} as const;

/** Every server text key. */
export type ServerTextKey = keyof typeof nb;

const nn: Record<ServerTextKey, string> = {
  'notice.self.message': 'Du har ei ny melding på helsedialog.',
  'notice.self.letter': 'Du har eit nytt brev på helsedialog.',
  'notice.self.appointment.assigned': 'Du har fått ein ny time.',
  'notice.self.appointment.changed': 'Ein av timane dine er endra.',
  'notice.self.appointment.cancelled': 'Ein av timane dine er avlyst.',
  'notice.self.appointment.offered': 'Du har fått tilbod om ein ledig time. Tilbodet gjeld berre ei kort stund.',
  'notice.self.visit.completed': 'Du har ei ny melding på helsedialog.',
  'notice.self.reminder.letter': 'Påminning: Du har eit brev på helsedialog som du ikkje har lese.',
  'notice.self.reminder.message': 'Påminning: Du har ei viktig melding på helsedialog som du ikkje har lese.',
  'notice.other.message': 'Du har ei ny melding for ein du representerer.',
  'notice.other.letter': 'Du har eit nytt brev for ein du representerer.',
  'notice.other.appointment.assigned': 'Du har fått ein ny time for ein du representerer.',
  'notice.other.appointment.changed': 'Ein time er endra for ein du representerer.',
  'notice.other.appointment.cancelled': 'Ein time er avlyst for ein du representerer.',
  'notice.other.appointment.offered': 'Det er eit tilbod om ein ledig time for ein du representerer. Tilbodet gjeld berre ei kort stund.',
  'notice.other.visit.completed': 'Du har ei ny melding for ein du representerer.',
  'notice.other.reminder.letter': 'Påminning: Det er eit ulese brev for ein du representerer.',
  'notice.other.reminder.message': 'Påminning: Det er ei ulesen viktig melding for ein du representerer.',
  'notice.subject.message': 'Ny melding på helsedialog',
  'notice.subject.letter': 'Nytt brev på helsedialog',
  'notice.subject.appointment.assigned': 'Ny time på helsedialog',
  'notice.subject.appointment.changed': 'Endra time på helsedialog',
  'notice.subject.appointment.cancelled': 'Avlyst time på helsedialog',
  'notice.subject.appointment.offered': 'Tilbod om ledig time på helsedialog',
  'notice.subject.visit.completed': 'Ny melding på helsedialog',
  'notice.subject.reminder.letter': 'Påminning frå helsedialog',
  'notice.subject.reminder.message': 'Påminning frå helsedialog',
  'notice.sms': '{line} Logg inn for å lese: {link}',
  'notice.email.login': 'Logg inn på helsedialog for å lese',
  'notice.email.footer':
    'Denne e-posten kan ikkje svarast på. Du kan velje SMS eller e-post, og slå av varsel som ikkje er påkravde, under Varsel når du er logga inn.',

  'system.conversion.proposed':
    'Førespurnaden din inneheld eit medisinsk spørsmål og må handsamast som e-konsultasjon. {fee} Godta for at legen skal svare, eller takk nei.',
  'system.fee.charged': 'Ein e-konsultasjon kostar eigenandel ({amount}).',
  'system.fee.under_16': 'Born og unge under 16 år betaler ikkje eigenandel.',
  'system.fee.frikort': 'Du har frikort og betaler ikkje eigenandel.',
  'system.conversion.accepted': 'Innbyggjaren godtok at førespurnaden vert handsama som e-konsultasjon. {fee}',
  'system.conversion.acceptedCharged': 'Eigenandel gjeld.',
  'system.conversion.acceptedExempt': 'Ingen eigenandel (fritak).',
  'system.conversion.declined': 'Innbyggjaren takka nei til e-konsultasjon. Førespurnaden vert handsama vidare som e-kontakt, utan medisinsk vurdering.',
};

const se: Record<ServerTextKey, string> = {
  'notice.self.message': 'Dus lea ođđa dieđáhus helsedialogas.',
  'notice.self.letter': 'Dus lea ođđa reive helsedialogas.',
  'notice.self.appointment.assigned': 'Don leat ožžon ođđa áiggi.',
  'notice.self.appointment.changed': 'Okta du áiggiin lea rievdaduvvon.',
  'notice.self.appointment.cancelled': 'Okta du áiggiin lea šluhttejuvvon.',
  'notice.self.appointment.offered': 'Don leat ožžon fálaldaga rabas áiggis. Fálaldat gusto dušše oanehis áiggi.',
  'notice.self.visit.completed': 'Dus lea ođđa dieđáhus helsedialogas.',
  'notice.self.reminder.letter': 'Muittuhus: Dus lea reive helsedialogas man it leat lohkan.',
  'notice.self.reminder.message': 'Muittuhus: Dus lea dehálaš dieđáhus helsedialogas man it leat lohkan.',
  'notice.other.message': 'Dus lea ođđa dieđáhus olbmos gean ovddasteađat.',
  'notice.other.letter': 'Dus lea ođđa reive olbmos gean ovddasteađat.',
  'notice.other.appointment.assigned': 'Don leat ožžon ođđa áiggi olbmui gean ovddasteađat.',
  'notice.other.appointment.changed': 'Áigi lea rievdaduvvon olbmui gean ovddasteađat.',
  'notice.other.appointment.cancelled': 'Áigi lea šluhttejuvvon olbmui gean ovddasteađat.',
  'notice.other.appointment.offered': 'Lea fálaldat rabas áiggis olbmui gean ovddasteađat. Fálaldat gusto dušše oanehis áiggi.',
  'notice.other.visit.completed': 'Dus lea ođđa dieđáhus olbmos gean ovddasteađat.',
  'notice.other.reminder.letter': 'Muittuhus: Lea lohkkokeahtes reive olbmos gean ovddasteađat.',
  'notice.other.reminder.message': 'Muittuhus: Lea lohkkokeahtes dehálaš dieđáhus olbmos gean ovddasteađat.',
  'notice.subject.message': 'Ođđa dieđáhus helsedialogas',
  'notice.subject.letter': 'Ođđa reive helsedialogas',
  'notice.subject.appointment.assigned': 'Ođđa áigi helsedialogas',
  'notice.subject.appointment.changed': 'Rievdaduvvon áigi helsedialogas',
  'notice.subject.appointment.cancelled': 'Šluhttejuvvon áigi helsedialogas',
  'notice.subject.appointment.offered': 'Fálaldat rabas áiggis helsedialogas',
  'notice.subject.visit.completed': 'Ođđa dieđáhus helsedialogas',
  'notice.subject.reminder.letter': 'Muittuhus helsedialogas',
  'notice.subject.reminder.message': 'Muittuhus helsedialogas',
  'notice.sms': '{line} Čálit sisa lohkat: {link}',
  'notice.email.login': 'Čálit sisa helsedialogii lohkat',
  'notice.email.footer':
    'Dán e-poastii ii sáhte vástidit. Sáhtát válljet SMS dahje e-poastta, ja časkit várrehusaid mat eai leat bágge, Várrehusat-siiddus go leat sisačálihan.',

  'system.conversion.proposed':
    'Du jearaldagas lea medisiinnalaš gažaldat, ja dat ferte meannuduvvot e-konsultašuvdnan. {fee} Dohkket vai doavttir vástida, dahje hilgo.',
  'system.fee.charged': 'E-konsultašuvdna máksá iešmávssu ({amount}).',
  'system.fee.under_16': 'Mánát ja nuorat vuollel 16 jagi eai mávsse iešmávssu.',
  'system.fee.frikort': 'Dus lea friddjagoarta iige don mávsse iešmávssu.',
  'system.conversion.accepted': 'Ássi dohkkehii ahte jearaldat meannuduvvo e-konsultašuvdnan. {fee}',
  'system.conversion.acceptedCharged': 'Iešmáksu gusto.',
  'system.conversion.acceptedExempt': 'Ii iešmáksu (friddja).',
  'system.conversion.declined': 'Ássi ii dohkkehan e-konsultašuvnna. Jearaldat meannuduvvo ain e-oktavuohtan, medisiinnalaš árvvoštallama haga.',
};

const en: Record<ServerTextKey, string> = {
  'notice.self.message': 'You have a new message on helsedialog.',
  'notice.self.letter': 'You have a new letter on helsedialog.',
  'notice.self.appointment.assigned': 'You have been given a new appointment.',
  'notice.self.appointment.changed': 'One of your appointments has changed.',
  'notice.self.appointment.cancelled': 'One of your appointments has been cancelled.',
  'notice.self.appointment.offered': 'You have been offered a free appointment. The offer is open only for a short while.',
  'notice.self.visit.completed': 'You have a new message on helsedialog.',
  'notice.self.reminder.letter': 'Reminder: You have a letter on helsedialog that you have not read.',
  'notice.self.reminder.message': 'Reminder: You have an important message on helsedialog that you have not read.',
  'notice.other.message': 'You have a new message for someone you represent.',
  'notice.other.letter': 'You have a new letter for someone you represent.',
  'notice.other.appointment.assigned': 'You have been given a new appointment for someone you represent.',
  'notice.other.appointment.changed': 'An appointment has changed for someone you represent.',
  'notice.other.appointment.cancelled': 'An appointment has been cancelled for someone you represent.',
  'notice.other.appointment.offered': 'There is an offer of a free appointment for someone you represent. The offer is open only for a short while.',
  'notice.other.visit.completed': 'You have a new message for someone you represent.',
  'notice.other.reminder.letter': 'Reminder: There is an unread letter for someone you represent.',
  'notice.other.reminder.message': 'Reminder: There is an unread important message for someone you represent.',
  'notice.subject.message': 'New message on helsedialog',
  'notice.subject.letter': 'New letter on helsedialog',
  'notice.subject.appointment.assigned': 'New appointment on helsedialog',
  'notice.subject.appointment.changed': 'Changed appointment on helsedialog',
  'notice.subject.appointment.cancelled': 'Cancelled appointment on helsedialog',
  'notice.subject.appointment.offered': 'Offer of a free appointment on helsedialog',
  'notice.subject.visit.completed': 'New message on helsedialog',
  'notice.subject.reminder.letter': 'Reminder from helsedialog',
  'notice.subject.reminder.message': 'Reminder from helsedialog',
  'notice.sms': '{line} Log in to read: {link}',
  'notice.email.login': 'Log in to helsedialog to read',
  'notice.email.footer':
    'This e-mail cannot be answered. You can choose SMS or e-mail, and turn off notices that are not required, under Notifications when you are logged in.',

  'system.conversion.proposed':
    'Your enquiry contains a medical question and must be handled as an e-consultation. {fee} Accept for the doctor to answer, or decline.',
  'system.fee.charged': 'An e-consultation costs a patient fee ({amount}).',
  'system.fee.under_16': 'Children and young people under 16 pay no patient fee.',
  'system.fee.frikort': 'You have an exemption card (frikort) and pay no patient fee.',
  'system.conversion.accepted': 'The citizen accepted that the enquiry is handled as an e-consultation. {fee}',
  'system.conversion.acceptedCharged': 'A patient fee applies.',
  'system.conversion.acceptedExempt': 'No patient fee (exempt).',
  'system.conversion.declined': 'The citizen declined the e-consultation. The enquiry continues as an e-contact, without a medical assessment.',
};

/** The catalogues by language. */
export const catalogues: Record<Language, Record<ServerTextKey, string>> = { nb, nn, se, en };
