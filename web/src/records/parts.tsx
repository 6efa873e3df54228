/**
 * The parts of the citizen's record pages (CitizenRecordsPages.tsx) that show what an item holds:
 * a list row, a result's table of values, the history of one analysis as a table and a chart, and
 * a value as the laboratory gave it — with its comparator ("<5": under the limit, not 5).
 */
import type { AnalysisHistory, Comparator, Observation, RecordDetail, RecordSummary } from '@helsedialog/core';
import Tag from '@helsenorge/designsystem-react/components/Tag';
import classNames from 'classnames';
import { Link } from 'react-router';
import { useI18n } from '../i18n/i18n-context.ts';
import { formatDate, formatNumber } from '../lib/format.ts';
import { formatRange } from './format.ts';

type HistoryPoint = AnalysisHistory['points'][number];

/** How a comparator is written before the number, and read out. */
const COMPARATOR: Record<Comparator, { sign: string; key: 'records.obs.lt' | 'records.obs.le' | 'records.obs.ge' | 'records.obs.gt' }> = {
  '<': { sign: '<', key: 'records.obs.lt' },
  '<=': { sign: '≤', key: 'records.obs.le' },
  '>=': { sign: '≥', key: 'records.obs.ge' },
  '>': { sign: '>', key: 'records.obs.gt' },
};

/**
 * A result's value: the number in the locale's form with its comparator before it ("<5", read
 * out as "under 5"), or the laboratory's text.
 */
export function ResultValue({ o }: { o: Pick<Observation, 'valueNum' | 'comparator' | 'valueText'> }) {
  const { t, locale } = useI18n();
  if (o.valueNum === null) return <>{o.valueText}</>;
  const n = formatNumber(o.valueNum, locale);
  if (!o.comparator) return <>{n}</>;
  const c = COMPARATOR[o.comparator];
  return (
    <>
      <span aria-hidden="true">
        {c.sign}
        {n}
      </span>
      <span className="hd-visually-hidden">{t(c.key, { value: n })}</span>
    </>
  );
}

/**
 * One item of a list. In the metadata view (a parent of a 12–15-year-old, decision 50) it says
 * only the kind, the unit and the date ("Prøvesvar fra …"), never which kind of result.
 */
export function RecordRow({ r, locale }: { r: RecordSummary; locale: string }) {
  const { t } = useI18n();
  const unread = r.unread && !r.metadataOnly;
  const label = r.metadataOnly ? t('records.metadata.item', { kind: t(`records.kind.${r.kind}`), unit: r.unit.name }) : (r.title ?? '');
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
        {r.kind === 'result' && !r.metadataOnly && r.category ? `${t(`records.category.${r.category}`)} · ` : ''}
        {t('records.fromOn', { unit: r.unit.name, date: formatDate(r.effectiveAt, locale) })}
      </p>
    </li>
  );
}

export function OutMark({ o }: { o: Pick<Observation, 'outOfRange'> }) {
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
export function ResultTable({ r }: { r: Pick<RecordDetail, 'title' | 'observations'> }) {
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
                <ResultValue o={o} /> <OutMark o={o} />
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

/**
 * A small line chart in plain SVG: the values over time, the reference range as a grey band,
 * out-of-range points marked, a value given as a limit ("<5") hollow. It is an image with a text
 * alternative; the table holds the numbers.
 */
export function Chart({ points, name, unit }: { points: HistoryPoint[]; name: string; unit: string | null }) {
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
        {pts.map((p, i) => {
          // A value given as a limit ("<5") is drawn hollow at its limit: the true value is beyond it.
          const color = p.outOfRange ? '#c83521' : '#188097';
          const paint = p.comparator ? { fill: '#ffffff', stroke: color, strokeWidth: 2 } : { fill: color };
          return p.outOfRange ? (
            <rect key={i} data-limit={p.comparator ?? undefined} x={X(xs[i]!) - 5} y={Y(p.valueNum!) - 5} width="10" height="10" {...paint} />
          ) : (
            <circle key={i} data-limit={p.comparator ?? undefined} cx={X(xs[i]!)} cy={Y(p.valueNum!)} r="5" {...paint} />
          );
        })}
      </svg>
      <figcaption className="hd-muted">
        {unit ? `${name} (${unit}). ` : `${name}. `}
        {band ? t('records.history.rangeBand') : ''}
        {pts.some((p) => p.comparator) ? ` ${t('records.history.limitPoints')}` : ''}
      </figcaption>
    </figure>
  );
}

/** Every value of one analysis, newest first, each linking to its result. */
export function HistoryTable({ d }: { d: Pick<AnalysisHistory, 'display' | 'points'> }) {
  const { t, locale } = useI18n();
  return (
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
                <ResultValue o={p} /> <OutMark o={p} />
              </td>
              <td>{p.unit ?? ''}</td>
              <td>{formatRange(p, locale, t)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
