import { statisticsNb } from './statistics.nb.ts';
import { journalNb } from './journal.nb.ts';
import { inboxNb } from './inbox.nb.ts';
import { notifyAdminNb } from './notify-admin.nb.ts';
import { rulesNb } from './rules.nb.ts';
import { campaignsNb } from './campaigns.nb.ts';
import { lettersNb } from './letters.nb.ts';
import { tasksNb } from './tasks.nb.ts';
import { recordsNb } from './records.nb.ts';
import { formsNb } from './forms.nb.ts';
import { appointmentsNb } from './appointments.nb.ts';
import { calendarNb } from './calendar.nb.ts';
import { dialogNb } from './dialog.nb.ts';
import { representationNb } from './representation.nb.ts';
import { errorsNb } from './errors.nb.ts';

/**
 * Norwegian bokmål: the default language and the source of the message keys.
 * Keys are flat and dotted; `{name}` placeholders are filled by `t(key, { name })`.
 */
export const nb = {
  'app.name': 'helsedialog',
  'app.skipToContent': 'Hopp til hovedinnhold',
  'app.characters': 'tegn',
  'app.loading': 'Laster inn …',
  'app.footer': 'helsedialog er en åpen plattform for digital dialog mellom innbyggere og helsetjenesten.',

  'lang.switchLabel': 'Språk',

  'header.signedInAs': 'Logget inn som',
  'header.role.citizen': 'Innbygger',
  'header.role.staff': 'Helsepersonell',
  'header.logout': 'Logg ut',
  'header.loggingOut': 'Logger ut …',

  'landing.docTitle': 'helsedialog – sikker dialog med helsetjenesten',
  'landing.title': 'Digital dialog med helsetjenesten',
  'landing.intro': 'Her kan du sende meldinger til fastlegen, sykehuset og kommunen din, se timeavtaler og svare på skjema – trygt og samlet på ett sted.',
  'landing.citizen.title': 'For innbyggere',
  'landing.citizen.text': 'Logg inn med ID-porten for å se helsekontaktene dine og skrive til dem.',
  'landing.citizen.action': 'Logg inn som innbygger',
  'landing.staff.title': 'For helsepersonell',
  'landing.staff.text': 'Logg inn med HelseID for å svare innbyggere fra enhetene du jobber i.',
  'landing.staff.action': 'Logg inn som helsepersonell',
  'landing.loginError.title': 'Innloggingen ble ikke fullført',
  'landing.loginError.code': 'Feilkode: {code}',
  'landing.loginError.dismiss': 'Lukk meldingen',

  'citizen.docTitle': 'Mine helsekontakter – helsedialog',
  'citizen.greeting': 'Hei, {name}',
  'citizen.contacts.title': 'Mine helsekontakter',
  'citizen.contacts.intro': 'Du kan ha dialog med helsetjenester som er helsekontaktene dine.',
  'citizen.contacts.active': 'Aktive',
  'citizen.contacts.previous': 'Tidligere',
  'citizen.contacts.empty': 'Du har ingen helsekontakter ennå.',
  'citizen.contacts.emptyHelp':
    'En helsekontakt opprettes når du står på en fastleges liste, får rett til helsehjelp på sykehus eller får en kommunal tjeneste.',
  'citizen.contacts.noneActive': 'Du har ingen aktive helsekontakter.',
  'citizen.contacts.since': 'Fra {date}',
  'citizen.contacts.period': '{from} – {to}',
  'citizen.contacts.periodLabel': 'Periode',
  'citizen.contacts.gp': 'Fastlege',
  'citizen.contacts.organisation': 'Virksomhet',
  'citizen.contacts.source': 'Grunnlag',

  'clinician.docTitle': 'Mine enheter – helsedialog',
  'clinician.greeting': 'Hei, {name}',
  'clinician.units.title': 'Enhetene dine',
  'clinician.units.intro': 'Dette er enhetene du kan jobbe i.',
  'clinician.units.empty': 'Du er ikke knyttet til noen enhet ennå. Ta kontakt med administratoren for enheten din.',
  'clinician.units.organisation': 'Virksomhet',
  'clinician.units.role': 'Rolle',
  'clinician.units.admin': 'Administrator',

  'unitKind.gp_office': 'Fastlegekontor',
  'unitKind.hospital_department': 'Sykehusavdeling',
  'unitKind.home_care': 'Hjemmetjeneste',
  'unitKind.other': 'Annen helsetjeneste',

  'contactSource.gp_list': 'Fastlegeliste',
  'contactSource.care_right': 'Rett til helsehjelp',
  'contactSource.municipal_service': 'Kommunal tjeneste',
  'contactSource.manual': 'Lagt til av enheten',

  'staffRole.doctor': 'Lege',
  'staffRole.nurse': 'Sykepleier',
  'staffRole.secretary': 'Sekretær',
  'staffRole.coordinator': 'Koordinator',

  'error.sessionTitle': 'Du er ikke logget inn',
  'error.sessionExpired': 'Økten din er utløpt. Logg inn på nytt for å fortsette.',
  'error.notLoggedIn': 'Du må logge inn for å se denne siden.',
  'error.toFrontPage': 'Gå til forsiden for å logge inn',
  'error.title': 'Noe gikk galt',
  'error.generic': 'Vi klarte ikke å hente innholdet. Prøv igjen om litt.',
  'error.network': 'Vi får ikke kontakt med tjenesten. Sjekk nettforbindelsen og prøv igjen.',
  'error.retry': 'Prøv igjen',
  'error.logoutFailed': 'Utloggingen feilet',

  'notFound.docTitle': 'Fant ikke siden – helsedialog',
  'notFound.title': 'Fant ikke siden',
  'notFound.text': 'Siden finnes ikke, eller den er flyttet.',
  'notFound.home': 'Til forsiden',
  'notFound.itemTitle': 'Fant ikke det du lette etter',
  ...dialogNb,
  ...representationNb,
  ...errorsNb,
  ...appointmentsNb,
  ...calendarNb,
  ...lettersNb,
  ...tasksNb,
  ...recordsNb,
  ...formsNb,
  ...journalNb,
  ...inboxNb,
  ...notifyAdminNb,
  ...statisticsNb,
  ...rulesNb,
  ...campaignsNb,
} as const;

/** Every message key; another language must define exactly these. */
export type MessageKey = keyof typeof nb;

/** A complete catalogue for one language. */
export type Messages = Record<MessageKey, string>;
