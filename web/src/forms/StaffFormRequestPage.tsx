/** /clinician/form-requests/:requestId — one sent form: status, and once submitted the answers with scores; remind. */
import Button from '@helsenorge/designsystem-react/components/Button';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import '../letters/letters.scss';
import { BackLink } from '../components/BackLink.tsx';
import { formAttachmentLink, formKeys, remind, useStaffRequest } from './api.ts';
import { ResponseView, StatusTag } from './parts.tsx';
import { formatDate, formatDateTime } from '../lib/format.ts';

export function StaffFormRequestPage() {
  return <RequireSession kind="staff">{() => <RequestPage />}</RequireSession>;
}

function RequestPage() {
  const { t, locale } = useI18n();
  const { requestId = '' } = useParams();
  const qc = useQueryClient();
  const r = useStaffRequest(requestId);
  const reminder = useMutation({ mutationFn: () => remind(requestId), onSuccess: (d) => qc.setQueryData(formKeys.request(requestId), d) });
  useDocumentTitle(r.data ? `${r.data.title} – helsedialog` : t('forms.requests.docTitle'));
  if (r.isPending) return <PageLoader />;
  if (r.isError) return <ErrorPanel error={r.error} onRetry={() => void r.refetch()} />;
  const f = r.data;
  return (
    <>
      <BackLink to={`/clinician/units/${f.unit.id}/form-requests`}>{t('forms.back.requests')}</BackLink>
      <p className="hd-greeting">{f.citizen ? `${f.citizen.name} (${f.citizen.birthDate})` : ''}</p>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {f.title}
      </Title>
      <p>
        <StatusTag status={f.status} /> {t('forms.staff.version', { version: f.version.version })}
      </p>
      <p className="hd-forms__meta">
        {t('forms.sentOn', { date: formatDateTime(f.sentAt, locale) })}
        {f.sentBy ? ` · ${f.sentBy}` : ''}
        {f.dueAt ? ` · ${t('forms.dueOn', { date: formatDate(f.dueAt, locale, 'medium') })}` : ''}
        {f.remindedAt ? ` · ${t('forms.staff.remindedOn', { date: formatDateTime(f.remindedAt, locale) })}` : ''}
      </p>
      {f.appointment && <p>{t('forms.forAppointment', { title: f.appointment.title, date: formatDateTime(f.appointment.startsAt, locale) })}</p>}
      {f.message && <p>{f.message}</p>}
      {f.response ? (
        <>
          <Title htmlMarkup="h2" appearance="title3" margin={{ marginTop: 1.5, marginBottom: 0.5 }}>
            {t('forms.staff.answers')}
          </Title>
          <p>
            {t('forms.submittedOn', { date: formatDateTime(f.response.submittedAt!, locale) })}
            {f.response.submittedBy ? ` · ${t('forms.submittedBy', { name: f.response.submittedBy })}` : ''}
          </p>
          <ResponseView
            lines={f.response.lines}
            scores={f.response.scores}
            recommendation={f.response.recommendation}
            fileLink={(id) => formAttachmentLink('staff', requestId, `urn:uuid:${id}`)}
          />
        </>
      ) : (
        <>
          <p>{t('forms.staff.notYet')}</p>
          {!f.retired && (
            <Button variant="outline" disabled={reminder.isPending} onClick={() => reminder.mutate()}>
              {t('forms.staff.remind')}
            </Button>
          )}
          <div role="status" aria-live="polite">
            {reminder.isSuccess && <NotificationPanel variant="success">{t('forms.staff.reminded')}</NotificationPanel>}
          </div>
          {reminder.isError && <ErrorPanel error={reminder.error} />}
        </>
      )}
    </>
  );
}
