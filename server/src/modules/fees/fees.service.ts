/**
 * The server's side of the fee rules: it gathers what core's `consultationFee` needs (the
 * patient's birth date, a frikort valid on the consultation date, the configured amount of the
 * year) and asks it. Every path that records or shows a fee comes here: the answer of an
 * e-konsultasjon (billing line), the thread as either side sees it, the services a citizen may
 * start, and the reclassification notice.
 */
import { consultationFee, osloDate, type FeeDecision, type FeeExemptReason, type FeeSchedule } from '@helsedialog/core';
import { sql } from 'kysely';
import { kroner, serverText, type Language } from '../../i18n/index.ts';
import type { DbOrTx } from '../../platform/jobs.ts';
import { deferred } from '../../platform/pg-connection.ts';

/** What decides a citizen's fee on a date: the birth date and whether a frikort is valid then. */
export async function feeInputs(db: DbOrTx, citizenId: string, date: string): Promise<{ birthDate: string; frikort: boolean } | undefined> {
  const rows = await deferred(
    db,
    sql<{ birth_date: string; frikort: boolean }>`SELECT p.birth_date,
        EXISTS (SELECT 1 FROM fee_exemptions f WHERE f.citizen_id = p.id AND f.kind = 'frikort'
                AND f.valid_from <= ${date}::date AND f.valid_to >= ${date}::date) AS frikort
      FROM persons p WHERE p.id = ${citizenId}`.compile(db),
  );
  const r = rows[0];
  return r ? { birthDate: r.birth_date, frikort: r.frikort } : undefined;
}

/** The fee of a consultation of `kind` for a citizen at an instant (its date in Oslo). */
export async function decideFee(db: DbOrTx, schedule: FeeSchedule, input: { citizenId: string; kind: string; at: Date }): Promise<FeeDecision> {
  if (input.kind !== 'ekonsultasjon') return { kind: 'none' };
  const date = osloDate(input.at);
  const who = await feeInputs(db, input.citizenId, date);
  if (!who) return { kind: 'none' };
  return consultationFee({ kind: input.kind, birthDate: who.birthDate, consultationDate: date, frikort: who.frikort, schedule });
}

/** A recorded billing line as the fee decision it was. */
export function billedFee(b: {
  code: string;
  amount_nok: string;
  exempt_reason: string | null;
  consultation_date: string | null;
  created_at: string | Date;
}): FeeDecision {
  const year = Number((b.consultation_date ?? osloDate(new Date(b.created_at))).slice(0, 4));
  return b.exempt_reason
    ? { kind: 'exempt', code: b.code, amountNok: '0.00', reason: b.exempt_reason as FeeExemptReason, year }
    : { kind: 'charged', code: b.code, amountNok: Number(b.amount_nok).toFixed(2), year };
}

/** Records the fee line of an answered e-konsultasjon (once per thread), exempt lines included. */
export function billingLineInsert(
  db: DbOrTx,
  fee: Exclude<FeeDecision, { kind: 'none' }>,
  at: { threadId: string; citizenId: string; unitId: string; staffId: string; consultationDate: string },
) {
  return db
    .insertInto('billing_lines')
    .values({
      thread_id: at.threadId,
      citizen_id: at.citizenId,
      unit_id: at.unitId,
      staff_id: at.staffId,
      code: fee.code,
      amount_nok: fee.amountNok,
      exempt_reason: fee.kind === 'exempt' ? fee.reason : null,
      consultation_date: at.consultationDate,
    })
    .onConflict((oc) => oc.column('thread_id').doNothing());
}

/** The fee in a sentence of a system message, in the reader's language: what the citizen pays, or why nothing. */
export function feeSentence(lang: Language, fee: FeeDecision): string {
  if (fee.kind === 'charged') return serverText(lang, 'system.fee.charged', { amount: kroner(lang, fee.amountNok) });
  if (fee.kind === 'exempt') return serverText(lang, fee.reason === 'under_16' ? 'system.fee.under_16' : 'system.fee.frikort');
  return '';
}

/** The system text that asks the citizen to accept an e-consultation, in the citizen's language. */
export function conversionProposalText(lang: Language, fee: FeeDecision): string {
  return serverText(lang, 'system.conversion.proposed', { fee: feeSentence(lang, fee) });
}
