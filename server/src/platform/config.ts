/**
 * Configuration from environment variables, validated once at start.
 * A bad value stops the process with a message that names the variable and what to do.
 */
import path from 'node:path';
import net from 'node:net';
import { z } from 'zod';

/** An IPv4/IPv6 address, optionally with a /prefix. */
function isAddressOrCidr(a: string): boolean {
  const [ip, prefix, ...rest] = a.split('/');
  if (rest.length || !ip) return false;
  const kind = net.isIP(ip);
  if (!kind) return false;
  if (prefix === undefined) return true;
  const n = Number(prefix);
  return /^\d+$/.test(prefix) && n >= 0 && n <= (kind === 4 ? 32 : 128);
}

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || /^postgres(ql)?:\/\/.+/.test(v), {
      message: 'must be a postgres:// or postgresql:// connection URL, e.g. postgres://postgres@127.0.0.1:5432/helsedialog',
    }),
  DATA_DIR: z.string().default('data'),
  /**
   * PGlite never fsyncs (it survives a process crash, not a power loss), so production refuses it
   * unless this says `yes` (a small single-machine install that accepts that risk).
   */
  ALLOW_EMBEDDED_DB_IN_PRODUCTION: z.enum(['yes', 'no', '']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().positive().default(12),
  /** Issuer URL of the citizen identity provider (ID-porten). Unset: the built-in development IdP. */
  CITIZEN_OIDC_ISSUER: z.url().optional(),
  CITIZEN_OIDC_CLIENT_ID: z.string().default('helsedialog-citizen'),
  CITIZEN_OIDC_CLIENT_SECRET: z.string().optional(),
  /** Issuer URL of the staff identity provider (HelseID). Unset: the built-in development IdP. */
  STAFF_OIDC_ISSUER: z.url().optional(),
  STAFF_OIDC_CLIENT_ID: z.string().default('helsedialog-staff'),
  STAFF_OIDC_CLIENT_SECRET: z.string().optional(),
  /** Secret for signing cookies of the development IdP; required in production for nothing else. */
  COOKIE_SECRET: z.string().min(32).optional(),
  WORKERS: z.enum(['inline', 'off']).default('inline'),
  SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(20),
  /**
   * Whose X-Forwarded-For/-Proto/-Host to believe: `true` any peer (only when nothing but the proxy
   * can reach the server), or a comma-separated list of the proxies' addresses or CIDR ranges
   * (e.g. `127.0.0.1` or `10.0.4.0/24`), so a client that reaches the server directly cannot
   * choose its own address (the login rate limit counts by it).
   */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const t = (v ?? '').trim();
      if (t === '' || t === 'false' || t === '0') return false;
      if (t === 'true' || t === '1') return true;
      const list = t
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean);
      const bad = list.filter((a) => !isAddressOrCidr(a));
      if (bad.length) {
        ctx.addIssue({
          code: 'custom',
          message: `must be true, false or a comma-separated list of proxy addresses or CIDR ranges (e.g. 127.0.0.1,10.0.4.0/24); not an address: ${bad.join(', ')}`,
        });
        return z.NEVER;
      }
      return list;
    }),
  WEB_DIST: z.string().optional(),
  INTEGRATION_API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Notifications (see docs/notifications.md). Unset: SMS and e-mail go to the development mailbox. */
  SMTP_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || /^smtps?:\/\/[^/\s]+/.test(v), {
      message: 'must be an smtp:// or smtps:// URL, e.g. smtp://user:password@smtp.example.no:587',
    }),
  SMTP_FROM: z.string().min(3).optional(),
  SMS_GATEWAY_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || /^https?:\/\/[^/\s]+/.test(v), {
      message: 'must be an http:// or https:// URL of the SMS gateway, e.g. https://sms.example.no/v1/messages',
    }),
  SMS_GATEWAY_KEY: z.string().optional(),
  LIVE_HEARTBEAT_SECONDS: z.coerce
    .number({ message: 'must be a whole number of seconds (1–120)' })
    .int('must be a whole number of seconds (1–120)')
    .min(1, 'must be at least 1 second')
    .max(120, 'must be at most 120 seconds')
    .default(25),
  REMINDER_DAYS: z.coerce
    .number({ message: 'must be a whole number of days (1–60)' })
    .int('must be a whole number of days (1–60)')
    .min(1, 'must be at least 1 day')
    .max(60, 'must be at most 60 days')
    .default(3),
});

/** The validated configuration the app runs with. */
export type Config = {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  /** How often a live-event stream sends a heartbeat and reads its session again. */
  liveHeartbeatMs: number;
  citizenOidc: { issuer: string | undefined; clientId: string; clientSecret: string };
  staffOidc: { issuer: string | undefined; clientId: string; clientSecret: string };
  devIdp: boolean;
  cookieSecret: string;
  workers: 'inline' | 'off';
  seedDemo: 'auto' | 'never';
  loginRateLimitPerMinute: number;
  /** false, true (any peer), or the proxies' addresses/CIDR ranges whose X-Forwarded-* count. */
  trustProxy: boolean | string[];
  webDist: string;
  /** Bearer key of the population-register integration; undefined turns it off. */
  integrationApiKey: string | undefined;
  /** Notifications: real SMTP and SMS gateway when configured, else the development mailbox. */
  notify: { smtpUrl: string | undefined; smtpFrom: string; smsGatewayUrl: string | undefined; smsGatewayKey: string | undefined; reminderDays: number };
};

/** A configuration error with a message meant for the person starting the server. */
export class ConfigError extends Error {}

const DEV_SECRET = 'development-only-secret-not-for-production-use-000';

/** Reads and validates configuration from an environment; throws ConfigError with every problem listed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const prod = e.NODE_ENV === 'production';
  const devIdp = !e.CITIZEN_OIDC_ISSUER || !e.STAFF_OIDC_ISSUER;
  const problems: string[] = [];
  if (prod) {
    if (!e.PUBLIC_URL) problems.push('  PUBLIC_URL: required in production (the https address users reach)');
    if (!e.CITIZEN_OIDC_ISSUER)
      problems.push('  CITIZEN_OIDC_ISSUER: required in production (ID-porten issuer URL); the development identity provider never runs in production');
    if (!e.STAFF_OIDC_ISSUER)
      problems.push('  STAFF_OIDC_ISSUER: required in production (HelseID issuer URL); the development identity provider never runs in production');
    if (!e.CITIZEN_OIDC_CLIENT_SECRET) problems.push('  CITIZEN_OIDC_CLIENT_SECRET: required in production');
    if (!e.STAFF_OIDC_CLIENT_SECRET) problems.push('  STAFF_OIDC_CLIENT_SECRET: required in production');
    if (!e.DATABASE_URL && e.ALLOW_EMBEDDED_DB_IN_PRODUCTION !== 'yes')
      problems.push(
        '  DATABASE_URL: required in production. The embedded database (PGlite) never fsyncs: it survives a process crash but not a power loss, so it is for development and small single-machine use. Set DATABASE_URL to a PostgreSQL server, or ALLOW_EMBEDDED_DB_IN_PRODUCTION=yes to accept that risk.',
      );
    if (!e.SMTP_URL) problems.push('  SMTP_URL: required in production (the SMTP server for e-mail notifications; no development mailbox)');
    if (!e.SMS_GATEWAY_URL) problems.push('  SMS_GATEWAY_URL: required in production (the SMS gateway for notifications; no development mailbox)');
    else if (!e.SMS_GATEWAY_URL.startsWith('https://')) problems.push('  SMS_GATEWAY_URL: must use https:// in production');
  }
  if (e.SMS_GATEWAY_URL && !e.SMS_GATEWAY_KEY) problems.push('  SMS_GATEWAY_KEY: required when SMS_GATEWAY_URL is set (the bearer key the gateway gave you)');
  if (e.SMS_GATEWAY_KEY && !e.SMS_GATEWAY_URL) problems.push('  SMS_GATEWAY_URL: required when SMS_GATEWAY_KEY is set (the address of the SMS gateway)');
  if (problems.length) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  const here = path.dirname(new URL(import.meta.url).pathname);
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    databaseUrl: e.DATABASE_URL || undefined,
    dataDir: path.resolve(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
    liveHeartbeatMs: e.LIVE_HEARTBEAT_SECONDS * 1000,
    citizenOidc: {
      issuer: e.CITIZEN_OIDC_ISSUER,
      clientId: e.CITIZEN_OIDC_CLIENT_ID,
      clientSecret: e.CITIZEN_OIDC_CLIENT_SECRET ?? `${DEV_SECRET}-citizen`,
    },
    staffOidc: {
      issuer: e.STAFF_OIDC_ISSUER,
      clientId: e.STAFF_OIDC_CLIENT_ID,
      clientSecret: e.STAFF_OIDC_CLIENT_SECRET ?? `${DEV_SECRET}-staff`,
    },
    devIdp,
    cookieSecret: e.COOKIE_SECRET ?? DEV_SECRET,
    workers: e.WORKERS,
    seedDemo: e.SEED_DEMO,
    loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
    trustProxy: e.TRUST_PROXY,
    webDist: path.resolve(e.WEB_DIST ?? path.join(here, '../../../web/dist')),
    integrationApiKey: e.INTEGRATION_API_KEY ?? (prod ? undefined : 'development-integration-key'),
    notify: {
      smtpUrl: e.SMTP_URL || undefined,
      smtpFrom: e.SMTP_FROM ?? `helsedialog <ikke-svar@${new URL(publicUrl).hostname}>`,
      smsGatewayUrl: e.SMS_GATEWAY_URL || undefined,
      smsGatewayKey: e.SMS_GATEWAY_KEY || undefined,
      reminderDays: e.REMINDER_DAYS,
    },
  };
}
