import { journalSe } from './journal.se.ts';
import { notifyAdminSe } from './notify-admin.se.ts';
import { lettersSe } from './letters.se.ts';
import { appointmentsSe } from './appointments.se.ts';
import { dialogSe } from './dialog.se.ts';
import { representationSe } from './representation.se.ts';
import { errorsSe } from './errors.se.ts';
import { formsSe } from './forms.se.ts';
import { recordsSe } from './records.se.ts';
import { statisticsSe } from './statistics.se.ts';
import { campaignsSe } from './campaigns.se.ts';
import { calendarSe } from './calendar.se.ts';
import { inboxSe } from './inbox.se.ts';
import { rulesSe } from './rules.se.ts';
import { tasksSe } from './tasks.se.ts';
import type { Messages } from './nb.ts';

/**
 * Northern Sami (davvisámegiella). Typed as `Messages`, so a missing or unknown key fails the build.
 * Best-effort translation: every text needs review by a native speaker before production
 * (docs/languages.md). Loaded on demand.
 */
export const se: Messages = {
  'app.name': 'helsedialog',
  'app.skipToContent': 'Njuike váldosisdollui',
  'app.characters': 'mearkka',
  'app.loading': 'Viežžamin …',
  'app.footer': 'helsedialog lea rabas vuođđovuogádat digitála gulahallamii gaskal ássiid ja dearvvašvuođabálvalusa.',

  'lang.switchLabel': 'Giella',

  'header.signedInAs': 'Sisačálihan',
  'header.role.citizen': 'Ássi',
  'header.role.staff': 'Dearvvašvuođabargi',
  'header.logout': 'Čálit olggos',
  'header.loggingOut': 'Čálihuvvomin olggos …',

  'landing.docTitle': 'helsedialog – oadjebas gulahallan dearvvašvuođabálvalusain',
  'landing.title': 'Digitála gulahallan dearvvašvuođabálvalusain',
  'landing.intro':
    'Dáppe sáhtát sáddet dieđuid fásttadoktárii, buohccevissui ja gildii, oaidnit áigegirjjiid ja vástidit skoviide – oadjebasat ja ovtta sajis.',
  'landing.citizen.title': 'Ássiide',
  'landing.citizen.text': 'Čálit sisa ID-porten bokte oaidnin dihte iežat dearvvašvuođaoktavuođaid ja čállin dihte sidjiide.',
  'landing.citizen.action': 'Čálit sisa ássin',
  'landing.staff.title': 'Dearvvašvuođabargiide',
  'landing.staff.text': 'Čálit sisa HelseID bokte vástidan dihte ássiide ovttadagain main bargat.',
  'landing.staff.action': 'Čálit sisa dearvvašvuođabargin',
  'landing.loginError.title': 'Sisačáliheapmi ii lihkostuvvan',
  'landing.loginError.code': 'Meattáhuskoda: {code}',
  'landing.loginError.dismiss': 'Gidde dieđu',

  'citizen.docTitle': 'Mu dearvvašvuođaoktavuođat – helsedialog',
  'citizen.greeting': 'Bures, {name}',
  'citizen.contacts.title': 'Mu dearvvašvuođaoktavuođat',
  'citizen.contacts.intro': 'Sáhtát gulahallat dearvvašvuođabálvalusaiguin mat leat du dearvvašvuođaoktavuođat.',
  'citizen.contacts.active': 'Doaimmas',
  'citizen.contacts.previous': 'Ovddeš',
  'citizen.contacts.empty': 'Dus eai leat vel dearvvašvuođaoktavuođat.',
  'citizen.contacts.emptyHelp':
    'Dearvvašvuođaoktavuohta ráhkaduvvo go leat fásttadoaktára listtus, go oaččut vuoigatvuođa dearvvašvuođaveahkkái buohccevisttis dahje go oaččut gieldda bálvalusa.',
  'citizen.contacts.noneActive': 'Dus eai leat doaimmas dearvvašvuođaoktavuođat.',
  'citizen.contacts.since': '{date} rájes',
  'citizen.contacts.period': '{from} – {to}',
  'citizen.contacts.periodLabel': 'Áigodat',
  'citizen.contacts.gp': 'Fásttadoavttir',
  'citizen.contacts.organisation': 'Fitnodat',
  'citizen.contacts.source': 'Vuođđu',

  'clinician.docTitle': 'Mu ovttadagat – helsedialog',
  'clinician.greeting': 'Bures, {name}',
  'clinician.units.title': 'Du ovttadagat',
  'clinician.units.intro': 'Dát leat ovttadagat main sáhtát bargat.',
  'clinician.units.empty': 'Don it leat vel čadnon makkárge ovttadahkii. Váldde oktavuođa iežat ovttadaga administráhtoriin.',
  'clinician.units.organisation': 'Fitnodat',
  'clinician.units.role': 'Rolla',
  'clinician.units.admin': 'Administráhtor',

  'unitKind.gp_office': 'Fásttadoaktárkantuvra',
  'unitKind.hospital_department': 'Buohccevistti ossodat',
  'unitKind.home_care': 'Ruovttubálvalus',
  'unitKind.other': 'Eará dearvvašvuođabálvalus',

  'contactSource.gp_list': 'Fásttadoaktárlistu',
  'contactSource.care_right': 'Vuoigatvuohta dearvvašvuođaveahkkái',
  'contactSource.municipal_service': 'Gieldda bálvalus',
  'contactSource.manual': 'Ovttadat lasihan',

  'staffRole.doctor': 'Doavttir',
  'staffRole.nurse': 'Buohccedivšu',
  'staffRole.secretary': 'Čálli',
  'staffRole.coordinator': 'Koordináhtor',

  'error.sessionTitle': 'Don it leat sisačálihan',
  'error.sessionExpired': 'Du čoahkkin lea nohkan. Čálit sisa ođđasit joatkin dihte.',
  'error.notLoggedIn': 'Don fertet čálihit sisa oaidnin dihte dán siiddu.',
  'error.toFrontPage': 'Mana ovdasiidui čálihit sisa',
  'error.title': 'Juoga manai boastut',
  'error.generic': 'Eat nagodan viežžat sisdoalu. Geahččal ođđasit veaháš maŋŋil.',
  'error.network': 'Eat oaččo oktavuođa bálvalussii. Dárkkis neahttaoktavuođa ja geahččal ođđasit.',
  'error.retry': 'Geahččal ođđasit',
  'error.logoutFailed': 'Olggosčáliheapmi ii lihkostuvvan',

  'notFound.docTitle': 'Siidu ii gávdnon – helsedialog',
  'notFound.title': 'Siidu ii gávdnon',
  'notFound.text': 'Siidu ii gávdno, dahje dat lea sirdojuvvon.',
  'notFound.home': 'Ovdasiidui',
  'notFound.itemTitle': 'Ii gávdnon dat maid ohcet',
  ...dialogSe,
  ...representationSe,
  ...errorsSe,
  ...appointmentsSe,
  ...lettersSe,
  ...journalSe,
  ...notifyAdminSe,
  ...formsSe,
  ...recordsSe,
  ...statisticsSe,
  ...campaignsSe,
  ...calendarSe,
  ...inboxSe,
  ...rulesSe,
  ...tasksSe,
};
