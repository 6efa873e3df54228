/** The letters API for the citizen and clinician pages: queries and sends (CSRF, Idempotency-Key). */
import { isPatientQuery } from '@helsedialog/core/constants';
import type { LetterDetail, LetterList, NewPdfLetter, NewTemplateLetter, StaffLetter, StaffLetterList } from '@helsedialog/core';
import { useQuery } from '@tanstack/react-query';
import { ApiError, apiGet, getMe } from '../api/client.ts';

/** Query keys of the letter pages; everything under ['letters']. */
export const letterKeys = {
  all: ['letters'] as const,
  citizen: ['letters', 'citizen'] as const,
  citizenOne: (id: string) => ['letters', 'citizen', 'one', id] as const,
  unit: (unitId: string) => ['letters', 'unit', unitId] as const,
  patients: (unitId: string, q: string) => ['letters', 'patients', unitId, q] as const,
};

export interface PatientHit {
  contactId: string;
  citizenId: string;
  name: string;
  birthDate: string;
  status: 'active' | 'previous';
}

let csrf: string | undefined;

async function problem(response: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    if ((response.headers.get('content-type') ?? '').includes('json')) body = (await response.json()) as Record<string, unknown>;
  } catch {
    // not JSON after all
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return new ApiError(response.status, {
    status: response.status,
    code: str(body.code),
    detail: str(body.detail),
    title: str(body.title) ?? response.statusText,
  });
}

/** A state-changing request: JSON or FormData, with the CSRF token (refreshed once if stale). */
export async function send<T>(method: 'POST' | 'PUT', path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
  for (let attempt = 0; attempt < 2; attempt++) {
    csrf ??= (await getMe()).csrfToken;
    const h: Record<string, string> = { accept: 'application/json, application/problem+json', 'x-csrf-token': csrf, ...headers };
    const isForm = body instanceof FormData;
    if (!isForm) h['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(path, { method, headers: h, credentials: 'same-origin', body: isForm ? body : JSON.stringify(body) });
    } catch {
      throw new ApiError(0, { code: 'NETWORK_ERROR' });
    }
    if (response.ok) return (await response.json()) as T;
    const err = await problem(response);
    if (err.code === 'CSRF_FAILED' && attempt === 0) {
      csrf = undefined;
      continue;
    }
    throw err;
  }
  throw new ApiError(0, { code: 'NETWORK_ERROR' });
}

export function useCitizenLetters() {
  return useQuery({ queryKey: letterKeys.citizen, queryFn: () => apiGet<LetterList>('/api/citizen/letters') });
}

/** Opening a letter marks it read, so it is fetched fresh each time. */
export function useCitizenLetter(id: string) {
  return useQuery({ queryKey: letterKeys.citizenOne(id), queryFn: () => apiGet<LetterDetail>(`/api/citizen/letters/${id}`), staleTime: 0 });
}

export function useUnitLetters(unitId: string) {
  return useQuery({ queryKey: letterKeys.unit(unitId), queryFn: () => apiGet<StaffLetterList>(`/api/staff/units/${unitId}/letters`), refetchInterval: 15_000 });
}

export function usePatients(unitId: string, q: string) {
  return useQuery({
    queryKey: letterKeys.patients(unitId, q),
    queryFn: async () => (await apiGet<{ items: PatientHit[] }>(`/api/staff/units/${unitId}/patients?q=${encodeURIComponent(q)}`)).items,
    enabled: isPatientQuery(q),
  });
}

/** Sends a template letter. */
export function sendTemplateLetter(unitId: string, body: NewTemplateLetter, key: string): Promise<StaffLetter> {
  return send<StaffLetter>('POST', `/api/staff/units/${unitId}/letters`, body, { 'idempotency-key': key });
}

/** Sends a PDF letter (multipart: payload + the file). */
export function sendPdfLetter(unitId: string, payload: NewPdfLetter, file: File, key: string): Promise<StaffLetter> {
  const fd = new FormData();
  fd.append('payload', JSON.stringify(payload));
  fd.append('file', file, file.name);
  return send<StaffLetter>('POST', `/api/staff/units/${unitId}/letters`, fd, { 'idempotency-key': key });
}

/** A new random Idempotency-Key. */
export function newKey(): string {
  return crypto.randomUUID();
}
