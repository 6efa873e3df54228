import { describe, expect, it } from 'vitest';
import { hasValidCheckDigits, isValidNationalId, maskNationalId, parseNationalId, syntheticNationalId } from './fnr.ts';

/*
 * The numbers below are written out literally, computed by hand from Skatteetaten's mod-11
 * weights (never by the code under test):
 *   k1 = 11 − (3·d1 + 7·d2 + 6·d3 + 1·d4 + 8·d5 + 9·d6 + 4·d7 + 5·d8 + 2·d9) mod 11
 *   k2 = 11 − (5·d1 + 4·d2 + 3·d3 + 2·d4 + 7·d5 + 6·d6 + 5·d7 + 4·d8 + 3·d9 + 2·k1) mod 11
 *   (11 → 0; 10 → no such number)
 * Worked example, 010185 123 ?? (born 1 January 1985, individual number 123):
 *   k1: 0·3 + 1·7 + 0·6 + 1·1 + 8·8 + 5·9 + 1·4 + 2·5 + 3·2 = 137; 137 mod 11 = 5; 11 − 5 = 6
 *   k2: 0·5 + 1·4 + 0·3 + 1·2 + 8·7 + 5·6 + 1·5 + 2·4 + 3·3 + 6·2 = 126; 126 mod 11 = 5; 11 − 5 = 6
 *   → 01018512366
 * Synthetic, 028718 512 ?? (2 July 2018, month + 80, individual 512 → 2000s):
 *   k1: 0·3 + 2·7 + 8·6 + 7·1 + 1·8 + 8·9 + 5·4 + 1·5 + 2·2 = 178; 178 mod 11 = 2; 11 − 2 = 9
 *   k2: 0·5 + 2·4 + 8·3 + 7·2 + 1·7 + 8·6 + 5·5 + 1·4 + 2·3 + 9·2 = 154; 154 mod 11 = 0; 11 − 0 = 11 → 0
 *   → 02871851290
 */
const VALID: Array<[id: string, kind: 'fnr' | 'dnr' | 'synthetic', birthDate: string]> = [
  ['01018512366', 'fnr', '1985-01-01'],
  ['14038512324', 'fnr', '1985-03-14'],
  ['31129949980', 'fnr', '1999-12-31'], // individual 499: still the 1900s
  ['02071850008', 'fnr', '2018-07-02'], // individual 500, year 18: the 2000s
  ['15019070120', 'fnr', '1890-01-15'], // individual 701, year 90: the 1800s
  ['41018512430', 'dnr', '1985-01-01'], // D-number: day + 40
  ['02871851290', 'synthetic', '2018-07-02'], // month + 80
  ['05852060044', 'synthetic', '2020-05-05'],
  ['29820050043', 'synthetic', '2000-02-29'], // a leap day
  ['15457800034', 'synthetic', '1978-05-15'], // month + 40 (NAV's test numbers)
];

describe('national ids', () => {
  it.each(VALID)('accepts %s (%s, born %s)', (id, kind, birthDate) => {
    expect(hasValidCheckDigits(id)).toBe(true);
    expect(isValidNationalId(id)).toBe(true);
    expect(parseNationalId(id)).toEqual({ kind, birthDate });
  });

  it.each([
    ['01018512367', 'second check digit off by one'],
    ['01018512356', 'first check digit off by one'],
    ['10018512366', 'two digits swapped'],
    ['14838512345', 'made-up check digits'],
    ['01018500800', 'k1 would be 10 (sum 133): no valid number has this stem'],
    ['01018500810', 'k1 would be 10 (sum 133): no valid number has this stem'],
  ])('rejects %s (%s)', (id) => {
    expect(hasValidCheckDigits(id)).toBe(false);
    expect(isValidNationalId(id)).toBe(false);
    expect(parseNationalId(id)).toBeUndefined();
  });

  it('rejects numbers whose check digits are right but whose date does not exist', () => {
    // 31 February 1960 (synthetic) and 29 February 1983 (not a leap year); check digits by hand as above.
    for (const id of ['31826012393', '29028312359']) {
      expect(hasValidCheckDigits(id)).toBe(true);
      expect(isValidNationalId(id)).toBe(false);
    }
  });

  it('refuses malformed input', () => {
    expect(isValidNationalId('123')).toBe(false);
    expect(isValidNationalId('abcdefghijk')).toBe(false);
    expect(isValidNationalId('010185123660')).toBe(false);
    expect(isValidNationalId(' 1018512366')).toBe(false);
  });

  it('makes synthetic numbers that match the hand-computed ones', () => {
    // The generator picks the first individual number from `start` whose check digits exist.
    expect(syntheticNationalId('2018-07-02', 12)).toBe('02871851290');
    expect(syntheticNationalId('2020-05-05', 100)).toBe('05852060044');
    expect(syntheticNationalId('2000-02-29')).toBe('29820050043');
  });

  it('makes many distinct valid numbers for one date', () => {
    const ids = new Set(Array.from({ length: 50 }, (_, i) => syntheticNationalId('1990-01-01', i * 7)));
    for (const id of ids) expect(parseNationalId(id)).toEqual({ kind: 'synthetic', birthDate: '1990-01-01' });
    expect(ids.size).toBeGreaterThan(5);
  });

  it('masks for display', () => {
    expect(maskNationalId('14838512345')).toBe('148385 *****');
  });
});
