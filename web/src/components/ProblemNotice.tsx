/** Why a request failed, near the form or button that made it: the catalogue text for the error code, or the network text. */
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import { errorText } from '../i18n/error-text.ts';
import { useT } from '../i18n/i18n-context.ts';

export function ProblemNotice({
  error,
  title,
  headingLevel = 'h3',
  className,
}: {
  error: unknown;
  /** The notice's heading; "Meldingen ble ikke sendt" (dialog.write.errorTitle) when left out. */
  title?: string;
  headingLevel?: 'h2' | 'h3';
  /** Wraps the notice in a div of this class (a page's field spacing). */
  className?: string;
}) {
  const t = useT();
  if (!error) return null;
  const notice = (
    <NotificationPanel variant="error" role="alert" label={title ?? t('dialog.write.errorTitle')} labelHtmlMarkup={headingLevel}>
      <p className="hd-panel-text">{errorText(t, error)}</p>
    </NotificationPanel>
  );
  return className ? <div className={className}>{notice}</div> : notice;
}
