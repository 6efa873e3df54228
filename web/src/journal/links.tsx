/** On a unit card (administrators): the unit's record (EPJ) page. */
import { Link } from 'react-router';
import { useT } from '../i18n/i18n-context.ts';

export function UnitJournalLink({ unitId, unitName }: { unitId: string; unitName: string }) {
  const t = useT();
  return (
    <Link className="hd-link" to={`/clinician/units/${unitId}/epj`}>
      {t('journal.unitCard.link')}
      <span className="hd-visually-hidden"> – {unitName}</span>
    </Link>
  );
}
