/**
 * The start catalogue (issue 23): the shell and the start pages render before the areas' bokmål
 * texts are loaded, so every key they name must be in web/src/i18n/nb.ts (scripts/i18n-start.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keysOutsideStart, startModules } from './i18n-start.ts';

describe('keys used by the shell and the start pages', () => {
  it('walks main.tsx and the start pages with their static imports', () => {
    const files = startModules().map((f) => f.replaceAll(path.sep, '/'));
    expect(files.some((f) => f.endsWith('web/src/pages/LandingPage.tsx'))).toBe(true);
    expect(files.some((f) => f.endsWith('web/src/citizen/CitizenHomePage.tsx'))).toBe(true);
    expect(files.some((f) => f.endsWith('web/src/components/AppHeader.tsx'))).toBe(true);
    // Other pages are their own chunks, not part of the start pages.
    expect(files.some((f) => f.endsWith('web/src/dialog/InboxPage.tsx'))).toBe(false);
  });

  it('are all in the start catalogue (web/src/i18n/nb.ts)', () => {
    // On failure: move the key (in all four languages) from its area file into nb.ts/nn.ts/se.ts/en.ts.
    expect(keysOutsideStart()).toEqual([]);
  });

  it('finds an area key, literal or by a template prefix', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'i18n-start-'));
    const file = path.join(dir, 'X.tsx');
    fs.writeFileSync(file, "t('campaigns.unitCard.link'); t('citizen.docTitle'); t(`inbox.shortcuts.${k}`);\n");
    const found = keysOutsideStart([file]).map((x) => x.key);
    fs.rmSync(dir, { recursive: true });
    expect(found).toContain('campaigns.unitCard.link');
    expect(found).not.toContain('citizen.docTitle');
    expect(found.some((k) => k.startsWith('inbox.shortcuts.'))).toBe(true);
  });
});
