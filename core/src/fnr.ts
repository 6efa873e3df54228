/**
 * Norwegian national identity numbers (fødselsnummer, D-number) and the synthetic
 * numbers used in test data (month + 80, as the national test-data service "Tenor" does).
 * Check digits: mod 11 with the weights from Skatteetaten's specification.
 */

const W1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const W2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

function checkDigit(digits: number[], weights: number[]): number | undefined {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += (digits[i] ?? 0) * (weights[i] ?? 0);
  const r = 11 - (sum % 11);
  if (r === 11) return 0;
  if (r === 10) return undefined;
  return r;
}

/** True when both mod-11 check digits of an 11-digit number are right. */
export function hasValidCheckDigits(id: string): boolean {
  if (!/^\d{11}$/.test(id)) return false;
  const d = [...id].map(Number);
  const k1 = checkDigit(d, W1);
  if (k1 === undefined || k1 !== d[9]) return false;
  const k2 = checkDigit(d, W2);
  return k2 !== undefined && k2 === d[10];
}

/** The kind of identity number: ordinary, D-number (day + 40) or synthetic (month + 80). */
export type NationalIdKind = 'fnr' | 'dnr' | 'synthetic';

/** Decodes the birth date of a valid identity number, or undefined if it is not one. */
export function parseNationalId(id: string): { kind: NationalIdKind; birthDate: string } | undefined {
  if (!hasValidCheckDigits(id)) return undefined;
  let day = Number(id.slice(0, 2));
  let month = Number(id.slice(2, 4));
  const yy = Number(id.slice(4, 6));
  const individual = Number(id.slice(6, 9));
  let kind: NationalIdKind = 'fnr';
  if (day > 40) {
    day -= 40;
    kind = 'dnr';
  }
  if (month > 80) {
    month -= 80;
    kind = 'synthetic';
  } else if (month > 40) {
    // Some test-data sources use month + 40 (NAV's test numbers); also synthetic.
    month -= 40;
    kind = 'synthetic';
  }
  let century: number;
  if (individual <= 499) century = 1900;
  else if (individual <= 749 && yy >= 54) century = 1800;
  else if (individual <= 999 && yy <= 39) century = 2000;
  else century = 1900;
  const year = century + yy;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { kind, birthDate: iso };
}

/** True for a valid identity number of any kind. */
export function isValidNationalId(id: string): boolean {
  return parseNationalId(id) !== undefined;
}

/**
 * Makes a synthetic identity number (month + 80) for a birth date, trying individual
 * numbers from `start` until both check digits exist. Deterministic, for demo and test data.
 */
export function syntheticNationalId(birthDate: string, start = 0): string {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const yy = String(y % 100).padStart(2, '0');
  const prefix = `${String(d).padStart(2, '0')}${String(m + 80).padStart(2, '0')}${yy}`;
  // Individual-number ranges by century (see parseNationalId).
  const [lo, hi] = y >= 2000 ? [500, 999] : [0, 499];
  for (let n = lo + (start % (hi - lo + 1)), tries = 0; tries <= hi - lo; tries++, n = n === hi ? lo : n + 1) {
    const base = prefix + String(n).padStart(3, '0');
    const digits = [...base].map(Number);
    const k1 = checkDigit(digits, W1);
    if (k1 === undefined) continue;
    const k2 = checkDigit([...digits, k1], W2);
    if (k2 === undefined) continue;
    return `${base}${k1}${k2}`;
  }
  throw new Error(`no synthetic id possible for ${birthDate}`);
}

/** Masks an identity number for display: birth date visible, the rest hidden. */
export function maskNationalId(id: string): string {
  return `${id.slice(0, 6)} *****`;
}

/**
 * Whether a staff patient search may be asked: a whole, valid national identity number, or at
 * least two letters of a name (a lone "%" or a partial number lists too much). The server refuses
 * other queries; the web asks only with one that passes.
 */
export function isPatientQuery(q: string): boolean {
  const t = q.trim();
  if (/^\d+$/.test(t)) return t.length === 11 && isValidNationalId(t);
  return (t.match(/\p{L}/gu) ?? []).length >= 2;
}
