/**
 * The bundle-size limits as a test (issue 23), run by `npm test` right after the web build
 * (scripts/test.ts, config scripts/vitest.bundle.config.ts): fails when a route's gzipped JS is
 * over its limit, when a page is not a lazy chunk, or when a language catalogue other than
 * bokmål is in the start page's download.
 */
import { describe, expect, it } from 'vitest';
import { FORM_PAGE_LIMIT, measure, PAGE_LIMIT, START_PAGE_LIMIT, routesOf } from './bundle-size.ts';

const sizes = measure();

describe('JavaScript per route (gzipped, from the build manifest)', () => {
  it('measures every route of App.tsx', () => {
    expect(sizes.length).toBeGreaterThan(20);
    expect(sizes.map((s) => s.path)).toEqual(expect.arrayContaining(['/', '/citizen', '/citizen/messages/:threadId', '/clinician/threads/:threadId']));
  });

  it('keeps the start pages within the 150 kB goal', () => {
    const over = sizes
      .filter((s) => s.limit === START_PAGE_LIMIT && s.gzipBytes > START_PAGE_LIMIT)
      .map((s) => `${s.path}: ${(s.gzipBytes / 1024).toFixed(1)} kB`);
    expect(over).toEqual([]);
    expect(sizes.filter((x) => x.limit === START_PAGE_LIMIT).map((s) => s.path)).toEqual(['/', '/citizen']);
  });

  it('keeps the form page (the refero renderer) within 600 kB', () => {
    const form = sizes.filter((s) => s.limit === FORM_PAGE_LIMIT);
    expect(form.map((s) => s.path)).toEqual(['/skjema/:requestId']);
    expect(form.filter((s) => s.gzipBytes > FORM_PAGE_LIMIT)).toEqual([]);
  });

  it('keeps every other page within 300 kB', () => {
    const over = sizes.filter((s) => s.limit === PAGE_LIMIT && s.gzipBytes > PAGE_LIMIT).map((s) => `${s.path}: ${(s.gzipBytes / 1024).toFixed(1)} kB`);
    expect(over).toEqual([]);
  });

  it('loads nynorsk, Sami and English on demand, not with the start page', () => {
    const start = sizes.find((s) => s.path === '/citizen')!;
    expect(start.files.filter((f) => /\/(nn|se|en)-[\w-]+\.js$/.test(f))).toEqual([]);
  });

  it('counts the areas\' bokmål texts for every page but the start pages', () => {
    const withAreas = (path: string) => sizes.find((s) => s.path === path)!.files.some((f) => /\/nb-areas-[\w-]+\.js$/.test(f));
    expect(withAreas('/citizen')).toBe(false);
    expect(withAreas('/')).toBe(false);
    expect(withAreas('/citizen/messages/:threadId')).toBe(true);
    expect(withAreas('/clinician/units/:unitId')).toBe(true);
  });

  it('refuses a page that App.tsx imports statically', () => {
    expect(() => routesOf(`import { X } from './x/X.tsx';\n<Route path="x" element={<X />} />`)).toThrow(/not loaded with named/);
  });
});
