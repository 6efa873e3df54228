/** The header's "Meldinger" link for citizens, with the unread count kept live. */
import { NavLink } from 'react-router';
import { useCitizenUnread } from '../api/dialog.ts';
import { useCapability } from '../api/representation.ts';
import { useT } from '../i18n/i18n-context.ts';
import { useLiveDialog } from './live.ts';
import './dialog.scss';

export function MessagesNavLink({ kind }: { kind: 'citizen' | 'staff' }) {
  const t = useT();
  const citizen = kind === 'citizen';
  useLiveDialog('citizen', citizen);
  // Offered only where the server's access policy lets the user see conversations (a parent of
  // a 12–15-year-old without a clinician's grant does not: the link would end on a no-access page).
  const threads = useCapability('thread');
  const unread = useCitizenUnread(citizen && threads?.see !== false);
  if (!citizen || threads?.see === false) return null;
  const n = unread.data?.unread ?? 0;
  return (
    <NavLink to="/citizen/messages" className="hd-nav-messages hd-link" end>
      {t('dialog.nav.messages')}
      {n > 0 && <span className="hd-unread-badge">{t('dialog.nav.unread', { count: n })}</span>}
    </NavLink>
  );
}
