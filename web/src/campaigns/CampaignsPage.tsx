/** /clinician/units/:unitId/campaigns — the unit's campaigns with their progress. */
import Title from '@helsenorge/designsystem-react/components/Title';
import { Link, useParams } from 'react-router';
import { useStaffUnits } from '../api/queries.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import '../letters/letters.scss';
import { BackLink } from '../components/BackLink.tsx';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { useCampaigns } from './api.ts';
import './campaigns.scss';
import { formatDateTime } from '../lib/format.ts';

export function CampaignsPage() {
  return <RequireSession kind="staff">{() => <Campaigns />}</RequireSession>;
}

function Campaigns() {
  const { t, locale } = useI18n();
  const { unitId = '' } = useParams();
  const unit = useStaffUnits().data?.items.find((u) => u.id === unitId);
  useDocumentTitle(t('campaigns.list.docTitle', { unit: unit?.name ?? '' }));
  const list = useCampaigns(unitId);
  return (
    <>
      <BackLink to="/clinician">{t('campaigns.back.units')}</BackLink>
      <p className="hd-greeting">{unit?.name}</p>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('campaigns.list.title')}
      </Title>
      <p className="hd-lead">{t('campaigns.list.lead')}</p>
      <p className="hd-shortcuts">
        <Link className="hd-link" to={`/clinician/units/${unitId}/campaigns/new`}>
          {t('campaigns.list.new')}
        </Link>
        <Link className="hd-link" to={`/clinician/units/${unitId}/not-read`}>
          {t('campaigns.list.paper')}
        </Link>
      </p>
      {list.isPending ? (
        <PageLoader />
      ) : list.isError ? (
        <ErrorPanel error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <p className="hd-empty">{t('campaigns.list.empty')}</p>
      ) : (
        <table className="hd-camp-table">
          <caption>{t('campaigns.list.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('campaigns.list.name')}</th>
              <th scope="col">{t('campaigns.list.state')}</th>
              <th scope="col">{t('campaigns.list.progress')}</th>
              <th scope="col">{t('campaigns.list.created')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link className="hd-link" to={`/clinician/campaigns/${c.id}`}>
                    {c.name}
                  </Link>
                </td>
                <td>{t(`campaigns.state.${c.state}`)}</td>
                <td>
                  {c.progress.notified} / {c.progress.total}
                </td>
                <td>
                  {formatDateTime(c.createdAt, locale, 'long')}, {c.createdBy}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
