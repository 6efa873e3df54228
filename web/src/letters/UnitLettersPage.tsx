/** /clinician/units/:unitId/letters — the letters the unit sent, with read status. */
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Title from '@helsenorge/designsystem-react/components/Title';
import { Link, useLocation, useParams } from 'react-router';
import { useStaffUnits } from '../api/queries.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { useUnitLetters } from './api.ts';
import './letters.scss';
import { BackLink } from '../components/BackLink.tsx';
import { formatDate, formatDateTime } from '../lib/format.ts';

export function UnitLettersPage() {
  return <RequireSession kind="staff">{() => <UnitLetters />}</RequireSession>;
}

function UnitLetters() {
  const { t, locale } = useI18n();
  const { unitId = '' } = useParams();
  const location = useLocation();
  const sentTo = (location.state as { sentTo?: string } | null)?.sentTo;
  const unit = useStaffUnits().data?.items.find((u) => u.id === unitId);
  useDocumentTitle(t('letters.unit.docTitle', { unit: unit?.name ?? '' }));
  const letters = useUnitLetters(unitId);
  return (
    <>
      <BackLink to="/clinician">{t('letters.back.units')}</BackLink>
      <p className="hd-greeting">{unit?.name}</p>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('letters.unit.title')}
      </Title>
      {sentTo && (
        <NotificationPanel variant="success" role="status" size="small">
          <p className="hd-panel-text">{t('letters.new.sent', { name: sentTo })}</p>
        </NotificationPanel>
      )}
      <p className="hd-shortcuts">
        <Link className="hd-link" to={`/clinician/units/${unitId}/letters/new`}>
          {t('letters.unit.new')}
        </Link>
      </p>
      {letters.isPending ? (
        <PageLoader />
      ) : letters.isError ? (
        <ErrorPanel error={letters.error} onRetry={() => void letters.refetch()} />
      ) : letters.data.items.length === 0 ? (
        <p className="hd-empty">{t('letters.unit.empty')}</p>
      ) : (
        <table className="hd-letters-table">
          <caption>{t('letters.unit.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('letters.unit.patient')}</th>
              <th scope="col">{t('letters.unit.letter')}</th>
              <th scope="col">{t('letters.sent')}</th>
              <th scope="col">{t('letters.unit.status')}</th>
            </tr>
          </thead>
          <tbody>
            {letters.data.items.map((l) => (
              <tr key={l.id}>
                <td>
                  {l.citizen.name}
                  <br />
                  <span className="hd-muted">{t('letters.unit.born', { date: formatDate(l.citizen.birthDate, locale) })}</span>
                </td>
                <td>
                  {l.title}
                  {l.kind === 'pdf' && <span className="hd-muted"> (PDF)</span>}
                  {l.important && <span className="hd-muted"> · {t('letters.important')}</span>}
                </td>
                <td>{formatDateTime(l.sentAt, locale, 'long')}</td>
                <td>{l.readAt ? t('letters.unit.readAt', { date: formatDateTime(l.readAt, locale, 'long') }) : <strong>{t('letters.unit.notRead')}</strong>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
