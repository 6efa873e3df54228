/** Ways into the appointment pages from the start pages. */
import { Link } from 'react-router';
import { useT } from '../i18n/i18n-context.ts';

/** On the citizen's start page: "My appointments". */
export function AppointmentsShortcut() {
  const t = useT();
  return (
    <p className="hd-lead">
      <Link className="hd-link" to="/citizen/appointments">
        {t('appt.shortcut')}
      </Link>
    </p>
  );
}

/** On a unit card: the unit's appointments and timebooks. */
export function UnitAppointmentsLink({ unitId, unitName }: { unitId: string; unitName: string }) {
  const t = useT();
  return (
    <Link className="hd-link" to={`/clinician/units/${unitId}/appointments`}>
      {t('appt.unitCard.link')}
      <span className="hd-visually-hidden"> – {unitName}</span>
    </Link>
  );
}
