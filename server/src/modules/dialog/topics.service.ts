/**
 * A unit's topics per service (decision 70): texts per language (nb required), guidance shown to
 * the citizen when the topic is chosen, and routing to a role pool (the thread is addressed to
 * the pool: the inbox shows and filters it). The service form's list of topic names is kept in
 * step here (syncTopicLabels), so there is one store of topics.
 */
import type { Service, TopicInput, UnitTopic } from '@helsedialog/core';
import type { StaffRole } from '../../platform/db-types.ts';
import type { DbOrTx } from '../../platform/jobs.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { TopicTexts } from './dialog-rules.tables.ts';
import { activeTopic, deactivateTopics, insertTopic, insertTopicLabel, placeTopic, topicRows, updateTopicRow } from './settings.repository.ts';

function toTopic(r: { id: string; service: string; texts: TopicTexts; role_pool: StaffRole | null; position: number; active: boolean }): UnitTopic {
  return { id: r.id, service: r.service as Service, texts: r.texts, rolePool: r.role_pool, position: r.position, active: r.active };
}

/** A unit's topics (all, or the active ones of a service), in their order. */
export async function unitTopics(db: DbOrTx, unitId: string, opts: { service?: Service; activeOnly?: boolean } = {}): Promise<UnitTopic[]> {
  const rows = await topicRows(db, unitId, opts);
  return rows.map(toTopic);
}

/** The active topic a citizen chose, of this unit and service, or a clear refusal. */
export async function requireTopic(db: DbOrTx, unitId: string, service: Service, topicId: string): Promise<UnitTopic> {
  const r = await activeTopic(db, unitId, service, topicId);
  if (!r) throw new AppError('TOPIC_UNKNOWN', 'The chosen topic is not offered for this service any more. Choose another topic or write your own.');
  return toTopic(r);
}

/** A topic as stored (texts as JSON). */
function topicValues(v: TopicInput) {
  return { service: v.service, texts: JSON.stringify(v.texts), role_pool: v.rolePool, position: v.position, active: v.active };
}

/** Adds a topic (unit administrators). */
export async function createTopic(db: DbOrTx, unitId: string, v: TopicInput, staffId: string): Promise<UnitTopic> {
  return toTopic(await insertTopic(db, unitId, topicValues(v), staffId));
}

/** Changes a topic of the unit (unit administrators); a topic is never deleted, only made inactive (threads keep it). */
export async function updateTopic(db: DbOrTx, unitId: string, topicId: string, v: TopicInput, staffId: string): Promise<UnitTopic> {
  const r = await updateTopicRow(db, unitId, topicId, topicValues(v), staffId);
  if (!r) throw notFound('The topic');
  return toTopic(r);
}

/**
 * The service form's list of topic names (bokmål): names not yet there are added, names left
 * out are made inactive, and the order is the list's. Guidance, routing and other languages of
 * the topics that stay are kept.
 */
export async function syncTopicLabels(db: DbOrTx, unitId: string, service: Service, labels: string[], staffId: string): Promise<void> {
  const existing = await unitTopics(db, unitId, { service });
  const wanted = [...new Set(labels.map((l) => l.trim()).filter(Boolean))];
  const byLabel = new Map(existing.map((t) => [t.texts.nb.label, t]));
  for (const [position, label] of wanted.entries()) {
    const t = byLabel.get(label);
    if (t) {
      if (t.position !== position || !t.active) await placeTopic(db, t.id, position, staffId);
    } else await insertTopicLabel(db, unitId, service, label, position, staffId);
  }
  const gone = existing.filter((t) => t.active && !wanted.includes(t.texts.nb.label)).map((t) => t.id);
  if (gone.length) await deactivateTopics(db, gone, staffId);
}
