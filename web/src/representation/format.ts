/** Small text helpers for representation: what a representation covers, and dates. */
import type { RepresentationArea, RepresentationItem } from '../api/representation.ts';
import type { TranslateFn } from '../i18n/i18n-context.ts';

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

/** Today's date in Oslo as YYYY-MM-DD. */
export function todayInOslo(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Whole years between a birth date (YYYY-MM-DD) and today in Oslo. */
export function ageFromBirthDate(birthDate: string, today: string = todayInOslo()): number | null {
  const b = /^(\d{4})-(\d{2})-(\d{2})/.exec(birthDate);
  const n = /^(\d{4})-(\d{2})-(\d{2})/.exec(today);
  if (!b || !n) return null;
  let age = Number(n[1]) - Number(b[1]);
  if (n[2]! + n[3]! < b[2]! + b[3]!) age -= 1;
  return age;
}
