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

  // Other areas' texts the shell and the start pages use (scripts/i18n-start.ts): they load with the shell.
  'appt.shortcut.for': 'Geahča {name} áiggiid',
  'appt.shortcut': 'Geahča iežat áiggiid',
  'appt.unitCard.link': 'Áiggit ja áigegirjjit',
  'rep.home.docTitle': '{name} dearvvašvuođaoktavuođat – helsedialog',
  'rep.home.title': '{name} dearvvašvuođaoktavuođat',
  'rep.home.intro': 'Dát leat dearvvašvuođabálvalusat maiguin {name} lea oktavuođas. Dan maid dagat dáppe, dagat {name} ovddas.',
  'dialog.contactCard.services': 'Bálvalusat ja dieđáhusat',
  'dialog.nav.messages': 'Dieđáhusat',
  'dialog.nav.unread': '{count} lohkkokeahtes',
  'forms.shortcut.open': 'Skovit ({count} deavdinláhkai)',
  'forms.shortcut': 'Skovit',
  'forms.unitCard.link': 'Skovit',
  'notify.shortcut': 'Várrehusat',
  'letters.shortcut.unread': 'Reivvet ({count} lohkkokeahtes)',
  'letters.shortcut': 'Reivvet',
  'letters.unitCard.link': 'Pasieantareivvet',
  'records.shortcut.documents': 'Dokumeanttat',
  'records.shortcut.referrals': 'Sáddagat',
  'records.shortcut.results': 'Iskosvástádusat',
  'records.shortcut.unread': '{label} ({count} ođđa)',
  'records.staff.link': 'Vástádusat ja dokumeanttat luoitima várás',
  'rep.noAccess.home': 'Álgosiidui',
  'rep.noAccess.title': 'Dus ii leat beassan {area} {name} ovddas',
  'rep.noAccess.titleGeneric': 'Dus ii leat beassan dása {name} ovddas',
  'rep.noAccess.parentYouth':
    'Go mánná lea 12 ja 16 jagi gaskka, váhnemat oidnet dušše dan masa dikšu lea addán sidjiide beassama. Nuorra ieš mearrida ollu das mii guoská iežas dearvvašvuhtii.',
  'rep.noAccess.poa': 'Fápmudus maid leat ožžon, ii guoskka {area}.',
  'rep.noAccess.generic': 'Beassan mii dus lea {name} ovddas, ii guoskka dása.',
  'rep.banner.back': 'Ruovttoluotta iežan lusa',
  'rep.area.contacts': 'dearvvašvuođaoktavuođat',
  'rep.area.dialog': 'dieđáhusat',
  'rep.area.appointments': 'áiggit',
  'rep.area.documents': 'reivvet ja dokumeanttat',
  'rep.ended.title': 'Dál doaimmat iežat ovddas',
  'rep.ended.named': 'It sáhte šat doaibmat {name} ovddas. Fápmudus dahje beassan lea loahpahuvvon.',
  'rep.ended.unnamed': 'It sáhte šat doaibmat dan ovddas gean válljejit. Fápmudus dahje beassan lea loahpahuvvon.',
  'rep.ended.dismiss': 'Gidde dieđu',
  'rep.banner.onBehalf': '{user} {subject} ovddas',
  'rep.bar.self': 'Don geavahat helsedialoga iežat ovddas.',
  'rep.switch.button': 'Molsso olbmo',
  'rep.switch.title': 'Doaimmat earáid ovddas',
  'rep.switch.intro': 'Vállje gean ovddas háliidat geavahit helsedialoga. Buot maid oainnát ja dagat dan maŋŋil, guoská dasa gean válljet.',
  'rep.switch.managePoa': 'Fápmudusat',
  'rep.switch.error': 'Eat nagodan molsut olbmo',
  'rep.switch.yourself': '{name} (don ieš)',
  'rep.switch.current': 'válljejuvvon dál',
  'rep.age': '{age} jagi',
  'rep.until': '{date} rádjái',
  'rep.relation.self': 'Don ieš',
  'rep.relation.parent': 'Du mánná',
  'rep.relation.poa': 'Fápmudus',
  'rep.coversAll': 'Guoská buot',
  'rep.covers': 'Guoská: {areas}',
  'rep.nav.label': 'Heivehusat ja sisaoaidnu',
  'rep.shortcut.poa': 'Fápmudusat',
  'log.titleFor': 'Geat leat geahččan {name} dieđuid',
  'rep.shortcut.accessLog': 'Geat leat geahččan du dieđuid',
  'pat.unitCard.link': 'Pasieanttat ja váhnenbeassan',
  'pap.openAdult': 'Pasieanta ja nuppástuvvi gulahallan',
  'tasks.shortcut.count': 'Bargguid ({count})',
  'tasks.shortcut': 'Bargguid',
  'tools.catalogue.link': 'Reaidokatalogá',
  // Staff notices (assigned, escalated, cover): shown by the shell's notice banner.
  'rules.notices.assigned': '{name} lea juolludan dutnje: {topic}',
  'rules.notices.escalation': 'Vástidanáigemearri lea mannan badjel: {topic}',
  'rules.notices.cover': 'Don válddát badjelasat kollegas ovddas: {topic}',
  'inbox.assigned.colleague': 'Bargoustit',

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
