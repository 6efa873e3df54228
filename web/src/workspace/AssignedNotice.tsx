/** "A colleague assigned a conversation to you" — in-app notices from the staff live stream (presence.ts). */
import Button from '@helsenorge/designsystem-react/components/Button';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import { Link } from 'react-router';
import { useMembers } from '../api/dialog.ts';
import { useT } from '../i18n/i18n-context.ts';
import { useAssignedNotices } from './presence.ts';

export function AssignedNotice({ myId }: { myId: string | undefined }) {
  const t = useT();
  const notices = useAssignedNotices(myId);
  const first = notices.items[0];
  const members = useMembers(first?.unitId ?? undefined);
  if (!first) return null;
  const by = members.data?.items.find((m) => m.id === first.by)?.name ?? t('inbox.assigned.colleague');
  return (
    <div className="hd-field" role="status">
      <NotificationPanel variant="info">
        <p className="hd-panel-text">
          {notices.items.length === 1 ? t('inbox.assigned.one', { name: by }) : t('inbox.assigned.many', { count: notices.items.length })}{' '}
          <Link className="hd-link" to={`/clinician/threads/${first.threadId}`}>
            {t('inbox.assigned.open')}
          </Link>
        </p>
        <Button variant="borderless" onClick={notices.dismiss}>
          {t('inbox.assigned.dismiss')}
        </Button>
      </NotificationPanel>
    </div>
  );
}
