/**
 * The citizen's record: /citizen/documents, /citizen/referrals, /citizen/results (lists with new
 * marks), /citizen/records/:recordId (a document with its PDF viewer, a referral's timeline, a
 * result's table) and /citizen/results/analyses/:code (one analysis over time: a small SVG chart
 * with the same numbers in a table beside it). What is listed is decided by the server's access
 * policy; a parent of a 12–15-year-old sees metadata only, where the unit chose it.
 */
import type { Observation, RecordDetail, RecordKind, RecordSummary } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Tag from '@helsenorge/designsystem-react/components/Tag';
import { Textarea } from '../components/Textarea.tsx';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import classNames from 'classnames';
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
import { formatRange } from './format.ts';
import './records.scss';
import { formatDate, formatDateTime, formatNumber, formatSize } from '../lib/format.ts';
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

function RecordRow({ r, locale }: { r: RecordSummary; locale: string }) {
  const { t } = useI18n();
  const unread = r.unread && !r.metadataOnly;
  const label = r.metadataOnly ? t('records.metadata.item', { kind: t(`records.category.${r.category}`), unit: r.unit.name }) : (r.title ?? '');
  return (
    <li className={classNames('hd-records__item', { 'hd-records__item--unread': unread })}>
      {r.metadataOnly ? (
        <span className="hd-records__title">{label}</span>
      ) : (
        <Link className="hd-link hd-records__title" to={`/citizen/records/${r.id}`}>
          {label}
          {unread && <span className="hd-visually-hidden"> ({t('records.unread')})</span>}
        </Link>
      )}
      {unread && <Tag color="blueberry">{t('records.unread')}</Tag>}
      {!r.metadataOnly && r.kind === 'document' && !r.availableDigitally && <Tag color="neutral">{t('records.documents.notDigital')}</Tag>}
      {r.referralStatus && <Tag color="neutral">{t(`records.referral.status.${r.referralStatus}`)}</Tag>}
      {r.outOfRange > 0 && <Tag color="banana">{t('records.results.outOfRangeCount', { count: r.outOfRange })}</Tag>}
      <p className="hd-records__meta">
        {r.kind === 'result' && !r.metadataOnly ? `${t(`records.category.${r.category}`)} · ` : ''}
        {t('records.fromOn', { unit: r.unit.name, date: formatDate(r.effectiveAt, locale) })}
      </p>
    </li>
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

function OutMark({ o }: { o: Pick<Observation, 'outOfRange'> }) {
  const { t } = useI18n();
  if (!o.outOfRange) return null;
  const key = o.outOfRange === 'low' ? 'records.obs.low' : o.outOfRange === 'high' ? 'records.obs.high' : 'records.obs.abnormal';
  return <Tag color="banana">{t(key)}</Tag>;
}

/**
 * The values of a result. On a phone each row stands as a small card (the analysis, then its
 * value, unit and reference range, each with its column's name shown beside it) instead of a table
 * wider than the screen; the table's own roles are kept (role attributes), so a screen reader reads
 * a table with its headers either way, and the shown column names are hidden from it.
 */
function ResultTable({ r }: { r: RecordDetail }) {
  const { t, locale } = useI18n();
  const label = (key: 'records.obs.value' | 'records.obs.unit' | 'records.obs.range') => (
    <span className="hd-stack-label" aria-hidden="true">
      {t(key)}:{' '}
    </span>
  );
  return (
    <div className="hd-record-table-wrap">
      <table className="hd-record-table hd-record-table--stack" role="table">
        <caption className="hd-visually-hidden">{t('records.obs.caption', { title: r.title ?? '' })}</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th scope="col" role="columnheader">
              {t('records.obs.analysis')}
            </th>
            <th scope="col" role="columnheader">
              {t('records.obs.value')}
            </th>
            <th scope="col" role="columnheader">
              {t('records.obs.unit')}
            </th>
            <th scope="col" role="columnheader">
              {t('records.obs.range')}
            </th>
            <th scope="col" role="columnheader">
              <span className="hd-visually-hidden">{t('records.obs.history')}</span>
            </th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          {r.observations.map((o) => (
            <tr key={o.code} role="row" className={classNames({ 'hd-record-table__out': !!o.outOfRange })}>
              <th scope="row" role="rowheader">
                {o.display}
              </th>
              <td role="cell" className="hd-num">
                {label('records.obs.value')}
                {o.valueNum !== null ? formatNumber(o.valueNum, locale) : o.valueText} <OutMark o={o} />
              </td>
              <td role="cell" className={classNames({ 'hd-stack-empty': !o.unit })}>
                {o.unit && label('records.obs.unit')}
                {o.unit ?? ''}
              </td>
              <td role="cell">
                {label('records.obs.range')}
                {formatRange(o, locale, t)}
              </td>
              <td role="cell" className={classNames({ 'hd-stack-empty': o.valueNum === null })}>
                {o.valueNum !== null && (
                  <Link className="hd-link" to={`/citizen/results/analyses/${encodeURIComponent(o.code)}`}>
                    {t('records.obs.history')}
                    <span className="hd-visually-hidden"> – {o.display}</span>
                  </Link>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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
  const { t, locale } = useI18n();
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
      <div className="hd-record-table-wrap">
        <table className="hd-record-table">
          <caption>{t('records.history.table', { name: d.display })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('records.history.date')}</th>
              <th scope="col">{t('records.obs.value')}</th>
              <th scope="col">{t('records.obs.unit')}</th>
              <th scope="col">{t('records.obs.range')}</th>
            </tr>
          </thead>
          <tbody>
            {[...d.points].reverse().map((p, i) => (
              <tr key={i} className={classNames({ 'hd-record-table__out': !!p.outOfRange })}>
                <th scope="row">
                  <Link className="hd-link" to={`/citizen/records/${p.recordId}`}>
                    {formatDate(p.effectiveAt, locale)}
                  </Link>
                </th>
                <td className="hd-num">
                  {p.valueNum !== null ? formatNumber(p.valueNum, locale) : p.valueText} <OutMark o={p} />
                </td>
                <td>{p.unit ?? ''}</td>
                <td>{formatRange(p, locale, t)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/**
 * A small line chart in plain SVG: the values over time, the reference range as a grey band,
 * out-of-range points marked. It is an image with a text alternative; the table holds the numbers.
 */
function Chart({ points, name, unit }: { points: (Observation & { recordId: string })[]; name: string; unit: string | null }) {
  const { t, locale } = useI18n();
  const pts = points.filter((p) => p.valueNum !== null);
  if (pts.length < 2) return null;
  const W = 640;
  const H = 240;
  const pad = { l: 48, r: 16, t: 16, b: 32 };
  const xs = pts.map((p) => new Date(p.effectiveAt).getTime());
  const last = pts[pts.length - 1]!;
  const lows = pts.map((p) => p.refLow).filter((v): v is number => v !== null);
  const highs = pts.map((p) => p.refHigh).filter((v): v is number => v !== null);
  const values = [...pts.map((p) => p.valueNum!), ...lows, ...highs];
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (min === max) [min, max] = [min - 1, max + 1];
  const span = max - min;
  min -= span * 0.1;
  max += span * 0.1;
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const X = (ms: number) => pad.l + ((ms - x0) / (x1 - x0 || 1)) * (W - pad.l - pad.r);
  const Y = (v: number) => pad.t + (1 - (v - min) / (max - min)) * (H - pad.t - pad.b);
  const band = last.refLow !== null || last.refHigh !== null ? { lo: last.refLow ?? min, hi: last.refHigh ?? max } : null;
  const fmt = (v: number) => formatNumber(Math.round(v * 100) / 100, locale);
  const day = (ms: number) => formatDate(ms, locale, 'short');
  return (
    <figure>
      <svg className="hd-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('records.history.chart', { name, count: pts.length })}>
        {band && <rect x={pad.l} width={W - pad.l - pad.r} y={Y(band.hi)} height={Math.max(0, Y(band.lo) - Y(band.hi))} fill="#e4e4e4" />}
        <line x1={pad.l} x2={pad.l} y1={pad.t} y2={H - pad.b} stroke="#6a6a6a" />
        <line x1={pad.l} x2={W - pad.r} y1={H - pad.b} y2={H - pad.b} stroke="#6a6a6a" />
        {[min + span * 0.1, max - span * 0.1].map((v) => (
          <text key={v} x={pad.l - 6} y={Y(v) + 4} fontSize="12" textAnchor="end" fill="#333">
            {fmt(v)}
          </text>
        ))}
        <text x={pad.l} y={H - 10} fontSize="12" fill="#333">
          {day(x0)}
        </text>
        <text x={W - pad.r} y={H - 10} fontSize="12" textAnchor="end" fill="#333">
          {day(x1)}
        </text>
        <polyline fill="none" stroke="#188097" strokeWidth="2" points={pts.map((p, i) => `${X(xs[i]!)},${Y(p.valueNum!)}`).join(' ')} />
        {pts.map((p, i) =>
          p.outOfRange ? (
            <rect key={i} x={X(xs[i]!) - 5} y={Y(p.valueNum!) - 5} width="10" height="10" fill="#c83521" />
          ) : (
            <circle key={i} cx={X(xs[i]!)} cy={Y(p.valueNum!)} r="5" fill="#188097" />
          ),
        )}
      </svg>
      <figcaption className="hd-muted">
        {unit ? `${name} (${unit}). ` : `${name}. `}
        {band ? t('records.history.rangeBand') : ''}
      </figcaption>
    </figure>
  );
}
