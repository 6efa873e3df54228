/**
 * Every domain event, as one discriminated union on `type` (docs/decisions.md 95). The schemas
 * are the single definition: the TypeScript types are inferred from them, `EventBus.publish`
 * accepts only a known type with its own fields, and the two places where an event comes back
 * from outside the process are parsed by them — the NOTIFY payload of live events
 * (platform/events.ts) and the event kept in a `notify.event` job (modules/notify).
 *
 * What happened, with ids, enums and flags only: never text, names or national ids. Every event
 * names the citizen it is about (`citizenId`; '' for unit-only events such as absence blocks),
 * the unit (`unitId`) and who caused it (`by`). A subscriber narrows with `switch (e.type)`; one
 * that decides for every event (journal, notifications, the access policy's event object) ends
 * its switch with `default: return unhandled(e)`, so a new event type does not compile until
 * each of them has decided what the event means to it.
 */
import { z } from 'zod';
import { AppointmentAnswerSchema, DialogKindSchema, PresenceSchema } from '@helsedialog/core';

const id = z.string().min(1);
/** Who caused it: the citizen side, the unit side, or the system (a job, an expiry, an escalation). */
const by = { citizen: z.literal('citizen'), unit: z.literal('unit'), system: z.literal('system') };
/** The fields of every event about a citizen. */
const about = { citizenId: id, unitId: id };
/** An event of a unit that concerns no citizen (absence blocks): citizenId is ''. */
const unitOnly = { citizenId: z.literal(''), unitId: id };
/** Set by the EPJ's FHIR API: the EPJ already has it in its record (the journal skips it). */
const fromEpj = z.literal('epj').optional();
/** Notify at once even in quiet hours (an appointment change close to its start). */
const urgent = z.boolean();

// ---- dialog

const messageCreated = z.discriminatedUnion('by', [
  z.object({
    type: z.literal('message.created'),
    ...about,
    threadId: id,
    messageId: id,
    by: by.unit,
    /** Reminded if still unread after NOTIFY_REMINDER_DAYS. */
    important: z.boolean(),
    source: fromEpj,
  }),
  z.object({
    type: z.literal('message.created'),
    ...about,
    threadId: id,
    messageId: id,
    by: by.citizen,
    /** Set on the message that started a thread. */
    kind: DialogKindSchema.optional(),
  }),
]);
const messageRead = z.object({ type: z.literal('message.read'), ...about, threadId: id, by: z.union([by.citizen, by.unit]) });
const threadUpdated = z.object({ type: z.literal('thread.updated'), ...about, threadId: id, by: z.union([by.unit, by.system]) });
/** Staff-only (`staff.*`, access/policy.ts isStaffOnlyEvent): who has a thread open or is writing in it. */
const staffPresence = z.object({ type: z.literal('staff.presence'), ...about, threadId: id, by: by.unit, staffId: id, state: PresenceSchema.shape.state });
/** Staff-only: a conversation came to `staffId` (modules/dialog/notices.ts). */
const staffNotice = z.object({
  type: z.literal('staff.notice'),
  ...about,
  threadId: id,
  by: z.union([by.unit, by.system]),
  staffId: id,
  notice: z.enum(['escalation', 'cover', 'assigned']),
});

// ---- documents

const letterSent = z.object({ type: z.literal('letter.sent'), ...about, letterId: id, by: by.unit, important: z.boolean() });
const letterRead = z.object({ type: z.literal('letter.read'), ...about, letterId: id, by: by.citizen });
/** A record item became visible to the citizen (released now, or its automatic release came). */
const recordReleased = z.object({ type: z.literal('record.released'), ...about, recordId: id, by: by.unit });
const toolSent = z.object({ type: z.literal('tool.sent'), ...about, toolAssignmentId: id, by: by.unit });
const formSent = z.object({ type: z.literal('form.sent'), ...about, formRequestId: id, by: by.unit });
/** A reminder of an unanswered form; `eventId` tells one reminder from the next. */
const formReminded = z.object({ type: z.literal('form.reminded'), ...about, formRequestId: id, by: by.unit, eventId: id });
/** A form answered: one the unit sent (formRequestId), or the form a new thread began with (threadId). */
const formSubmitted = z.union([
  z.object({ type: z.literal('form.submitted'), ...about, formRequestId: id, formResponseId: id, by: by.citizen }),
  z.object({ type: z.literal('form.submitted'), ...about, threadId: id, formResponseId: id, by: by.citizen }),
]);

// ---- appointments

const appointment = <T extends string>(type: T) => ({ type: z.literal(type), ...about, appointmentId: id });
/** The unit's side of an appointment change that may notify (urgent, maybe from the EPJ), or the citizen's own. */
const unitOrCitizen = <T extends string>(type: T) =>
  z.discriminatedUnion('by', [z.object({ ...appointment(type), by: by.unit, urgent, source: fromEpj }), z.object({ ...appointment(type), by: by.citizen })]);

const appointmentBooked = z.object({ ...appointment('appointment.booked'), by: by.citizen });
const appointmentAssigned = z.object({ ...appointment('appointment.assigned'), by: by.unit, urgent, source: fromEpj });
const appointmentChanged = unitOrCitizen('appointment.changed');
const appointmentCancelled = unitOrCitizen('appointment.cancelled');
const appointmentAnswered = z.object({ ...appointment('appointment.answered'), by: by.citizen, answer: AppointmentAnswerSchema });
const appointmentCheckedIn = z.object({ ...appointment('appointment.checked_in'), by: by.citizen });
const appointmentAnswerHandled = z.object({ ...appointment('appointment.answer_handled'), by: by.unit });
const appointmentCompleted = z.object({ ...appointment('appointment.completed'), by: by.unit });
/** A home visit carried out (appointment.completed of a home visit). */
const visitCompleted = z.object({ ...appointment('visit.completed'), by: by.unit });
const appointmentNotAttended = z.object({ ...appointment('appointment.not_attended'), by: by.unit });
/** A freed slot offered to a waitlisted citizen (offerId), or the unit answering a request with slots (requestId). */
const appointmentOffered = z.discriminatedUnion('by', [
  z.object({ type: z.literal('appointment.offered'), ...about, offerId: id, by: by.system, urgent }),
  z.object({ type: z.literal('appointment.offered'), ...about, requestId: id, by: by.unit, urgent }),
]);
const appointmentRequested = z.object({ type: z.literal('appointment.requested'), ...about, requestId: id, by: by.citizen });
const appointmentRequestDeclined = z.object({ type: z.literal('appointment.request_declined'), ...about, requestId: id, by: by.unit });
const slotBlocked = z.object({ type: z.literal('slot.blocked'), ...unitOnly, by: by.unit });
const slotUnblocked = z.object({ type: z.literal('slot.unblocked'), ...unitOnly, by: by.unit });

/**
 * Every domain event. One discriminated union on `type` (a lookup, not a trial of each member),
 * beside form.submitted, whose two forms share their `type` and `by` and so cannot be members.
 */
export const DomainEventSchema = z.union([
  z.discriminatedUnion('type', [
    messageCreated,
    messageRead,
    threadUpdated,
    staffPresence,
    staffNotice,
    letterSent,
    letterRead,
    recordReleased,
    toolSent,
    formSent,
    formReminded,
    appointmentBooked,
    appointmentAssigned,
    appointmentChanged,
    appointmentCancelled,
    appointmentAnswered,
    appointmentCheckedIn,
    appointmentAnswerHandled,
    appointmentCompleted,
    visitCompleted,
    appointmentNotAttended,
    appointmentOffered,
    appointmentRequested,
    appointmentRequestDeclined,
    slotBlocked,
    slotUnblocked,
  ]),
  formSubmitted,
]);

/** What happened, with ids only: one member per event type. */
export type DomainEvent = z.infer<typeof DomainEventSchema>;
export type EventType = DomainEvent['type'];
/** The event of one type. */
export type EventOf<T extends EventType> = Extract<DomainEvent, { type: T }>;

/** Sent to live listeners (never published) when events may have been missed: clients fetch again. */
export interface ResyncEvent {
  type: 'resync';
  citizenId: '';
  unitId: null;
  by: 'system';
}
/** What a live listener hears: a committed event, or a resync. */
export type LiveEvent = DomainEvent | ResyncEvent;

/** The end of a switch that decides for every event type: compiles only when no type is left. */
export function unhandled(e: never): never {
  throw new Error(`unhandled domain event ${(e as { type?: unknown }).type as string}`);
}
