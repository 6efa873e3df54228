import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import { Link } from 'react-router';
import { ApiError, isUnauthenticated } from '../api/client.ts';
import { errorText } from '../i18n/error-text.ts';
import { useT } from '../i18n/i18n-context.ts';
import { SessionPanel } from './SessionPanel.tsx';
import { isRepresentationArea } from '../api/representation.ts';
import { RepresentationAreaPanel } from '../representation/NoAccess.tsx';

interface ErrorPanelProps {
  error: unknown;
  title?: string;
  /** Offers a retry button when given. */
  onRetry?: () => void;
  /** h1 when the panel is all the page shows. */
  headingLevel?: 'h1' | 'h2';
  /** Where a "not found" answer leads back to (the list the thing would be in); the start page when left out. */
  back?: { to: string; label: string };
}

/** Shows an error to the user: the session panel for 401, else the catalogue text for the error code. */
export function ErrorPanel({ error, title, onRetry, headingLevel = 'h2', back }: ErrorPanelProps) {
  const t = useT();
  if (isUnauthenticated(error)) return <SessionPanel code={error.code} headingLevel={headingLevel} />;
  // The chosen representation does not cover this: say so by name and area.
  if (isRepresentationArea(error)) return <RepresentationAreaPanel error={error} headingLevel={headingLevel} />;

  // Unknown, or not this person's to see (the server answers both alike): say it was not found,
  // with a way back — retrying cannot help.
  if (error instanceof ApiError && error.status === 404) {
    return (
      <NotificationPanel variant="info" label={t('notFound.itemTitle')} labelHtmlMarkup={headingLevel}>
        <p className="hd-panel-text">{t('problem.NOT_FOUND')}</p>
        <Link to={back?.to ?? '/'} className="hd-link">
          {back?.label ?? t('notFound.home')}
        </Link>
      </NotificationPanel>
    );
  }
  const text = errorText(t, error);
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
