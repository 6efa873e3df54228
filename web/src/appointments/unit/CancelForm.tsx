/** Cancel an appointment with an optional reason (raises appointment.cancelled). */
import type { Appointment } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import Input from '@helsenorge/designsystem-react/components/Input';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.ts';
import { staffCancel } from '../api.ts';
import { Problem } from '../parts.tsx';
import { formatTime, formatWeekdayDate } from '../../lib/format.ts';

export function CancelForm({ a, onDone }: { a: Appointment; onDone: () => void }) {
  const { t, locale } = useI18n();
  const [reason, setReason] = useState('');
  const cancel = useMutation({ mutationFn: () => staffCancel(a.id, reason.trim() || undefined), onSuccess: onDone });
  const who = a.citizen?.name ?? '';
  return (
    <details className="hd-appt-details">
      <summary>
        {t('appt.staff.cancel')}
        <span className="hd-visually-hidden">
          {' '}
          – {who}, {formatWeekdayDate(a.startsAt, locale)} {formatTime(a.startsAt, locale)}
        </span>
      </summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          cancel.mutate();
        }}
        aria-label={t('appt.staffCancel.form', { name: who })}
      >
        <div className="hd-appt-field">
          <Input inputId={`cnl-${a.id}`} label={t('appt.staffCancel.reason')} value={reason} onChange={(e) => setReason(e.target.value)} autoComplete="off" />
        </div>
        <Problem error={cancel.error} />
        <Button type="submit" variant="outline" disabled={cancel.isPending}>
          {t('appt.staffCancel.confirm')}
        </Button>
      </form>
    </details>
  );
}
