import { statisticsEn } from './statistics.en.ts';
import { journalEn } from './journal.en.ts';
import { inboxEn } from './inbox.en.ts';
import { notifyAdminEn } from './notify-admin.en.ts';
import { rulesEn } from './rules.en.ts';
import { campaignsEn } from './campaigns.en.ts';
import { lettersEn } from './letters.en.ts';
import { tasksEn } from './tasks.en.ts';
import { recordsEn } from './records.en.ts';
import { formsEn } from './forms.en.ts';
import { appointmentsEn } from './appointments.en.ts';
import { calendarEn } from './calendar.en.ts';
import { dialogEn } from './dialog.en.ts';
import { representationEn } from './representation.en.ts';
import { errorsEn } from './errors.en.ts';
import type { Messages } from './nb.ts';

/** English. Typed as `Messages`, so a missing or unknown key fails the build. */
export const en: Messages = {
  'app.name': 'helsedialog',
  'app.skipToContent': 'Skip to main content',
  'app.characters': 'characters',
  'app.loading': 'Loading …',
  'app.footer': 'helsedialog is an open platform for digital dialog between citizens and health services.',

  'lang.switchLabel': 'Language',

  'header.signedInAs': 'Signed in as',
  'header.role.citizen': 'Citizen',
  'header.role.staff': 'Health personnel',
  'header.logout': 'Log out',
  'header.loggingOut': 'Logging out …',

  'landing.docTitle': 'helsedialog – secure dialog with your health services',
  'landing.title': 'Digital dialog with your health services',
  'landing.intro': 'Send messages to your GP, your hospital and your municipality, see your appointments and answer forms – safely, in one place.',
  'landing.citizen.title': 'For citizens',
  'landing.citizen.text': 'Log in with ID-porten to see your health contacts and write to them.',
  'landing.citizen.action': 'Log in as a citizen',
  'landing.staff.title': 'For health personnel',
  'landing.staff.text': 'Log in with HelseID to answer citizens from the units you work in.',
  'landing.staff.action': 'Log in as health personnel',
  'landing.loginError.title': 'The login was not completed',
  'landing.loginError.code': 'Error code: {code}',
  'landing.loginError.dismiss': 'Close the message',

  'citizen.docTitle': 'My health contacts – helsedialog',
  'citizen.greeting': 'Hello, {name}',
  'citizen.contacts.title': 'My health contacts',
  'citizen.contacts.intro': 'You can have dialog with the health services that are your health contacts.',
  'citizen.contacts.active': 'Active',
  'citizen.contacts.previous': 'Previous',
  'citizen.contacts.empty': 'You have no health contacts yet.',
  'citizen.contacts.emptyHelp':
    'A health contact is created when you are on a GP’s list, are granted the right to health care at a hospital, or receive a municipal service.',
  'citizen.contacts.noneActive': 'You have no active health contacts.',
  'citizen.contacts.since': 'Since {date}',
  'citizen.contacts.period': '{from} – {to}',
  'citizen.contacts.periodLabel': 'Period',
  'citizen.contacts.gp': 'GP',
  'citizen.contacts.organisation': 'Organisation',
  'citizen.contacts.source': 'Basis',

  'clinician.docTitle': 'My units – helsedialog',
  'clinician.greeting': 'Hello, {name}',
  'clinician.units.title': 'Your units',
  'clinician.units.intro': 'These are the units you can work in.',
  'clinician.units.empty': 'You are not linked to any unit yet. Contact your unit’s administrator.',
  'clinician.units.organisation': 'Organisation',
  'clinician.units.role': 'Role',
  'clinician.units.admin': 'Administrator',

  'unitKind.gp_office': 'GP office',
  'unitKind.hospital_department': 'Hospital department',
  'unitKind.home_care': 'Home care service',
  'unitKind.other': 'Other health service',

  'contactSource.gp_list': 'GP list',
  'contactSource.care_right': 'Right to health care',
  'contactSource.municipal_service': 'Municipal service',
  'contactSource.manual': 'Added by the unit',

  'staffRole.doctor': 'Doctor',
  'staffRole.nurse': 'Nurse',
  'staffRole.secretary': 'Secretary',
  'staffRole.coordinator': 'Coordinator',

  'error.sessionTitle': 'You are not logged in',
  'error.sessionExpired': 'Your session has expired. Log in again to continue.',
  'error.notLoggedIn': 'You need to log in to see this page.',
  'error.toFrontPage': 'Go to the front page to log in',
  'error.title': 'Something went wrong',
  'error.generic': 'We could not load the content. Please try again shortly.',
  'error.network': 'We cannot reach the service. Check your connection and try again.',
  'error.retry': 'Try again',
  'error.logoutFailed': 'Logging out failed',

  'notFound.docTitle': 'Page not found – helsedialog',
  'notFound.title': 'Page not found',
  'notFound.text': 'The page does not exist, or it has moved.',
  'notFound.home': 'To the front page',
  'notFound.itemTitle': 'Not found',
  ...dialogEn,
  ...representationEn,
  ...errorsEn,
  ...appointmentsEn,
  ...calendarEn,
  ...lettersEn,
  ...tasksEn,
  ...recordsEn,
  ...formsEn,
  ...journalEn,
  ...inboxEn,
  ...notifyAdminEn,
  ...statisticsEn,
  ...rulesEn,
  ...campaignsEn,
};
