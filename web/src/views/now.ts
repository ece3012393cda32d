// #/now 障害の現況: the open incidents (障害) live from the board stream; for each affected
// association the first-notice (第一報) countdown in business time and today's progress reports
// (経過報告); and the latest SLA alerts of sla-watch.
//
// Every "now" on this page is the server's: the stream's `now` and the SLA answer's
// `computed_at`. The countdowns are the server's `remaining` at `computed_at`, refreshed each
// time the server's time moves (see api/live-board.ts); nothing counts down on the browser's
// clock, which may be wrong, and which cannot know business hours or holidays.
//
// Under each incident, the configuration items it names that the ci-links read model linked
// (chips with the item's code, each opening the item in the changes view: #/changes?ci=<code>),
// asked for when the set of incidents on the page changes (api/incident-links.ts).
import { IncidentLinks } from '../api/incident-links';
import { LiveBoard, type LiveChange } from '../api/live-board';
import type { BoardIncident, BoardTenant, FirstNoticeClock, ProgressCadence, SlaAlert, SlaIncidentClocks } from '../api/types';
import { h } from '../dom';
import { formatClock, formatElapsed } from '../format/duration';
import { formatDateTime, formatTimeOrDay, parseInstant, tokyoDate } from '../format/time';
import { learnTenantName, t, tenantName, type LabelKey } from '../i18n';
import type { View } from './types';

/** The countdown's `data-state`, also its CSS class. */
export type CountdownState =
  | 'ok' // running, under 50 % of the goal
  | 'amber50' // running, 50 % or more
  | 'amber75' // running, 75 % or more
  | 'breached' // past the goal and no report yet (or closed without one)
  | 'paused' // running but outside business hours: the clock is not counting now
  | 'sent' // the first report went out (data-late="true" when after the goal)
  | 'loading' // clocks not fetched yet
  | 'not_measured'; // no clock for this association (e.g. before go-live, unmeasurable)

let live: LiveBoard | null = null;
let links: IncidentLinks | null = null;
let root: HTMLElement | null = null;
let renderQueued = false;
const dirty = new Set<LiveChange | 'links'>();

export const nowView: View = {
  id: 'now',
  label_ja: '障害の現況',
  label_en: 'Now',

  render(container) {
    root = h('section', { class: 'view-now' },
      h('div', { class: 'now-bar' },
        h('div', { class: 'server-now', 'data-testid': 'server-now' }),
        h('div', { class: 'stream-status', 'data-testid': 'stream-status' }),
      ),
      h('div', { class: 'now-grid' },
        h('section', { class: 'panel incidents' },
          h('h2', null, t('open_incidents'), ' ', h('span', { class: 'count', 'data-testid': 'incident-count' })),
          h('div', { class: 'incident-list', 'data-testid': 'incident-list' }, h('p', { class: 'muted' }, t('loading'))),
        ),
        h('section', { class: 'panel alerts' },
          h('h2', null, t('alerts_title')),
          h('div', { class: 'alert-list', 'data-testid': 'alert-list' }),
        ),
      ),
    );
    container.append(root);
    live = new LiveBoard((what) => schedule(what));
    links = new IncidentLinks(() => schedule('links'));
    live.start();
    schedule('stream');
  },

  dispose() {
    live?.stop();
    live = null;
    links?.stop();
    links = null;
    root = null;
    dirty.clear();
  },
};

// Changes come in bursts (a snapshot, then clocks, then alerts): render once per burst.
function schedule(what: LiveChange | 'links'): void {
  dirty.add(what);
  if (renderQueued) return;
  renderQueued = true;
  queueMicrotask(() => {
    renderQueued = false;
    if (!live || !root) return;
    if (dirty.has('now') || dirty.has('stream')) renderBar();
    if (dirty.has('board') || dirty.has('clocks') || dirty.has('now') || dirty.has('links')) renderIncidents();
    if (dirty.has('alerts') || dirty.has('board')) renderAlerts();
    dirty.clear();
  });
}

function part(selector: string): HTMLElement {
  return root!.querySelector<HTMLElement>(selector)!;
}

function renderBar(): void {
  const s = live!.state;
  const now = part('[data-testid="server-now"]');
  now.dataset.now = s.now ?? '';
  now.replaceChildren(h('span', { class: 'label' }, t('server_now')), ' ', h('time', { datetime: s.now ?? '' }, formatDateTime(s.now)));
  const status = part('[data-testid="stream-status"]');
  status.dataset.status = s.stream;
  const label: Record<typeof s.stream, LabelKey> = {
    connecting: 'stream_connecting', live: 'stream_live', reconnecting: 'stream_reconnecting',
    busy: 'stream_busy', stopped: 'stream_reconnecting',
  };
  const retry = s.retryInMs !== null && (s.stream === 'reconnecting' || s.stream === 'busy') ? ` (${Math.ceil(s.retryInMs / 1000)}s)` : '';
  status.replaceChildren(h('span', { class: 'dot' }), t(label[s.stream]) + retry);
  if (s.refreshError) status.append(h('span', { class: 'refresh-error', title: s.refreshError }, ` ※ ${t('error')}`));
}

function renderIncidents(): void {
  const s = live!.state;
  // The newest fault first, as the board lists them.
  const rows = [...s.rows.values()].sort((a, b) => (parseInstant(b.detected_at) ?? 0) - (parseInstant(a.detected_at) ?? 0));
  part('[data-testid="incident-count"]').textContent = String(rows.length);
  links?.follow(rows.map((r) => r.id)); // asks only when the set of incidents changed
  const list = part('[data-testid="incident-list"]');
  if (s.stream === 'connecting' && rows.length === 0 && s.now === null) return; // still "loading"
  // Clocks at (or past) the board's position cover every row: a row without any is not measured.
  const clocksCurrent = s.clocksPosition >= s.position;
  list.replaceChildren(...(rows.length ? rows.map((r) => incidentCard(r, s.clocks.get(r.id), clocksCurrent, s.now)) : [h('p', { class: 'muted empty' }, t('no_incidents'))]));
}

function incidentCard(row: BoardIncident, clocks: SlaIncidentClocks | undefined, clocksCurrent: boolean, now: string | null): HTMLElement {
  // Wall-clock time since detection, on the server's clock (the row's own elapsed_text was
  // computed when the row last changed).
  const nowMs = parseInstant(now);
  const detectedMs = parseInstant(row.detected_at);
  const elapsed = nowMs !== null && detectedMs !== null ? formatElapsed((nowMs - detectedMs) / 1000) : row.elapsed_text;
  const today = clocks ? tokyoDate(clocks.computed_at) : now ? tokyoDate(now) : '';
  return h('article', { class: `incident sev-${row.severity}`, 'data-testid': 'incident-row', 'data-incident-id': row.id, 'data-status': row.status },
    h('header', null,
      h('span', { class: `badge sev sev-${row.severity}` }, t(`severity_${row.severity}` as LabelKey)),
      h('span', { class: `badge status status-${row.status}` }, t(`status_${row.status}` as LabelKey)),
      h('h3', { class: 'title' }, row.title),
      h('div', { class: 'meta' },
        `${t('detected')} ${formatDateTime(row.detected_at)}`, ' · ',
        h('span', { 'data-testid': 'elapsed' }, `${t('elapsed')} ${elapsed}`),
      ),
      ciChips(row.id),
    ),
    h('table', { class: 'tenants' },
      h('thead', null, h('tr', null, h('th', null, t('col_tenant')), h('th', null, t('col_first_notice')), h('th', null, t('col_progress')))),
      h('tbody', null, ...row.tenants.map((bt) => tenantRow(bt, clocks, clocksCurrent, today, now))),
    ),
  );
}

/** The configuration items the incident names, as chips opening the item in the changes view. */
function ciChips(incidentId: string): HTMLElement | null {
  const items = links?.of(incidentId) ?? [];
  if (items.length === 0) return null;
  return h('div', { class: 'ci-chips', 'data-testid': 'incident-cis' },
    h('span', { class: 'label' }, t('ci_chips_label')),
    ...items.map((ci) => h('a', {
      class: 'ci-chip', href: `#/changes?ci=${encodeURIComponent(ci.code)}`, 'data-testid': 'incident-ci', 'data-code': ci.code,
      title: ci.text === ci.code ? ci.name : `${ci.name}（${ci.text}）`,
    }, ci.code)));
}

function tenantRow(bt: BoardTenant, clocks: SlaIncidentClocks | undefined, clocksCurrent: boolean, today: string, now: string | null): HTMLElement {
  learnTenantName(bt.tenant, bt.name_ja);
  const clock = latestClock(clocks, bt.tenant);
  return h('tr', { 'data-testid': 'incident-tenant', 'data-tenant': bt.tenant },
    h('td', { class: 'tenant-name' }, tenantName(bt.tenant),
      clock?.reference_only ? h('span', { class: 'badge ref' }, t('reference_only')) : null),
    h('td', null, countdown(bt, clocks, clocksCurrent, clock, now)),
    h('td', null, progress(bt.tenant, clocks?.progress_cadence.find((p) => p.tenant === bt.tenant), today, clocksCurrent)),
  );
}

/** The tenant's clock for the current occurrence (the latest reopening, else the detection). */
function latestClock(clocks: SlaIncidentClocks | undefined, tenant: string): FirstNoticeClock | undefined {
  let best: FirstNoticeClock | undefined;
  for (const c of clocks?.first_notice ?? []) if (c.tenant === tenant && (!best || c.recurrence > best.recurrence)) best = c;
  return best;
}

export function countdownState(clock: FirstNoticeClock): CountdownState {
  if (clock.state === 'unmeasurable') return 'not_measured';
  if (clock.stopped_at) return clock.stop_kind === 'closed' ? 'breached' : 'sent';
  if (clock.breached) return 'breached';
  if (clock.paused) return 'paused';
  if (clock.percent_of_goal >= 75) return 'amber75';
  if (clock.percent_of_goal >= 50) return 'amber50';
  return 'ok';
}

function countdown(bt: BoardTenant, clocks: SlaIncidentClocks | undefined, clocksCurrent: boolean, clock: FirstNoticeClock | undefined, now: string | null): HTMLElement {
  const attrs = (state: CountdownState, extra: Record<string, string | number> = {}) => ({
    class: `countdown state-${state}`, 'data-testid': 'countdown', 'data-tenant': bt.tenant, 'data-state': state, ...extra,
  });
  if (!clock) {
    // No clock (yet): the board still knows whether the first notice went out.
    if (bt.first_notice_sent) return h('div', attrs('sent'), h('span', { class: 'cd-main' }, `✓ ${t('sent')} ${formatTimeOrDay(bt.first_notice_at, now)}`));
    if (!clocks && !clocksCurrent) return h('div', attrs('loading'), h('span', { class: 'cd-sub' }, t('clock_loading')));
    return h('div', attrs('not_measured'), h('span', { class: 'cd-sub' }, t('not_measured')));
  }
  const state = countdownState(clock);
  const pct = clock.percent_of_goal;
  // The amber level stays visible as a class while paused, so a paused 80 % clock still stands out.
  const level = pct >= 75 ? 'amber75' : pct >= 50 ? 'amber50' : 'ok';
  const common = { 'data-percent': pct, 'data-remaining-seconds': clock.remaining.seconds };
  switch (state) {
    case 'sent':
      return h('div', attrs('sent', { ...common, 'data-late': String(clock.breached) }),
        h('span', { class: 'cd-main' }, `✓ ${t(clock.breached ? 'sent_late' : 'sent')} ${formatTimeOrDay(clock.stopped_at, now)}`),
        h('span', { class: 'cd-sub' }, `${t('deadline')} ${formatTimeOrDay(clock.breach_time, now)}`));
    case 'breached': {
      const over = clock.business_elapsed.seconds - clock.goal.seconds;
      return h('div', attrs('breached', common),
        h('span', { class: 'cd-main' }, clock.stop_kind === 'closed' ? t('closed_without_notice') : t('breached')),
        h('span', { class: 'cd-sub' }, `${t('deadline')} ${formatTimeOrDay(clock.breach_time, now)} · ${t('over_by')} ${formatClock(over)}`));
    }
    case 'not_measured':
      return h('div', attrs('not_measured'), h('span', { class: 'cd-sub' }, t('not_measured')));
    default:
      return h('div', { ...attrs(state, common), class: `countdown state-${state} level-${level}` },
        h('span', { class: 'cd-main' }, t('remaining', { time: formatClock(clock.remaining.seconds) }),
          state === 'paused' ? h('span', { class: 'cd-paused' }, ` ${t('paused')}`) : null),
        h('span', { class: 'cd-sub' }, `${t('deadline')} ${formatTimeOrDay(clock.breach_time, now)} · ${pct}%`),
        h('div', { class: 'bar' }, h('div', { class: 'fill', style: `width:${Math.min(100, pct)}%` })),
      );
  }
}

/**
 * Today's progress reports (経過報告) to the association: how many it is owed today (the goal's
 * N when today is an owed business day: today's ongoing cycle, or a cycle of today already
 * met) and how many reports of any kind it got today (any kind counts toward the day, as the
 * SLA engine counts). "Today" is the Tokyo date of the server's `computed_at`.
 */
function progress(tenant: string, cadence: ProgressCadence | undefined, today: string, loaded: boolean): HTMLElement {
  if (!cadence) return h('span', { class: 'progress muted', 'data-testid': 'progress', 'data-tenant': tenant }, loaded ? '—' : '');
  const perDay = Number.parseInt(cadence.goal, 10) || 1;
  const owedToday = cadence.ongoing_cycle?.day === today || cadence.completed_cycles.some((c) => c.day === today);
  const owed = owedToday ? perDay : 0;
  const sent = cadence.reports.filter((r) => tokyoDate(r.sent_at) === today).length;
  const state = !owedToday ? 'none' : sent >= owed ? 'met' : 'owed';
  return h('span', { class: `progress progress-${state}`, 'data-testid': 'progress', 'data-tenant': tenant, 'data-owed': owed, 'data-sent': sent, 'data-state': state },
    owedToday ? t('progress_sent_owed', { sent, owed }) : t('progress_not_owed', { sent }));
}

function renderAlerts(): void {
  const s = live!.state;
  const list = part('[data-testid="alert-list"]');
  list.replaceChildren(s.alerts.length
    ? h('ol', { class: 'alert-items' }, ...s.alerts.map((a) => alertRow(a, s.rows.get(a.incident_id), s.now)))
    : h('p', { class: 'muted empty' }, t('no_alerts')));
}

/** One alert: percent reached, association and clock, the incident, and when it was reached. */
function alertRow(a: SlaAlert, row: BoardIncident | undefined, now: string | null): HTMLElement {
  const level = a.percent >= 100 ? 'breached' : a.percent >= 75 ? 'amber75' : 'amber50';
  const clock = t(a.clock === 'first_notice' ? 'clock_first_notice' : 'clock_progress_cadence');
  return h('li', { class: `alert level-${level}`, 'data-testid': 'alert-row', 'data-incident-id': a.incident_id, 'data-tenant': a.tenant, 'data-clock': a.clock, 'data-percent': a.percent },
    h('span', { class: `pct level-${level}` }, `${a.percent}%`),
    h('div', { class: 'alert-main' },
      h('div', { class: 'alert-what' }, `${tenantName(a.tenant)} · ${clock}`,
        a.cycle_day ? ` (${a.cycle_day})` : '', a.recurrence > 0 ? ` #${a.recurrence}` : ''),
      h('div', { class: 'alert-incident muted', title: a.incident_id }, row?.title ?? `${a.incident_id.slice(0, 8)}…`),
    ),
    h('time', { class: 'alert-time', datetime: a.due_at, title: `${t('alert_due')} ${formatDateTime(a.due_at)}` }, formatTimeOrDay(a.due_at, now)),
  );
}
