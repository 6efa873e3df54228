/** Maps rows to the API shapes of core/dialog-api.ts. */
import { awaitsAnswer, type DialogMessage, type ThreadSummary } from '@helsedialog/core';
import type { ThreadRow } from './threads.repository.ts';
import type { messagesOfThread } from './threads.repository.ts';
import { now as clockNow } from '../../platform/clock.ts';

type MessageRow = Awaited<ReturnType<typeof messagesOfThread>>[number];

/** A thread as a list shows it, seen from one side. */
export function threadSummary(t: ThreadRow, side: 'citizen' | 'unit', now = clockNow()): ThreadSummary {
  return {
    id: t.id,
    kind: t.kind,
    topic: t.topic,
    status: t.status,
    startedBy: t.started_by,
    unit: { id: t.unit_id, name: t.unit_name },
    createdAt: t.created_at.toISOString(),
    lastMessageAt: t.last_message_at.toISOString(),
    dueAt: t.due_at?.toISOString() ?? null,
    overdue: !!t.due_at && t.due_at < now && awaitsAnswer(t.status),
    unread: side === 'citizen' ? t.citizen_unread : t.unit_unread,
    repliesAllowed: t.replies_allowed,
    conversion: t.conversion_kind && t.conversion_state ? { kind: t.conversion_kind, state: t.conversion_state } : null,
    topicId: t.topic_id,
    ...(side === 'unit' ? { addressedRole: t.addressed_role, version: t.last_seq } : {}),
  };
}

/** Messages with attachments, seen from one side. Staff names show with their title. */
export function messageList(rows: MessageRow[], side: 'citizen' | 'unit'): DialogMessage[] {
  return rows.map((m) => {
    const name =
      m.author_kind === 'staff'
        ? `${m.s_given ?? ''} ${m.s_family ?? ''}`.trim()
        : m.author_kind === 'citizen'
          ? `${m.ap_given ?? ''} ${m.ap_family ?? ''}`.trim()
          : 'helsedialog';
    const onBehalfOf = m.on_behalf_of_id && m.on_behalf_of_id !== m.author_person_id ? `${m.ob_given ?? ''} ${m.ob_family ?? ''}`.trim() : null;
    return {
      id: m.id,
      seq: m.seq,
      author: { kind: m.author_kind, name, onBehalfOf, role: m.author_kind === 'staff' ? (m.s_title ?? null) : null },
      mine: side === 'citizen' ? m.author_kind === 'citizen' : m.author_kind === 'staff',
      text: m.text,
      important: m.important,
      createdAt: m.created_at.toISOString(),
      deliveredAt: m.delivered_at.toISOString(),
      readAt: m.read_at?.toISOString() ?? null,
      attachments: m.attachments.map((a) => ({ id: a.id, filename: a.filename, contentType: a.content_type, sizeBytes: Number(a.size_bytes) })),
    };
  });
}
