/**
 * /clinician/units/:unitId/appointments — a unit's timebooks, open requests, coming appointments and visits, and its appointment services.
 * The page lays out the sections; each form lives in unit/ with its own state.
 */
import Title from '@helsenorge/designsystem-react/components/Title';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useStaffUnits } from '../api/queries.ts';
import { useLiveDialog } from '../dialog/live.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { useUnitOverview } from './api.ts';
import { CalendarLink } from './calendar-parts.tsx';
import { AnswerSettingsSection, OpenAnswersSection } from './UnitAnswerParts.tsx';
import { Done } from './parts.tsx';
import { BackLink } from '../components/BackLink.tsx';
import { NewTimebook } from './unit/NewTimebook.tsx';
import { useRefreshAtNextChange } from './unit/refresh-at-next-change.ts';
import { RequestCard } from './unit/RequestCard.tsx';
import { SettingsSection } from './unit/SettingsSection.tsx';
import { StaffAppointment } from './unit/StaffAppointment.tsx';

export function UnitAppointmentsPage() {
  const { t } = useI18n();
  useDocumentTitle(t('appt.unit.docTitle'));
  return <RequireSession kind="staff">{() => <Unit />}</RequireSession>;
}

function Unit() {
  const { t } = useI18n();
  const { unitId = '' } = useParams();
  const units = useStaffUnits();
  const q = useUnitOverview(unitId);
  // Live: a new request, booking or cancellation shows without a reload (/api/events).
  useLiveDialog('staff');
  useRefreshAtNextChange(unitId, q.data?.appointments);
  /** The last answer to a request; shown above the list, since an assigned request leaves it. */
  const [answered, setAnswered] = useState<string | undefined>();
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <ErrorPanel error={q.error} headingLevel="h1" onRetry={() => void q.refetch()} />;
  const unit = units.data?.items.find((u) => u.id === unitId);
  const { timebooks, requests, appointments, settings } = q.data;
  const upcoming = appointments.filter((a) => a.status === 'booked');
  return (
    <>
      <BackLink to="/clinician">{t('appt.back.units')}</BackLink>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('appt.unit.title', { unit: unit?.name ?? '' })}
      </Title>
      <p className="hd-lead">
        <Link className="hd-link" to={`/clinician/units/${unitId}/appointments/new`}>
          {t('appt.new.link')}
        </Link>
        {' · '}
        <CalendarLink unitId={unitId} />
        {' · '}
        <Link className="hd-link" to={`/clinician/units/${unitId}/waitlist`}>
          {t('wl.link')}
        </Link>
      </p>
      <OpenAnswersSection unitId={unitId} />
      <section className="hd-section" aria-labelledby="tb-h">
        <Title id="tb-h" htmlMarkup="h2" appearance="title3" margin={{ marginTop: 0, marginBottom: 0.5 }}>
          {t('appt.timebooks')}
        </Title>
        {timebooks.length === 0 ? (
          <p>{t('appt.timebooks.none')}</p>
        ) : (
          <ul className="hd-appt-shortcuts">
            {timebooks.map((tb) => (
              <li key={tb.id}>
                <Link className="hd-link" to={`/clinician/timebooks/${tb.id}`}>
                  {tb.name}
                </Link>{' '}
                <span className="hd-muted">({t(`appt.timebookKind.${tb.kind}`)})</span>
              </li>
            ))}
          </ul>
        )}
        <NewTimebook unitId={unitId} />
      </section>
      <section className="hd-section" aria-labelledby="rq-h">
        <Title id="rq-h" htmlMarkup="h2" appearance="title3" margin={{ marginTop: 0, marginBottom: 0.5 }}>
          {t('appt.requests.open')} <span className="hd-count">({requests.length})</span>
        </Title>
        {answered && <Done>{answered}</Done>}
        {requests.length === 0 ? (
          <p>{t('appt.requests.none')}</p>
        ) : (
          <ul className="hd-appt-list">
            {requests.map((r) => (
              <li key={r.id}>
                <RequestCard r={r} timebooks={timebooks} unitId={unitId} onAnswered={setAnswered} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="hd-section" aria-labelledby="ap-h">
        <Title id="ap-h" htmlMarkup="h2" appearance="title3" margin={{ marginTop: 0, marginBottom: 0.5 }}>
          {t('appt.unit.coming')} <span className="hd-count">({upcoming.length})</span>
        </Title>
        {upcoming.length === 0 ? (
          <p>{t('appt.upcoming.none')}</p>
        ) : (
          <ul className="hd-appt-list">
            {upcoming.map((a) => (
              <li key={a.id}>
                <StaffAppointment a={a} unitId={unitId} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <SettingsSection unitId={unitId} initial={settings} isAdmin={!!unit?.isAdmin} />
      <AnswerSettingsSection unitId={unitId} isAdmin={!!unit?.isAdmin} />
    </>
  );
}
