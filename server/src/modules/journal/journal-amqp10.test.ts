/**
 * The AMQP 1.0 transport against the local RabbitMQ with its AMQP 1.0 plugin (.ci/run enables
 * rabbitmq_amqp1_0): the MsgHead reaches the receiver's `<herId>_async` queue with the bus's
 * properties, its AppRec on our async queue documents it, and an error on our `<herId>_error`
 * queue (a Feilkoder code) rejects it with that code for staff to see.
 * Under CI=true (or AMQP_REQUIRED=1) the broker's AMQP 1.0 listener is required, as for the 0-9-1
 * suite: when it does not answer the suite fails and says so; elsewhere it is skipped with the reason.
 */
import { randomInt } from 'node:crypto';
import pino from 'pino';
import { Connection, type Message } from 'rhea-promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gpOffice } from '../../test/factories.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';
import { appRecFor, buildAppRec } from './kith/apprec.ts';
import { parseDialogMessage } from './kith/parse.ts';
import { validateKithXml } from './kith/validate.ts';
import { closeAmqp10 } from './journal.amqp10.ts';
import { upsertEndpoint } from './journal.repository.ts';
import { DEFAULT_JOURNAL_OPTIONS, deliverOrderKey } from './journal.worker.ts';

const BROKER = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const brokerRequired = process.env.CI === 'true' || process.env.AMQP_REQUIRED === '1';
let srv: TestServer;
let bus: Connection | undefined;
let busError: string | undefined;
const log = pino({ level: 'silent' });

beforeAll(async () => {
  srv = await startTestServer();
  const u = new URL(BROKER);
  try {
    bus = new Connection({
      host: u.hostname,
      hostname: u.hostname,
      port: Number(u.port || 5672),
      username: u.username,
      password: u.password,
      reconnect: false,
    });
    await bus.open();
  } catch (err) {
    busError = (err as Error).message;
    bus = undefined;
  }
});
afterAll(async () => {
  await bus?.close().catch(() => undefined);
  await closeAmqp10();
  await srv?.close();
});
const db = () => srv.database.db;

/** The EPJ side of the bus: take one message from a queue. */
async function takeOne(queue: string, ms = 5000): Promise<Message | undefined> {
  const r = await bus!.createReceiver({ source: { address: `/queue/${queue}` }, autoaccept: true, credit_window: 1 });
  try {
    return await new Promise((resolve) => {
      const t = setTimeout(() => resolve(undefined), ms);
      r.once('message', (ctx) => {
        clearTimeout(t);
        resolve(ctx.message);
      });
    });
  } finally {
    await r.close();
  }
}

async function put(queue: string, m: Message): Promise<void> {
  const s = await bus!.createAwaitableSender({ target: { address: `/queue/${queue}` } });
  await s.send(m);
  await s.close();
}

const text = (m: Message) => {
  const b = m.body as unknown;
  return Buffer.isBuffer(b) ? b.toString('utf8') : typeof b === 'string' ? b : Buffer.from((b as { content: Buffer }).content).toString('utf8');
};

async function busUnit() {
  const f = await gpOffice(db());
  const unitHer = String(randomInt(10_000_000, 99_999_999));
  const ourHer = String(randomInt(10_000_000, 99_999_999));
  await db().updateTable('units').set({ her_id: unitHer }).where('id', '=', f.unit.id).execute();
  await upsertEndpoint(db(), { unitId: f.unit.id, protocol: 'kith', transport: 'amqp1', url: BROKER, settings: { senderHerId: ourHer } });
  const c = new TestClient(srv.url);
  await login(c, 'citizen', f.citizen.accountId);
  // Delivers this unit's threads only: the suites share one database in CI, and another file's
  // items (with their own receipt timing) are theirs to deliver.
  const w = {
    deliver: (threadId: string) =>
      deliverOrderKey(
        srv.database,
        threadId,
        {
          ...DEFAULT_JOURNAL_OPTIONS,
          backoffBaseMs: 60_000,
          selfUrl: srv.url,
          egress: { requireTls: false, allowedHosts: new Set(['127.0.0.1', 'localhost']) },
        },
        log,
      ),
  };
  return { ...f, unitHer, ourHer, c, w };
}

const item = async (threadId: string) => db().selectFrom('journal_items').selectAll().where('thread_id', '=', threadId).executeTakeFirstOrThrow();

describe('AMQP 1.0 transport (Helsenorge.Messaging conventions)', () => {
  it.runIf(brokerRequired)('finds the AMQP 1.0 listener of the RabbitMQ that CI runs', () => {
    expect(bus, `AMQP 1.0 is required here (CI=true or AMQP_REQUIRED=1) but ${new URL(BROKER).host} does not answer: ${busError}`).toBeDefined();
  });

  it('sends the MsgHead to <herId>_async with the bus properties; the AppRec on our async queue documents it', async (ctx) => {
    // Skipped (with why) only where no AMQP 1.0 broker answers and none is required; CI requires one.
    if (!bus) return ctx.skip(`no AMQP 1.0 broker at ${BROKER}: ${busError}`);
    const s = await busUnit();
    const t = await s.c.post(`/api/citizen/contacts/${s.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Hei over bussen' });
    expect(t.status).toBe(201);
    await s.w.deliver(t.json().id);
    const i = await item(t.json().id);
    expect(i.status).toBe('sending');

    const m = await takeOne(`${s.unitHer}_async`);
    expect(m).toBeDefined();
    expect(m!).toMatchObject({
      message_id: i.id,
      correlation_id: i.id,
      subject: 'DIALOG_INNBYGGER_EKONTAKT',
      reply_to: `${s.ourHer}_async`,
      content_type: 'application/xml',
      application_properties: { fromHerId: s.ourHer, toHerId: s.unitHer, applicationTimeStamp: expect.any(String) },
    });
    const xml = text(m!);
    expect(await validateKithXml(xml, 'msghead-dialogmelding')).toEqual({ valid: true, errors: [] });

    // The EPJ answers with an AppRec on our async queue.
    const parsed = parseDialogMessage(xml);
    const apprec = buildAppRec(appRecFor(parsed, { id: crypto.randomUUID(), genDate: new Date(), status: 'ok' }));
    await put(`${s.ourHer}_async`, { body: apprec, message_id: crypto.randomUUID(), correlation_id: i.id, subject: 'APPREC', content_type: 'application/xml' });
    await db()
      .updateTable('journal_items')
      .set({ next_attempt_at: new Date(Date.now() - 1000) })
      .where('id', '=', i.id)
      .execute();
    await s.w.deliver(t.json().id);
    expect((await item(t.json().id)).status).toBe('documented');
  });

  it('an error on our <herId>_error queue rejects the item with its error code, shown to staff', async (ctx) => {
    // Skipped (with why) only where no AMQP 1.0 broker answers and none is required; CI requires one.
    if (!bus) return ctx.skip(`no AMQP 1.0 broker at ${BROKER}: ${busError}`);
    const s = await busUnit();
    const t = await s.c.post(`/api/citizen/contacts/${s.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Hei' });
    await s.w.deliver(t.json().id);
    const i = await item(t.json().id);
    expect(await takeOne(`${s.unitHer}_async`)).toBeDefined();
    await put(`${s.ourHer}_error`, {
      body: '',
      message_id: crypto.randomUUID(),
      correlation_id: i.id,
      application_properties: {
        originalMessageId: i.id,
        errorCondition: 'MUG-000022',
        errorDescription: 'Avsender-id i meldingen stemmer ikke med AMQP-hodet',
      },
    });
    await db()
      .updateTable('journal_items')
      .set({ next_attempt_at: new Date(Date.now() - 1000) })
      .where('id', '=', i.id)
      .execute();
    await s.w.deliver(t.json().id);
    const after = await item(t.json().id);
    expect(after.status).toBe('rejected');
    expect(after.receipt?.errors).toEqual([{ code: 'MUG-000022', text: 'Avsender-id i meldingen stemmer ikke med AMQP-hodet' }]);
    const d = new TestClient(srv.url);
    await login(d, 'staff', s.doctor.accountId);
    const view = (await d.get(`/api/staff/threads/${t.json().id}/journal`)).json();
    expect(view.items[0].journal).toMatchObject({ status: 'rejected', reason: expect.stringContaining('MUG-000022') });
  });

  it('administrators choose it for a KITH endpoint without naming a queue; FHIR over it is refused', async () => {
    const f = await gpOffice(db());
    const admin = new TestClient(srv.url);
    await login(admin, 'staff', f.secretary.accountId);
    const url = `/api/staff/units/${f.unit.id}/epj-endpoint`;
    const ok = await admin.put(url, {
      protocol: 'kith',
      transport: 'amqp1',
      url: 'amqps://hd:pw@bus.example.no:5671',
      settings: { senderHerId: '8142519' },
      enabled: true,
    });
    expect(ok.status).toBe(200);
    expect(ok.json().endpoint).toMatchObject({ transport: 'amqp1', queue: null, url: 'amqps://hd:***@bus.example.no:5671' });
    const fhir = await admin.put(url, {
      protocol: 'fhir',
      transport: 'amqp1',
      url: 'amqps://bus.example.no',
      auth: { tokenUrl: 'https://x.example.no/token', clientId: 'a', clientSecret: 'b' },
      enabled: true,
    });
    expect(fhir.status).toBe(400);
    expect(fhir.json().detail).toMatch(/FHIR is sent over HTTP only/);
  });
});
