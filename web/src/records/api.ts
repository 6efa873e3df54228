/** The record API for the citizen and clinician pages. */
import type { AnalysisHistory, AwaitingRelease, RecordDetail, RecordKind, RecordList } from '@helsedialog/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { apiGet } from '../api/client.ts';

export const recordKeys = {
  all: ['records'] as const,
  list: (kind: RecordKind) => ['records', 'list', kind] as const,
  one: (id: string) => ['records', 'one', id] as const,
  history: (code: string) => ['records', 'history', code] as const,
  awaiting: (unitId: string) => ['records', 'awaiting', unitId] as const,
};

/** One kind of the citizen's items, page by page (keyset cursor). */
export function useRecordList(kind: RecordKind) {
  return useInfiniteQuery({
    queryKey: recordKeys.list(kind),
    queryFn: ({ pageParam }) => apiGet<RecordList>(`/api/citizen/records?kind=${kind}&limit=30${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** The first page only (for unread counts on the start page). */
export function useRecordCount(kind: RecordKind, enabled: boolean) {
  return useQuery({ queryKey: [...recordKeys.list(kind), 'count'], queryFn: () => apiGet<RecordList>(`/api/citizen/records?kind=${kind}&limit=1`), enabled });
}

export function useRecord(id: string) {
  return useQuery({ queryKey: recordKeys.one(id), queryFn: () => apiGet<RecordDetail>(`/api/citizen/records/${id}`) });
}

export function useAnalysisHistory(code: string) {
  return useQuery({ queryKey: recordKeys.history(code), queryFn: () => apiGet<AnalysisHistory>(`/api/citizen/records/analyses/${encodeURIComponent(code)}`) });
}

/** A unit's items awaiting release, oldest first, page by page (keyset cursor): a busy unit's 101st item is reachable too. */
export function useAwaitingRelease(unitId: string) {
  return useInfiniteQuery({
    queryKey: recordKeys.awaiting(unitId),
    queryFn: ({ pageParam }) =>
      apiGet<AwaitingRelease>(`/api/staff/units/${unitId}/records/awaiting-release?limit=50${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
