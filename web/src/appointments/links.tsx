/** Ways into the appointment pages from the start pages. */
import { Link } from 'react-router';
import { useCapability } from '../api/representation.ts';
import { useMe } from '../api/queries.ts';
import { useT } from '../i18n/i18n-context.ts';

/** The name of the person the citizen acts for, when it is someone else (a child, a power of attorney); otherwise null. */
export function useActingForName(): string | null {
  const me = useMe().data;
  return me?.kind === 'citizen' && me.actingFor && me.actingFor.id !== me.person.id ? me.actingFor.name : null;
}

/** On the citizen's start page: "My appointments". */
export function AppointmentsShortcut() {
  const t = useT();
  const name = useActingForName();
  // Not offered where the server's access policy refuses it (no dead-end link).
  if (useCapability('appointment')?.see === false) return null;
  return (
    <p className="hd-lead">
      <Link className="hd-link" to="/citizen/appointments">
        {name ? t('appt.shortcut.for', { name }) : t('appt.shortcut')}
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
