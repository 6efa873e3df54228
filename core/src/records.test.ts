/** The out-of-range rule of a result's value (core/src/records.ts), with and without a comparator. */
import { describe, expect, it } from 'vitest';
import { outOfRange, type Comparator } from './records.ts';

const mark = (valueNum: number, comparator: Comparator | null, refLow: number | null, refHigh: number | null, interpretation: string | null = null) =>
  outOfRange({ valueNum, comparator, refLow, refHigh, interpretation });

describe('outOfRange', () => {
  it('marks a plain value outside its range', () => {
    expect(mark(10.2, null, 11.7, 15.3)).toBe('low');
    expect(mark(16, null, 11.7, 15.3)).toBe('high');
    expect(mark(12, null, null, 5)).toBe('high');
    expect(mark(11.7, null, 11.7, 15.3)).toBeNull();
  });

  it('marks a value with a comparator only when it is certainly outside', () => {
    // "<5" against "under 5": within (and never high, whatever the number).
    expect(mark(5, '<', null, 5)).toBeNull();
    expect(mark(8, '<', null, 5)).toBeNull();
    expect(mark(8, '<=', null, 5)).toBeNull();
    // "<3" against 3–10: certainly low; "<=3" may be 3, within; "<10" may be anywhere under 10.
    expect(mark(3, '<', 3, 10)).toBe('low');
    expect(mark(3, '<=', 3, 10)).toBeNull();
    expect(mark(2, '<=', 3, 10)).toBe('low');
    expect(mark(10, '<', 3, 10)).toBeNull();
    // ">90" against "over 60": within; ">10" against 3–10 certainly high, ">=10" not; never low.
    expect(mark(90, '>', 60, null)).toBeNull();
    expect(mark(10, '>', 3, 10)).toBe('high');
    expect(mark(10, '>=', 3, 10)).toBeNull();
    expect(mark(11, '>=', 3, 10)).toBe('high');
    expect(mark(1, '>', 3, 10)).toBeNull();
  });

  it("keeps the laboratory's own flag", () => {
    expect(mark(5, '<', null, 5, 'H')).toBe('high');
    expect(mark(5, '<', null, 5, 'A')).toBe('abnormal');
  });
});
