/**
 * How notifications leave: e-mail through SMTP (nodemailer), SMS through the gateway's small
 * HTTP interface (docs/notifications.md), or — when neither is configured and never in
 * production — into the development mailbox table that /dev/mailbox shows.
 * Errors carry only a code and a status: never an address or the text.
 */
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db.ts';
import { insertDevMail } from './notify.repository.ts';

export interface SmsOut {
  to: string;
  text: string;
  /** Stable per notification: a retried send carries the same reference, so the gateway can drop a duplicate. */
  reference: string;
}
export interface EmailOut {
  to: string;
  subject: string;
  text: string;
  html: string;
  reference: string;
}
export interface Transports {
  sms(m: SmsOut): Promise<{ id: string }>;
  email(m: EmailOut): Promise<{ id: string }>;
}

/** A send failure whose message is safe to log and store (no address, no content). */
export class SendError extends Error {}

/** An opaque reference for a notification key (ids stay inside). */
export function referenceOf(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

/** The development mailbox: stores what would have been sent. */
export function devMailbox(db: Db): Transports {
  return {
    async sms(m) {
      return { id: `dev-${await insertDevMail(db, { channel: 'sms', to_address: m.to, subject: null, body: m.text, reference: m.reference })}` };
    },
    async email(m) {
      return { id: `dev-${await insertDevMail(db, { channel: 'email', to_address: m.to, subject: m.subject, body: m.text, reference: m.reference })}` };
    },
  };
}

/** E-mail through an SMTP server (SMTP_URL). The Message-ID is derived from the reference. */
export function smtpEmail(smtpUrl: string, from: string, domain: string): Transports['email'] {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    logger: false,
    debug: false,
  });
  return async (m) => {
    try {
      const info = await transport.sendMail({
        from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        messageId: `<${m.reference}@${domain}>`,
        headers: { 'X-Helsedialog-Reference': m.reference, 'Auto-Submitted': 'auto-generated' },
      });
      return { id: info.messageId };
    } catch (err) {
      const e = err as { code?: string; responseCode?: number };
      throw new SendError(`SMTP send failed${e.code ? ` (${e.code}${e.responseCode ? ` ${e.responseCode}` : ''})` : ''}`);
    }
  };
}

/**
 * SMS through the gateway: POST {to, text, reference} as JSON with `Authorization: Bearer <key>`;
 * any 2xx answer with {id} is a success.
 */
export function smsGateway(url: string, key: string, timeoutMs = 10_000): Transports['sms'] {
  return async (m) => {
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ to: m.to, text: m.text, reference: m.reference }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new SendError(`SMS gateway unreachable (${(err as Error).name})`);
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new SendError(`SMS gateway answered ${res.status}`);
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      body = undefined;
    }
    const id = body && typeof body === 'object' && typeof (body as { id?: unknown }).id !== 'undefined' ? String((body as { id: unknown }).id) : '';
    return { id: id.slice(0, 200) || 'accepted' };
  };
}

/** The transports the configuration asks for, each channel on its own. */
export function createTransports(config: Config, db: Db): Transports {
  const dev = devMailbox(db);
  const n = config.notify;
  return {
    sms: n.smsGatewayUrl && n.smsGatewayKey ? smsGateway(n.smsGatewayUrl, n.smsGatewayKey) : dev.sms,
    email: n.smtpUrl ? smtpEmail(n.smtpUrl, n.smtpFrom, new URL(config.publicUrl).hostname) : dev.email,
  };
}
