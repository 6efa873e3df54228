/** Every server error code has a text in the web app's error catalogue, in every language. */
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../server/src/platform/errors.ts';
import { errorsEn } from '../web/src/i18n/errors.en.ts';
import { errorsNb } from '../web/src/i18n/errors.nb.ts';

describe('error catalogue (web/src/i18n/errors.*.ts)', () => {
  const codes = Object.keys(ERROR_STATUS);
  it.each(codes)('has nb and en text for %s', (code) => {
    expect(Object.hasOwn(errorsNb, `problem.${code}`), `add 'problem.${code}' to web/src/i18n/errors.nb.ts and errors.en.ts`).toBe(true);
    expect(errorsEn[`problem.${code}` as keyof typeof errorsEn]).toBeTruthy();
  });
  it('has no texts for codes the server no longer has', () => {
    const stale = Object.keys(errorsNb)
      .map((k) => /^problem\.([A-Z][A-Z0-9_]*)(?:\.file)?$/.exec(k)?.[1])
      .filter((c): c is string => !!c && !codes.includes(c));
    expect(stale).toEqual([]);
  });
});
