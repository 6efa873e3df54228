/** The header's "Meldinger" link for citizens, with the unread count kept live. */
import { NavLink } from 'react-router';
import { useCitizenUnread } from '../api/dialog.ts';
import { useT } from '../i18n/i18n-context.ts';
import { useLiveDialog } from './live.ts';
import './dialog.scss';

export function MessagesNavLink({ kind }: { kind: 'citizen' | 'staff' }) {
  const t = useT();
  const citizen = kind === 'citizen';
  useLiveDialog('citizen', citizen);
  const unread = useCitizenUnread(citizen);
  if (!citizen) return null;
  const n = unread.data?.unread ?? 0;
  return (
    <NavLink to="/citizen/messages" className="hd-nav-messages hd-link" end>
      {t('dialog.nav.messages')}
      {n > 0 && <span className="hd-unread-badge">{t('dialog.nav.unread', { count: n })}</span>}
    </NavLink>
  );
}
