/**
 * Demo forms: Fjordbyen legekontor's form library holds the four ready forms (pre-consultation,
 * triage, waiting-list confirmation, PHQ-9), and Kari Demodatter has a waiting-list confirmation
 * to fill with a deadline in a week. Emma (8) gets nothing here: the browser journey sends her one.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../platform/db-types.ts';
import { endOfDayInOslo, todayInOslo, addDays } from '../platform/time.ts';
import { DEMO_FORMS, WAITING_LIST } from '../modules/forms/demo-forms.ts';
import '../modules/forms/forms.tables.ts';

/** Adds the demo forms (call inside the demo transaction, after contacts exist). */
export async function seedForms(tx: Transaction<DB>, ids: { gp: string; staff: Record<string, string>; people: Record<string, string> }): Promise<void> {
  const formIds = new Map<string, { formId: string; versionId: string }>();
  for (const f of DEMO_FORMS) {
    const form = await tx
      .insertInto('forms')
      .values({ unit_id: ids.gp, url: f.questionnaire.url, title: f.questionnaire.title, purpose: f.purpose })
      .returning('id')
      .executeTakeFirstOrThrow();
    const v = await tx
      .insertInto('form_versions')
      .values({
        form_id: form.id,
        seq: 1,
        version: f.questionnaire.version ?? '1',
        questionnaire: JSON.stringify(f.questionnaire),
        imported_by: ids.staff.strand!,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    formIds.set(f.questionnaire.url, { formId: form.id, versionId: v.id });
  }
  const kari = ids.people.kari!;
  const contact = await tx.selectFrom('health_contacts').select('id').where('citizen_id', '=', kari).where('unit_id', '=', ids.gp).executeTakeFirstOrThrow();
  const w = formIds.get(WAITING_LIST.url)!;
  await tx
    .insertInto('form_requests')
    .values({
      citizen_id: kari,
      unit_id: ids.gp,
      contact_id: contact.id,
      form_id: w.formId,
      version_id: w.versionId,
      sent_by: ids.staff.strand!,
      message: 'Vi rydder i ventelisten for time hos fysioterapeut. Svar innen fristen, så beholder du plassen.',
      appointment_id: null,
      due_at: endOfDayInOslo(addDays(todayInOslo(), 7)),
    })
    .execute();
}
