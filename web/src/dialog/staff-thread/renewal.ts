/** The renewal form's check: a decision on at least one medication, a reason for each one declined, a message within the limit. */
import { MAX_TEXT, type ThreadDetail } from '@helsedialog/core';
import type { TranslateFn } from '../../i18n/i18n-context.ts';

/** One medication's choice as the form holds it: a decision (or none yet), a standard reason, an own reason. */
export type Choice = { decision: 'renewed' | 'declined' | ''; std: string; own: string };

type RenewalItem = NonNullable<ThreadDetail['renewal']>['items'][number];
export interface RenewalBody {
  decisions: Array<{ itemId: string; decision: 'renewed' | 'declined'; reason?: string }>;
  text?: string;
}

/**
 * What the form may send, or its errors by field: an item's id (no reason for a decline), `_` (no
 * decision at all) or `text` (too long). An own reason wins over a standard one. Undecided items are left out.
 */
export function checkRenewal(
  pending: readonly Pick<RenewalItem, 'id' | 'medication'>[],
  choices: Readonly<Record<string, Choice>>,
  text: string,
  t: TranslateFn,
): { errors: Record<string, string>; body?: RenewalBody } {
  const errors: Record<string, string> = {};
  const decisions: RenewalBody['decisions'] = [];
  for (const item of pending) {
    const c = choices[item.id];
    if (!c?.decision) continue;
    if (c.decision === 'renewed') decisions.push({ itemId: item.id, decision: 'renewed' });
    else {
      const reason = c.own.trim() || c.std;
      if (!reason) errors[item.id] = t('dialog.validate.reason', { name: item.medication });
      decisions.push({ itemId: item.id, decision: 'declined', reason });
    }
  }
  if (decisions.length === 0) errors._ = t('dialog.validate.decide');
  if (text.trim().length > MAX_TEXT) errors.text = t('dialog.validate.textLong', { max: MAX_TEXT });
  if (Object.keys(errors).length) return { errors };
  return { errors, body: { decisions, ...(text.trim() ? { text: text.trim() } : {}) } };
}
