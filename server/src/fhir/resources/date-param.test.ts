/**
 * FHIR R4 date search values (every resource's date parameters): a year, a year and month, a date
 * or a dateTime, each standing for the range it covers, with the prefixes eq, ge, gt, le and lt.
 */
import { describe, expect, it } from 'vitest';
import { dateParam } from './common.ts';

const at = (s: string) => new Date(s);

describe('dateParam', () => {
  it('takes a year, a year-month, a date and a dateTime as ranges', () => {
    expect(dateParam('2026')).toEqual([
      { op: '>=', at: at('2026-01-01T00:00:00Z') },
      { op: '<', at: at('2027-01-01T00:00:00Z') },
    ]);
    expect(dateParam('2026-12')).toEqual([
      { op: '>=', at: at('2026-12-01T00:00:00Z') },
      { op: '<', at: at('2027-01-01T00:00:00Z') },
    ]);
    expect(dateParam('eq2026-02')).toEqual([
      { op: '>=', at: at('2026-02-01T00:00:00Z') },
      { op: '<', at: at('2026-03-01T00:00:00Z') },
    ]);
    expect(dateParam('2026-12-13')).toEqual([
      { op: '>=', at: at('2026-12-13T00:00:00Z') },
      { op: '<', at: at('2026-12-14T00:00:00Z') },
    ]);
    expect(dateParam('2026-12-13T10:15+01:00')).toEqual([
      { op: '>=', at: at('2026-12-13T09:15:00Z') },
      { op: '<', at: at('2026-12-13T09:16:00Z') },
    ]);
    expect(dateParam('2026-12-13T10:15:30Z')).toEqual([
      { op: '>=', at: at('2026-12-13T10:15:30Z') },
      { op: '<', at: at('2026-12-13T10:15:31Z') },
    ]);
    expect(dateParam('2026-12-13T10:15:30.5Z')).toEqual([
      { op: '>=', at: at('2026-12-13T10:15:30.500Z') },
      { op: '<', at: at('2026-12-13T10:15:30.600Z') },
    ]);
  });

  it('reads the prefixes against the range: ge from its start, gt after its end, lt before its start, le up to its end', () => {
    expect(dateParam('ge2026')).toEqual([{ op: '>=', at: at('2026-01-01T00:00:00Z') }]);
    expect(dateParam('gt2026')).toEqual([{ op: '>=', at: at('2027-01-01T00:00:00Z') }]);
    expect(dateParam('lt2026-12')).toEqual([{ op: '<', at: at('2026-12-01T00:00:00Z') }]);
    expect(dateParam('le2026-12')).toEqual([{ op: '<', at: at('2027-01-01T00:00:00Z') }]);
    expect(dateParam('ge2020-01-01')).toEqual([{ op: '>=', at: at('2020-01-01T00:00:00Z') }]);
  });

  it('refuses what is no date (400)', () => {
    for (const v of ['', '26', '2026-13', '2026-00', '2026-02-30', '2026-12-13T25:00Z', '2026-12-13T10', 'ne2026', '2026-1', 'yesterday', '2026-12-13T10:15:61Z'])
      expect(() => dateParam(v), v).toThrow(/Not a FHIR date/);
  });
});
