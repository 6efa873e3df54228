/** /citizen/appointments/request/:contactId — ask for an appointment (timeønske) with free text and preferred times. */
import { AppointmentRequestInputSchema } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import { Textarea } from '../components/Textarea.tsx';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { apptKeys, sendRequest, useContactServices } from './api.ts';
import { DateField, Done, Problem } from './parts.tsx';
import { BackLink } from '../components/BackLink.tsx';

const PARTS = ['any', 'morning', 'midday', 'afternoon'] as const;
type Part = (typeof PARTS)[number];

export function RequestPage() {
  const { t } = useI18n();
  useDocumentTitle(t('appt.request.docTitle'));
  return <RequireSession kind="citizen">{() => <RequestForm />}</RequireSession>;
}

function RequestForm() {
  const { t } = useI18n();
  const { contactId = '' } = useParams();
  const qc = useQueryClient();
  const services = useContactServices(contactId);
  const [text, setText] = useState('');
  const [times, setTimes] = useState<{ date: string; partOfDay: Part }[]>([{ date: '', partOfDay: 'any' }]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const send = useMutation({
    mutationFn: (body: unknown) => sendRequest(contactId, body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: apptKeys.citizen }),
  });
  if (services.isPending) return <PageLoader />;
  if (services.isError) return <ErrorPanel error={services.error} headingLevel="h1" />;
  const unit = services.data.unit.name;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = { text, preferredTimes: times.filter((x) => x.date) };
    const parsed = AppointmentRequestInputSchema.safeParse(body);
    if (!parsed.success) {
      const errs: Record<string, string> = {};
      for (const i of parsed.error.issues) {
        if (i.path[0] === 'text') errs.text = t('appt.request.textMissing');
        else errs[`date-${String(i.path[1])}`] = t('appt.request.dateInvalid');
      }
      setErrors(errs);
      return;
    }
    setErrors({});
    send.mutate(parsed.data);
  };

  return (
    <>
      <BackLink to="/citizen/appointments">{t('appt.back.list')}</BackLink>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('appt.request.title')}
      </Title>
      <p className="hd-lead">{t('appt.request.intro', { unit })}</p>
      {send.isSuccess ? (
        <Done>{t('appt.request.sent', { unit })}</Done>
      ) : (
        <form onSubmit={submit} noValidate>
          <div className="hd-appt-field">
            <Textarea
              textareaId="request-text"
              label={t('appt.request.text')}
              value={text}
              onChange={(e) => setText(e.target.value)}
              maxCharacters={1000}
              minRows={4}
              grow
              error={!!errors.text}
              errorText={errors.text}
            />
          </div>
          <Title htmlMarkup="h2" appearance="title4" margin={{ marginTop: 0, marginBottom: 0.5 }}>
            {t('appt.request.preferred')}
          </Title>
          {times.map((row, i) => (
            <div key={i} className="hd-appt-row">
              <DateField
                id={`pref-date-${i}`}
                label={t('appt.request.date', { n: i + 1 })}
                value={row.date}
                min={new Date()}
                error={errors[`date-${i}`]}
                onChange={(v) => setTimes(times.map((x, j) => (j === i ? { ...x, date: v } : x)))}
              />
              <div className="hd-appt-native">
                <label htmlFor={`pref-part-${i}`}>{t('appt.request.part', { n: i + 1 })}</label>
                <select
                  id={`pref-part-${i}`}
                  value={row.partOfDay}
                  onChange={(e) => setTimes(times.map((x, j) => (j === i ? { ...x, partOfDay: e.target.value as Part } : x)))}
                >
                  {PARTS.map((p) => (
                    <option key={p} value={p}>
                      {t(`appt.part.${p}`)}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          ))}
          {times.length < 3 && (
            <p className="hd-appt-field">
              <button type="button" className="hd-link-button" onClick={() => setTimes([...times, { date: '', partOfDay: 'any' }])}>
                {t('appt.request.addTime')}
              </button>
            </p>
          )}
          <Problem error={send.error} />
          <Button type="submit" disabled={send.isPending}>
            {t('appt.request.send')}
          </Button>
        </form>
      )}
    </>
  );
}
