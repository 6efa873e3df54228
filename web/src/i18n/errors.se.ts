/**
 * Server error texts by problem+json `code`, Northern Sami (spread into se.ts).
 * Best effort: needs native review before production (docs/languages.md).
 */
import type { ErrorMessageKey } from './errors.nb.ts';

export const errorsSe: Record<ErrorMessageKey, string> = {
  'problem.VALIDATION_FAILED': 'Muhtin das maid devdet, ii leat gustovaš. Geahča fas ja geahččal ođđasit.',
  'problem.BAD_REQUEST': 'Jearaldaga ii sáhttán meannudit. Viečča siiddu ođđasit ja geahččal ođđasit.',
  'problem.LOGIN_FAILED': 'Sisačáliheapmi ii sáhttán čađahuvvot. Geahččal ođđasit.',
  'problem.LOGIN_STATE_MISMATCH': 'Vástádus sisačáliheamis ii heivvehan dan sisačáliheapmái maid álggahit. Álggat sisačáliheami ođđasit.',
  'problem.LOGIN_NONCE_MISMATCH': 'Vástádus sisačáliheamis ii heivvehan dan sisačáliheapmái maid álggahit. Álggat sisačáliheami ođđasit.',
  'problem.LOGIN_CODE_INVALID': 'Sisačálihankoda lea juo geavahuvvon dahje nohkan. Álggat sisačáliheami ođđasit.',
  'problem.LOGIN_ACR_TOO_LOW':
    'Dearvvašvuođadieđut gáibidit sisačáliheami alla sihkarvuođadásis (BankID, Buypass dahje Commfides). Čálit sisa ođđasit ovttain dain.',
  'problem.LOGIN_ATTEMPT_EXPIRED': 'Sisačálihanliŋka lea nohkan dahje juo geavahuvvon. Álggat sisačáliheami ođđasit.',
  'problem.LOGIN_UNKNOWN_PERSON':
    'Eat gávdnan du helsedialogas. Jus leat ássi, sáhtát váldit oktavuođa iežat dearvvašvuođabálvalusain. Jus leat dearvvašvuođabargi, sáhtát jearrat iežat ovttadaga administráhtoris.',
  'problem.LOGIN_CANCELLED': 'Sisačáliheapmi gaskkalduvvui.',
  'problem.LOGIN_UNDER_OWN_ACCESS_AGE':
    'Mánát geat leat vuollel 12 jagi eai sáhte ieža čálihit sisa. Váhnen geas lea váhnenovddasvástádus sáhttá oaidnit ja geavahit máná dearvvašvuođabálvalusaid go čálihit sisa ja vállje máná.',
  'problem.UNAUTHENTICATED': 'Don it leat sisačálihan. Čálit sisa joatkin dihte.',
  'problem.SESSION_EXPIRED': 'Du čoahkkin lea nohkan. Čálit sisa ođđasit joatkin dihte.',
  'problem.CSRF_FAILED': 'Siiddu sihkarvuođačoavdda váilu dahje lea boaresmuvvan. Viečča siiddu ođđasit ja geahččal ođđasit.',
  'problem.FORBIDDEN': 'Dus ii leat beassan dása.',
  'problem.NOT_FOUND': 'Eat gávdnan dan maid ohcet, dahje dus ii leat beassan dasa.',
  'problem.CONFLICT': 'Dán ii sáhte dahkat nu go ášši dál lea. Viečča siiddu ođđasit ja geahča lea go juo dahkkon.',
  'problem.IDEMPOTENCY_KEY_REUSED': 'Jearaldat sáddejuvvui ođđasit eará sisdoaluin. Viečča siiddu ođđasit ja geahččal ođđasit.',
  'problem.PAYLOAD_TOO_LARGE': 'Dat maid geahččalat sáddet, lea menddo stuoris.',
  'problem.UNSUPPORTED_MEDIA_TYPE': 'Dákkár sisdoalu ii sáhte váldit vuostá dáppe.',
  'problem.RATE_LIMITED': 'Menddo ollu geahččalemiid. Vuorddes minuhta ja geahččal ođđasit.',
  'problem.INTERNAL': 'Juoga manai boastut min bealde. Geahččal ođđasit maŋŋelis.',
  'problem.UNAVAILABLE': 'Bálvalus ii leat olámuttos dál. Geahččal ođđasit moatti minuhta geažes.',
  'problem.SERVICE_OFF': 'Dikšobáiki ii fála dán bálvalusa dáppe dál.',
  'problem.CONTACT_INACTIVE': 'Dearvvašvuođaoktavuohta lea loahpahuvvon, nu ahte dán ii sáhte šat dahkat dáppe.',
  'problem.THREAD_CLOSED': 'Ságastallan lea loahpahuvvon iige váldde šat vuostá vástádusaid. Álggat ođđa dieđáhusa jus dárbbašat čállit.',
  'problem.CONVERSION_PENDING': 'Fertet vástidit gažaldahkii e-konsultašuvnna ja iešmávssu birra ovdal go ságastallan sáhttá joatkit.',
  'problem.NOT_CLINICIAN_ANSWER': 'Dušše doavttir sáhttá vástidit e-konsultašuvdnii. Sádde dieđáhusa merkekeahttá dan vástádussan.',
  'problem.FLEXIBLE_DIALOG_ENDED': 'Nuppástuvvi gulahallan lea loahpahuvvon, nu ahte it sáhte šat čállit eanet dieđáhusaid dáppe.',
  'problem.CANNOT_CLOSE_UNANSWERED':
    'Ášši ii sáhte vel loahpahuvvot: e-konsultašuvdna ferte ovdal vástiduvvot (vállje «Vástit ja gidde»), ja reseapta ođasmahttimis fertejit buot reseapttat mearriduvvot.',
  'problem.TOO_MANY_ATTACHMENTS': 'Sáhtát sáddet eanemusat {max} mielddusa ovttain dieđáhusain.',
  'problem.ATTACHMENT_TOO_LARGE': 'Okta mielddus lea stuorát go {mb} MB.',
  'problem.ATTACHMENT_TOO_LARGE.file': 'Fiila «{name}» lea stuorát go {mb} MB.',
  'problem.ATTACHMENT_TYPE_NOT_ALLOWED': 'Okta mielddus ii leat PDF, JPEG iige PNG. Dušše dakkár fiillat sáhttet leat mielddusin.',
  'problem.ATTACHMENT_TYPE_NOT_ALLOWED.file': 'Fiila «{name}» ii leat PDF, JPEG iige PNG. Dušše dakkár fiillat sáhttet leat mielddusin.',
  'problem.NOT_UNIT_ADMIN': 'Dušše ovttadaga administráhtor sáhttá dahkat dán.',
  'problem.REPRESENTATION_ENDED': 'Dus ii leat šat vejolašvuohta doaibmat dán olbmo ovddas. Dál doaimmat iežat ovddas.',
  'problem.REPRESENTATION_AREA': 'Dus ii leat beassan dása dan olbmo ovddas gean ovddas doaimmat.',
  'problem.SELF_ONLY': 'Dušše olmmoš ieš sáhttá dahkat dán. Molsso doaibmat iežat ovddas vuos.',
  'problem.TOO_YOUNG': 'Don fertet leat 16 jagi dahje boarrásat dahkat dán.',
  'problem.SLOT_TAKEN': 'Áigi ii leat šat rabas. Vállje eará áiggi.',
  'problem.SLOT_IN_PAST': 'Áigi lea juo vássán. Vállje maŋit áiggi.',
  'problem.CANCEL_TOO_LATE': 'Lea menddo maŋŋit šluhttet neahtas. Váldde njuolga oktavuođa dikšobáikkiin.',
  'problem.APPOINTMENT_NOT_ACTIVE': 'Áigi lea šluhttejuvvon dahje juo čađahuvvon, nu ahte dan ii sáhte rievdadit.',
  'problem.VIDEO_NOT_OPEN': 'Videolatnja rahpasa 15 minuhta ovdal áiggi. Boađe ruovttoluotta dalle.',
  'problem.OFFER_NOT_OPEN': 'Fálaldat ii leat šat rabas: dasa lea vástiduvvon dahje dat lea nohkan. Oza eará áiggi.',
  'problem.TIME_NOT_IN_OSLO': 'Diibmoáigi ii gávdno Norgga áiggis (diibmu njuiku diimmu badjel go geasseáigi álgá). Vállje eará áiggi.',
  'problem.CONTACT_DETAILS_MISSING':
    'Don it leat registreren oktavuođadieđuid mat dárbbašuvvojit dán várrehussii. Registrere daid Oktavuođa- ja várrenregistarii (KRR), dahje vállje eará vuogi oažžut várrehusa.',
  'problem.LETTER_NOT_PDF': 'Reivve sáhttá sáddet dušše ovtta PDF-fiilan.',
  'problem.ATTACHMENT_MALWARE': 'Virusskánner bisehii ovtta fiillain. Dat ii vurkejuvvon. Dárkkis fiilla ja geahččal eará fiillain.',
  'problem.TIME_CONFLICT': 'Áigi manná badjel áiggi mii juo gávdno. Vállje áiggi mii ii mana badjel.',
  'problem.NOT_STARTED': 'Áigi ii leat vel álgán. Dan sáhttá merket čađahuvvon álgináiggi rájes.',
  'problem.LETTER_NOT_PDF.file': 'Fiila «{name}» ii leat PDF. Reivve sáhttá sáddet dušše PDF-fiilan.',
  'problem.loginUnknown': 'Sisačáliheapmi ii lihkostuvvan. Geahččal ođđasit.',
};
