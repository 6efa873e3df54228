/**
 * /clinician/units/:unitId/calendar — the staff calendar: a day or a week of one timebook or all
 * of the unit's, with free slots, booked and free-time appointments, home visits and absence
 * blocks; the patients' answers and arrivals on each appointment. An appointment is moved by
 * dragging it onto a free time, or — with the keyboard or on a phone — by its "Move" form; either
 * way the server notifies the patient and journals the change. Live through /api/events.
 */
import type { Appointment, Calendar, CalendarSlot } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import Input from '@helsenorge/designsystem-react/components/Input';
import RadioButton from '@helsenorge/designsystem-react/components/RadioButton';
import Select from '@helsenorge/designsystem-react/components/Select';
import Tag from '@helsenorge/designsystem-react/components/Tag';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type DragEvent } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { useStaffUnits } from '../api/queries.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useLiveDialog } from '../dialog/live.ts';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { staffChange, useUnitOverview } from './api.ts';
import { addBlock, removeBlock, useCalendar } from './calendar-api.ts';
import { AnswerTag } from './calendar-parts.tsx';
import { Done, Problem } from './parts.tsx';
import { BackLink } from '../components/BackLink.tsx';
import { formatDayMonthTime, formatTime, formatWeekdayDate } from '../lib/format.ts';
import { addDays, mondayOf, osloDayOf, osloDayStart, todayOslo } from '../lib/oslo-days.ts';

export function CalendarPage() {
  const { t } = useI18n();
  useDocumentTitle(t('cal.docTitle'));
  return <RequireSession kind="staff">{() => <CalendarView />}</RequireSession>;
}

type Item = { kind: 'slot'; s: CalendarSlot; tb: string } | { kind: 'appt'; a: Appointment; tb: string | null };
type Book = { id: string; name: string };

/** Whether an item is shown on day `d`: an absence block on every day it covers (a block can span several days), anything else on the day it starts. */
function onDay(i: Item, d: string): boolean {
  if (i.kind === 'slot' && i.s.status === 'blocked') {
    const dayStart = osloDayStart(d).getTime();
    return Date.parse(i.s.startsAt) < osloDayStart(addDays(d, 1)).getTime() && Date.parse(i.s.endsAt) > dayStart;
  }
  return osloDayOf(i.kind === 'slot' ? i.s.startsAt : i.a.startsAt) === d;
}

function CalendarView() {
  const { t, locale } = useI18n();
  const { unitId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const view = params.get('view') === 'day' ? 'day' : 'week';
  const date = params.get('date') ?? todayOslo();
  const tb = params.get('tb') ?? '';
  const start = view === 'week' ? mondayOf(date) : date;
  const days = Array.from({ length: view === 'week' ? 7 : 1 }, (_, i) => addDays(start, i));
  const from = osloDayStart(start).toISOString();
  const to = osloDayStart(addDays(start, days.length)).toISOString();
  const units = useStaffUnits();
  const overview = useUnitOverview(unitId);
  const cal = useCalendar(unitId, from, to, tb);
  useLiveDialog('staff');
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    next.set(k, v);
    setParams(next, { replace: true });
  };
  const unit = units.data?.items.find((u) => u.id === unitId);
  const step = view === 'week' ? 7 : 1;
  return (
    <>
      <BackLink to={`/clinician/units/${unitId}/appointments`}>{t('appt.back.unit')}</BackLink>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('cal.title', { unit: unit?.name ?? '' })}
      </Title>
      <p className="hd-lead">{t('cal.lead')}</p>
      <div className="hd-cal-controls">
        <fieldset className="hd-appt-fieldset">
          <legend>{t('cal.view')}</legend>
          <RadioButton inputId="cal-view-day" name="cal-view" value="day" label={t('cal.view.day')} checked={view === 'day'} onChange={() => set('view', 'day')} />
          <RadioButton inputId="cal-view-week" name="cal-view" value="week" label={t('cal.view.week')} checked={view === 'week'} onChange={() => set('view', 'week')} />
        </fieldset>
        <div className="hd-appt-field">
          <Select selectId="cal-tb" label={t('cal.timebook')} value={tb} onChange={(e) => set('tb', e.target.value)}>
            <option value="">{t('cal.timebook.all')}</option>
            {(overview.data?.timebooks ?? []).map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </Select>
        </div>
        <div className="hd-appt-actions">
          <Button variant="outline" onClick={() => set('date', addDays(start, -step))}>
            <span aria-hidden="true">‹ </span>
            {t('cal.prev')}
          </Button>
          <Button variant="outline" onClick={() => set('date', todayOslo())}>
            {t('cal.today')}
          </Button>
          <Button variant="outline" onClick={() => set('date', addDays(start, step))}>
            {t('cal.next')}
            <span aria-hidden="true"> ›</span>
          </Button>
        </div>
      </div>
      <p role="status" className="hd-muted">
        {t('cal.period', { from: formatWeekdayDate(from, locale), to: formatWeekdayDate(osloDayStart(days.at(-1)!).toISOString(), locale) })}
      </p>
      {cal.isPending ? (
        <PageLoader />
      ) : cal.isError ? (
        <ErrorPanel error={cal.error} headingLevel="h2" onRetry={() => void cal.refetch()} />
      ) : (
        <Grid data={cal.data} days={days} unitId={unitId} books={(overview.data?.timebooks ?? []).map((b) => ({ id: b.id, name: b.name }))} />
      )}
      {tb ? <BlockForm timebookId={tb} date={start} /> : <p className="hd-appt-field">{t('cal.block.needTimebook')}</p>}
    </>
  );
}

/** Columns per day, each listing the day's items in time order; timebooks are named on each item when more than one is shown. */
function Grid({ data, days, unitId, books }: { data: Calendar; days: string[]; unitId: string; books: Book[] }) {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const [dragging, setDragging] = useState<Appointment | undefined>();
  // A move from an appointment's form: the card goes to its new day (a new element), so the
  // notice is kept here, where it stays on screen.
  const [formMoved, setFormMoved] = useState(false);
  const move = useMutation({
    mutationFn: (v: { a: Appointment; startsAt: string; minutes: number }) =>
      staffChange(v.a.id, { date: osloDayOf(v.startsAt), time: formatTime(v.startsAt, 'nb-NO'), durationMinutes: v.minutes }),
    onSettled: () => void qc.invalidateQueries({ queryKey: ['appointments'] }),
  });
  const many = data.timebooks.length > 1;
  const names = new Map(data.timebooks.map((b) => [b.timebook.id, b.timebook.name]));
  const items: Item[] = [
    ...data.timebooks.flatMap((b) => [
      ...b.slots.map((s): Item => ({ kind: 'slot', s, tb: b.timebook.id })),
      ...b.appointments.map((a): Item => ({ kind: 'appt', a, tb: b.timebook.id })),
    ]),
    ...data.unassigned.map((a): Item => ({ kind: 'appt', a, tb: null })),
  ];
  const startOf = (i: Item) => (i.kind === 'slot' ? i.s.startsAt : i.a.startsAt);
  const drop = (s: CalendarSlot) => (e: DragEvent) => {
    e.preventDefault();
    if (!dragging) return;
    // Dropped on a free slot: the appointment takes exactly that slot's time.
    const minutes = Math.round((Date.parse(s.endsAt) - Date.parse(s.startsAt)) / 60_000);
    setFormMoved(false);
    move.mutate({ a: dragging, startsAt: s.startsAt, minutes });
    setDragging(undefined);
  };
  return (
    <>
      <Problem error={move.error} />
      {move.isPending && <p role="status">{t('cal.move.dragging')}</p>}
      {(move.isSuccess || formMoved) && <Done>{t('cal.move.done')}</Done>}
      <div className={`hd-cal-grid hd-cal-grid--${days.length}`}>
        {days.map((d) => {
          // A block that began on an earlier day comes first.
          const dayFrom = osloDayStart(d).toISOString();
          const at = (i: Item) => (startOf(i) < dayFrom ? dayFrom : startOf(i));
          const today = items.filter((i) => onDay(i, d)).sort((x, y) => at(x).localeCompare(at(y)));
          return (
            <section key={d} className="hd-cal-day" aria-labelledby={`day-${d}`} data-testid="calendar-day" data-date={d}>
              <Title id={`day-${d}`} htmlMarkup="h2" appearance="title4" margin={{ marginTop: 0, marginBottom: 0.5 }}>
                {formatWeekdayDate(osloDayStart(d).toISOString(), locale)}
              </Title>
              {today.length === 0 ? (
                <p className="hd-muted">{t('cal.dayEmpty')}</p>
              ) : (
                <ul className="hd-cal-items">
                  {today.map((i) =>
                    i.kind === 'slot' ? (
                      <li
                        key={i.s.id}
                        className={`hd-cal-slot hd-cal-slot--${i.s.status}`}
                        data-testid={`slot-${i.s.status}`}
                        {...(i.s.status === 'open' && dragging
                          ? { onDragOver: (e: DragEvent) => e.preventDefault(), onDrop: drop(i.s), 'aria-label': t('cal.move.dropHere', { time: formatTime(i.s.startsAt, locale) }) }
                          : {})}
                      >
                        <SlotLine s={i.s} tbName={many ? names.get(i.tb) : undefined} unitId={unitId} />
                      </li>
                    ) : (
                      <li
                        key={i.a.id}
                        className="hd-cal-appt"
                        data-testid="calendar-appointment"
                        draggable={i.a.status === 'booked'}
                        onDragStart={() => setDragging(i.a)}
                        onDragEnd={() => setDragging(undefined)}
                      >
                        <AppointmentLine a={i.a} tbName={many && i.tb ? names.get(i.tb) : undefined} books={books} onMoved={() => setFormMoved(true)} />
                      </li>
                    ),
                  )}
                </ul>
              )}
            </section>
          );
        })}
      </div>
    </>
  );
}

function SlotLine({ s, tbName, unitId }: { s: CalendarSlot; tbName: string | undefined; unitId: string }) {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const remove = useMutation({ mutationFn: () => removeBlock(s.id), onSuccess: () => void qc.invalidateQueries({ queryKey: ['appointments', 'calendar', unitId] }) });
  return (
    <>
      <span className="hd-cal-time">
        {osloDayOf(s.startsAt) === osloDayOf(s.endsAt)
          ? `${formatTime(s.startsAt, locale)}–${formatTime(s.endsAt, locale)}`
          : t('cal.block.days', { from: formatDayMonthTime(s.startsAt, locale), to: formatDayMonthTime(s.endsAt, locale) })}
      </span>{' '}
      <Tag color={s.status === 'open' ? 'kiwi' : s.status === 'blocked' ? 'cherry' : 'banana'}>{t(`cal.slot.${s.status}`)}</Tag>
      {s.blockReason && <span> {s.blockReason}</span>}
      {tbName && <span className="hd-muted"> · {tbName}</span>}
      {s.status === 'blocked' && (
        <>
          <Problem error={remove.error} />
          <Button variant="borderless" onClick={() => remove.mutate()} disabled={remove.isPending}>
            {t('cal.block.remove')}
            <span className="hd-visually-hidden"> {formatTime(s.startsAt, locale)}</span>
          </Button>
        </>
      )}
    </>
  );
}

/** An appointment in the calendar: time, patient, type, the patient's answer and arrival, and the keyboard way to move it. */
function AppointmentLine({ a, tbName, books, onMoved }: { a: Appointment; tbName: string | undefined; books: Book[]; onMoved: () => void }) {
  const { t, locale } = useI18n();
  return (
    <>
      <span className="hd-cal-time">
        {formatTime(a.startsAt, locale)}–{formatTime(a.endsAt, locale)}
      </span>{' '}
      <strong>{a.citizen?.name}</strong> <span className="hd-muted">{a.title}</span>
      {tbName && <span className="hd-muted"> · {tbName}</span>}
      <span className="hd-appt-tags">
        <Tag color={a.type === 'video' ? 'kiwi' : a.type === 'home_visit' ? 'banana' : 'blueberry'}>{t(`appt.type.${a.type}`)}</Tag>
        {a.status !== 'booked' && <Tag color="cherry">{t(`appt.status.${a.status}`)}</Tag>}
        <AnswerTag a={a} />
        {a.checkedInAt && <Tag color="kiwi">{t('cal.checkedIn', { time: formatTime(a.checkedInAt, locale) })}</Tag>}
      </span>
      {a.answer?.text && (
        <p className="hd-cal-note">
          {t('cal.answers.comment')}: {a.answer.text}
        </p>
      )}
      {a.status === 'booked' && <MoveForm a={a} books={books} onMoved={onMoved} />}
    </>
  );
}

/** Move with the keyboard (or on a phone): a new date and time; the server notifies the patient and journals it. */
function MoveForm({ a, books, onMoved }: { a: Appointment; books: Book[]; onMoved: () => void }) {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const [date, setDate] = useState(osloDayOf(a.startsAt));
  const [time, setTime] = useState(formatTime(a.startsAt, 'nb-NO'));
  // Another timebook of the unit (the same clinician's other book, a colleague's, a resource).
  const [timebookId, setTimebookId] = useState(a.timebookId ?? '');
  const move = useMutation({
    mutationFn: () => staffChange(a.id, { date, time, ...(timebookId && timebookId !== a.timebookId ? { timebookId } : {}) }),
    onSuccess: () => {
      onMoved();
      void qc.invalidateQueries({ queryKey: ['appointments'] });
    },
  });
  const who = a.citizen?.name ?? '';
  return (
    <details className="hd-appt-details">
      <summary>
        {t('cal.move.title')}
        <span className="hd-visually-hidden">
          {' '}
          – {who}, {formatTime(a.startsAt, locale)}
        </span>
      </summary>
      <form
        aria-label={t('cal.move.form', { name: who })}
        onSubmit={(e) => {
          e.preventDefault();
          move.mutate();
        }}
      >
        <div className="hd-appt-row">
          <div className="hd-appt-native">
            <label htmlFor={`mv-date-${a.id}`}>{t('appt.field.date')}</label>
            <input id={`mv-date-${a.id}`} type="date" value={date} onChange={(e) => setDate(e.target.value)} required />
          </div>
          <div className="hd-appt-native">
            <label htmlFor={`mv-time-${a.id}`}>{t('appt.field.time')}</label>
            <input id={`mv-time-${a.id}`} type="time" value={time} onChange={(e) => setTime(e.target.value)} required />
          </div>
        </div>
        {books.length > 1 && (
          <div className="hd-appt-native">
            <label htmlFor={`mv-tb-${a.id}`}>{t('cal.move.timebook')}</label>
            <select id={`mv-tb-${a.id}`} value={timebookId} onChange={(e) => setTimebookId(e.target.value)}>
              {!a.timebookId && <option value="">{t('cal.timebook.none')}</option>}
              {books.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <Problem error={move.error} />
        <Button type="submit" disabled={move.isPending}>
          {t('cal.move.submit')}
        </Button>
      </form>
    </details>
  );
}

/** Block a time in one timebook for absence, over one day or several (to and with the end date). */
function BlockForm({ timebookId, date: initial }: { timebookId: string; date: string }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [date, setDate] = useState(initial);
  const [endDate, setEndDate] = useState(initial);
  const [startTime, setStart] = useState('08:00');
  const [endTime, setEnd] = useState('16:00');
  const [reason, setReason] = useState('');
  const block = useMutation({
    mutationFn: () => addBlock(timebookId, { date, startTime, ...(endDate && endDate !== date ? { endDate } : {}), endTime, reason: reason.trim() }),
    onSuccess: () => {
      setReason('');
      void qc.invalidateQueries({ queryKey: ['appointments'] });
    },
  });
  return (
    <details className="hd-appt-details">
      <summary>{t('cal.block.title')}</summary>
      <form
        aria-label={t('cal.block.title')}
        onSubmit={(e) => {
          e.preventDefault();
          block.mutate();
        }}
      >
        <div className="hd-appt-row">
          <div className="hd-appt-native">
            <label htmlFor="blk-date">{t('cal.block.date')}</label>
            <input
              id="blk-date"
              type="date"
              value={date}
              onChange={(e) => {
                // The end date follows the start date unless it is already later.
                if (endDate < e.target.value) setEndDate(e.target.value);
                setDate(e.target.value);
              }}
              required
            />
          </div>
          <div className="hd-appt-native">
            <label htmlFor="blk-start">{t('cal.block.start')}</label>
            <input id="blk-start" type="time" value={startTime} onChange={(e) => setStart(e.target.value)} required />
          </div>
          <div className="hd-appt-native">
            <label htmlFor="blk-end-date">{t('cal.block.endDate')}</label>
            <input id="blk-end-date" type="date" value={endDate} min={date} onChange={(e) => setEndDate(e.target.value)} required />
          </div>
          <div className="hd-appt-native">
            <label htmlFor="blk-end">{t('cal.block.end')}</label>
            <input id="blk-end" type="time" value={endTime} onChange={(e) => setEnd(e.target.value)} required />
          </div>
        </div>
        <div className="hd-appt-field">
          <Input inputId="blk-reason" label={t('cal.block.reason')} value={reason} onChange={(e) => setReason(e.target.value)} autoComplete="off" />
        </div>
        <Problem error={block.error} />
        {block.isSuccess && <Done>{t('cal.block.done')}</Done>}
        <Button type="submit" disabled={block.isPending || !reason.trim()}>
          {t('cal.block.submit')}
        </Button>
      </form>
    </details>
  );
}

