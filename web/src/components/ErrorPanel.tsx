import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import { isUnauthenticated } from '../api/client.ts';
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
}

/** Shows an error to the user: the session panel for 401, else the catalogue text for the error code. */
export function ErrorPanel({ error, title, onRetry, headingLevel = 'h2' }: ErrorPanelProps) {
  const t = useT();
  if (isUnauthenticated(error)) return <SessionPanel code={error.code} headingLevel={headingLevel} />;
  // The chosen representation does not cover this: say so by name and area.
  if (isRepresentationArea(error)) return <RepresentationAreaPanel error={error} headingLevel={headingLevel} />;

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
