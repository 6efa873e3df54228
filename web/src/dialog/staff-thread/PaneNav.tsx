/** Back to the list, previous and next in the list's order (only beside the inbox list). */
import Button from '@helsenorge/designsystem-react/components/Button';
import { Link } from 'react-router';
import { useI18n } from '../../i18n/i18n-context.ts';
import { useWorkspaceNav } from '../../workspace/nav.ts';

export function PaneNav() {
  const { t } = useI18n();
  const nav = useWorkspaceNav();
  if (!nav) return null;
  return (
    <nav className="hd-pane-nav" aria-label={t('inbox.pane.nav')}>
      <Link className="hd-link hd-pane-nav__list" to={nav.listTo}>
        {t('inbox.pane.toList')}
      </Link>
      {nav.position && <span className="hd-muted">{t('inbox.pane.position', { n: nav.position.index + 1, total: nav.position.total })}</span>}
      <Button variant="borderless" onClick={() => nav.previous?.()} disabled={!nav.previous}>
        {t('inbox.pane.previous')}
      </Button>
      <Button variant="borderless" onClick={() => nav.next?.()} disabled={!nav.next}>
        {t('inbox.pane.next')}
      </Button>
    </nav>
  );
}
