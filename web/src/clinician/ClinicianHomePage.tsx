import Title from '@helsenorge/designsystem-react/components/Title';
import { useStaffUnits } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useT } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { useStatisticsScopes } from '../statistics/api.ts';
import { LeaderStatisticsLink } from '../statistics/links.tsx';
import { UnitList } from './UnitList.tsx';
import { ToolCatalogueLink } from '../tasks/links.tsx';
import { useInboxCounts } from '../workspace/api.ts';
import { InboxCountsPanel } from '../workspace/InboxCountsPanel.tsx';

/** /clinician: the signed-in staff member's start page. */
export function ClinicianHomePage() {
  const t = useT();
  useDocumentTitle(t('clinician.docTitle'));
  return <RequireSession kind="staff">{(me) => <ClinicianHome me={me} />}</RequireSession>;
}

function ClinicianHome({ me }: { me: Me }) {
  const t = useT();
  // The counts table, the statistics link and the unit cards each come with their own answer; the
  // page below the heading is shown once all three are here (one loader in their place), so the
  // table does not push the cards down when it arrives (layout shift, docs/performance.md).
  const waiting = [useStaffUnits(), useInboxCounts(), useStatisticsScopes()].some((q) => q.isPending);
  return (
    <>
      <p className="hd-greeting">{t('clinician.greeting', { name: me.person.name })}</p>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('clinician.units.title')}
      </Title>
      {waiting ? (
        <PageLoader />
      ) : (
        <>
          <InboxCountsPanel />
          <p className="hd-lead">{t('clinician.units.intro')}</p>
          <LeaderStatisticsLink />
          <UnitList />
          <ToolCatalogueLink />
        </>
      )}
    </>
  );
}
