/** The fee rules and the answer rule (core/src/fees.ts). */
import { describe, expect, it } from 'vitest';
import { answerRule, consultationFee, DEFAULT_FEE_SCHEDULE, feeAmountFor, parseFeeSchedule } from './fees.ts';
import { ageOn, osloDate } from './oslo.ts';

const base = { kind: 'ekonsultasjon', frikort: false, schedule: DEFAULT_FEE_SCHEDULE };

describe('consultationFee', () => {
  it('charges an adult the configured amount of the year, takst 2ae', () => {
    expect(consultationFee({ ...base, birthDate: '1980-05-01', consultationDate: '2026-12-07' })).toEqual({
      kind: 'charged',
      code: '2ae',
      amountNok: '167.00',
      year: 2026,
    });
  });

  it('exempts a patient under 16 on the consultation date, and charges from the 16th birthday', () => {
    expect(consultationFee({ ...base, birthDate: '2012-03-10', consultationDate: '2026-12-07' })).toMatchObject({
      kind: 'exempt',
      reason: 'under_16',
      amountNok: '0.00',
      code: '2ae',
    });
    expect(consultationFee({ ...base, birthDate: '2010-12-08', consultationDate: '2026-12-07' })).toMatchObject({ kind: 'exempt', reason: 'under_16' });
    expect(consultationFee({ ...base, birthDate: '2010-12-07', consultationDate: '2026-12-07' })).toMatchObject({ kind: 'charged' });
  });

  it('counts the age on the date in Oslo, not in UTC: 23:30 UTC on the eve of the birthday is the birthday in Oslo', () => {
    const at = new Date('2026-12-06T23:30:00Z'); // 00:30 on 7 December in Oslo
    expect(osloDate(at)).toBe('2026-12-07');
    expect(consultationFee({ ...base, birthDate: '2010-12-07', consultationDate: osloDate(at) })).toMatchObject({ kind: 'charged' });
    expect(consultationFee({ ...base, birthDate: '2010-12-07', consultationDate: at.toISOString().slice(0, 10) })).toMatchObject({ kind: 'exempt' });
  });

  it('exempts a frikort holder, with the reason', () => {
    expect(consultationFee({ ...base, frikort: true, birthDate: '1950-01-01', consultationDate: '2026-06-01' })).toEqual({
      kind: 'exempt',
      code: '2ae',
      amountNok: '0.00',
      reason: 'frikort',
      year: 2026,
    });
  });

  it('has no fee for other services', () => {
    expect(consultationFee({ ...base, kind: 'ekontakt', birthDate: '1980-01-01', consultationDate: '2026-01-01' })).toEqual({ kind: 'none' });
  });

  it('takes the amount per year from configuration, the latest configured year before it when a year is missing', () => {
    const schedule = parseFeeSchedule('2025=167, 2027=175.50');
    expect(schedule).toEqual({ '2025': '167.00', '2027': '175.50' });
    expect(feeAmountFor(schedule, 2026)).toBe('167.00');
    expect(consultationFee({ ...base, schedule, birthDate: '1980-01-01', consultationDate: '2027-01-02' })).toMatchObject({ amountNok: '175.50', year: 2027 });
    expect(() => feeAmountFor(schedule, 2024)).toThrow(/No e-konsultasjon fee is configured for 2024/);
    expect(() => parseFeeSchedule('2026:167')).toThrow(/YEAR=AMOUNT/);
  });

  it('counts a 29 February birthday on 1 March in a common year', () => {
    expect(ageOn('2008-02-29', '2024-02-28')).toBe(15);
    expect(ageOn('2008-02-29', '2025-02-28')).toBe(16);
  });
});

describe('answerRule', () => {
  it('makes a doctor’s message the answer of an e-konsultasjon by default, and lets the doctor send a message that is not', () => {
    expect(answerRule({ kind: 'ekonsultasjon', role: 'doctor' })).toEqual({ answer: true });
    expect(answerRule({ kind: 'ekonsultasjon', role: 'doctor', asAnswer: false })).toEqual({ answer: false });
  });

  it('keeps an e-konsultasjon open for a secretary’s or nurse’s message, and refuses them as the answer', () => {
    expect(answerRule({ kind: 'ekonsultasjon', role: 'secretary' })).toEqual({ answer: false });
    expect(answerRule({ kind: 'ekonsultasjon', role: 'nurse' })).toEqual({ answer: false });
    expect(answerRule({ kind: 'ekonsultasjon', role: 'secretary', asAnswer: true })).toEqual({ error: 'not_clinician' });
  });

  it('lets any staff member answer an e-kontakt', () => {
    expect(answerRule({ kind: 'ekontakt', role: 'secretary' })).toEqual({ answer: true });
    expect(answerRule({ kind: 'ekontakt', role: 'secretary', asAnswer: false })).toEqual({ answer: false });
  });
});
