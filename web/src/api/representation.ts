/**
 * The representation API: whom the citizen acts for, powers of attorney (fullmakt), the
 * access log (logginnsyn), and what clinicians decide about parents' access.
 */
import { useMe } from './queries.ts';
import { isPatientQuery } from '@helsedialog/core/constants';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, apiGet, apiPost, apiPut } from './client.ts';
import type {
  AccessLogPage,
  Capability,
  ContactDetail,
  GrantKind,
  GrantResult,
  ParentList,
  PatientHit,
  PoaArea,
  PowerOfAttorney,
  PowerOfAttorneyList,
  RepresentationArea,
  RepresentationItem,
  RepresentationList,
} from '@helsedialog/core';
import type { StaffRole } from './types.ts';

export type HideableObject = 'thread' | 'appointment' | 'letter';

export const representationKeys = {
  list: ['representation', 'list'] as const,
  poas: ['representation', 'poas'] as const,
  accessLog: ['representation', 'access-log'] as const,
  parents: (contactId: string) => ['representation', 'staff', 'parents', contactId] as const,
  contact: (contactId: string) => ['representation', 'staff', 'contact', contactId] as const,
};

/** Error codes the server uses when a representation does not (or no longer) allow something. */
export const REPRESENTATION_ENDED = 'REPRESENTATION_ENDED';
export const REPRESENTATION_AREA = 'REPRESENTATION_AREA';

/** True for a 403 saying the chosen representation ended (the server already switched back to oneself). */
export function isRepresentationEnded(error: unknown): error is ApiError {
  return error instanceof ApiError && error.code === REPRESENTATION_ENDED;
}

/** True for a 403 saying the representation does not cover what was asked for. */
export function isRepresentationArea(error: unknown): error is ApiError {
  return error instanceof ApiError && error.code === REPRESENTATION_AREA;
}

const AREAS: readonly string[] = ['contacts', 'dialog', 'appointments', 'documents'] satisfies RepresentationArea[];

/** The area a REPRESENTATION_AREA problem names (its `area` member), or null when it names none. */
export function problemArea(error: unknown): RepresentationArea | null {
  if (!isRepresentationArea(error)) return null;
  const area = error.extensions.area;
  return typeof area === 'string' && AREAS.includes(area) ? (area as RepresentationArea) : null;
}

// ---------- citizen ----------

/** GET /api/citizen/representations as a query (main.tsx fetches it before the first render for a citizen). */
export const representationsQuery = {
  queryKey: representationKeys.list,
  queryFn: () => apiGet<RepresentationList>('/api/citizen/representations'),
};

/** Whom the citizen may act for (only citizens; disabled for staff). */
export function useRepresentations(enabled = true) {
  return useQuery({ ...representationsQuery, enabled });
}

/**
 * What the current representation (or oneself) lets the user see, per object kind, as the
 * server's access policy answers it. Unknown while loading: links are then shown as before,
 * and the server still refuses with its reason.
 */
export function useCapability(kind: string): Capability | undefined {
  const me = useMe();
  const reps = useRepresentations(me.data?.kind === 'citizen');
  const id = me.data?.actingFor?.id ?? me.data?.person.id;
  return reps.data?.items.find((i) => i.personId === id)?.capabilities[kind];
}

/** PUT /api/citizen/acting-for: every later request acts for that person. */
export function setActingFor(personId: string): Promise<RepresentationItem> {
  return apiPut<RepresentationItem>('/api/citizen/acting-for', { personId });
}

export function usePowersOfAttorney() {
  return useQuery({
    queryKey: representationKeys.poas,
    queryFn: () => apiGet<PowerOfAttorneyList>('/api/citizen/powers-of-attorney'),
  });
}

export interface GivePoaInput {
  holderNationalId: string;
  areas: PoaArea[];
  validUntil: string | null;
}

/** Give or revoke a power of attorney; both refresh the lists and whom one can act for. */
export function usePoaMutations() {
  const qc = useQueryClient();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: representationKeys.poas });
    void qc.invalidateQueries({ queryKey: representationKeys.list });
  };
  const give = useMutation({
    mutationFn: (input: GivePoaInput) => apiPost<PowerOfAttorney>('/api/citizen/powers-of-attorney', input),
    onSuccess: refresh,
  });
  const revoke = useMutation({
    mutationFn: (id: string) => apiPost<PowerOfAttorney>(`/api/citizen/powers-of-attorney/${id}/revoke`),
    onSuccess: refresh,
  });
  return { give, revoke };
}

/** The access log, newest first, keyset paged. */
export function useAccessLog(limit = 20) {
  return useInfiniteQuery({
    queryKey: representationKeys.accessLog,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      apiGet<AccessLogPage>(`/api/citizen/access-log?${new URLSearchParams({ limit: String(limit), ...(pageParam ? { cursor: pageParam } : {}) }).toString()}`),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

// ---------- staff ----------

export function useContactParents(contactId: string | undefined) {
  return useQuery({
    queryKey: representationKeys.parents(contactId ?? ''),
    queryFn: () => apiGet<ParentList>(`/api/staff/contacts/${contactId}/parents`),
    enabled: !!contactId,
  });
}

/** One health contact of the unit: the patient, relatives, and grants (the server logs the access). */
export function useContactDetail(contactId: string | undefined) {
  return useQuery({
    queryKey: representationKeys.contact(contactId ?? ''),
    queryFn: () => apiGet<ContactDetail>(`/api/staff/contacts/${contactId}`),
    enabled: !!contactId,
  });
}

/** POST /api/staff/grants/:kind/:grantId/revoke — ends a grant now. */
export function revokeGrant(kind: GrantKind, grantId: string) {
  return apiPost<GrantResult>(`/api/staff/grants/${kind}/${grantId}/revoke`);
}

export function grantParentDialog(contactId: string, body: { parentId: string; days: number; reason: string }) {
  return apiPost<GrantResult>(`/api/staff/contacts/${contactId}/parent-dialog`, body);
}

export function grantFlexibleDialog(
  contactId: string,
  body: { personId: string; addressedRole?: StaffRole | null; addressedStaffId?: string | null; days: number },
) {
  return apiPost<GrantResult>(`/api/staff/contacts/${contactId}/flexible-dialog`, body);
}

export function setHiddenFromParents(body: { objectType: HideableObject; objectId: string; hidden: boolean }) {
  return apiPost<GrantResult>('/api/staff/hidden-from-parents', body);
}

/** A patient of a unit (GET /api/staff/units/:unitId/patients). */
export type UnitPatient = PatientHit;

export function useUnitPatients(unitId: string, q: string) {
  const query = q.trim();
  return useQuery({
    queryKey: ['representation', 'staff', 'patients', unitId, query],
    queryFn: () => apiGet<{ items: UnitPatient[] }>(`/api/staff/units/${unitId}/patients?${new URLSearchParams({ q: query }).toString()}`),
    enabled: !!unitId && isPatientQuery(query),
    staleTime: 60_000,
  });
}
