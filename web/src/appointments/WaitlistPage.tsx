/** /clinician/units/:unitId/waitlist — who waits for an earlier time, in which timebook, the offers they got and how they answered (keyset pages). */
import type { StaffWaitlistEntry } from '@helsedialog/core';
import RadioButton from '@helsenorge/designsystem-react/components/RadioButton';
import Tag from '@helsenorge/designsystem-react/components/Tag';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useStaffUnits } from '../api/queries.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useLiveDialog } from '../dialog/live.ts';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { useStaffWaitlist } from './calendar-api.ts';
import { BackLink } from '../components/BackLink.tsx';
import { formatTime, formatWeekdayDate } from '../lib/format.ts';
import { LoadMore } from '../components/LoadMore.tsx';

export function WaitlistPage() {
  const { t } = useI18n();
  useDocumentTitle(t('wl.docTitle'));
  return <RequireSession kind="staff">{() => <Waitlist />}</RequireSession>;
}

function Waitlist() {
  const { t } = useI18n();
  const { unitId = '' } = useParams();
  const [status, setStatus] = useState<'active' | 'all'>('active');
  const units = useStaffUnits();
  const q = useStaffWaitlist(unitId, status);
  useLiveDialog('staff');
  const unit = units.data?.items.find((u) => u.id === unitId);
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <BackLink to={`/clinician/units/${unitId}/appointments`}>{t('appt.back.unit')}</BackLink>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('wl.title', { unit: unit?.name ?? '' })}
      </Title>
      <p className="hd-lead">{t('wl.lead')}</p>
      <fieldset className="hd-appt-fieldset">
        <legend>{t('wl.filter')}</legend>
        <RadioButton inputId="wl-active" name="wl-status" value="active" label={t('wl.filter.active')} checked={status === 'active'} onChange={() => setStatus('active')} />
        <RadioButton inputId="wl-all" name="wl-status" value="all" label={t('wl.filter.all')} checked={status === 'all'} onChange={() => setStatus('all')} />
      </fieldset>
      {q.isPending ? (
        <PageLoader />
      ) : !q.data ? (
        // No page yet (a later page's error keeps the list and shows under it: LoadMore).
        <ErrorPanel error={q.error} headingLevel="h2" onRetry={() => void q.refetch()} />
      ) : items.length === 0 ? (
        <p>{t('wl.none')}</p>
      ) : (
        <>
          <ul className="hd-appt-list">
            {items.map((e) => (
              <li key={e.id}>
                <Entry e={e} />
              </li>
            ))}
          </ul>
          <LoadMore query={q} label={t('wl.more')} />
        </>
      )}
    </>
  );
}

function Entry({ e }: { e: StaffWaitlistEntry }) {
  const { t, locale } = useI18n();
  const when = (iso: string) => `${formatWeekdayDate(iso, locale)} ${formatTime(iso, locale)}`;
  return (
    <article className="hd-card hd-appt-card" data-testid="waitlist-entry">
      <div className="hd-card__head">
        <Title htmlMarkup="h2" appearance="title4" margin={0}>
          {e.citizen.name}
        </Title>
        <Tag color={e.status === 'waiting' ? 'blueberry' : e.status === 'offered' ? 'banana' : 'neutral'}>{t(`wl.status.${e.status}`)}</Tag>
      </div>
      <p className="hd-muted">{t('wl.since', { date: when(e.createdAt) })}</p>
      <dl className="hd-facts">
        <div>
          <dt>{t('wl.wants')}</dt>
          <dd>{e.appointment ? t('wl.wants.earlier', { date: when(e.appointment.startsAt) }) : t('wl.wants.new')}</dd>
        </div>
        <div>
          <dt>{t('wl.timebook')}</dt>
          <dd>{e.timebook?.name ?? t('wl.timebook.any')}</dd>
        </div>
        <div>
          <dt>{t('wl.offers')}</dt>
          <dd>
            {e.offers.length === 0 ? (
              t('wl.offers.none')
            ) : (
              <ul className="hd-cal-items">
                {e.offers.map((o) => (
                  <li key={o.id}>
                    {when(o.slotStartsAt)}: {t(`wl.offer.${o.status}`, { date: when(o.status === 'open' ? o.expiresAt : (o.answeredAt ?? o.expiresAt)) })}
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      </dl>
    </article>
  );
}
