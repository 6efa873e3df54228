import { Outlet, useLocation } from 'react-router';
import { useT } from '../i18n/i18n-context.ts';
import { RepresentationGate } from '../representation/NoAccess.tsx';
import { AppHeader } from './AppHeader.tsx';
import '../workspace/workspace.scss';

/**
 * Page frame: skip link, header, the route's content in <main>, footer. Staff pages (/clinician)
 * are a workspace and use the full width of the screen; the citizen portal keeps its calm column.
 */
export function AppLayout() {
  const t = useT();
  const workspace = useLocation().pathname.startsWith('/clinician');
  return (
    <div className="hd-app">
      <a className="hd-skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <AppHeader />
      <main id="main" tabIndex={-1} className={workspace ? 'hd-main hd-main--workspace' : 'hd-main'}>
        <div className={workspace ? 'hd-workspace-frame' : 'container'}>
          <RepresentationGate>
            <Outlet />
          </RepresentationGate>
        </div>
      </main>
      <footer className="hd-footer">
        <div className="container">
          <p>{t('app.footer')}</p>
        </div>
      </footer>
    </div>
  );
}
