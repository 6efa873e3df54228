/** Who else has this conversation open, or is writing in it now (staff live events, presence.ts). */
import { useMembers } from '../api/dialog.ts';
import { useT } from '../i18n/i18n-context.ts';
import { usePresence } from './presence.ts';

export function PresenceLine({ threadId, unitId, myId }: { threadId: string; unitId: string; myId: string | undefined }) {
  const t = useT();
  const others = usePresence(threadId, myId);
  const members = useMembers(others.length ? unitId : undefined);
  if (others.length === 0) return null;
  const name = (id: string) => members.data?.items.find((m) => m.id === id)?.name ?? t('inbox.assigned.colleague');
  const writing = others.filter((o) => o.state === 'writing');
  const viewing = others.filter((o) => o.state === 'viewing');
  return (
    <p className="hd-presence" role="status">
      {writing.length > 0 && (
        <span className="hd-presence__writing">{t('inbox.presence.writing', { names: writing.map((o) => name(o.staffId)).join(', ') })} </span>
      )}
      {viewing.length > 0 && <span>{t('inbox.presence.viewing', { names: viewing.map((o) => name(o.staffId)).join(', ') })}</span>}
    </p>
  );
}
