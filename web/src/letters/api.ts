/** The letters API for the citizen and clinician pages: queries and sends (through client.ts, with an Idempotency-Key). */
import { isPatientQuery } from '@helsedialog/core/constants';
import type { LetterDetail, LetterList, NewPdfLetter, NewTemplateLetter, PatientHit, StaffLetter, StaffLetterList } from '@helsedialog/core';
import { useQuery } from '@tanstack/react-query';
import { apiGet, apiPost, withFiles } from '../api/client.ts';

/** Query keys of the letter pages; everything under ['letters']. */
export const letterKeys = {
  all: ['letters'] as const,
  citizen: ['letters', 'citizen'] as const,
  citizenOne: (id: string) => ['letters', 'citizen', 'one', id] as const,
  unit: (unitId: string) => ['letters', 'unit', unitId] as const,
  patients: (unitId: string, q: string) => ['letters', 'patients', unitId, q] as const,
};

export type { PatientHit } from '@helsedialog/core';

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
  return apiPost<StaffLetter>(`/api/staff/units/${unitId}/letters`, body, { idempotencyKey: key });
}

/** Sends a PDF letter (multipart: payload + the file). */
export function sendPdfLetter(unitId: string, payload: NewPdfLetter, file: File, key: string): Promise<StaffLetter> {
  return apiPost<StaffLetter>(`/api/staff/units/${unitId}/letters`, withFiles(payload, [file], 'file'), { idempotencyKey: key });
}
