/**
 * Setup of the web's component tests (the `web-dom` project in vitest.config.ts, happy-dom):
 * every bokmål text is here before a test renders (the app loads the areas' texts before their
 * pages, App.tsx), and each test starts from an empty document.
 */
import { cleanup } from '@testing-library/react';
import { afterEach, beforeAll, vi } from 'vitest';
import { loadAreaTexts } from '../i18n/languages.ts';

beforeAll(async () => {
  await loadAreaTexts();
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  window.localStorage.clear();
});
