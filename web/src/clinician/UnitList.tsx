import { useStaffUnits } from '../api/queries.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { useT } from '../i18n/i18n-context.ts';
import { UnitCard } from './UnitCard.tsx';

/** The units the staff member works in. */
export function UnitList() {
  const t = useT();
  const units = useStaffUnits();

  if (units.isPending) return <PageLoader />;
  if (units.isError) return <ErrorPanel error={units.error} onRetry={() => void units.refetch()} />;
  if (units.data.items.length === 0) {
    return (
      <div className="hd-empty">
        <p className="hd-empty__title">{t('clinician.units.empty')}</p>
      </div>
    );
  }
  return (
    <ul className="hd-card-list hd-section">
      {units.data.items.map((unit) => (
        <li key={unit.id}>
          <UnitCard unit={unit} />
        </li>
      ))}
    </ul>
  );
}
