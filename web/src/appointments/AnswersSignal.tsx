/** The inbox's signal of patients' answers to appointments that wait for the unit (a flag on the appointment, not a message). */
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import { Link } from 'react-router';
import { useI18n } from '../i18n/i18n-context.ts';
import { useOpenAnswerCount } from './calendar-api.ts';

export function AnswersSignal({ unitId }: { unitId: string }) {
  const { t } = useI18n();
  const n = useOpenAnswerCount(unitId).data ?? 0;
  if (n === 0) return null;
  return (
    <div className="hd-appt-field" data-testid="answers-signal">
      <NotificationPanel variant="info" size="small">
        <Link className="hd-link" to={`/clinician/units/${unitId}/appointments#answers-h`}>
          {t('cal.answers.inbox', { n })}
        </Link>
      </NotificationPanel>
    </div>
  );
}
