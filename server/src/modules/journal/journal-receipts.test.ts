/**
 * Receipts and transport errors: an AppRec that answers another message is refused (never taken
 * as this message's receipt) and logged; a broker that cannot be reached is named by its
 * address, not "null".
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from '../../platform/jobs.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';
import { appRecFor, buildAppRec } from './kith/apprec.ts';
import { parseDialogMessage } from './kith/parse.ts';
import { journalFixtures } from './journal.fixtures.ts';
import { publishKithAmqp } from './journal.transport.ts';
import { registerJournalWorker } from './journal.worker.ts';

let srv: TestServer;
let epj: Server;
let epjUrl: string;
beforeAll(async () => {
  srv = await startTestServer();
  // An EPJ that answers every MsgHead with a well-formed AppRec for a message it invents.
  epj = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const parsed = parseDialogMessage(body);
      const apprec = buildAppRec(appRecFor({ ...parsed, msgId: randomUUID() }, { id: randomUUID(), genDate: new Date(), status: 'ok' }));
      res.writeHead(200, { 'content-type': 'application/xml' }).end(apprec);
    });
  });
  await new Promise<void>((r) => epj.listen(0, '127.0.0.1', r));
  epjUrl = `http://127.0.0.1:${(epj.address() as { port: number }).port}/kith`;
});
afterAll(async () => {
  await new Promise((r) => epj?.close(r));
  await srv?.close();
});
const db = () => srv.database.db;

describe('receipts answer their own message', () => {
  it('an AppRec for a different message is refused and logged; the item stays undocumented and is sent again', async () => {
    const f = await journalFixtures(() => srv).unitWith('kith', { kithUrl: epjUrl });
    const c = new TestClient(srv.url);
    await login(c, 'citizen', f.citizen.accountId);
    const t = await c.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Hei' });
    expect(t.status).toBe(201);

    const lines: string[] = [];
    const log = pino({ level: 'warn' }, new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
    const w = registerJournalWorker(new Worker(srv.database, log), srv.config, srv.database, log, { backoffBaseMs: 60_000 });
    await w.drain();

    const item = await db().selectFrom('journal_items').selectAll().where('thread_id', '=', t.json().id).executeTakeFirstOrThrow();
    expect(item.status).toBe('waiting');
    expect(item.receipt).toBeNull();
    expect(item.documented_at).toBeNull();
    expect(item.last_error).toMatch(/receipt answers another message/);
    const logged = lines
      .map((l) => JSON.parse(l) as { msg: string; journalItem?: string; receiptFor?: string })
      .find((l) => l.msg === 'receipt for another message refused');
    expect(logged).toMatchObject({ journalItem: item.id, receiptFor: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(logged!.receiptFor).not.toBe(item.id);
  });
});

describe('transport errors name the broker', () => {
  it('an unreachable AMQP broker is named by its address, without its password', async () => {
    const err = await publishKithAmqp(
      { requireTls: false, allowedHosts: new Set(['127.0.0.1']) },
      { url: 'amqp://hd:secret-pass@127.0.0.1:1', queue: 'epj.in' } as Parameters<typeof publishKithAmqp>[1],
      randomUUID(),
      'DIALOG_INNBYGGER_EKONTAKT',
      '<MsgHead/>',
    ).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/The message broker at amqp:\/\/127\.0\.0\.1:1 cannot be reached/);
    expect(err?.message).not.toMatch(/null|secret-pass/);
  });
});
