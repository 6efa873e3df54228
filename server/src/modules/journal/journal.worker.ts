/**
 * Delivery of the journal outbox. The outbox schedules itself: every open item has a due time
 * (`next_attempt_at`), and a worker takes the order key (the thread) of the item due first. It
 * locks the order key's open rows, takes the head (lowest seq not yet documented or rejected),
 * sends it outside any transaction, records the answer, and goes on to the next — never item n+1
 * before n has a receipt. A failure leaves the head waiting with backoff (its due time); after
 * maxAttempts the head is dead-lettered and blocks its thread until staff resend it. A claimed
 * head is due again when its lease ends (a worker that died mid-send) or, over AMQP, when the
 * reply queue is to be looked at. Items behind a head that is not due wait until it is
 * (`holdBehind`), so the due index holds no item that only waits for another. Sending is at
 * least once; the item id is the stable id the EPJ dedupes on.
 */
import { z } from 'zod';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../platform/config.ts';
import type { Database, Db } from '../../platform/db.ts';
import { backoffMs, defineQueue, type DbOrTx, type Worker } from '../../platform/jobs.ts';
import { parseAppRec } from './kith/apprec.ts';
import { buildPayload, DEFAULT_SENDER, PayloadError } from './journal.content.ts';
import {
  dueOrderKey,
  findEndpoint,
  findItem,
  holdBehind,
  lockHead,
  releaseOrderKey,
  setDue,
  updateItem,
  type EpjEndpoint,
  type ItemRow,
} from './journal.repository.ts';
import type { JournalReceipt } from './journal.tables.ts';
import { egressPolicyOf, type EgressPolicy } from '../../platform/egress.ts';
import { sendAmqp10, takeBusReceipts } from './journal.amqp10.ts';
import { publishKithAmqp, ReceiptMismatchError, receiptOfAppRec, sendFhirHttp, sendKithHttp, takeAppRecs, TransientError } from './journal.transport.ts';
import { now as clockNow, nowMs } from '../../platform/clock.ts';

/** Tuning of delivery; tests shorten the times. */
export interface JournalOptions {
  /** Backoff before retry n is about backoffBaseMs * 2^n (capped at 10 minutes). */
  backoffBaseMs: number;
  /** Failed sends of one item before it is dead-lettered. */
  maxAttempts: number;
  /** How long an item may be "sending" (HTTP in flight, or AMQP awaiting its AppRec) before it is sent again. */
  leaseMs: number;
  receiptTimeoutMs: number;
  /** How often the reply queue is looked at while an AMQP item awaits its receipt. */
  receiptPollMs: number;
  /** Base for relative endpoint URLs ("/dev-epj/kith"): this server itself. */
  selfUrl: string;
  /** Which addresses the worker may connect to (platform/egress.ts). */
  egress: EgressPolicy;
  /**
   * How long one call of the work source goes on delivering a thread's items before it gives the
   * worker back (after the item in hand; the rest of the thread is made due at once, so a worker
   * comes back to it next turn). Jobs (notifications) and the journal take turns, so a journal
   * backlog holds a job up by about this long per worker loop, not by whole threads; a turn of
   * a few items keeps the per-item cost of a turn (a look for jobs, the thread made due again) low.
   * 0: one item per turn.
   */
  turnMs: number;
}

export const DEFAULT_JOURNAL_OPTIONS: Omit<JournalOptions, 'selfUrl' | 'egress'> = {
  backoffBaseMs: 1000,
  maxAttempts: 12,
  leaseMs: 60_000,
  receiptTimeoutMs: 15 * 60_000,
  receiptPollMs: 2000,
  turnMs: 500,
};

/** Where this server can be reached by itself (for the development EPJ). */
export function selfUrlOf(config: Config): string {
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
}

/** The queue of the delivery jobs written before migration 20261202T0800_journal_due. */
/** Jobs of the journal's old delivery queue (before the outbox), drained without effect. */
const LEGACY_JOURNAL_QUEUE = defineQueue('journal.deliver', z.record(z.string(), z.unknown()));

/** A date past any real one: items behind a dead head wait for a resend, not for a time. */
const NEVER = new Date('9999-12-31T00:00:00Z');

type Step = { kind: 'none' } | { kind: 'blocked' } | { kind: 'later'; item: ItemRow } | { kind: 'await'; item: ItemRow } | { kind: 'send'; item: ItemRow };

async function claimHead(db: Db, orderKey: string, o: JournalOptions): Promise<Step> {
  return db.transaction().execute(async (tx) => {
    const head = await lockHead(tx, orderKey);
    if (!head) return { kind: 'none' } as const;
    if (head.status === 'dead') {
      await holdBehind(tx, orderKey, head.seq, NEVER);
      return { kind: 'blocked' } as const;
    }
    const now = clockNow();
    if (head.status === 'sending' && head.sent_at) {
      const ep = await findEndpoint(tx, head.unit_id);
      const amqpWait = ep?.transport === 'amqp' || ep?.transport === 'amqp1';
      const deadline = head.sent_at.getTime() + (amqpWait ? o.receiptTimeoutMs : o.leaseMs);
      if (deadline > now.getTime()) {
        // Looked at again after the poll interval (AMQP), or when the lease ends (a send in flight elsewhere).
        const at = amqpWait ? new Date(now.getTime() + o.receiptPollMs) : new Date(deadline);
        await setDue(tx, head.id, at);
        await holdBehind(tx, orderKey, head.seq, at);
        return amqpWait ? ({ kind: 'await', item: head } as const) : ({ kind: 'later', item: head } as const);
      }
    }
    // A waiting head that was tried before keeps its backoff; one never tried goes at once (its
    // due time may be a hold from when it waited behind another).
    if (head.status === 'waiting' && head.attempts > 0 && head.next_attempt_at > now) {
      await holdBehind(tx, orderKey, head.seq, head.next_attempt_at);
      return { kind: 'later', item: head } as const;
    }
    const claimed = { status: 'sending', sent_at: now, attempts: head.attempts + 1, next_attempt_at: new Date(now.getTime() + o.leaseMs) } as const;
    await updateItem(tx, head.id, claimed);
    return { kind: 'send', item: { ...head, ...claimed } } as const;
  });
}

/** Records the EPJ's receipt on an item that is still being sent; returns false if it was not. */
export async function applyReceipt(db: DbOrTx, id: string, receipt: JournalReceipt, kickNext = true): Promise<boolean> {
  const item = await findItem(db, id);
  if (!item || item.status !== 'sending') return false;
  const ok = receipt.status !== 'rejected';
  await updateItem(db, id, {
    status: ok ? 'documented' : 'rejected',
    receipt,
    documented_at: ok ? clockNow() : null,
    last_error: ok ? null : receipt.errors.map((e) => `${e.code}: ${e.text}`).join('; '),
  });
  // A receipt that arrived on its own (AMQP) lets the rest of the thread go.
  if (kickNext) await releaseOrderKey(db, item.order_key);
  return true;
}

async function failed(db: Db, item: ItemRow, message: string, o: JournalOptions, log: FastifyBaseLogger): Promise<void> {
  if (item.attempts >= o.maxAttempts) {
    await updateItem(db, item.id, { status: 'dead', last_error: message });
    log.error({ journalItem: item.id, attempts: item.attempts }, 'journal item dead-lettered');
    return;
  }
  const at = new Date(nowMs() + backoffMs(item.attempts, o.backoffBaseMs));
  await updateItem(db, item.id, { status: 'waiting', next_attempt_at: at, last_error: message });
}

function resolveUrl(url: string, o: JournalOptions): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : new URL(url, o.selfUrl).toString();
}

/** Looks at the reply queue of an AMQP endpoint (and, on the AMQP 1.0 bus, our error queue) and applies what it finds. */
export async function pollReceipts(db: Db, ep: EpjEndpoint, log: FastifyBaseLogger, egress: EgressPolicy): Promise<number> {
  const onAppRec = async (xml: string) => {
    let apprec;
    try {
      apprec = parseAppRec(xml);
    } catch (err) {
      log.warn({ err: { message: (err as Error).message } }, 'unreadable AppRec on the reply queue dropped');
      return;
    }
    // A receipt answers the item whose MsgId it names, and only while that item awaits one.
    if (!(await applyReceipt(db, apprec.originalMsgId, receiptOfAppRec(apprec))))
      log.warn({ receiptFor: apprec.originalMsgId }, 'receipt for no message awaiting one refused');
  };
  if (ep.transport !== 'amqp1') return takeAppRecs(egress, ep, onAppRec);
  return takeBusReceipts(egress, ep, ep.settings.senderHerId ?? DEFAULT_SENDER.herId, onAppRec, async (e) => {
    // The bus or the receiver could not take the message: a rejection with the bus's error code, shown to staff.
    const receipt = { status: 'rejected' as const, errors: [{ code: e.errorCondition, text: e.errorDescription }], receivedAt: clockNow().toISOString() };
    if (!(await applyReceipt(db, e.originalMessageId, receipt)))
      log.warn({ receiptFor: e.originalMessageId, errorCondition: e.errorCondition }, 'bus error for no message awaiting one dropped');
  });
}

/** Sends one claimed item. Returns the receipt, or 'sent' when the receipt comes later (AMQP). */
async function send(db: Db, item: ItemRow, ep: EpjEndpoint, o: JournalOptions): Promise<JournalReceipt | 'sent'> {
  const payload = await buildPayload(db, item, ep);
  if (payload.protocol === 'fhir')
    return sendFhirHttp(
      o.egress,
      { ...ep, url: resolveUrl(ep.url, o), auth: { ...ep.auth, ...(ep.auth.tokenUrl ? { tokenUrl: resolveUrl(ep.auth.tokenUrl, o) } : {}) } },
      payload.bundle,
    );
  if (ep.transport === 'amqp') {
    await publishKithAmqp(o.egress, ep, item.id, payload.messageType, payload.xml);
    return 'sent';
  }
  if (ep.transport === 'amqp1') {
    await sendAmqp10(o.egress, ep, { msgId: item.id, messageFunction: payload.messageType, fromHerId: payload.fromHerId, toHerId: payload.toHerId, xml: payload.xml });
    return 'sent';
  }
  return sendKithHttp(o.egress, resolveUrl(ep.url, o), payload.xml, item.id);
}

/** Delivers the open items of one order key, in seq order, until done, blocked or waiting. */
export async function deliverOrderKey(database: Database, orderKey: string, o: JournalOptions, log: FastifyBaseLogger): Promise<void> {
  const db = database.db;
  const started = performance.now();
  for (let delivered = 0; delivered < 10_000; delivered++) {
    // Its turn is over: the thread's next item is made due now (releaseOrderKey) and a worker,
    // this one after its next job, comes back to it.
    if (delivered > 0 && performance.now() - started >= o.turnMs) {
      await releaseOrderKey(db, orderKey);
      return;
    }
    const step = await claimHead(db, orderKey, o);
    // Not now: the head's due time (its backoff or lease) brings a worker back to it.
    if (step.kind === 'none' || step.kind === 'blocked' || step.kind === 'later') return;
    const item = step.item;
    const ep = await findEndpoint(db, item.unit_id);
    if (!ep || !ep.enabled) {
      await failed(db, item, 'The unit has no enabled EPJ endpoint.', o, log);
      return;
    }
    if (step.kind === 'await') {
      await pollReceipts(db, ep, log, o.egress).catch((err: unknown) => log.warn({ err: { message: (err as Error).message } }, 'reply queue poll failed'));
      // Still no receipt: its due time (set when it was taken for this look) is the next look.
      const now = await findItem(db, item.id);
      if (now?.status === 'sending') return;
      continue;
    }
    let result: JournalReceipt | 'sent';
    try {
      result = await send(db, item, ep, o);
    } catch (err) {
      if (err instanceof PayloadError || (err instanceof Error && err.name === 'KithError')) {
        // Not the EPJ's fault and not cured by waiting: shown to staff as a rejection to fix and resend.
        await applyReceipt(db, item.id, { status: 'rejected', errors: [{ code: 'LOCAL', text: err.message }], receivedAt: clockNow().toISOString() }, false);
        continue;
      }
      if (err instanceof ReceiptMismatchError) log.warn({ journalItem: item.id, receiptFor: err.receiptFor }, 'receipt for another message refused');
      else if (!(err instanceof TransientError)) log.error({ err: { message: (err as Error).message } }, 'journal delivery error');
      await failed(db, item, (err as Error).message.slice(0, 500), o, log);
      return;
    }
    if (result === 'sent') {
      // Over AMQP the receipt comes on the reply queue: look for it after the poll interval.
      await setDue(db, item.id, new Date(nowMs() + o.receiptPollMs));
      return;
    }
    await applyReceipt(db, item.id, result, false);
  }
}

/** Delivers the order key whose item is due first; false when none is due. */
export async function deliverDue(database: Database, o: JournalOptions, log: FastifyBaseLogger): Promise<boolean> {
  const orderKey = await dueOrderKey(database.db, clockNow());
  if (orderKey === undefined) return false;
  await deliverOrderKey(database, orderKey, o, log);
  return true;
}

/** Registers journal delivery on a worker: a source of work it asks alongside its job queues. */
export function registerJournalWorker(worker: Worker, config: Config, database: Database, log: FastifyBaseLogger, opts: Partial<JournalOptions> = {}): Worker {
  const selfUrl = selfUrlOf(config);
  const egress = egressPolicyOf(config);
  // Relative endpoint URLs (development only) reach this server itself.
  if (config.nodeEnv !== 'production') egress.allowedHosts = new Set([...egress.allowedHosts, new URL(selfUrl).hostname.replace(/^\[|\]$/g, '')]);
  const o: JournalOptions = { ...DEFAULT_JOURNAL_OPTIONS, selfUrl, egress, ...opts };
  // Delivery jobs of a server from before the outbox scheduled itself (during a rolling upgrade):
  // their items are found by their due time, so the job itself has nothing left to do.
  worker.handle(LEGACY_JOURNAL_QUEUE, async () => undefined);
  return worker.source(() => deliverDue(database, o, log));
}
