/**
 * A small panel for a clinician's page about one patient (e.g. the staff thread page):
 * what the patient's parents may see at this age, and a link to the "Pasient" page where
 * parent dialog and flexible dialog are granted. Shows nothing for patients of 16 or more.
 *
 *   <ParentAccessPanel unitId={d.unit.id} contactId={d.contactId} citizenName={c.name} birthDate={c.birthDate}>
 *     <HideFromParentsToggle objectType="thread" objectId={d.id} hidden={d.hiddenFromParents} />
 *   </ParentAccessPanel>
 *
 * Without `contactId`, the contact is found with the unit's patient search (by name and birth date).
 */
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useUnitPatients } from '../api/representation.ts';
import { useT } from '../i18n/i18n-context.ts';
import { ageFromBirthDate } from './format.ts';
import type { PatientState } from './PatientSearchPage.tsx';
import './representation.scss';

export interface ParentAccessPanelProps {
  unitId: string;
  citizenName: string;
  /** YYYY-MM-DD */
  birthDate: string;
  contactId?: string;
  citizenId?: string;
  /** Shown in the panel under the rules, e.g. a "Skjul for foreldre" toggle for the item on the page. */
  children?: ReactNode;
}

export function ParentAccessPanel({ unitId, citizenName, birthDate, contactId, citizenId, children }: ParentAccessPanelProps) {
  const t = useT();
  const age = ageFromBirthDate(birthDate);
  const young = age !== null && age < 16;
  // The patient search matches the start of the given or family name: search by the family name.
  const family = citizenName.trim().split(/\s+/).at(-1) ?? citizenName;
  const search = useUnitPatients(young && !contactId ? unitId : '', family);
  if (!young) return null;
  const hit = contactId ? undefined : search.data?.items.find((p) => p.name === citizenName && p.birthDate === birthDate);
  const id = contactId ?? hit?.contactId;
  const state: PatientState = { name: citizenName, birthDate, citizenId: citizenId ?? hit?.citizenId ?? '' };
  return (
    <aside className="hd-pap" aria-labelledby={`pap-${unitId}-${birthDate}`}>
      <h2 className="hd-pap__title" id={`pap-${unitId}-${birthDate}`}>
        {t('pap.title')}
      </h2>
      <p>{age < 12 ? t('pat.rules.under12') : t('pat.rules.youth')}</p>
      {children}
      {id ? (
        <p>
          <Link className="hd-link" to={`/clinician/units/${unitId}/patients/${id}`} state={state}>
            {t('pap.open')}
            <span className="hd-visually-hidden"> – {citizenName}</span>
          </Link>
        </p>
      ) : (
        search.isSuccess && <p className="hd-muted">{t('pap.notFound')}</p>
      )}
    </aside>
  );
}
