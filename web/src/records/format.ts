/** Reference ranges of results, in the UI's locale (numbers by lib/format.ts). */
import type { Observation } from '@helsedialog/core';
import type { TranslateFn } from '../i18n/i18n-context.ts';
import { formatNumber } from '../lib/format.ts';

/** "11,7–15,3", "under 5", or the laboratory's own text. */
export function formatRange(o: Pick<Observation, 'refLow' | 'refHigh' | 'refText'>, locale: string, t: TranslateFn): string {
  if (o.refLow !== null && o.refHigh !== null) return t('records.range.between', { low: formatNumber(o.refLow, locale), high: formatNumber(o.refHigh, locale) });
  if (o.refHigh !== null) return t('records.range.below', { high: formatNumber(o.refHigh, locale) });
  if (o.refLow !== null) return t('records.range.above', { low: formatNumber(o.refLow, locale) });
  return o.refText ?? '';
}
