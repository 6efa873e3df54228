/** The campaign, paper-list and delivery API for the clinician pages, and the question in a citizen's thread. */
import type { Campaign, CampaignRecipient, CampaignTemplate, MessageDelivery, NewCampaign, PaperItem, RecipientLine, UnreadItem, UnreadRule } from '@helsedialog/core';
import { useQuery } from '@tanstack/react-query';
import { apiGet, apiPost, apiPut } from '../api/client.ts';

export const campaignKeys = {
  all: ['campaigns'] as const,
  unit: (unitId: string) => ['campaigns', 'unit', unitId] as const,
  one: (id: string) => ['campaigns', 'one', id] as const,
  recipients: (id: string) => ['campaigns', 'recipients', id] as const,
  templates: (unitId: string) => ['campaigns', 'templates', unitId] as const,
  paper: (unitId: string, campaignId?: string) => ['campaigns', 'paper', unitId, campaignId ?? ''] as const,
  notRead: (unitId: string) => ['campaigns', 'not-read', unitId] as const,
  notReadCount: (unitId: string) => ['campaigns', 'not-read-count', unitId] as const,
  delivery: (threadId: string) => ['campaigns', 'delivery', threadId] as const,
  question: (threadId: string) => ['campaigns', 'question', threadId] as const,
};

export function useCampaigns(unitId: string) {
  return useQuery({ queryKey: campaignKeys.unit(unitId), queryFn: () => apiGet<{ items: Campaign[]; nextBefore: string | null }>(`/api/staff/units/${unitId}/campaigns`) });
}

/** One campaign; polled every two seconds while it is sending, so the progress bar moves. */
export function useCampaign(id: string) {
  return useQuery({
    queryKey: campaignKeys.one(id),
    queryFn: () => apiGet<Campaign>(`/api/staff/campaigns/${id}`),
    refetchInterval: (q) => (q.state.data?.state === 'running' || (q.state.data?.progress.stored ?? 0) > 0 ? 2000 : false),
  });
}

export function useRecipients(id: string, enabled: boolean) {
  return useQuery({ queryKey: campaignKeys.recipients(id), queryFn: () => apiGet<{ items: CampaignRecipient[] }>(`/api/staff/campaigns/${id}/recipients`), enabled });
}

export function useTemplates(unitId: string) {
  return useQuery({ queryKey: campaignKeys.templates(unitId), queryFn: () => apiGet<{ items: CampaignTemplate[] }>(`/api/staff/units/${unitId}/campaign-templates`) });
}

export function usePaper(unitId: string, campaignId?: string) {
  const q = campaignId ? `?campaignId=${campaignId}` : '';
  return useQuery({ queryKey: campaignKeys.paper(unitId, campaignId), queryFn: () => apiGet<{ items: PaperItem[] }>(`/api/staff/units/${unitId}/paper${q}`) });
}

export function useNotRead(unitId: string) {
  return useQuery({ queryKey: campaignKeys.notRead(unitId), queryFn: () => apiGet<{ items: UnreadItem[]; rules: UnreadRule[] }>(`/api/staff/units/${unitId}/not-read`) });
}

export function useNotReadCount(unitId: string) {
  return useQuery({ queryKey: campaignKeys.notReadCount(unitId), queryFn: () => apiGet<{ count: number }>(`/api/staff/units/${unitId}/not-read/count`), staleTime: 60_000 });
}

export function useDelivery(threadId: string) {
  return useQuery({ queryKey: campaignKeys.delivery(threadId), queryFn: () => apiGet<{ items: MessageDelivery[] }>(`/api/staff/threads/${threadId}/delivery`), refetchInterval: 15_000 });
}

/** The question of a campaign thread; null when the conversation has none. */
export function useQuestion(threadId: string) {
  return useQuery({
    queryKey: campaignKeys.question(threadId),
    queryFn: () => apiGet<{ question: string; choices: string[]; answer: string | null } | null>(`/api/citizen/threads/${threadId}/question`),
  });
}

export const checkIds = (unitId: string, nationalIds: string[]) =>
  apiPost<{ lines: RecipientLine[] }>(`/api/staff/units/${unitId}/campaigns/recipient-check`, { nationalIds });
export const createCampaign = (unitId: string, body: NewCampaign) => apiPost<Campaign>(`/api/staff/units/${unitId}/campaigns`, body);
export const saveTemplate = (unitId: string, body: Omit<CampaignTemplate, 'id'>) => apiPost<CampaignTemplate>(`/api/staff/units/${unitId}/campaign-templates`, body);
export const campaignAction = (id: string, action: 'start' | 'pause' | 'resume' | 'cancel') => apiPost<Campaign>(`/api/staff/campaigns/${id}/${action}`);
export const saveRules = (unitId: string, rules: UnreadRule[]) => apiPut<{ rules: UnreadRule[] }>(`/api/staff/units/${unitId}/unread-rules`, { rules });
export const answerQuestion = (threadId: string, choice: string) => apiPost(`/api/citizen/threads/${threadId}/answer`, { choice });
