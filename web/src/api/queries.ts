/** TanStack Query hooks for server data; one query key per resource. */
import { MutationCache, QueryCache, QueryClient, useQuery } from '@tanstack/react-query';
import { handleRepresentationError } from '../representation/ended.ts';
import { ApiError, apiGet, getMe, isUnauthenticated } from './client.ts';
import type { HealthContactList, StaffUnitList } from './types.ts';

/** Query keys, so invalidation and tests name the same thing. */
export const queryKeys = {
  me: ['me'] as const,
  citizenContacts: ['citizen', 'contacts'] as const,
  staffUnits: ['staff', 'units'] as const,
};

/** The app's query client: no retries on answers the server meant (4xx), one retry otherwise. */
export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      // Any 401 means the session is gone: refresh "who am I" so the header and guards follow.
      onError: (error, query) => {
        // A representation that ended: the server acts for the user themself again; refetch everything.
        if (handleRepresentationError(client, error)) return;
        if (isUnauthenticated(error) && query.queryKey[0] !== queryKeys.me[0]) {
          void client.invalidateQueries({ queryKey: queryKeys.me });
        }
      },
    }),
    mutationCache: new MutationCache({ onError: (error) => void handleRepresentationError(client, error) }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failureCount, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failureCount < 1,
      },
    },
  });
  return client;
}

/** Who is signed in (GET /api/session, web/src/api/client.ts `getMe`), as a query. */
export const meQuery = { queryKey: queryKeys.me, queryFn: getMe };

/**
 * Who is signed in; errors with a 401 ApiError when nobody is. main.tsx asks before the first
 * render. Not asked again merely because another component mounts while nobody is signed in
 * (`retryOnMount: false`): signing in is a full page load, and any 401 from another query
 * refreshes it (createQueryClient), as do window focus and the retry buttons.
 */
export function useMe() {
  return useQuery({ ...meQuery, retryOnMount: false });
}

/** The citizen's health contacts (GET /api/citizen/contacts). */
export function useCitizenContacts() {
  return useQuery({
    queryKey: queryKeys.citizenContacts,
    queryFn: () => apiGet<HealthContactList>('/api/citizen/contacts'),
  });
}

/** The units the staff member works in (GET /api/staff/units). */
export function useStaffUnits() {
  return useQuery({
    queryKey: queryKeys.staffUnits,
    queryFn: () => apiGet<StaffUnitList>('/api/staff/units'),
  });
}
