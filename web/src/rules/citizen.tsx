/** The citizen's side of the dialog rules: what happens after sending, and archiving a conversation. */
import type { ThreadDetail } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { dialogKeys } from '../api/dialog.ts';
import '../dialog/dialog.scss';
import { ProblemNotice } from '../components/ProblemNotice.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useNotificationSettings } from '../notify/api.ts';
import { setArchived } from './api.ts';
import './rules.scss';
import { formatDate } from '../lib/format.ts';

/**
 * Right after sending: when to expect the answer (the thread's promised date, from the service's
 * answer time in working days) and how the answer will be notified (the signed-in person's own
 * notification settings; the notice itself holds no health information).
 */
export function WhatNext({ detail }: { detail: ThreadDetail }) {
  const { t, locale } = useI18n();
  const settings = useNotificationSettings();
  return (
    <div className="hd-field">
      <NotificationPanel variant="success" label={t('rules.next.title')} labelHtmlMarkup="h2">
        <p className="hd-panel-text">
          {detail.dueAt
            ? t('rules.next.answer', { unit: detail.unit.name, date: formatDate(detail.dueAt, locale, 'medium') })
            : t('rules.next.noDeadline', { unit: detail.unit.name })}
        </p>
        {settings.data && <p className="hd-panel-text">{t(`rules.next.notice.${settings.data.channel}`)}</p>}
        <p className="hd-panel-text">
          <Link className="hd-link" to="/citizen/notifications">
            {t('rules.next.settings')}
          </Link>
        </p>
      </NotificationPanel>
    </div>
  );
}

/** Archive a conversation (hidden from the list, never deleted) or move it back. */
export function ArchiveControl({ detail }: { detail: ThreadDetail }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const change = useMutation({
    mutationFn: (archived: boolean) => setArchived(detail.id, archived),
    onSuccess: (_v, archived) => {
      qc.setQueryData<ThreadDetail>(dialogKeys.citizenThread(detail.id), (d) => (d ? { ...d, archived } : d));
      void qc.invalidateQueries({ queryKey: ['dialog', 'citizen', 'threads'] });
    },
  });
  return (
    <div className="hd-field">
      {detail.archived && <p className="hd-muted">{t('rules.thread.archivedNote')}</p>}
      <Button variant="outline" onClick={() => change.mutate(!detail.archived)} disabled={change.isPending}>
        {detail.archived ? t('rules.thread.unarchive') : t('rules.thread.archive')}
      </Button>
      <ProblemNotice error={change.error} title={t('rules.thread.archiveFailed')} />
    </div>
  );
}
