/** Small pieces of the staff calendar used by other pages (kept out of the calendar's own chunk). */
import type { Appointment } from '@helsedialog/core';
import Tag from '@helsenorge/designsystem-react/components/Tag';
import { Link } from 'react-router';
import { useI18n } from '../i18n/i18n-context.ts';

/** The patient's latest answer as a tag (staff pages). */
export function AnswerTag({ a }: { a: Appointment }) {
  const { t } = useI18n();
  if (!a.answer) return null;
  const waiting = a.answer.kind !== 'confirm' && !a.answer.handledAt;
  return (
    <Tag color={a.answer.kind === 'confirm' ? 'kiwi' : waiting ? 'cherry' : 'neutral'}>
      {`${t(`cal.answer.${a.answer.kind}`)}${a.answer.kind !== 'confirm' && a.answer.handledAt ? ` (${t('cal.answer.handled')})` : ''}`}
    </Tag>
  );
}

/** A link to the calendar, for the unit page. */
export function CalendarLink({ unitId }: { unitId: string }) {
  const { t } = useI18n();
  return (
    <Link className="hd-link" to={`/clinician/units/${unitId}/calendar`}>
      {t('cal.link')}
    </Link>
  );
}
