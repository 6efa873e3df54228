/**
 * A unit that has sent a form to many patients, for tests and timings of lists that write one
 * access-log entry per listed patient (GET /api/staff/units/:unitId/form-requests).
 */
import type { Db } from '../../platform/db.ts';
import type { StaffActor } from '../../access/actors.ts';
import { createCitizen, createContact, createStaff, createUnit } from '../../test/factories.ts';

export async function unitWithSentForms(db: Db, patients: number) {
  const unit = await createUnit(db, { kind: 'gp_office' });
  const staff = await createStaff(db, unit.id, { role: 'doctor' });
  const actor: StaffActor = {
    kind: 'staff',
    staffId: staff.id,
    name: staff.name,
    memberships: new Map([[unit.id, { unitId: unit.id, unitName: unit.name, unitKind: unit.kind, role: 'doctor', isAdmin: false }]]),
  };
  const form = await db
    .insertInto('forms')
    .values({ unit_id: unit.id, url: `https://skjema.test/${unit.id}`, title: 'Før timen' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const version = await db
    .insertInto('form_versions')
    .values({
      form_id: form.id,
      seq: 1,
      version: '1',
      questionnaire: JSON.stringify({
        resourceType: 'Questionnaire',
        status: 'active',
        title: 'Før timen',
        item: [{ linkId: 'a', text: 'Hvordan har du det?', type: 'string' }],
      }),
      imported_by: staff.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const citizens: string[] = [];
  for (let i = 0; i < patients; i++) {
    const citizen = await createCitizen(db, { age: 30 + (i % 40) });
    const contact = await createContact(db, citizen.id, unit.id);
    await db
      .insertInto('form_requests')
      .values({ citizen_id: citizen.id, unit_id: unit.id, contact_id: contact.id, form_id: form.id, version_id: version.id, sent_by: staff.id })
      .execute();
    citizens.push(citizen.id);
  }
  return { unit, staff, actor, citizens, formId: form.id, versionId: version.id };
}
