/** The fee line of the dialog pages (its amount is formatted by lib/format.ts). */
import type { FeeDecision } from '@helsedialog/core';
import type { TranslateFn } from '../i18n/i18n-context.ts';
import { formatFee } from '../lib/format.ts';

/**
 * The fee of an e-konsultasjon in one line, as core's consultationFee decided it (the server
 * sends the decision): "Egenandel: kr 167", or why there is none; null for services without a fee.
 */
export function feeLine(t: TranslateFn, fee: FeeDecision | null | undefined, locale: string): string | null {
  if (!fee || fee.kind === 'none') return null;
  if (fee.kind === 'exempt') return t(`dialog.fee.exempt.${fee.reason}`);
  return t('dialog.fee.line', { fee: formatFee(fee.amountNok, locale) });
}
