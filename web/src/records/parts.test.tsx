import type { AnalysisHistory, Observation, RecordSummary } from '@helsedialog/core';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderInApp } from '../test/render.tsx';
import { Chart, HistoryTable, RecordRow, ResultTable } from './parts.tsx';

const obs = (o: Partial<Observation>): Observation => ({
  code: '1988-5',
  display: 'CRP',
  valueNum: 5,
  comparator: null,
  valueText: null,
  unit: 'mg/L',
  refLow: null,
  refHigh: 5,
  refText: null,
  interpretation: null,
  outOfRange: null,
  effectiveAt: '2026-12-01T07:30:00Z',
  ...o,
});

describe('a value with a comparator', () => {
  it('is shown with its sign in the table of a result (the card on a phone is the same cell) and read out in words', async () => {
    await renderInApp(<ResultTable r={{ title: 'Blodprøver', observations: [obs({ comparator: '<' }), obs({ code: '33914-3', display: 'eGFR', valueNum: 90, comparator: '>=', unit: 'mL/min', refHigh: null, refLow: 60 })] }} />);
    const [crp, egfr] = screen.getAllByRole('row').slice(1);
    const value = within(crp!).getAllByRole('cell')[0]!;
    expect(within(value).getByText('<5').getAttribute('aria-hidden')).toBe('true');
    expect(within(value).getByText('under 5').className).toBe('hd-visually-hidden');
    expect(within(within(egfr!).getAllByRole('cell')[0]!).getByText('≥90')).toBeTruthy();
    expect(within(egfr!).getByText('minst 90')).toBeTruthy();
  });

  it('is read out in the chosen language', async () => {
    await renderInApp(<ResultTable r={{ title: 'Blood tests', observations: [obs({ comparator: '<', valueNum: 0.5 })] }} />, { language: 'en' });
    expect(screen.getByText('<0.5')).toBeTruthy();
    expect(screen.getByText('less than 0.5')).toBeTruthy();
  });

  it('keeps its sign in the history table, and the chart draws it hollow and says why', async () => {
    const points: AnalysisHistory['points'] = [
      { ...obs({ valueNum: 12, outOfRange: 'high', effectiveAt: '2026-11-01T07:30:00Z' }), recordId: 'r1' },
      { ...obs({ valueNum: 5, comparator: '<', effectiveAt: '2026-12-01T07:30:00Z' }), recordId: 'r2' },
    ];
    const { container } = await renderInApp(
      <>
        <Chart points={points} name="CRP" unit="mg/L" />
        <HistoryTable d={{ display: 'CRP', points }} />
      </>,
    );
    const rows = screen.getAllByRole('row').slice(1);
    // Newest first.
    expect(within(rows[0]!).getByText('<5')).toBeTruthy();
    expect(within(rows[1]!).getByText('12')).toBeTruthy();
    const limit = container.querySelector('circle[data-limit="<"]');
    expect(limit?.getAttribute('fill')).toBe('#ffffff');
    expect(container.querySelector('rect[fill="#c83521"]')).not.toBeNull();
    expect(container.querySelector('figcaption')?.textContent).toContain('Punkter uten fyll');
  });
});

describe('the metadata view of a list row', () => {
  it('names only the kind, never which kind of result', async () => {
    const r: RecordSummary = {
      id: 'i1',
      kind: 'result',
      category: null,
      title: null,
      unit: { id: 'u1', name: 'Patologisk avdeling' },
      effectiveAt: '2026-12-01T07:30:00Z',
      releasedAt: '2026-12-01T08:30:00Z',
      unread: true,
      metadataOnly: true,
      availableDigitally: true,
      referralStatus: null,
      outOfRange: 0,
    };
    await renderInApp(
      <ul>
        <RecordRow r={r} locale="nb-NO" />
      </ul>,
    );
    expect(screen.getByText('Prøvesvar fra Patologisk avdeling')).toBeTruthy();
    expect(screen.queryByText(/Patologi \(/)).toBeNull();
    expect(screen.queryByRole('link')).toBeNull();
  });
});
