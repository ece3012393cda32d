// #/inquiries 問合せ: the inquiries (問合せ) the caller may see, newest first, with filters kept
// in the route (`#/inquiries?tenant=soumu&status=answered&q=帳票&id=<inquiry>`, so a reload or
// a bookmark keeps them); the selected inquiry's detail and history beside the list; the
// reception form (受付) for maintainers and association administrators; and, for maintainers,
// the desk's commands on the selected inquiry: classify (and escalate a fault to an incident),
// answer, record effort (対応実工数), close.
//
// Everything comes from docs/api/inquiries.yaml: GET /v1/inquiries (the list, paged by
// next_cursor), GET /v1/inquiries/{id} and /events, POST /v1/inquiries and
// POST /v1/inquiries/{id}/{command}. The server decides who may see and do what (404 for
// another association's inquiry, 403 for a command the role may not run); the view only leaves
// out what the role cannot use. An escalated fault's incident is opened and linked by the
// server's escalation process manager shortly after the classification: the detail polls
// until the link appears.
import { ApiError, getJson } from '../api/client';
import { isCentreWide } from '../api/jwt';
import { knownTenants } from '../api/tenants';
import type {
  Inquiry, InquiryChannel, InquiryClass, InquiryEffortKind, InquiryEvent, InquiryHistory, InquiryPage,
  InquiryStatus, InquirySummary,
} from '../api/types';
import { h } from '../dom';
import { formatDuration } from '../format/duration';
import { formatMinute } from '../format/time';
import { learnTenantName, t, tenantName, type LabelKey } from '../i18n';
import { field, send, type FormState } from './forms';
import type { View, ViewContext } from './types';

const LIST = '/v1/inquiries';
const PAGE_SIZE = 50;
const MAX_PAGE = 200; // the API's largest `limit`
const POLL_MS = 1000; // while an escalated fault waits for its incident
const POLL_TRIES = 30;
const STATUSES: InquiryStatus[] = ['received', 'in_progress', 'waiting_for_information', 'answered', 'closed'];
const CLASSES: InquiryClass[] = ['fault', 'improvement', 'question', 'out_of_scope'];
const CHANNELS: InquiryChannel[] = ['phone', 'email', 'web', 'in_person', 'other'];
const EFFORT_KINDS: InquiryEffortKind[] = ['handling', 'investigation', 'recording', 'answer_review', 'coordination'];
const SEVERITIES = ['critical', 'major', 'minor'] as const;
/** The inquiry origin that is no association: the centre operations team (centre staff only). */
const CENTRE_OPS = 'centre_ops';
const CENTRE_OPS_NAME = '共同利用センター運用チーム';
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Filters {
  tenant: string;
  status: string;
  class: string;
  q: string;
  received_from: string;
  received_to: string;
}
const NO_FILTERS: Filters = { tenant: '', status: '', class: '', q: '', received_from: '', received_to: '' };

let root: HTMLElement | null = null;
let context: ViewContext | null = null;
let filters: Filters = { ...NO_FILTERS };
let selectedId = '';
let items: InquirySummary[] = [];
let nextCursor: string | null = null;
let listGeneration = 0; // bumped on every list load: an answer for an older one is dropped
let detailGeneration = 0; // the same for the detail
let pollTimer: ReturnType<typeof setTimeout> | null = null;
let actionsFor = ''; // the inquiry the maintainer's action forms were built for (kept across refreshes)

export const inquiriesView: View = {
  id: 'inquiries',
  label_ja: '問合せ',
  label_en: 'Inquiries',

  render(container, ctx) {
    context = ctx;
    learnTenantName(CENTRE_OPS, CENTRE_OPS_NAME);
    filters = filtersFrom(ctx);
    selectedId = UUID_RE.test(ctx.params.get('id') ?? '') ? ctx.params.get('id')!.toLowerCase() : '';
    items = [];
    nextCursor = null;
    actionsFor = '';

    root = h('section', { class: 'view-inquiries' },
      controls(ctx),
      h('section', { class: 'panel inq-new', hidden: true, 'data-testid': 'inquiry-new-panel' }),
      h('div', { class: 'inq-grid' },
        h('section', { class: 'panel inq-list-panel' },
          h('h2', null, t('inq_title'), ' ', h('span', { class: 'count', 'data-testid': 'inquiry-count' })),
          h('div', { 'data-testid': 'inquiry-list' }, h('p', { class: 'muted' }, t('loading'))),
        ),
        h('section', { class: 'panel inq-detail', 'data-testid': 'inquiry-detail' },
          h('div', { class: 'inq-detail-info' }, h('p', { class: 'muted' }, t('inq_select_hint'))),
          h('div', { class: 'inq-actions-slot' }),
        ),
      ),
    );
    container.append(root);
    void loadList();
    if (selectedId) void loadDetail(selectedId);
  },

  dispose() {
    listGeneration += 1;
    detailGeneration += 1;
    stopPolling();
    root = null;
    context = null;
  },
};

// ---- scope, roles and the route -------------------------------------------------------------

const isMaintainer = (ctx: ViewContext) => ctx.claims.roles.includes('maintainer');
const canFile = (ctx: ViewContext) => isMaintainer(ctx) || ctx.claims.roles.includes('association_admin');

/**
 * The origins the user may filter on and file for: centre staff (`"*"`) every association
 * (GET /v1/tenants) and the centre operations team; others the associations of their token.
 */
function scopesFor(ctx: ViewContext): string[] {
  if (isCentreWide(ctx.claims)) return [...knownTenants().map((tenant) => tenant.code), CENTRE_OPS];
  return ctx.claims.tenants.filter((code) => code !== '*');
}

function filtersFrom(ctx: ViewContext): Filters {
  const p = ctx.params;
  const pickOf = (value: string | null, allowed: readonly string[]) => (value && allowed.includes(value) ? value : '');
  const date = (value: string | null) => (value && DATE_RE.test(value) ? value : '');
  return {
    tenant: pickOf(p.get('tenant'), scopesFor(ctx)),
    status: pickOf(p.get('status'), STATUSES),
    class: pickOf(p.get('class'), CLASSES),
    q: (p.get('q') ?? '').trim(),
    received_from: date(p.get('received_from')),
    received_to: date(p.get('received_to')),
  };
}

/** Writes the filters and the selected inquiry into the route (empty ones left out). */
function saveRoute(): void {
  if (!context) return;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(filters)) if (v) out[k] = v;
  if (selectedId) out.id = selectedId;
  context.setParams(out);
}

function part<T extends HTMLElement = HTMLElement>(selector: string): T {
  return root!.querySelector<T>(selector)!;
}

// ---- labels -----------------------------------------------------------------------------------

const statusLabel = (s: InquiryStatus) => t(`inq_status_${s}` as LabelKey);
const classLabel = (c: InquiryClass | null) => t(c ? (`inq_class_${c}` as LabelKey) : 'inq_class_none');
const channelLabel = (c: string) => (CHANNELS.includes(c as InquiryChannel) ? t(`inq_channel_${c}` as LabelKey) : c);
const effortLabel = (k: string) => (EFFORT_KINDS.includes(k as InquiryEffortKind) ? t(`inq_effort_${k}` as LabelKey) : k);
const severityLabel = (s: string) => (SEVERITIES.includes(s as (typeof SEVERITIES)[number]) ? t(`severity_${s}` as LabelKey) : s);
/** Minutes as hours and minutes: `1時間30分` / `1h30m`. */
const minutesText = (minutes: number) => formatDuration(minutes * 60);
/** A UUIDv7 shortened to its random tail (its head is a timestamp, shared by ids made together). */
const shortId = (id: string) => `…${id.slice(-8)}`;

function statusBadge(s: InquiryStatus): HTMLElement {
  return h('span', { class: `badge inq-status inq-status-${s}`, 'data-testid': 'inquiry-status', 'data-status': s }, statusLabel(s));
}

function classBadge(c: InquiryClass | null): HTMLElement {
  return h('span', { class: `badge inq-class class-${c ?? 'none'}`, 'data-testid': 'inquiry-class', 'data-class': c ?? '' }, classLabel(c));
}

function options(values: readonly string[], label: (v: string) => string, selected: string, empty?: string): HTMLOptionElement[] {
  return [
    ...(empty !== undefined ? [h('option', { value: '', selected: selected === '' }, empty)] : []),
    ...values.map((v) => h('option', { value: v, selected: v === selected }, label(v))),
  ];
}

// ---- filters ------------------------------------------------------------------------------------

function controls(ctx: ViewContext): HTMLElement {
  const tenantSelect = h('select', { 'data-testid': 'inquiry-filter-tenant', name: 'tenant' },
    ...options(scopesFor(ctx), tenantName, filters.tenant, t('inq_all')));
  const statusSelect = h('select', { 'data-testid': 'inquiry-filter-status', name: 'status' },
    ...options(STATUSES, (s) => statusLabel(s as InquiryStatus), filters.status, t('inq_all')));
  const classSelect = h('select', { 'data-testid': 'inquiry-filter-class', name: 'class' },
    ...options(CLASSES, (c) => classLabel(c as InquiryClass), filters.class, t('inq_all')));
  const from = h('input', { type: 'date', 'data-testid': 'inquiry-filter-from', value: filters.received_from });
  const to = h('input', { type: 'date', 'data-testid': 'inquiry-filter-to', value: filters.received_to });
  const words = h('input', {
    type: 'search', 'data-testid': 'inquiry-filter-q', value: filters.q, maxlength: 60, title: t('inq_words_hint'),
    placeholder: t('inq_words_placeholder'),
  });
  const apply = () => {
    filters = {
      tenant: tenantSelect.value, status: statusSelect.value, class: classSelect.value, q: words.value.trim(),
      received_from: DATE_RE.test(from.value) ? from.value : '', received_to: DATE_RE.test(to.value) ? to.value : '',
    };
    saveRoute();
    void loadList();
  };
  for (const el of [tenantSelect, statusSelect, classSelect, from, to]) el.addEventListener('change', apply);
  const clear = () => {
    tenantSelect.value = statusSelect.value = classSelect.value = from.value = to.value = words.value = '';
    apply();
  };
  const label = (text: LabelKey, control: HTMLElement) => h('label', null, h('span', null, t(text)), control);
  return h('div', { class: 'panel inq-controls' },
    label('inq_tenant', tenantSelect),
    label('inq_status', statusSelect),
    label('inq_class', classSelect),
    label('inq_received_from', from),
    label('inq_received_to', to),
    h('form', { class: 'inq-words', 'data-testid': 'inquiry-search', onsubmit: (e: Event) => { e.preventDefault(); apply(); } },
      label('inq_words', words),
      h('button', { type: 'submit', 'data-testid': 'inquiry-search-submit' }, t('inq_search'))),
    h('button', { type: 'button', class: 'link', 'data-testid': 'inquiry-filter-clear', onclick: clear }, t('inq_clear')),
    canFile(ctx)
      ? h('button', { type: 'button', class: 'primary inq-new-toggle', 'data-testid': 'inquiry-new', onclick: () => toggleNewForm(ctx) }, t('inq_new'))
      : null,
  );
}

// ---- the list -------------------------------------------------------------------------------------

/**
 * Loads the first page for the filters (`more`: the page after the last one shown). After a
 * command the list is loaded again as far as it was shown (up to the API's largest page).
 */
async function loadList(mode: 'first' | 'more' | 'refresh' = 'first'): Promise<void> {
  const mine = ++listGeneration;
  const list = part('[data-testid="inquiry-list"]');
  if (mode === 'first') list.replaceChildren(h('p', { class: 'muted' }, t('loading')));
  const limit = mode === 'refresh' ? Math.min(MAX_PAGE, Math.max(PAGE_SIZE, items.length)) : PAGE_SIZE;
  try {
    const page = await getJson<InquiryPage>(LIST, {
      tenant: filters.tenant || null, status: filters.status || null, class: filters.class || null, q: filters.q || null,
      received_from: filters.received_from || null, received_to: filters.received_to || null,
      limit, cursor: mode === 'more' ? nextCursor : null,
    });
    if (mine !== listGeneration || !root) return;
    for (const item of page.items) learnTenantName(item.tenant, item.tenant_name);
    items = mode === 'more' ? [...items, ...page.items] : page.items;
    nextCursor = page.next_cursor;
    renderList();
  } catch (e) {
    if (mine !== listGeneration || !root) return;
    list.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'inquiry-list-error' }, problemText(e)));
  }
}

function renderList(): void {
  const list = part('[data-testid="inquiry-list"]');
  part('[data-testid="inquiry-count"]').textContent = String(items.length);
  if (items.length === 0) {
    list.replaceChildren(h('p', { class: 'muted empty', 'data-testid': 'inquiry-empty' }, t('inq_none')));
    return;
  }
  list.replaceChildren(
    h('div', { class: 'table-scroll' },
      h('table', { class: 'inquiries' },
        h('thead', null, h('tr', null,
          h('th', null, t('inq_col_received')), h('th', null, t('inq_tenant')), h('th', null, t('inq_col_subject')),
          h('th', null, t('inq_class')), h('th', null, t('inq_status')), h('th', null, t('inq_col_link')),
          h('th', null, t('inq_col_first_answer')))),
        h('tbody', null, ...items.map(listRow)))),
    h('div', { class: 'inq-list-foot' },
      h('span', { class: 'muted' }, t('inq_shown', { n: items.length })),
      nextCursor ? h('button', { type: 'button', 'data-testid': 'inquiry-more', onclick: () => void loadList('more') }, t('inq_more')) : null),
  );
}

function listRow(item: InquirySummary): HTMLElement {
  const selected = item.id === selectedId;
  return h('tr', {
    class: `inq-row${selected ? ' selected' : ''}`, 'data-testid': 'inquiry-row', 'data-inquiry-id': item.id,
    'data-status': item.status, 'data-class': item.class ?? '', 'data-tenant': item.tenant,
    tabindex: 0, 'aria-selected': String(selected),
    onclick: () => select(item.id),
    onkeydown: (e: Event) => { if ((e as KeyboardEvent).key === 'Enter') select(item.id); },
  },
  h('td', { class: 'time' }, h('time', { datetime: item.received_at }, formatMinute(item.received_at))),
  h('td', { class: 'tenant-name' }, tenantName(item.tenant)),
  h('td', { class: 'subject', title: item.requester_name }, item.subject),
  h('td', null, classBadge(item.class)),
  h('td', null, statusBadge(item.status)),
  h('td', { class: 'nowrap', 'data-testid': 'inquiry-link' },
    item.incident_id ? h('code', { title: item.incident_id, 'data-incident-id': item.incident_id }, shortId(item.incident_id)) : ''),
  h('td', { class: 'time' }, item.first_answered_at ? formatMinute(item.first_answered_at) : ''),
  );
}

function select(id: string): void {
  selectedId = id;
  saveRoute();
  for (const row of root?.querySelectorAll<HTMLElement>('[data-testid="inquiry-row"]') ?? []) {
    const on = row.dataset.inquiryId === id;
    row.classList.toggle('selected', on);
    row.setAttribute('aria-selected', String(on));
  }
  void loadDetail(id);
}

// ---- the detail -----------------------------------------------------------------------------------

function stopPolling(): void {
  if (pollTimer !== null) clearTimeout(pollTimer);
  pollTimer = null;
}

/** An escalated fault whose incident the server has not opened and linked yet. */
const escalationPending = (inq: Inquiry) => inq.escalated && inq.class === 'fault' && !inq.incident_id;

async function loadDetail(id: string, triesLeft = POLL_TRIES): Promise<void> {
  const mine = ++detailGeneration;
  stopPolling();
  const panel = part('[data-testid="inquiry-detail"]');
  const info = part('.inq-detail-info');
  if (panel.dataset.inquiryId !== id) {
    panel.dataset.inquiryId = id;
    delete panel.dataset.version;
    delete panel.dataset.status;
    info.replaceChildren(h('p', { class: 'muted' }, t('loading')));
    part('.inq-actions-slot').replaceChildren();
    actionsFor = '';
  }
  try {
    const [inq, history] = await Promise.all([
      getJson<Inquiry>(`${LIST}/${encodeURIComponent(id)}`),
      getJson<InquiryHistory>(`${LIST}/${encodeURIComponent(id)}/events`),
    ]);
    if (mine !== detailGeneration || !root) return;
    showDetail(inq, history);
    if (escalationPending(inq) && triesLeft > 0) {
      pollTimer = setTimeout(() => void pollEscalation(id, mine, triesLeft - 1), POLL_MS);
    }
  } catch (e) {
    if (mine !== detailGeneration || !root) return;
    const notFound = e instanceof ApiError && e.status === 404;
    info.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'inquiry-detail-error' }, notFound ? t('inq_not_found') : problemText(e)));
    part('.inq-actions-slot').replaceChildren();
    actionsFor = '';
  }
}

/** Reads the inquiry until its incident is linked; then the detail and the list again. */
async function pollEscalation(id: string, generation: number, triesLeft: number): Promise<void> {
  pollTimer = null;
  try {
    const inq = await getJson<Inquiry>(`${LIST}/${encodeURIComponent(id)}`);
    if (generation !== detailGeneration || !root) return;
    if (!escalationPending(inq)) {
      void loadDetail(id);
      void loadList('refresh');
      return;
    }
  } catch {
    if (generation !== detailGeneration || !root) return; // try again below
  }
  if (triesLeft > 0) pollTimer = setTimeout(() => void pollEscalation(id, generation, triesLeft - 1), POLL_MS);
}

function showDetail(inq: Inquiry, history: InquiryHistory): void {
  learnTenantName(inq.tenant, inq.tenant_name);
  const panel = part('[data-testid="inquiry-detail"]');
  panel.dataset.version = String(inq.version);
  panel.dataset.status = inq.status;
  const fact = (label: LabelKey, ...value: (Node | string | null)[]) => [h('dt', null, t(label)), h('dd', null, ...value)];
  const effortKinds = EFFORT_KINDS.filter((k) => inq.effort_minutes[k]);
  part('.inq-detail-info').replaceChildren(
    h('header', { class: 'inq-detail-head' },
      h('h2', { 'data-testid': 'inquiry-subject' }, inq.subject),
      h('div', null, statusBadge(inq.status), classBadge(inq.class))),
    h('dl', { class: 'inq-facts' },
      fact('inq_col_received', formatMinute(inq.received_at), ` · ${channelLabel(inq.channel)}`),
      fact('inq_tenant', tenantName(inq.tenant)),
      fact('inq_requester', h('span', { 'data-testid': 'inquiry-requester' }, inq.requester.name, inq.requester.role ? `（${inq.requester.role}）` : '')),
      fact('inq_body', h('div', { class: 'pre', 'data-testid': 'inquiry-body' }, inq.body)),
      inq.category_hint ? fact('inq_category_hint', inq.category_hint) : null,
      fact('inq_class', h('span', { 'data-testid': 'inquiry-detail-class', 'data-class': inq.class ?? '' }, classLabel(inq.class)),
        inq.class_reason ? h('div', { class: 'muted pre' }, `${t('inq_class_reason')}: ${inq.class_reason}`) : null),
      fact('inq_escalation', h('span', { 'data-testid': 'inquiry-escalated', 'data-escalated': String(inq.escalated) },
        t(inq.escalated ? 'inq_escalated_yes' : 'inq_escalated_no'))),
      fact('inq_incident', inq.incident_id
        ? h('code', { 'data-testid': 'inquiry-incident', 'data-incident-id': inq.incident_id }, inq.incident_id)
        : h('span', { 'data-testid': 'inquiry-incident', 'data-incident-id': '', class: 'muted' },
          escalationPending(inq) ? t('inq_incident_pending') : '—')),
      inq.change_id ? fact('inq_change', h('code', null, inq.change_id)) : null,
      inq.acknowledged_at ? fact('inq_acknowledged_at', formatMinute(inq.acknowledged_at)) : null,
      inq.pending_question ? fact('inq_pending_question', h('div', { class: 'pre' }, inq.pending_question)) : null,
      fact('inq_effort', h('div', { 'data-testid': 'inquiry-detail-effort', 'data-total-minutes': inq.effort_minutes_total },
        effortKinds.length === 0
          ? h('span', { class: 'muted' }, t('inq_effort_none'))
          : h('ul', { class: 'inq-effort' },
            ...effortKinds.map((k) => h('li', { 'data-kind': k }, `${effortLabel(k)} ${minutesText(inq.effort_minutes[k]!)}`)),
            h('li', { class: 'total' }, `${t('inq_effort_total')} ${minutesText(inq.effort_minutes_total)}`)))),
      fact('inq_answer', h('div', { 'data-testid': 'inquiry-detail-answer' },
        inq.answer === null ? h('span', { class: 'muted' }, '—') : h('div', { class: 'pre' }, inq.answer),
        inq.answered_at ? h('div', { class: 'muted meta' },
          `${t('inq_answered_at')} ${formatMinute(inq.answered_at)} · ${t('inq_first_answered_at')} ${formatMinute(inq.first_answered_at)} · `,
          t(inq.answer_confirmed ? 'inq_answer_confirmed' : 'inq_answer_unconfirmed')) : null)),
      inq.closed_at ? fact('inq_closed_at', formatMinute(inq.closed_at), inq.close_reason ? ` · ${inq.close_reason}` : '') : null,
    ),
    h('h3', null, t('inq_history')),
    historyTable(history.events),
  );
  if (context && isMaintainer(context)) {
    if (actionsFor !== inq.id) {
      part('.inq-actions-slot').replaceChildren(actions(context, inq));
      actionsFor = inq.id;
    }
    updateActions(inq);
  }
}

function historyTable(events: InquiryEvent[]): HTMLElement {
  return h('div', { class: 'table-scroll' },
    h('table', { class: 'inq-history', 'data-testid': 'inquiry-history' },
      h('thead', null, h('tr', null, h('th', null, t('inq_col_time')), h('th', null, t('inq_col_event')),
        h('th', null, t('inq_col_detail')), h('th', null, t('inq_col_by')))),
      h('tbody', null, ...events.map((ev) => {
        const name = ev.type.replace(/^opsdesk\.inquiries\.v1\./, '');
        const key = `inq_event_${name}` as LabelKey;
        const by = typeof ev.payload.by === 'string' && ev.payload.by ? ev.payload.by : '';
        return h('tr', { 'data-testid': 'inquiry-event', 'data-type': name },
          h('td', { class: 'time' }, h('time', { datetime: ev.occurred_at }, formatMinute(ev.occurred_at))),
          h('td', { class: 'nowrap' }, key in EVENT_KEYS ? t(key) : name),
          h('td', { class: 'pre' }, eventSummary(name, ev.payload)),
          h('td', null, by || ev.actor, by && by !== ev.actor ? h('span', { class: 'muted' }, ` (${ev.actor})`) : null),
        );
      }))));
}

// The event names with a label (the label keys are checked by the compiler; unknown ones show their name).
const EVENT_KEYS: Record<string, true> = Object.fromEntries([
  'InquiryReceived', 'InquiryAcknowledged', 'InquiryClassified', 'IncidentLinked', 'ChangeLinked', 'InformationRequested',
  'InformationRecorded', 'InquiryAnswered', 'AnswerConfirmed', 'InquiryReopened', 'InquiryClosed', 'EffortRecorded',
].map((n) => [`inq_event_${n}`, true]));

/** One line saying what the event recorded. */
function eventSummary(name: string, p: Record<string, unknown>): string {
  const s = (k: string) => (typeof p[k] === 'string' ? (p[k] as string) : '');
  switch (name) {
    case 'InquiryReceived':
      return `${channelLabel(s('channel'))} · ${s('requester_name')}${s('requester_role') ? `（${s('requester_role')}）` : ''}`;
    case 'InquiryClassified': {
      const parts = [classLabel((s('inquiry_class') || null) as InquiryClass | null)];
      if (s('reason')) parts.push(s('reason'));
      if (p.escalate === true) parts.push(`${t('inq_escalation')}${s('severity') ? `（${severityLabel(s('severity'))}）` : ''}`);
      return parts.join(' · ');
    }
    case 'IncidentLinked':
      return s('incident_id');
    case 'ChangeLinked':
      return s('change_id');
    case 'InformationRequested':
      return s('question');
    case 'InformationRecorded':
      return s('information');
    case 'InquiryAnswered':
      return s('answer');
    case 'InquiryReopened':
    case 'InquiryClosed':
      return s('reason');
    case 'EffortRecorded': {
      const minutes = typeof p.minutes === 'number' ? p.minutes : 0;
      return `${effortLabel(s('kind'))} ${minutesText(minutes)}${s('note') ? ` · ${s('note')}` : ''}`;
    }
    default:
      return '';
  }
}

// ---- forms: refusals in words (fields and sending: forms.ts) -----------------------------------

/** What a refusal says, in words: the rule of a 409 in Japanese where known, else the server's detail. */
function problemText(e: unknown): string {
  if (!(e instanceof ApiError)) return `${t('network_error')}: ${(e as Error).message}`;
  const detail = e.problem?.detail ?? e.message;
  if (e.status === 403) return `${t('inq_forbidden')}: ${detail}`;
  if (e.status === 404) return t('inq_not_found');
  if (e.status === 409) {
    const key = `inq_rule_${(e.problem?.rule ?? '').replaceAll('-', '_')}` as LabelKey;
    return RULE_KEYS.has(key) ? `${t(key)}（${e.problem!.rule}）` : `${t('inq_conflict')}: ${detail}`;
  }
  return `${t('error')}: ${detail}`;
}
const RULE_KEYS = new Set<string>([
  'inq_rule_answer_needs_class', 'inq_rule_class_unchanged', 'inq_rule_already_escalated', 'inq_rule_incident_already_linked',
  'inq_rule_close_before_answer', 'inq_rule_inquiry_closed', 'inq_rule_waiting_for_information',
]);

// ---- the reception form (受付) -----------------------------------------------------------------

function toggleNewForm(ctx: ViewContext): void {
  const panel = part('[data-testid="inquiry-new-panel"]');
  if (!panel.hidden) {
    panel.hidden = true;
    return;
  }
  panel.replaceChildren(newInquiryForm(ctx));
  panel.hidden = false;
  panel.querySelector<HTMLInputElement>('input[name="subject"]')?.focus();
}

function newInquiryForm(ctx: ViewContext): HTMLElement {
  const scopes = scopesFor(ctx);
  const channel = h('select', { name: 'channel', 'data-testid': 'inquiry-new-channel' },
    ...options(CHANNELS, channelLabel, isMaintainer(ctx) ? 'phone' : 'web'));
  const tenant = h('select', { name: 'tenant', 'data-testid': 'inquiry-new-tenant' },
    ...options(scopes, tenantName, filters.tenant && scopes.includes(filters.tenant) ? filters.tenant : scopes[0] ?? ''));
  const name = h('input', { name: 'requester.name', 'data-testid': 'inquiry-new-requester-name', maxlength: 100, autocomplete: 'off' });
  const role = h('input', { name: 'requester.role', 'data-testid': 'inquiry-new-requester-role', maxlength: 100, autocomplete: 'off' });
  const subject = h('input', { name: 'subject', 'data-testid': 'inquiry-new-subject', maxlength: 200, autocomplete: 'off' });
  const body = h('textarea', { name: 'body', 'data-testid': 'inquiry-new-body', rows: 5, maxlength: 4000 });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'inquiry-new-submit' }, t('inq_submit'));
  const message = h('p', { class: 'form-message', 'data-testid': 'inquiry-new-message', role: 'status' });
  const form = h('form', { class: 'inq-form', 'data-testid': 'inquiry-new-form', novalidate: true },
    field('channel', t('inq_channel'), channel, { required: true }),
    field('tenant', t('inq_tenant'), tenant, { required: true }),
    field('requester.name', t('inq_requester_name'), name, { required: true }),
    field('requester.role', t('inq_requester_role'), role),
    field('subject', t('inq_subject'), subject, { required: true, wide: true }),
    field('body', t('inq_body'), body, { required: true, wide: true }),
    // received_at is never sent from here; its error slot is there in case the server names it.
    h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'received_at', role: 'alert' }),
    h('div', { class: 'form-actions wide' }, message, submit,
      h('button', { type: 'button', 'data-testid': 'inquiry-new-cancel', onclick: () => toggleNewForm(ctx) }, t('inq_close_form'))),
  );
  const state: FormState = { scopes: [form], message, submit, retry: null, describe: problemText };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void (async () => {
      const created = await send<Inquiry>(state, LIST, {
        channel: channel.value,
        tenant: tenant.value,
        requester: { name: name.value, ...(role.value.trim() ? { role: role.value } : {}) },
        subject: subject.value,
        body: body.value,
      });
      if (!created || !root) return;
      learnTenantName(created.tenant, created.tenant_name);
      part('[data-testid="inquiry-new-panel"]').hidden = true;
      selectedId = created.id;
      saveRoute();
      void loadList('refresh');
      void loadDetail(created.id);
    })();
  });
  return h('div', null, h('h2', null, t('inq_new_title')), form);
}

// ---- the desk's commands (maintainers) ----------------------------------------------------------

/** The action forms for one inquiry; built once per selected inquiry, enabled by its status. */
function actions(ctx: ViewContext, inq: Inquiry): HTMLElement {
  const id = inq.id;
  const by = h('input', { name: 'by', 'data-testid': 'inquiry-by', value: ctx.claims.sub, maxlength: 100 });
  const byField = field('by', t('inq_by'), by, { required: true });
  const path = (command: string) => `${LIST}/${encodeURIComponent(id)}/${command}`;
  const done = (state: FormState, answer: Inquiry | null, reset: () => void) => {
    if (!answer || !root) return;
    reset();
    // Only the latest command says "recorded".
    for (const el of part('.inq-actions-slot').querySelectorAll<HTMLElement>('.form-message.ok')) {
      el.textContent = '';
      el.className = 'form-message';
    }
    state.message.textContent = t('inq_recorded');
    state.message.className = 'form-message ok';
    void loadDetail(id);
    void loadList('refresh');
  };
  // One form per command: `command` is the path's last part, the form's test id `inquiry-<command, dashed>`.
  const commandForm = (command: string, legend: LabelKey, fields: HTMLElement[], submitLabel: LabelKey,
    body: () => Record<string, unknown>, reset: () => void) => {
    const testid = `inquiry-${command.replaceAll('_', '-')}`;
    const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': `${testid}-submit` }, t(submitLabel));
    const message = h('span', { class: 'form-message', 'data-testid': `${testid}-message`, role: 'status' });
    const form = h('form', { class: 'inq-command', 'data-testid': testid, novalidate: true },
      h('fieldset', null, h('legend', null, t(legend)), ...fields, h('div', { class: 'form-actions' }, message, submit)));
    const state: FormState = { scopes: [form, byField], message, submit, retry: null, describe: problemText };
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void send<Inquiry>(state, path(command), { ...body(), by: by.value })
        .then((answer) => done(state, answer, reset));
    });
    return form;
  };
  const optional = (value: string) => (value.trim() ? value : undefined);

  // classify: class, reason, escalate (+ severity for a fault; the affected associations for a
  // centre_ops inquiry, which is no association itself)
  const cls = h('select', { name: 'class', 'data-testid': 'inquiry-classify-class' },
    ...options(CLASSES, (c) => classLabel(c as InquiryClass), '', t('inq_choose')));
  const reason = h('input', { name: 'reason', 'data-testid': 'inquiry-classify-reason', maxlength: 4000 });
  const escalate = h('input', { type: 'checkbox', name: 'escalate', 'data-testid': 'inquiry-classify-escalate' });
  const severity = h('select', { name: 'severity', 'data-testid': 'inquiry-classify-severity' },
    ...options(SEVERITIES, severityLabel, '', t('inq_choose')));
  const affected = h('input', { name: 'affected_tenants', 'data-testid': 'inquiry-classify-affected', placeholder: 'soumu, houmu' });
  const severityField = field('severity', t('inq_severity'), severity, { required: true });
  const affectedField = field('affected_tenants', t('inq_affected'), affected, { required: true });
  const escalateField = h('label', { class: 'field check', 'data-field': 'escalate' },
    h('span', null, escalate, ' ', t('inq_escalate')),
    h('span', { class: 'field-error', 'data-testid': 'field-error', 'data-field': 'escalate', role: 'alert' }));
  const showEscalation = () => {
    const canEscalate = cls.value === 'fault' || cls.value === 'improvement';
    escalate.disabled = !canEscalate;
    if (!canEscalate) escalate.checked = false;
    const fault = cls.value === 'fault' && escalate.checked;
    severityField.hidden = !fault;
    affectedField.hidden = !fault || inq.tenant !== CENTRE_OPS;
  };
  cls.addEventListener('change', showEscalation);
  escalate.addEventListener('change', showEscalation);
  showEscalation();
  const classify = commandForm('classify', 'inq_classify',
    [field('class', t('inq_class'), cls, { required: true }), field('reason', t('inq_class_reason'), reason, { wide: true }),
      escalateField, severityField, affectedField],
    'inq_classify',
    () => {
      const fault = cls.value === 'fault' && escalate.checked;
      const codes = affected.value.split(/[\s,、]+/).filter(Boolean);
      return {
        class: cls.value,
        reason: optional(reason.value),
        escalate: escalate.checked || undefined,
        severity: fault && severity.value ? severity.value : undefined,
        affected_tenants: fault && codes.length ? codes : undefined,
      };
    },
    () => { reason.value = ''; escalate.checked = false; severity.value = ''; affected.value = ''; showEscalation(); });

  const answer = h('textarea', { name: 'answer', 'data-testid': 'inquiry-answer-text', rows: 4, maxlength: 4000 });
  const answerForm = commandForm('answer', 'inq_answer_action',
    [field('answer', t('inq_answer'), answer, { required: true, wide: true })], 'inq_answer_action',
    () => ({ answer: answer.value }), () => { answer.value = ''; });

  const minutes = h('input', { type: 'number', name: 'minutes', 'data-testid': 'inquiry-effort-minutes', min: 1, max: 1440, step: 1, inputmode: 'numeric' });
  const kind = h('select', { name: 'kind', 'data-testid': 'inquiry-effort-kind' }, ...options(EFFORT_KINDS, effortLabel, 'handling'));
  const note = h('input', { name: 'note', 'data-testid': 'inquiry-effort-note', maxlength: 4000 });
  const effortForm = commandForm('record_effort', 'inq_record_effort',
    [field('minutes', t('inq_minutes'), minutes, { required: true }), field('kind', t('inq_effort_kind'), kind, { required: true }),
      field('note', t('inq_note'), note, { wide: true })],
    'inq_record_effort',
    () => ({
      // A whole number goes as a number; anything else as typed, for the server to name the error.
      minutes: /^\d+$/.test(minutes.value.trim()) ? Number(minutes.value.trim()) : minutes.value,
      kind: kind.value,
      note: optional(note.value),
    }),
    () => { minutes.value = ''; note.value = ''; });

  const closeReason = h('input', { name: 'reason', 'data-testid': 'inquiry-close-reason', maxlength: 4000 });
  const closeForm = commandForm('close', 'inq_close',
    [field('reason', t('inq_close_reason'), closeReason, { wide: true })], 'inq_close',
    () => ({ reason: optional(closeReason.value) }), () => { closeReason.value = ''; });

  return h('section', { class: 'inq-actions', 'data-testid': 'inquiry-actions' },
    h('h3', null, t('inq_actions')),
    byField,
    h('p', { class: 'muted inq-closed-hint', hidden: true }, t('inq_closed_hint')),
    classify, answerForm, effortForm, closeForm);
}

/** A closed inquiry takes only effort (and a reopening or links, which this view does not offer). */
function updateActions(inq: Inquiry): void {
  const slot = part('.inq-actions-slot');
  const closed = inq.status === 'closed';
  for (const testid of ['inquiry-classify', 'inquiry-answer', 'inquiry-close']) {
    const fieldset = slot.querySelector<HTMLFieldSetElement>(`[data-testid="${testid}"] fieldset`);
    if (fieldset) fieldset.disabled = closed;
  }
  const hint = slot.querySelector<HTMLElement>('.inq-closed-hint');
  if (hint) hint.hidden = !closed;
}
