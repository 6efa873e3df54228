/** /citizen/contacts/:contactId — exactly the services this health contact offers, with intro texts and answer time. */
import { DIALOG_KINDS } from '@helsedialog/core/constants';
import type { DialogKind } from '@helsedialog/core';
import Title from '@helsenorge/designsystem-react/components/Title';
import { Link, useParams } from 'react-router';
import { useOfferedServices } from '../api/dialog.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import './dialog.scss';
import { BackLink } from '../components/BackLink.tsx';
import { feeLine } from './format.ts';
import { hasIntro, UnitIntro } from './UnitIntro.tsx';
import { formatDateTime } from '../lib/format.ts';

const isDialogKind = (s: string): s is DialogKind => (DIALOG_KINDS as readonly string[]).includes(s);

/** Where a non-message service of a contact is used: the appointment pages, or the forms the unit sent. */
function appointmentLink(service: string, contactId: string): string | null {
  if (service === 'skjema') return '/skjema';
  if (service === 'timebestilling') return `/citizen/appointments/book/${contactId}`;
  if (service === 'timeonske') return `/citizen/appointments/request/${contactId}`;
  if (service === 'avbestilling' || service === 'timevisning' || service === 'video') return '/citizen/appointments';
  return null;
}

export function ContactServicesPage() {
  return <RequireSession kind="citizen">{() => <ContactServices />}</RequireSession>;
}

function ContactServices() {
  const { t, locale } = useI18n();
  const { contactId = '' } = useParams();
  const offered = useOfferedServices(contactId);
  useDocumentTitle(t('dialog.services.docTitle', { unit: offered.data?.unit.name ?? '' }));

  if (offered.isPending) return <PageLoader />;
  if (offered.isError) return <ErrorPanel error={offered.error} headingLevel="h1" onRetry={() => void offered.refetch()} />;
  const { unit, items, active } = offered.data;
  return (
    <>
      <BackLink to="/citizen">{t('dialog.back.contacts')}</BackLink>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {unit.name}
      </Title>
      {!active ? (
        <p className="hd-lead">{t('dialog.services.inactive')}</p>
      ) : items.length === 0 ? (
        <p className="hd-lead">{t('dialog.services.none')}</p>
      ) : (
        <>
          <p className="hd-lead">{t('dialog.services.lead', { unit: unit.name })}</p>
          <ul className="hd-services">
            {items.map((s) => {
              const dialog = isDialogKind(s.service);
              const usable = dialog && s.canStart;
              // Booking, requests, cancelling, viewing and video live on the appointments pages.
              const elsewhere = !dialog ? appointmentLink(s.service, contactId) : null;
              return (
                <li key={s.service} className="hd-service">
                  <h2 className="hd-service__name">
                    {usable ? (
                      <Link className="hd-link" to={`/citizen/contacts/${contactId}/new/${s.service}`}>
                        {s.flexible ? t('dialog.flex.title') : t(`dialog.service.${s.service}`)}
                      </Link>
                    ) : elsewhere ? (
                      <Link className="hd-link" to={elsewhere}>
                        {t(`dialog.service.${s.service}`)}
                      </Link>
                    ) : (
                      t(`dialog.service.${s.service}`)
                    )}
                  </h2>
                  {s.flexible && (
                    <p>
                      {s.flexible.addressedTo || s.flexible.addressedRole
                        ? t('dialog.flex.toWhom', { who: s.flexible.addressedTo ?? t(`log.role.${(s.flexible.addressedRole ?? 'doctor') as 'doctor'}`) })
                        : null}{' '}
                      {t('dialog.flex.until', { date: formatDateTime(s.flexible.until, locale) })}
                    </p>
                  )}
                  {hasIntro(s.introText, s.introTexts) ? (
                    <UnitIntro text={s.introText} texts={s.introTexts} />
                  ) : (
                    dialog && !s.flexible && <p>{t(`dialog.service.desc.${s.service as DialogKind}`)}</p>
                  )}
                  {feeLine(t, s.fee, locale) && <p>{feeLine(t, s.fee, locale)}</p>}
                  {s.answerDays !== null && <p className="hd-muted">{t('dialog.services.answerDays', { days: s.answerDays })}</p>}
                  {!usable && !elsewhere && <p className="hd-muted">{dialog ? t('dialog.services.unitOnly') : t('dialog.services.elsewhere')}</p>}
                </li>
              );
            })}
          </ul>
        </>
      )}
      <p>
        <Link className="hd-link" to="/citizen/messages">
          {t('dialog.services.toMessages')}
        </Link>
      </p>
    </>
  );
}
