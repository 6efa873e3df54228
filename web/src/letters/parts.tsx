/** Small building blocks of the letter pages. */
import Tag from '@helsenorge/designsystem-react/components/Tag';
import { useT } from '../i18n/i18n-context.ts';
import './letters.scss';

/** Read or unread, as a tag. */
export function ReadTag({ readAt }: { readAt: string | null }) {
  const t = useT();
  return readAt ? <Tag color="neutral">{t('letters.read')}</Tag> : <Tag color="blueberry">{t('letters.unread')}</Tag>;
}
