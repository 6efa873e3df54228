import { journalNn } from './journal.nn.ts';
import { notifyAdminNn } from './notify-admin.nn.ts';
import { lettersNn } from './letters.nn.ts';
import { appointmentsNn } from './appointments.nn.ts';
import { dialogNn } from './dialog.nn.ts';
import { representationNn } from './representation.nn.ts';
import { errorsNn } from './errors.nn.ts';
import { formsNn } from './forms.nn.ts';
import { recordsNn } from './records.nn.ts';
import { statisticsNn } from './statistics.nn.ts';
import { campaignsNn } from './campaigns.nn.ts';
import { calendarNn } from './calendar.nn.ts';
import { inboxNn } from './inbox.nn.ts';
import { rulesNn } from './rules.nn.ts';
import { tasksNn } from './tasks.nn.ts';
import type { Messages } from './nb.ts';

/** Norwegian nynorsk. Typed as `Messages`, so a missing or unknown key fails the build. Loaded on demand. */
export const nn: Messages = {
  'app.name': 'helsedialog',
  'app.skipToContent': 'Hopp til hovudinnhaldet',
  'app.characters': 'teikn',
  'app.loading': 'Lastar inn …',
  'app.footer': 'helsedialog er ei open plattform for digital dialog mellom innbyggjarar og helsetenesta.',

  'lang.switchLabel': 'Språk',

  'header.signedInAs': 'Logga inn som',
  'header.role.citizen': 'Innbyggjar',
  'header.role.staff': 'Helsepersonell',
  'header.logout': 'Logg ut',
  'header.loggingOut': 'Loggar ut …',

  'landing.docTitle': 'helsedialog – trygg dialog med helsetenesta',
  'landing.title': 'Digital dialog med helsetenesta',
  'landing.intro': 'Her kan du sende meldingar til fastlegen, sjukehuset og kommunen din, sjå timeavtalar og svare på skjema – trygt og samla på éin stad.',
  'landing.citizen.title': 'For innbyggjarar',
  'landing.citizen.text': 'Logg inn med ID-porten for å sjå helsekontaktane dine og skrive til dei.',
  'landing.citizen.action': 'Logg inn som innbyggjar',
  'landing.staff.title': 'For helsepersonell',
  'landing.staff.text': 'Logg inn med HelseID for å svare innbyggjarar frå einingane du jobbar i.',
  'landing.staff.action': 'Logg inn som helsepersonell',
  'landing.loginError.title': 'Innlogginga vart ikkje fullført',
  'landing.loginError.code': 'Feilkode: {code}',
  'landing.loginError.dismiss': 'Lukk meldinga',

  'citizen.docTitle': 'Helsekontaktane mine – helsedialog',
  'citizen.greeting': 'Hei, {name}',
  'citizen.contacts.title': 'Helsekontaktane mine',
  'citizen.contacts.intro': 'Du kan ha dialog med helsetenester som er helsekontaktane dine.',
  'citizen.contacts.active': 'Aktive',
  'citizen.contacts.previous': 'Tidlegare',
  'citizen.contacts.empty': 'Du har ingen helsekontaktar enno.',
  'citizen.contacts.emptyHelp':
    'Ein helsekontakt vert oppretta når du står på lista til ein fastlege, får rett til helsehjelp på sjukehus eller får ei kommunal teneste.',
  'citizen.contacts.noneActive': 'Du har ingen aktive helsekontaktar.',
  'citizen.contacts.since': 'Frå {date}',
  'citizen.contacts.period': '{from} – {to}',
  'citizen.contacts.periodLabel': 'Periode',
  'citizen.contacts.gp': 'Fastlege',
  'citizen.contacts.organisation': 'Verksemd',
  'citizen.contacts.source': 'Grunnlag',

  'clinician.docTitle': 'Einingane mine – helsedialog',
  'clinician.greeting': 'Hei, {name}',
  'clinician.units.title': 'Einingane dine',
  'clinician.units.intro': 'Dette er einingane du kan jobbe i.',
  'clinician.units.empty': 'Du er ikkje knytt til nokon eining enno. Ta kontakt med administratoren for eininga di.',
  'clinician.units.organisation': 'Verksemd',
  'clinician.units.role': 'Rolle',
  'clinician.units.admin': 'Administrator',

  'unitKind.gp_office': 'Fastlegekontor',
  'unitKind.hospital_department': 'Sjukehusavdeling',
  'unitKind.home_care': 'Heimeteneste',
  'unitKind.other': 'Anna helseteneste',

  'contactSource.gp_list': 'Fastlegeliste',
  'contactSource.care_right': 'Rett til helsehjelp',
  'contactSource.municipal_service': 'Kommunal teneste',
  'contactSource.manual': 'Lagt til av eininga',

  'staffRole.doctor': 'Lege',
  'staffRole.nurse': 'Sjukepleiar',
  'staffRole.secretary': 'Sekretær',
  'staffRole.coordinator': 'Koordinator',

  'error.sessionTitle': 'Du er ikkje logga inn',
  'error.sessionExpired': 'Økta di er gått ut. Logg inn på nytt for å halde fram.',
  'error.notLoggedIn': 'Du må logge inn for å sjå denne sida.',
  'error.toFrontPage': 'Gå til framsida for å logge inn',
  'error.title': 'Noko gjekk gale',
  'error.generic': 'Vi klarte ikkje å hente innhaldet. Prøv igjen om litt.',
  'error.network': 'Vi får ikkje kontakt med tenesta. Sjekk nettilkoplinga og prøv igjen.',
  'error.retry': 'Prøv igjen',
  'error.logoutFailed': 'Utlogginga feila',

  'notFound.docTitle': 'Fann ikkje sida – helsedialog',
  'notFound.title': 'Fann ikkje sida',
  'notFound.text': 'Sida finst ikkje, eller ho er flytt.',
  'notFound.home': 'Til framsida',
  'notFound.itemTitle': 'Fann ikkje det du leitte etter',
  ...dialogNn,
  ...representationNn,
  ...errorsNn,
  ...appointmentsNn,
  ...lettersNn,
  ...journalNn,
  ...notifyAdminNn,
  ...formsNn,
  ...recordsNn,
  ...statisticsNn,
  ...campaignsNn,
  ...calendarNn,
  ...inboxNn,
  ...rulesNn,
  ...tasksNn,
};
