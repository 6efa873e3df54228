/**
 * The citizen's record: /citizen/documents, /citizen/referrals, /citizen/results (lists with new
 * marks), /citizen/records/:recordId (a document with its PDF viewer, a referral's timeline, a
 * result's table) and /citizen/results/analyses/:code (one analysis over time: a small SVG chart
 * with the same numbers in a table beside it). What is listed is decided by the server's access
 * policy; a parent of a 12–15-year-old sees metadata only, where the unit chose it.
 */
import type { RecordDetail, RecordKind } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import { Textarea } from '../components/Textarea.tsx';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { apiPost } from '../api/client.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import '../dialog/dialog.scss';
import '../letters/letters.scss';
import { ProblemNotice } from '../components/ProblemNotice.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import type { MessageKey } from '../i18n/nb.ts';
import { BackLink } from '../components/BackLink.tsx';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { recordKeys, useAnalysisHistory, useRecord, useRecordList } from './api.ts';
import { Chart, HistoryTable, RecordRow, ResultTable } from './parts.tsx';
import './records.scss';
import { formatDate, formatDateTime, formatSize } from '../lib/format.ts';
import { LoadMore } from '../components/LoadMore.tsx';

const PAGES: Record<RecordKind, { path: string; title: MessageKey; docTitle: MessageKey; intro: MessageKey; empty: MessageKey }> = {
  document: {
    path: '/citizen/documents',
    title: 'records.documents.title',
    docTitle: 'records.documents.docTitle',
    intro: 'records.documents.intro',
    empty: 'records.documents.empty',
  },
  referral: {
    path: '/citizen/referrals',
    title: 'records.referrals.title',
    docTitle: 'records.referrals.docTitle',
    intro: 'records.referrals.intro',
    empty: 'records.referrals.empty',
  },
  result: { path: '/citizen/results', title: 'records.results.title', docTitle: 'records.results.docTitle', intro: 'records.results.intro', empty: 'records.results.empty' },
};

export const RECORD_PAGE_PATH = (kind: RecordKind) => PAGES[kind].path;

/** /citizen/documents | referrals | results */
export function CitizenRecordsPage({ kind }: { kind: RecordKind }) {
  return <RequireSession kind="citizen">{(me) => <RecordsList kind={kind} subject={me.actingFor?.name ?? me.person.name} />}</RequireSession>;
}

function RecordsList({ kind, subject }: { kind: RecordKind; subject: string }) {
  const { t, locale } = useI18n();
  const page = PAGES[kind];
  useDocumentTitle(t(page.docTitle));
  const list = useRecordList(kind);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = list.data?.pages[0]?.unread ?? 0;
  const meta = items.some((i) => i.metadataOnly);
  return (
    <>
      <BackLink to="/citizen">{t('records.back.home')}</BackLink>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t(page.title)}
      </Title>
      <p className="hd-lead">{t(page.intro)}</p>
      {list.isPending ? (
        <PageLoader />
      ) : !list.data ? (
        // No page yet (a later page's error keeps the list and shows under it: LoadMore).
        <ErrorPanel error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <p className="hd-empty">{t(page.empty)}</p>
      ) : (
        <>
          {meta && (
            <NotificationPanel variant="info" size="small">
              <p className="hd-panel-text">{t('records.metadata.note', { name: subject })}</p>
            </NotificationPanel>
          )}
          {unread > 0 && !meta && <p role="status">{t('records.unreadCount', { count: unread })}</p>}
          <ul className="hd-records" aria-label={t(page.title)}>
            {items.map((r) => (
              <RecordRow key={r.id} r={r} locale={locale} />
            ))}
          </ul>
          <LoadMore query={list} label={t('records.more')} />
        </>
      )}
    </>
  );
}

/** /citizen/records/:recordId */
export function CitizenRecordPage() {
  return <RequireSession kind="citizen">{() => <RecordView />}</RequireSession>;
}

function RecordView() {
  const { t, locale } = useI18n();
  const { recordId = '' } = useParams();
  const record = useRecord(recordId);
  const qc = useQueryClient();
  useDocumentTitle(t('records.item.docTitle', { title: record.data?.title ?? '' }));
  const loaded = record.data?.kind;
  useEffect(() => {
    // Opening it changed the list's new marks.
    if (loaded) void qc.invalidateQueries({ queryKey: recordKeys.list(loaded) });
  }, [loaded, qc]);
  if (record.isPending) return <PageLoader />;
  if (record.isError)
    return (
      <>
        <BackLink to="/citizen">{t('records.back.home')}</BackLink>
        <ErrorPanel error={record.error} headingLevel="h1" onRetry={() => void record.refetch()} />
      </>
    );
  const r = record.data;
  return (
    <>
      <BackLink to={PAGES[r.kind].path}>{t(PAGES[r.kind].title)}</BackLink>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {r.title}
      </Title>
      <dl className="hd-facts">
        <div>
          <dt>{t('records.item.kind')}</dt>
          <dd>{t(`records.category.${r.category}`)}</dd>
        </div>
        <div>
          <dt>{t('records.item.from')}</dt>
          <dd>{r.unit.name}</dd>
        </div>
        <div>
          <dt>{t('records.item.date')}</dt>
          <dd>{formatDate(r.effectiveAt, locale)}</dd>
        </div>
        <div>
          <dt>{t('records.item.released')}</dt>
          <dd>{formatDateTime(r.releasedAt, locale, 'long')}</dd>
        </div>
      </dl>
      {r.version > 1 && r.kind !== 'referral' && <p className="hd-muted">{t('records.item.version', { version: r.version })}</p>}
      {r.releaseNote && (
        <NotificationPanel variant="info" size="small" label={t('records.item.releaseNote')}>
          <p className="hd-panel-text">{r.releaseNote}</p>
        </NotificationPanel>
      )}
      {r.kind === 'referral' && <ReferralTimeline r={r} />}
      {r.kind === 'result' && r.observations.length > 0 && <ResultTable r={r} />}
      {r.conclusion && (
        <section aria-labelledby="rec-conclusion">
          <Title id="rec-conclusion" htmlMarkup="h2" appearance="title3">
            {t('records.item.conclusion')}
          </Title>
          <p className="hd-letter__body">{r.conclusion}</p>
        </section>
      )}
      {r.pdf && <PdfViewer r={r} />}
      {r.kind === 'document' && !r.availableDigitally && <NotDigital r={r} />}
      {r.contactId && <AskAbout r={r} />}
    </>
  );
}

function PdfViewer({ r }: { r: RecordDetail }) {
  const { t, locale } = useI18n();
  const base = `/api/citizen/records/${r.id}/pdf`;
  return (
    <section aria-labelledby="rec-pdf">
      <Title id="rec-pdf" htmlMarkup="h2" appearance="title3">
        {t('records.pdf.title')}
      </Title>
      <iframe className="hd-record-pdf" src={`${base}?disposition=inline`} title={t('records.pdf.frame', { title: r.title ?? '' })} />
      <p className="hd-shortcuts">
        <a className="hd-link" href={base} download>
          {t('records.pdf.download', { size: formatSize(r.pdf?.sizeBytes ?? 0, locale) })}
        </a>
        <a className="hd-link" href={`${base}?disposition=inline`} target="_blank" rel="noopener">
          {t('records.pdf.open')}
        </a>
      </p>
    </section>
  );
}

function NotDigital({ r }: { r: RecordDetail }) {
  const { t } = useI18n();
  return (
    <NotificationPanel variant="info" label={t('records.notDigital.title')}>
      <p className="hd-panel-text">{t('records.notDigital.text', { unit: r.unit.name })}</p>
      {r.contactId ? (
        <p className="hd-panel-text">
          <Link className="hd-link" to={`/citizen/contacts/${r.contactId}/new/journalkopi`}>
            {t('records.notDigital.ask')}
          </Link>
        </p>
      ) : (
        <p className="hd-panel-text">{t('records.notDigital.noContact', { unit: r.unit.name })}</p>
      )}
    </NotificationPanel>
  );
}

function ReferralTimeline({ r }: { r: RecordDetail }) {
  const { t, locale } = useI18n();
  return (
    <section aria-labelledby="rec-referral">
      <Title id="rec-referral" htmlMarkup="h2" appearance="title3">
        {t('records.referral.current')}: {r.referralStatus ? t(`records.referral.status.${r.referralStatus}`) : ''}
      </Title>
      {r.careStartBy && <p>{t('records.referral.careStartBy', { date: formatDate(r.careStartBy, locale) })}</p>}
      {r.referralStatus === 'forwarded' && r.forwardedTo && <p>{t('records.referral.forwardedTo', { unit: r.forwardedTo })}</p>}
      <Title htmlMarkup="h3" appearance="title4">
        {t('records.referral.timeline')}
      </Title>
      <ol className="hd-timeline">
        {r.timeline.map((e, i) => (
          <li key={i}>
            <strong>{t(`records.referral.status.${e.status}`)}</strong> – {formatDate(e.occurredAt, locale)}
            {e.careStartBy && <div>{t('records.referral.careStartBy', { date: formatDate(e.careStartBy, locale) })}</div>}
            {e.forwardedTo && <div>{t('records.referral.forwardedTo', { unit: e.forwardedTo })}</div>}
          </li>
        ))}
      </ol>
    </section>
  );
}

function AskAbout({ r }: { r: RecordDetail }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const ask = useMutation({
    mutationFn: () => apiPost<{ threadId: string }>(`/api/citizen/records/${r.id}/ask`, { text }),
    onSuccess: (res) => void navigate(`/citizen/messages/${res.threadId}`),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return setError(t('records.ask.empty'));
    setError(undefined);
    ask.mutate();
  };
  return (
    <section aria-labelledby="rec-ask" className="hd-form">
      <Title id="rec-ask" htmlMarkup="h2" appearance="title3" margin={{ marginTop: 1, marginBottom: 0.5 }}>
        {t('records.ask.title')}
      </Title>
      <p>{t('records.ask.intro', { unit: r.unit.name })}</p>
      <form onSubmit={submit} noValidate>
        <div className="hd-field">
          <Textarea textareaId="ask-text" label={t('records.ask.label')} value={text} onChange={(e) => setText(e.target.value)} minRows={3} grow errorText={error} error={!!error} />
        </div>
        <ProblemNotice error={ask.error} />
        <div className="hd-actions">
          <Button type="submit" disabled={ask.isPending}>
            {ask.isPending ? t('records.ask.sending') : t('records.ask.send')}
          </Button>
        </div>
      </form>
    </section>
  );
}

/** /citizen/results/analyses/:code */
export function AnalysisHistoryPage() {
  return <RequireSession kind="citizen">{() => <History />}</RequireSession>;
}

function History() {
  const { t } = useI18n();
  const { code = '' } = useParams();
  const h = useAnalysisHistory(code);
  useDocumentTitle(t('records.history.docTitle', { name: h.data?.display ?? '' }));
  if (h.isPending) return <PageLoader />;
  if (h.isError)
    return (
      <>
        <BackLink to="/citizen/results">{t('records.results.title')}</BackLink>
        <ErrorPanel error={h.error} headingLevel="h1" onRetry={() => void h.refetch()} />
      </>
    );
  const d = h.data;
  return (
    <>
      <BackLink to="/citizen/results">{t('records.results.title')}</BackLink>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('records.history.title', { name: d.display })}
      </Title>
      <Chart points={d.points} name={d.display} unit={d.unit} />
      <HistoryTable d={d} />
    </>
  );
}

