/**
 * A horizontal bar chart of one measure, the chosen period beside the period before, drawn as
 * SVG with visx (scales, bars and the value axis). Each category's name stands above its two
 * bars, so long unit names stay readable at 375 px. The SVG is one image with a name; its
 * numbers are the table's beside it (a screen reader reads the table, not the bars).
 */
import { AxisBottom } from '@visx/axis';
import { Group } from '@visx/group';
import { scaleLinear } from '@visx/scale';
import { Bar } from '@visx/shape';
import { useEffect, useId, useRef, useState } from 'react';
import type { ViewRow } from './view.ts';
import { formatNumber } from '../lib/format.ts';

const ROW = 58;
const BAR = 14;
const LABEL = 18;
const AXIS = 30;
const PAD = { left: 4, right: 64 };

function useWidth<T extends HTMLElement>(): [React.RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(320);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(([e]) => setWidth(Math.max(240, Math.floor(e!.contentRect.width))));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

export interface BarChartProps {
  label: string;
  rows: ViewRow[];
  currentLabel: string;
  previousLabel: string;
  locale: string;
}

export function BarChart({ label, rows, currentLabel, previousLabel, locale }: BarChartProps) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const titleId = useId();
  const max = Math.max(1, ...rows.flatMap((r) => [r.current.plot ?? 0, r.previous.plot ?? 0]));
  const inner = width - PAD.left - PAD.right;
  const x = scaleLinear<number>({ domain: [0, max], range: [0, inner], nice: true });
  const height = rows.length * ROW + AXIS;
  return (
    <div ref={ref} className="hd-stats-chart">
      <p className="hd-stats-legend" aria-hidden="true">
        <span className="hd-stats-swatch hd-stats-swatch--current" /> {currentLabel}
        <span className="hd-stats-swatch hd-stats-swatch--previous" /> {previousLabel}
      </p>
      <svg width={width} height={height} role="img" aria-labelledby={titleId}>
        <title id={titleId}>{label}</title>
        <Group left={PAD.left}>
          {rows.map((r, i) => {
            const top = i * ROW;
            return (
              <Group key={`${r.category}-${r.measureKey}-${i}`} top={top}>
                <text x={0} y={LABEL - 5} className="hd-stats-chart__label">
                  {r.category}
                </text>
                {(
                  [
                    ['current', r.current, 0],
                    ['previous', r.previous, BAR + 2],
                  ] as const
                ).map(([k, c, dy]) => (
                  <Group key={k} top={LABEL + dy}>
                    <Bar x={0} y={0} width={c.plot === null ? 0 : Math.max(1, x(c.plot))} height={BAR} className={`hd-stats-bar hd-stats-bar--${k}`} />
                    <text x={(c.plot === null ? 0 : x(c.plot)) + 4} y={BAR - 3} className="hd-stats-chart__value">
                      {c.text}
                    </text>
                  </Group>
                ))}
              </Group>
            );
          })}
          <AxisBottom
            top={rows.length * ROW}
            scale={x}
            numTicks={width < 400 ? 3 : 5}
            tickFormat={(v) => formatNumber(Number(v), locale, { maximumFractionDigits: 1 })}
            stroke="#6b6b6b"
            tickStroke="#6b6b6b"
            tickLabelProps={{ fill: '#3b3b3b', fontSize: 12, textAnchor: 'middle' }}
          />
        </Group>
      </svg>
    </div>
  );
}
