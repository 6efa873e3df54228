/** The appointments API (timeavtaler) for the citizen and clinician pages: queries and mutations. */
import { isPatientQuery } from '@helsedialog/core/constants';
import type {
  Appointment,
  AppointmentRequest,
  AppointmentSettings,
  CitizenAppointments,
  ContactAppointmentServices,
  PatientHit,
  Schedule,
  Slot,
  Timebook,
} from '@helsedialog/core';
import { useQuery } from '@tanstack/react-query';
import { apiGet, apiPost, apiPut } from '../api/client.ts';

/** Query keys of the appointment pages. */
export const apptKeys = {
  citizen: ['appointments', 'citizen'] as const,
  citizenOne: (id: string) => ['appointments', 'citizen', 'one', id] as const,
  services: (contactId: string) => ['appointments', 'citizen', 'services', contactId] as const,
  slots: (contactId: string) => ['appointments', 'citizen', 'slots', contactId] as const,
  unit: (unitId: string) => ['appointments', 'unit', unitId] as const,
  timebook: (id: string) => ['appointments', 'timebook', id] as const,
  patients: (unitId: string, q: string) => ['appointments', 'patients', unitId, q] as const,
  unitSlots: (unitId: string) => ['appointments', 'unit', unitId, 'slots'] as const,
};

export function useCitizenAppointments() {
  return useQuery({ queryKey: apptKeys.citizen, queryFn: () => apiGet<CitizenAppointments>('/api/citizen/appointments') });
}
export function useCitizenAppointment(id: string) {
  return useQuery({ queryKey: apptKeys.citizenOne(id), queryFn: () => apiGet<Appointment>(`/api/citizen/appointments/${id}`) });
}
export function useContactServices(contactId: string, enabled = true) {
  return useQuery({
    queryKey: apptKeys.services(contactId),
    queryFn: () => apiGet<ContactAppointmentServices>(`/api/citizen/contacts/${contactId}/appointment-services`),
    enabled,
  });
}
export function useOpenSlots(contactId: string) {
  return useQuery({
    queryKey: apptKeys.slots(contactId),
    queryFn: async () => (await apiGet<{ items: Slot[] }>(`/api/citizen/contacts/${contactId}/slots`)).items,
  });
}

export const bookSlot = (slotId: string, body: { reason: string; note?: string }) => apiPost<Appointment>(`/api/citizen/slots/${slotId}/book`, body);
export const cancelAppointment = (id: string, reason?: string) => apiPost<Appointment>(`/api/citizen/appointments/${id}/cancel`, reason ? { reason } : {});
export const sendRequest = (contactId: string, body: unknown) => apiPost<AppointmentRequest>(`/api/citizen/contacts/${contactId}/appointment-requests`, body);
export const joinWaitlist = (contactId: string, appointmentId?: string) =>
  apiPost('/api/citizen/waitlist', { contactId, ...(appointmentId ? { appointmentId } : {}) });
export const leaveWaitlist = (entryId: string) => apiPost(`/api/citizen/waitlist/${entryId}/leave`);
export const acceptOffer = (offerId: string) => apiPost<Appointment>(`/api/citizen/offers/${offerId}/accept`);
export const declineOffer = (offerId: string) => apiPost(`/api/citizen/offers/${offerId}/decline`);
export const startDialog = (id: string, intent: string, text: string) =>
  apiPost<{ threadId: string }>(`/api/citizen/appointments/${id}/dialog`, { intent, text });

// ---- Staff ----

export interface UnitOverview {
  timebooks: Timebook[];
  requests: AppointmentRequest[];
  appointments: Appointment[];
  settings: AppointmentSettings;
}

/** Everything the unit page shows (two weeks of appointments, open requests, timebooks, settings). */
export function useUnitOverview(unitId: string) {
  return useQuery({
    queryKey: apptKeys.unit(unitId),
    queryFn: async (): Promise<UnitOverview> => {
      const [tb, rq, ap, st] = await Promise.all([
        apiGet<{ items: Timebook[] }>(`/api/staff/units/${unitId}/timebooks`),
        apiGet<{ items: AppointmentRequest[] }>(`/api/staff/units/${unitId}/appointment-requests`),
        apiGet<{ items: Appointment[] }>(`/api/staff/units/${unitId}/appointments`),
        apiGet<AppointmentSettings>(`/api/staff/units/${unitId}/appointment-settings`),
      ]);
      return { timebooks: tb.items, requests: rq.items, appointments: ap.items, settings: st };
    },
  });
}
export function useSchedule(timebookId: string, from: string, to: string) {
  return useQuery({
    queryKey: [...apptKeys.timebook(timebookId), from, to],
    queryFn: () => apiGet<Schedule>(`/api/staff/timebooks/${timebookId}/schedule?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`),
  });
}

export const assignRequest = (requestId: string, body: unknown) => apiPost<Appointment>(`/api/staff/appointment-requests/${requestId}/assign`, body);
export const declineRequest = (requestId: string, text: string) => apiPost(`/api/staff/appointment-requests/${requestId}/decline`, { text });
export const completeAppointment = (id: string) => apiPost<Appointment>(`/api/staff/appointments/${id}/complete`);
/** The patient did not attend (ikke møtt), from the start time on. */
export const markNotAttended = (id: string) => apiPost<Appointment>(`/api/staff/appointments/${id}/not-attended`);
export const staffCancel = (id: string, reason?: string) => apiPost<Appointment>(`/api/staff/appointments/${id}/cancel`, reason ? { reason } : {});
export const publishSlots = (timebookId: string, body: unknown) =>
  apiPost<{ created: number; skipped: number }>(`/api/staff/timebooks/${timebookId}/slots`, body);
export const publishPattern = (timebookId: string, body: unknown) =>
  apiPost<{ created: number; skipped: number; notInOslo?: number }>(`/api/staff/timebooks/${timebookId}/patterns`, body);
export const withdrawSlot = (slotId: string) => apiPost(`/api/staff/slots/${slotId}/withdraw`);

export type { PatientHit } from '@helsedialog/core';

/** Patients of the unit matching `q` (at least two characters). */
export function useUnitPatients(unitId: string, q: string) {
  const term = q.trim();
  return useQuery({
    queryKey: apptKeys.patients(unitId, term),
    queryFn: async () => (await apiGet<{ items: PatientHit[] }>(`/api/staff/units/${unitId}/patients?q=${encodeURIComponent(term)}`)).items,
    enabled: isPatientQuery(term),
  });
}

/** The open (unbooked, not offered) slots of all the unit's timebooks in the next two weeks, earliest first. */
export function useUnitOpenSlots(unitId: string, timebooks: Timebook[], enabled = true) {
  return useQuery({
    queryKey: [...apptKeys.unitSlots(unitId), timebooks.map((tb) => tb.id).join(',')],
    enabled,
    queryFn: async () => {
      const from = new Date().toISOString();
      const to = new Date(Date.now() + 15 * 86_400_000).toISOString();
      const all = await Promise.all(
        timebooks.map((tb) => apiGet<Schedule>(`/api/staff/timebooks/${tb.id}/schedule?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`)),
      );
      return all
        .flatMap((s) => s.slots)
        .filter((s) => s.status === 'open')
        .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    },
  });
}

export const createStaffAppointment = (unitId: string, body: unknown) => apiPost<Appointment>(`/api/staff/units/${unitId}/appointments`, body);
export const staffChange = (id: string, body: unknown) => apiPost<Appointment>(`/api/staff/appointments/${id}/change`, body);
export const createTimebook = (unitId: string, body: unknown) => apiPost<Timebook>(`/api/staff/units/${unitId}/timebooks`, body);
export const offerSlots = (requestId: string, body: unknown) => apiPost<AppointmentRequest>(`/api/staff/appointment-requests/${requestId}/offer`, body);

/** PUT the unit's appointment settings (administrators); a refusal is an ApiError, shown from the error catalogue. */
export function saveSettings(unitId: string, body: AppointmentSettings): Promise<AppointmentSettings> {
  return apiPut<AppointmentSettings>(`/api/staff/units/${unitId}/appointment-settings`, body);
}
