/**
 * The unit's EPJ endpoint as administrators see and change it: any member reads it (secrets
 * never leave: only whether one is set), unit administrators change it (audited, citizen null).
 */
import type { EndpointView } from '@helsedialog/core';
import { z } from 'zod';
import type { AppContext } from '../../app.ts';
import { checkResolvedHost, checkTargetUrl, EgressRefused, egressPolicyOf, type EgressPolicy } from '../../platform/egress.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { requireMembership, requireUnitAdmin, type StaffActor } from '../../access/actors.ts';
import { findEndpoint, upsertEndpoint, type EpjEndpoint } from './journal.repository.ts';

/** Shown instead of a password in a broker URL; sent back unchanged, the stored password is kept. */
export const MASK = '***';

const Digits = z
  .string()
  .trim()
  .regex(/^\d{1,9}$/, 'must be a HER-id (digits only)');
const Text = (max: number) => z.string().trim().min(1).max(max);

/** The body of PUT /api/staff/units/:unitId/epj-endpoint (cross-field rules checked in `checkEndpoint`). */
export const EndpointBodySchema = z
  .object({
    protocol: z.enum(['fhir', 'kith']),
    transport: z.enum(['http', 'amqp', 'amqp1']),
    url: Text(2000),
    queue: Text(200).nullish(),
    replyQueue: Text(200).nullish(),
    auth: z
      .object({
        tokenUrl: Text(2000),
        clientId: Text(200),
        /** Write-only; omit to keep the stored secret. */
        clientSecret: Text(500).optional(),
        scope: Text(500).optional(),
      })
      .strict()
      .nullish(),
    settings: z
      .object({ senderName: Text(200).optional(), senderHerId: Digits.optional(), receiverHerId: Digits.optional() })
      .strict()
      .optional(),
    enabled: z.boolean(),
  })
  .strict();
export type EndpointBody = z.output<typeof EndpointBodySchema>;


function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (!u.password) return url;
    u.password = MASK;
    return u.toString();
  } catch {
    return url;
  }
}

function invalid(path: string, message: string): never {
  throw new AppError('VALIDATION_FAILED', `The EPJ endpoint is not valid: ${path}: ${message}`, { errors: [{ path, message }] });
}

/** An absolute URL with one of the schemes allowed by the egress policy, or (outside production) a path on this server. */
function checkUrl(policy: EgressPolicy, path: string, value: string, schemes: string[], allowRelative: boolean): void {
  if (value.startsWith('/')) {
    if (allowRelative && !value.startsWith('//')) return;
    invalid(path, `must be an absolute ${schemes.join(' or ')} URL`);
  }
  try {
    checkTargetUrl(policy, value, schemes);
  } catch (err) {
    if (err instanceof EgressRefused) invalid(path, err.message === 'is not a URL' ? `must be a ${schemes.join(' or ')} URL, e.g. ${schemes[0]}://epj.example.no/…` : err.message);
    throw err;
  }
}

/** A URL without its password: what must stay the same for a stored secret to be kept. */
function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return url;
  }
}

/** Cross-field rules; returns the endpoint to store (secrets kept where the body leaves them out). */
export function checkEndpoint(
  unitId: string,
  b: EndpointBody,
  old: EpjEndpoint | undefined,
  allowRelative: boolean,
  policy: EgressPolicy,
): EpjEndpoint {
  if (b.transport === 'http') checkUrl(policy, 'url', b.url, ['https', 'http'], allowRelative);
  else checkUrl(policy, 'url', b.url, ['amqps', 'amqp'], false);
  if (b.protocol === 'fhir' && b.transport !== 'http') invalid('transport', 'FHIR is sent over HTTP only');
  if (b.transport === 'amqp' && !b.queue) invalid('queue', 'is required for the amqp transport');
  if (b.transport === 'http' && (b.queue || b.replyQueue)) invalid('queue', 'is only used with the amqp transport');
  let url = b.url;
  if (b.transport !== 'http') {
    const u = new URL(b.url);
    if (decodeURIComponent(u.password) === MASK) {
      // The masked URL came back: keep the stored password only if the URL is otherwise the same
      // (any change of the URL clears the stored secrets; issue 15).
      const prev = old && old.transport !== 'http' ? new URL(old.url) : undefined;
      if (!prev || withoutPassword(old!.url) !== withoutPassword(b.url))
        invalid('url', 'give the broker password again (the URL changed, so the stored one was cleared)');
      u.password = prev.password;
      url = u.toString();
    }
  }
  let auth: EpjEndpoint['auth'] = {};
  if (b.protocol === 'fhir') {
    if (!b.auth) invalid('auth', 'a FHIR endpoint needs OAuth2 client credentials (tokenUrl, clientId, clientSecret)');
    checkUrl(policy, 'auth.tokenUrl', b.auth.tokenUrl, ['https', 'http'], allowRelative);
    // A stored secret is kept only while nothing it could be sent to changes: the same client id,
    // token URL and base URL. Changing any URL clears it (else an administrator could point the
    // token URL elsewhere and have the worker send the secret there; issue 15).
    const same = old?.protocol === 'fhir' && old.auth.clientId === b.auth.clientId && old.auth.tokenUrl === b.auth.tokenUrl && old.url === b.url;
    const secret = b.auth.clientSecret ?? (same ? old.auth.clientSecret : undefined);
    if (!secret)
      invalid('auth.clientSecret', same || !old ? 'is required (no secret is stored for this client id)' : 'is required again: the endpoint’s URLs or client id changed, so the stored secret was cleared');
    auth = { tokenUrl: b.auth.tokenUrl, clientId: b.auth.clientId, clientSecret: secret, ...(b.auth.scope ? { scope: b.auth.scope } : {}) };
  } else if (b.auth) invalid('auth', 'is only used with the FHIR protocol');
  return {
    unitId,
    protocol: b.protocol,
    transport: b.transport,
    url,
    queue: b.transport !== 'http' ? (b.queue ?? null) : null,
    replyQueue: b.transport !== 'http' ? (b.replyQueue ?? null) : null,
    auth,
    settings: b.settings ?? {},
    enabled: b.enabled,
  };
}

/** The unit's endpoint without secrets (any member of the unit). */
export async function getEndpoint(ctx: AppContext, a: StaffActor, unitId: string): Promise<EndpointView> {
  const m = requireMembership(a, unitId);
  const row = await ctx.db.selectFrom('epj_endpoints').select('updated_at').where('unit_id', '=', unitId).executeTakeFirst();
  const ep = await findEndpoint(ctx.db, unitId);
  if (!ep || !row) return { unitId, configured: false, canEdit: m.isAdmin, endpoint: null };
  const hasAuth = ep.auth.tokenUrl !== undefined || ep.auth.clientId !== undefined || ep.auth.clientSecret !== undefined;
  return {
    unitId,
    configured: true,
    canEdit: m.isAdmin,
    endpoint: {
      protocol: ep.protocol,
      transport: ep.transport,
      url: maskUrl(ep.url),
      queue: ep.queue,
      replyQueue: ep.replyQueue,
      auth: hasAuth
        ? { tokenUrl: ep.auth.tokenUrl ?? null, clientId: ep.auth.clientId ?? null, scope: ep.auth.scope ?? null, clientSecretSet: !!ep.auth.clientSecret }
        : null,
      settings: ep.settings,
      enabled: ep.enabled,
      updatedAt: row.updated_at.toISOString(),
    },
  };
}

/** Creates or replaces the unit's endpoint (unit administrators; audited without a citizen). */
export async function putEndpoint(ctx: AppContext, a: StaffActor, unitId: string, body: EndpointBody): Promise<EndpointView> {
  const m = requireUnitAdmin(a, unitId);
  await ctx.db.transaction().execute(async (tx) => {
    const old = await findEndpoint(tx, unitId);
    const policy = egressPolicyOf(ctx.config);
    const next = checkEndpoint(unitId, body, old, ctx.config.nodeEnv !== 'production', policy);
    // What the hosts resolve to now (the worker checks again on every connection).
    for (const [path, url] of [['url', next.url], ['auth.tokenUrl', next.auth.tokenUrl]] as const) {
      if (!url || url.startsWith('/')) continue;
      await checkResolvedHost(policy, new URL(url).hostname).catch((err: unknown) => {
        if (err instanceof EgressRefused) invalid(path, err.message);
        throw err;
      });
    }
    await upsertEndpoint(tx, next);
    await recordAudit(tx, {
      citizenId: null,
      actorKind: 'staff',
      actorStaffId: a.staffId,
      actorName: a.name,
      actorRole: m.role,
      unitId,
      unitName: m.unitName,
      action: old ? 'journal.endpoint.update' : 'journal.endpoint.create',
      objectType: 'epj_endpoint',
      objectId: unitId,
      reason: `${next.protocol}/${next.transport} ${maskUrl(next.url)}${next.enabled ? '' : ' (disabled)'}`,
    });
  });
  return getEndpoint(ctx, a, unitId);
}
