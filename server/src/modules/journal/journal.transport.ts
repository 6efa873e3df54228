/**
 * Transports to the EPJ: HTTP (KITH XML answered by an AppRec, or a FHIR transaction Bundle with
 * OAuth2 client credentials) and AMQP (MsgHead to the unit's queue, AppRecs on a reply queue).
 * A TransientError means "try again later"; a receipt is the EPJ's answer, whatever it says.
 */
import type { Bundle, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { connect, type ChannelModel, type ConfirmChannel } from 'amqplib';
import { parseAppRec, type AppRec } from './kith/apprec.ts';
import { EgressRefused, guardedPost, guardedSocketOptions, type EgressPolicy } from '../../platform/egress.ts';
import type { EpjEndpoint } from './journal.repository.ts';
import type { JournalReceipt } from './journal.tables.ts';
import { now as clockNow } from '../../platform/clock.ts';

/** The EPJ could not be reached or did not answer usably; the item waits and is retried. */
export class TransientError extends Error {}

const TIMEOUT_MS = 30_000;

/** A receipt from a parsed AppRec. */
export function receiptOfAppRec(a: AppRec): JournalReceipt {
  return { status: a.status, errors: a.errors.map((e) => ({ code: e.code, text: e.text })), receivedAt: clockNow().toISOString() };
}

/** POSTs to the EPJ, connecting only to an address the egress policy allows (platform/egress.ts). */
async function post(policy: EgressPolicy, url: string, body: string, headers: Record<string, string>): Promise<Response> {
  try {
    return await guardedPost(policy, url, body, headers, TIMEOUT_MS);
  } catch (err) {
    if (err instanceof EgressRefused) throw new TransientError(`The EPJ at ${safeUrl(url)} was not contacted: ${err.message}`);
    throw new TransientError(
      `The EPJ at ${safeUrl(url)} cannot be reached: ${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}`,
    );
  }
}

/** The URL without credentials, query or fragment (`origin` is "null" for amqp: URLs, so built by hand). */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' && !/^https?:$/.test(u.protocol) ? '' : u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/** An AppRec that answers another message than the one sent: refused (never taken as this one's receipt). */
export class ReceiptMismatchError extends TransientError {
  readonly receiptFor: string;
  constructor(sent: string, receiptFor: string) {
    super(`The EPJ's receipt answers another message (${receiptFor}), not this one (${sent}); it was refused and the message will be sent again.`);
    this.receiptFor = receiptFor;
  }
}

/** Posts a MsgHead over HTTP and reads the AppRec in the answer, which must answer `msgId`. */
export async function sendKithHttp(policy: EgressPolicy, url: string, xml: string, msgId: string): Promise<JournalReceipt> {
  const res = await post(policy, url, xml, { 'content-type': 'application/xml; charset=utf-8', accept: 'application/xml' });
  const text = await res.text();
  if (res.status >= 500 || !/<([\w.-]+:)?AppRec[\s>]/.test(text)) {
    throw new TransientError(`The EPJ answered ${res.status} without a receipt.`);
  }
  let apprec: AppRec;
  try {
    apprec = parseAppRec(text);
  } catch (err) {
    throw new TransientError(`The EPJ's receipt could not be read: ${(err as Error).message}`);
  }
  if (apprec.originalMsgId.toLowerCase() !== msgId.toLowerCase()) throw new ReceiptMismatchError(msgId, apprec.originalMsgId);
  return receiptOfAppRec(apprec);
}

// ---- FHIR with OAuth2 client credentials ----

const tokens = new Map<string, { token: string; expiresAt: number }>();

async function accessToken(policy: EgressPolicy, ep: EpjEndpoint, fresh = false): Promise<string | undefined> {
  const { tokenUrl, clientId, clientSecret, scope } = ep.auth;
  if (!tokenUrl || !clientId || !clientSecret) return undefined;
  const key = `${tokenUrl}|${clientId}`;
  const cached = tokens.get(key);
  // Lifetimes are elapsed time (performance.now()): the token expires at the EPJ, whatever a test clock says.
  if (!fresh && cached && cached.expiresAt > performance.now() + 30_000) return cached.token;
  const form = new URLSearchParams({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) });
  const res = await post(policy, tokenUrl, form.toString(), {
    'content-type': 'application/x-www-form-urlencoded',
    authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`,
  });
  if (!res.ok) throw new TransientError(`The EPJ's token endpoint answered ${res.status}.`);
  const body = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number };
  if (!body.access_token) throw new TransientError('The EPJ token endpoint gave no access_token.');
  tokens.set(key, { token: body.access_token, expiresAt: performance.now() + (body.expires_in ?? 300) * 1000 });
  return body.access_token;
}

/** An issue in the EPJ's answer: R4's OperationOutcome.issue, any element of it possibly missing (it is the EPJ's JSON). */
type Issue = Partial<OperationOutcomeIssue>;

function errorsOf(issues: Issue[] | undefined, severities: string[]): JournalReceipt['errors'] {
  return (issues ?? [])
    .filter((i) => severities.includes(i.severity ?? 'error'))
    .map((i) => ({
      code: i.details?.coding?.[0]?.code ?? i.code ?? 'processing',
      text: i.details?.text ?? i.details?.coding?.[0]?.display ?? i.diagnostics ?? 'Feil',
    }));
}

/** Posts a transaction Bundle to the EPJ's FHIR base and turns the answer into a receipt. */
export async function sendFhirHttp(policy: EgressPolicy, ep: EpjEndpoint, bundle: Bundle): Promise<JournalReceipt> {
  const body = JSON.stringify(bundle);
  let res: Response | undefined;
  for (const fresh of [false, true]) {
    const token = await accessToken(policy, ep, fresh);
    res = await post(policy, ep.url.replace(/\/$/, ''), body, {
      'content-type': 'application/fhir+json',
      accept: 'application/fhir+json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    });
    if (res.status !== 401 || !token) break;
  }
  const r = res!;
  const json = (await r.json().catch(() => undefined)) as
    { resourceType?: string; issue?: Issue[]; entry?: { response?: { location?: string; outcome?: { issue?: Issue[] } } }[] } | undefined;
  if (r.status >= 500 || [401, 403, 404, 408, 429].includes(r.status)) throw new TransientError(`The EPJ answered ${r.status}.`);
  if (r.status >= 400) {
    const errors = json?.resourceType === 'OperationOutcome' ? errorsOf(json.issue, ['fatal', 'error']) : [];
    return {
      status: 'rejected',
      errors: errors.length ? errors : [{ code: String(r.status), text: `Avvist av EPJ (HTTP ${r.status})` }],
      receivedAt: clockNow().toISOString(),
    };
  }
  if (json?.resourceType !== 'Bundle') throw new TransientError(`The EPJ answered ${r.status} without a transaction-response Bundle.`);
  const warnings = (json.entry ?? []).flatMap((e) => errorsOf(e.response?.outcome?.issue, ['warning', 'error']));
  const location = json.entry?.[0]?.response?.location;
  return { status: warnings.length ? 'partial' : 'ok', errors: warnings, receivedAt: clockNow().toISOString(), ...(location ? { epjId: location } : {}) };
}

// ---- AMQP ----

const connections = new Map<string, Promise<{ conn: ChannelModel; ch: ConfirmChannel }>>();

async function channel(policy: EgressPolicy, url: string) {
  let p = connections.get(url);
  if (!p) {
    p = (async () => {
      const conn = await connect(url, { timeout: 5000, ...guardedSocketOptions(policy, url, ['amqps', 'amqp']) });
      const forget = () => connections.delete(url);
      conn.on('error', forget);
      conn.on('close', forget);
      const ch = await conn.createConfirmChannel();
      ch.on('error', forget);
      ch.on('close', forget);
      return { conn, ch };
    })();
    connections.set(url, p);
    p.catch(() => connections.delete(url));
  }
  try {
    return await p;
  } catch (err) {
    throw new TransientError(`The message broker at ${safeUrl(url)} cannot be reached: ${(err as Error).message}`);
  }
}

/** The reply queue of an AMQP endpoint (configured, or the queue name + ".apprec"). */
export function replyQueueOf(ep: EpjEndpoint): string {
  return ep.replyQueue ?? `${ep.queue}.apprec`;
}

/** Publishes a MsgHead to the unit's queue (persistent, confirmed by the broker). */
export async function publishKithAmqp(policy: EgressPolicy, ep: EpjEndpoint, msgId: string, type: string, xml: string): Promise<void> {
  const { ch } = await channel(policy, ep.url);
  try {
    await ch.assertQueue(ep.queue!, { durable: true });
    await ch.assertQueue(replyQueueOf(ep), { durable: true });
    ch.sendToQueue(ep.queue!, Buffer.from(xml, 'utf8'), {
      persistent: true,
      messageId: msgId,
      correlationId: msgId,
      type,
      contentType: 'application/xml',
      contentEncoding: 'utf-8',
      replyTo: replyQueueOf(ep),
    });
    await ch.waitForConfirms();
  } catch (err) {
    throw err instanceof TransientError ? err : new TransientError(`The broker did not take the message: ${(err as Error).message}`);
  }
}

/** Takes every AppRec waiting on the endpoint's reply queue; `handle` runs before each is acknowledged. */
export async function takeAppRecs(policy: EgressPolicy, ep: EpjEndpoint, handle: (xml: string) => Promise<void>): Promise<number> {
  const { ch } = await channel(policy, ep.url);
  await ch.assertQueue(replyQueueOf(ep), { durable: true });
  let n = 0;
  for (;;) {
    const msg = await ch.get(replyQueueOf(ep), { noAck: false });
    if (!msg) return n;
    try {
      await handle(msg.content.toString('utf8'));
      ch.ack(msg);
      n++;
    } catch (err) {
      // Keep it for the next poll (database trouble); the broker's own redelivery limits apply.
      ch.nack(msg, false, true);
      throw err;
    }
  }
}

/** Closes broker connections (tests, shutdown). */
export async function closeAmqp(): Promise<void> {
  const all = [...connections.values()];
  connections.clear();
  for (const p of all) await p.then(({ conn }) => conn.close()).catch(() => undefined);
}
