/**
 * "The representation ended": when any request answers REPRESENTATION_ENDED, the server has
 * already switched the session back to the user themself. We remember whom the user acted
 * for (to say so), and reset every query so nothing of the other person stays on screen.
 */
import type { QueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { ApiError } from '../api/client.ts';
import type { Me } from '../api/types.ts';

export interface EndedNotice {
  /** The person the user could no longer act for, when known. */
  name: string | null;
  /** When it happened (a new notice re-announces). */
  at: number;
}

let notice: EndedNotice | null = null;
let resetting = false;
const listeners = new Set<() => void>();

function emit() {
  for (const l of listeners) l();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current "representation ended" notice, or null. */
export function useEndedNotice(): EndedNotice | null {
  return useSyncExternalStore(
    subscribe,
    () => notice,
    () => null,
  );
}

/** Hides the notice (the user closed it, or chose someone else). */
export function dismissEndedNotice(): void {
  if (!notice) return;
  notice = null;
  emit();
}

/**
 * Called by the query and mutation caches for every error. Returns true when the error was a
 * REPRESENTATION_ENDED (so callers need not act on it further).
 */
export function handleRepresentationError(client: QueryClient, error: unknown): boolean {
  if (!(error instanceof ApiError && error.code === 'REPRESENTATION_ENDED')) return false;
  const me = client.getQueryData<Me>(['me']);
  const name = me?.actingFor && me.actingFor.id !== me.person.id ? me.actingFor.name : (notice?.name ?? null);
  notice = { name, at: Date.now() };
  emit();
  // Several queries may fail at once; reset everything once.
  if (!resetting) {
    resetting = true;
    queueMicrotask(() => {
      void client.resetQueries().finally(() => {
        resetting = false;
      });
    });
  }
  return true;
}
