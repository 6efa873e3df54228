/**
 * /skjema/:requestId — fill a form with @helsenorge/refero: save a draft and come back, submit
 * once. After submitting (or after the deadline, or when the unit retired the form) the answers
 * are shown read-only.
 */
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import '../letters/letters.scss';
import { BackLink } from '../components/BackLink.tsx';
import { formAttachmentLink, formKeys, saveDraft, submitForm, uploadFormAttachment, useCitizenForm, type QuestionnaireResponseLike } from './api.ts';
import { FormRenderer } from './FormRenderer.tsx';
import { ResponseView, StatusTag } from './parts.tsx';
import { formatDate, formatDateTime } from '../lib/format.ts';

export function CitizenFormPage() {
  return <RequireSession kind="citizen">{() => <FormPage />}</RequireSession>;
}

function FormPage() {
  const { t, locale } = useI18n();
  const { requestId = '' } = useParams();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const form = useCitizenForm(requestId);
  const [saved, setSaved] = useState<string | null>(null);
  useDocumentTitle(form.data ? `${form.data.title} – helsedialog` : t('forms.citizen.docTitle'));
  const done = (key: 'saved' | 'submitted') => (data: Awaited<ReturnType<typeof saveDraft>>) => {
    qc.setQueryData(formKeys.citizenOne(requestId), data);
    void qc.invalidateQueries({ queryKey: formKeys.citizen });
    setSaved(key);
  };
  const draft = useMutation({ mutationFn: (qr: QuestionnaireResponseLike) => saveDraft(requestId, qr.item ?? []), onSuccess: done('saved') });
  const submit = useMutation({ mutationFn: (qr: QuestionnaireResponseLike) => submitForm(requestId, qr.item ?? []), onSuccess: done('submitted') });

  if (form.isPending) return <PageLoader />;
  if (form.isError) return <ErrorPanel error={form.error} onRetry={() => void form.refetch()} />;
  const f = form.data;
  const closed = f.status === 'submitted' || f.status === 'overdue' || f.retired;
  return (
    <>
      <BackLink to="/skjema">{t('forms.back.list')}</BackLink>
      <p className="hd-greeting">{f.unit.name}</p>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {f.title}
      </Title>
      <p>
        <StatusTag status={f.status} /> {f.dueAt && !f.submittedAt && <span>{t('forms.dueOn', { date: formatDate(f.dueAt, locale, 'medium') })}</span>}
      </p>
      {f.message && (
        <div className="hd-form-message">
          <Title htmlMarkup="h2" appearance="title4" margin={{ marginTop: 1, marginBottom: 0.25 }}>
            {t('forms.messageFrom', { sender: f.sentBy ?? f.unit.name })}
          </Title>
          <p>{f.message}</p>
        </div>
      )}
      {f.appointment && <p>{t('forms.forAppointment', { title: f.appointment.title, date: formatDateTime(f.appointment.startsAt, locale) })}</p>}
      <div role="status" aria-live="polite">
        {saved === 'saved' && !draft.isPending && <NotificationPanel variant="success">{t('forms.citizen.draftSaved')}</NotificationPanel>}
        {saved === 'submitted' && <NotificationPanel variant="success">{t('forms.citizen.submitted')}</NotificationPanel>}
      </div>
      {(draft.isError || submit.isError) && <ErrorPanel error={draft.error ?? submit.error} />}
      {f.status === 'submitted' && f.response ? (
        <>
          <p>
            {t('forms.submittedOn', { date: formatDateTime(f.response.submittedAt!, locale) })}
            {f.response.submittedBy ? ` · ${t('forms.submittedBy', { name: f.response.submittedBy })}` : ''}
          </p>
          <ResponseView lines={f.response.lines} scores={f.response.scores} recommendation={null} />
        </>
      ) : closed ? (
        <NotificationPanel variant="warn">{f.retired ? t('forms.citizen.retired') : t('forms.citizen.overdue')}</NotificationPanel>
      ) : (
        <>
          <p className="hd-help">{t('forms.citizen.help')}</p>
          <FormRenderer
            key={f.response?.updatedAt ?? 'new'}
            questionnaire={f.questionnaire}
            item={f.response?.item}
            busy={draft.isPending || submit.isPending}
            onSave={(qr) => draft.mutate(qr)}
            onSubmit={(qr) => submit.mutate(qr)}
            // Refero always shows its cancel button; without a handler it would do nothing.
            onCancel={() => void navigate('/skjema')}
            attachments={{ upload: (file) => uploadFormAttachment(requestId, file), link: (url) => formAttachmentLink('citizen', requestId, url) }}
          />
        </>
      )}
    </>
  );
}
