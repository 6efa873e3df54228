/**
 * Presence from the staff live stream (staff.presence; live.ts passes it here): who else has a
 * thread open or is writing. A small store with subscribe, read through useSyncExternalStore.
 * (Notices — assigned to me, cover, escalation — are rows on the server: rules/api.ts useNotices.)
 */
import { PRESENCE_RENEW_MS, PRESENCE_TTL_MS } from '@helsedialog/core/constants';
import type { PresenceState } from '@helsedialog/core';
import { useEffect, useSyncExternalStore } from 'react';
import { announcePresence } from './api.ts';

export interface StaffEvent {
  type: string;
  threadId: string | null;
  unitId: string | null;
  staffId?: string;
  state?: PresenceState;
}

type Seen = { staffId: string; state: 'viewing' | 'writing'; at: number };
const presence = new Map<string, Map<string, Seen>>();
const listeners = new Set<() => void>();
let version = 0;
const emit = () => {
  version++;
  for (const l of listeners) l();
};
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

/** Takes a staff-only live event. */
export function onStaffEvent(e: StaffEvent): void {
  if (e.type === 'staff.presence' && e.threadId && e.staffId && e.state) {
    const m = presence.get(e.threadId) ?? new Map<string, Seen>();
    if (e.state === 'left') m.delete(e.staffId);
    else m.set(e.staffId, { staffId: e.staffId, state: e.state, at: Date.now() });
    presence.set(e.threadId, m);
    emit();
  }
}

/** Colleagues (not me) who have the thread open or are writing in it now. */
export function usePresence(threadId: string, myId: string | undefined): Seen[] {
  useSyncExternalStore(subscribe, () => version);
  // Expired presences fall out as time passes.
  useEffect(() => {
    const timer = setInterval(emit, PRESENCE_RENEW_MS);
    return () => clearInterval(timer);
  }, []);
  const now = Date.now();
  return [...(presence.get(threadId)?.values() ?? [])].filter((s) => s.staffId !== myId && now - s.at < PRESENCE_TTL_MS);
}

/** Announces one's own presence in an open thread: viewing now and every PRESENCE_RENEW_MS, writing while `writing`, left on close. */
export function useAnnouncePresence(threadId: string, writing: boolean): void {
  useEffect(() => {
    const state: PresenceState = writing ? 'writing' : 'viewing';
    const send = () => void announcePresence(threadId, state).catch(() => undefined);
    send();
    const timer = setInterval(send, PRESENCE_RENEW_MS);
    return () => clearInterval(timer);
  }, [threadId, writing]);
  useEffect(() => () => void announcePresence(threadId, 'left').catch(() => undefined), [threadId]);
}

