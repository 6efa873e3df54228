/** One booked appointment in the unit's list, with what staff can do with it. */
import type { Appointment } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../i18n/i18n-context.ts';
import { apptKeys, completeAppointment, markNotAttended } from '../api.ts';
import { VideoJoin } from '../AppointmentDetailPage.tsx';
import { AnswerAndArrival } from '../UnitAnswerParts.tsx';
import { AppointmentCard, Problem } from '../parts.tsx';
import { CancelForm } from './CancelForm.tsx';
import { ChangeForm } from './ChangeForm.tsx';
import { formatTime, formatWeekdayDate } from '../../lib/format.ts';

export function StaffAppointment({ a, unitId }: { a: Appointment; unitId: string }) {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const done = () => void qc.invalidateQueries({ queryKey: apptKeys.unit(unitId) });
  const complete = useMutation({ mutationFn: () => completeAppointment(a.id), onSuccess: done });
  const notAttended = useMutation({ mutationFn: () => markNotAttended(a.id), onSuccess: done });
  const who = a.citizen?.name ?? '';
  return (
    <AppointmentCard
      a={a}
      actions={
        <>
          <AnswerAndArrival a={a} />
          {a.type === 'video' && <VideoJoin a={a} />}
          <Problem error={complete.error ?? notAttended.error} />
          {a.canComplete ? (
            <>
              <Button variant="outline" onClick={() => complete.mutate()} disabled={complete.isPending || notAttended.isPending}>
                {a.type === 'home_visit' ? t('appt.staff.visitDone') : t('appt.staff.done')}
                <span className="hd-visually-hidden"> – {who}</span>
              </Button>
              <Button variant="borderless" onClick={() => notAttended.mutate()} disabled={complete.isPending || notAttended.isPending}>
                {t('appt.staff.notAttended')}
                <span className="hd-visually-hidden"> – {who}</span>
              </Button>
            </>
          ) : (
            <p className="hd-appt-field">{t('appt.staff.doneFrom', { time: `${formatWeekdayDate(a.startsAt, locale)} ${formatTime(a.startsAt, locale)}` })}</p>
          )}
          <ChangeForm a={a} onDone={done} />
          <CancelForm a={a} onDone={done} />
        </>
      }
    />
  );
}
