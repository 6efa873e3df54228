/**
 * Languages on the server (issue 23): the signed-in person's choice is stored (PUT /api/me/language)
 * and returned by GET /api/me; notifications and system texts in threads are written in the
 * RECIPIENT's language — the citizen's for texts to the citizen, even when a clinician causes them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gpOffice } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/harness.ts';
import { login, TestClient } from '../test/http-client.ts';
import { composeNotice, NOTICE_KINDS } from '../modules/notify/notify.content.ts';
import { sendNotification } from '../modules/notify/notify.jobs.ts';
import { catalogues } from './catalogues.ts';
import { LANGUAGES, negotiateLanguage, serverText } from './index.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());

describe('the server catalogues', () => {
  it('have every key in every language, none empty', () => {
    const keys = Object.keys(catalogues.nb).sort();
    for (const lang of LANGUAGES) {
      expect(Object.keys(catalogues[lang]).sort()).toEqual(keys);
      for (const k of keys) expect(serverText(lang, k as keyof typeof catalogues.nb).trim()).not.toBe('');
    }
  });

  it('picks a language from Accept-Language by q-value, bokmål when none fits', () => {
    expect(negotiateLanguage('nn-NO,nn;q=0.9,nb;q=0.8')).toBe('nn');
    expect(negotiateLanguage('de-DE, se;q=0.7, en;q=0.8')).toBe('en');
    expect(negotiateLanguage('sme, nb;q=0.5')).toBe('se');
    expect(negotiateLanguage('no')).toBe('nb');
    expect(negotiateLanguage('fr-FR,de')).toBe('nb');
    expect(negotiateLanguage(undefined)).toBe('nb');
  });
});

describe('notices in the recipient’s language', () => {
  it('writes SMS and e-mail in nynorsk, Sami and English, neutral as in bokmål', () => {
    expect(composeNotice('message', false, 'sms', 'http://x', 'nn').text).toBe('Du har ei ny melding på helsedialog. Logg inn for å lese: http://x/');
    expect(composeNotice('letter', true, 'sms', 'http://x', 'en').text).toBe('You have a new letter for someone you represent. Log in to read: http://x/');
    const mail = composeNotice('appointment.changed', false, 'email', 'http://x', 'se');
    expect(mail.subject).toBe('Rievdaduvvon áigi helsedialogas');
    expect(mail.html).toContain('<html lang="se">');
    // Every kind differs from bokmål in English (nothing left untranslated).
    for (const kind of NOTICE_KINDS) expect(composeNotice(kind, false, 'sms', 'http://x', 'en').text).not.toBe(composeNotice(kind, false, 'sms', 'http://x', 'nb').text);
  });

  it('sends the notice in the recipient’s stored language (the notify.send job)', async () => {
    const f = await gpOffice(srv.database.db);
    await srv.database.db.updateTable('persons').set({ preferred_language: 'se', phone: '+4790011223' }).where('id', '=', f.citizen.id).execute();
    const sent: string[] = [];
    const deps = {
      db: srv.database.db,
      reminderDays: 3,
      publicUrl: 'https://helsedialog.example.no',
      now: () => new Date(),
      log: srv.app.log,
      transports: {
        sms: async (m: { text: string }) => (sent.push(m.text), { id: 'sms-1' }),
        email: async () => ({ id: 'email-1' }),
      },
    };
    const payload = { key: `test:${f.citizen.id}:sms`, kind: 'message', personId: f.citizen.id, citizenId: f.citizen.id, channel: 'sms', urgent: true };
    await sendNotification(deps, { id: 1, attempt: 1, payload });
    expect(sent).toEqual(['Dus lea ođđa dieđáhus helsedialogas. Čálit sisa lohkat: https://helsedialog.example.no/']);
  });
});

describe('the chosen language', () => {
  it('is stored for the signed-in person and returned by /api/me; an unknown language is refused', async () => {
    const f = await gpOffice(srv.database.db);
    const c = new TestClient(srv.url);
    await login(c, 'citizen', f.citizen.accountId);
    expect((await c.get('/api/me')).json().language).toBeNull();
    expect((await c.put('/api/me/language', { language: 'se' })).status).toBe(204);
    expect((await c.get('/api/me')).json().language).toBe('se');
    expect((await c.put('/api/me/language', { language: 'de' })).status).toBe(400);
    const row = await srv.database.db.selectFrom('persons').select('preferred_language').where('id', '=', f.citizen.id).executeTakeFirstOrThrow();
    expect(row.preferred_language).toBe('se');

    const d = new TestClient(srv.url);
    await login(d, 'staff', f.doctor.accountId);
    expect((await d.put('/api/me/language', { language: 'en' })).status).toBe(204);
    expect((await d.get('/api/me')).json().language).toBe('en');
    const staff = await srv.database.db.selectFrom('staff').select('preferred_language').where('id', '=', f.doctor.id).executeTakeFirstOrThrow();
    expect(staff.preferred_language).toBe('en');
  });

  it('needs a session', async () => {
    expect((await new TestClient(srv.url).put('/api/me/language', { language: 'nn' })).status).toBe(401);
  });

  it('writes the e-consultation proposal in the citizen’s language, not the clinician’s', async () => {
    const f = await gpOffice(srv.database.db);
    const c = new TestClient(srv.url);
    await login(c, 'citizen', f.citizen.accountId);
    expect((await c.put('/api/me/language', { language: 'en' })).status).toBe(204);
    const d = new TestClient(srv.url);
    await login(d, 'staff', f.doctor.accountId);
    expect((await d.put('/api/me/language', { language: 'nn' })).status).toBe(204);
    const t = (await c.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'ekontakt', topic: 'Spørsmål', text: 'Jeg har vondt i ryggen.' })).json();
    expect((await d.post(`/api/staff/threads/${t.id}/reclassify`, { kind: 'ekonsultasjon' })).status).toBe(200);
    const view = (await c.get(`/api/citizen/threads/${t.id}`)).json();
    const proposal = view.messages.find((m: { author: { kind: string } }) => m.author.kind === 'system').text as string;
    expect(proposal).toMatch(/^Your enquiry contains a medical question and must be handled as an e-consultation\. An e-consultation costs a patient fee \(NOK \d+\.\d\d\)\./);

    // The citizen's answer is written for the unit: in the assigned clinician's language.
    expect((await d.post(`/api/staff/threads/${t.id}/assign`, { staffId: f.doctor.id })).status).toBe(200);
    expect((await c.post(`/api/citizen/threads/${t.id}/conversion`, { accept: false })).status).toBe(200);
    const staffView = (await d.get(`/api/staff/threads/${t.id}`)).json();
    const texts = staffView.messages.filter((m: { author: { kind: string } }) => m.author.kind === 'system').map((m: { text: string }) => m.text);
    expect(texts).toContain('Innbyggjaren takka nei til e-konsultasjon. Førespurnaden vert handsama vidare som e-kontakt, utan medisinsk vurdering.');
  });
});
