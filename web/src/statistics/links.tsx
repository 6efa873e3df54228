/**
 * Links to the statistics page (web/src/statistics/StatisticsPage.tsx, loaded only when opened):
 * on a unit card for its administrators, and on the start page for everyone who may see any.
 */
import { Link } from 'react-router';
import { useT } from '../i18n/i18n-context.ts';
import { useStatisticsScopes } from './api.ts';

export function statisticsHref(scope?: string): string {
  return scope ? `/clinician/statistics?scope=${encodeURIComponent(scope)}` : '/clinician/statistics';
}

/** On a unit card: administrators of the unit see its statistics. */
export function UnitStatisticsLink({ unitId, unitName, isAdmin }: { unitId: string; unitName: string; isAdmin: boolean }) {
  const t = useT();
  if (!isAdmin) return null;
  return (
    <Link className="hd-link" to={statisticsHref(`unit:${unitId}`)}>
      {t('statistics.link')}
      <span className="hd-visually-hidden"> – {unitName}</span>
    </Link>
  );
}

/** On the start page: shown to leaders over an organisation (administrators find it on the unit card too). */
export function LeaderStatisticsLink() {
  const t = useT();
  const scopes = useStatisticsScopes();
  const first = scopes.data?.items.find((s) => s.kind === 'organisation');
  if (!first) return null;
  return (
    <p>
      <Link className="hd-link" to={statisticsHref(first.scope)}>
        {t('statistics.homeLink')}
      </Link>
    </p>
  );
}
