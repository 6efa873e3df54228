import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import { ApiError, isUnauthenticated } from '../api/client.ts';
import { useT } from '../i18n/i18n-context.ts';
import { SessionPanel } from './SessionPanel.tsx';

interface ErrorPanelProps {
  error: unknown;
  title?: string;
  /** Offers a retry button when given. */
  onRetry?: () => void;
  /** h1 when the panel is all the page shows. */
  headingLevel?: 'h1' | 'h2';
}

/** Shows an error to the user: the session panel for 401, else the server's `detail` (as text). */
export function ErrorPanel({ error, title, onRetry, headingLevel = 'h2' }: ErrorPanelProps) {
  const t = useT();
  if (isUnauthenticated(error)) return <SessionPanel code={error.code} headingLevel={headingLevel} />;

  let text = t('error.generic');
  if (error instanceof ApiError) {
    if (error.status === 0) text = t('error.network');
    else if (error.detail) text = error.detail;
  }
  return (
    <NotificationPanel variant="error" role="alert" label={title ?? t('error.title')} labelHtmlMarkup={headingLevel}>
      <p className="hd-panel-text">{text}</p>
      {onRetry && (
        <button type="button" className="hd-link-button" onClick={onRetry}>
          {t('error.retry')}
        </button>
      )}
    </NotificationPanel>
  );
}
