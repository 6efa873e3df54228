/**
 * The built-in development identity provider: a real OpenID Connect server (oidc-provider)
 * under /dev-idp that lets a developer log in as any demo person. It plays ID-porten for
 * citizens (pid claim, acr idporten-loa-high/substantial) and HelseID for staff
 * (helseid://claims/... claims). It refuses to run when NODE_ENV=production.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Provider, { type Configuration } from 'oidc-provider';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db.ts';
import { escapeHtml } from '../platform/html.ts';
import { loginPage, type DemoPerson } from './dev-idp.page.ts';
import { listDemoPeople } from './dev-idp.people.ts';
import { DevIdpMemoryAdapter } from './dev-idp.adapter.ts';

export const DEV_IDP_PREFIX = '/dev-idp';
export const ACR_HIGH = 'idporten-loa-high';
export const ACR_SUBSTANTIAL = 'idporten-loa-substantial';

const HPR_CLAIM = 'helseid://claims/hpr/hpr_number';
const STAFF_PID_CLAIM = 'helseid://claims/identity/pid';

/** The issuer URL of the development IdP for a public URL. */
export function devIssuer(config: Pick<Config, 'publicUrl'>): string {
  return `${config.publicUrl}${DEV_IDP_PREFIX}`;
}

/** Mounts the development IdP on a Fastify instance. */
export async function registerDevIdp(app: FastifyInstance, config: Config, db: Db): Promise<void> {
  if (config.nodeEnv === 'production') {
    throw new Error('The development identity provider refuses to start with NODE_ENV=production. Set CITIZEN_OIDC_ISSUER and STAFF_OIDC_ISSUER.');
  }
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'dev-idp-1', use: 'sig', alg: 'RS256' };

  const configuration: Configuration = {
    clients: [
      {
        client_id: config.citizenOidc.clientId,
        client_secret: config.citizenOidc.clientSecret,
        redirect_uris: [`${config.publicUrl}/auth/callback/citizen`],
        post_logout_redirect_uris: [`${config.publicUrl}/`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
      {
        client_id: config.staffOidc.clientId,
        client_secret: config.staffOidc.clientSecret,
        redirect_uris: [`${config.publicUrl}/auth/callback/staff`],
        post_logout_redirect_uris: [`${config.publicUrl}/`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    adapter: DevIdpMemoryAdapter,
    jwks: { keys: [jwk as never] },
    pkce: { required: () => true },
    acrValues: [ACR_SUBSTANTIAL, ACR_HIGH],
    scopes: ['openid', 'profile', 'helseid://scopes/identity/pid', 'helseid://scopes/hpr/hpr_number'],
    claims: {
      openid: ['sub'],
      profile: ['name', 'given_name', 'family_name', 'pid'],
      'helseid://scopes/identity/pid': [STAFF_PID_CLAIM],
      'helseid://scopes/hpr/hpr_number': [HPR_CLAIM],
    },
    // Put the claims in the ID token, as ID-porten and HelseID do, so no userinfo call is needed.
    conformIdTokenClaims: false,
    cookies: { keys: [config.cookieSecret], long: { signed: true }, short: { signed: true } },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `${DEV_IDP_PREFIX}/interaction/${interaction.uid}` },
    ttl: { AuthorizationCode: 60, IdToken: 600, AccessToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    async findAccount(_ctx, accountId) {
      const person = await findPerson(db, accountId);
      if (!person) return undefined;
      return {
        accountId,
        async claims() {
          return { sub: accountId, ...person.claims };
        },
      };
    },
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Login error</title><body><h1>Login error</h1><p>${escapeHtml(String(out.error_description ?? out.error))}</p><p><a href="/">Back to helsedialog</a></p></body></html>`;
    },
  };
  const provider = new Provider(devIssuer(config), configuration);
  provider.proxy = Boolean(config.trustProxy);
  const callback = provider.callback();

  await app.register(
    async (scope) => {
      // Leave request bodies untouched: oidc-provider reads the raw stream itself.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_req, _payload, done) => done(null));

      scope.get('/interaction/:uid', async (request, reply) => {
        const details = await provider.interactionDetails(request.raw, reply.raw);
        const clientId = String(details.params.client_id);
        const kind = clientId === config.staffOidc.clientId ? 'staff' : 'citizen';
        const people = await listDemoPeople(db, kind);
        return reply.type('text/html; charset=utf-8').send(loginPage({ uid: details.uid, kind, people, prefix: DEV_IDP_PREFIX }));
      });

      scope.post(
        '/interaction/:uid/login',
        { config: { rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' } } },
        async (request, reply) => {
          const form = await readForm(request);
          const details = await provider.interactionDetails(request.raw, reply.raw);
          const accountId = form.get('account') ?? '';
          const person = await findPerson(db, accountId);
          if (!person)
            return reply
              .code(400)
              .type('text/html; charset=utf-8')
              .send(
                '<!doctype html><html lang="en"><title>Unknown person</title><body><p>Unknown demo person. Go back and pick one from the list.</p></body></html>',
              );
          const clientId = String(details.params.client_id);
          const acr = accountId.startsWith('p:') ? (form.get('acr') === ACR_SUBSTANTIAL ? ACR_SUBSTANTIAL : ACR_HIGH) : 'helseid-loa-high';
          const grant = new provider.Grant({ accountId, clientId });
          grant.addOIDCScope(String(details.params.scope ?? 'openid'));
          const grantId = await grant.save();
          reply.hijack();
          await provider.interactionFinished(
            request.raw,
            reply.raw,
            { login: { accountId, acr, amr: ['dev'] }, consent: { grantId } },
            { mergeWithLastSubmission: false },
          );
        },
      );

      scope.post('/interaction/:uid/abort', async (request, reply) => {
        await readForm(request);
        reply.hijack();
        await provider.interactionFinished(
          request.raw,
          reply.raw,
          { error: 'access_denied', error_description: 'The user cancelled the login.' },
          { mergeWithLastSubmission: false },
        );
      });

      const handOver = async (request: FastifyRequest, reply: FastifyReply) => {
        reply.hijack();
        const raw = request.raw as typeof request.raw & { originalUrl?: string };
        raw.originalUrl = raw.url;
        raw.url = (raw.url ?? '/').slice(DEV_IDP_PREFIX.length) || '/';
        // The IdP sets its own headers; keep ours that matter.
        reply.raw.setHeader('X-Content-Type-Options', 'nosniff');
        reply.raw.setHeader('Content-Security-Policy', "default-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self' " + config.publicUrl);
        await callback(raw, reply.raw);
      };
      scope.all('/*', handOver);
      scope.all('/', handOver);
    },
    { prefix: DEV_IDP_PREFIX },
  );
}

async function readForm(request: FastifyRequest): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of request.raw) {
    size += (c as Buffer).length;
    if (size > 10_000) break;
    chunks.push(c as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Account ids: p:<national id> for citizens, s:<HPR number> for staff. */
async function findPerson(db: Db, accountId: string): Promise<{ claims: Record<string, unknown> } | undefined> {
  if (accountId.startsWith('p:')) {
    const p = await db
      .selectFrom('persons')
      .select(['national_id', 'given_name', 'family_name'])
      .where('national_id', '=', accountId.slice(2))
      .executeTakeFirst();
    if (!p) return undefined;
    return { claims: { pid: p.national_id, given_name: p.given_name, family_name: p.family_name, name: `${p.given_name} ${p.family_name}` } };
  }
  if (accountId.startsWith('s:')) {
    const s = await db
      .selectFrom('staff')
      .select(['hpr_number', 'national_id', 'given_name', 'family_name'])
      .where('hpr_number', '=', accountId.slice(2))
      .executeTakeFirst();
    if (!s) return undefined;
    return {
      claims: {
        [HPR_CLAIM]: s.hpr_number,
        [STAFF_PID_CLAIM]: s.national_id,
        given_name: s.given_name,
        family_name: s.family_name,
        name: `${s.given_name} ${s.family_name}`,
      },
    };
  }
  return undefined;
}

export type { DemoPerson };
export { HPR_CLAIM, STAFF_PID_CLAIM };
