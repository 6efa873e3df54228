import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { apiPut, isUnauthenticated } from '../api/client.ts';
import { queryKeys, useMe } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { useI18n } from './i18n-context.ts';
import { readStoredLanguage } from './I18nProvider.tsx';

/**
 * Keeps the language the person sees and the one the server remembers (for every device, their
 * notifications and the texts the system writes to them) the same, once signed in:
 * - a choice made on this device (the switcher, kept in localStorage) wins and is saved on the server;
 * - without one, the server's stored choice is shown;
 * - with neither, the browser's language (navigator.languages) is shown and saved as the default.
 */
export function LanguageSync() {
  const { language, setLanguage } = useI18n();
  const me = useMe();
  const client = useQueryClient();
  const signedIn = me.data && !isUnauthenticated(me.error) ? me.data : undefined;
  const saving = useRef<string | null>(null);

  useEffect(() => {
    if (!signedIn) return;
    const device = readStoredLanguage();
    const server = signedIn.language ?? null;
    if (!device && server && server !== language) {
      setLanguage(server);
      return;
    }
    const wanted = device ?? language;
    if (wanted === server || saving.current === wanted) return;
    saving.current = wanted;
    apiPut('/api/me/language', { language: wanted }).then(
      () => client.setQueryData<Me>(queryKeys.me, (old) => (old ? { ...old, language: wanted } : old)),
      () => {
        // Not saved (offline, session ended): the next change or sign-in tries again.
        saving.current = null;
      },
    );
  }, [signedIn, language, setLanguage, client]);

  return null;
}
