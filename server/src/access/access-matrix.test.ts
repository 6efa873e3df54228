/**
 * The authorisation matrix: every route of the OpenAPI document × every kind of caller × the
 * states of the object it names (own, foreign, hidden from parents, a youth's own) → allowed or
 * denied, and denied the right way (401 without a session, 403 with a reason for a role or area
 * the caller lacks, 404 for objects the caller may not know about). The expectations are written
 * here, independently of access/policy.ts. A route without an entry in ROUTES fails the test.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createContact, createStaff, createUnit, enableServices } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/harness.ts';
import { login, TestClient, type Res } from '../test/http-client.ts';
import { makeSlot, setServices } from '../modules/appointments/appointments.fixtures.ts';

type Area = 'contacts' | 'dialog' | 'appointments' | 'documents';
type State = 'own' | 'foreign' | 'hidden' | 'youthOwn';
type Actor = 'self' | 'parentOfChild' | 'parentOfYouth' | 'parentOfYouthGranted' | 'poaNarrow' | 'poaRevoked' | 'staffOfUnit' | 'staffOfOther' | 'none';
const ACTORS: Actor[] = ['self', 'parentOfChild', 'parentOfYouth', 'parentOfYouthGranted', 'poaNarrow', 'poaRevoked', 'staffOfUnit', 'staffOfOther', 'none'];

/** What each citizen actor's representation covers (written here, not read from the server). */
const AREAS: Partial<Record<Actor, Area[]>> = {
  self: ['contacts', 'dialog', 'appointments', 'documents'],
  parentOfChild: ['contacts', 'dialog', 'appointments', 'documents'],
  parentOfYouth: ['contacts', 'appointments'],
  parentOfYouthGranted: ['contacts', 'appointments', 'dialog'],
  poaNarrow: ['contacts', 'documents'],
};
const PARENTS: Actor[] = ['parentOfChild', 'parentOfYouth', 'parentOfYouthGranted'];

/** The object a route names through a path parameter, and how the matrix fills it. */
type Obj = 'appointment' | 'thread' | 'letter' | 'contact' | 'slot' | 'waitlist' | 'unit' | 'tool' | 'random';
interface Entry {
  caller: 'citizen' | 'staff' | 'public' | 'session' | 'epj';
  /** The area a citizen representative needs (null: any citizen session may call it). */
  area?: Area | null;
  /** What the path parameter names; states are run for it. */
  obj?: Obj;
  /** A valid body for writes (denied cells must fail on access, not on validation). */
  body?: unknown;
  /** Parents of 12–15 see only threads they started (dialog objects). */
  youthOwnOnly?: boolean;
  /** Access log: never for parents of 12–15. */
  notForYouthParents?: boolean;
  /** Only the person themselves (giving a power of attorney). */
  selfOnly?: boolean;
  /** An allowed call may still answer 404 (a PDF or attachment that does not exist). */
  mayBeMissing?: boolean;
  /** A valid query string, where the route needs one. */
  query?: string;
  /** Staff routes not about one unit: any staff member may call them. */
  anyStaff?: boolean;
  /** About the signed-in person themselves (own settings, own powers of attorney): any citizen session. */
  ownPerson?: boolean;
}

const thread = { kind: 'ekontakt', topic: 'Annet', text: 'Matrise' };
const ROUTES: Record<string, Entry> = {
  'GET /api/health': { caller: 'public' },
  'GET /api/me': { caller: 'session' },
  'GET /api/session': { caller: 'public' },
  'POST /api/auth/logout': { caller: 'session' },
  'PUT /api/me/language': { caller: 'session', body: { language: 'nn' } },
  'GET /api/events': { caller: 'session' },
  'PUT /api/integration/population/person': { caller: 'epj' },
  'GET /api/dev/mailbox': { caller: 'public' },
  // Citizen: the subject is always the session's chosen person.
  'GET /api/citizen/contacts': { caller: 'citizen', area: 'contacts' },
  'GET /api/citizen/contacts/{contactId}/services': { caller: 'citizen', area: 'dialog', obj: 'contact' },
  'GET /api/citizen/contacts/{contactId}/prescriptions': { caller: 'citizen', area: 'dialog', obj: 'contact' },
  'GET /api/citizen/threads': { caller: 'citizen', area: 'dialog' },
  'GET /api/citizen/unread': { caller: 'citizen', area: 'dialog' },
  'POST /api/citizen/contacts/{contactId}/threads': { caller: 'citizen', area: 'dialog', obj: 'contact', body: thread },
  'GET /api/citizen/threads/{threadId}': { caller: 'citizen', area: 'dialog', obj: 'thread', youthOwnOnly: true },
  'GET /api/citizen/threads/{threadId}/pdf': { caller: 'citizen', area: 'dialog', obj: 'thread', youthOwnOnly: true },
  'POST /api/citizen/threads/{threadId}/messages': { caller: 'citizen', area: 'dialog', obj: 'thread', youthOwnOnly: true, body: { text: 'Svar' } },
  'PUT /api/citizen/threads/{threadId}/archive': { caller: 'citizen', area: 'dialog', obj: 'thread', youthOwnOnly: true },
  'DELETE /api/citizen/threads/{threadId}/archive': { caller: 'citizen', area: 'dialog', obj: 'thread', youthOwnOnly: true },
  'POST /api/citizen/threads/{threadId}/conversion': { caller: 'citizen', area: 'dialog', obj: 'thread', youthOwnOnly: true, body: { accept: true } },
  'GET /api/citizen/attachments/{attachmentId}': { caller: 'citizen', area: 'dialog', obj: 'random', mayBeMissing: true },
  'GET /api/citizen/notification-settings': { caller: 'citizen', area: null, ownPerson: true },
  'PUT /api/citizen/notification-settings': { caller: 'citizen', area: null, ownPerson: true, body: { channel: 'sms', reminders: true, visits: true } },
  'GET /api/citizen/letters': { caller: 'citizen', area: 'documents' },
  'GET /api/citizen/tasks': { caller: 'citizen' },
  'GET /api/citizen/tool-assignments/{assignmentId}': { caller: 'citizen', area: 'documents', obj: 'tool' },
  'PUT /api/citizen/tool-assignments/{assignmentId}/done': { caller: 'citizen', area: 'documents', obj: 'tool', body: { done: true } },
  // Record lists: a parent of a 12–15-year-old may list them too (metadata only, where the unit
  // chose it; records-access.test.ts checks what they see), so no area refuses anyone here.
  'GET /api/citizen/records': { caller: 'citizen', area: null, query: '?kind=result' },
  'GET /api/citizen/records/analyses/{code}': { caller: 'citizen', area: 'documents', obj: 'random' },
  'GET /api/citizen/records/{recordId}': { caller: 'citizen', area: 'documents', obj: 'random' },
  'GET /api/citizen/records/{recordId}/pdf': { caller: 'citizen', area: 'documents', obj: 'random' },
  'POST /api/citizen/records/{recordId}/ask': { caller: 'citizen', area: 'documents', obj: 'random', body: { text: 'Hva betyr dette?' } },
  'GET /api/staff/units/{unitId}/records/awaiting-release': { caller: 'staff', obj: 'unit' },
  'POST /api/staff/records/{recordId}/release': { caller: 'staff', obj: 'random', body: {} },
  'GET /api/staff/units/{unitId}/records/policy': { caller: 'staff', obj: 'unit' },
  'PUT /api/staff/units/{unitId}/records/policy': {
    caller: 'staff',
    obj: 'unit',
    body: { parentsOfYouthMetadata: false, categories: [{ category: 'lab', mode: 'automatic', autoAfterDays: null }] },
  },
  'GET /api/citizen/letters/{letterId}': { caller: 'citizen', area: 'documents', obj: 'letter' },
  'GET /api/citizen/letters/{letterId}/pdf': { caller: 'citizen', area: 'documents', obj: 'letter', mayBeMissing: true },
  'GET /api/citizen/access-log': { caller: 'citizen', area: 'documents', notForYouthParents: true },
  'GET /api/citizen/powers-of-attorney': { caller: 'citizen', area: null, ownPerson: true },
  'POST /api/citizen/powers-of-attorney': { caller: 'citizen', area: null, selfOnly: true, body: { holderNationalId: '01017012345', areas: ['all'] } },
  'POST /api/citizen/powers-of-attorney/{id}/revoke': { caller: 'citizen', area: null, ownPerson: true, obj: 'random' },
  'GET /api/citizen/representations': { caller: 'citizen', area: null, ownPerson: true },
  'PUT /api/citizen/acting-for': { caller: 'citizen', area: null, ownPerson: true, body: { personId: randomUUID() } },
  'GET /api/citizen/appointments': { caller: 'citizen', area: 'appointments' },
  'GET /api/citizen/appointments/{appointmentId}': { caller: 'citizen', area: 'appointments', obj: 'appointment' },
  'GET /api/citizen/appointments/{appointmentId}/video': { caller: 'citizen', area: 'appointments', obj: 'appointment' },
  'GET /api/citizen/appointments/{appointmentId}/ics': { caller: 'citizen', area: 'appointments', obj: 'appointment' },
  'POST /api/citizen/appointments/{appointmentId}/cancel': { caller: 'citizen', area: 'appointments', obj: 'appointment', body: {} },
  'POST /api/citizen/appointments/{appointmentId}/dialog': {
    caller: 'citizen',
    area: 'appointments',
    obj: 'appointment',
    body: { intent: 'question', text: 'Hei' },
  },
  'GET /api/citizen/contacts/{contactId}/appointment-services': { caller: 'citizen', area: 'appointments', obj: 'contact' },
  'GET /api/citizen/contacts/{contactId}/slots': { caller: 'citizen', area: 'appointments', obj: 'contact' },
  'POST /api/citizen/slots/{slotId}/book': { caller: 'citizen', area: 'appointments', obj: 'slot', body: { reason: 'Kontroll' } },
  'POST /api/citizen/contacts/{contactId}/appointment-requests': { caller: 'citizen', area: 'appointments', obj: 'contact', body: { text: 'En time' } },
  'POST /api/citizen/waitlist': { caller: 'citizen', area: 'appointments' },
  'POST /api/citizen/waitlist/{entryId}/leave': { caller: 'citizen', area: 'appointments', obj: 'waitlist' },
  'POST /api/citizen/offers/{offerId}/accept': { caller: 'citizen', area: 'appointments', obj: 'random' },
  'POST /api/citizen/offers/{offerId}/decline': { caller: 'citizen', area: 'appointments', obj: 'random' },
  'POST /api/citizen/appointments/{appointmentId}/answer': { caller: 'citizen', area: 'appointments', obj: 'appointment', body: { answer: 'confirm' } },
  'POST /api/citizen/appointments/{appointmentId}/check-in': { caller: 'citizen', area: 'appointments', obj: 'appointment' },
  // Staff: members of the object's unit only.
  'GET /api/staff/units': { caller: 'staff', anyStaff: true },
  // Statistics: the unit's administrator (the matrix's staff member is one); organisations only for their leaders (none here).
  'GET /api/staff/statistics/scopes': { caller: 'staff', anyStaff: true },
  'GET /api/staff/statistics/units/{unitId}': { caller: 'staff', obj: 'unit', query: '?period=2026-11' },
  'GET /api/staff/statistics/organisations/{organisationId}': { caller: 'staff', obj: 'random', query: '?period=2026-11' },
  'GET /api/staff/units/{unitId}/services': { caller: 'staff', obj: 'unit' },
  'PUT /api/staff/units/{unitId}/services/{service}': { caller: 'staff', obj: 'unit' },
  'PUT /api/staff/units/{unitId}/my-services/{service}': { caller: 'staff', obj: 'unit' },
  'GET /api/staff/units/{unitId}/threads': { caller: 'staff', obj: 'unit' },
  'POST /api/staff/units/{unitId}/threads': { caller: 'staff', obj: 'unit' },
  'GET /api/staff/units/{unitId}/unread': { caller: 'staff', obj: 'unit' },
  'POST /api/staff/units/{unitId}/threads/bulk': { caller: 'staff', obj: 'unit', body: { action: 'mark_read', threadIds: [randomUUID()] } },
  'GET /api/staff/units/{unitId}/notifications/dead': { caller: 'staff', obj: 'unit' },
  'POST /api/staff/units/{unitId}/notifications/dead/{jobId}/resend': { caller: 'staff', obj: 'unit', mayBeMissing: true },
  'GET /api/staff/units/{unitId}/members': { caller: 'staff', obj: 'unit' },
  'GET /api/staff/units/{unitId}/topics': { caller: 'staff', obj: 'unit' },
  'POST /api/staff/units/{unitId}/topics': {
    caller: 'staff',
    obj: 'unit',
    body: { service: 'ekontakt', texts: { nb: { label: 'Matrise', guidance: null } }, rolePool: null },
  },
  'PUT /api/staff/units/{unitId}/topics/{topicId}': {
    caller: 'staff',
    obj: 'unit',
    mayBeMissing: true,
    body: { service: 'ekontakt', texts: { nb: { label: 'Matrise', guidance: null } }, rolePool: null },
  },
  'GET /api/staff/units/{unitId}/absences': { caller: 'staff', obj: 'unit' },
  'POST /api/staff/units/{unitId}/absences': {
    caller: 'staff',
    obj: 'unit',
    body: { coverStaffId: randomUUID(), startsAt: '2030-01-01T08:00:00+01:00', endsAt: '2030-01-02T16:00:00+01:00' },
  },
  'POST /api/staff/units/{unitId}/absences/{absenceId}/end': { caller: 'staff', obj: 'unit', mayBeMissing: true },
  'GET /api/staff/units/{unitId}/escalation': { caller: 'staff', obj: 'unit' },
  'PUT /api/staff/units/{unitId}/escalation': { caller: 'staff', obj: 'unit', body: { secondStep: 'none', leaderStaffId: null, rolePool: null, secondAfterDays: 1 } },
  'GET /api/staff/notices': { caller: 'staff', anyStaff: true },
  'POST /api/staff/notices/{noticeId}/read': { caller: 'staff', anyStaff: true, mayBeMissing: true },
  'GET /api/staff/units/{unitId}/patients': { caller: 'staff', obj: 'unit', query: '?q=Test' },
  'GET /api/staff/threads/{threadId}': { caller: 'staff', obj: 'thread' },
  'GET /api/staff/threads/{threadId}/pdf': { caller: 'staff', obj: 'thread' },
  'POST /api/staff/threads/{threadId}/messages': { caller: 'staff', obj: 'thread', body: { text: 'Svar' } },
  'POST /api/staff/threads/{threadId}/notes': { caller: 'staff', obj: 'thread', body: { text: 'Notat' } },
  'POST /api/staff/threads/{threadId}/assign': { caller: 'staff', obj: 'thread' },
  'POST /api/staff/threads/{threadId}/reclassify': { caller: 'staff', obj: 'thread' },
  'POST /api/staff/threads/{threadId}/close': { caller: 'staff', obj: 'thread' },
  'POST /api/staff/threads/{threadId}/renewal': { caller: 'staff', obj: 'thread' },
  'GET /api/staff/attachments/{attachmentId}': { caller: 'staff', obj: 'random', mayBeMissing: true },
  'GET /api/staff/threads/{threadId}/journal': { caller: 'staff', obj: 'thread' },
  'GET /api/staff/letters/{letterId}/journal': { caller: 'staff', obj: 'letter' },
  'GET /api/staff/units/{unitId}/epj-endpoint': { caller: 'staff', obj: 'unit', mayBeMissing: true },
  'PUT /api/staff/units/{unitId}/epj-endpoint': { caller: 'staff', obj: 'unit' },
  'POST /api/staff/journal/{itemId}/resend': { caller: 'staff', obj: 'random' },
  'GET /api/staff/units/{unitId}/journal': { caller: 'staff', obj: 'unit' },
  'GET /api/staff/units/{unitId}/letters': { caller: 'staff', obj: 'unit' },
  'GET /api/staff/tools': { caller: 'staff', anyStaff: true },
  'POST /api/staff/tools': {
    caller: 'staff',
    anyStaff: true,
    body: { name: 'Matriseverktøy', purpose: 'Test', publisher: 'Test', kind: 'web', url: 'https://verktoy.example.no/matrise' },
  },
  'PUT /api/staff/tools/{toolId}': {
    caller: 'staff',
    anyStaff: true,
    body: { name: 'Matriseverktøy', purpose: 'Test', publisher: 'Test', kind: 'web', url: 'https://verktoy.example.no/matrise' },
  },
  'POST /api/staff/tools/{toolId}/retire': { caller: 'staff', anyStaff: true },
  'GET /api/staff/units/{unitId}/tool-assignments': { caller: 'staff', obj: 'unit' },
  'POST /api/staff/units/{unitId}/tool-assignments': { caller: 'staff', obj: 'unit', body: { toolId: randomUUID(), contactId: randomUUID() } },
  'POST /api/staff/units/{unitId}/letters': { caller: 'staff', obj: 'unit' },
  'GET /api/staff/letters/{letterId}': { caller: 'staff', obj: 'letter' },
  'GET /api/staff/letters/{letterId}/pdf': { caller: 'staff', obj: 'letter', mayBeMissing: true },
  'GET /api/staff/contacts/{contactId}': { caller: 'staff', obj: 'contact' },
  'POST /api/staff/grants/{kind}/{grantId}/revoke': { caller: 'staff', obj: 'random' },
  'GET /api/staff/contacts/{contactId}/parents': { caller: 'staff', obj: 'contact' },
  'POST /api/staff/contacts/{contactId}/parent-dialog': { caller: 'staff', obj: 'contact' },
  'POST /api/staff/hidden-from-parents': { caller: 'staff' },
  'POST /api/staff/contacts/{contactId}/flexible-dialog': { caller: 'staff', obj: 'contact' },
  'POST /api/staff/units/{unitId}/contacts': { caller: 'staff', obj: 'unit' },
  'POST /api/staff/contacts/{contactId}/end': { caller: 'staff', obj: 'contact' },
  'GET /api/staff/units/{unitId}/timebooks': { caller: 'staff', obj: 'unit' },
  'POST /api/staff/units/{unitId}/timebooks': { caller: 'staff', obj: 'unit' },
  'GET /api/staff/timebooks/{timebookId}/schedule': { caller: 'staff', obj: 'random' },
  'POST /api/staff/timebooks/{timebookId}/slots': { caller: 'staff', obj: 'random' },
  'POST /api/staff/timebooks/{timebookId}/patterns': { caller: 'staff', obj: 'random' },
  'POST /api/staff/slots/{slotId}/withdraw': { caller: 'staff', obj: 'slot' },
  'GET /api/staff/units/{unitId}/appointments': { caller: 'staff', obj: 'unit' },
  'POST /api/staff/units/{unitId}/appointments': { caller: 'staff', obj: 'unit' },
  'GET /api/staff/units/{unitId}/contacts/{contactId}/appointments': { caller: 'staff', obj: 'contact' },
  'POST /api/staff/appointments/{appointmentId}/change': { caller: 'staff', obj: 'appointment' },
  'POST /api/staff/appointments/{appointmentId}/cancel': { caller: 'staff', obj: 'appointment' },
  'POST /api/staff/appointments/{appointmentId}/complete': { caller: 'staff', obj: 'appointment' },
  'POST /api/staff/appointments/{appointmentId}/not-attended': { caller: 'staff', obj: 'appointment' },
  'GET /api/staff/units/{unitId}/appointment-requests': { caller: 'staff', obj: 'unit' },
  'POST /api/staff/appointment-requests/{requestId}/assign': { caller: 'staff', obj: 'random' },
  'POST /api/staff/appointment-requests/{requestId}/offer': { caller: 'staff', obj: 'random' },
  'POST /api/staff/appointment-requests/{requestId}/decline': { caller: 'staff', obj: 'random' },
  'GET /api/staff/units/{unitId}/appointment-settings': { caller: 'staff', obj: 'unit' },
  // The clinician workspace: the combined inbox and counts are the caller's own units; saved filters the caller's own.
  'GET /api/staff/inbox': { caller: 'staff', anyStaff: true },
  'GET /api/staff/inbox/counts': { caller: 'staff', anyStaff: true },
  'GET /api/staff/saved-filters': { caller: 'staff', anyStaff: true },
  'POST /api/staff/saved-filters': { caller: 'staff', anyStaff: true, body: { name: 'Mine', query: 'assigned=me' } },
  'DELETE /api/staff/saved-filters/{filterId}': { caller: 'staff', obj: 'random' },
  'GET /api/staff/units/{unitId}/reply-templates': { caller: 'staff', obj: 'unit' },
  'POST /api/staff/units/{unitId}/reply-templates': { caller: 'staff', obj: 'unit', body: { title: 'Takk', text: 'Hei {fornavn}', scope: 'personal' } },
  'DELETE /api/staff/units/{unitId}/reply-templates/{templateId}': { caller: 'staff', obj: 'unit' },
  'GET /api/staff/threads/{threadId}/context': { caller: 'staff', obj: 'thread' },
  'POST /api/staff/threads/{threadId}/presence': { caller: 'staff', obj: 'thread', body: { state: 'viewing' } },
  'PUT /api/staff/units/{unitId}/appointment-settings': { caller: 'staff', obj: 'unit' },
  // Dialog to many (campaigns), the paper list, unread flags, per-message delivery (modules/campaigns).
  'GET /api/staff/units/{unitId}/campaign-templates': { caller: 'staff', obj: 'unit' },
  'POST /api/staff/units/{unitId}/campaign-templates': { caller: 'staff', obj: 'unit', body: { name: 'Mal', topic: 'Venteliste', body: 'Tekst', choices: [] } },
  'POST /api/staff/units/{unitId}/campaigns/recipient-check': { caller: 'staff', obj: 'unit', body: { nationalIds: [] } },
  'GET /api/staff/units/{unitId}/campaigns': { caller: 'staff', obj: 'unit' },
  'POST /api/staff/units/{unitId}/campaigns': {
    caller: 'staff',
    obj: 'unit',
    body: { name: 'Matrise', kind: 'standarddialog', topic: 'Venteliste', body: 'Tekst', choices: [], source: { type: 'waitlist' } },
  },
  'GET /api/staff/campaigns/{campaignId}': { caller: 'staff', obj: 'random' },
  'POST /api/staff/campaigns/{campaignId}/start': { caller: 'staff', obj: 'random' },
  'POST /api/staff/campaigns/{campaignId}/pause': { caller: 'staff', obj: 'random' },
  'POST /api/staff/campaigns/{campaignId}/resume': { caller: 'staff', obj: 'random' },
  'POST /api/staff/campaigns/{campaignId}/cancel': { caller: 'staff', obj: 'random' },
  'GET /api/staff/campaigns/{campaignId}/recipients': { caller: 'staff', obj: 'random' },
  'GET /api/staff/campaigns/{campaignId}/results.csv': { caller: 'staff', obj: 'random' },
  'GET /api/staff/units/{unitId}/paper': { caller: 'staff', obj: 'unit' },
  'GET /api/staff/units/{unitId}/paper.pdf': { caller: 'staff', obj: 'unit' },
  'GET /api/staff/units/{unitId}/not-read': { caller: 'staff', obj: 'unit' },
  'GET /api/staff/units/{unitId}/not-read/count': { caller: 'staff', obj: 'unit' },
  'PUT /api/staff/units/{unitId}/unread-rules': { caller: 'staff', obj: 'unit', body: { rules: [{ kind: 'message', days: 7, toPaper: false }] } },
  'GET /api/staff/threads/{threadId}/delivery': { caller: 'staff', obj: 'thread' },
  'GET /api/citizen/threads/{threadId}/question': { caller: 'citizen', area: 'dialog', obj: 'thread', youthOwnOnly: true, mayBeMissing: true },
  'POST /api/citizen/threads/{threadId}/answer': { caller: 'citizen', area: 'dialog', obj: 'thread', youthOwnOnly: true, body: { choice: 'Ja' } },
  'GET /api/staff/units/{unitId}/calendar': { caller: 'staff', obj: 'unit', query: '?from=2030-01-07T00:00:00Z&to=2030-01-14T00:00:00Z' },
  'GET /api/staff/units/{unitId}/free-busy': { caller: 'staff', obj: 'unit', query: '?from=2030-01-07T00:00:00Z&to=2030-01-14T00:00:00Z' },
  'POST /api/staff/timebooks/{timebookId}/blocks': { caller: 'staff', obj: 'random', body: { date: '2030-01-08', startTime: '08:00', endTime: '09:00', reason: 'Kurs' } },
  'POST /api/staff/blocks/{blockId}/remove': { caller: 'staff', obj: 'random' },
  'GET /api/staff/units/{unitId}/appointment-answers': { caller: 'staff', obj: 'unit' },
  'POST /api/staff/appointments/{appointmentId}/answer-handled': { caller: 'staff', obj: 'appointment' },
  'GET /api/staff/units/{unitId}/waitlist': { caller: 'staff', obj: 'unit' },
  'GET /api/staff/units/{unitId}/answer-settings': { caller: 'staff', obj: 'unit' },
  'PUT /api/staff/units/{unitId}/answer-settings': { caller: 'staff', obj: 'unit' },
  // Forms (modules/forms): the library, sent forms, the citizen filling them, forms in front of a service.
  'GET /api/staff/units/{unitId}/forms': { caller: 'staff', obj: 'unit' },
  'POST /api/staff/units/{unitId}/forms': { caller: 'staff', obj: 'unit' },
  'GET /api/staff/forms/{formId}': { caller: 'staff', obj: 'random' },
  'POST /api/staff/forms/{formId}/retire': { caller: 'staff', obj: 'random' },
  'GET /api/staff/units/{unitId}/service-forms': { caller: 'staff', obj: 'unit' },
  'PUT /api/staff/units/{unitId}/service-forms/{service}': { caller: 'staff', obj: 'unit', body: { formId: null } },
  'POST /api/staff/units/{unitId}/form-requests': { caller: 'staff', obj: 'unit' },
  'GET /api/staff/units/{unitId}/form-requests': { caller: 'staff', obj: 'unit' },
  'GET /api/staff/form-requests/{requestId}': { caller: 'staff', obj: 'random' },
  'POST /api/staff/form-requests/{requestId}/remind': { caller: 'staff', obj: 'random' },
  'GET /api/staff/threads/{threadId}/form': { caller: 'staff', obj: 'thread' },
  'GET /api/citizen/forms': { caller: 'citizen', area: 'documents' },
  'GET /api/citizen/form-requests/{requestId}': { caller: 'citizen', area: 'documents', obj: 'random' },
  'PUT /api/citizen/form-requests/{requestId}/draft': { caller: 'citizen', area: 'documents', obj: 'random', body: { item: [] } },
  'POST /api/citizen/form-requests/{requestId}/submit': { caller: 'citizen', area: 'documents', obj: 'random', body: { item: [] } },
  'POST /api/citizen/form-requests/{requestId}/attachments': { caller: 'citizen', area: 'documents', obj: 'random', body: {} },
  'GET /api/citizen/form-requests/{requestId}/attachments/{attachmentId}': { caller: 'citizen', area: 'documents', obj: 'random' },
  'GET /api/staff/form-requests/{requestId}/attachments/{attachmentId}': { caller: 'staff', obj: 'random' },
  'GET /api/citizen/contacts/{contactId}/service-forms/{service}': { caller: 'citizen', area: 'dialog', obj: 'contact' },
  'POST /api/citizen/contacts/{contactId}/service-forms/{service}': {
    caller: 'citizen',
    area: 'dialog',
    obj: 'contact',
    body: { topic: 'Matrise', text: 'Matrise', versionId: '00000000-0000-4000-8000-000000000000', item: [] },
  },
  'GET /api/citizen/threads/{threadId}/form': { caller: 'citizen', area: 'dialog', obj: 'thread', youthOwnOnly: true },
  'GET /api/citizen/threads/{threadId}/form/attachments/{attachmentId}': {
    caller: 'citizen',
    area: 'dialog',
    obj: 'thread',
    youthOwnOnly: true,
    mayBeMissing: true,
  },
  'GET /api/staff/threads/{threadId}/form/attachments/{attachmentId}': { caller: 'staff', obj: 'thread', mayBeMissing: true },
};

let srv: TestServer;
let routes: string[];
const clients = new Map<Actor, TestClient>();
/** Object ids per subject and state. */
interface World {
  unit: { id: string };
  other: { id: string };
  /** The subject each citizen actor acts for. */
  subject: Partial<Record<Actor, string>>;
  objects: Map<string, Partial<Record<Obj, string>>>;
  revoked: { holderSessionPerson: string; grantorId: string };
}
let w: World;

beforeAll(async () => {
  srv = await startTestServer();
  const db = srv.database.db;
  const unit = await createUnit(db, { kind: 'gp_office' });
  const other = await createUnit(db, { kind: 'gp_office' });
  for (const u of [unit, other]) {
    await enableServices(db, u.id, ['ekontakt']);
    await setServices(db, u.id, { timebestilling: true, timeonske: true, timevisning: true, avbestilling: { cutoffHours: 1 } });
  }
  const doctor = await createStaff(db, unit.id, { role: 'doctor', isAdmin: true });
  const stranger = await createStaff(db, other.id, { role: 'doctor', isAdmin: true });
  const timebook = await db
    .insertInto('timebooks')
    .values({ unit_id: unit.id, kind: 'clinician', staff_id: doctor.id, name: doctor.name, location: 'Storgata 1', directions: null })
    .returning('id')
    .executeTakeFirstOrThrow();

  const addrChild = `addr-${randomUUID()}`;
  const addrYouth = `addr-${randomUUID()}`;
  const self = await createCitizen(db, { age: 40 });
  const foreigner = await createCitizen(db, { age: 50 });
  const pChild = await createCitizen(db, { age: 38, addressKey: addrChild });
  const child = await createCitizen(db, { age: 8, addressKey: addrChild });
  const pYouth = await createCitizen(db, { age: 44, addressKey: addrYouth });
  const pYouthG = await createCitizen(db, { age: 45, addressKey: addrYouth });
  const youth = await createCitizen(db, { age: 14, addressKey: addrYouth });
  const grantor = await createCitizen(db, { age: 75 });
  const holder = await createCitizen(db, { age: 48 });
  const revokedHolder = await createCitizen(db, { age: 49 });
  await db
    .insertInto('parental_responsibilities')
    .values([
      { parent_id: pChild.id, child_id: child.id },
      { parent_id: pYouth.id, child_id: youth.id },
      { parent_id: pYouthG.id, child_id: youth.id },
    ])
    .execute();
  const since = new Date(Date.now() - 60_000);
  await db
    .insertInto('powers_of_attorney')
    .values({ grantor_id: grantor.id, holder_id: holder.id, areas: ['documents'], valid_from: since, valid_until: null })
    .execute();
  const revokedPoa = await db
    .insertInto('powers_of_attorney')
    .values({ grantor_id: grantor.id, holder_id: revokedHolder.id, areas: ['all'], valid_from: since, valid_until: null })
    .returning('id')
    .executeTakeFirstOrThrow();

  const staffClient = new TestClient(srv.url);
  await login(staffClient, 'staff', doctor.accountId);
  const objects = new Map<string, Partial<Record<Obj, string>>>();
  const contactOf = new Map<string, string>();
  for (const p of [self, foreigner, child, youth, grantor]) {
    const c = await createContact(db, p.id, unit.id, { gpStaffId: doctor.id });
    contactOf.set(p.id, c.id);
  }
  // One hour apart: a timebook holds no two overlapping slots (an exclusion constraint).
  let slotHour = 72;
  const appointment = async (citizenId: string) => {
    const slot = await makeSlot(db, unit.id, timebook.id, slotHour++);
    await db.updateTable('slots').set({ status: 'booked' }).where('id', '=', slot.id).execute();
    const row = await db
      .insertInto('appointments')
      .values({
        citizen_id: citizenId,
        unit_id: unit.id,
        contact_id: contactOf.get(citizenId)!,
        timebook_id: timebook.id,
        slot_id: slot.id,
        staff_id: doctor.id,
        request_id: null,
        title: 'Kontroll',
        type: 'in_person',
        starts_at: slot.starts_at,
        ends_at: new Date(slot.starts_at.getTime() + 20 * 60_000),
        location: null,
        directions: null,
        video_url: null,
        reason: 'Kontroll',
        note: null,
        source: 'unit',
        booked_by_person_id: null,
        created_by_staff_id: doctor.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  };
  const unitThread = async (citizenId: string) => {
    const r = await staffClient.post(`/api/staff/units/${unit.id}/threads`, { contactId: contactOf.get(citizenId), ...thread });
    expect(r.status, r.body).toBe(201);
    return r.json().id as string;
  };
  const letter = async (citizenId: string) => {
    const r = await staffClient.post(`/api/staff/units/${unit.id}/letters`, {
      template: 'appointment_notice',
      contactId: contactOf.get(citizenId),
      fields: { date: '2026-03-03', time: '09:15', place: 'Legekontoret', bring: 'Ingenting' },
    });
    expect(r.status, r.body).toBe(201);
    return r.json().id as string;
  };
  const waitlist = async (citizenId: string) =>
    (
      await db
        .insertInto('waitlist_entries')
        .values({ citizen_id: citizenId, unit_id: unit.id, contact_id: contactOf.get(citizenId)!, timebook_id: null, appointment_id: null })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const hide = async (objectType: string, objectId: string) => {
    const r = await staffClient.post('/api/staff/hidden-from-parents', { objectType, objectId, hidden: true });
    expect(r.status, `hide ${objectType}: ${r.body}`).toBe(200);
  };
  const freeSlot = (await makeSlot(db, unit.id, timebook.id, 300)).id;
  const otherTimebook = await db
    .insertInto('timebooks')
    .values({ unit_id: other.id, kind: 'clinician', staff_id: stranger.id, name: stranger.name, location: null, directions: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const foreignSlot = (await makeSlot(db, other.id, otherTimebook.id, 300)).id;

  const catalogueTool = (
    await db
      .insertInto('tools')
      .values({
        name: `Matrise ${randomUUID()}`,
        purpose: 'Test',
        publisher: 'Test',
        kind: 'web',
        url: 'https://verktoy.example.no/m',
        min_age: null,
        max_age: null,
        updated_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const toolFor = async (citizenId: string) =>
    (
      await db
        .insertInto('tool_assignments')
        .values({
          tool_id: catalogueTool,
          citizen_id: citizenId,
          unit_id: unit.id,
          contact_id: contactOf.get(citizenId)!,
          sent_by: doctor.id,
          sent_at: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  for (const p of [self, foreigner, child, youth, grantor]) {
    objects.set(`${p.id}:own`, {
      tool: await toolFor(p.id),
      appointment: await appointment(p.id),
      thread: await unitThread(p.id),
      letter: await letter(p.id),
      contact: contactOf.get(p.id),
      slot: freeSlot,
      waitlist: await waitlist(p.id),
      unit: unit.id,
    });
  }
  for (const p of [self, child, youth]) {
    const a = await appointment(p.id);
    const t = await unitThread(p.id);
    const l = await letter(p.id);
    await hide('appointment', a);
    await hide('thread', t);
    await hide('letter', l);
    objects.set(`${p.id}:hidden`, { appointment: a, thread: t, letter: l });
  }
  // Dialog for the granted parent; a thread they started, and one the youth wrote themselves.
  expect(
    (await staffClient.post(`/api/staff/contacts/${contactOf.get(youth.id)}/parent-dialog`, { parentId: pYouthG.id, days: 30, reason: 'Avtalt' })).status,
  ).toBe(201);

  for (const [actor, person, subject] of [
    ['self', self, self],
    ['parentOfChild', pChild, child],
    ['parentOfYouth', pYouth, youth],
    ['parentOfYouthGranted', pYouthG, youth],
    ['poaNarrow', holder, grantor],
    ['poaRevoked', revokedHolder, grantor],
  ] as const) {
    const c = new TestClient(srv.url);
    await login(c, 'citizen', person.accountId);
    if (person.id !== subject.id) {
      const r = await c.put('/api/citizen/acting-for', { personId: subject.id });
      expect(r.status, `${actor} acting for: ${r.body}`).toBe(200);
    }
    clients.set(actor, c);
  }
  const youthClient = new TestClient(srv.url);
  await login(youthClient, 'citizen', youth.accountId);
  const youthOwn = await youthClient.post(`/api/citizen/contacts/${contactOf.get(youth.id)}/threads`, thread);
  expect(youthOwn.status, youthOwn.body).toBe(201);
  const parentOwn = await clients.get('parentOfYouthGranted')!.post(`/api/citizen/contacts/${contactOf.get(youth.id)}/threads`, thread);
  expect(parentOwn.status, parentOwn.body).toBe(201);
  objects.set(`${youth.id}:youthOwn`, { thread: youthOwn.json().id });
  objects.set(`${youth.id}:parentOwn`, { thread: parentOwn.json().id });
  await db.updateTable('powers_of_attorney').set({ revoked_at: new Date(), revoked_by: grantor.id }).where('id', '=', revokedPoa.id).execute();

  clients.set('staffOfUnit', staffClient);
  const s2 = new TestClient(srv.url);
  await login(s2, 'staff', stranger.accountId);
  clients.set('staffOfOther', s2);
  clients.set('none', new TestClient(srv.url));
  objects.set('foreign', { ...objects.get(`${foreigner.id}:own`), slot: foreignSlot, unit: other.id });

  w = {
    unit,
    other,
    subject: { self: self.id, parentOfChild: child.id, parentOfYouth: youth.id, parentOfYouthGranted: youth.id, poaNarrow: grantor.id, poaRevoked: grantor.id },
    objects,
    revoked: { holderSessionPerson: revokedHolder.id, grantorId: grantor.id },
  };
  const doc = (await new TestClient(srv.url).get('/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
  // The API (the development identity provider's pages are not part of it and absent in production).
  routes = Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/api/'))
    .flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
}, 240_000);
afterAll(async () => srv?.close());

/** The expected answer for a citizen route: 'allowed', or the status (and code) of the refusal. */
function expectCitizen(e: Entry, actor: Actor, state: State | null): { status: number; code?: string } | 'allowed' {
  if (actor === 'none') return { status: 401 };
  if (actor === 'staffOfUnit' || actor === 'staffOfOther') return { status: 403, code: 'FORBIDDEN' };
  if (e.ownPerson) return e.obj === 'random' ? { status: 404 } : 'allowed';
  if (actor === 'poaRevoked') return { status: 403, code: 'REPRESENTATION_ENDED' };
  if (e.selfOnly && actor !== 'self') return { status: 403, code: 'SELF_ONLY' };
  if (e.area && !AREAS[actor]!.includes(e.area)) return { status: 403, code: 'REPRESENTATION_AREA' };
  if (e.notForYouthParents && (actor === 'parentOfYouth' || actor === 'parentOfYouthGranted')) return { status: 403, code: 'REPRESENTATION_AREA' };
  if (e.obj === 'random') return { status: 404 };
  if (state === 'foreign') return { status: 404 };
  if (state === 'hidden' && PARENTS.includes(actor)) return { status: 404 };
  if (e.youthOwnOnly && (actor === 'parentOfYouthGranted' || actor === 'parentOfYouth') && state !== null) {
    // A parent of a youth sees only the thread they started; everything else of the youth is unknown to them.
    if (state !== ('parentOwn' as State)) return { status: 404 };
  }
  return 'allowed';
}

function expectStaff(e: Entry, actor: Actor, state: State | null): { status: number; code?: string } | 'allowed' {
  if (actor === 'none') return { status: 401 };
  if (!actor.startsWith('staff')) return { status: 403, code: 'FORBIDDEN' };
  if (e.anyStaff) return 'allowed';
  if (e.obj === 'random') return { status: 404 };
  void state;
  if (actor === 'staffOfOther') return { status: 404 };
  return 'allowed';
}

function fill(path: string, e: Entry, ids: Partial<Record<Obj, string>> | undefined): string {
  return fillPath(path, e, ids) + (e.query ?? '');
}

function fillPath(path: string, e: Entry, ids: Partial<Record<Obj, string>> | undefined): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    if (name === 'service') return 'ekontakt';
    if (name === 'kind') return 'flexible-dialog';
    if (name === 'jobId') return '999999999';
    if (e.obj && e.obj !== 'random' && ids?.[e.obj]) {
      if (name === 'unitId' && e.obj !== 'unit') return ids.unit ?? w.unit.id;
      return ids[e.obj]!;
    }
    if (name === 'unitId') return ids?.unit ?? w.unit.id;
    return randomUUID();
  });
}

async function call(actor: Actor, method: string, path: string, body: unknown): Promise<Res> {
  const c = clients.get(actor)!;
  if (actor === 'poaRevoked') {
    // The first refused request sends the holder back to acting for themselves: put the stale choice back.
    await srv.database.db.updateTable('sessions').set({ acting_for_id: w.revoked.grantorId }).where('person_id', '=', w.revoked.holderSessionPerson).execute();
  }
  if (path === '/api/events') {
    const ac = new AbortController();
    const cookie = c.cookies.map((k) => `${k.name}=${k.value}`).join('; ');
    const res = await fetch(`${srv.url}${path}`, { headers: { cookie }, signal: ac.signal });
    ac.abort();
    return { status: res.status } as Res;
  }
  return c.request(method, path, method === 'GET' ? {} : { body: body ?? {} });
}

let cells = 0;
function check(res: Res, want: { status: number; code?: string } | 'allowed', e: Entry, label: string) {
  cells++;
  if (want === 'allowed') {
    const code = res.status === 403 ? (JSON.parse(res.body || '{}') as { code?: string }).code : undefined;
    // A service the unit has switched off is not an access refusal.
    expect(res.status === 401 || (res.status === 403 && code !== 'SERVICE_OFF'), `${label}: ${res.status} ${res.body?.slice(0, 200)}`).toBe(false);
    if (!e.mayBeMissing) expect(res.status, label).not.toBe(404);
    expect(res.status, label).toBeLessThan(500);
    return;
  }
  expect(res.status, `${label}: ${res.body?.slice?.(0, 200)}`).toBe(want.status);
  if (want.code) expect(res.json().code, label).toBe(want.code);
}

describe('the authorisation matrix', () => {
  it('has an entry for every route of the OpenAPI document (and no entry for a route that is gone)', () => {
    const missing = routes.filter((r) => !ROUTES[r]);
    expect(missing, `routes without a matrix entry: ${missing.join(', ')}`).toEqual([]);
    expect(
      Object.keys(ROUTES).filter((r) => !routes.includes(r)),
      'entries without a route',
    ).toEqual([]);
  });

  it('answers every caller of every citizen route as the table says', { timeout: 240_000 }, async () => {
    for (const [route, e] of Object.entries(ROUTES)) {
      if (e.caller !== 'citizen') continue;
      const [method, path] = route.split(' ') as [string, string];
      const write = method !== 'GET';
      for (const actor of ACTORS) {
        const subject = w.subject[actor];
        const states: (State | 'parentOwn' | null)[] = !e.obj || e.obj === 'random' ? [null] : ['own', 'foreign', 'hidden', 'youthOwn', 'parentOwn'];
        for (const state of states) {
          const ids =
            state === null
              ? subject
                ? w.objects.get(`${subject}:own`)
                : w.objects.get('foreign')
              : state === 'foreign'
                ? w.objects.get('foreign')
                : w.objects.get(`${subject ?? 'x'}:${state}`);
          if (state !== null && !ids?.[e.obj!]) continue; // no such object for this subject
          const want = expectCitizen(e, actor, state as State | null);
          // Writes are only made where they must be refused: an allowed write would change the world.
          if (write && want === 'allowed') continue;
          const res = await call(actor, method, fill(path, e, ids), e.body);
          check(res, want, e, `${route} as ${actor} on ${state ?? '-'}`);
        }
      }
    }
    // Every citizen route was called by every kind of caller on every object state that exists.
    expect(cells).toBeGreaterThan(300);
  });

  it('answers every caller of every staff, session and public route as the table says', { timeout: 240_000 }, async () => {
    for (const [route, e] of Object.entries(ROUTES)) {
      if (e.caller === 'citizen') continue;
      const [method, path] = route.split(' ') as [string, string];
      const write = method !== 'GET';
      if (e.caller !== 'staff') {
        const res = await call('none', method, path, e.body);
        if (e.caller === 'public') expect(res.status, route).toBeLessThan(400);
        // Without a session or integration key: 401 (400 where the body is checked first).
        else expect([400, 401], `${route}: ${res.status}`).toContain(res.status);
        continue;
      }
      for (const actor of ACTORS) {
        // Staff: the unit's own objects, called by a member and by staff of another unit.
        for (const state of (e.obj && e.obj !== 'random' ? ['own'] : [null]) as (State | null)[]) {
          const ids = w.objects.get(`${w.subject.self}:own`);
          const want = expectStaff(e, actor, state);
          if (write && want === 'allowed') continue;
          // Without a valid body a write may be refused on validation before access (400).
          const res = await call(actor, method, fill(path, e, ids), e.body);
          if (write && !e.body && res.status === 400) continue;
          check(res, want, e, `${route} as ${actor} on ${state ?? '-'}`);
        }
      }
    }
  });
});
