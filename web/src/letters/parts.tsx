/** Small building blocks of the letter pages. */
import Tag from '@helsenorge/designsystem-react/components/Tag';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useT } from '../i18n/i18n-context.ts';
import './letters.scss';

/** A plain "back" link above a page title. */
export function Back({ to, children }: { to: string; children: ReactNode }) {
  return (
    <p className="hd-back">
      <Link to={to} className="hd-link">
        <span aria-hidden="true">‹ </span>
        {children}
      </Link>
    </p>
  );
}

/** Read or unread, as a tag. */
export function ReadTag({ readAt }: { readAt: string | null }) {
  const t = useT();
  return readAt ? <Tag color="neutral">{t('letters.read')}</Tag> : <Tag color="blueberry">{t('letters.unread')}</Tag>;
}
