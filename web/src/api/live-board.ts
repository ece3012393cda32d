// The live state behind the Now view: the board stream's rows and server time, plus the SLA
// clocks of the open incidents and the latest sla-watch alerts, kept fresh without polling.
//
// The stream says when something changed (a `snapshot` or `changes`) and what time it is on
// the server (every message's `now`; a `tick` every few seconds). Whenever the board's position
// or the server's `now` moves, the clocks and alerts are fetched again, throttled: at most one
// refresh in flight, and any number of triggers during it coalesce into one more refresh after
// it. Alerts are refreshed with the clocks (not only on `changes`) because they appear when
// time passes a threshold, which changes no board row.
import { ApiError, getJson } from './client';
import { BoardStream, type StreamStatus } from './stream';
import type {
  BoardIncident, Instant, SlaAlert, SlaAlertPage, SlaIncidentClocks, SlaOpenClocksPage,
  StreamChanges, StreamSnapshot, StreamTick,
} from './types';
import type { SseMessage } from './sse';

export interface LiveBoardState {
  /** The server's time, from the latest stream message (never the browser's clock). */
  now: Instant | null;
  /** The incidents log position the board rows are at. */
  position: number;
  rows: Map<string, BoardIncident>;
  /** The SLA clocks by incident id, computed by the server at `clocksComputedAt`. */
  clocks: Map<string, SlaIncidentClocks>;
  clocksComputedAt: Instant | null;
  /** The incidents log position the clocks are at (-1 before the first answer). */
  clocksPosition: number;
  alerts: SlaAlert[];
  stream: StreamStatus;
  /** Milliseconds until the next connection attempt while `reconnecting` or `busy`. */
  retryInMs: number | null;
  /** The last refresh's error, cleared by the next success. */
  refreshError: string | null;
}

export type LiveChange = 'board' | 'now' | 'clocks' | 'alerts' | 'stream';

const ALERT_LIMIT = 20;
const RETRY_REFRESH_MS = 1_000;
// sla-watch records alerts in its own log, whose position the board's stream does not carry:
// an alert recorded just after a refresh (its pass runs when the time arrives, as the page
// refreshes for it) would wait for the next event or second. The list is asked for every few
// seconds as well; a page whose alerts did not change re-renders nothing.
const ALERTS_POLL_MS = 3_000;

export class LiveBoard {
  readonly state: LiveBoardState = {
    now: null, position: 0, rows: new Map(), clocks: new Map(), clocksComputedAt: null, clocksPosition: -1,
    alerts: [], stream: 'connecting', retryInMs: null, refreshError: null,
  };
  private readonly stream: BoardStream;
  private inFlight = false;
  private pending = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private alertsTimer: ReturnType<typeof setInterval> | null = null;
  private lastTrigger = '';
  private alertsHead = -1;
  private stopped = false;

  constructor(private readonly onChange: (what: LiveChange) => void) {
    this.stream = new BoardStream({
      onMessage: (m) => this.handle(m),
      onStatus: (status, retryInMs) => {
        if (this.stopped) return; // the view that owned this board is gone
        this.state.stream = status;
        this.state.retryInMs = retryInMs ?? null;
        this.onChange('stream');
      },
    });
  }

  start(): void {
    this.stream.start();
    this.alertsTimer = setInterval(() => void this.pollAlerts(), ALERTS_POLL_MS);
  }

  stop(): void {
    this.stopped = true;
    this.stream.stop();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.alertsTimer) clearInterval(this.alertsTimer);
  }

  private handle(message: SseMessage): void {
    let data: unknown;
    try {
      data = JSON.parse(message.data);
    } catch {
      console.warn('board stream: a message whose data is not JSON', message);
      return;
    }
    const s = this.state;
    if (message.event === 'snapshot') {
      const snap = data as StreamSnapshot;
      s.rows = new Map(snap.rows.map((r) => [r.id, r]));
      this.moveTo(snap.position, snap.now);
      this.onChange('board');
      this.requestRefresh(true);
    } else if (message.event === 'changes') {
      const ch = data as StreamChanges;
      for (const row of ch.rows ?? []) s.rows.set(row.id, row);
      for (const id of ch.removed ?? []) {
        s.rows.delete(id);
        s.clocks.delete(id);
      }
      this.moveTo(ch.position, ch.now);
      this.onChange('board');
      this.requestRefresh(true);
    } else if (message.event === 'tick') {
      const tick = data as StreamTick;
      // Positions only move forward. A tick may be ahead of the last change this caller was
      // sent (the log moved on incidents it does not see): the clocks are asked at that position.
      this.moveTo(Math.max(s.position, tick.position ?? 0), tick.now);
      this.requestRefresh(false);
    }
  }

  private moveTo(position: number, now: Instant | undefined): void {
    this.state.position = position;
    if (now && now !== this.state.now) {
      this.state.now = now;
      this.onChange('now');
    }
  }

  /** Asks for a refresh of clocks and alerts; `force` even when position and now are unchanged. */
  private requestRefresh(force: boolean): void {
    const trigger = `${this.state.position}|${this.state.now}`;
    if (!force && trigger === this.lastTrigger) return;
    this.lastTrigger = trigger;
    if (this.inFlight) {
      this.pending = true;
      return;
    }
    this.inFlight = true;
    void this.refresh().finally(() => {
      this.inFlight = false;
      if (this.pending && !this.stopped) {
        this.pending = false;
        this.requestRefresh(true);
      }
    });
  }

  private applyAlerts(page: SlaAlertPage): void {
    if (page.head_position === this.alertsHead) return;
    this.alertsHead = page.head_position;
    this.state.alerts = page.items;
    this.onChange('alerts');
  }

  /** Between refreshes: the alerts only (a failure is reported by the next refresh). */
  private async pollAlerts(): Promise<void> {
    if (this.inFlight || this.stopped) return;
    try {
      const page = await getJson<SlaAlertPage>('/v1/sla/alerts', { limit: ALERT_LIMIT });
      if (!this.stopped) this.applyAlerts(page);
    } catch {
      // the next refresh asks again and shows the error
    }
  }

  private async refresh(): Promise<void> {
    const position = this.state.position;
    const [clocks, alerts] = await Promise.allSettled([
      // min_position: the clocks must include everything the board rows show.
      openClocks(position),
      getJson<SlaAlertPage>('/v1/sla/alerts', { limit: ALERT_LIMIT }),
    ]);
    if (this.stopped) return;
    const errors: string[] = [];
    let retryAfterMs = 0;
    if (clocks.status === 'fulfilled') {
      this.state.clocks = new Map(clocks.value.items.map((c) => [c.incident_id, c]));
      this.state.clocksComputedAt = clocks.value.computed_at;
      this.state.clocksPosition = clocks.value.as_of_position;
      this.onChange('clocks');
    } else {
      errors.push(`/v1/sla/incidents: ${describe(clocks.reason)}`);
      // 503 position-not-yet-applied: the SLA engine is behind the board; ask again shortly.
      const ra = clocks.reason instanceof ApiError ? clocks.reason.retryAfter : null;
      retryAfterMs = Math.max(retryAfterMs, (ra ?? 0) * 1000, RETRY_REFRESH_MS);
    }
    if (alerts.status === 'fulfilled') {
      this.applyAlerts(alerts.value);
    } else {
      errors.push(`/v1/sla/alerts: ${describe(alerts.reason)}`);
      retryAfterMs = Math.max(retryAfterMs, RETRY_REFRESH_MS);
    }
    const error = errors.length ? errors.join('; ') : null;
    if (error !== this.state.refreshError) {
      this.state.refreshError = error;
      this.onChange('stream');
    }
    // Under a stopped (test) clock no new `now` may come for a while: retry failures by timer.
    if (retryAfterMs && !this.retryTimer) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.requestRefresh(true);
      }, retryAfterMs);
    }
  }
}

/**
 * Every open incident's clocks: GET /v1/sla/incidents?status=open, following `next_cursor`
 * over the pages (200 incidents a page by default; a page of 1000 is asked for).
 */
async function openClocks(position: number): Promise<SlaOpenClocksPage> {
  const items: SlaIncidentClocks[] = [];
  let cursor: string | null = null;
  let page: SlaOpenClocksPage;
  do {
    page = await getJson<SlaOpenClocksPage>('/v1/sla/incidents', { status: 'open', limit: 1000, cursor, min_position: position });
    items.push(...page.items);
    cursor = page.next_cursor ?? null;
  } while (cursor);
  return { ...page, items };
}

function describe(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
