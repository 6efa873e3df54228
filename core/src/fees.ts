/**
 * The patient fee (egenandel) for an e-konsultasjon: the one function every path calls — the
 * server when it records the fee of an answer and when it tells the citizen the fee before
 * sending or before accepting a reclassification, and the web when it words the fee.
 *
 * Rules (docs/decisions.md, "Fee rules"):
 * - only an e-konsultasjon carries the GP tariff (takst 2ae) and a patient fee;
 * - a patient under 16 on the consultation date (Europe/Oslo) pays none;
 * - a patient with a frikort valid on that date pays none;
 * - an exempt consultation is still recorded (takst 2ae, 0 kr) with the reason;
 * - the amount is configuration per year (FEE_SCHEDULE / EKONSULTASJON_FEE_NOK).
 */
import { z } from 'zod';
import { ageOn } from './oslo.ts';

/** The GP tariff code of an e-konsultasjon. */
export const E_CONSULTATION_TAKST = '2ae';

/** Patients under this age on the consultation date pay no egenandel at the GP. */
export const FEE_FREE_UNDER_AGE = 16;

/** The patient fee of an e-konsultasjon per calendar year, in NOK with two decimals ("167.00"). */
export type FeeSchedule = Readonly<Record<string, string>>;

/** The default schedule; a deployment sets its own with EKONSULTASJON_FEE_NOK ("2026=167,2027=175"). */
export const DEFAULT_FEE_SCHEDULE: FeeSchedule = { '2024': '167.00', '2025': '167.00', '2026': '167.00' };

export const FeeExemptReasonSchema = z.enum(['under_16', 'frikort']);
export type FeeExemptReason = z.infer<typeof FeeExemptReasonSchema>;

/** What a consultation costs the patient, as decided by `consultationFee`. */
export const FeeDecisionSchema = z.discriminatedUnion('kind', [
  /** The service carries no fee at all (e-kontakt, renewal, …). */
  z.object({ kind: z.literal('none') }),
  /** The patient pays `amountNok` (takst `code`). */
  z.object({ kind: z.literal('charged'), code: z.string(), amountNok: z.string(), year: z.number() }),
  /** The consultation is recorded under takst `code` but the patient pays nothing, for `reason`. */
  z.object({ kind: z.literal('exempt'), code: z.string(), amountNok: z.literal('0.00'), reason: FeeExemptReasonSchema, year: z.number() }),
]);
export type FeeDecision = z.infer<typeof FeeDecisionSchema>;

/** Parses "2025=167,2026=175.50" into a schedule; throws a message naming the bad part. */
export function parseFeeSchedule(text: string): FeeSchedule {
  const out: Record<string, string> = {};
  for (const part of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^(\d{4})\s*=\s*(\d{1,5})(?:[.,](\d{1,2}))?$/.exec(part);
    if (!m) throw new Error(`"${part}" is not YEAR=AMOUNT (for example 2026=167).`);
    out[m[1]!] = `${Number(m[2])}.${(m[3] ?? '').padEnd(2, '0')}`;
  }
  if (!Object.keys(out).length) throw new Error('Give at least one YEAR=AMOUNT.');
  return out;
}

/** The amount of a year: that year's, or the latest configured year before it; throws when none. */
export function feeAmountFor(schedule: FeeSchedule, year: number): string {
  const years = Object.keys(schedule)
    .map(Number)
    .filter((y) => y <= year)
    .sort((a, b) => b - a);
  const y = years[0];
  if (y === undefined) throw new Error(`No e-konsultasjon fee is configured for ${year} or any year before it.`);
  return schedule[String(y)]!;
}

export interface FeeInput {
  /** The kind of the thread (or service) the consultation is. */
  kind: string;
  /** The patient's birth date, YYYY-MM-DD. */
  birthDate: string;
  /** The consultation date in Europe/Oslo, YYYY-MM-DD (osloDate of the answer, or today before sending). */
  consultationDate: string;
  /** Whether the patient holds a frikort valid on the consultation date. */
  frikort: boolean;
  schedule: FeeSchedule;
}

/** What the e-konsultasjon costs the patient: none (no fee service), exempt (with the reason), or charged. */
export function consultationFee(input: FeeInput): FeeDecision {
  if (input.kind !== 'ekonsultasjon') return { kind: 'none' };
  const year = Number(input.consultationDate.slice(0, 4));
  if (ageOn(input.birthDate, input.consultationDate) < FEE_FREE_UNDER_AGE)
    return { kind: 'exempt', code: E_CONSULTATION_TAKST, amountNok: '0.00', reason: 'under_16', year };
  if (input.frikort) return { kind: 'exempt', code: E_CONSULTATION_TAKST, amountNok: '0.00', reason: 'frikort', year };
  return { kind: 'charged', code: E_CONSULTATION_TAKST, amountNok: feeAmountFor(input.schedule, year), year };
}

/** Whether a decision costs the patient money. */
export function isCharged(d: FeeDecision | null | undefined): d is Extract<FeeDecision, { kind: 'charged' }> {
  return d?.kind === 'charged';
}

/** Staff roles that can give an e-konsultasjon (and so send its answer): the GP tariff 2ae is a doctor's. */
export const E_CONSULTATION_ROLES = ['doctor'] as const;

/** Whether a member with this role can give an e-konsultasjon. */
export function canGiveEConsultation(role: string): boolean {
  return (E_CONSULTATION_ROLES as readonly string[]).includes(role);
}

/**
 * The answer rule: whether a staff message is *the answer* of its thread (sets it answered,
 * stops its deadline, and in an e-konsultasjon records the fee). `asAnswer` is the reply box's
 * choice; left out it defaults to what the role can give. In an e-konsultasjon only a role that
 * can give one may answer (`not_clinician` otherwise); in other kinds any staff message may.
 */
export function answerRule(input: { kind: string; role: string; asAnswer?: boolean | undefined }): { answer: boolean } | { error: 'not_clinician' } {
  if (input.kind === 'ekonsultasjon') {
    const can = canGiveEConsultation(input.role);
    if (input.asAnswer && !can) return { error: 'not_clinician' };
    return { answer: input.asAnswer ?? can };
  }
  return { answer: input.asAnswer ?? true };
}
