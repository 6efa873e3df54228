/**
 * The dialog API: citizen and staff conversations, services on offer and the unit's catalogue.
 * Sends go through client.ts (JSON or multipart, the CSRF token), with an Idempotency-Key on every
 * message so a retry never creates a second one.
 */
import { isPatientQuery } from '@helsedialog/core/constants';
import type {
  BulkResult,
  DialogKind,
  MessageSent,
  NewCitizenThread,
  OfferedServicesSchema,
  PrescriptionListSchema,
  Service,
  ServiceSettings,
  ThreadDetail,
  ThreadStatus,
  ThreadPage,
  UnitServicesSchema,
  Unread,
  UnitMember,
  PatientHit,
} from '@helsedialog/core';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';

export type { PatientHit, ThreadPage, UnitMember } from '@helsedialog/core';
import { apiGet, apiPost, apiPut, withFiles } from './client.ts';

export type OfferedServices = z.infer<typeof OfferedServicesSchema>;
export type PrescriptionList = z.infer<typeof PrescriptionListSchema>;
export type UnitServices = z.infer<typeof UnitServicesSchema>;
export type UnitService = UnitServices['items'][number];
export interface InboxFilters {
  status?: ThreadStatus | 'open';
  kind?: DialogKind;
  assigned?: 'me' | 'unassigned';
  overdue?: boolean;
  /** `deadline`: waiting for the unit, overdue first then by promised date (the default view); `activity`: newest first. */
  sort?: 'activity' | 'deadline';
  /** Search: words in topic, message text or patient name, or a national identity number. */
  q?: string;
  /** One of the unit's topics. */
  topic?: string;
  /** Per-GP-list view: threads of patients on this GP's list. */
  gp?: string;
  /** Combined inbox: only this one of the person's units. */
  unit?: string;
}

/** Whose inbox: one unit's, or the combined one of all the person's units. */
export type InboxScope = { unitId: string } | { combined: true };

/** Query keys of the dialog; everything under ['dialog'] so live events can refresh it in one go. */
export const dialogKeys = {
  all: ['dialog'] as const,
  offered: (contactId: string) => ['dialog', 'offered', contactId] as const,
  prescriptions: (contactId: string) => ['dialog', 'prescriptions', contactId] as const,
  citizenThreads: ['dialog', 'citizen', 'threads'] as const,
  citizenThread: (id: string) => ['dialog', 'citizen', 'thread', id] as const,
  citizenUnread: ['dialog', 'citizen', 'unread'] as const,
  inbox: (unitId: string, filters: InboxFilters) => ['dialog', 'staff', 'inbox', unitId, filters] as const,
  context: (threadId: string) => ['dialog', 'staff', 'context', threadId] as const,
  counts: ['dialog', 'staff', 'counts'] as const,
  staffThread: (id: string) => ['dialog', 'staff', 'thread', id] as const,
  unitUnread: (unitId: string) => ['dialog', 'staff', 'unread', unitId] as const,
  members: (unitId: string) => ['dialog', 'staff', 'members', unitId] as const,
  patients: (unitId: string, q: string) => ['dialog', 'staff', 'patients', unitId, q] as const,
  services: (unitId: string) => ['dialog', 'staff', 'services', unitId] as const,
};

function qs(params: Record<string, string | number | boolean | undefined>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '' && v !== false) u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}

// ---------- citizen ----------

export function useOfferedServices(contactId: string) {
  return useQuery({ queryKey: dialogKeys.offered(contactId), queryFn: () => apiGet<OfferedServices>(`/api/citizen/contacts/${contactId}/services`) });
}

export function usePrescriptions(contactId: string, enabled = true) {
  return useQuery({
    queryKey: dialogKeys.prescriptions(contactId),
    queryFn: () => apiGet<PrescriptionList>(`/api/citizen/contacts/${contactId}/prescriptions`),
    enabled,
  });
}

export function useCitizenThreads() {
  return useInfiniteQuery({
    queryKey: dialogKeys.citizenThreads,
    queryFn: ({ pageParam }) => apiGet<ThreadPage>(`/api/citizen/threads${qs({ cursor: pageParam, limit: 20 })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 5_000,
  });
}

export function useCitizenThread(id: string) {
  return useQuery({ queryKey: dialogKeys.citizenThread(id), queryFn: () => apiGet<ThreadDetail>(`/api/citizen/threads/${id}`), staleTime: 0 });
}

export function useCitizenUnread(enabled: boolean) {
  return useQuery({ queryKey: dialogKeys.citizenUnread, queryFn: () => apiGet<Unread>('/api/citizen/unread'), enabled, staleTime: 10_000 });
}

export function startCitizenThread(contactId: string, input: NewCitizenThread, files: File[], idempotencyKey: string) {
  return apiPost<ThreadDetail>(`/api/citizen/contacts/${contactId}/threads`, withFiles(input, files), { idempotencyKey });
}

export function citizenReply(threadId: string, text: string, files: File[], idempotencyKey: string) {
  return apiPost<MessageSent>(`/api/citizen/threads/${threadId}/messages`, withFiles({ text }, files), { idempotencyKey });
}

export function answerConversion(threadId: string, accept: boolean) {
  return apiPost<ThreadDetail>(`/api/citizen/threads/${threadId}/conversion`, { accept });
}

// ---------- staff ----------

/** The order the inbox asks for: by deadline unless activity is chosen or the status shown owes no answer. */
export function inboxSort(f: InboxFilters): 'activity' | 'deadline' {
  if (f.sort === 'activity' || f.status === 'answered' || f.status === 'closed') return 'activity';
  return 'deadline';
}

/** The inbox's query string (also what a saved filter stores), without paging. */
export function inboxQuery(filters: InboxFilters, scope: InboxScope): Record<string, string | undefined> {
  return {
    status: filters.status,
    kind: filters.kind,
    assigned: filters.assigned,
    overdue: filters.overdue ? 'true' : undefined,
    sort: inboxSort(filters),
    q: filters.q,
    gp: filters.gp,
    topic: filters.topic,
    ...('combined' in scope ? { units: filters.unit } : {}),
  };
}

export function useInbox(scope: InboxScope, filters: InboxFilters) {
  const path = 'combined' in scope ? '/api/staff/inbox' : `/api/staff/units/${scope.unitId}/threads`;
  return useInfiniteQuery({
    queryKey: dialogKeys.inbox('combined' in scope ? '*' : scope.unitId, filters),
    queryFn: ({ pageParam }) => apiGet<ThreadPage>(`${path}${qs({ ...inboxQuery(filters, scope), cursor: pageParam, limit: 50 })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    staleTime: 5_000,
  });
}

export function useStaffThread(id: string) {
  return useQuery({ queryKey: dialogKeys.staffThread(id), queryFn: () => apiGet<ThreadDetail>(`/api/staff/threads/${id}`), staleTime: 0 });
}

export function useUnitUnread(unitId: string) {
  return useQuery({ queryKey: dialogKeys.unitUnread(unitId), queryFn: () => apiGet<Unread>(`/api/staff/units/${unitId}/unread`), enabled: !!unitId });
}

export function useMembers(unitId: string | undefined) {
  return useQuery({
    queryKey: dialogKeys.members(unitId ?? ''),
    queryFn: () => apiGet<{ items: UnitMember[] }>(`/api/staff/units/${unitId}/members`),
    enabled: !!unitId,
    staleTime: 300_000,
  });
}

export function usePatientSearch(unitId: string, q: string) {
  const query = q.trim();
  return useQuery({
    queryKey: dialogKeys.patients(unitId, query),
    queryFn: () => apiGet<{ items: PatientHit[] }>(`/api/staff/units/${unitId}/patients${qs({ q: query })}`),
    enabled: isPatientQuery(query),
  });
}

export function useUnitServices(unitId: string) {
  return useQuery({ queryKey: dialogKeys.services(unitId), queryFn: () => apiGet<UnitServices>(`/api/staff/units/${unitId}/services`) });
}

export function staffReply(
  threadId: string,
  body: { text: string; close?: boolean; important?: boolean; asAnswer?: boolean; expectedVersion?: number },
  files: File[],
  idempotencyKey: string,
) {
  return apiPost<ThreadDetail>(`/api/staff/threads/${threadId}/messages`, withFiles(body, files), { idempotencyKey });
}

export function startStaffThread(
  unitId: string,
  body: { contactId: string; kind: 'ekontakt' | 'ekonsultasjon' | 'standarddialog'; topic: string; text: string; important?: boolean },
  files: File[],
  idempotencyKey: string,
) {
  return apiPost<ThreadDetail>(`/api/staff/units/${unitId}/threads`, withFiles(body, files), { idempotencyKey });
}

export const staffActions = {
  note: (threadId: string, text: string) => apiPost<ThreadDetail>(`/api/staff/threads/${threadId}/notes`, { text }),
  assign: (threadId: string, staffId: string | null) => apiPost<ThreadDetail>(`/api/staff/threads/${threadId}/assign`, { staffId }),
  reclassify: (threadId: string, kind: 'ekontakt' | 'ekonsultasjon' | 'standarddialog') =>
    apiPost<ThreadDetail>(`/api/staff/threads/${threadId}/reclassify`, { kind }),
  close: (threadId: string, forbidReplies: boolean) => apiPost<ThreadDetail>(`/api/staff/threads/${threadId}/close`, { forbidReplies }),
  renewal: (threadId: string, body: { decisions: Array<{ itemId: string; decision: 'renewed' | 'declined'; reason?: string }>; text?: string }) =>
    apiPost<ThreadDetail>(`/api/staff/threads/${threadId}/renewal`, body),
};

/** One action on many threads of a unit (POST /api/staff/units/{id}/threads/bulk). */
export function bulkThreads(unitId: string, body: { action: 'assign' | 'close' | 'mark_read'; threadIds: string[]; staffId?: string | null }) {
  return apiPost<BulkResult>(`/api/staff/units/${unitId}/threads/bulk`, body);
}

export function saveUnitService(unitId: string, service: Service, settings: ServiceSettings) {
  return apiPut<UnitServices>(`/api/staff/units/${unitId}/services/${service}`, settings);
}

export function saveMyService(unitId: string, service: Service, enabled: boolean) {
  return apiPut<UnitServices>(`/api/staff/units/${unitId}/my-services/${service}`, { enabled });
}

/**
 * The conversation with a message just sent folded in: the send answers with the new message and
 * the thread as it now stands, not the earlier messages. Undefined when there is no conversation to
 * fold it into.
 */
export function withSentMessage(detail: ThreadDetail | undefined, sent: MessageSent): ThreadDetail | undefined {
  if (!detail) return undefined;
  const messages = detail.messages.some((m) => m.id === sent.message.id) ? detail.messages : [...detail.messages, sent.message].sort((a, b) => a.seq - b.seq);
  return { ...detail, ...sent.thread, messages };
}

/**
 * A change to one conversation whose answer is the whole conversation, or a message sent in it:
 * puts it in (or folds it into) the cache of the open thread and refreshes lists and unread counts.
 */
export function useThreadMutation<V>(side: 'citizen' | 'staff', threadId: string, fn: (v: V) => Promise<ThreadDetail | MessageSent>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (res) => {
      const key = side === 'citizen' ? dialogKeys.citizenThread(threadId) : dialogKeys.staffThread(threadId);
      if ('messages' in res) qc.setQueryData(key, res);
      else if (!qc.setQueryData<ThreadDetail>(key, (old) => withSentMessage(old, res))) void qc.invalidateQueries({ queryKey: key });
      void qc.invalidateQueries({ queryKey: ['dialog', side === 'citizen' ? 'citizen' : 'staff'], predicate: (q) => q.queryKey[2] !== 'thread' });
    },
  });
}
