/** Small text helpers for representation: what a representation covers, and dates. */
import { ageOn } from '@helsedialog/core/constants';
import type { RepresentationArea, RepresentationItem } from '@helsedialog/core';
import type { TranslateFn } from '../i18n/i18n-context.ts';
import { todayOslo } from '../lib/oslo-days.ts';

export const ALL_AREAS: RepresentationArea[] = ['contacts', 'dialog', 'appointments', 'documents'];

/** "meldinger, timeavtaler og brev" in the user's language. */
export function listText(parts: string[], locale: string): string {
  try {
    return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(parts);
  } catch {
    return parts.join(', ');
  }
}

/** "Gjelder alt" or "Gjelder: helsekontakter og timeavtaler". */
export function coversText(t: TranslateFn, locale: string, item: Pick<RepresentationItem, 'areas'>): string {
  if (ALL_AREAS.every((a) => item.areas.includes(a))) return t('rep.coversAll');
  const names = ALL_AREAS.filter((a) => item.areas.includes(a)).map((a) => t(`rep.area.${a}`));
  return t('rep.covers', { areas: listText(names, locale) });
}

/** The first name of a full name (for short texts): "Jonas" of "Jonas Testrud". */
export function firstName(name: string): string {
  return name.split(/\s+/)[0] ?? name;
}

/** Whole years between a birth date (YYYY-MM-DD) and today in Oslo (core's ageOn). */
export function ageFromBirthDate(birthDate: string, today: string = todayOslo()): number | null {
  if (!/^\d{4}-\d{2}-\d{2}/.test(birthDate) || !/^\d{4}-\d{2}-\d{2}/.test(today)) return null;
  return ageOn(birthDate, today);
}
