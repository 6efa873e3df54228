/** The keyboard shortcuts, from the table the handler uses (shortcuts.ts). */
import Button from '@helsenorge/designsystem-react/components/Button';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useT } from '../i18n/i18n-context.ts';
import { SHORTCUTS } from './shortcuts.ts';

const KEY_NAMES: Record<string, string> = { ArrowDown: '↓', ArrowUp: '↑' };

export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const t = useT();
  return (
    <section id="shortcut-help" className="hd-panel hd-keys" aria-labelledby="shortcut-help-title">
      <Title id="shortcut-help-title" htmlMarkup="h2" appearance="title4" margin={0}>
        {t('inbox.shortcuts.title')}
      </Title>
      <p className="hd-muted">{t('inbox.shortcuts.intro')}</p>
      <dl className="hd-keys__list">
        {SHORTCUTS.map((s) => (
          <div key={s.action}>
            <dt>
              {s.keys.map((k, i) => (
                <span key={k}>
                  {i > 0 && ` ${t('inbox.shortcuts.or')} `}
                  <kbd>{KEY_NAMES[k] ?? k}</kbd>
                </span>
              ))}
            </dt>
            <dd>{t(`inbox.shortcuts.${s.action}`)}</dd>
          </div>
        ))}
      </dl>
      <Button variant="borderless" onClick={onClose}>
        {t('inbox.shortcuts.close')}
      </Button>
    </section>
  );
}
