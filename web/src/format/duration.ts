import { lang } from '../i18n';

/** `1時間15分` (ja) or `1h15m` (en), largest unit first, zero parts left out, `0分` for zero. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const ja = lang() === 'ja';
  const parts: string[] = [];
  if (h) parts.push(ja ? `${h}時間` : `${h}h`);
  if (m) parts.push(ja ? `${m}分` : `${m}m`);
  if (sec && !h) parts.push(ja ? `${sec}秒` : `${sec}s`);
  return parts.length ? parts.join('') : ja ? '0分' : '0m';
}

/** A countdown as a clock, `1:05:09`, hours not wrapped at 24. */
export function formatClock(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** `H:MM` elapsed wall time, as the board's `elapsed_text`. */
export function formatElapsed(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}`;
}
