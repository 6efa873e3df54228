import { en } from './en.ts';
import { nb, type Messages } from './nb.ts';

/** Languages the UI speaks; nn and se come later. */
export type Language = 'nb' | 'en';

/** The default: Norwegian bokmål. */
export const DEFAULT_LANGUAGE: Language = 'nb';

/** One catalogue per language. */
export const catalogues: Record<Language, Messages> = { nb, en };

/** Each language named in itself (endonyms are never translated), and its locale for dates. */
export const languages: ReadonlyArray<{ code: Language; name: string; locale: string }> = [
  { code: 'nb', name: 'Norsk bokmål', locale: 'nb-NO' },
  { code: 'en', name: 'English', locale: 'en-GB' },
];

/** Narrows an unknown value, e.g. from localStorage, to a supported language. */
export function isLanguage(value: unknown): value is Language {
  return value === 'nb' || value === 'en';
}

/** The BCP 47 locale used to format dates for a language. */
export function localeOf(language: Language): string {
  return languages.find((l) => l.code === language)?.locale ?? 'nb-NO';
}
