import { Link } from 'react-router';
import { isUnauthenticated } from '../api/client.ts';
import { useMe } from '../api/queries.ts';
import { MessagesNavLink } from '../dialog/MessagesNavLink.tsx';
import { RepresentationBar } from '../representation/RepresentationBar.tsx';
import { useT } from '../i18n/i18n-context.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { LogoutButton } from './LogoutButton.tsx';

/** The top bar: product name, who is signed in, language switch and "Log out". */
export function AppHeader() {
  const t = useT();
  const me = useMe();
  // Stale data survives a failed refetch in TanStack Query; a 401 means nobody is signed in any more.
  const signedIn = me.data && !isUnauthenticated(me.error) ? me.data : undefined;
  const home = signedIn ? (signedIn.kind === 'citizen' ? '/citizen' : '/clinician') : '/';

  return (
    <header className="hd-header">
      <div className="container hd-header__inner">
        <Link to={home} className="hd-brand">
          <span className="hd-brand__mark" aria-hidden="true" />
          <span className="hd-brand__name">{t('app.name')}</span>
        </Link>
        <LanguageSwitch />
        {signedIn && (
          <div className="hd-header__user">
            <MessagesNavLink kind={signedIn.kind} />
            <p className="hd-header__person">
              <span className="hd-visually-hidden">{t('header.signedInAs')} </span>
              <span className="hd-header__name">{signedIn.person.name}</span>
              <span className="hd-header__role">{signedIn.kind === 'citizen' ? t('header.role.citizen') : t('header.role.staff')}</span>
            </p>
            <LogoutButton />
          </div>
        )}
      </div>
      {signedIn?.kind === 'citizen' && <RepresentationBar me={signedIn} />}
    </header>
  );
}
