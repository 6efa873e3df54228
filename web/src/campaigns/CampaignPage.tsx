/** /clinician/campaigns/:campaignId — progress bar (polled), start / pause / resume / cancel, the message, results and CSV. */
import type { Campaign, CampaignRecipient } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n, type TranslateFn } from '../i18n/i18n-context.ts';
import '../letters/letters.scss';
import { BackLink } from '../components/BackLink.tsx';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { campaignAction, campaignKeys, useCampaign, useRecipients } from './api.ts';
import { channelsText } from './parts.tsx';
import './campaigns.scss';
import { formatDate, formatDateTime } from '../lib/format.ts';

export function CampaignPage() {
  return <RequireSession kind="staff">{() => <CampaignView />}</RequireSession>;
}

const COUNTS = ['total', 'pending', 'stored', 'notified', 'failed', 'cancelled', 'read', 'answered', 'paper'] as const;

function CampaignView() {
  const { t } = useI18n();
  const { campaignId = '' } = useParams();
  const c = useCampaign(campaignId);
  useDocumentTitle(t('campaigns.detail.docTitle', { name: c.data?.name ?? '' }));
  if (c.isPending) return <PageLoader />;
  if (c.isError) return <ErrorPanel error={c.error} headingLevel="h1" onRetry={() => void c.refetch()} />;
  return <Loaded c={c.data} />;
}

function Loaded({ c }: { c: Campaign }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [showResults, setShowResults] = useState(false);
  const act = useMutation({
    mutationFn: (a: 'start' | 'pause' | 'resume' | 'cancel') => campaignAction(c.id, a),
    onSuccess: (data) => {
      qc.setQueryData(campaignKeys.one(c.id), data);
      void qc.invalidateQueries({ queryKey: campaignKeys.unit(c.unitId) });
    },
  });
  const p = c.progress;
  const done = p.total - p.pending;
  return (
    <>
      <BackLink to={`/clinician/units/${c.unitId}/campaigns`}>{t('campaigns.back.list')}</BackLink>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {c.name}
      </Title>
      <p className="hd-lead" data-testid="campaign-state">
        {t(`campaigns.state.${c.state}`)}
      </p>
      <div className="hd-camp-progress">
        <label htmlFor="camp-progress">{t('campaigns.detail.progress')}</label>
        <progress id="camp-progress" max={Math.max(1, p.total)} value={done} />
        <p role="status" aria-live="polite" data-testid="campaign-progress">
          {t('campaigns.detail.progressText', { done, total: p.total })}
        </p>
      </div>
      <div className="hd-camp-actions">
        {c.state === 'draft' && (
          <Button disabled={act.isPending} onClick={() => act.mutate('start')}>
            {t('campaigns.detail.start')}
          </Button>
        )}
        {c.state === 'running' && (
          <Button variant="outline" disabled={act.isPending} onClick={() => act.mutate('pause')}>
            {t('campaigns.detail.pause')}
          </Button>
        )}
        {c.state === 'paused' && (
          <Button disabled={act.isPending} onClick={() => act.mutate('resume')}>
            {t('campaigns.detail.resume')}
          </Button>
        )}
        {(c.state === 'draft' || c.state === 'running' || c.state === 'paused') && (
          <Button
            variant="outline"
            concept="destructive"
            disabled={act.isPending}
            onClick={() => {
              if (window.confirm(t('campaigns.detail.cancelConfirm'))) act.mutate('cancel');
            }}
          >
            {t('campaigns.detail.cancel')}
          </Button>
        )}
      </div>
      {act.isError && <ErrorPanel error={act.error} />}
      <Title htmlMarkup="h2" appearance="title3" margin={{ marginTop: 1, marginBottom: 0.5 }}>
        {t('campaigns.detail.counts')}
      </Title>
      <dl className="hd-camp-counts">
        {COUNTS.map((k) => (
          <div key={k}>
            <dt>{t(`campaigns.count.${k}`)}</dt>
            <dd data-testid={`count-${k}`}>{p[k]}</dd>
          </div>
        ))}
      </dl>
      {c.failures.length > 0 && (
        <>
          <Title htmlMarkup="h3" appearance="title4" margin={0}>
            {t('campaigns.detail.failures')}
          </Title>
          <ul>
            {c.failures.map((f) => (
              <li key={f.reason}>{t('campaigns.detail.failure', { reason: f.reason, count: f.count })}</li>
            ))}
          </ul>
        </>
      )}
      <Title htmlMarkup="h2" appearance="title3" margin={{ marginTop: 1, marginBottom: 0.5 }}>
        {t('campaigns.detail.message')}
      </Title>
      <div className="hd-camp-message">
        <strong>{c.topic}</strong>
        {'\n\n'}
        {c.body}
        {c.question && `\n\n${c.question}\n${c.choices.map((x) => `• ${x}`).join('\n')}`}
      </div>
      <Title htmlMarkup="h2" appearance="title3" margin={{ marginTop: 1, marginBottom: 0.5 }}>
        {t('campaigns.detail.results')}
      </Title>
      <p className="hd-shortcuts">
        <a className="hd-link" href={`/api/staff/campaigns/${c.id}/results.csv`} download>
          {t('campaigns.detail.csv')}
        </a>
        <Link className="hd-link" to={`/clinician/units/${c.unitId}/not-read?campaignId=${c.id}`}>
          {t('campaigns.detail.paperLink')}
        </Link>
      </p>
      <p className="hd-help">{t('campaigns.detail.csvHelp')}</p>
      {showResults ? (
        <Results c={c} />
      ) : (
        <Button variant="outline" onClick={() => setShowResults(true)}>
          {t('campaigns.detail.showResults')}
        </Button>
      )}
    </>
  );
}

function deliveryOf(t: TranslateFn, r: CampaignRecipient, locale: string): string {
  switch (r.delivery) {
    case 'notified':
      return t('campaigns.delivery.notified', { channels: channelsText(t, r.channels), time: r.notifiedAt ? formatDateTime(r.notifiedAt, locale, 'long') : '' });
    case 'not_notified':
      return t('campaigns.delivery.not_notified', { reason: r.reason ?? '' });
    case 'failed':
      return t('campaigns.delivery.failed', { reason: r.reason ?? '' });
    case 'queued':
    case 'stored':
    case 'cancelled':
      return t(`campaigns.delivery.${r.delivery}`);
  }
}

function Results({ c }: { c: Campaign }) {
  const { t, locale } = useI18n();
  const rows = useRecipients(c.id, true);
  if (rows.isPending) return <PageLoader />;
  if (rows.isError) return <ErrorPanel error={rows.error} onRetry={() => void rows.refetch()} />;
  return (
    <table className="hd-camp-table" data-testid="results">
      <caption>{t('campaigns.detail.resultsCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('campaigns.col.patient')}</th>
          <th scope="col">{t('campaigns.col.delivery')}</th>
          <th scope="col">{t('campaigns.col.read')}</th>
          <th scope="col">{t('campaigns.col.answer')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.data.items.map((r) => (
          <tr key={r.id}>
            <td>
              {r.threadId ? (
                <Link className="hd-link" to={`/clinician/threads/${r.threadId}`}>
                  {r.name}
                </Link>
              ) : (
                r.name
              )}
              <br />
              <span className="hd-muted">{formatDate(r.birthDate, locale)}</span>
            </td>
            <td>
              {deliveryOf(t, r, locale)}
              {r.paper && (
                <>
                  <br />
                  <strong>{t(`campaigns.paper.${r.paper}`)}</strong>
                </>
              )}
            </td>
            <td>{r.readAt ? formatDateTime(r.readAt, locale, 'long') : t('campaigns.no')}</td>
            <td>
              {r.answer === 'choice' ? r.answerChoice : r.answer === 'text' ? t('campaigns.answer.text', { text: r.answerText ?? '' }) : t('campaigns.answer.none')}
              {r.remindedAt && (
                <>
                  <br />
                  <span className="hd-muted">{t('campaigns.reminded', { time: formatDateTime(r.remindedAt, locale, 'long') })}</span>
                </>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
