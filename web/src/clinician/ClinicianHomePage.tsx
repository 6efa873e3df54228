import Title from '@helsenorge/designsystem-react/components/Title';
import { RequireSession } from '../components/RequireSession.tsx';
import { useT } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { LeaderStatisticsLink } from '../statistics/links.tsx';
import { UnitList } from './UnitList.tsx';
import { ToolCatalogueLink } from '../tasks/links.tsx';
import { InboxCountsPanel } from '../workspace/InboxCountsPanel.tsx';

/** /clinician: the signed-in staff member's start page. */
export function ClinicianHomePage() {
  const t = useT();
  useDocumentTitle(t('clinician.docTitle'));
  return (
    <RequireSession kind="staff">
      {(me) => (
        <>
          <p className="hd-greeting">{t('clinician.greeting', { name: me.person.name })}</p>
          <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
            {t('clinician.units.title')}
          </Title>
          <InboxCountsPanel />
          <p className="hd-lead">{t('clinician.units.intro')}</p>
          <LeaderStatisticsLink />
          <UnitList />
          <ToolCatalogueLink />
        </>
      )}
    </RequireSession>
  );
}
