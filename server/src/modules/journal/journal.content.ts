/**
 * What is documented for an outbox item, in the unit's protocol: a KITH MsgHead 1.2 carrying a
 * Dialogmelding 1.1, or a FHIR R4 transaction Bundle. The item id is the stable id in both
 * (MsgHead MsgId, Bundle.id and the resource identifier), so the EPJ can drop duplicates.
 */
import { fhirAppointmentStatus } from '@helsedialog/core';
import type {
  Appointment,
  Attachment,
  Binary,
  Bundle,
  BundleEntry,
  Communication,
  DocumentReference,
  Organization,
  Patient,
  Practitioner,
  QuestionnaireResponse,
  Reference,
  RelatedPerson,
} from '@medplum/fhirtypes';
import type { Db } from '../../platform/db.ts';
import type { DialogKind } from '../../platform/db-types.ts';
import '../appointments/appointments.tables.ts';
import '../letters/letters.tables.ts';
import { DIALOG_CODES, buildDialogMessage, type DialogAttachment, type DialogContent, type DialogMsgType, type Party } from './kith/msghead.ts';
import { OID, type KithCode } from './kith/xml.ts';
import type { EpjEndpoint, ItemRow } from './journal.repository.ts';
import type { AppointmentSnapshot } from './journal.tables.ts';
import '../forms/forms.tables.ts';
import { responsePdf, responseText } from '../forms/render.ts';

/** Identifier systems used in what we send (national OIDs for people, ours for our objects). */
export const SYSTEMS = {
  fnr: 'urn:oid:2.16.578.1.12.4.1.4.1',
  dnr: 'urn:oid:2.16.578.1.12.4.1.4.2',
  hpr: 'urn:oid:2.16.578.1.12.4.1.4.4',
  her: 'urn:oid:2.16.578.1.12.4.1.2',
  uri: 'urn:ietf:rfc:3986',
  thread: 'https://helsedialog.no/fhir/NamingSystem/thread',
  appointment: 'https://helsedialog.no/fhir/NamingSystem/appointment',
  letter: 'https://helsedialog.no/fhir/NamingSystem/letter',
  formResponse: 'https://helsedialog.no/fhir/NamingSystem/form-response',
  dialogKind: 'https://helsedialog.no/fhir/CodeSystem/dialog-kind',
} as const;

/** Our own HER-id placeholder until the platform's address-register entry is configured (settings.senderHerId). */
export const DEFAULT_SENDER = { organisationName: 'Helsedialog', herId: '8142519' };

/** MsgHead type per thread kind (README of kith/schemas). */
export const MSG_TYPE_BY_KIND: Record<DialogKind, DialogMsgType> = {
  ekontakt: 'DIALOG_INNBYGGER_EKONTAKT',
  journalkopi: 'DIALOG_INNBYGGER_EKONTAKT',
  ekonsultasjon: 'DIALOG_INNBYGGER_EKONSULTASJON',
  fornyresept: 'DIALOG_INNBYGGER_RESEPTFORNYELSE',
  standarddialog: 'DIALOG_INNBYGGER_KOORDINATOR',
};

/**
 * 7601 "Henvendelse": the general request type (renewals use RF); also the topic of notes that
 * have no own code (appointment notes, letters). A code always goes with its own display name.
 */
const HENVENDELSE: KithCode = { v: 'HE', s: `${OID}7601`, dn: 'Henvendelse' };

/** A built payload, ready for a transport. */
export type Payload =
  { protocol: 'kith'; xml: string; messageType: string; fromHerId: string; toHerId: string } | { protocol: 'fhir'; bundle: Bundle };

/** Thrown when the item cannot become a valid message (e.g. the unit has no HER-id): staff must fix and resend. */
export class PayloadError extends Error {}

async function context(db: Db, item: ItemRow) {
  const person = await db
    .selectFrom('persons')
    .select(['national_id', 'given_name', 'family_name'])
    .where('id', '=', item.citizen_id)
    .executeTakeFirstOrThrow();
  const unit = await db
    .selectFrom('units as u')
    .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
    .select(['u.name', 'u.her_id', 'o.name as org_name'])
    .where('u.id', '=', item.unit_id)
    .executeTakeFirstOrThrow();
  // ConversationRef: the first and the previous item of the same thread.
  const earlier = await db
    .selectFrom('journal_items')
    .select(['id', 'seq', 'snapshot'])
    .where('order_key', '=', item.order_key)
    .where('seq', '<', item.seq)
    .orderBy('seq')
    .execute();
  return { person, unit, first: earlier[0]?.id, previous: earlier.at(-1)?.id, previousSnapshot: earlier.at(-1)?.snapshot ?? null };
}

/** Builds the payload of an item for the endpoint's protocol. */
export async function buildPayload(db: Db, item: ItemRow, ep: EpjEndpoint): Promise<Payload> {
  const c = await context(db, item);
  if (item.object_type === 'message') return messagePayload(db, item, ep, c);
  if (item.object_type === 'appointment') return appointmentPayload(db, item, ep, c);
  if (item.object_type === 'letter') return letterPayload(db, item, ep, c);
  if (item.object_type === 'form_response') return formResponsePayload(db, item, ep, c);
  throw new PayloadError(`Cannot document objects of type ${item.object_type}.`);
}

type Ctx = Awaited<ReturnType<typeof context>>;

function receiverParty(ep: EpjEndpoint, c: Ctx): Party {
  const unitHer = c.unit.her_id ?? undefined;
  const orgHer = ep.settings.receiverHerId;
  if (orgHer && unitHer) return { organisationName: c.unit.org_name, herId: orgHer, unitName: c.unit.name, unitHerId: unitHer };
  const her = orgHer ?? unitHer;
  if (!her)
    throw new PayloadError(
      'The unit has no HER-id, so the EPJ cannot be addressed. Set the HER-id of the unit (or receiverHerId of its EPJ endpoint) and send again.',
    );
  return { organisationName: orgHer ? c.unit.org_name : c.unit.name, herId: her };
}

function kith(
  item: ItemRow,
  ep: EpjEndpoint,
  c: Ctx,
  type: DialogMsgType,
  description: string,
  content: DialogContent,
  attachments?: DialogAttachment[],
): Payload {
  const receiver = receiverParty(ep, c);
  const fromHerId = ep.settings.senderHerId ?? DEFAULT_SENDER.herId;
  const xml = buildDialogMessage({
    msgId: item.id,
    genDate: item.created_at,
    type,
    sender: { organisationName: ep.settings.senderName ?? DEFAULT_SENDER.organisationName, herId: fromHerId },
    receiver,
    patient: { nationalId: c.person.national_id, givenName: c.person.given_name, familyName: c.person.family_name },
    ...(c.first && c.previous ? { conversationRef: { refToParent: c.previous, refToConversation: c.first } } : {}),
    requestAppRec: true,
    contentDescription: description,
    content,
    ...(attachments?.length ? { attachments } : {}),
  });
  // On the bus the message goes to the most specific party (the unit when it has its own HER-id).
  return { protocol: 'kith', xml, messageType: type, fromHerId, toHerId: receiver.unitHerId ?? receiver.herId };
}

function patientRef(p: Ctx['person']): Reference<Patient> & { display: string } {
  return {
    identifier: { system: /^[4-7]/.test(p.national_id) ? SYSTEMS.dnr : SYSTEMS.fnr, value: p.national_id },
    display: `${p.given_name} ${p.family_name}`,
  };
}

/** The transaction Bundle of an item: its resource first, then any Binary it names. */
function bundle(item: ItemRow, ...entry: BundleEntry[]): Payload {
  return { protocol: 'fhir', bundle: { resourceType: 'Bundle', id: item.id, type: 'transaction', timestamp: item.created_at.toISOString(), entry } };
}

async function messagePayload(db: Db, item: ItemRow, ep: EpjEndpoint, c: Ctx): Promise<Payload> {
  const m = await db
    .selectFrom('messages as m')
    .innerJoin('threads as t', 't.id', 'm.thread_id')
    .leftJoin('staff as s', 's.id', 'm.author_staff_id')
    .leftJoin('persons as ap', 'ap.id', 'm.author_person_id')
    .select([
      'm.text',
      'm.seq',
      'm.author_kind',
      'm.created_at',
      'm.author_person_id',
      'm.on_behalf_of_id',
      't.id as thread_id',
      't.kind',
      't.topic',
      's.hpr_number',
      's.given_name as s_given',
      's.family_name as s_family',
      'ap.given_name as ap_given',
      'ap.family_name as ap_family',
    ])
    .where('m.id', '=', item.object_id)
    .executeTakeFirst();
  if (!m) throw new PayloadError('The message no longer exists.');
  // Every attachment travels with its message: a base64 Document in the MsgHead, or a
  // Communication payload with the data (Buffer.from: PGlite hands bytea back as a Uint8Array).
  const files = (
    await db
      .selectFrom('attachments')
      .select(['filename', 'content_type', 'size_bytes', 'data', 'created_at'])
      .where('message_id', '=', item.object_id)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
  ).map((a) => ({ ...a, data: Buffer.from(a.data) }));
  const byRepresentative = m.author_kind === 'citizen' && m.author_person_id && m.author_person_id !== item.citizen_id;
  const text = byRepresentative ? `${m.text}\n\n(Skrevet av ${m.ap_given} ${m.ap_family} på vegne av ${c.person.given_name} ${c.person.family_name})` : m.text;
  if (ep.protocol === 'kith') {
    const type = MSG_TYPE_BY_KIND[m.kind];
    const listed = files.length ? `${text}\n\nVedlegg: ${files.map((f) => f.filename).join(', ')}` : text;
    // A citizen's renewal request is TypeForesp 7601 RF; the unit's answer to it a Notat with
    // TemaKodet 7602 14 "Resept er fornyet" (README of kith/schemas); everything else Henvendelse.
    const code = m.kind !== 'fornyresept' ? HENVENDELSE : m.author_kind === 'citizen' ? DIALOG_CODES.reseptfornyelse : DIALOG_CODES.reseptErFornyet;
    const content: DialogContent =
      m.author_kind === 'citizen'
        ? { kind: 'foresporsel', typeForesp: code, emneSporsmal: m.topic, sporsmal: listed }
        : {
            kind: 'notat',
            temaKodet: code,
            tema: m.topic,
            tekstNotatInnhold: listed,
            datoNotat: m.created_at,
            ...(m.hpr_number
              ? {
                  roles: [
                    {
                      healthcareProfessional: {
                        hprNumber: m.hpr_number,
                        ...(m.s_given ? { givenName: m.s_given } : {}),
                        ...(m.s_family ? { familyName: m.s_family } : {}),
                      },
                    },
                  ],
                }
              : {}),
          };
    return kith(
      item,
      ep,
      c,
      type,
      m.topic,
      content,
      files.map((f) => ({ mimeType: f.content_type, description: f.filename, data: f.data })),
    );
  }
  const patient = patientRef(c.person);
  const unitRef: Reference<Organization> = { ...(c.unit.her_id ? { identifier: { system: SYSTEMS.her, value: c.unit.her_id } } : {}), display: c.unit.name };
  const staffRef: Reference<Practitioner | Organization> = m.hpr_number ? { identifier: { system: SYSTEMS.hpr, value: m.hpr_number }, display: `${m.s_given} ${m.s_family}` } : unitRef;
  const citizenSender: Reference<Patient | RelatedPerson> = byRepresentative ? { display: `${m.ap_given} ${m.ap_family} på vegne av ${patient.display}` } : patient;
  const communication: Communication = {
    resourceType: 'Communication',
    identifier: [{ system: SYSTEMS.uri, value: `urn:uuid:${item.id}` }],
    partOf: [{ identifier: { system: SYSTEMS.thread, value: m.thread_id } }],
    status: 'completed',
    category: [{ coding: [{ system: SYSTEMS.dialogKind, code: m.kind }] }],
    subject: patient,
    topic: { text: m.topic },
    sent: m.created_at.toISOString(),
    sender: m.author_kind === 'citizen' ? citizenSender : staffRef,
    recipient: [m.author_kind === 'citizen' ? unitRef : patient],
    payload: [
      { contentString: text },
      ...files.map((f): { contentAttachment: Attachment } => ({
        contentAttachment: {
          contentType: f.content_type,
          data: f.data.toString('base64'),
          title: f.filename,
          size: f.size_bytes,
          creation: f.created_at.toISOString(),
        },
      })),
    ],
  };
  return bundle(item, {
    fullUrl: `urn:uuid:${item.id}`,
    resource: communication,
    request: { method: 'POST', url: 'Communication', ifNoneExist: `identifier=${SYSTEMS.uri}|urn:uuid:${item.id}` },
  });
}

const TYPE_NB = { in_person: 'oppmøte', video: 'video', phone: 'telefon', home_visit: 'hjemmebesøk' } as const;

/** The patient's answer to an appointment, as the note says it. */
const ANSWER_NB = {
  confirm: 'Pasienten bekrefter oppmøte',
  change: 'Pasienten ber om å endre timen',
  video: 'Pasienten ber om video i stedet',
  phone: 'Pasienten ber om telefon i stedet',
  not_needed: 'Pasienten trenger ikke timen lenger',
} as const;

/** What happened at an appointment event, in the words of the note. */
function appointmentEvent(eventType: string, a: AppointmentSnapshot, before: AppointmentSnapshot | null): string {
  if (a.status === 'cancelled') return `Avlyst (${a.cancelledBy === 'citizen' ? 'av pasienten' : 'av enheten'})${a.cancelReason ? `: ${a.cancelReason}` : ''}`;
  if (a.status === 'completed') return 'Gjennomført';
  if (a.status === 'not_attended') return 'Ikke møtt';
  if (eventType === 'appointment.answered' && a.answer)
    return `${ANSWER_NB[a.answer]}${a.answerText ? `: ${a.answerText}` : ''}`;
  if (eventType === 'appointment.checked_in' && a.checkedInAt)
    return `Pasienten har sjekket inn ved ankomst kl. ${new Date(a.checkedInAt).toLocaleTimeString('nb-NO', { timeZone: 'Europe/Oslo', timeStyle: 'short' })}`;
  if (eventType === 'appointment.changed') {
    const was = [
      ...(before && before.startsAt !== a.startsAt ? [osloWhen(new Date(before.startsAt))] : []),
      ...(before?.timebook && a.timebook && before.timebook !== a.timebook ? [`i timeboken ${before.timebook}, nå ${a.timebook}`] : []),
    ];
    return was.length ? `Flyttet (var ${was.join(', ')})` : 'Endret';
  }
  return 'Avtalt';
}

const osloWhen = (d: Date) => d.toLocaleString('nb-NO', { timeZone: 'Europe/Oslo', dateStyle: 'full', timeStyle: 'short' });

/**
 * An appointment note tells its own event: the state kept with the item when the event happened
 * (items written before snapshots existed fall back to the appointment as it is now).
 */
async function appointmentPayload(db: Db, item: ItemRow, ep: EpjEndpoint, c: Ctx): Promise<Payload> {
  let a = item.snapshot;
  if (!a) {
    const row = await db.selectFrom('appointments').selectAll().where('id', '=', item.object_id).executeTakeFirst();
    if (!row) throw new PayloadError('The appointment no longer exists.');
    a = {
      title: row.title,
      type: row.type,
      status: row.status,
      startsAt: row.starts_at.toISOString(),
      endsAt: row.ends_at.toISOString(),
      location: row.location,
      cancelledBy: row.cancelled_by,
      cancelReason: row.cancel_reason,
    };
  }
  const startsAt = new Date(a.startsAt);
  const what = appointmentEvent(item.event_type, a, c.previousSnapshot);
  if (ep.protocol === 'kith') {
    const text = `${a.title}\n${osloWhen(startsAt)} (${TYPE_NB[a.type]})${a.location ? `\nSted: ${a.location}` : ''}\nStatus: ${what}`;
    return kith(item, ep, c, 'DIALOG_INNBYGGER_TIMER', 'Timeavtale', {
      kind: 'notat',
      temaKodet: HENVENDELSE,
      tema: `Timeavtale: ${a.title}`,
      tekstNotatInnhold: text,
      datoNotat: startsAt,
    });
  }
  const appointment: Appointment = {
    resourceType: 'Appointment',
    identifier: [{ system: SYSTEMS.appointment, value: item.object_id }],
    status: fhirAppointmentStatus(a.status),
    ...(a.status === 'cancelled' && a.cancelReason ? { cancelationReason: { text: a.cancelReason } } : {}),
    appointmentType: { text: TYPE_NB[a.type] },
    description: a.title,
    comment: what,
    start: a.startsAt,
    end: a.endsAt,
    participant: [{ actor: patientRef(c.person), status: 'accepted' }],
  };
  return bundle(item, {
    fullUrl: `urn:uuid:${item.id}`,
    resource: appointment,
    request: { method: 'PUT', url: `Appointment?identifier=${SYSTEMS.appointment}|${item.object_id}` },
  });
}

/**
 * A patient letter: KITH — a Dialogmelding Notat (MsgHead type DIALOG_NOTAT) with the letter's
 * text, and for a PDF letter the PDF as a base64 attachment Document; FHIR — a DocumentReference
 * with the PDF (or the rendered text of a template letter) as its attachment.
 */
async function letterPayload(db: Db, item: ItemRow, ep: EpjEndpoint, c: Ctx): Promise<Payload> {
  const l = await db
    .selectFrom('letters as l')
    .leftJoin('staff as s', 's.id', 'l.sent_by')
    .select([
      'l.id',
      'l.kind',
      'l.title',
      'l.body',
      'l.pdf_filename',
      'l.pdf_data',
      'l.sent_at',
      's.hpr_number',
      's.given_name as s_given',
      's.family_name as s_family',
    ])
    .where('l.id', '=', item.object_id)
    .executeTakeFirst();
  if (!l) throw new PayloadError('The letter no longer exists.');
  // Buffer.from: PGlite hands bytea back as a plain Uint8Array.
  const pdf = l.kind === 'pdf' && l.pdf_data ? { filename: l.pdf_filename ?? 'brev.pdf', data: Buffer.from(l.pdf_data) } : undefined;
  if (ep.protocol === 'kith') {
    const text = pdf ? `${l.title}\n\nBrevet er sendt til pasienten som PDF (${pdf.filename}), vedlagt denne meldingen.` : (l.body ?? l.title);
    return kith(
      item,
      ep,
      c,
      'DIALOG_NOTAT',
      `Brev til pasient: ${l.title}`,
      {
        kind: 'notat',
        temaKodet: HENVENDELSE,
        tema: `Brev til pasient: ${l.title}`,
        tekstNotatInnhold: text,
        datoNotat: l.sent_at,
        ...(l.hpr_number
          ? {
              roles: [
                {
                  healthcareProfessional: {
                    hprNumber: l.hpr_number,
                    ...(l.s_given ? { givenName: l.s_given } : {}),
                    ...(l.s_family ? { familyName: l.s_family } : {}),
                  },
                },
              ],
            }
          : {}),
      },
      pdf ? [{ mimeType: 'application/pdf', description: pdf.filename, data: pdf.data }] : undefined,
    );
  }
  const attachment: Attachment = pdf
    ? { contentType: 'application/pdf', data: pdf.data.toString('base64'), title: pdf.filename, creation: l.sent_at.toISOString() }
    : {
        contentType: 'text/plain; charset=utf-8',
        data: Buffer.from(l.body ?? l.title, 'utf8').toString('base64'),
        title: l.title,
        creation: l.sent_at.toISOString(),
      };
  const documentReference: DocumentReference = {
    resourceType: 'DocumentReference',
    identifier: [
      { system: SYSTEMS.uri, value: `urn:uuid:${item.id}` },
      { system: SYSTEMS.letter, value: l.id },
    ],
    status: 'current',
    type: { text: 'Brev til pasient' },
    subject: patientRef(c.person),
    date: l.sent_at.toISOString(),
    author: [{ type: 'Organization', ...(c.unit.her_id ? { identifier: { system: SYSTEMS.her, value: c.unit.her_id } } : {}), display: c.unit.name }],
    description: l.title,
    content: [{ attachment }],
  };
  return bundle(item, {
    fullUrl: `urn:uuid:${item.id}`,
    resource: documentReference,
    request: { method: 'POST', url: 'DocumentReference', ifNoneExist: `identifier=${SYSTEMS.uri}|urn:uuid:${item.id}` },
  });
}

/**
 * A submitted form response: FHIR — a QuestionnaireResponse (questionnaire = canonical
 * url|version, subject and source the patient, author the person who filled it in); KITH — a
 * Dialogmelding Notat with the answers as a readable note and a PDF rendering attached.
 */
async function formResponsePayload(db: Db, item: ItemRow, ep: EpjEndpoint, c: Ctx): Promise<Payload> {
  const r = await db
    .selectFrom('form_responses as r')
    .innerJoin('form_versions as v', 'v.id', 'r.version_id')
    .innerJoin('forms as f', 'f.id', 'v.form_id')
    .leftJoin('persons as sp', 'sp.id', 'r.submitted_by_person_id')
    .select([
      'r.id',
      'r.items',
      'r.scores',
      'r.recommendation',
      'r.submitted_at',
      'r.submitted_by_person_id',
      'r.thread_id',
      'v.questionnaire',
      'v.version',
      'f.url',
      'f.title',
      'sp.given_name as sp_given',
      'sp.family_name as sp_family',
    ])
    .where('r.id', '=', item.object_id)
    .where('r.status', '=', 'completed')
    .executeTakeFirst();
  if (!r || !r.submitted_at) throw new PayloadError('The form response no longer exists.');
  // The files the answers name travel with them, as a message's attachments do: each answer's
  // valueAttachment.url is `urn:uuid:<id>` of one of these (Buffer.from: PGlite's bytea).
  const files = (
    await db
      .selectFrom('form_attachments')
      .select(['id', 'filename', 'content_type', 'size_bytes', 'data'])
      .where('response_id', '=', r.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
  ).map((f) => ({ ...f, data: Buffer.from(f.data) }));
  const patient = patientRef(c.person);
  const byRepresentative = !!r.submitted_by_person_id && r.submitted_by_person_id !== item.citizen_id;
  const submitter = byRepresentative ? `${r.sp_given} ${r.sp_family}` : null;
  const qn = r.questionnaire;
  if (ep.protocol === 'kith') {
    const text = responseText(qn, r.items, {
      patient: patient.display,
      submitter,
      submittedAt: r.submitted_at,
      scores: r.scores,
      recommendation: r.recommendation,
      version: r.version,
    });
    const pdf = await responsePdf(`Skjema: ${r.title}`, text);
    const filename = `skjema-${r.id.slice(0, 8)}.pdf`;
    return kith(
      item,
      ep,
      c,
      'DIALOG_NOTAT',
      `Skjema fra pasient: ${r.title}`,
      {
        kind: 'notat',
        temaKodet: HENVENDELSE,
        tema: `Skjema fra pasient: ${r.title}`,
        tekstNotatInnhold: `${text}\n\nVedlegg: ${[filename, ...files.map((f) => f.filename)].join(', ')}`,
        datoNotat: r.submitted_at,
      },
      [
        { mimeType: 'application/pdf', description: filename, data: pdf },
        // The answers' files, each its own Document (RefDoc Id: the urn:uuid the answer names).
        ...files.map((f) => ({ mimeType: f.content_type, description: f.filename, id: `urn:uuid:${f.id}`, data: f.data })),
      ],
    );
  }
  const author = byRepresentative ? { display: `${submitter} på vegne av ${patient.display}` } : patient;
  const questionnaireResponse: QuestionnaireResponse = {
    resourceType: 'QuestionnaireResponse',
    identifier: { system: SYSTEMS.formResponse, value: r.id },
    questionnaire: `${r.url}|${r.version}`,
    status: 'completed',
    subject: patient,
    authored: r.submitted_at.toISOString(),
    author,
    source: patient,
    item: r.items,
  };
  const entry: BundleEntry<QuestionnaireResponse> = {
    fullUrl: `urn:uuid:${item.id}`,
    resource: questionnaireResponse,
    request: { method: 'POST', url: 'QuestionnaireResponse', ifNoneExist: `identifier=${SYSTEMS.formResponse}|${r.id}` },
  };
  // Each file answer as a Binary in the same transaction: its fullUrl is the urn:uuid the
  // answer's valueAttachment.url names, so the EPJ resolves the url to the Binary it stores.
  const binaries = files.map(
    (f): BundleEntry<Binary> => ({
      fullUrl: `urn:uuid:${f.id}`,
      resource: { resourceType: 'Binary', contentType: f.content_type, securityContext: { reference: `urn:uuid:${item.id}` }, data: f.data.toString('base64') },
      request: { method: 'POST', url: 'Binary' },
    }),
  );
  return bundle(item, entry, ...binaries);
}
