/** Small pieces of the dialog rules used on other pages: a thread's promise and escalations, the inbox's topic filter. */
import { topicText, type ThreadDetail } from '@helsedialog/core';
import Select from '@helsenorge/designsystem-react/components/Select';
import { useI18n } from '../i18n/i18n-context.ts';
import { useTopics } from './api.ts';
import './rules.scss';
import { formatDateTime } from '../lib/format.ts';

/** Staff: the promised answer date and every escalation of it (escalation.ts on the server). */
export function ThreadEscalations({ detail }: { detail: ThreadDetail }) {
  const { t, locale } = useI18n();
  const list = detail.escalations ?? [];
  if (list.length === 0) return null;
  return (
    <section className="hd-panel hd-escalations" aria-labelledby="thread-escalations">
      <h2 id="thread-escalations" className="hd-escalations__title">
        {t('rules.thread.escalations')}
      </h2>
      <ul className="hd-rules-list">
        {list.map((e) => (
          <li key={`${e.promisedAt}-${e.step}`}>
            <span>
              {t('rules.thread.promise', { date: formatDateTime(e.promisedAt, locale) })}.{' '}
              {t('rules.thread.escalationRow', {
                step: e.step,
                date: formatDateTime(e.escalatedAt, locale),
                to: e.toStaff?.name ?? (e.toRole ? t(`rules.role.${e.toRole as 'doctor'}`) : t('rules.thread.unitPool')),
              })}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The inbox's topic filter: the unit's topics (by their name in the UI language). */
export function TopicFilter({ unitId, value, onChange }: { unitId: string; value: string | undefined; onChange: (topicId: string | undefined) => void }) {
  const { t, language } = useI18n();
  const topics = useTopics(unitId);
  const items = topics.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Select selectId="f-topic" label={t('rules.inbox.topic')} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
      <option value="">{t('rules.inbox.allTopics')}</option>
      {items.map((x) => (
        <option key={x.id} value={x.id}>
          {topicText(x.texts, language).label} ({t(`dialog.service.${x.service}`)})
        </option>
      ))}
    </Select>
  );
}
