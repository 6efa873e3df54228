import { nb, type Messages } from './nb.ts';

/** Languages the UI speaks: bokmål (default), nynorsk, Northern Sami and English. */
export type Language = 'nb' | 'nn' | 'se' | 'en';

/** Every language, in the order the switcher shows them. */
export const LANGUAGES: readonly Language[] = ['nb', 'nn', 'se', 'en'];

/** The default: Norwegian bokmål. */
export const DEFAULT_LANGUAGE: Language = 'nb';

/**
 * Each language named in itself (endonyms are never translated), and its locale for Intl.
 * 'se-NO' has ICU locale data in Node 24 and Chromium (dates, numbers and plural rules);
 * docs/languages.md lists what falls back.
 */
export const languages: ReadonlyArray<{ code: Language; name: string; locale: string }> = [
  { code: 'nb', name: 'Bokmål', locale: 'nb-NO' },
  { code: 'nn', name: 'Nynorsk', locale: 'nn-NO' },
  { code: 'se', name: 'Davvisámegiella', locale: 'se-NO' },
  { code: 'en', name: 'English', locale: 'en-GB' },
];

/** Narrows an unknown value, e.g. from localStorage or the server, to a supported language. */
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The BCP 47 locale used for Intl (dates, numbers, plural rules) in a language. */
export function localeOf(language: Language): string {
  return languages.find((l) => l.code === language)?.locale ?? 'nb-NO';
}

/**
 * The locale `Intl` formats dates, numbers and lists with in a language: its own where the runtime
 * has the data, else bokmål's. Chromium's ICU data (Chrome and Debian's build alike) has no nynorsk
 * or Sami date, number or list formats: `Intl.DateTimeFormat('se-NO')` silently falls back to the
 * browser's own locale, so a Sami or nynorsk page in a browser set to English showed "7 December 2026"
 * and "1,234.5". Bokmål is the nearest form every Norwegian runtime has (docs/languages.md).
 * Plural rules are not affected: Chromium has them for `se` and `nn` (I18nProvider uses `localeOf`).
 */
export function formatLocaleOf(language: Language): string {
  const own = localeOf(language);
  const supported = (locale: string) =>
    Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0 && Intl.NumberFormat.supportedLocalesOf([locale]).length > 0;
  return supported(own) ? own : 'nb-NO';
}

/**
 * The best supported language for a browser's preference list (navigator.languages):
 * 'no'/'nb' → bokmål, 'nn' → nynorsk, 'se'/'sme' → Northern Sami, 'en' → English; first match wins.
 */
export function languageFromBrowser(preferences: readonly string[]): Language | null {
  for (const tag of preferences) {
    const primary = tag.toLowerCase().split(/[-_]/)[0];
    if (primary === 'nb' || primary === 'no') return 'nb';
    if (primary === 'nn') return 'nn';
    if (primary === 'se' || primary === 'sme') return 'se';
    if (primary === 'en') return 'en';
  }
  return null;
}

/** The bokmål catalogue is in the main bundle; the others are loaded on demand, each its own chunk. */
const loaders: Record<Exclude<Language, 'nb'>, () => Promise<Messages>> = {
  nn: () => import('./nn.ts').then((m) => m.nn),
  se: () => import('./se.ts').then((m) => m.se),
  en: () => import('./en.ts').then((m) => m.en),
};

/**
 * Bokmål as shown: the start catalogue (nb.ts, in the shell) until the areas' texts (nb-areas.ts,
 * their own chunk) are merged in by `loadAreaTexts`. Pages other than the start pages render only
 * after that (App.tsx `named`), and scripts/i18n-start.ts checks that the shell and the start
 * pages use only start keys, so no key is looked up before its text is here.
 */
const bokmal = { ...nb } as Messages;
let areaTexts: Promise<void> | undefined;

/** Loads (once) the bokmål texts of every area but the start pages'. */
export function loadAreaTexts(): Promise<void> {
  areaTexts ??= import('./nb-areas.ts').then(
    (m) => {
      Object.assign(bokmal, m.nbAreas);
    },
    (error: unknown) => {
      areaTexts = undefined; // offline: the next page tries again
      throw error;
    },
  );
  return areaTexts;
}

const loaded = new Map<Language, Messages>([['nb', bokmal]]);

/** The catalogue if already loaded (bokmål always is). */
export function loadedCatalogue(language: Language): Messages | undefined {
  return loaded.get(language);
}

/** Loads (once) and returns a language's catalogue. */
export async function loadCatalogue(language: Language): Promise<Messages> {
  const have = loaded.get(language);
  if (have) return have;
  const messages = await loaders[language as Exclude<Language, 'nb'>]();
  loaded.set(language, messages);
  return messages;
}
