/**
 * Configuration from environment variables, validated once at start.
 * A bad value stops the process with a message that names the variable and what to do.
 */
import { DEFAULT_FEE_SCHEDULE, parseFeeSchedule, type FeeSchedule } from '@helsedialog/core';
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

/** A whole number between min and max, with a message that says so. */
const wholeNumber = (unit: string, min: number, max: number, def: number) =>
  z.coerce
    .number({ message: `must be a whole number of ${unit} (${min}–${max})` })
    .int(`must be a whole number of ${unit} (${min}–${max})`)
    .min(min, `must be at least ${min} ${unit}`)
    .max(max, `must be at most ${max} ${unit}`)
    .default(def);

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
  /**
   * A PostgreSQL server that may lag (a streaming standby, e.g. Patroni's replica port behind
   * HAProxy) for read-only work that tolerates it: the statistics' counts. Unset: the primary.
   */
  READ_DATABASE_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || /^postgres(ql)?:\/\/.+/.test(v), {
      message: 'must be a postgres:// or postgresql:// connection URL of a (standby) server, e.g. postgres://postgres@127.0.0.1:5001/helsedialog',
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
  /** clamd to scan uploads with (tcp://host:port); unset: no scanning. */
  CLAMD_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || /^tcp:\/\/[^/\s:]+(:\d+)?\/?$/.test(v), {
      message: 'must be tcp://host:port of a clamd TCP socket, e.g. tcp://127.0.0.1:3310',
    }),
  /** on: let the development tools run on a HOST that is not loopback (they let anyone log in as anyone). */
  DEV_TOOLS: z.enum(['on', 'off', '']).optional(),
  /** Unset: auto outside production, never in production (where auto is refused). */
  SEED_DEMO: z.enum(['auto', 'never']).optional(),
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
  /** Hosts an EPJ endpoint may name although they are internal (comma separated; see platform/egress.ts). */
  EPJ_ALLOWED_HOSTS: z.string().optional(),
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
  /** Bounds on every wait on PostgreSQL (0 turns one off); see docs/operations.md. */
  DB_CONNECT_TIMEOUT_MS: wholeNumber('milliseconds', 0, 600_000, 5000),
  DB_STATEMENT_TIMEOUT_MS: wholeNumber('milliseconds', 0, 3_600_000, 30_000),
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: wholeNumber('milliseconds', 0, 3_600_000, 30_000),
  /** Housekeeping (maintenance.cleanup): how often, and how long each kind of row is kept. */
  MAINTENANCE_INTERVAL_MINUTES: wholeNumber('minutes', 1, 1440, 60),
  /** How often threads past their promised answer date are escalated (modules/dialog/escalation.ts). */
  ESCALATION_INTERVAL_MINUTES: wholeNumber('minutes', 1, 1440, 5),
  RETENTION_SESSIONS_DAYS: wholeNumber('days', 0, 365, 1),
  RETENTION_JOBS_DAYS: wholeNumber('days', 0, 365, 7),
  RETENTION_DEAD_JOBS_DAYS: wholeNumber('days', 1, 3650, 90),
  RETENTION_IDEMPOTENCY_HOURS: wholeNumber('hours', 1, 8760, 24),
  RETENTION_NOTIFICATIONS_DAYS: wholeNumber('days', 1, 3650, 395),
  RETENTION_THREADS_DAYS: wholeNumber('days', 0, 36500, 0),
  RETENTION_BILLING_DAYS: wholeNumber('days', 1, 36500, 2192),
  RETENTION_AUDIT_DAYS: wholeNumber('days', 0, 36500, 3653),
  /** Where a year of the access log is written (gzip'd NDJSON) before retention drops it; unset: not written. */
  AUDIT_ARCHIVE_DIR: z.string().optional(),
  /** How long a notification that cannot be delivered is tried again before it is dead. */
  NOTIFY_RETRY_HOURS: wholeNumber('hours', 1, 720, 48),
  JOURNAL_ALERT_MINUTES: z.coerce
    .number({ message: 'must be a whole number of minutes (1–10080)' })
    .int('must be a whole number of minutes (1–10080)')
    .min(1, 'must be at least 1 minute')
    .max(10_080, 'must be at most 10080 minutes (a week)')
    .default(60),
  REMINDER_DAYS: z.coerce
    .number({ message: 'must be a whole number of days (1–60)' })
    .int('must be a whole number of days (1–60)')
    .min(1, 'must be at least 1 day')
    .max(60, 'must be at most 60 days')
    .default(3),
  EKONSULTASJON_FEE_NOK: z
    .string()
    .optional()
    .superRefine((v, c) => {
      if (v === undefined || v === '') return;
      try {
        parseFeeSchedule(v);
      } catch (err) {
        c.addIssue({ code: 'custom', message: `must be YEAR=AMOUNT pairs, e.g. 2026=167,2027=175: ${(err as Error).message}` });
      }
    }),
});

/** The validated configuration the app runs with. */
export type Config = {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl: string | undefined;
  /** Read-only work that may lag (statistics' counts) goes here when set (docs/operations.md). */
  readDatabaseUrl: string | undefined;
  dataDir: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  /** How often a live-event stream sends a heartbeat and reads its session again. */
  liveHeartbeatMs: number;
  /** /api/health degrades when an item has waited this long to be documented in an EPJ. */
  journalAlertMs: number;
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
  /** Hosts an EPJ endpoint may name although they resolve to internal addresses (platform/egress.ts). */
  epjAllowedHosts: string[];
  /** clamd that scans every upload (platform/malware-scan.ts); undefined: no scanning. */
  clamdUrl: string | undefined;
  /** Notifications: real SMTP and SMS gateway when configured, else the development mailbox. */
  /** The e-konsultasjon patient fee per year (core's consultationFee reads it). */
  feeSchedule: FeeSchedule;
  notify: {
    smtpUrl: string | undefined;
    smtpFrom: string;
    smsGatewayUrl: string | undefined;
    smsGatewayKey: string | undefined;
    reminderDays: number;
    /** How long an undeliverable notification is retried (capped backoff) before it is dead. */
    retryMs: number;
  };
  /** Bounds on every wait on PostgreSQL, in ms (0: none). */
  dbTimeouts: { connectMs: number; statementMs: number; idleInTransactionMs: number };
  /** Housekeeping: how often it runs, and how long each kind of row is kept (ms). */
  /** How often the escalation scan runs (dialog.escalate). */
  escalationIntervalMs: number;
  maintenance: {
    intervalMs: number;
    sessionsMs: number;
    jobsMs: number;
    deadJobsMs: number;
    idempotencyMs: number;
    notificationsMs: number;
    /** 0 keeps conversations. */
    threadsMs: number;
    billingMs: number;
    /** 0 keeps the access log. */
    auditMs: number;
    auditArchiveDir?: string;
  };
};

/** True for a host name or address that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

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
    if (e.SEED_DEMO === 'auto')
      problems.push('  SEED_DEMO: demo data is never loaded in production (its people and EPJ client secrets are published); remove SEED_DEMO');
  }
  // Outside production the development tools run (/dev-idp, /dev/mailbox, /dev-epj): anyone who
  // reaches them can log in as anyone. Only on a loopback address, unless DEV_TOOLS=on says so.
  if (!prod && !isLoopbackHost(e.HOST) && e.DEV_TOOLS !== 'on')
    problems.push(
      `  HOST: ${e.HOST} is not a loopback address, and outside production the development tools (/dev-idp, /dev/mailbox, /dev-epj) let anyone who reaches them log in as anyone. Listen on 127.0.0.1, run with NODE_ENV=production, or set DEV_TOOLS=on if this network is yours alone`,
    );
  if (e.READ_DATABASE_URL && !e.DATABASE_URL)
    problems.push('  READ_DATABASE_URL: needs DATABASE_URL (a standby serves reads beside a PostgreSQL primary; the embedded database has none)');
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
    readDatabaseUrl: e.READ_DATABASE_URL || undefined,
    dataDir: path.resolve(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
    liveHeartbeatMs: e.LIVE_HEARTBEAT_SECONDS * 1000,
    journalAlertMs: e.JOURNAL_ALERT_MINUTES * 60_000,
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
    seedDemo: prod ? 'never' : (e.SEED_DEMO ?? 'auto'),
    loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
    trustProxy: e.TRUST_PROXY,
    webDist: path.resolve(e.WEB_DIST ?? path.join(here, '../../../web/dist')),
    integrationApiKey: e.INTEGRATION_API_KEY ?? (prod ? undefined : 'development-integration-key'),
    clamdUrl: e.CLAMD_URL || undefined,
    epjAllowedHosts: (e.EPJ_ALLOWED_HOSTS ?? (prod ? '' : 'localhost,127.0.0.1,::1'))
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean),
    feeSchedule: e.EKONSULTASJON_FEE_NOK ? { ...DEFAULT_FEE_SCHEDULE, ...parseFeeSchedule(e.EKONSULTASJON_FEE_NOK) } : DEFAULT_FEE_SCHEDULE,
    notify: {
      smtpUrl: e.SMTP_URL || undefined,
      smtpFrom: e.SMTP_FROM ?? `helsedialog <ikke-svar@${new URL(publicUrl).hostname}>`,
      smsGatewayUrl: e.SMS_GATEWAY_URL || undefined,
      smsGatewayKey: e.SMS_GATEWAY_KEY || undefined,
      reminderDays: e.REMINDER_DAYS,
      retryMs: e.NOTIFY_RETRY_HOURS * 3_600_000,
    },
    dbTimeouts: {
      connectMs: e.DB_CONNECT_TIMEOUT_MS,
      statementMs: e.DB_STATEMENT_TIMEOUT_MS,
      idleInTransactionMs: e.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
    escalationIntervalMs: e.ESCALATION_INTERVAL_MINUTES * 60_000,
    maintenance: {
      intervalMs: e.MAINTENANCE_INTERVAL_MINUTES * 60_000,
      sessionsMs: e.RETENTION_SESSIONS_DAYS * 86_400_000,
      jobsMs: e.RETENTION_JOBS_DAYS * 86_400_000,
      deadJobsMs: e.RETENTION_DEAD_JOBS_DAYS * 86_400_000,
      idempotencyMs: e.RETENTION_IDEMPOTENCY_HOURS * 3_600_000,
      notificationsMs: e.RETENTION_NOTIFICATIONS_DAYS * 86_400_000,
      threadsMs: e.RETENTION_THREADS_DAYS * 86_400_000,
      billingMs: e.RETENTION_BILLING_DAYS * 86_400_000,
      auditMs: e.RETENTION_AUDIT_DAYS * 86_400_000,
      auditArchiveDir: e.AUDIT_ARCHIVE_DIR || undefined,
    },
  };
}
