/**
 * AMQP 1.0 transport (rhea-promise) with the national message bus's conventions, as the public
 * Helsenorge.Messaging documents them (not its code):
 * - queues per HER-id: `<herId>_async` (asynchronous messages and their AppRecs), `<herId>_sync`
 *   and `<herId>_syncreply` (synchronous request/reply), `<herId>_error` (transport errors);
 * - a MsgHead goes to the receiver's async queue with `message_id` = `correlation_id` = MsgId,
 *   `subject` = the message function (MsgInfo/Type), `reply_to` = our async queue, content type
 *   application/xml, and the application properties `fromHerId`, `toHerId`, `applicationTimeStamp`;
 * - the AppRec comes back on our async queue and answers the MsgId it names (OriginalMsgId);
 * - a message the receiving side could not take comes back on our error queue with the
 *   application properties `errorCondition` (a code of the Feilkoder list or an AMQP condition),
 *   `errorDescription`, `errorConditionData` and `originalMessageId`.
 * Encryption and signing (CMS with the address register's certificates) are not done here: this
 * transport is for a bus or broker reached over a protected connection (amqps://).
 */
import { Connection, ConnectionEvents, message as amqpMessage, type Message } from 'rhea-promise';
import type { EpjEndpoint } from './journal.repository.ts';
import { safeUrl, TransientError } from './journal.transport.ts';
import { guardedSocketOptions, type EgressPolicy } from '../../platform/egress.ts';
import { now } from '../../platform/clock.ts';

/** The queues of a HER-id on the bus. */
export function busQueues(herId: string) {
  return { async: `${herId}_async`, sync: `${herId}_sync`, syncReply: `${herId}_syncreply`, error: `${herId}_error` };
}

/** A transport error the receiving side reported on our error queue. */
export interface BusError {
  originalMessageId: string;
  errorCondition: string;
  errorDescription: string;
  errorConditionData?: string;
}

const connections = new Map<string, Promise<Connection>>();

async function connection(policy: EgressPolicy, url: string): Promise<Connection> {
  // The egress policy decides which addresses the bus connection may reach (platform/egress.ts).
  const guard = guardedSocketOptions(policy, url, ['amqps', 'amqp']);
  let p = connections.get(url);
  if (!p) {
    p = (async () => {
      const u = new URL(url);
      const c = new Connection({
        host: u.hostname,
        hostname: u.hostname,
        port: Number(u.port || (u.protocol === 'amqps:' ? 5671 : 5672)),
        transport: u.protocol === 'amqps:' ? 'tls' : 'tcp',
        username: decodeURIComponent(u.username) || undefined,
        password: decodeURIComponent(u.password) || undefined,
        reconnect: false,
        operationTimeoutInSeconds: 10,
        ...guard,
      } as ConstructorParameters<typeof Connection>[0]);
      await c.open();
      const forget = () => connections.delete(url);
      c.on(ConnectionEvents.disconnected, forget);
      c.on(ConnectionEvents.connectionClose, forget);
      return c;
    })();
    connections.set(url, p);
    p.catch(() => connections.delete(url));
  }
  try {
    return await p;
  } catch (err) {
    throw new TransientError(`The message bus at ${safeUrl(url)} cannot be reached (AMQP 1.0): ${(err as Error).message}`);
  }
}

/** Queue address on RabbitMQ's AMQP 1.0 plugin (declares the queue if missing); a bus takes the name itself. */
function address(name: string): string {
  return `/queue/${name}`;
}

/** The HER-ids and queues of an endpoint: to the unit's (or receiverHerId's) async queue, replies to ours. */
export function busRoute(ep: EpjEndpoint, receiverHerId: string, senderHerId: string) {
  const ours = busQueues(senderHerId);
  return { to: ep.queue ?? busQueues(receiverHerId).async, replyTo: ep.replyQueue ?? ours.async, error: ours.error };
}

/** Sends a MsgHead to the receiver's async queue; resolves when the broker has accepted it. */
export async function sendAmqp10(
  policy: EgressPolicy,
  ep: EpjEndpoint,
  m: { msgId: string; messageFunction: string; fromHerId: string; toHerId: string; xml: string },
): Promise<void> {
  const c = await connection(policy, ep.url);
  const route = busRoute(ep, m.toHerId, m.fromHerId);
  const sender = await c.createAwaitableSender({ target: { address: address(route.to) } });
  try {
    await sender.send(
      {
        body: amqpMessage.data_section(Buffer.from(m.xml, 'utf8')),
        message_id: m.msgId,
        correlation_id: m.msgId,
        subject: m.messageFunction,
        reply_to: route.replyTo,
        to: route.to,
        content_type: 'application/xml',
        durable: true,
        application_properties: { fromHerId: m.fromHerId, toHerId: m.toHerId, applicationTimeStamp: now().toISOString() },
      },
      { timeoutInSeconds: 10 },
    );
  } catch (err) {
    throw new TransientError(`The message bus did not take the message: ${(err as Error).message}`);
  } finally {
    await sender.close().catch(() => undefined);
  }
}

function bodyText(msg: Message): string {
  const b = msg.body as unknown;
  if (typeof b === 'string') return b;
  if (Buffer.isBuffer(b)) return b.toString('utf8');
  const content = (b as { content?: unknown } | undefined)?.content;
  if (Buffer.isBuffer(content)) return content.toString('utf8');
  if (typeof content === 'string') return content;
  return '';
}

/** Takes what waits on one queue (up to `max`, waiting `quietMs` for more); each is accepted after `handle`, released when it throws. */
async function drain(policy: EgressPolicy, ep: EpjEndpoint, queue: string, handle: (msg: Message) => Promise<void>, max = 100, quietMs = 300): Promise<number> {
  const c = await connection(policy, ep.url);
  const receiver = await c.createReceiver({ source: { address: address(queue) }, autoaccept: false, credit_window: 0 });
  let n = 0;
  try {
    for (; n < max;) {
      receiver.addCredit(1);
      const got = await new Promise<{ msg: Message; accept: () => void; release: () => void } | undefined>((resolve) => {
        const timer = setTimeout(() => {
          receiver.removeAllListeners('message');
          resolve(undefined);
        }, quietMs);
        receiver.once('message', (ctx) => {
          clearTimeout(timer);
          resolve({ msg: ctx.message!, accept: () => ctx.delivery!.accept(), release: () => ctx.delivery!.release() });
        });
      });
      if (!got) break;
      try {
        await handle(got.msg);
        got.accept();
        n++;
      } catch (err) {
        got.release();
        throw err;
      }
    }
  } finally {
    await receiver.close().catch(() => undefined);
  }
  return n;
}

/** Takes the AppRecs on our async queue and the transport errors on our error queue. */
export async function takeBusReceipts(
  policy: EgressPolicy,
  ep: EpjEndpoint,
  senderHerId: string,
  onAppRec: (xml: string) => Promise<void>,
  onError: (e: BusError) => Promise<void>,
): Promise<number> {
  const route = busRoute(ep, senderHerId, senderHerId);
  let n = await drain(policy, ep, route.replyTo, async (msg) => onAppRec(bodyText(msg)));
  n += await drain(policy, ep, route.error, async (msg) => {
    const p = (msg.application_properties ?? {}) as Record<string, unknown>;
    await onError({
      originalMessageId: String(p.originalMessageId ?? msg.correlation_id ?? ''),
      errorCondition: String(p.errorCondition ?? 'MUG-000034'),
      errorDescription: String(p.errorDescription ?? 'The receiver reported an error.'),
      ...(p.errorConditionData ? { errorConditionData: String(p.errorConditionData) } : {}),
    });
  });
  return n;
}

/** Closes AMQP 1.0 connections (tests, shutdown). */
export async function closeAmqp10(): Promise<void> {
  const all = [...connections.values()];
  connections.clear();
  for (const p of all) await p.then((c) => c.close()).catch(() => undefined);
}
