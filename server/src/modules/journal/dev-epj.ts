/**
 * The development EPJ (never in production): a small record system that takes KITH messages
 * (answering AppRec 1.1) and FHIR transaction Bundles (behind OAuth2 client credentials), stores
 * every arrival in dev_epj_inbox, shows what it holds at GET /dev-epj, and can be told to reject
 * everything or to be down (POST /dev-epj/mode). The mode lives in this process only.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Bundle } from '@medplum/fhirtypes';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Db } from '../../platform/db.ts';
import { escapeHtml } from '../../platform/html.ts';
import { appRecError, appRecFor, buildAppRec } from './kith/apprec.ts';
import { parseDialogMessage } from './kith/parse.ts';
import { validateKithXml } from './kith/validate.ts';
import './journal.tables.ts';
import { now as clockNow } from '../../platform/clock.ts';

export const DEV_EPJ_PREFIX = '/dev-epj';
/** The client the platform uses at the development EPJ's token endpoint (not a secret: development only). */
export const DEV_EPJ_CLIENT = { clientId: 'helsedialog', clientSecret: 'dev-epj-secret' };

type Mode = 'accept' | 'reject' | 'down';

const REJECTION = { code: 'E35', text: 'Pasienten finnes ikke i mottakersystemet' } as const;

/** Registers the development EPJ under /dev-epj. */
export async function registerDevEpj(app: FastifyInstance, db: Db): Promise<void> {
  let mode: Mode = 'accept';
  const tokens = new Map<string, number>();

  await app.register(
    async (scope) => {
      scope.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'string', bodyLimit: 10_485_760 }, (_req, body, done) => done(null, body));
      scope.addContentTypeParser('application/fhir+json', { parseAs: 'string', bodyLimit: 10_485_760 }, (_req, body, done) => {
        try {
          done(null, JSON.parse(body as string));
        } catch (err) {
          done(err as Error, undefined);
        }
      });
      scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
        done(null, Object.fromEntries(new URLSearchParams(body as string))),
      );

      const down = (reply: FastifyReply) =>
        reply.code(503).type('text/plain').send('The development EPJ is down (POST /dev-epj/mode {"mode":"accept"} to bring it back).');

      scope.get('/', { schema: { hide: true } }, async (request, reply) => {
        const rows = await db
          .selectFrom('dev_epj_inbox')
          .select(['id', 'stable_id', 'protocol', 'transport', 'message_type', 'answer', 'received_at', 'body'])
          .orderBy('id', 'desc')
          .limit(100)
          .execute();
        const total = await db
          .selectFrom('dev_epj_inbox')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirst();
        const wantsJson = String(request.headers.accept ?? '').includes('application/json') || (request.query as Record<string, string>).format === 'json';
        if (wantsJson) return reply.send({ mode, total: Number(total?.n ?? 0), items: rows.map(({ body: _body, ...r }) => r) });
        // What the item is about, so a person can tell the rows apart: a KITH note's Tema, or a FHIR resource's type.
        const about = (r: { protocol: string; body: string }) => (r.protocol === 'kith' ? (/<Tema>([^<]*)<\/Tema>/.exec(r.body)?.[1] ?? '') : '');
        // The files each arrival carries (message attachments, a letter's PDF, a form's PDF and file answers), to open.
        const filesCell = (r: { id: number; protocol: string; body: string }) =>
          filesOf(r.protocol, r.body)
            .map((f, n) => `<a href="${DEV_EPJ_PREFIX}/items/${r.id}/files/${n}">${escapeHtml(f.name)}</a>`)
            .join(', ');
        const tr = rows
          .map(
            (r) =>
              `<tr><td>${r.id}</td><td>${escapeHtml(r.received_at.toISOString())}</td><td>${escapeHtml(r.protocol)}/${escapeHtml(r.transport)}</td><td>${escapeHtml(r.message_type ?? '')}</td><td><code>${escapeHtml(r.stable_id)}</code></td><td>${escapeHtml(r.answer)}</td><td>${escapeHtml(about(r))}</td><td>${filesCell(r)}</td></tr>`,
          )
          .join('');
        const form = (m: Mode) =>
          `<form method="post" action="${DEV_EPJ_PREFIX}/mode"><input type="hidden" name="mode" value="${m}"><button ${m === mode ? 'disabled' : ''}>${m}</button></form>`;
        return reply
          .type('text/html; charset=utf-8')
          .send(
            `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Development EPJ</title></head><body><main><h1>Development EPJ</h1>` +
              `<p>Mode: <strong>${mode}</strong>. Received: ${Number(total?.n ?? 0)} (latest 100 below). KITH at <code>${DEV_EPJ_PREFIX}/kith</code>, FHIR at <code>${DEV_EPJ_PREFIX}/fhir</code> (token at <code>${DEV_EPJ_PREFIX}/token</code>).</p>` +
              `<div>${form('accept')}${form('reject')}${form('down')}</div>` +
              `<table><thead><tr><th>#</th><th>received</th><th>protocol</th><th>type</th><th>stable id</th><th>answer</th><th>about</th><th>files</th></tr></thead><tbody>${tr}</tbody></table></main></body></html>`,
          );
      });

      // One file of an arrival, as the record system would store it.
      scope.get('/items/:id/files/:n', { schema: { hide: true } }, async (request, reply) => {
        const { id, n } = request.params as { id: string; n: string };
        const row = /^\d+$/.test(id) ? await db.selectFrom('dev_epj_inbox').select(['protocol', 'body']).where('id', '=', Number(id)).executeTakeFirst() : undefined;
        const file = row ? filesOf(row.protocol, row.body)[Number(n)] : undefined;
        if (!file) return reply.code(404).type('text/plain').send('No such file.');
        return reply
          .type(file.contentType)
          .header('Content-Disposition', `attachment; filename="${file.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.name)}`)
          .header('X-Content-Type-Options', 'nosniff')
          .header('Content-Security-Policy', "default-src 'none'; sandbox")
          .send(file.data);
      });

      scope.post('/mode', { schema: { hide: true } }, async (request, reply) => {
        const m = (request.body as { mode?: string } | undefined)?.mode;
        if (m !== 'accept' && m !== 'reject' && m !== 'down') return reply.code(400).send({ error: 'mode must be accept, reject or down' });
        mode = m;
        if (String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return reply.redirect(DEV_EPJ_PREFIX, 303);
        return reply.send({ mode });
      });

      // KITH over HTTP: MsgHead + Dialogmelding in, AppRec 1.1 out.
      scope.post('/kith', { schema: { hide: true } }, async (request, reply) => {
        if (mode === 'down') return down(reply);
        const xml = typeof request.body === 'string' ? request.body : '';
        let parsed;
        try {
          parsed = parseDialogMessage(xml);
        } catch (err) {
          return reply
            .code(400)
            .type('text/plain')
            .send(`Not a MsgHead with a Dialogmelding: ${(err as Error).message}`);
        }
        const validation = await validateKithXml(xml, 'msghead-dialogmelding');
        const answer = !validation.valid ? 'invalid' : mode === 'reject' ? 'rejected' : 'ok';
        await db
          .insertInto('dev_epj_inbox')
          .values({
            stable_id: parsed.msgId,
            protocol: 'kith',
            transport: 'http',
            message_type: parsed.type,
            conversation: parsed.conversationRef?.refToConversation ?? parsed.msgId,
            patient: parsed.patient.nationalId,
            answer,
            body: xml,
          })
          .execute();
        const errors = !validation.valid
          ? [appRecError('T02', validation.errors.join('\n').slice(0, 1000))]
          : mode === 'reject'
            ? [appRecError(REJECTION.code)]
            : [];
        const apprec = buildAppRec(appRecFor(parsed, { id: randomUUID(), genDate: clockNow(), status: errors.length ? 'rejected' : 'ok', errors }));
        return reply.type('application/xml; charset=utf-8').send(apprec);
      });

      // OAuth2 client credentials for the FHIR side.
      scope.post('/token', { schema: { hide: true } }, async (request, reply) => {
        const body = (request.body ?? {}) as Record<string, string>;
        let id = body.client_id;
        let secret = body.client_secret;
        const basic = /^Basic (.+)$/i.exec(String(request.headers.authorization ?? ''));
        if (basic) [id, secret] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':').map(decodeURIComponent) as [string, string];
        if (body.grant_type !== 'client_credentials') return reply.code(400).send({ error: 'unsupported_grant_type' });
        if (id !== DEV_EPJ_CLIENT.clientId || secret !== DEV_EPJ_CLIENT.clientSecret) return reply.code(401).send({ error: 'invalid_client' });
        const token = randomBytes(24).toString('base64url');
        tokens.set(token, performance.now() + 3_600_000);
        return reply.header('Cache-Control', 'no-store').send({ access_token: token, token_type: 'Bearer', expires_in: 3600 });
      });

      // FHIR: a transaction Bundle posted to the base.
      scope.post('/fhir', { schema: { hide: true } }, async (request, reply) => {
        const token = /^Bearer (.+)$/i.exec(String(request.headers.authorization ?? ''))?.[1];
        if (!token || (tokens.get(token) ?? 0) < performance.now()) {
          return reply
            .code(401)
            .type('application/fhir+json')
            .send(outcome('error', 'login', 'A valid bearer token is required.'));
        }
        if (mode === 'down') return down(reply);
        const b = request.body as { resourceType?: string; id?: string; type?: string; entry?: { resource?: Record<string, unknown> }[] } | undefined;
        if (b?.resourceType !== 'Bundle' || b.type !== 'transaction' || !b.id)
          return reply
            .code(400)
            .type('application/fhir+json')
            .send(outcome('error', 'invalid', 'Expected a transaction Bundle with an id.'));
        const first = b.entry?.[0]?.resource as
          | {
              resourceType?: string;
              subject?: { identifier?: { value?: string } };
              partOf?: { identifier?: { value?: string } }[];
              participant?: { actor?: { identifier?: { value?: string } } }[];
            }
          | undefined;
        await db
          .insertInto('dev_epj_inbox')
          .values({
            stable_id: b.id,
            protocol: 'fhir',
            transport: 'http',
            message_type: first?.resourceType ?? null,
            conversation: first?.partOf?.[0]?.identifier?.value ?? null,
            patient: first?.subject?.identifier?.value ?? first?.participant?.[0]?.actor?.identifier?.value ?? null,
            answer: mode === 'reject' ? 'rejected' : 'ok',
            body: JSON.stringify(b),
          })
          .execute();
        if (mode === 'reject') {
          return reply
            .code(422)
            .type('application/fhir+json')
            .send({
              resourceType: 'OperationOutcome',
              issue: [
                {
                  severity: 'error',
                  code: 'processing',
                  details: { coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.8221', code: REJECTION.code, display: REJECTION.text }], text: REJECTION.text },
                },
              ],
            });
        }
        return reply.type('application/fhir+json').send({
          resourceType: 'Bundle',
          type: 'transaction-response',
          entry: (b.entry ?? []).map((e) => ({
            response: { status: '201 Created', location: `${e.resource?.resourceType ?? 'Resource'}/${randomUUID()}/_history/1` },
          })),
        });
      });
    },
    { prefix: DEV_EPJ_PREFIX },
  );
}

function outcome(severity: string, code: string, text: string) {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, diagnostics: text }] };
}

/** A file an arrival carries. */
export interface ArrivedFile {
  name: string;
  contentType: string;
  data: Buffer;
}

/**
 * The files of an arrival: a MsgHead's attachment Documents (RefDoc MsgType A, base64), or a
 * Bundle's Binary entries (named by the answer whose valueAttachment.url is their fullUrl) and
 * attachments carried inline (Communication payload, DocumentReference content).
 */
export function filesOf(protocol: string, body: string): ArrivedFile[] {
  if (protocol === 'kith') {
    const out: ArrivedFile[] = [];
    for (const m of body.matchAll(/<Document>(.*?)<\/Document>/gs)) {
      const doc = m[1]!;
      if (!/<MsgType V="A"/.test(doc)) continue;
      const b64 = /<Base64Container[^>]*>([^<]*)<\/Base64Container>/.exec(doc)?.[1];
      if (!b64) continue;
      const unescape = (x: string) => x.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
      out.push({
        name: unescape(/<Description>([^<]*)<\/Description>/.exec(doc)?.[1] ?? 'vedlegg'),
        contentType: /<MimeType>([^<]*)<\/MimeType>/.exec(doc)?.[1] ?? 'application/octet-stream',
        data: Buffer.from(b64.replace(/\s/g, ''), 'base64'),
      });
    }
    return out;
  }
  let bundle: Bundle;
  try {
    bundle = JSON.parse(body) as typeof bundle;
  } catch {
    return [];
  }
  const titles = new Map<string, string>();
  const inline: ArrivedFile[] = [];
  const visit = (v: unknown, key?: string): void => {
    if (Array.isArray(v)) v.forEach((x) => visit(x));
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (key === 'valueAttachment' || key === 'contentAttachment' || key === 'attachment') {
        if (typeof o.url === 'string' && typeof o.title === 'string') titles.set(o.url, o.title);
        if (typeof o.data === 'string')
          inline.push({ name: String(o.title ?? 'vedlegg'), contentType: String(o.contentType ?? 'application/octet-stream'), data: Buffer.from(o.data, 'base64') });
      }
      for (const [k, x] of Object.entries(o)) visit(x, k);
    }
  };
  const entries = bundle.entry ?? [];
  for (const e of entries) if (e.resource?.resourceType !== 'Binary') visit(e.resource);
  const binaries = entries.flatMap((e) =>
    e.resource?.resourceType === 'Binary' && typeof e.resource.data === 'string'
      ? [{ name: titles.get(e.fullUrl ?? '') ?? 'binary', contentType: e.resource.contentType || 'application/octet-stream', data: Buffer.from(e.resource.data, 'base64') }]
      : [],
  );
  return [...inline, ...binaries];
}
