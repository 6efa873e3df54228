/**
 * The workspace's banner for my newest unread notice — a conversation a colleague assigned to me,
 * routed to me as cover, or escalated to me (staff_notices, decision 81: one table, read through
 * GET /api/staff/notices; the staff.notice live event refetches it). "Lukk varselet" marks it read.
 */
import Button from '@helsenorge/designsystem-react/components/Button';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useT } from '../i18n/i18n-context.ts';
import { markNoticeRead, noticeText, rulesKeys, useNotices } from '../rules/api.ts';

export function AssignedNotice() {
  const t = useT();
  const qc = useQueryClient();
  const notices = useNotices();
  const read = useMutation({ mutationFn: markNoticeRead, onSuccess: () => void qc.invalidateQueries({ queryKey: rulesKeys.notices }) });
  const items = notices.data?.items ?? [];
  const first = items[0];
  if (!first) return null;
  return (
    <div className="hd-field" role="status">
      <NotificationPanel variant="info">
        <p className="hd-panel-text">
          {noticeText(t, first)}{' '}
          {first.threadId && (
            <Link className="hd-link" to={`/clinician/threads/${first.threadId}`}>
              {t('inbox.assigned.open')}
            </Link>
          )}
          {items.length > 1 && (
            <>
              {' '}
              <Link className="hd-link" to={`/clinician/units/${first.unitId}/rules`}>
                {t('inbox.notices.more', { count: items.length })}
              </Link>
            </>
          )}
        </p>
        <Button variant="borderless" onClick={() => read.mutate(first.id)} disabled={read.isPending}>
          {t('inbox.assigned.dismiss')}
        </Button>
      </NotificationPanel>
    </div>
  );
}
