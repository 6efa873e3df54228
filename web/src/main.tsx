import './styles/design-system.scss';
import './styles/app.scss';

import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { createQueryClient, meQuery } from './api/queries.ts';
import { representationsQuery } from './api/representation.ts';
import type { Me } from './api/types.ts';
import { App, preloadPage } from './App.tsx';
import { I18nProvider, readStoredLanguage } from './i18n/I18nProvider.tsx';
import { DEFAULT_LANGUAGE, languageFromBrowser, loadCatalogue, type Language } from './i18n/languages.ts';

/** The longest the first render waits for what it needs (a slow network shows the loaders instead). */
const FIRST_RENDER_WAIT_MS = 3000;

/**
 * What the first render needs, fetched side by side before React renders anything, so the first
 * paint is the page as it stands and nothing moves when these arrive one after another (layout
 * shift; docs/performance.md): the page's chunk (with the texts it waits for), who is signed in
 * (GET /api/session) and, for a citizen, whom they may act for (the representation bar under the
 * header), and the language's catalogue when it is not bokmål. Anything that fails or takes too
 * long is left to the page's own loaders and error panels, as after any navigation.
 */
async function beforeFirstRender(client: QueryClient): Promise<Language> {
  const page = preloadPage(window.location.pathname).catch(() => undefined);
  const device = readStoredLanguage();
  const browser = languageFromBrowser(navigator.languages ?? []);
  let language: Language = device ?? browser ?? DEFAULT_LANGUAGE;
  // The device's own choice is known now; the server's choice (when the device has none) with the session.
  const catalogue = loadCatalogue(language).catch(() => undefined);
  const session = client.fetchQuery(meQuery).then(
    async (me: Me) => {
      const own = device ? null : (me.language ?? null);
      if (own && own !== language) {
        language = own;
        await loadCatalogue(own).catch(() => undefined);
      }
      if (me.kind === 'citizen') await client.prefetchQuery(representationsQuery);
    },
    () => undefined, // nobody signed in (or the server could not be reached): the query holds the answer
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, FIRST_RENDER_WAIT_MS)));
  await Promise.race([Promise.all([page, catalogue, session]), timeout]);
  clearTimeout(timer);
  return language;
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
const client = createQueryClient();

void beforeFirstRender(client).then((language) =>
  createRoot(root).render(
    <StrictMode>
      <I18nProvider initialLanguage={language}>
        <QueryClientProvider client={client}>
          <BrowserRouter>
            <App />
          </BrowserRouter>
        </QueryClientProvider>
      </I18nProvider>
    </StrictMode>,
  ),
);
