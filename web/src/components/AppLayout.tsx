import { Suspense } from 'react';
import { Outlet, useLocation } from 'react-router';
import { useT } from '../i18n/i18n-context.ts';
import { LanguageSync } from '../i18n/LanguageSync.tsx';
import { useFocusHeadingOnNavigation } from '../lib/use-focus-heading.ts';
import { RepresentationGate } from '../representation/NoAccess.tsx';
import { AppHeader } from './AppHeader.tsx';
import '../workspace/workspace.scss';
import { PageLoader } from './PageLoader.tsx';

/**
 * Page frame: skip link, header, the route's content in <main>, footer. Pages are loaded lazily
 * (App.tsx): the Suspense boundary shows an accessible loader inside <main> while a page's chunk
 * arrives, and focus moves to the new page's h1 after every client-side navigation. Staff pages
 * (/clinician) are a workspace and use the full width of the screen; the citizen portal keeps its
 * calm column.
 */
export function AppLayout() {
  const t = useT();
  useFocusHeadingOnNavigation();
  const workspace = useLocation().pathname.startsWith('/clinician');
  return (
    <div className="hd-app">
      <a className="hd-skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <LanguageSync />
      <AppHeader />
      <main id="main" tabIndex={-1} className={workspace ? 'hd-main hd-main--workspace' : 'hd-main'}>
        <div className={workspace ? 'hd-workspace-frame' : 'container'}>
          <RepresentationGate>
            <Suspense fallback={<PageLoader />}>
              <Outlet />
            </Suspense>
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
