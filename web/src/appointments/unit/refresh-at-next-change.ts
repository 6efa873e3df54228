/** Refreshes a unit's appointment list when the next booked appointment's video window opens or it starts. */
import type { Appointment } from '@helsedialog/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { apptKeys } from '../api.ts';

/** The longest delay setTimeout keeps (a larger one fires at once). */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Milliseconds from `now` until the next booked appointment's video window opens or it starts,
 * plus a second's grace; null when nothing is coming within setTimeout's reach.
 */
export function msUntilNextChange(appointments: readonly Appointment[], now: number): number | null {
  const next = Math.min(
    ...appointments
      .filter((a) => a.status === 'booked')
      .flatMap((a) => [a.videoOpensAt, a.startsAt])
      .map((x) => (x ? Date.parse(x) : Infinity))
      .filter((t) => t > now),
  );
  if (!Number.isFinite(next) || next - now > MAX_TIMEOUT_MS) return null;
  return next - now + 1000;
}

/**
 * Refreshes the list when the next appointment's video window opens or it starts (the server
 * decides what may be shown then: the join link, "mark carried out"), instead of polling.
 */
export function useRefreshAtNextChange(unitId: string, appointments: Appointment[] | undefined) {
  const qc = useQueryClient();
  useEffect(() => {
    const delay = msUntilNextChange(appointments ?? [], Date.now());
    if (delay === null) return;
    const timer = setTimeout(() => void qc.invalidateQueries({ queryKey: apptKeys.unit(unitId) }), delay);
    return () => clearTimeout(timer);
  }, [qc, unitId, appointments]);
}
