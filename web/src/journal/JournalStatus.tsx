/** The journal status of one message on the staff thread page (with attempts and the last error while it waits), with "Send på nytt" for rejected and dead items. */
import Button from '@helsenorge/designsystem-react/components/Button';
import Tag from '@helsenorge/designsystem-react/components/Tag';
import '../dialog/dialog.scss';
import { ProblemNotice } from '../components/ProblemNotice.tsx';
import { useT } from '../i18n/i18n-context.ts';
import type { JournalView } from '@helsedialog/core';
import { useResend } from './api.ts';
import './journal.scss';

const COLOR = { waiting: 'neutral', sending: 'neutral', documented: 'kiwi', rejected: 'cherry', dead: 'cherry' } as const;

export function JournalStatusLine({ journal }: { journal: JournalView }) {
  const t = useT();
  const resend = useResend();
  const failed = journal.status === 'rejected' || journal.status === 'dead';
  return (
    <div className="hd-journal" data-testid="journal-status">
      <span className="hd-muted">{t('journal.status.label')}</span> <Tag color={COLOR[journal.status]}>{t(`journal.status.${journal.status}`)}</Tag>
      {/* Tried and not through yet, or failed: the stored reason and the attempt count, so staff know why it waits. */}
      {(failed || journal.attempts > 0) && journal.status !== 'documented' && (
        <p className="hd-journal__reason">
          {t('journal.attempts', { count: journal.attempts })}
          {journal.reason && <> · {failed ? t('journal.reason', { reason: journal.reason }) : t('journal.lastError', { reason: journal.reason })}</>}
        </p>
      )}
      {failed && (
        <Button variant="borderless" onClick={() => resend.mutate(journal.itemId)} disabled={resend.isPending} aria-label={t('journal.resendFor')}>
          {t('journal.resend')}
        </Button>
      )}
      <ProblemNotice error={resend.error} title={t('journal.resendFailed')} />
    </div>
  );
}
