/** On the clinician start page: unread and overdue conversations per unit (each counted up to 100), and the combined inbox. */
import Title from '@helsenorge/designsystem-react/components/Title';
import { Link } from 'react-router';
import { useT } from '../i18n/i18n-context.ts';
import { useInboxCounts } from './api.ts';

export function InboxCountsPanel() {
  const t = useT();
  const counts = useInboxCounts();
  if (!counts.data || counts.data.items.length === 0) return null;
  const n = (v: number, capped: boolean) => (capped ? t('inbox.counts.more', { count: v }) : String(v));
  return (
    <section className="hd-counts" aria-labelledby="counts-title">
      <Title id="counts-title" htmlMarkup="h2" appearance="title3" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('inbox.counts.title')}
      </Title>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('inbox.counts.unit')}</th>
            <th scope="col">{t('inbox.counts.unread')}</th>
            <th scope="col">{t('inbox.counts.overdue')}</th>
          </tr>
        </thead>
        <tbody>
          {counts.data.items.map((u) => (
            <tr key={u.unitId}>
              <th scope="row">
                <Link className="hd-link" to={`/clinician/units/${u.unitId}`}>
                  {u.unitName}
                </Link>
              </th>
              <td>{n(u.unread, u.unreadCapped)}</td>
              <td className={u.overdue > 0 ? 'hd-overdue' : undefined}>{n(u.overdue, u.overdueCapped)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <Link className="hd-link" to="/clinician/inbox">
          {t('inbox.combined.link')}
        </Link>
      </p>
    </section>
  );
}
