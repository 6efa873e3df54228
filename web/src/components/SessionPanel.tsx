import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import { useT } from '../i18n/i18n-context.ts';

/** "You are not logged in": shown when the server answers 401, with a way back to log in. */
export function SessionPanel({ code, headingLevel = 'h2' }: { code?: string; headingLevel?: 'h1' | 'h2' }) {
  const t = useT();
  return (
    <NotificationPanel variant="warn" role="status" label={t('error.sessionTitle')} labelHtmlMarkup={headingLevel}>
      <p className="hd-panel-text">{code === 'SESSION_EXPIRED' ? t('error.sessionExpired') : t('error.notLoggedIn')}</p>
      {/* A full page load, so the front page starts from a clean slate. */}
      <a href="/" className="hd-link">
        {t('error.toFrontPage')}
      </a>
    </NotificationPanel>
  );
}
