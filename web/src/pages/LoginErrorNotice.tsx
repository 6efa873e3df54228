import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import { useSearchParams } from 'react-router';
import { isKnownErrorCode, loginErrorText } from '../i18n/error-text.ts';
import { useT } from '../i18n/i18n-context.ts';

/**
 * Shows `?error=<code>`, set by the server after a refused login, with OUR text for the code.
 * The URL (including its `message`) is attacker-controllable, so no text from it is ever shown:
 * unknown codes get a generic text, and the code itself is only echoed when it is one we know.
 */
export function LoginErrorNotice() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const code = params.get('error');
  if (!code) return null;
  const known = isKnownErrorCode(code);
  const message = loginErrorText(t, code);

  const dismiss = () =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.delete('error');
        next.delete('message');
        return next;
      },
      { replace: true },
    );

  return (
    <div className="hd-section">
      <NotificationPanel
        variant="error"
        role="alert"
        label={t('landing.loginError.title')}
        labelHtmlMarkup="h2"
        dismissable
        onClick={dismiss}
        ariaLabelCloseBtn={t('landing.loginError.dismiss')}
      >
        <p className="hd-panel-text">{message}</p>
        {known && <p className="hd-panel-text hd-muted">{t('landing.loginError.code', { code })}</p>}
      </NotificationPanel>
    </div>
  );
}
