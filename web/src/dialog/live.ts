/**
 * Live updates: one EventSource per page for /api/events, shared by every component that asks.
 * Events carry ids only; we refresh the matching queries through the ordinary routes.
 */
import type { ThreadDetail } from '@helsedialog/core';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { onStaffEvent, type StaffEvent } from '../workspace/presence.ts';
import { rulesKeys } from '../rules/api.ts';

interface LiveEvent {
  type: 'message.created' | 'message.read' | 'thread.updated' | 'resync' | string;
  threadId: string | null;
  unitId: string | null;
  by: 'citizen' | 'unit' | null;
  messageId?: string | null;
}

let source: EventSource | undefined;
let users = 0;

/** Appointment events: every appointment query is refreshed (the unit page, timebooks, the citizen's list). */
const APPOINTMENT_EVENTS = [
  'appointment.booked',
  'appointment.assigned',
  'appointment.changed',
  'appointment.cancelled',
  'appointment.requested',
  'appointment.offered',
  'appointment.request_declined',
  'visit.completed',
  // Issue 17: the patient's answers and arrival, staff handling them, absence blocks.
  'appointment.answered',
  'appointment.checked_in',
  'appointment.answer_handled',
  'appointment.completed',
  'slot.blocked',
  'slot.unblocked',
];

function handle(qc: QueryClient, side: 'citizen' | 'staff', e: LiveEvent) {
  if (APPOINTMENT_EVENTS.includes(e.type) || e.type === 'resync') void qc.invalidateQueries({ queryKey: ['appointments'] });
  if (APPOINTMENT_EVENTS.includes(e.type)) return;
  const mine = (side === 'citizen' && e.by === 'citizen') || (side === 'staff' && e.by === 'unit');
  // Opening a thread marks it read and sends message.read: refreshing our own open thread on our
  // own read event would loop. Lists and counts are always refreshed.
  void qc.invalidateQueries({
    queryKey: ['dialog', side],
    predicate: (q) => {
      if (q.queryKey[2] !== 'thread') return true;
      if (e.threadId && q.queryKey[3] !== e.threadId) return false;
      // A message this client sent is already in its copy of the thread (folded in from the send's answer).
      if (e.type === 'message.created' && e.messageId && (q.state.data as ThreadDetail | undefined)?.messages.some((m) => m.id === e.messageId)) return false;
      return !(e.type === 'message.read' && mine);
    },
  });
}

/** Subscribes the calling component to live dialog and appointment events while it is mounted. */
export function useLiveDialog(side: 'citizen' | 'staff', enabled = true) {
  const qc = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    users++;
    if (!source) {
      source = new EventSource('/api/events', { withCredentials: true });
      const on = (ev: MessageEvent<string>) => {
        try {
          handle(qc, side, JSON.parse(ev.data) as LiveEvent);
        } catch {
          // ignore malformed events
        }
      };
      // Colleagues' presence changes no list: only the workspace's presence store.
      const onStaff = (ev: MessageEvent<string>) => {
        try {
          onStaffEvent(JSON.parse(ev.data) as StaffEvent);
        } catch {
          // ignore malformed events
        }
      };
      if (side === 'staff') {
        source.addEventListener('staff.presence', onStaff as EventListener);
        // A notice (assigned to, cover for, escalated to someone in the unit): my unread notices are read again.
        source.addEventListener('staff.notice', () => void qc.invalidateQueries({ queryKey: rulesKeys.notices }));
      }
      // 'resync': the server may have missed events; refetch everything shown.
      for (const type of ['message.created', 'message.read', 'thread.updated', 'resync', ...APPOINTMENT_EVENTS])
        source.addEventListener(type, on as EventListener);
      // The stream itself came back after a break (the browser reconnects on its own): the same.
      let opened = false;
      source.addEventListener('open', () => {
        if (opened) handle(qc, side, { type: 'resync', threadId: null, unitId: null, by: null });
        opened = true;
      });
    }
    return () => {
      users--;
      if (users === 0 && source) {
        source.close();
        source = undefined;
      }
    };
  }, [qc, side, enabled]);
}
