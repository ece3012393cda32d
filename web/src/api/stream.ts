// The board stream reader: GET /v1/board/stream (text/event-stream) over fetch(), so it can
// send the bearer token; EventSource cannot send headers.
//
// - Reconnects when the answer ends or fails, after 1 s, 2 s, 4 s, 8 s, then every 10 s
//   (back to 1 s once a connection has delivered a message), sending `Last-Event-ID` with the
//   last `id:` received so the server can resume from that position.
// - 401: the token is no longer accepted; the session ends (the login page comes back).
// - 503 (too many streams): retried like a failure, no sooner than its Retry-After.
// - No byte for WATCHDOG_MS (the server sends a tick every 15 s by default): the connection is
//   taken as dead (a half-open socket, a proxy that buffers) and reopened.
import { authHeaders } from './client';
import { SseParser, type SseMessage } from './sse';
import { signOut } from './session';

export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'busy' | 'stopped';

export interface StreamHandlers {
  onMessage(message: SseMessage): void;
  onStatus(status: StreamStatus, retryInMs?: number): void;
}

const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 10_000;
const WATCHDOG_MS = 45_000; // three heartbeats at the server's default of 15 s

export class BoardStream {
  private stopped = false;
  private controller: AbortController | null = null;
  private lastEventId: string | null = null;
  private failures = 0;
  private sleepTimer: ReturnType<typeof setTimeout> | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly handlers: StreamHandlers, private readonly url = '/v1/board/stream') {}

  start(): void {
    void this.loop();
  }

  /** Closes the connection and stops reconnecting (view disposed, logout). */
  stop(): void {
    this.stopped = true;
    this.controller?.abort();
    if (this.sleepTimer) clearTimeout(this.sleepTimer);
    this.wake?.();
    this.handlers.onStatus('stopped');
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let minDelayMs = 0;
      try {
        minDelayMs = await this.connectOnce();
      } catch {
        // network error, abort by the watchdog, or a broken body: reconnect below
      }
      if (this.stopped) return;
      const delay = Math.max(minDelayMs, Math.min(FIRST_DELAY_MS * 2 ** this.failures, MAX_DELAY_MS));
      this.failures += 1;
      this.handlers.onStatus(minDelayMs > 0 ? 'busy' : 'reconnecting', delay);
      await this.sleep(delay);
    }
  }

  /** One connection, read to its end. Returns the least delay before the next try (ms). */
  private async connectOnce(): Promise<number> {
    this.controller = new AbortController();
    const { signal } = this.controller;
    this.handlers.onStatus('connecting');
    const headers: Record<string, string> = { ...authHeaders(), Accept: 'text/event-stream' };
    if (this.lastEventId !== null) headers['Last-Event-ID'] = this.lastEventId;
    const res = await fetch(this.url, { headers, signal, cache: 'no-store' });
    if (res.status === 401) {
      this.stopped = true;
      signOut('refused');
      return 0;
    }
    if (res.status === 503) {
      const retryAfter = Number(res.headers.get('Retry-After'));
      await res.body?.cancel();
      return Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : FIRST_DELAY_MS;
    }
    if (!res.ok || !res.body) {
      await res.body?.cancel();
      return 0;
    }

    const reader = res.body.getReader();
    const decoder = new TextDecoder(); // UTF-8; `stream: true` keeps split characters whole
    const parser = new SseParser();
    let watchdog = setTimeout(() => this.controller?.abort(), WATCHDOG_MS);
    let announced = false;
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        clearTimeout(watchdog);
        watchdog = setTimeout(() => this.controller?.abort(), WATCHDOG_MS);
        for (const message of parser.push(decoder.decode(value, { stream: true }))) {
          if (message.lastEventId !== null) this.lastEventId = message.lastEventId;
          if (!announced) {
            // Live only once the connection delivers: a server that accepts and closes at once
            // must not reset the backoff.
            announced = true;
            this.failures = 0;
            this.handlers.onStatus('live');
          }
          this.handlers.onMessage(message);
        }
      }
    } finally {
      clearTimeout(watchdog);
      reader.releaseLock();
    }
    return 0;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.sleepTimer = setTimeout(resolve, ms);
    });
  }
}
