/** Change the time, type or place of a booked appointment (raises appointment.changed). */
import type { Appointment } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import Input from '@helsenorge/designsystem-react/components/Input';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.ts';
import { staffChange } from '../api.ts';
import { Done, Problem, WhenFields } from '../parts.tsx';
import { useWhenState } from './use-when-state.ts';
import { formatTime, formatWeekdayDate } from '../../lib/format.ts';
import { osloDayOf } from '../../lib/oslo-days.ts';

export function ChangeForm({ a, onDone }: { a: Appointment; onDone: () => void }) {
  const { t, locale } = useI18n();
  const when = useWhenState({
    date: osloDayOf(a.startsAt),
    time: formatTime(a.startsAt, 'nb-NO'),
    minutes: String(Math.round((Date.parse(a.endsAt) - Date.parse(a.startsAt)) / 60_000)),
    type: a.type,
  });
  const [location, setLocation] = useState(a.location ?? '');
  const [directions, setDirections] = useState(a.directions ?? '');
  const change = useMutation({
    mutationFn: () =>
      staffChange(a.id, {
        date: when.date,
        time: when.time,
        durationMinutes: Number(when.minutes),
        type: when.type,
        location: location.trim() || null,
        directions: directions.trim() || null,
      }),
    onSuccess: onDone,
  });
  const id = (x: string) => `chg-${x}-${a.id}`;
  const who = a.citizen?.name ?? '';
  return (
    <details className="hd-appt-details">
      <summary>
        {t('appt.change.title')}
        <span className="hd-visually-hidden">
          {' '}
          – {who}, {formatWeekdayDate(a.startsAt, locale)} {formatTime(a.startsAt, locale)}
        </span>
      </summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          change.mutate();
        }}
        aria-label={t('appt.change.form', { name: who })}
      >
        <div className="hd-appt-row">
          <WhenFields id={id} {...when} />
        </div>
        <div className="hd-appt-field">
          <Input inputId={id('loc')} label={t('appt.new.location')} value={location} onChange={(e) => setLocation(e.target.value)} autoComplete="off" />
        </div>
        <div className="hd-appt-field">
          <Input inputId={id('dir')} label={t('appt.new.directions')} value={directions} onChange={(e) => setDirections(e.target.value)} autoComplete="off" />
        </div>
        <Problem error={change.error} />
        {change.isSuccess && <Done>{t('appt.change.done')}</Done>}
        <Button type="submit" disabled={change.isPending}>
          {t('appt.change.submit')}
        </Button>
      </form>
    </details>
  );
}
