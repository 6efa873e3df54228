/** Login, callback, logout and "who am I" for citizens and staff. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { sendProblem } from '../../platform/http.ts';
import { clearSessionCookie, cookieOptions, endSession, loadSession, randomToken, SESSION_COOKIE, type Session } from '../../platform/session.ts';
import { ProblemSchema } from '../../platform/schemas.ts';
import { LanguageChoiceSchema, MeSchema } from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import { OidcClients, openidClient, REQUIRED_CITIZEN_ACR, type LoginKind } from './oidc.ts';
import { HPR_CLAIM } from '../../dev-idp/dev-idp.ts';
import { access } from '../../access/route-access.ts';
import { ATTEMPT_TTL_MS, citizenSession, saveLoginAttempt, setMyLanguage, staffSession, takeLoginAttempt, whoAmI } from './auth.service.ts';

const LOGIN_COOKIE = 'hd_login';
const KindParam = z.object({ kind: z.enum(['citizen', 'staff']) });

const SessionStateSchema = z.discriminatedUnion('signedIn', [
  z.object({ signedIn: z.literal(false), reason: z.enum(['UNAUTHENTICATED', 'SESSION_EXPIRED']) }),
  z.object({ signedIn: z.literal(true), me: MeSchema }),
]);

/** Registers the auth routes. */
export async function authRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { db, config } = ctx;
  const oidc = new OidcClients(config);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const limit = { rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' } };

  r.get(
    '/auth/:kind/login',
    { schema: { params: KindParam, hide: true }, config: { ...limit, ...access('public', 'none', 'act') } },
    async (request, reply) => {
      const { kind } = request.params;
      // The login cookie must be set on the host the identity provider returns to (PUBLIC_URL);
      // someone who opened http://127.0.0.1:3000 instead of localhost is moved there first.
      const publicHost = new URL(config.publicUrl).host;
      if (request.headers.host && request.headers.host !== publicHost && !config.trustProxy) return reply.redirect(`${config.publicUrl}${request.url}`, 303);
      const attempt = {
        id: randomToken(),
        state: openidClient.randomState(),
        nonce: openidClient.randomNonce(),
        codeVerifier: openidClient.randomPKCECodeVerifier(),
      };
      let url: URL;
      try {
        url = await oidc.authorizationUrl(kind, attempt);
      } catch (err) {
        request.log.error({ err: { message: (err as Error).message } }, 'identity provider unavailable');
        throw new AppError('UNAVAILABLE', 'The login service cannot be reached right now. Try again in a few minutes.');
      }
      await saveLoginAttempt(db, kind, attempt);
      reply.setCookie(LOGIN_COOKIE, attempt.id, { ...cookieOptions(config), path: '/auth', maxAge: ATTEMPT_TTL_MS / 1000 });
      return reply.redirect(url.href, 303);
    },
  );

  r.get(
    '/auth/callback/:kind',
    { schema: { params: KindParam, hide: true }, config: { ...limit, ...access('public', 'none', 'act') } },
    async (request, reply) => {
      const { kind } = request.params;
      try {
        const target = await finishLogin(request, reply, kind);
        return reply.redirect(target, 303);
      } catch (err) {
        const e = err instanceof AppError ? err : new AppError('LOGIN_FAILED', 'The login could not be completed. Try again.');
        if (!(err instanceof AppError)) request.log.warn({ err: { message: (err as Error).message } }, 'login failed');
        reply.clearCookie(LOGIN_COOKIE, { ...cookieOptions(config), path: '/auth' });
        if ((request.headers.accept ?? '').includes('application/json')) return sendProblem(reply, e, request);
        return reply.redirect(`/?error=${encodeURIComponent(e.code)}&message=${encodeURIComponent(e.message)}`, 303);
      }
    },
  );

  async function finishLogin(request: FastifyRequest, reply: FastifyReply, kind: LoginKind): Promise<string> {
    const query = request.query as Record<string, string | undefined>;
    const attempt = await takeLoginAttempt(db, request.cookies[LOGIN_COOKIE], kind);
    if (query.state !== attempt.state)
      throw new AppError('LOGIN_STATE_MISMATCH', 'The login answer did not match the login you started (state). Start the login again.');
    if (query.error) {
      if (query.error === 'access_denied') throw new AppError('LOGIN_CANCELLED', 'The login was cancelled.');
      throw new AppError('LOGIN_FAILED', 'The identity provider could not log you in. Try again.');
    }
    const currentUrl = new URL(`${config.publicUrl}${request.url}`);
    let claims;
    try {
      claims = await oidc.finish(kind, currentUrl, { state: attempt.state, nonce: attempt.nonce, codeVerifier: attempt.code_verifier });
    } catch (err) {
      const msg = (err as Error).message ?? '';
      request.log.warn({ err: { message: msg } }, 'code exchange refused');
      if (causeChain(err).some((e) => e.claim === 'nonce' || /nonce/i.test(e.message ?? '')))
        throw new AppError('LOGIN_NONCE_MISMATCH', 'The login answer did not match the login you started (nonce). Start the login again.');
      if (/invalid_grant|grant request is invalid/i.test(msg) || (err as { error?: string }).error === 'invalid_grant') {
        throw new AppError('LOGIN_CODE_INVALID', 'The login code was already used or has expired. Start the login again.');
      }
      throw new AppError('LOGIN_FAILED', 'The login could not be completed. Try again.');
    }
    reply.clearCookie(LOGIN_COOKIE, { ...cookieOptions(config), path: '/auth' });
    const acr = typeof claims.acr === 'string' ? claims.acr : null;
    let token: string;
    if (kind === 'citizen') {
      if (acr !== REQUIRED_CITIZEN_ACR) {
        throw new AppError(
          'LOGIN_ACR_TOO_LOW',
          'Health information requires login with security level high (BankID, Buypass or Commfides). Log in again with one of those.',
        );
      }
      const pid = typeof claims.pid === 'string' ? claims.pid : '';
      token = await citizenSession(db, config, pid, acr);
    } else {
      const hpr = typeof claims[HPR_CLAIM] === 'string' ? (claims[HPR_CLAIM] as string) : '';
      token = await staffSession(db, config, hpr, acr);
    }
    reply.setCookie(SESSION_COOKIE, token, cookieOptions(config));
    return kind === 'citizen' ? '/citizen' : '/clinician';
  }

  r.post(
    '/api/auth/logout',
    {
      config: access('session', 'none', 'act'),
      schema: { tags: ['auth'], summary: 'End the session on the server', response: { 204: z.null(), 401: ProblemSchema, 403: ProblemSchema } },
    },
    async (request, reply) => {
      await ctx.requireSession(request);
      await endSession(db, request.cookies[SESSION_COOKIE]);
      clearSessionCookie(reply, config);
      return reply.code(204).send(null);
    },
  );

  /** Who the session belongs to, as GET /api/me and GET /api/session answer it. */
  async function meOf(s: Session): Promise<z.infer<typeof MeSchema>> {
    const { person, actingFor, language } = await whoAmI(db, s);
    return { kind: s.kind, csrfToken: s.csrfToken, person, sessionExpiresAt: s.expiresAt.toISOString(), actingFor, language };
  }

  r.get(
    '/api/me',
    {
      config: access('session', 'none', 'see'),
      schema: { tags: ['auth'], summary: 'The signed-in person and the CSRF token', response: { 200: MeSchema, 401: ProblemSchema } },
    },
    async (request) => meOf(await loadSession(db, config, request, ctx.activity)),
  );

  r.get(
    '/api/session',
    {
      config: access('public', 'none', 'see'),
      schema: {
        tags: ['auth'],
        summary: 'Whether someone is signed in, and who',
        description:
          "GET /api/me for a caller who may not be signed in: always 200, `{ signedIn: false, reason }` without a session (reason UNAUTHENTICATED, or SESSION_EXPIRED for a session that timed out), `{ signedIn: true, me }` with one. The web app asks this on every page load, so an anonymous visitor's browser logs no failed request.",
        response: { 200: SessionStateSchema },
      },
    },
    async (request) => {
      let s: Session;
      try {
        s = await loadSession(db, config, request, ctx.activity);
      } catch (err) {
        if (err instanceof AppError && (err.code === 'UNAUTHENTICATED' || err.code === 'SESSION_EXPIRED'))
          return { signedIn: false as const, reason: err.code };
        throw err;
      }
      return { signedIn: true as const, me: await meOf(s) };
    },
  );

  r.put(
    '/api/me/language',
    {
      config: access('session', 'none', 'act'),
      schema: {
        tags: ['auth'],
        summary: 'Choose my language',
        description:
          "The signed-in person's own language (nb, nn, se or en) for the UI on every device, their notifications (SMS, e-mail) and the texts the system writes to them. Always the person signed in, also when acting for someone else.",
        body: LanguageChoiceSchema,
        response: { 204: z.null(), 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (request, reply) => {
      const s = await ctx.requireSession(request);
      const { language } = request.body;
      await setMyLanguage(db, s, language);
      return reply.code(204).send(null);
    },
  );
}

/** The error and its causes, for telling refusals apart. */
function causeChain(err: unknown): Array<{ message?: string; claim?: string }> {
  const out: Array<{ message?: string; claim?: string }> = [];
  let e = err as { message?: string; claim?: string; cause?: unknown } | undefined;
  for (let i = 0; e && typeof e === 'object' && i < 5; i++) {
    out.push(e);
    e = e.cause as typeof e;
  }
  return out;
}
