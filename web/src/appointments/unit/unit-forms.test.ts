import type { Appointment, Timebook } from '@helsedialog/core';
import { describe, expect, it } from 'vitest';
import { timebookInput } from './new-timebook.ts';
import { msUntilNextChange } from './refresh-at-next-change.ts';
import { MAX_OFFERED, preferredTimebookId, toggleOffered } from './request-choices.ts';

describe('new timebook', () => {
  const fields = { kind: 'resource' as const, name: '  Blodprøve  ', defaultType: 'in_person' as const, location: ' ', directions: ' 2. etasje ' };

  it('refuses a name of only spaces', () => {
    expect(timebookInput({ ...fields, name: '   ' })).toEqual({ error: 'nameMissing' });
  });

  it('trims the texts and leaves empty ones out', () => {
    expect(timebookInput(fields)).toEqual({ input: { kind: 'resource', name: 'Blodprøve', defaultType: 'in_person', directions: '2. etasje' } });
  });
});

describe('offering slots', () => {
  it('adds and removes a slot', () => {
    expect(toggleOffered(['a'], 'b', true)).toEqual(['a', 'b']);
    expect(toggleOffered(['a', 'b'], 'a', false)).toEqual(['b']);
  });

  it('never holds more than five, nor one twice', () => {
    const five = ['1', '2', '3', '4', '5'];
    expect(MAX_OFFERED).toBe(5);
    expect(toggleOffered(five, '6', true)).toEqual(five);
    expect(toggleOffered(['a'], 'a', true)).toEqual(['a']);
  });
});

describe('the timebook a request is given in', () => {
  const tb = (id: string, kind: Timebook['kind'], staffId: string | null) => ({ id, kind, staffId }) as Timebook;
  const timebooks = [tb('lab', 'resource', null), tb('gp-a', 'clinician', 'staff-a'), tb('gp-b', 'clinician', 'staff-b')];

  it("is the patient's own GP's when the unit has it", () => {
    expect(preferredTimebookId({ gpStaffId: 'staff-b' }, timebooks)).toBe('gp-b');
  });

  it('is the first otherwise, and none without timebooks', () => {
    expect(preferredTimebookId({ gpStaffId: 'staff-x' }, timebooks)).toBe('lab');
    expect(preferredTimebookId({ gpStaffId: null }, timebooks)).toBe('lab');
    expect(preferredTimebookId({ gpStaffId: 'staff-a' }, [])).toBe('');
  });
});

describe('refresh at the next change', () => {
  const now = Date.parse('2026-03-02T08:00:00Z');
  const appt = (startsAt: string, videoOpensAt: string | null, status: Appointment['status'] = 'booked') => ({ startsAt, videoOpensAt, status }) as Appointment;

  it('waits for the earliest coming video window or start, plus a second', () => {
    const list = [appt('2026-03-02T10:00:00Z', null), appt('2026-03-02T09:00:00Z', '2026-03-02T08:50:00Z')];
    expect(msUntilNextChange(list, now)).toBe(50 * 60_000 + 1000);
  });

  it('skips what has passed and what is not booked', () => {
    const list = [appt('2026-03-02T07:00:00Z', null), appt('2026-03-02T08:30:00Z', null, 'cancelled'), appt('2026-03-02T09:00:00Z', '2026-03-02T07:50:00Z')];
    expect(msUntilNextChange(list, now)).toBe(60 * 60_000 + 1000);
  });

  it('sets no timer when nothing is coming or it is beyond setTimeout', () => {
    expect(msUntilNextChange([], now)).toBeNull();
    expect(msUntilNextChange([appt('2026-06-01T08:00:00Z', null)], now)).toBeNull();
  });
});
