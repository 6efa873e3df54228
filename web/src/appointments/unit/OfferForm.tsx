/** Answer a request by offering up to five open slots; the citizen takes one of them. */
import type { AppointmentRequest, Slot, Timebook } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import Input from '@helsenorge/designsystem-react/components/Input';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.ts';
import { offerSlots, useUnitOpenSlots } from '../api.ts';
import { Done, Problem } from '../parts.tsx';
import { MAX_OFFERED, toggleOffered } from './request-choices.ts';
import { formatTime, formatWeekdayDate } from '../../lib/format.ts';

export function OfferForm({ r, timebooks, onDone }: { r: AppointmentRequest; timebooks: Timebook[]; onDone: () => void }) {
  const { t, locale } = useI18n();
  const [open, setOpen] = useState(false);
  const slots = useUnitOpenSlots(r.unit.id, timebooks, open);
  const [chosen, setChosen] = useState<string[]>([]);
  const [text, setText] = useState('');
  const [hours, setHours] = useState('48');
  const offer = useMutation({
    mutationFn: () => offerSlots(r.id, { slotIds: chosen, hoursToAnswer: Number(hours) || 48, ...(text.trim() ? { text: text.trim() } : {}) }),
    onSuccess: () => {
      setChosen([]);
      onDone();
    },
  });
  const who = r.citizen?.name ?? '';
  const label = (s: Slot) => `${formatWeekdayDate(s.startsAt, locale)} ${formatTime(s.startsAt, locale)}–${formatTime(s.endsAt, locale)}, ${s.timebook.name}`;
  return (
    <details className="hd-appt-details" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>
        {t('appt.offer.title')}
        <span className="hd-visually-hidden"> – {who}</span>
      </summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          offer.mutate();
        }}
        aria-label={t('appt.offerForm.form', { name: who })}
      >
        {slots.isPending ? (
          open && <p>{t('appt.offerForm.loading')}</p>
        ) : slots.isError ? (
          <Problem error={slots.error} />
        ) : slots.data.length === 0 ? (
          <p>{t('appt.offerForm.none')}</p>
        ) : (
          <fieldset className="hd-appt-fieldset">
            <legend>{t('appt.offerForm.choose')}</legend>
            <ul className="hd-appt-offer-slots">
              {slots.data.slice(0, 40).map((s) => (
                <li key={s.id}>
                  <Checkbox
                    inputId={`offer-${r.id}-${s.id}`}
                    label={label(s)}
                    checked={chosen.includes(s.id)}
                    disabled={!chosen.includes(s.id) && chosen.length >= MAX_OFFERED}
                    onChange={(e) => setChosen(toggleOffered(chosen, s.id, e.target.checked))}
                  />
                </li>
              ))}
            </ul>
          </fieldset>
        )}
        <div className="hd-appt-field">
          <Input inputId={`offer-text-${r.id}`} label={t('appt.offerForm.text')} value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" />
        </div>
        <div className="hd-appt-native" style={{ maxWidth: '14rem' }}>
          <label htmlFor={`offer-hours-${r.id}`}>{t('appt.offerForm.hours')}</label>
          <input id={`offer-hours-${r.id}`} type="number" min={1} max={168} value={hours} onChange={(e) => setHours(e.target.value)} />
        </div>
        <Problem error={offer.error} />
        {offer.isSuccess && <Done>{t('appt.offerForm.done')}</Done>}
        <div className="hd-appt-actions">
          <Button type="submit" disabled={offer.isPending || chosen.length === 0}>
            {t('appt.offerForm.submit', { n: chosen.length })}
          </Button>
        </div>
      </form>
    </details>
  );
}
