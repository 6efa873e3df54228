/** Statistics API: the scopes the staff member may choose, and the counts of one scope and period. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Statistics, StatisticsScopes } from '@helsedialog/core';
import { apiGet } from '../api/client.ts';

export const statisticsKeys = {
  scopes: ['statistics', 'scopes'] as const,
  one: (scope: string, period: string) => ['statistics', scope, period] as const,
};

export function useStatisticsScopes() {
  return useQuery({ queryKey: statisticsKeys.scopes, queryFn: () => apiGet<StatisticsScopes>('/api/staff/statistics/scopes') });
}

/** `scope` is `unit:<id>` or `organisation:<id>`. */
export function statisticsPath(scope: string, period: string): string {
  const [kind, id] = scope.split(':') as [string, string];
  return `/api/staff/statistics/${kind === 'organisation' ? 'organisations' : 'units'}/${encodeURIComponent(id)}?period=${encodeURIComponent(period)}`;
}

export function useStatistics(scope: string | undefined, period: string) {
  return useQuery({
    queryKey: statisticsKeys.one(scope ?? '', period),
    queryFn: () => apiGet<Statistics>(statisticsPath(scope!, period)),
    enabled: !!scope,
    placeholderData: keepPreviousData,
  });
}
