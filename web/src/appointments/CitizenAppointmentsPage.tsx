/** /citizen/appointments — upcoming and past appointments with every health contact, offers, requests and the waitlist. */
import type { ContactAppointmentServices, Offer } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { apiGet } from '../api/client.ts';
import { useCitizenContacts } from '../api/queries.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { acceptOffer, apptKeys, declineOffer, leaveWaitlist, useCitizenAppointments } from './api.ts';
import { useActingForName } from './links.tsx';
import { AppointmentCard, Problem } from './parts.tsx';
import { BackLink } from '../components/BackLink.tsx';
import { formatTime, formatWeekdayDate } from '../lib/format.ts';

export function CitizenAppointmentsPage() {
  const { t } = useI18n();
  useDocumentTitle(t('appt.citizen.docTitle'));
  return <RequireSession kind="citizen">{() => <Overview />}</RequireSession>;
}

function Overview() {
  const { t, locale } = useI18n();
  const q = useCitizenAppointments();
  const actingFor = useActingForName();
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <ErrorPanel error={q.error} headingLevel="h1" onRetry={() => void q.refetch()} />;
  const { upcoming, past, requests, offers, waitlist } = q.data;
  return (
    <>
      <BackLink to="/citizen">{t('appt.back.home')}</BackLink>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {actingFor ? t('appt.citizen.titleFor', { name: actingFor }) : t('appt.citizen.title')}
      </Title>
      <p className="hd-lead">{t('appt.citizen.intro')}</p>
      <NewAppointmentLinks />
      {offers.length > 0 && (
        <section className="hd-section" aria-labelledby="offers-h">
          <Title id="offers-h" htmlMarkup="h2" appearance="title3" margin={{ marginTop: 0, marginBottom: 0.5 }}>
            {t('appt.offers.title')}
          </Title>
          <ul className="hd-appt-list">
            {offers.map((o) => (
              <li key={o.id}>
                <OfferCard offer={o} />
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="hd-section" aria-labelledby="upcoming-h">
        <Title id="upcoming-h" htmlMarkup="h2" appearance="title3" margin={{ marginTop: 0, marginBottom: 0.5 }}>
          {t('appt.upcoming')} <span className="hd-count">({upcoming.length})</span>
        </Title>
        {upcoming.length === 0 ? (
          <p>{t('appt.upcoming.none')}</p>
        ) : (
          <ul className="hd-appt-list">
            {upcoming.map((a) => (
              <li key={a.id}>
                <AppointmentCard a={a} to={`/citizen/appointments/${a.id}`} />
              </li>
            ))}
          </ul>
        )}
      </section>
      {requests.length > 0 && (
        <section className="hd-section" aria-labelledby="requests-h">
          <Title id="requests-h" htmlMarkup="h2" appearance="title3" margin={{ marginTop: 0, marginBottom: 0.5 }}>
            {t('appt.requests.title')}
          </Title>
          <ul className="hd-appt-list">
            {requests.map((r) => (
              <li key={r.id} className="hd-card" data-testid="request">
                <p>
                  <strong>{r.unit.name}</strong> – {t(`appt.request.status.${r.status}`)}
                </p>
                <p className="hd-panel-text">{r.text}</p>
                {r.answerText && (
                  <p className="hd-panel-text">
                    {t('appt.request.answer')}: {r.answerText}
                  </p>
                )}
                {r.appointmentId && (
                  <Link className="hd-link" to={`/citizen/appointments/${r.appointmentId}`}>
                    {t('appt.request.seeAppointment')}
                  </Link>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {waitlist.length > 0 && (
        <section className="hd-section" aria-labelledby="waitlist-h">
          <Title id="waitlist-h" htmlMarkup="h2" appearance="title3" margin={{ marginTop: 0, marginBottom: 0.5 }}>
            {t('appt.waitlist.title')}
          </Title>
          <ul className="hd-appt-list">
            {waitlist.map((w) => (
              <li key={w.id} className="hd-card">
                <WaitlistRow id={w.id} text={t('appt.waitlist.on', { unit: w.unit.name, date: formatWeekdayDate(w.createdAt, locale) })} />
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="hd-section" aria-labelledby="past-h">
        <Title id="past-h" htmlMarkup="h2" appearance="title3" margin={{ marginTop: 0, marginBottom: 0.5 }}>
          {t('appt.past')} <span className="hd-count">({past.length})</span>
        </Title>
        {past.length === 0 ? (
          <p>{t('appt.past.none')}</p>
        ) : (
          <ul className="hd-appt-list">
            {past.map((a) => (
              <li key={a.id}>
                <AppointmentCard a={a} to={`/citizen/appointments/${a.id}`} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** Per active contact: book a time, or ask for one, as the unit allows. */
function NewAppointmentLinks() {
  const { t } = useI18n();
  const contacts = useCitizenContacts();
  const active = (contacts.data?.items ?? []).filter((c) => c.status === 'active');
  const services = useQueries({
    queries: active.map((c) => ({
      queryKey: ['appointments', 'citizen', 'services', c.id],
      queryFn: () => apiGet<ContactAppointmentServices>(`/api/citizen/contacts/${c.id}/appointment-services`),
    })),
  });
  const links = services.flatMap((s) => {
    const d = s.data;
    if (!d) return [];
    return [
      ...(d.booking ? [{ to: `/citizen/appointments/book/${d.contactId}`, text: t('appt.link.book', { unit: d.unit.name }) }] : []),
      ...(d.request ? [{ to: `/citizen/appointments/request/${d.contactId}`, text: t('appt.link.request', { unit: d.unit.name }) }] : []),
      ...(d.dropInUrl ? [{ href: d.dropInUrl, text: t('appt.link.dropIn', { unit: d.unit.name }) }] : []),
    ];
  });
  if (links.length === 0) return null;
  return (
    <nav aria-label={t('appt.link.nav')}>
      <ul className="hd-appt-shortcuts">
        {links.map((l) => (
          <li key={l.text}>
            {'to' in l && l.to ? (
              <Link className="hd-link" to={l.to}>
                {l.text}
              </Link>
            ) : (
              <a className="hd-link" href={l.href} target="_blank" rel="noopener noreferrer">
                {l.text}
              </a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

function OfferCard({ offer }: { offer: Offer }) {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const done = () => void qc.invalidateQueries({ queryKey: apptKeys.citizen });
  const take = useMutation({ mutationFn: () => acceptOffer(offer.id), onSuccess: done });
  const no = useMutation({ mutationFn: () => declineOffer(offer.id), onSuccess: done });
  const when = `${formatWeekdayDate(offer.slot.startsAt, locale)} ${t('appt.at')} ${formatTime(offer.slot.startsAt, locale)}`;
  return (
    <article className="hd-card" data-testid="offer">
      <Title htmlMarkup="h3" appearance="title4" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('appt.offer.heading', { unit: offer.unit.name })}
      </Title>
      <p className="hd-panel-text">
        {offer.slot.timebook.name}: <strong>{when}</strong>
      </p>
      <p className="hd-panel-text">{t('appt.offer.expires', { time: `${formatWeekdayDate(offer.expiresAt, locale)} ${formatTime(offer.expiresAt, locale)}` })}</p>
      <Problem error={take.error ?? no.error} />
      <div className="hd-appt-actions">
        <Button onClick={() => take.mutate()} disabled={take.isPending || no.isPending}>
          {t('appt.offer.accept')}
          <span className="hd-visually-hidden"> – {when}</span>
        </Button>
        <Button variant="borderless" onClick={() => no.mutate()} disabled={take.isPending || no.isPending}>
          {t('appt.offer.decline')}
          <span className="hd-visually-hidden"> – {when}</span>
        </Button>
      </div>
    </article>
  );
}

function WaitlistRow({ id, text }: { id: string; text: string }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const leave = useMutation({ mutationFn: () => leaveWaitlist(id), onSuccess: () => void qc.invalidateQueries({ queryKey: apptKeys.citizen }) });
  return (
    <>
      <p className="hd-panel-text">{text}</p>
      <Problem error={leave.error} />
      <button type="button" className="hd-link-button" onClick={() => leave.mutate()} disabled={leave.isPending}>
        {t('appt.waitlist.leave')}
      </button>
    </>
  );
}
