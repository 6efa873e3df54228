/** The dialog rules' API: topics, absences, escalation, staff notices; the citizen's archive and search. */
import type { Absence, EscalationSettings, NewAbsence, StaffNotice, TopicInput, UnitTopic } from '@helsedialog/core';
import { useQuery } from '@tanstack/react-query';
import { apiDelete, apiGet, apiPost, apiPut } from '../api/client.ts';
import type { ThreadPage } from '../api/dialog.ts';
import type { TranslateFn } from '../i18n/i18n-context.ts';

export const rulesKeys = {
  topics: (unitId: string) => ['dialog', 'staff', 'topics', unitId] as const,
  absences: (unitId: string) => ['dialog', 'staff', 'absences', unitId] as const,
  escalation: (unitId: string) => ['dialog', 'staff', 'escalation', unitId] as const,
  notices: ['dialog', 'staff', 'notices'] as const,
  citizenView: (view: 'inbox' | 'archived', q: string) => ['dialog', 'citizen', 'threads', view, q] as const,
};

export function useTopics(unitId: string) {
  return useQuery({ queryKey: rulesKeys.topics(unitId), queryFn: () => apiGet<{ items: UnitTopic[] }>(`/api/staff/units/${unitId}/topics`) });
}
export function createTopic(unitId: string, body: TopicInput) {
  return apiPost<UnitTopic>(`/api/staff/units/${unitId}/topics`, body);
}
export function updateTopic(unitId: string, topicId: string, body: TopicInput) {
  return apiPut<UnitTopic>(`/api/staff/units/${unitId}/topics/${topicId}`, body);
}

export function useAbsences(unitId: string) {
  return useQuery({ queryKey: rulesKeys.absences(unitId), queryFn: () => apiGet<{ items: Absence[] }>(`/api/staff/units/${unitId}/absences`) });
}
export function addAbsence(unitId: string, body: NewAbsence) {
  return apiPost<Absence>(`/api/staff/units/${unitId}/absences`, body);
}
export function endAbsence(unitId: string, absenceId: string) {
  return apiPost(`/api/staff/units/${unitId}/absences/${absenceId}/end`);
}

export function useEscalation(unitId: string) {
  return useQuery({ queryKey: rulesKeys.escalation(unitId), queryFn: () => apiGet<EscalationSettings>(`/api/staff/units/${unitId}/escalation`) });
}
export function saveEscalation(unitId: string, body: EscalationSettings) {
  return apiPut<EscalationSettings>(`/api/staff/units/${unitId}/escalation`, body);
}

export function useNotices() {
  return useQuery({ queryKey: rulesKeys.notices, queryFn: () => apiGet<{ items: StaffNotice[] }>('/api/staff/notices?unread=true') });
}
/** A notice's text (Mine varsler and the workspace's banner). */
export function noticeText(t: TranslateFn, n: StaffNotice): string {
  const topic = n.topic ?? '';
  if (n.kind === 'assigned') return t('rules.notices.assigned', { name: n.by?.name ?? t('inbox.assigned.colleague'), topic });
  return t(n.kind === 'escalation' ? 'rules.notices.escalation' : 'rules.notices.cover', { topic });
}

export function markNoticeRead(id: string) {
  return apiPost(`/api/staff/notices/${id}/read`);
}

/** The citizen's archive (view) or a search (q) of their conversations, first page of 50. */
export function useCitizenThreadView(view: 'inbox' | 'archived', q: string, enabled: boolean) {
  const params = new URLSearchParams({ limit: '50' });
  if (q) params.set('q', q);
  else params.set('view', view);
  return useQuery({ queryKey: rulesKeys.citizenView(view, q), queryFn: () => apiGet<ThreadPage>(`/api/citizen/threads?${params.toString()}`), enabled });
}

export function setArchived(threadId: string, archived: boolean): Promise<void> {
  return archived ? apiPut(`/api/citizen/threads/${threadId}/archive`, {}) : apiDelete(`/api/citizen/threads/${threadId}/archive`);
}

