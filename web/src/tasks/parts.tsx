/** Small building blocks of the task and tool pages. */
import Tag from '@helsenorge/designsystem-react/components/Tag';
import type { Tool } from '@helsedialog/core';
import { useT } from '../i18n/i18n-context.ts';

/** "For ages 16 and older", or nothing when the tool has no age limits. */
export function AgeRange({ tool }: { tool: Pick<Tool, 'minAge' | 'maxAge'> }) {
  const t = useT();
  const { minAge: min, maxAge: max } = tool;
  if (min === null && max === null) return null;
  const range =
    min !== null && max !== null ? t('tool.ages.between', { min, max }) : min !== null ? t('tool.ages.from', { min }) : t('tool.ages.upTo', { max: max! });
  return <>{t('tool.ages', { range })}</>;
}

/** The quality-assured mark. */
export function QualityTag({ tool }: { tool: Pick<Tool, 'qualityAssured'> }) {
  const t = useT();
  return tool.qualityAssured ? <Tag color="kiwi">{t('tool.qualityAssured')}</Tag> : null;
}
