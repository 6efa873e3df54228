/** Building blocks of the appointment pages: the appointment card, notices and a date field (dates and times: lib/format.ts). */
import { APPOINTMENT_TYPES } from '@helsedialog/core/constants';
import type { Appointment, AppointmentType } from '@helsedialog/core';
import { DatePicker } from '@helsenorge/datepicker/components/DatePicker';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Tag from '@helsenorge/designsystem-react/components/Tag';
import Title from '@helsenorge/designsystem-react/components/Title';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ProblemNotice } from '../components/ProblemNotice.tsx';
import { useI18n, useT } from '../i18n/i18n-context.ts';
import './appointments.scss';
import { formatTime, formatWeekdayDate } from '../lib/format.ts';

/** The shared problem notice as the appointment pages place it: a field of its own, under an h2. */
export function Problem({ error }: { error: unknown }) {
  const t = useT();
  return <ProblemNotice error={error} title={t('appt.problem')} headingLevel="h2" className="hd-appt-field" />;
}

/** A success notice. */
export function Done({ children }: { children: ReactNode }) {
  return (
    <div className="hd-appt-field" role="status">
      <NotificationPanel variant="success" size="small">
        <p className="hd-panel-text">{children}</p>
      </NotificationPanel>
    </div>
  );
}

/** Status and type of an appointment as tags. */
export function AppointmentTags({ a }: { a: Appointment }) {
  const t = useT();
  return (
    <span className="hd-appt-tags">
      <Tag color={a.type === 'video' ? 'kiwi' : a.type === 'home_visit' ? 'banana' : 'blueberry'}>{t(`appt.type.${a.type}`)}</Tag>
      {a.status !== 'booked' && <Tag color={a.status === 'completed' ? 'kiwi' : 'cherry'}>{t(`appt.status.${a.status}`)}</Tag>}
    </span>
  );
}

/** One appointment in a list: what, when, where and with whom. */
export function AppointmentCard({ a, to, headingLevel = 'h3', actions }: { a: Appointment; to?: string; headingLevel?: 'h2' | 'h3'; actions?: ReactNode }) {
  const { t, locale } = useI18n();
  return (
    <article className="hd-card hd-appt-card" data-testid="appointment">
      <div className="hd-card__head">
        <Title htmlMarkup={headingLevel} appearance="title4" margin={0}>
          {to ? (
            <Link className="hd-link" to={to}>
              {a.title}
            </Link>
          ) : (
            a.title
          )}
        </Title>
        <AppointmentTags a={a} />
      </div>
      <dl className="hd-facts">
        <div>
          <dt>{t('appt.when')}</dt>
          <dd>
            {formatWeekdayDate(a.startsAt, locale)} {t('appt.at')} {formatTime(a.startsAt, locale)}–{formatTime(a.endsAt, locale)}
          </dd>
        </div>
        <div>
          <dt>{t('appt.unit')}</dt>
          <dd>{a.unit.name}</dd>
        </div>
        {a.citizen && (
          <div>
            <dt>{t('appt.patient')}</dt>
            <dd>{a.citizen.name}</dd>
          </div>
        )}
        {a.location && (
          <div>
            <dt>{t('appt.where')}</dt>
            <dd>{a.location}</dd>
          </div>
        )}
        {a.reason && (
          <div>
            <dt>{t('appt.reason')}</dt>
            <dd>{a.reason}</dd>
          </div>
        )}
        {a.completedAt && (
          <div>
            <dt>{t('appt.completedAt')}</dt>
            <dd>
              {formatWeekdayDate(a.completedAt, locale)} {t('appt.at')} {formatTime(a.completedAt, locale)}
            </dd>
          </div>
        )}
      </dl>
      {actions && <div className="hd-appt-actions">{actions}</div>}
    </article>
  );
}

/** A date field on the Helsenorge datepicker, speaking YYYY-MM-DD. */
export function DateField({
  id,
  label,
  value,
  onChange,
  error,
  min,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
  min?: Date;
}) {
  const toIso = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return (
    <div className="hd-appt-field">
      <DatePicker
        inputId={id}
        label={label}
        dateValue={value ? new Date(`${value}T12:00:00`) : undefined}
        {...(min ? { minDate: min } : {})}
        onChange={(_e, d) => {
          if (d instanceof Date && !Number.isNaN(d.getTime())) onChange(toIso(d));
          else if (typeof d === 'string') {
            const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(d.trim());
            onChange(m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : d);
          }
        }}
        error={!!error}
        {...(error ? { errorText: error } : {})}
      />
    </div>
  );
}

/** The state behind WhenFields; unit/use-when-state.ts keeps it. */
export interface WhenState {
  date: string;
  setDate: (v: string) => void;
  time: string;
  setTime: (v: string) => void;
  minutes: string;
  setMinutes: (v: string) => void;
  type: AppointmentType;
  setType: (v: AppointmentType) => void;
}

/** Date, time (Oslo), duration and type: the fields every staff form that sets a time shares. */
export function WhenFields(p: WhenState & { id: (name: string) => string }) {
  const t = useT();
  return (
    <>
      <DateField id={p.id('date')} label={t('appt.field.date')} value={p.date} onChange={p.setDate} min={new Date()} />
      <div className="hd-appt-native">
        <label htmlFor={p.id('time')}>{t('appt.field.time')}</label>
        <input id={p.id('time')} type="time" value={p.time} onChange={(e) => p.setTime(e.target.value)} required />
      </div>
      <div className="hd-appt-native">
        <label htmlFor={p.id('min')}>{t('appt.field.minutes')}</label>
        <input id={p.id('min')} type="number" min={5} max={480} step={5} value={p.minutes} onChange={(e) => p.setMinutes(e.target.value)} />
      </div>
      <div className="hd-appt-native">
        <label htmlFor={p.id('type')}>{t('appt.field.type')}</label>
        <select id={p.id('type')} value={p.type} onChange={(e) => p.setType(e.target.value as AppointmentType)}>
          {APPOINTMENT_TYPES.map((x) => (
            <option key={x} value={x}>
              {t(`appt.type.${x}`)}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}
