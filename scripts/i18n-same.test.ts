/**
 * Missed translations (issue 23): every nynorsk or Sami text that equals the bokmål text must be
 * on the reviewed allow-list (scripts/i18n-same-as-nb.json, with the text it was reviewed for).
 * Missing keys are caught earlier, by the type check (nn.ts/se.ts are typed as the nb catalogue).
 */
import { describe, expect, it } from 'vitest';
import { readAllowList, sameAsBokmal, unreviewed } from './i18n-same.ts';

describe('nynorsk and Sami texts equal to bokmål', () => {
  const same = sameAsBokmal();

  it('are all reviewed (allow-listed with the same bokmål text)', () => {
    // On failure: translate the listed texts, or — if the word really is the same — add them to
    // scripts/i18n-same-as-nb.json (node scripts/i18n-same.ts --write, then review the diff).
    expect(unreviewed(same, readAllowList())).toEqual({ nn: {}, se: {} });
  });

  it('finds an untranslated text', () => {
    const fake = { nn: { 'x.key': 'Tekst på bokmål' }, se: {} };
    expect(unreviewed(fake, { nn: {}, se: {} })).toEqual({ nn: { 'x.key': 'Tekst på bokmål' }, se: {} });
    // An allow-list entry reviewed for another bokmål text does not cover a changed text.
    expect(unreviewed(fake, { nn: { 'x.key': 'Gammel tekst' }, se: {} }).nn).toHaveProperty('x.key');
  });

  it('keeps Sami mostly translated (the allow-list there is names and codes)', () => {
    expect(Object.keys(same.se).length).toBeLessThan(40);
  });
});
