// A time-series chart (uPlot): daily values, an optional reference line (a threshold or baseline)
// and vertical markers (alerts on the time axis). The uPlot instance hangs on the element as
// `__uplot` so the browser tests read the points it actually draws.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartProps {
  title: string;
  days: string[];
  values: Array<number | null>;
  color?: string;
  reference?: { value: number; label: string } | null;
  /** A second series on the same axes (e.g. the live version beside a backtested draft). */
  second?: { label: string; values: Array<number | null>; color?: string } | null;
  markers?: Array<{ day: string; label: string; color?: string }>;
  height?: number;
  testId?: string;
}

const toTs = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;
/** Axis labels that fit: 950, 12k, 1.5M. */
const compact = (v: number) => (Math.abs(v) >= 1e6 ? `${+(v / 1e6).toFixed(1)}M` : Math.abs(v) >= 1e4 ? `${+(v / 1e3).toFixed(0)}k` : Math.abs(v) >= 1e3 ? `${+(v / 1e3).toFixed(1)}k` : `${v}`);

export function Chart({ title, days, values, color = '#1f5fbf', reference, second, markers = [], height = 150, testId }: ChartProps) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = el.current;
    if (!node) return;
    const xs = days.map(toTs);
    const data: uPlot.AlignedData = [xs, values, ...(reference ? [xs.map(() => reference.value)] : []), ...(second ? [second.values] : [])];
    const marks = markers.map((m) => ({ ...m, ts: toTs(m.day) }));
    const opts: uPlot.Options = {
      width: Math.max(240, node.clientWidth),
      height,
      legend: { show: false },
      cursor: { y: false },
      scales: { x: { time: true } },
      axes: [{ stroke: '#5b6472', grid: { stroke: '#eef0f3' }, size: 28 }, { stroke: '#5b6472', grid: { stroke: '#eef0f3' }, size: 44, values: (_u, splits) => splits.map(compact) }],
      series: [
        {},
        { label: title, stroke: color, width: 1.5, fill: `${color}18`, spanGaps: true },
        ...(reference ? [{ label: reference.label, stroke: '#c0392b', dash: [5, 4], width: 1.2, points: { show: false } }] : []),
        ...(second ? [{ label: second.label, stroke: second.color ?? '#9a5b00', width: 1.5, spanGaps: true }] : []),
      ],
      hooks: {
        draw: [
          (u) => {
            const ctx = u.ctx;
            ctx.save();
            for (const m of marks) {
              const x = u.valToPos(m.ts, 'x', true);
              if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
              ctx.strokeStyle = m.color ?? '#d35400';
              ctx.lineWidth = 2 * devicePixelRatio;
              ctx.beginPath();
              ctx.moveTo(x, u.bbox.top);
              ctx.lineTo(x, u.bbox.top + u.bbox.height);
              ctx.stroke();
            }
            ctx.restore();
          },
        ],
      },
    };
    const plot = new uPlot(opts, data, node);
    (node as unknown as { __uplot: uPlot }).__uplot = plot;
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(240, node.clientWidth), height }));
    resize.observe(node);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [days, values, color, reference?.value, reference?.label, second?.values, markers.map((m) => m.day).join(), height, title]);
  return (
    <figure className="chart">
      <figcaption>
        {title}
        {reference ? <span className="ref"> · dashed: {reference.label}</span> : null}
        {second ? <span className="ref"> · <i className="swatch" style={{ background: second.color ?? '#9a5b00' }} /> {second.label}</span> : null}
        {markers.length ? <span className="mark"> · orange: alerts</span> : null}
      </figcaption>
      <div ref={el} data-testid={testId} role="img" aria-label={`${title} over ${days.length} days`} />
    </figure>
  );
}
