// The month-by-month chart of the SLA view: the mean business time to the first notice (第一報,
// 障害対応状況通知時間) per month of the contract term, against the 1h30m goal line. uPlot draws
// it; months without any clock are gaps, not zero.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatDuration } from '../format/duration';
import { lang, t } from '../i18n';

export interface MonthPoint {
  month: string; // YYYY-MM
  meanSeconds: number | null; // null: nothing averaged that month
}

const GOAL_SECONDS = 5400; // 1h30m, the contract's goal for the first notice
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function monthLabel(month: string | undefined): string {
  if (!month) return '';
  const m = Number(month.slice(5, 7));
  return lang() === 'ja' ? `${m}月` : EN_MONTHS[m - 1] ?? month;
}

/** Draws the chart into `el`; returns a function that removes it. */
export function drawFirstNoticeChart(el: HTMLElement, points: MonthPoint[], goalSeconds = GOAL_SECONDS): () => void {
  const xs = points.map((_, i) => i);
  const means = points.map((p) => (p.meanSeconds === null ? null : p.meanSeconds / 60)); // minutes
  const goal = points.map(() => goalSeconds / 60);
  const width = () => Math.max(280, el.clientWidth || 600);
  const wall = document.documentElement.classList.contains('wall');
  const fg = getComputedStyle(el).color || '#222';

  const opts: uPlot.Options = {
    width: width(),
    height: wall ? 360 : 260,
    scales: {
      x: { time: false, range: () => [-0.5, Math.max(0.5, points.length - 0.5)] },
      y: { range: (_u, _min, max) => [0, Math.max(goalSeconds / 60 * 1.3, (max ?? 0) * 1.15)] },
    },
    axes: [
      { stroke: fg, splits: () => xs, values: (_u, splits) => splits.map((i) => monthLabel(points[i]?.month)), grid: { show: false } },
      { stroke: fg, label: t('chart_minutes'), size: 56, values: (_u, splits) => splits.map((v) => String(Math.round(v))) },
    ],
    legend: { show: true },
    cursor: { drag: { x: false, y: false } },
    series: [
      { label: lang() === 'ja' ? '月' : 'Month', value: (_u, i) => (i === null || i === undefined ? '' : monthLabel(points[i]?.month)) },
      {
        label: t('chart_mean'),
        stroke: '#1f5fbf',
        width: 2,
        points: { show: true, size: 9, fill: '#1f5fbf' },
        spanGaps: false,
        value: (_u, v) => (v === null || v === undefined ? '—' : formatDuration(v * 60)),
      },
      {
        label: t('chart_goal'),
        stroke: '#c62828',
        width: 2,
        dash: [8, 6],
        points: { show: false },
        value: () => formatDuration(goalSeconds),
      },
    ],
  };
  const plot = new uPlot(opts, [xs, means, goal], el);
  const observer = new ResizeObserver(() => plot.setSize({ width: width(), height: opts.height }));
  observer.observe(el);
  return () => {
    observer.disconnect();
    plot.destroy();
  };
}
