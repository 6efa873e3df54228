/**
 * The journal item is part of the work (docs/decisions.md 75): when it cannot be recorded, the
 * citizen's message fails whole — nothing is committed that the EPJ would never document — and a
 * retry with the same Idempotency-Key succeeds once the fault is gone, journaled once.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gpOffice } from '../../test/factories.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';
import { upsertEndpoint } from './journal.repository.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());
const db = () => srv.database.db;

describe('journaling is in the transaction of the work', () => {
  it('fails a message whose journal item cannot be written, changes nothing, and succeeds on retry', async () => {
    const f = await gpOffice(db());
    await upsertEndpoint(db(), { unitId: f.unit.id, protocol: 'fhir', transport: 'http', url: `${srv.url}/dev-epj/fhir` });
    const c = new TestClient(srv.url);
    await login(c, 'citizen', f.citizen.accountId);
    const start = await c.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Første melding' });
    expect(start.status).toBe(201);
    const threadId = start.json().id as string;
    const fn = `journal_fail_${f.unit.id.replace(/-/g, '')}`;
    await sql
      .raw(
        `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
           IF NEW.unit_id = '${f.unit.id}' THEN RAISE EXCEPTION 'journal store refused'; END IF; RETURN NEW; END $$`,
      )
      .execute(db());
    await sql.raw(`CREATE TRIGGER ${fn} BEFORE INSERT ON journal_items FOR EACH ROW EXECUTE FUNCTION ${fn}()`).execute(db());
    const key = `atomic-${threadId}`;
    try {
      const failed = await c.post(`/api/citizen/threads/${threadId}/messages`, { text: 'Andre melding' }, { headers: { 'idempotency-key': key } });
      expect(failed.status, JSON.stringify(failed.body)).toBeGreaterThanOrEqual(500);
      const texts = (await db().selectFrom('messages').select('text').where('thread_id', '=', threadId).execute()).map((m) => m.text);
      expect(texts).toEqual(['Første melding']);
    } finally {
      await sql.raw(`DROP TRIGGER ${fn} ON journal_items`).execute(db());
      await sql.raw(`DROP FUNCTION ${fn}()`).execute(db());
    }
    const retried = await c.post(`/api/citizen/threads/${threadId}/messages`, { text: 'Andre melding' }, { headers: { 'idempotency-key': key } });
    expect(retried.status).toBe(201);
    const items = await db().selectFrom('journal_items').select(['seq', 'object_type']).where('thread_id', '=', threadId).orderBy('seq').execute();
    expect(items).toEqual([
      { seq: 1, object_type: 'message' },
      { seq: 2, object_type: 'message' },
    ]);
  });
});
