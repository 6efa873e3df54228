import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import { useSearchParams } from 'react-router';
import { useT } from '../i18n/i18n-context.ts';

/** Longest message shown from the URL: it is attacker-controllable, so keep it short (and text only). */
const MAX_MESSAGE_LENGTH = 300;

/** Shows `?error=<code>&message=<text>`, set by the server after a refused login, as plain text. */
export function LoginErrorNotice() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const code = params.get('error');
  if (!code) return null;
  const raw = params.get('message')?.trim();
  const message = raw ? raw.slice(0, MAX_MESSAGE_LENGTH) : t('landing.loginError.fallback');

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
        {/* React renders strings as text; never dangerouslySetInnerHTML here. */}
        <p className="hd-panel-text">{message}</p>
        <p className="hd-panel-text hd-muted">{t('landing.loginError.code', { code: code.slice(0, 64) })}</p>
      </NotificationPanel>
    </div>
  );
}
