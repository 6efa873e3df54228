import { describe, expect, it } from 'vitest';
import { hasValidCheckDigits, isValidNationalId, maskNationalId, parseNationalId, syntheticNationalId } from './fnr.ts';

describe('national ids', () => {
  it('accepts a known valid synthetic number and rejects a changed digit', () => {
    const id = syntheticNationalId('1985-03-14');
    expect(id).toMatch(/^1483\d{7}$/);
    expect(hasValidCheckDigits(id)).toBe(true);
    const wrong = id.slice(0, 10) + String((Number(id[10]) + 1) % 10);
    expect(hasValidCheckDigits(wrong)).toBe(false);
  });

  it('decodes birth dates and kinds, including 2000s births', () => {
    expect(parseNationalId(syntheticNationalId('2018-07-02'))).toEqual({ kind: 'synthetic', birthDate: '2018-07-02' });
    expect(parseNationalId(syntheticNationalId('1942-12-31'))).toEqual({ kind: 'synthetic', birthDate: '1942-12-31' });
  });

  it('refuses malformed input and impossible dates', () => {
    expect(isValidNationalId('123')).toBe(false);
    expect(isValidNationalId('abcdefghijk')).toBe(false);
    expect(isValidNationalId('31826012345')).toBe(false);
  });

  it('masks for display', () => {
    expect(maskNationalId('14838512345')).toBe('148385 *****');
  });

  it('makes many distinct valid numbers for one date', () => {
    const ids = new Set(Array.from({ length: 50 }, (_, i) => syntheticNationalId('1990-01-01', i * 7)));
    for (const id of ids) expect(isValidNationalId(id)).toBe(true);
    expect(ids.size).toBeGreaterThan(5);
  });
});
