/**
 * Renders a component as the app does (web/src/main.tsx): the I18n provider in a chosen language,
 * React Query and a router. For the component tests (`*.test.tsx`, run in happy-dom).
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import { I18nProvider } from '../i18n/I18nProvider.tsx';
import { loadCatalogue, type Language } from '../i18n/languages.ts';

export async function renderInApp(ui: ReactElement, { language = 'nb' }: { language?: Language } = {}): Promise<RenderResult> {
  // Loaded first, so the first render is already in the language (the provider would show bokmål until then).
  await loadCatalogue(language);
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <I18nProvider initialLanguage={language}>
        <MemoryRouter>{ui}</MemoryRouter>
      </I18nProvider>
    </QueryClientProvider>,
  );
}

/** A JSON answer as the server gives it (problem+json for errors). */
export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });
}
