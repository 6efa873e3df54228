import DesignSystemLanguage from '@helsenorge/designsystem-react/utils/language';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { I18nContext, type I18nValue } from './i18n-context.ts';
import { DEFAULT_LANGUAGE, isLanguage, languageFromBrowser, formatLocaleOf, loadCatalogue, loadedCatalogue, localeOf, type Language } from './languages.ts';
import type { MessageKey, Messages } from './nb.ts';

const STORAGE_KEY = 'helsedialog.language';

/** The person's own choice on this device, if any (the server's stored choice wins once signed in). */
export function readStoredLanguage(): Language | null {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(stored) ? stored : null;
  } catch {
    // Storage can be blocked (privacy settings).
    return null;
  }
}

function initialLanguage(): Language {
  return readStoredLanguage() ?? languageFromBrowser(typeof navigator === 'undefined' ? [] : navigator.languages) ?? DEFAULT_LANGUAGE;
}

/** Fills `{name}` placeholders; unknown placeholders are left as written so gaps are visible. */
function interpolate(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

/**
 * Holds the chosen language, persists it on the device and mirrors it in `<html lang>`.
 * Bokmål is bundled; another language's catalogue is fetched on demand, and the page stays in the
 * previous language until it has arrived (never a mix of keys and texts).
 */
export function I18nProvider({ children, initialLanguage: initial }: { children: ReactNode; initialLanguage?: Language }) {
  // main.tsx passes the language it loaded before the first render (the server's choice included).
  const [language, setLanguageState] = useState<Language>(() => initial ?? initialLanguage());
  const [shown, setShown] = useState<{ language: Language; messages: Messages }>(() => {
    const messages = loadedCatalogue(language);
    return messages ? { language, messages } : { language: DEFAULT_LANGUAGE, messages: loadedCatalogue(DEFAULT_LANGUAGE)! };
  });

  useEffect(() => {
    let current = true;
    if (shown.language === language) return;
    loadCatalogue(language).then(
      (messages) => {
        if (current) setShown({ language, messages });
      },
      () => {
        // The chunk could not be fetched (offline): stay in the language shown.
        if (current) setLanguageState(shown.language);
      },
    );
    return () => {
      current = false;
    };
  }, [language, shown.language]);

  useEffect(() => {
    document.documentElement.lang = shown.language;
  }, [shown.language]);

  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not persisted on the device; the server keeps it for signed-in people.
    }
  }, []);

  const value = useMemo<I18nValue>(() => {
    const { messages } = shown;
    // Dates, numbers and lists in the language's own locale where the runtime has it (formatLocaleOf);
    // pages pass this locale to lib/format.ts.
    const locale = formatLocaleOf(shown.language);
    const rules = new Intl.PluralRules(localeOf(shown.language));
    return {
      language: shown.language,
      locale,
      setLanguage,
      t: (key: MessageKey, params?: Record<string, string | number>) => interpolate(messages[key], params),
      plural: (count: number) => rules.select(count),
    };
  }, [shown, setLanguage]);

  // The design system's own texts (the textarea's "0/500 tegn", close buttons, field tags) follow the
  // language too: it has nb, nn and en; Sami gets its bokmål texts unless a page passes `resources`.
  return (
    <I18nContext value={value}>
      <DesignSystemLanguage language={localeOf(shown.language)}>{children}</DesignSystemLanguage>
    </I18nContext>
  );
}
