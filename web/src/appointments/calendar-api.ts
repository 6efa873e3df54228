/** The API of the staff calendar, answers, check-in and the staff waitlist (issue 17). */
import type { AnswerSettings, Appointment, AppointmentAnswer, Calendar, CalendarSlot, FreeBusy, OpenAnswers, StaffWaitlistPage } from '@helsedialog/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { apiGet, apiPost, apiPut } from '../api/client.ts';

/** Every key starts with 'appointments', so live appointment events refresh them (dialog/live.ts). */
export const calKeys = {
  calendar: (unitId: string, from: string, to: string, tb: string) => ['appointments', 'calendar', unitId, from, to, tb] as const,
  freeBusy: (unitId: string, from: string, to: string, tb: string) => ['appointments', 'free-busy', unitId, from, to, tb] as const,
  answers: (unitId: string) => ['appointments', 'answers', unitId] as const,
  waitlist: (unitId: string, status: string) => ['appointments', 'waitlist', unitId, status] as const,
  answerSettings: (unitId: string) => ['appointments', 'answer-settings', unitId] as const,
};

const period = (from: string, to: string, tb: string) => `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}${tb ? `&timebooks=${tb}` : ''}`;

export function useCalendar(unitId: string, from: string, to: string, timebookId: string) {
  return useQuery({
    queryKey: calKeys.calendar(unitId, from, to, timebookId),
    queryFn: () => apiGet<Calendar>(`/api/staff/units/${unitId}/calendar?${period(from, to, timebookId)}`),
  });
}

export function useFreeBusy(unitId: string, from: string, to: string, timebookId: string, enabled = true) {
  return useQuery({
    queryKey: calKeys.freeBusy(unitId, from, to, timebookId),
    queryFn: () => apiGet<FreeBusy>(`/api/staff/units/${unitId}/free-busy?${period(from, to, timebookId)}`),
    enabled,
  });
}

export function useOpenAnswers(unitId: string) {
  return useInfiniteQuery({
    queryKey: calKeys.answers(unitId),
    initialPageParam: '',
    queryFn: ({ pageParam }) => apiGet<OpenAnswers>(`/api/staff/units/${unitId}/appointment-answers${pageParam ? `?after=${pageParam}` : ''}`),
    getNextPageParam: (last) => last.next ?? undefined,
  });
}

export function useStaffWaitlist(unitId: string, status: 'active' | 'all') {
  return useInfiniteQuery({
    queryKey: calKeys.waitlist(unitId, status),
    initialPageParam: '',
    queryFn: ({ pageParam }) => apiGet<StaffWaitlistPage>(`/api/staff/units/${unitId}/waitlist?status=${status}${pageParam ? `&after=${pageParam}` : ''}`),
    getNextPageParam: (last) => last.next ?? undefined,
  });
}

export function useAnswerSettings(unitId: string) {
  return useQuery({ queryKey: calKeys.answerSettings(unitId), queryFn: () => apiGet<AnswerSettings>(`/api/staff/units/${unitId}/answer-settings`) });
}

export const saveAnswerSettings = (unitId: string, body: AnswerSettings) => apiPut<AnswerSettings>(`/api/staff/units/${unitId}/answer-settings`, body);
export const addBlock = (timebookId: string, body: { date: string; startTime: string; endDate?: string; endTime: string; reason: string }) =>
  apiPost<CalendarSlot>(`/api/staff/timebooks/${timebookId}/blocks`, body);
export const removeBlock = (blockId: string) => apiPost(`/api/staff/blocks/${blockId}/remove`);
export const markAnswerHandled = (appointmentId: string) => apiPost<Appointment>(`/api/staff/appointments/${appointmentId}/answer-handled`);
export const answerAppointment = (appointmentId: string, answer: AppointmentAnswer, text?: string) =>
  apiPost<Appointment>(`/api/citizen/appointments/${appointmentId}/answer`, { answer, ...(text ? { text } : {}) });
export const checkInAppointment = (appointmentId: string) => apiPost<Appointment>(`/api/citizen/appointments/${appointmentId}/check-in`);

/** How many patients' answers wait for the unit (no names: nothing is access-logged). */
export function useOpenAnswerCount(unitId: string) {
  return useQuery({
    queryKey: [...calKeys.answers(unitId), 'count'],
    queryFn: async () => (await apiGet<OpenAnswers>(`/api/staff/units/${unitId}/appointment-answers?limit=0`)).count,
  });
}
