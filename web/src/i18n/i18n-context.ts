import { createContext, useContext } from 'react';
import type { Language } from './languages.ts';
import type { MessageKey } from './nb.ts';

/** Translates a key, filling `{placeholders}` from params. */
export type TranslateFn = (key: MessageKey, params?: Record<string, string | number>) => string;

/** What the I18n context offers. */
export interface I18nValue {
  /** The language shown (a requested language shows once its catalogue has loaded). */
  language: Language;
  /** BCP 47 locale for Intl formatting, e.g. nb-NO. */
  locale: string;
  setLanguage: (language: Language) => void;
  t: TranslateFn;
  /** The CLDR plural category of a count in this language (Intl.PluralRules): 'one', 'two', 'other' … */
  plural: (count: number) => Intl.LDMLPluralRule;
}

/** The I18n context; provided by I18nProvider. */
export const I18nContext = createContext<I18nValue | null>(null);

/** The whole I18n context: language, locale, setter and `t`. */
export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}

/** The translate function for the current language. */
export function useT(): TranslateFn {
  return useI18n().t;
}
