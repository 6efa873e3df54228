/**
 * The patient beside a conversation: other conversations, upcoming appointments, letters,
 * prescriptions with their latest renewal, and who may write on the patient's behalf. Each fetch
 * is written to the patient's access log (the panel says so).
 */
import type { PatientContext } from '@helsedialog/core';
import Title from '@helsenorge/designsystem-react/components/Title';
import { Link } from 'react-router';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { StatusTag } from '../dialog/components.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { usePatientContext } from './api.ts';
import { formatDate, formatDateTime } from '../lib/format.ts';

export function ContextPanel({ threadId }: { threadId: string }) {
  const { t, locale } = useI18n();
  const ctx = usePatientContext(threadId);
  return (
    <section aria-labelledby="patient-context" className="hd-panel hd-context">
      <Title id="patient-context" htmlMarkup="h2" appearance="title4" margin={{ marginTop: 0, marginBottom: 0.25 }}>
        {t('inbox.context.title')}
      </Title>
      <p className="hd-muted hd-context__note">{t('inbox.context.logged')}</p>
      {ctx.isPending ? (
        <p className="hd-muted">{t('app.loading')}</p>
      ) : ctx.isError ? (
        <ErrorPanel error={ctx.error} onRetry={() => void ctx.refetch()} />
      ) : (
        <ContextBody c={ctx.data} locale={locale} />
      )}
    </section>
  );
}

function ContextBody({ c, locale }: { c: PatientContext; locale: string }) {
  const { t } = useI18n();
  return (
    <>
      {c.gp && <p className="hd-context__gp">{t('inbox.context.gp', { name: c.gp })}</p>}
      <h3 className="hd-context__h">{t('inbox.context.threads')}</h3>
      {c.threads.length === 0 ? (
        <p className="hd-muted">{t('inbox.context.none')}</p>
      ) : (
        <ul className="hd-context__list">
          {c.threads.map((th) => (
            <li key={th.id}>
              <Link className="hd-link" to={`/clinician/threads/${th.id}`}>
                {th.topic}
              </Link>{' '}
              <StatusTag status={th.status} /> <span className="hd-muted">{formatDate(th.lastMessageAt, locale, 'medium')}</span>
            </li>
          ))}
        </ul>
      )}
      <h3 className="hd-context__h">{t('inbox.context.appointments')}</h3>
      {c.appointments.length === 0 ? (
        <p className="hd-muted">{t('inbox.context.none')}</p>
      ) : (
        <ul className="hd-context__list">
          {c.appointments.map((a) => (
            <li key={a.id}>
              {formatDateTime(a.startsAt, locale)} – {a.title}
            </li>
          ))}
        </ul>
      )}
      <h3 className="hd-context__h">{t('inbox.context.letters')}</h3>
      {c.letters.length === 0 ? (
        <p className="hd-muted">{t('inbox.context.none')}</p>
      ) : (
        <ul className="hd-context__list">
          {c.letters.map((l) => (
            <li key={l.id}>
              {l.title} <span className="hd-muted">{formatDate(l.sentAt, locale, 'medium')}</span>
            </li>
          ))}
        </ul>
      )}
      <h3 className="hd-context__h">{t('inbox.context.prescriptions')}</h3>
      {c.prescriptions.length === 0 ? (
        <p className="hd-muted">{t('inbox.context.none')}</p>
      ) : (
        <ul className="hd-context__list">
          {c.prescriptions.map((p) => (
            <li key={p.id}>
              {p.medication}
              {p.strength ? ` ${p.strength}` : ''}
              {p.lastRenewal && <span className="hd-muted"> – {t(`inbox.context.renewal.${p.lastRenewal.decision}`)}</span>}
            </li>
          ))}
        </ul>
      )}
      <h3 className="hd-context__h">{t('inbox.context.representatives')}</h3>
      {c.representatives.length === 0 ? (
        <p className="hd-muted">{t('inbox.context.noRepresentatives')}</p>
      ) : (
        <ul className="hd-context__list">
          {c.representatives.map((r) => (
            <li key={r.name}>
              <strong>{r.name}</strong> – {t(`inbox.context.relation.${r.relation}`)} ({r.areas.map((a) => t(`rep.area.${a as 'dialog'}`)).join(', ')})
              {r.until && <span className="hd-muted"> {t('inbox.context.until', { date: formatDate(r.until, locale, 'medium') })}</span>}
              {r.wroteHere && <span> – {t('inbox.context.wroteHere')}</span>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
