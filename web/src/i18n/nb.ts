import { errorsNb } from './errors.nb.ts';

import type { nbAreas } from './nb-areas.ts';

/**
 * Norwegian bokmål: the default language and the source of the message keys (with nb-areas.ts).
 * Keys are flat and dotted; `{name}` placeholders are filled by `t(key, { name })`.
 * This is the start catalogue, bundled with the shell: the shell's and the start pages' texts and
 * the problem texts. Every other area's bokmål texts are in nb-areas.ts, loaded with the first page
 * that is not a start page (App.tsx `named`); scripts/i18n-start.ts checks the start pages use only
 * keys from here.
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

  // Other areas' texts the shell and the start pages use (scripts/i18n-start.ts): they load with the shell.
  'appt.shortcut.for': 'Se timeavtalene til {name}',
  'appt.shortcut': 'Se timeavtalene dine',
  'appt.unitCard.link': 'Timeavtaler og timebøker',
  'rep.home.docTitle': 'Helsekontaktene til {name} – helsedialog',
  'rep.home.title': 'Helsekontaktene til {name}',
  'rep.home.intro': 'Dette er helsetjenestene {name} har kontakt med. Det du gjør her, gjør du på vegne av {name}.',
  'dialog.contactCard.services': 'Tjenester og meldinger',
  'dialog.nav.messages': 'Meldinger',
  'dialog.nav.unread': '{count} uleste',
  'forms.shortcut.open': 'Skjema ({count} å fylle ut)',
  'forms.shortcut': 'Skjema',
  'forms.unitCard.link': 'Skjema',
  'notify.shortcut': 'Varsler',
  'letters.shortcut.unread': 'Brev ({count} uleste)',
  'letters.shortcut': 'Brev',
  'letters.unitCard.link': 'Pasientbrev',
  'records.shortcut.documents': 'Dokumenter',
  'records.shortcut.referrals': 'Henvisninger',
  'records.shortcut.results': 'Prøvesvar',
  'records.shortcut.unread': '{label} ({count} nye)',
  'records.staff.link': 'Svar og dokumenter til frigivelse',
  'rep.noAccess.home': 'Til startsiden',
  'rep.noAccess.title': 'Du har ikke tilgang til {area} for {name}',
  'rep.noAccess.titleGeneric': 'Du har ikke tilgang til dette for {name}',
  'rep.noAccess.parentYouth':
    'Når barnet er mellom 12 og 16 år, ser foreldre bare det behandleren har gitt dem tilgang til. Den unge bestemmer selv mye av det som gjelder egen helse.',
  'rep.noAccess.poa': 'Fullmakten du har fått, gjelder ikke {area}.',
  'rep.noAccess.generic': 'Tilgangen du har på vegne av {name}, gjelder ikke dette.',
  'rep.banner.back': 'Tilbake til meg selv',
  'rep.area.contacts': 'helsekontakter',
  'rep.area.dialog': 'meldinger',
  'rep.area.appointments': 'timeavtaler',
  'rep.area.documents': 'brev og dokumenter',
  'rep.ended.title': 'Du handler nå på egne vegne',
  'rep.ended.named': 'Du kan ikke lenger handle på vegne av {name}. Fullmakten eller tilgangen er avsluttet.',
  'rep.ended.unnamed': 'Du kan ikke lenger handle på vegne av den du valgte. Fullmakten eller tilgangen er avsluttet.',
  'rep.ended.dismiss': 'Lukk meldingen',
  'rep.banner.onBehalf': '{user} på vegne av {subject}',
  'rep.bar.self': 'Du bruker helsedialog for deg selv.',
  'rep.switch.button': 'Bytt person',
  'rep.switch.title': 'Handle på vegne av',
  'rep.switch.intro': 'Velg hvem du vil bruke helsedialog for. Alt du ser og gjør etterpå, gjelder den du velger.',
  'rep.switch.managePoa': 'Fullmakter',
  'rep.switch.error': 'Vi fikk ikke byttet person',
  'rep.switch.yourself': '{name} (deg selv)',
  'rep.switch.current': 'valgt nå',
  'rep.age': '{age} år',
  'rep.until': 'Til {date}',
  'rep.relation.self': 'Deg selv',
  'rep.relation.parent': 'Ditt barn',
  'rep.relation.poa': 'Fullmakt',
  'rep.coversAll': 'Gjelder alt',
  'rep.covers': 'Gjelder: {areas}',
  'rep.nav.label': 'Innstillinger og innsyn',
  'rep.shortcut.poa': 'Fullmakter',
  'log.titleFor': 'Hvem har sett opplysningene til {name}',
  'rep.shortcut.accessLog': 'Hvem har sett opplysningene dine',
  'pat.unitCard.link': 'Pasienter og foreldretilgang',
  'pap.openAdult': 'Pasient og fleksibel dialog',
  'tasks.shortcut.count': 'Oppgaver ({count})',
  'tasks.shortcut': 'Oppgaver',
  'tools.catalogue.link': 'Verktøykatalogen',
  ...errorsNb,

  // Staff notices (assigned, escalated, cover): shown by the shell's notice banner.
  'rules.notices.assigned': '{name} har tildelt deg: {topic}',
  'rules.notices.escalation': 'Svarfristen er passert: {topic}',
  'rules.notices.cover': 'Du tar over for en kollega: {topic}',
  'inbox.assigned.colleague': 'En kollega',
} as const;

/** Every message key, start catalogue and areas; another language must define exactly these. */
export type MessageKey = keyof typeof nb | keyof typeof nbAreas;

/** A complete catalogue for one language. */
export type Messages = Record<MessageKey, string>;
