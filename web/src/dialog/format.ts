/** Date and time in Norwegian time, and small helpers for dialog texts. */
import type { FeeDecision } from '@helsedialog/core';
import type { TranslateFn } from '../i18n/i18n-context.ts';
const TIME_ZONE = 'Europe/Oslo';

/** "3. mars 2025, 14:05" */
export function formatDateTime(iso: string, locale: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: TIME_ZONE }).format(d);
}

/** "3. mars 2025" (short) */
export function formatDay(iso: string, locale: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: /^\d{4}-\d{2}-\d{2}$/.test(iso) ? 'UTC' : TIME_ZONE }).format(d);
}

/** "12 kB" */
export function formatSize(bytes: number, locale: string): string {
  const kb = bytes / 1024;
  if (kb < 1024) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(Math.max(1, kb))} kB`;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(kb / 1024)} MB`;
}

/** "kr 167,00" in nb, "NOK 167.00" in en */
export function formatNok(amount: string, locale: string): string {
  const n = Number(amount);
  if (!Number.isFinite(n)) return amount;
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'NOK' }).format(n);
}

/** A fee in short form: "kr 167" in nb, "NOK 167" in en; øre only when there are any ("kr 167,50"). */
export function formatFee(amount: string, locale: string): string {
  const n = Number(amount);
  if (!Number.isFinite(n)) return amount;
  const digits = Number.isInteger(n) ? 0 : 2;
  const num = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
  // A no-break space keeps the currency and the amount on one line.
  return /^(nb|nn|no)\b/.test(locale) ? `kr\u00a0${num}` : `NOK\u00a0${num}`;
}

/**
 * The fee of an e-konsultasjon in one line, as core's consultationFee decided it (the server
 * sends the decision): "Egenandel: kr 167", or why there is none; null for services without a fee.
 */
export function feeLine(t: TranslateFn, fee: FeeDecision | null | undefined, locale: string): string | null {
  if (!fee || fee.kind === 'none') return null;
  if (fee.kind === 'exempt') return t(`dialog.fee.exempt.${fee.reason}`);
  return t('dialog.fee.line', { fee: formatFee(fee.amountNok, locale) });
}
