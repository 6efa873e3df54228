/** /citizen/appointments/book/:contactId — choose a free slot, say what it is about, book; or join the waitlist. */
import { BookSlotSchema, type Slot } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import Input from '@helsenorge/designsystem-react/components/Input';
import { Textarea } from '../components/Textarea.tsx';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/client.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { apptKeys, bookSlot, joinWaitlist, useContactServices, useOpenSlots } from './api.ts';
import { Done, Problem } from './parts.tsx';
import { BackLink } from '../components/BackLink.tsx';
import { formatTime, formatWeekdayDate } from '../lib/format.ts';
import { osloDayOf } from '../lib/oslo-days.ts';

export function BookPage() {
  const { t } = useI18n();
  useDocumentTitle(t('appt.book.docTitle'));
  return <RequireSession kind="citizen">{() => <Book />}</RequireSession>;
}

function Book() {
  const { t, locale } = useI18n();
  const { contactId = '' } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const services = useContactServices(contactId);
  const slots = useOpenSlots(contactId);
  const [slotId, setSlotId] = useState('');
  const [timebook, setTimebook] = useState('');
  /** Pick a day, then a time: only the chosen day's times are listed (short on a phone). */
  const [day, setDay] = useState('');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const book = useMutation({
    mutationFn: () => bookSlot(slotId, { reason, ...(note.trim() ? { note } : {}) }),
    onSuccess: (a) => {
      void qc.invalidateQueries({ queryKey: apptKeys.citizen });
      void navigate(`/citizen/appointments/${a.id}`);
    },
    onError: (e) => {
      if (e instanceof ApiError && (e.code === 'SLOT_TAKEN' || e.code === 'SLOT_IN_PAST')) void slots.refetch();
    },
  });
  const wait = useMutation({ mutationFn: () => joinWaitlist(contactId), onSuccess: () => void qc.invalidateQueries({ queryKey: apptKeys.citizen }) });

  if (services.isPending || slots.isPending) return <PageLoader />;
  if (services.isError) return <ErrorPanel error={services.error} headingLevel="h1" />;
  const unit = services.data.unit.name;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!slotId) errs.slot = t('appt.book.chooseSlot');
    if (!BookSlotSchema.safeParse({ reason, note: note || undefined }).success) errs.reason = t('appt.book.reasonMissing');
    setErrors(errs);
    if (Object.keys(errs).length === 0) book.mutate();
  };
  const days = new Map<string, Slot[]>();
  const books = new Map((slots.data ?? []).map((s) => [s.timebook.id, s.timebook.name]));
  for (const s of (slots.data ?? []).filter((x) => !timebook || x.timebook.id === timebook))
    days.set(osloDayOf(s.startsAt), [...(days.get(osloDayOf(s.startsAt)) ?? []), s]);
  const shownDay = days.has(day) ? day : ([...days.keys()][0] ?? '');
  const shown = days.get(shownDay) ?? [];

  return (
    <>
      <BackLink to="/citizen/appointments">{t('appt.back.list')}</BackLink>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('appt.book.title')}
      </Title>
      <p className="hd-lead">{t('appt.book.intro', { unit })}</p>
      {slots.isError && <Problem error={slots.error} />}
      {slots.data && slots.data.length === 0 && <p>{t('appt.book.none')}</p>}
      {slots.data && slots.data.length > 0 && (
        <form onSubmit={submit} noValidate>
          {books.size > 1 && (
            <div className="hd-appt-native" style={{ maxWidth: '24rem' }}>
              <label htmlFor="book-filter">{t('appt.book.filter')}</label>
              <select id="book-filter" value={timebook} onChange={(e) => setTimebook(e.target.value)}>
                <option value="">{t('appt.book.filterAll')}</option>
                {[...books.entries()].map(([id, name]) => (
                  <option key={id} value={id}>
                    {name}
                  </option>
                ))}
              </select>
            </div>
          )}
          {errors.slot && (
            <p className="hd-appt-field" role="alert">
              <strong>{errors.slot}</strong>
            </p>
          )}
          <div className="hd-appt-native" style={{ maxWidth: '24rem' }}>
            <label htmlFor="book-day">{t('appt.book.day')}</label>
            <select
              id="book-day"
              value={shownDay}
              onChange={(e) => {
                setDay(e.target.value);
                setSlotId('');
              }}
            >
              {[...days.entries()].map(([d, list]) => (
                <option key={d} value={d}>
                  {t('appt.book.dayOption', { day: formatWeekdayDate(list[0]!.startsAt, locale), n: list.length })}
                </option>
              ))}
            </select>
          </div>
          {shown.length > 0 && (
            <fieldset className="hd-appt-day">
              <legend>{t('appt.book.timesOn', { day: formatWeekdayDate(shown[0]!.startsAt, locale) })}</legend>
              <div className="hd-appt-slots">
                {shown.map((s) => (
                  <span key={s.id} className="hd-appt-slot">
                    <input type="radio" id={`slot-${s.id}`} name="slot" value={s.id} checked={slotId === s.id} onChange={() => setSlotId(s.id)} />
                    <label htmlFor={`slot-${s.id}`}>
                      {formatTime(s.startsAt, locale)}
                      <span className="hd-appt-slot-sub">{s.timebook.name}</span>
                    </label>
                  </span>
                ))}
              </div>
            </fieldset>
          )}
          <div className="hd-appt-field">
            <Input
              inputId="book-reason"
              label={t('appt.book.reason')}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              error={!!errors.reason}
              errorText={errors.reason}
              autoComplete="off"
            />
          </div>
          <div className="hd-appt-field">
            <Textarea
              textareaId="book-note"
              label={t('appt.book.note')}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              maxCharacters={500}
              minRows={3}
              grow
            />
          </div>
          <Problem error={book.error} />
          <Button type="submit" disabled={book.isPending}>
            {book.isPending ? t('appt.book.booking') : t('appt.book.submit')}
          </Button>
        </form>
      )}
      <section className="hd-appt-panel" aria-labelledby="wait-h" style={{ marginTop: '2rem' }}>
        <Title id="wait-h" htmlMarkup="h2" appearance="title4" margin={{ marginTop: 0, marginBottom: 0.5 }}>
          {t('appt.waitlist.join.title')}
        </Title>
        {wait.isSuccess ? (
          <Done>{t('appt.waitlist.joined', { unit })}</Done>
        ) : (
          <>
            <p className="hd-panel-text">{t('appt.waitlist.join.text')}</p>
            <Problem error={wait.error} />
            <Button variant="outline" onClick={() => wait.mutate()} disabled={wait.isPending}>
              {t('appt.waitlist.join')}
            </Button>
          </>
        )}
      </section>
    </>
  );
}
