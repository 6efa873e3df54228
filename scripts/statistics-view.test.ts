/**
 * The statistics page's tables and CSV (web/src/statistics/view.ts): counts under 5 are written
 * "<5" and not drawn, an organisation gets an "All units" row, shares and answer times from fewer
 * than 5 are "too few", and the CSV holds exactly the rows of the tables.
 */
import { describe, expect, it } from 'vitest';
import type { Statistics } from '@helsedialog/core';
import { buildView, toCsv } from '../web/src/statistics/view.ts';
import { nbAll as nb } from '../web/src/i18n/nb-all.ts';

const t = (key: keyof typeof nb, params?: Record<string, string | number>) => nb[key].replace(/\{(\w+)\}/g, (_m, k: string) => String(params?.[k] ?? `{${k}}`));

const s: Statistics = {
  scope: { kind: 'organisation', id: 'o', name: 'Helse Test HF' },
  units: [
    { id: 'a', name: 'Hjerte' },
    { id: 'b', name: 'Ortopedi' },
  ],
  period: { kind: 'month', label: '2026-10', from: '2026-10-01', to: '2026-11-01' },
  previous: { kind: 'month', label: '2026-09', from: '2026-09-01', to: '2026-10-01' },
  ms: 1,
  metrics: [
    {
      id: 'contacts',
      dims: ['unit'],
      values: [
        { name: 'created', type: 'count' },
        { name: 'active', type: 'count' },
      ],
      current: [
        { dims: { unit: 'a' }, values: { created: 3, active: 1200 } },
        { dims: { unit: 'b' }, values: { created: 0, active: 7 } },
      ],
      previous: [
        { dims: { unit: 'a' }, values: { created: 12, active: 1190 } },
        { dims: { unit: 'b' }, values: { created: 2, active: 4 } },
      ],
    },
    {
      id: 'readWithin',
      dims: ['unit'],
      values: ['sent', 'read1d', 'read3d', 'read7d'].map((name) => ({ name, type: 'count' as const })),
      current: [
        { dims: { unit: 'a' }, values: { sent: 40, read1d: 10, read3d: 30, read7d: 36 } },
        { dims: { unit: 'b' }, values: { sent: 3, read1d: 1, read3d: 2, read7d: 3 } },
      ],
      previous: [],
    },
  ],
};

describe('statistics view', () => {
  const views = buildView(s, t as never, 'nb-NO');
  const contacts = views.find((v) => v.id === 'contacts')!;

  it('writes counts under 5 as "<5" and does not draw them', () => {
    const created = contacts.rows.find((r) => r.category === 'Hjerte' && r.measureKey === 'created')!;
    expect(created.current).toEqual({ text: '<5', plot: null });
    expect(created.previous).toEqual({ text: '12', plot: 12 });
    expect(created.change).toBe('');
    const active = contacts.rows.find((r) => r.category === 'Hjerte' && r.measureKey === 'active')!;
    expect(active.current.text).toBe('1200');
    expect(active.change).toBe('+10');
    expect(contacts.rows.find((r) => r.category === 'Ortopedi' && r.measureKey === 'created')!.current).toEqual({ text: '0', plot: 0 });
  });

  it('adds the sum over all units for an organisation', () => {
    const all = contacts.rows.filter((r) => r.category === 'Alle enhetene');
    expect(all.map((r) => [r.measureKey, r.current.text, r.previous.text])).toEqual([
      ['created', '<5', '14'],
      ['active', '1207', '1194'],
    ]);
  });

  it('gives shares only from 5 or more messages', () => {
    const read = views.find((v) => v.id === 'readWithin')!;
    expect(read.rows.find((r) => r.category === 'Hjerte' && r.measureKey === 'share3d')!.current.text).toBe('75,0 %');
    expect(read.rows.find((r) => r.category === 'Ortopedi' && r.measureKey === 'share3d')!.current.text).toBe('for få');
    expect(read.rows.find((r) => r.category === 'Hjerte' && r.measureKey === 'sent')!.previous.text).toBe('0');
  });

  it('exports exactly the rows shown, with "<5"', () => {
    const csv = toCsv(views, 'oktober 2026', 'september 2026', t as never);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Statistikk,Gjelder,Mål,oktober 2026,september 2026,Endring');
    expect(lines).toHaveLength(1 + views.reduce((n, v) => n + v.rows.length, 0));
    expect(lines).toContain('Helsekontakter,Hjerte,Opprettet,<5,12,');
    expect(lines).toContain('Helsekontakter,Alle enhetene,Aktive,1207,1194,+13');
    expect(csv).not.toMatch(/(^|,)[1-4](,|$)/m);
  });
});
