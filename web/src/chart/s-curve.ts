// The S-curve of the changes view's month (#/changes, 月次 EVM): the cumulative planned value
// (PV), earned value (EV) and actual cost (AC) in hours at the end of each day of the month,
// as GET /v1/evm answers `series`. uPlot draws it, like the SLA view's chart.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { lang } from '../i18n';

export interface SCurvePoint {
  date: string; // YYYY-MM-DD (Tokyo)
  pv: number;
  ev: number;
  ac: number;
}

const dayLabel = (date: string | undefined) => (date ? `${Number(date.slice(5, 7))}/${Number(date.slice(8, 10))}` : '');
const hoursText = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${Math.round(v * 10) / 10} h`);

/** Draws the curve into `el`; returns a function that removes it. */
export function drawSCurve(el: HTMLElement, points: SCurvePoint[]): () => void {
  const xs = points.map((_, i) => i);
  const width = () => Math.max(280, el.clientWidth || 600);
  const wall = document.documentElement.classList.contains('wall');
  const fg = getComputedStyle(el).color || '#222';
  const ja = lang() === 'ja';
  const line = (label: string, stroke: string, dash?: number[]): uPlot.Series => ({
    label, stroke, width: 2, dash, points: { show: false }, value: (_u, v) => hoursText(v),
  });

  const opts: uPlot.Options = {
    width: width(),
    height: wall ? 320 : 220,
    scales: {
      x: { time: false, range: () => [0, Math.max(1, points.length - 1)] },
      y: { range: (_u, _min, max) => [0, Math.max(10, (max ?? 0) * 1.1)] }, // 0 to 10 h while nothing is planned
    },
    axes: [
      {
        stroke: fg, grid: { show: false },
        splits: () => xs.filter((i) => i % 5 === 0 || i === xs.length - 1),
        values: (_u, splits) => splits.map((i) => dayLabel(points[i]?.date)),
      },
      { stroke: fg, label: ja ? '時間（累計）' : 'hours (cumulative)', size: 56, values: (_u, splits) => splits.map((v) => String(Math.round(v))) },
    ],
    legend: { show: true },
    cursor: { drag: { x: false, y: false } },
    series: [
      { label: ja ? '日付' : 'Day', value: (_u, i) => (i === null || i === undefined ? '' : dayLabel(points[i]?.date)) },
      line(ja ? '計画値(PV)' : 'PV', '#757575', [6, 4]),
      line(ja ? '出来高(EV)' : 'EV', '#1f5fbf'),
      line(ja ? '実コスト(AC)' : 'AC', '#c62828'),
    ],
  };
  const plot = new uPlot(opts, [xs, points.map((p) => p.pv), points.map((p) => p.ev), points.map((p) => p.ac)], el);
  const observer = new ResizeObserver(() => plot.setSize({ width: width(), height: opts.height }));
  observer.observe(el);
  return () => {
    observer.disconnect();
    plot.destroy();
  };
}
