/** Ways into the representation pages from the start pages. */
import { Link } from 'react-router';
import { useMe } from '../api/queries.ts';
import { useCapability } from '../api/representation.ts';
import { useT } from '../i18n/i18n-context.ts';
import './representation.scss';

/** On the citizen's start page: powers of attorney and the access log. */
export function RepresentationShortcuts() {
  const t = useT();
  const me = useMe().data;
  const subject = me?.actingFor && me.actingFor.id !== me.person.id ? me.actingFor.name : null;
  // As the server's access policy answers: a youth under 16 is not offered giving a power of
  // attorney, a parent of a youth not the youth's access log.
  const poa = useCapability('power_of_attorney');
  const log = useCapability('access_log');
  const offerPoa = poa?.code !== 'TOO_YOUNG';
  const offerLog = log?.see !== false;
  if (!offerPoa && !offerLog) return null;
  return (
    <nav aria-label={t('rep.nav.label')}>
      <ul className="hd-rep-shortcuts">
        {offerPoa && (
          <li>
            <Link className="hd-link" to="/citizen/fullmakt">
              {t('rep.shortcut.poa')}
            </Link>
          </li>
        )}
        {offerLog && (
          <li>
            <Link className="hd-link" to="/citizen/innsyn">
              {subject ? t('log.titleFor', { name: subject }) : t('rep.shortcut.accessLog')}
            </Link>
          </li>
        )}
      </ul>
    </nav>
  );
}

/** On a unit card: the unit's patients (parents' access, flexible dialog). */
export function UnitPatientsLink({ unitId, unitName }: { unitId: string; unitName: string }) {
  const t = useT();
  return (
    <Link className="hd-link" to={`/clinician/units/${unitId}/patients`}>
      {t('pat.unitCard.link')}
      <span className="hd-visually-hidden"> – {unitName}</span>
    </Link>
  );
}

/** On a clinician's page about one patient (16 or older; younger patients get ParentAccessPanel): their "Pasient" page. */
export function PatientPageLink({ unitId, contactId, name }: { unitId: string; contactId: string; name: string }) {
  const t = useT();
  return (
    <Link className="hd-link" to={`/clinician/units/${unitId}/patients/${contactId}`}>
      {t('pap.openAdult')}
      <span className="hd-visually-hidden"> – {name}</span>
    </Link>
  );
}
