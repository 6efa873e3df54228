/** Small parts: the unit card's links (with the "Ikke lest" badge), the per-message delivery line, the citizen's answer buttons. */
import type { MessageDelivery } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { useI18n, useT, type TranslateFn } from '../i18n/i18n-context.ts';
import { answerQuestion, campaignKeys, useDelivery, useNotReadCount, useQuestion } from './api.ts';
import './campaigns.scss';
import { formatDateTime } from '../lib/format.ts';

/** On a unit card: the unit's campaigns, and "Ikke lest" with how many items are unread past the unit's days. */
export function UnitCampaignLinks({ unitId, unitName }: { unitId: string; unitName: string }) {
  const t = useT();
  const count = useNotReadCount(unitId).data?.count ?? 0;
  return (
    <>
      <Link className="hd-link" to={`/clinician/units/${unitId}/campaigns`}>
        {t('campaigns.unitCard.link')}
        <span className="hd-visually-hidden"> – {unitName}</span>
      </Link>
      <Link className="hd-link" to={`/clinician/units/${unitId}/not-read`}>
        {count > 0 ? t('campaigns.unitCard.notReadCount', { count: count >= 100 ? '100+' : count }) : t('campaigns.unitCard.notRead')}
        <span className="hd-visually-hidden"> – {unitName}</span>
      </Link>
    </>
  );
}

export function channelsText(t: TranslateFn, channels: ReadonlyArray<'sms' | 'email'>): string {
  return channels.map((c) => t(`campaigns.channel.${c}`)).join(' + ');
}

function deliveryText(t: TranslateFn, d: MessageDelivery, locale: string): string {
  const sent = d.notices.filter((n) => n.state === 'sent');
  const at = sent[0]?.at ? formatDateTime(sent[0].at, locale, 'long') : '';
  const notified = t('delivery.line.notified', { channels: channelsText(t, sent.map((n) => n.channel)), time: at });
  if (d.state === 'read') return sent.length ? notified : t('delivery.line.read');
  if (d.state === 'notified') return notified;
  if (d.state === 'not_notified') return t('delivery.line.not_notified', { reason: d.notices.find((n) => n.reason)?.reason ?? t('delivery.line.noAddress') });
  return t('delivery.line.stored');
}

/** Under each of the unit's messages in a thread: whether its notification was accepted (channel, time). */
export function DeliveryLine({ threadId, messageId }: { threadId: string; messageId: string }) {
  const { t, locale } = useI18n();
  const d = useDelivery(threadId).data?.items.find((x) => x.messageId === messageId);
  if (!d) return null;
  return (
    <p className={`hd-camp-delivery${d.state === 'not_notified' ? ' hd-camp-delivery--warn' : ''}`} data-testid="delivery-line">
      {deliveryText(t, d, locale)}
    </p>
  );
}

/** In a citizen's conversation that asks a question: the answer choices as buttons. */
export function QuestionBox({ threadId }: { threadId: string }) {
  const t = useT();
  const qc = useQueryClient();
  const q = useQuestion(threadId);
  const [sent, setSent] = useState(false);
  const answer = useMutation({
    mutationFn: (choice: string) => answerQuestion(threadId, choice),
    onSuccess: () => {
      setSent(true);
      void qc.invalidateQueries({ queryKey: campaignKeys.question(threadId) });
      void qc.invalidateQueries({ queryKey: ['threads'] });
      void qc.invalidateQueries();
    },
  });
  if (!q.data) return null;
  return (
    <section className="hd-camp-question" aria-labelledby="question-title">
      <Title id="question-title" htmlMarkup="h2" appearance="title4" margin={0}>
        {t('question.title')}
      </Title>
      <p>{q.data.question}</p>
      <p className="hd-muted">{q.data.answer ? t('question.answered', { answer: q.data.answer }) : t('question.help')}</p>
      <div className="hd-camp-actions">
        {q.data.choices.map((c) => (
          <Button key={c} variant={q.data?.answer === c ? 'fill' : 'outline'} disabled={answer.isPending} onClick={() => answer.mutate(c)}>
            {c}
          </Button>
        ))}
      </div>
      {sent && !answer.isPending && <p role="status">{t('question.sent')}</p>}
      {answer.isError && <ErrorPanel error={answer.error} />}
    </section>
  );
}
