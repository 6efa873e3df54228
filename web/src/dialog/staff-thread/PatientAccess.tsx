/** Under 16: what the parents may see, "Skjul for foreldre" for this thread, and the patient page; else the patient page. */
import type { ThreadDetail } from '@helsedialog/core';
import { useQueryClient } from '@tanstack/react-query';
import { dialogKeys } from '../../api/dialog.ts';
import { ageFromBirthDate } from '../../representation/format.ts';
import { HideFromParentsToggle, ParentAccessPanel, PatientPageLink } from '../../representation/index.ts';

export function PatientAccess({ detail: d }: { detail: ThreadDetail }) {
  const qc = useQueryClient();
  if (!d.citizen) return null;
  const age = ageFromBirthDate(d.citizen.birthDate);
  if (age === null || age >= 16) {
    return (
      <p className="hd-field">
        <PatientPageLink unitId={d.unit.id} contactId={d.contactId} name={d.citizen.name} />
      </p>
    );
  }
  return (
    <ParentAccessPanel unitId={d.unit.id} contactId={d.contactId} citizenId={d.citizen.id} citizenName={d.citizen.name} birthDate={d.citizen.birthDate}>
      <HideFromParentsToggle
        objectType="thread"
        objectId={d.id}
        hidden={d.hiddenFromParents ?? false}
        onChange={() => void qc.invalidateQueries({ queryKey: dialogKeys.staffThread(d.id) })}
      />
    </ParentAccessPanel>
  );
}
