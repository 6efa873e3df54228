/** The journal (EPJ) API for the clinician pages: status per message, resend, the unit's endpoint, what was not documented and what waits. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { EndpointView, JournalView, ThreadJournal, UnitJournal } from '@helsedialog/core';
import { apiGet, apiPost, apiPut } from '../api/client.ts';

export interface EndpointInput {
  protocol: 'fhir' | 'kith';
  transport: 'http' | 'amqp' | 'amqp1';
  url: string;
  queue?: string | null;
  auth?: { tokenUrl: string; clientId: string; clientSecret?: string } | null;
  settings?: { senderName?: string; senderHerId?: string; receiverHerId?: string };
  enabled: boolean;
}

/** Query keys; everything under ['journal']. */
export const journalKeys = {
  thread: (threadId: string, messages: number) => ['journal', 'thread', threadId, messages] as const,
  endpoint: (unitId: string) => ['journal', 'endpoint', unitId] as const,
  dead: (unitId: string) => ['journal', 'dead', unitId] as const,
};

/** Journal status per message (refetched when the thread gets a message); polled while something is on its way. */
export function useThreadJournal(threadId: string, messages: number) {
  return useQuery({
    queryKey: journalKeys.thread(threadId, messages),
    queryFn: () => apiGet<ThreadJournal>(`/api/staff/threads/${threadId}/journal`),
    refetchInterval: (q) => (q.state.data?.items.some((i) => i.journal && (i.journal.status === 'waiting' || i.journal.status === 'sending')) ? 2000 : false),
  });
}

export function useEpjEndpoint(unitId: string) {
  return useQuery({ queryKey: journalKeys.endpoint(unitId), queryFn: () => apiGet<EndpointView>(`/api/staff/units/${unitId}/epj-endpoint`) });
}

/** Rejected and dead items of every kind (messages, appointments, letters), and what waits; polled while something waits. */
export function useJournalProblems(unitId: string, enabled: boolean) {
  return useQuery({
    queryKey: journalKeys.dead(unitId),
    queryFn: () => apiGet<UnitJournal>(`/api/staff/units/${unitId}/journal?status=rejected,dead`),
    enabled,
    refetchInterval: (q) => (q.state.data?.waiting.count ? 5000 : false),
  });
}

export function saveEpjEndpoint(unitId: string, body: EndpointInput) {
  return apiPut<EndpointView>(`/api/staff/units/${unitId}/epj-endpoint`, body);
}

/** Sends a rejected or dead item again; refreshes every journal query. */
export function useResend() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (itemId: string) => apiPost<JournalView>(`/api/staff/journal/${itemId}/resend`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['journal'] }),
  });
}
