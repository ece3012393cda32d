// Times on screen are always Japan time (Asia/Tokyo), whatever the browser's zone, and "now"
// always comes from the server (the board stream's `now`, an SLA answer's `computed_at`):
// nothing here reads the browser's clock.

/** Milliseconds since the epoch. */
export type EpochMs = number;

// RFC 3339 as the API writes it: `2026-12-04T01:00:00Z`, `2026-12-04T10:00:00+09:00`, with up
// to 6 fraction digits (`…00.092417Z`). Parsed by hand because Date.parse only promises 3
// fraction digits.
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Parses an RFC 3339 date-time (`Z` or a numeric offset); null when it is not one. */
export function parseInstant(text: string | null | undefined): EpochMs | null {
  if (!text) return null;
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, z, sign, oh, om] = m;
  const millis = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  let at = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!, millis);
  if (!z) {
    const offset = (+oh! * 60 + +om!) * 60_000;
    at -= sign === '+' ? offset : -offset;
  }
  return at;
}

const TZ = 'Asia/Tokyo';
const dateTimeFmt = new Intl.DateTimeFormat('ja-JP', {
  timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});
const minuteFmt = new Intl.DateTimeFormat('ja-JP', {
  timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});
const shortFmt = new Intl.DateTimeFormat('ja-JP', {
  timeZone: TZ, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});
const timeFmt = new Intl.DateTimeFormat('ja-JP', {
  timeZone: TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});
const partsFmt = new Intl.DateTimeFormat('en-US', {
  timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hourCycle: 'h23',
});

function asMs(at: string | EpochMs | null | undefined): EpochMs | null {
  return typeof at === 'number' ? at : parseInstant(at);
}

/** `2026/12/04 10:05:00` in Japan time; `—` for nothing. */
export function formatDateTime(at: string | EpochMs | null | undefined): string {
  const ms = asMs(at);
  return ms === null ? '—' : dateTimeFmt.format(ms);
}

/** `2026/12/04 10:05` in Japan time (to the minute); `—` for nothing. */
export function formatMinute(at: string | EpochMs | null | undefined): string {
  const ms = asMs(at);
  return ms === null ? '—' : minuteFmt.format(ms);
}

/** `12/04 10:05` in Japan time. */
export function formatShort(at: string | EpochMs | null | undefined): string {
  const ms = asMs(at);
  return ms === null ? '—' : shortFmt.format(ms);
}

/** `10:05` when `at` is on the same Tokyo day as `today` (a server time), else `12/03 10:05`. */
export function formatTimeOrDay(at: string | EpochMs | null | undefined, today: string | EpochMs | null): string {
  const ms = asMs(at);
  if (ms === null) return '—';
  const ref = asMs(today);
  return ref !== null && tokyoDate(ms) === tokyoDate(ref) ? timeFmt.format(ms) : shortFmt.format(ms);
}

/** The Tokyo calendar date of an instant, `YYYY-MM-DD`. */
export function tokyoDate(at: string | EpochMs): string {
  const ms = asMs(at);
  if (ms === null) return '';
  const p = Object.fromEntries(partsFmt.formatToParts(ms).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}

/** The Tokyo month of an instant, `YYYY-MM`. */
export function tokyoMonth(at: string | EpochMs): string {
  return tokyoDate(at).slice(0, 7);
}

/** Months `YYYY-MM` from `from` to `to`, both included. */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return out;
}

/**
 * The Japanese fiscal year (April to March, the contract term) that holds `month`, as its 12
 * months, cut at `current` (the server's month) when that falls inside it.
 */
export function fiscalYearMonths(month: string, current: string | null): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const start = m >= 4 ? y : y - 1;
  const end = `${start + 1}-03`;
  const last = current !== null && current < end ? current : end;
  return last < `${start}-04` ? [] : monthRange(`${start}-04`, last);
}
