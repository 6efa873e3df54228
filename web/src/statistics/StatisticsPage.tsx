/**
 * /clinician/statistics?scope=unit:<id>|organisation:<id>&period=2026-11 — statistics for unit
 * administrators and leaders (docs/statistics.md): a period picker (month or ISO week, in
 * Europe/Oslo), comparison with the period before, a chart and a table per metric, and a CSV of
 * exactly the tables shown. Counts only; counts under 5 are written "<5".
 *
 * This module is the only one that imports the charting library (visx): App.tsx loads it lazily,
 * so the library is in this route's chunk only.
 */
import Button from '@helsenorge/designsystem-react/components/Button';
import Select from '@helsenorge/designsystem-react/components/Select';
import Title from '@helsenorge/designsystem-react/components/Title';
import { osloDate, parsePeriod, periodOf, previousPeriod, type Period, type PeriodKind, type Statistics } from '@helsedialog/core';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import '../dialog/dialog.scss';
import { BackLink } from '../components/BackLink.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { useStatistics, useStatisticsScopes } from './api.ts';
import { BarChart } from './BarChart.tsx';
import { buildView, toCsv, type MetricView } from './view.ts';
import './statistics.scss';
import { formatMonth } from '../lib/format.ts';

/** How many periods back the picker offers. */
const CHOICES: Record<PeriodKind, number> = { month: 24, week: 26 };

export default function StatisticsPage() {
  return <RequireSession kind="staff">{() => <StatisticsView />}</RequireSession>;
}

function usePeriodName() {
  const { t, locale } = useI18n();
  return (p: Period) => {
    if (p.kind === 'week') {
      const [year, w] = p.label.split('-W');
      return t('statistics.week', { week: Number(w), year: year! });
    }
    return formatMonth(p.from, locale);
  };
}

function StatisticsView() {
  const { t } = useI18n();
  const periodName = usePeriodName();
  const [params, setParams] = useSearchParams();
  const scopes = useStatisticsScopes();
  const today = osloDate(new Date());
  const asked = parsePeriod(params.get('period') ?? '');
  const period = asked ?? periodOf('month', today);
  const scope = params.get('scope') ?? scopes.data?.items[0]?.scope;
  const chosen = scopes.data?.items.find((s) => s.scope === scope);
  const stats = useStatistics(chosen ? scope : undefined, period.label);
  useDocumentTitle(t('statistics.docTitle', { scope: chosen?.name ?? t('statistics.title') }));

  const options = useMemo(() => {
    const out: Period[] = [periodOf(period.kind, today)];
    while (out.length < CHOICES[period.kind]) out.push(previousPeriod(out[out.length - 1]!));
    if (!out.some((p) => p.label === period.label)) out.push(period);
    return out;
  }, [period, today]);

  const set = (next: { scope?: string; period?: string }) => {
    const p = new URLSearchParams(params);
    if (next.scope) p.set('scope', next.scope);
    if (next.period) p.set('period', next.period);
    setParams(p, { replace: true });
  };

  if (scopes.isPending) return <PageLoader />;
  if (scopes.isError) return <ErrorPanel error={scopes.error} headingLevel="h1" onRetry={() => void scopes.refetch()} />;
  return (
    <>
      <BackLink to="/clinician">{t('statistics.back')}</BackLink>
      {chosen && <p className="hd-greeting">{chosen.name}</p>}
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('statistics.title')}
      </Title>
      <p className="hd-lead">{t('statistics.lead')}</p>
      {!scopes.data.items.length ? (
        <p className="hd-empty">{t('statistics.none')}</p>
      ) : (
        <>
          <form className="hd-stats-picker" onSubmit={(e) => e.preventDefault()}>
            <Select selectId="stats-scope" label={t('statistics.scope')} value={chosen?.scope ?? ''} onChange={(e) => set({ scope: e.target.value })}>
              {scopes.data.items.map((s) => (
                <option key={s.scope} value={s.scope}>
                  {s.kind === 'organisation' ? t('statistics.scope.organisation', { name: s.name }) : s.name}
                </option>
              ))}
            </Select>
            <Select
              selectId="stats-kind"
              label={t('statistics.periodKind')}
              width={9}
              value={period.kind}
              onChange={(e) => set({ period: periodOf(e.target.value === 'week' ? 'week' : 'month', today).label })}
            >
              <option value="month">{t('statistics.periodKind.month')}</option>
              <option value="week">{t('statistics.periodKind.week')}</option>
            </Select>
            <Select selectId="stats-period" label={t('statistics.period')} width={16} value={period.label} onChange={(e) => set({ period: e.target.value })}>
              {options.map((p) => (
                <option key={p.label} value={p.label}>
                  {periodName(p)}
                </option>
              ))}
            </Select>
          </form>
          {!chosen ? (
            <ErrorPanel error={new Error(t('problem.NOT_FOUND'))} />
          ) : stats.isPending ? (
            <PageLoader />
          ) : stats.isError ? (
            <ErrorPanel error={stats.error} onRetry={() => void stats.refetch()} />
          ) : (
            <Report s={stats.data} />
          )}
        </>
      )}
    </>
  );
}

function Report({ s }: { s: Statistics }) {
  const { t, locale } = useI18n();
  const periodName = usePeriodName();
  const current = periodName(s.period);
  const previous = periodName(s.previous);
  const views = useMemo(() => buildView(s, t, locale), [s, t, locale]);
  const download = () => {
    const blob = new Blob([`\uFEFF${toCsv(views, current, previous, t)}`], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `statistikk-${s.scope.name.replace(/[^\p{L}\p{N}]+/gu, '-').toLowerCase()}-${s.period.label}.csv`;
    document.body.append(a);
    a.click();
    a.remove();
    URL.revokeObjectURL(url);
  };
  return (
    <>
      <p>
        {current}. {t('statistics.comparedWith', { previous })}
        {s.units.length > 1 && (
          <>
            <br />
            {t('statistics.units', { units: s.units.map((u) => u.name).join(', ') })}
          </>
        )}
      </p>
      <p className="hd-stats-csv">
        <Button variant="outline" onClick={download}>
          {t('statistics.csv')}
        </Button>
        <span className="hd-muted">{t('statistics.csvHelp')}</span>
      </p>
      {views.map((v) => (
        <MetricSection key={v.id} v={v} current={current} previous={previous} />
      ))}
    </>
  );
}

function MetricSection({ v, current, previous }: { v: MetricView; current: string; previous: string }) {
  const { t, locale } = useI18n();
  const headline = v.rows.filter((r) => r.measureKey === v.headline);
  const measure = headline[0]?.measure ?? '';
  const captionId = `stats-${v.id}-caption`;
  return (
    <section className="hd-panel hd-stats-metric" aria-labelledby={`stats-${v.id}`}>
      <Title id={`stats-${v.id}`} htmlMarkup="h2" appearance="title3" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {v.title}
      </Title>
      <p>{v.help}</p>
      <div className="hd-stats-grid">
        <figure className="hd-stats-figure">
          <figcaption>{measure}</figcaption>
          <BarChart
            label={t('statistics.chart.label', { title: v.title, measure })}
            rows={headline}
            currentLabel={current}
            previousLabel={previous}
            locale={locale}
          />
        </figure>
        <div className="hd-stats-table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
          <table className="hd-stats-table">
            <caption id={captionId}>{t('statistics.tableCaption', { title: v.title, period: current, previous })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('statistics.col.category')}</th>
                <th scope="col">{t('statistics.col.measure')}</th>
                <th scope="col">{current}</th>
                <th scope="col">{previous}</th>
                <th scope="col">{t('statistics.col.change')}</th>
              </tr>
            </thead>
            <tbody>
              {v.rows.map((r, i) => (
                <tr key={`${r.category}-${r.measureKey}-${i}`}>
                  <th scope="row">{r.category}</th>
                  <td>{r.measure}</td>
                  <td className="hd-num">{r.current.text}</td>
                  <td className="hd-num">{r.previous.text}</td>
                  <td className="hd-num">{r.change}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
