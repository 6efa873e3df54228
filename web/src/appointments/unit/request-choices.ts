/** Choices in answering an appointment request: the timebook it is first given in, and the slots offered. */
import type { AppointmentRequest, Timebook } from '@helsedialog/core';

/** The timebook a request is first given in: the patient's own GP's, if they have one here, else the first. */
export function preferredTimebookId(r: Pick<AppointmentRequest, 'gpStaffId'>, timebooks: readonly Timebook[]): string {
  const gp = r.gpStaffId ? timebooks.find((tb) => tb.kind === 'clinician' && tb.staffId === r.gpStaffId)?.id : undefined;
  return gp ?? timebooks[0]?.id ?? '';
}

/** How many slots one offer may hold. */
export const MAX_OFFERED = 5;

/** The chosen slots after ticking or unticking one; a sixth is not added. */
export function toggleOffered(chosen: readonly string[], slotId: string, checked: boolean): string[] {
  if (!checked) return chosen.filter((x) => x !== slotId);
  if (chosen.includes(slotId) || chosen.length >= MAX_OFFERED) return [...chosen];
  return [...chosen, slotId];
}
