import { Outlet } from 'react-router';
import { useT } from '../i18n/i18n-context.ts';
import { RepresentationGate } from '../representation/NoAccess.tsx';
import { AppHeader } from './AppHeader.tsx';

/** Page frame: skip link, header, the route's content in <main>, footer. */
export function AppLayout() {
  const t = useT();
  return (
    <div className="hd-app">
      <a className="hd-skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <AppHeader />
      <main id="main" tabIndex={-1} className="hd-main">
        <div className="container">
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
