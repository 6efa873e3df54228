import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { I18nContext, type I18nValue } from './i18n-context.ts';
import { catalogues, DEFAULT_LANGUAGE, isLanguage, localeOf, type Language } from './languages.ts';
import type { MessageKey } from './nb.ts';

const STORAGE_KEY = 'helsedialog.language';

function readStoredLanguage(): Language {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(stored) ? stored : DEFAULT_LANGUAGE;
  } catch {
    // Storage can be blocked (privacy settings); fall back to the default.
    return DEFAULT_LANGUAGE;
  }
}

/** Fills `{name}` placeholders; unknown placeholders are left as written so gaps are visible. */
function interpolate(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

/** Holds the chosen language, persists it and mirrors it in `<html lang>`. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(readStoredLanguage);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not persisted; the choice still holds for this page view.
    }
  }, []);

  const value = useMemo<I18nValue>(() => {
    const messages = catalogues[language];
    return {
      language,
      locale: localeOf(language),
      setLanguage,
      t: (key: MessageKey, params?: Record<string, string | number>) => interpolate(messages[key], params),
    };
  }, [language, setLanguage]);

  return <I18nContext value={value}>{children}</I18nContext>;
}
