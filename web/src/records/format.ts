/** Numbers and ranges of results, in the UI's locale. */
import type { Observation } from '@helsedialog/core';
import type { TranslateFn } from '../i18n/i18n-context.ts';

export function formatNumber(n: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(n);
}

/** "11,7–15,3", "under 5", or the laboratory's own text. */
export function formatRange(o: Pick<Observation, 'refLow' | 'refHigh' | 'refText'>, locale: string, t: TranslateFn): string {
  if (o.refLow !== null && o.refHigh !== null) return t('records.range.between', { low: formatNumber(o.refLow, locale), high: formatNumber(o.refHigh, locale) });
  if (o.refHigh !== null) return t('records.range.below', { high: formatNumber(o.refHigh, locale) });
  if (o.refLow !== null) return t('records.range.above', { low: formatNumber(o.refLow, locale) });
  return o.refText ?? '';
}
