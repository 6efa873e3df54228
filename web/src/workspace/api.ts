/** The clinician workspace's API (docs/inbox.md): counts, saved filters, quick replies, patient context, presence. */
import type { InboxCounts, PatientContext, PresenceState, ReplyTemplate, SavedFilter } from '@helsedialog/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiDelete, apiGet, apiPost } from '../api/client.ts';
import { dialogKeys } from '../api/dialog.ts';

export const workspaceKeys = {
  filters: ['workspace', 'filters'] as const,
  templates: (unitId: string) => ['workspace', 'templates', unitId] as const,
};

/** Unread and overdue conversations per unit (each counted up to 100). */
export function useInboxCounts() {
  return useQuery({ queryKey: dialogKeys.counts, queryFn: () => apiGet<InboxCounts>('/api/staff/inbox/counts'), staleTime: 10_000 });
}

export function useSavedFilters() {
  return useQuery({ queryKey: workspaceKeys.filters, queryFn: () => apiGet<{ items: SavedFilter[] }>('/api/staff/saved-filters') });
}

export function useSaveFilter() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { name: string; query: string }) => apiPost<SavedFilter>('/api/staff/saved-filters', v),
    onSuccess: () => void qc.invalidateQueries({ queryKey: workspaceKeys.filters }),
  });
}

export function useDeleteFilter() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiDelete(`/api/staff/saved-filters/${id}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: workspaceKeys.filters }),
  });
}

export function useTemplates(unitId: string | undefined) {
  return useQuery({
    queryKey: workspaceKeys.templates(unitId ?? ''),
    queryFn: () => apiGet<{ items: ReplyTemplate[] }>(`/api/staff/units/${unitId}/reply-templates`),
    enabled: !!unitId,
    staleTime: 60_000,
  });
}

export function useAddTemplate(unitId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { title: string; text: string; scope: 'unit' | 'personal' }) => apiPost<ReplyTemplate>(`/api/staff/units/${unitId}/reply-templates`, v),
    onSuccess: () => void qc.invalidateQueries({ queryKey: workspaceKeys.templates(unitId) }),
  });
}

export function useDeleteTemplate(unitId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiDelete(`/api/staff/units/${unitId}/reply-templates/${id}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: workspaceKeys.templates(unitId) }),
  });
}

/** The patient beside a thread (each fetch is written to the patient's access log). */
export function usePatientContext(threadId: string) {
  return useQuery({
    queryKey: dialogKeys.context(threadId),
    queryFn: () => apiGet<PatientContext>(`/api/staff/threads/${threadId}/context`),
    staleTime: 60_000,
  });
}

/** Tells colleagues in the unit that one has the thread open, is writing, or left it. */
export function announcePresence(threadId: string, state: PresenceState): Promise<void> {
  return apiPost(`/api/staff/threads/${threadId}/presence`, { state });
}
