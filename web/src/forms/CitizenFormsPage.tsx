/** /skjema — forms to fill (deadline first, overdue first) and forms submitted, for me or the person I act for. */
import type { FormRequestSummary } from '@helsedialog/core';
import Title from '@helsenorge/designsystem-react/components/Title';
import { Link } from 'react-router';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import '../letters/letters.scss';
import { BackLink } from '../components/BackLink.tsx';
import { useCitizenForms } from './api.ts';
import { StatusTag } from './parts.tsx';
import { formatDate, formatDateTime } from '../lib/format.ts';

export function CitizenFormsPage() {
  return <RequireSession kind="citizen">{() => <Forms />}</RequireSession>;
}

function Forms() {
  const { t } = useI18n();
  useDocumentTitle(t('forms.citizen.docTitle'));
  const forms = useCitizenForms();
  return (
    <>
      <BackLink to="/citizen">{t('forms.back.home')}</BackLink>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('forms.citizen.title')}
      </Title>
      <p className="hd-lead">{t('forms.citizen.intro')}</p>
      {forms.isPending ? (
        <PageLoader />
      ) : forms.isError ? (
        <ErrorPanel error={forms.error} onRetry={() => void forms.refetch()} />
      ) : (
        <>
          <Title htmlMarkup="h2" appearance="title3" margin={{ marginTop: 1, marginBottom: 0.5 }}>
            {t('forms.citizen.open')}
          </Title>
          {forms.data.open.length === 0 ? (
            <p className="hd-empty">{t('forms.citizen.openEmpty')}</p>
          ) : (
            <List items={forms.data.open} label={t('forms.citizen.open')} />
          )}
          <Title htmlMarkup="h2" appearance="title3" margin={{ marginTop: 1.5, marginBottom: 0.5 }}>
            {t('forms.citizen.done')}
          </Title>
          {forms.data.done.length === 0 ? (
            <p className="hd-empty">{t('forms.citizen.doneEmpty')}</p>
          ) : (
            <List items={forms.data.done} label={t('forms.citizen.done')} />
          )}
        </>
      )}
    </>
  );
}

function List({ items, label }: { items: FormRequestSummary[]; label: string }) {
  const { t, locale } = useI18n();
  // Overdue first, then by deadline (the server orders by deadline).
  const sorted = [...items].sort((a, b) => Number(b.status === 'overdue') - Number(a.status === 'overdue'));
  return (
    <ul className="hd-forms" aria-label={label}>
      {sorted.map((f) => (
        <li key={f.id} className="hd-forms__item">
          <Link className="hd-link hd-forms__title" to={`/skjema/${f.id}`}>
            {f.title}
          </Link>
          <StatusTag status={f.status} />
          <p className="hd-forms__meta">
            {t('forms.from', { unit: f.unit.name })}
            {f.submittedAt
              ? ` · ${t('forms.submittedOn', { date: formatDateTime(f.submittedAt, locale) })}`
              : f.dueAt
                ? ` · ${t('forms.dueOn', { date: formatDate(f.dueAt, locale, 'medium') })}`
                : ''}
          </p>
        </li>
      ))}
    </ul>
  );
}
