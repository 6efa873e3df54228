/**
 * Notifications from the unit that could not be delivered within the retry window (an SMS
 * gateway or e-mail outage), for the unit's administrators, with a button to send each again.
 * It shows the kind of notice, the channel and why — not who it was for.
 */
import Button from '@helsenorge/designsystem-react/components/Button';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DeadNotification } from '@helsedialog/core';
import { NOTICE_KINDS } from '@helsedialog/core/constants';
import { apiGet, apiPost } from '../api/client.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import '../dialog/dialog.scss';
import { ProblemNotice } from '../components/ProblemNotice.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import type { MessageKey } from '../i18n/nb.ts';
import { formatDate } from '../lib/format.ts';

const KINDS: readonly string[] = NOTICE_KINDS;
const key = (unitId: string) => ['notify', 'dead', unitId] as const;

export function DeadNotifications({ unitId }: { unitId: string }) {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const dead = useQuery({
    queryKey: key(unitId),
    queryFn: () => apiGet<{ items: DeadNotification[]; nextBefore: number | null }>(`/api/staff/units/${unitId}/notifications/dead`),
  });
  const resend = useMutation({
    mutationFn: (jobId: number) => apiPost<DeadNotification>(`/api/staff/units/${unitId}/notifications/dead/${jobId}/resend`),
    onSuccess: () => qc.invalidateQueries({ queryKey: key(unitId) }),
  });
  const kindText = (kind: string) => t((KINDS.includes(kind) ? `notifyAdmin.kind.${kind}` : 'notifyAdmin.kind.other') as MessageKey);
  return (
    <section className="hd-panel" aria-labelledby="notify-dead">
      <Title id="notify-dead" htmlMarkup="h2" appearance="title4" margin={0}>
        {t('notifyAdmin.dead.title')}
      </Title>
      <p className="hd-help">{t('notifyAdmin.dead.lead')}</p>
      {dead.isPending && <PageLoader />}
      {dead.isError && <ErrorPanel error={dead.error} headingLevel="h2" onRetry={() => void dead.refetch()} />}
      {dead.data && dead.data.items.length === 0 && <p>{t('notifyAdmin.dead.empty')}</p>}
      {dead.data && dead.data.items.length > 0 && (
        <ul className="hd-list">
          {dead.data.items.map((n) => (
            <li key={n.jobId}>
              <p>
                <strong>{kindText(n.kind)}</strong> · {t(n.channel === 'sms' ? 'notifyAdmin.channel.sms' : 'notifyAdmin.channel.email')} ·{' '}
                {t('notifyAdmin.dead.created', { date: formatDate(n.createdAt, locale) })}
              </p>
              {n.reason && <p className="hd-muted">{t('notifyAdmin.dead.reason', { reason: n.reason })}</p>}
              <div className="hd-actions">
                <Button
                  variant="outline"
                  onClick={() => resend.mutate(n.jobId)}
                  disabled={resend.isPending}
                  aria-label={`${t('notifyAdmin.dead.resend')}: ${kindText(n.kind)}, ${formatDate(n.createdAt, locale)}`}
                >
                  {t('notifyAdmin.dead.resend')}
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {resend.isSuccess && (
        <p role="status" className="hd-muted">
          {t('notifyAdmin.dead.resent')}
        </p>
      )}
      <ProblemNotice error={resend.error} title={t('notifyAdmin.dead.resendFailed')} />
    </section>
  );
}
