// #/schedule 運用予定: the centre's recurring operations work (センタ運用) of one day, for the
// operations staff and the associations' administrators: a day picker (today in Japan time by
// default, the server's today; `#/schedule?day=2026-12-07` keeps another day for a reload or a
// bookmark) with the day's occurrences and their status, and the maintenance windows (計画作業)
// of the next 90 days. For maintainers: 完了 on each occurrence still owing results (result,
// evidence, the associations it is for); for centre staff, while no task is defined at all,
// 契約の定常作業を登録 (the contract's tasks).
//
// Everything comes from docs/api/scheduling.yaml: GET /v1/schedule/occurrences (one day; without
// `from`, the server's today), POST /v1/schedule/occurrences/{id}/complete, GET
// /v1/schedule/windows (without `from`, today and the 90 days after it), GET /v1/schedule/tasks
// and POST /v1/schedule/tasks/seed. The server decides what each role sees (an association's
// administrator only the work of its associations: bouei's does not include the centre's daily
// checks) and may do; the view leaves out what the role cannot use.
//
// The view's labels (Japanese and English) and the answer shapes it reads are kept in this file.
import { ApiError, getJson } from '../api/client';
import { isCentreWide } from '../api/jwt';
import { h } from '../dom';
import { formatMinute, formatTimeOrDay } from '../format/time';
import { pick, t, tenantName } from '../i18n';
import { field, send, type FormState } from './forms';
import type { View, ViewContext } from './types';

const OCCURRENCES = '/v1/schedule/occurrences';
const WINDOWS = '/v1/schedule/windows';
const TASKS = '/v1/schedule/tasks';
const SEED = '/v1/schedule/tasks/seed';
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const RESULTS: ScheduleResult[] = ['ok', 'failed', 'manual_done'];

// ---- the answers (docs/api/scheduling.yaml: only the fields the view reads) -------------------

type OccurrenceStatus = 'planned' | 'in_progress' | 'done' | 'failed' | 'skipped' | 'overdue' | 'not_recorded';
type ScheduleResult = 'ok' | 'failed' | 'manual_done';
type WindowStatus = 'planned' | 'approved' | 'completed' | 'cancelled';

interface Occurrence {
  id: string;
  version: number;
  task_id: string;
  recurrence_date: string;
  covers: string[];
  day: string;
  kind: string;
  title: string;
  tenants: string[];
  owner: string;
  planned_start: string;
  planned_end: string;
  due_at: string;
  status: OccurrenceStatus;
  results: { tenant: string; result: ScheduleResult; evidence: string; at: string; by: string }[];
  open_tenants: string[];
  skipped_reason: string | null;
  overdue_recorded_at: string | null;
  rescheduled: boolean;
}

interface OccurrenceList {
  from: string;
  to: string;
  items: Occurrence[];
}

interface MaintenanceWindow {
  id: string;
  version: number;
  kind: string;
  title: string;
  tenants: string[];
  planned_start: string;
  planned_end: string;
  stops_service: boolean;
  status: WindowStatus;
  approvals: { tenant: string; approver: string; at: string; by: string }[];
  awaiting_approval: string[];
  completed_at: string | null;
}

interface WindowList {
  from: string;
  to: string;
  items: MaintenanceWindow[];
}

interface SeedResult {
  defined: { seed_key: string; id: string }[];
  already_defined: { seed_key: string; id: string }[];
}

// ---- labels ---------------------------------------------------------------------------------------

const LABELS = {
  day: ['日付', 'Day'],
  prev_day: ['◀ 前日', '◀ Previous day'],
  next_day: ['翌日 ▶', 'Next day ▶'],
  today: ['今日', 'Today'],
  today_mark: ['（今日）', ' (today)'],
  day_title: ['{date}（{weekday}）の作業', 'Work on {weekday} {date}'],
  col_start: ['開始', 'Start'],
  col_title: ['作業', 'Work'],
  col_tenants: ['対象組合', 'Associations'],
  col_status: ['状況', 'Status'],
  col_due: ['期限', 'Due'],
  col_record: ['記録', 'Record'],
  status_planned: ['予定', 'Planned'],
  status_in_progress: ['一部実施', 'Partly done'],
  status_done: ['完了', 'Done'],
  status_failed: ['失敗', 'Failed'],
  status_skipped: ['中止', 'Skipped'],
  status_overdue: ['期限超過', 'Overdue'],
  status_not_recorded: ['記録なし', 'Not recorded'],
  tenants_more: ['{first}ほか{n}組合', '{first} and {n} more'],
  progress: ['{done}/{total}組合', '{done}/{total} associations'],
  owner: ['担当', 'Owner'],
  covers: ['{dates}分', 'for {dates}'],
  rescheduled: ['日時変更あり', 'Rescheduled'],
  skipped_reason: ['中止理由', 'Skipped because'],
  result_line: ['{result} {n}組合', '{result}: {n}'],
  none: ['この日の作業はありません', 'No work is planned on this day'],
  complete: ['完了', 'Complete'],
  complete_title: ['実施結果の記録：{title}', 'Record the result: {title}'],
  result: ['結果', 'Result'],
  result_ok: ['正常', 'OK'],
  result_failed: ['失敗', 'Failed'],
  result_manual_done: ['手動実施', 'Done by hand'],
  evidence: ['根拠（ログ・チケット・メモ、正常以外は必須）', 'Evidence (log, ticket, note; required unless OK)'],
  complete_tenants: ['対象組合（選ばなければ未実施の組合すべて）', 'Associations (none chosen: every one still open)'],
  complete_tenants_own: ['対象組合（選ばなければ未実施の担当組合すべて）', 'Associations (none chosen: each of yours still open)'],
  submit: ['記録', 'Record'],
  close: ['閉じる', 'Close'],
  recorded: ['記録しました：{title}', 'Recorded: {title}'],
  seed: ['契約の定常作業を登録', "Define the contract's recurring work"],
  seed_hint: [
    '定常作業がまだ登録されていません。仕様書の定常作業（日次・週次・月次・年次）を登録します。',
    "No recurring work is defined yet. This defines the contract's recurring tasks (daily, weekly, monthly, yearly).",
  ],
  seeded: ['定常作業を{n}件登録しました（登録済み{m}件）', 'Defined {n} recurring tasks ({m} defined before)'],
  windows_title: ['計画作業', 'Maintenance windows'],
  windows_none: ['予定されている計画作業はありません', 'No maintenance window is planned'],
  win_col_start: ['開始', 'Start'],
  win_col_end: ['終了', 'End'],
  win_col_title: ['件名', 'Work'],
  win_col_stop: ['サービス停止', 'Service stop'],
  win_col_awaiting: ['承認待ち', 'Awaiting approval'],
  stop_yes: ['あり', 'Yes'],
  stop_no: ['なし', 'No'],
  win_status_planned: ['予定', 'Planned'],
  win_status_approved: ['承認済', 'Approved'],
  win_status_completed: ['完了', 'Completed'],
  win_status_cancelled: ['中止', 'Cancelled'],
  win_kind_periodic_inspection: ['定期点検', 'Periodic inspection'],
  win_kind_power_outage: ['計画停電', 'Planned power outage'],
  win_kind_fire_inspection: ['消防点検', 'Fire inspection'],
  win_kind_other: ['その他', 'Other'],
  forbidden: ['この操作の権限がありません', 'Not allowed'],
  not_found: ['作業が見つかりません', 'No such work'],
  conflict: ['記録できません', 'Cannot be recorded'],
  rule_occurrence_done: ['全組合の結果が記録済みです', "Every association's result is recorded already"],
  rule_occurrence_skipped: ['中止された作業です', 'The work was skipped'],
  rule_already_completed: ['結果が記録済みの組合が含まれています', 'Some of the associations have a result already'],
} satisfies Record<string, readonly [string, string]>;
type Key = keyof typeof LABELS;

/** The view's label in the page's language; `{name}` placeholders are filled from `vars`. */
function l(key: Key, vars?: Record<string, string | number>): string {
  let text = pick(...LABELS[key]);
  if (vars) for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{${k}}`, String(v));
  return text;
}

const WEEKDAYS_JA = ['日', '月', '火', '水', '木', '金', '土'];
const WEEKDAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const isKey = (key: string): key is Key => key in LABELS;
/** The label `key` when there is one, else `fallback` (a value the API added later shows as it is). */
const labelOr = (key: string, fallback: string) => (isKey(key) ? l(key) : fallback);
const statusLabel = (s: OccurrenceStatus) => labelOr(`status_${s}`, s);
const resultLabel = (r: string) => labelOr(`result_${r}`, r);
const windowStatusLabel = (s: string) => labelOr(`win_status_${s}`, s);
const windowKindLabel = (k: string) => labelOr(`win_kind_${k}`, k);

// Existing badge colours (style.css): green when done, red when failed, filled red when overdue.
const STATUS_CLASS: Record<OccurrenceStatus, string> = {
  planned: '', in_progress: 'inq-status-in_progress', done: 'status-restored', failed: 'against',
  skipped: 'permitted', overdue: 'sev-critical', not_recorded: 'class-none',
};
const WINDOW_CLASS: Record<WindowStatus, string> = {
  planned: '', approved: 'inq-status-in_progress', completed: 'status-restored', cancelled: 'permitted',
};

// ---- state ----------------------------------------------------------------------------------------

let root: HTMLElement | null = null;
let context: ViewContext | null = null;
let day = ''; // the day shown, YYYY-MM-DD (Tokyo); '' until the server said which day today is
let today = ''; // the server's today (Tokyo), from an answer
let items: Occurrence[] = [];
let formFor = ''; // the occurrence whose 完了 form is open
let dayGeneration = 0; // bumped on every load: an answer for an older day is dropped
let windowsGeneration = 0;

export const scheduleView: View = {
  id: 'schedule',
  label_ja: '運用予定',
  label_en: 'Schedule',

  render(container, ctx) {
    context = ctx;
    const asked = ctx.params.get('day') ?? '';
    day = isDate(asked) ? asked : '';
    items = [];
    formFor = '';

    root = h('section', { class: 'view-schedule view-inquiries' },
      controls(),
      h('section', { class: 'panel sch-day' },
        h('h2', null, h('span', { 'data-testid': 'schedule-day-title' }), ' ', h('span', { class: 'count', 'data-testid': 'schedule-count' })),
        h('p', { class: 'form-message', 'data-testid': 'schedule-message', role: 'status' }),
        h('div', { 'data-testid': 'schedule-list' }, h('p', { class: 'muted' }, t('loading')))),
      h('section', { class: 'panel sch-windows', 'data-testid': 'schedule-windows' },
        h('h2', null, l('windows_title'), ' ', h('span', { class: 'muted', 'data-testid': 'schedule-window-period' })),
        h('div', { 'data-testid': 'schedule-window-list' }, h('p', { class: 'muted' }, t('loading')))),
    );
    container.append(root);
    void loadDay();
    void loadWindows();
  },

  dispose() {
    dayGeneration += 1;
    windowsGeneration += 1;
    root = null;
    context = null;
  },
};

// ---- roles, dates, the route ---------------------------------------------------------------------

const isMaintainer = (ctx: ViewContext) => ctx.claims.roles.includes('maintainer');
/** The contract's tasks concern every association: seeding them is centre staff's (`"*"`). */
const canSeed = (ctx: ViewContext) => isMaintainer(ctx) && isCentreWide(ctx.claims);
const holds = (ctx: ViewContext, code: string) => isCentreWide(ctx.claims) || ctx.claims.tenants.includes(code);

/** The associations of an occurrence still without a result that the user may record for. */
function recordable(ctx: ViewContext, o: Occurrence): string[] {
  if (!isMaintainer(ctx) || o.status === 'skipped') return [];
  return o.open_tenants.filter((code) => holds(ctx, code));
}

function isDate(text: string): boolean {
  const m = DATE_RE.exec(text);
  if (!m) return false;
  const [, y, mo, d] = m.map(Number) as [number, number, number, number];
  const at = new Date(Date.UTC(y, mo - 1, d));
  return at.getUTCFullYear() === y && at.getUTCMonth() === mo - 1 && at.getUTCDate() === d;
}

/** The calendar date `n` days after `date` (YYYY-MM-DD; no clock involved). */
function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

function weekday(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const i = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return pick(WEEKDAYS_JA[i]!, WEEKDAYS_EN[i]!);
}

/** `2026/12/01` (ja) or `2026-12-01` (en). */
const dateText = (date: string) => pick(date.replaceAll('-', '/'), date);

/** `HH:MM` (Japan time) for a time on `date`, else `MM/DD HH:MM`. */
const timeOn = (at: string, date: string) => formatTimeOrDay(at, `${date}T12:00:00+09:00`);

/** The first association's name, and how many more (`総務省共済組合ほか17組合`); every name in `title`. */
function tenantsShort(codes: readonly string[]): HTMLElement {
  const names = codes.map(tenantName);
  const text = names.length === 0 ? '—' : names.length === 1 ? names[0]! : l('tenants_more', { first: names[0]!, n: names.length - 1 });
  return h('span', { 'data-testid': 'schedule-tenants', 'data-count': codes.length, title: names.join('、') }, text);
}

function part<T extends HTMLElement = HTMLElement>(selector: string): T {
  return root!.querySelector<T>(selector)!;
}

function say(text: string, kind: 'ok' | 'error' | '' = ''): void {
  const message = part('[data-testid="schedule-message"]');
  message.textContent = text;
  message.className = `form-message${kind ? ` ${kind}` : ''}`;
}

/** A refusal in words: the rule of a 409 in the page's language where known, else the server's detail. */
function problemText(e: unknown): string {
  if (!(e instanceof ApiError)) return `${t('network_error')}: ${(e as Error).message}`;
  const detail = e.problem?.detail ?? e.message;
  if (e.status === 403) return `${l('forbidden')}: ${detail}`;
  if (e.status === 404) return l('not_found');
  if (e.status === 409) {
    const rule = e.problem?.rule ?? '';
    const key = `rule_${rule.replaceAll('-', '_')}`;
    return isKey(key) ? `${l(key)}（${rule}）: ${detail}` : `${l('conflict')}: ${detail}`;
  }
  return `${t('error')}: ${detail}`;
}

// ---- the day picker ---------------------------------------------------------------------------------

function controls(): HTMLElement {
  const picker = h('input', { type: 'date', 'data-testid': 'schedule-day', value: day, required: true });
  picker.addEventListener('change', () => { if (isDate(picker.value)) go(picker.value); });
  return h('div', { class: 'panel inq-controls sch-controls' },
    h('button', { type: 'button', 'data-testid': 'schedule-prev', onclick: () => { if (day) go(addDays(day, -1)); } }, l('prev_day')),
    h('label', null, h('span', null, l('day')), picker),
    h('button', { type: 'button', 'data-testid': 'schedule-next', onclick: () => { if (day) go(addDays(day, 1)); } }, l('next_day')),
    h('button', { type: 'button', 'data-testid': 'schedule-today', onclick: () => { if (today) go(today); } }, l('today')),
  );
}

function go(next: string): void {
  if (!root || !context) return;
  day = next;
  formFor = '';
  context.setParams({ day });
  say('');
  void loadDay();
}

/** The picker, the title and the buttons for the day shown (and today, once known). */
function showDay(): void {
  part<HTMLInputElement>('[data-testid="schedule-day"]').value = day;
  part('[data-testid="schedule-day-title"]').textContent =
    day ? `${l('day_title', { date: dateText(day), weekday: weekday(day) })}${day === today ? l('today_mark') : ''}` : '';
  part<HTMLButtonElement>('[data-testid="schedule-today"]').disabled = !today || day === today;
}

// ---- the day's occurrences ------------------------------------------------------------------------------

async function loadDay(): Promise<void> {
  const mine = ++dayGeneration;
  const list = part('[data-testid="schedule-list"]');
  part('[data-testid="schedule-count"]').textContent = '';
  showDay();
  list.replaceChildren(h('p', { class: 'muted' }, t('loading')));
  try {
    // Without a day: the server's today (its answer says which day that is).
    const answer = await getJson<OccurrenceList>(OCCURRENCES, day ? { from: day, to: day } : undefined);
    if (mine !== dayGeneration || !root) return;
    if (!day) day = today = answer.from;
    items = answer.items;
    showDay();
    renderDay(mine);
  } catch (e) {
    if (mine !== dayGeneration || !root) return;
    list.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'schedule-error' }, problemText(e)));
  }
}

function renderDay(generation = dayGeneration): void {
  const list = part('[data-testid="schedule-list"]');
  part('[data-testid="schedule-count"]').textContent = String(items.length);
  if (items.length === 0) {
    const seedSlot = h('div', { class: 'sch-seed' });
    list.replaceChildren(h('p', { class: 'muted empty', 'data-testid': 'schedule-empty' }, l('none')), seedSlot);
    void offerSeed(seedSlot, generation);
    return;
  }
  const desk = context !== null && isMaintainer(context);
  list.replaceChildren(
    h('div', { class: 'table-scroll' },
      h('table', { class: 'schedule' },
        h('thead', null, h('tr', null,
          h('th', null, l('col_start')), h('th', null, l('col_title')), h('th', null, l('col_tenants')),
          h('th', null, l('col_status')), h('th', null, l('col_due')), desk ? h('th', null, l('col_record')) : null)),
        h('tbody', null, ...items.flatMap((o) => occurrenceRows(o, desk))))));
}

function occurrenceRows(o: Occurrence, desk: boolean): HTMLElement[] {
  const overdue = o.status === 'overdue';
  const open = context ? recordable(context, o) : [];
  const recorded = o.tenants.length - o.open_tenants.length;
  const row = h('tr', {
    class: `sch-row${overdue ? ' warning overdue' : ''}`, 'data-testid': 'schedule-row', 'data-occurrence-id': o.id,
    'data-status': o.status, 'data-overdue': String(overdue), 'data-version': o.version,
  },
  h('td', { class: 'time', 'data-testid': 'schedule-start' }, h('time', { datetime: o.planned_start }, timeOn(o.planned_start, o.day))),
  h('td', { class: 'subject' },
    h('div', { 'data-testid': 'schedule-title' }, o.title),
    h('div', { class: 'muted meta', 'data-testid': 'schedule-details' }, ...details(o))),
  h('td', { class: 'nowrap' }, tenantsShort(o.tenants)),
  h('td', { class: 'nowrap' },
    h('span', { class: `badge sch-status ${STATUS_CLASS[o.status] ?? ''}`, 'data-testid': 'schedule-status', 'data-status': o.status }, statusLabel(o.status)),
    recorded > 0 && o.open_tenants.length > 0
      ? h('div', { class: 'muted', 'data-testid': 'schedule-progress' }, l('progress', { done: recorded, total: o.tenants.length }))
      : null),
  h('td', { class: `time${overdue ? ' error' : ''}`, 'data-testid': 'schedule-due' }, h('time', { datetime: o.due_at }, timeOn(o.due_at, o.day))),
  desk
    ? h('td', { class: 'nowrap' }, open.length > 0
      ? h('button', {
        type: 'button', class: 'primary', 'data-testid': 'schedule-complete', 'aria-expanded': String(formFor === o.id),
        onclick: () => toggleForm(o.id),
      }, l('complete'))
      : null)
    : null);
  if (!desk || formFor !== o.id || open.length === 0) return [row];
  return [row, h('tr', { class: 'sch-form-row', 'data-testid': 'schedule-complete-row', 'data-occurrence-id': o.id },
    h('td', { colspan: 6 }, completeForm(o, open)))];
}

/** The line under the title: owner, the dates it stands for, a reschedule, a skip's reason, the results so far. */
function details(o: Occurrence): string[] {
  const out = [`${l('owner')}: ${o.owner}`];
  // The recurrence dates it stands for, when not just its own day (shifted off a closed day, or merged).
  if (o.covers.length > 1 || o.covers[0] !== o.day) out.push(l('covers', { dates: o.covers.map((d) => d.slice(5).replace('-', '/')).join('・') }));
  if (o.rescheduled) out.push(l('rescheduled'));
  if (o.skipped_reason) out.push(`${l('skipped_reason')}: ${o.skipped_reason}`);
  // The results, one entry per result and evidence recorded (`手動実施 18組合（…）`).
  const groups = new Map<string, { result: string; evidence: string; n: number }>();
  for (const r of o.results) {
    const key = JSON.stringify([r.result, r.evidence]);
    const group = groups.get(key) ?? { result: r.result, evidence: r.evidence, n: 0 };
    group.n += 1;
    groups.set(key, group);
  }
  for (const g of groups.values()) {
    out.push(`${l('result_line', { result: resultLabel(g.result), n: g.n })}${g.evidence ? `（${g.evidence}）` : ''}`);
  }
  return out.map((text, i) => (i === 0 ? text : ` · ${text}`));
}

function toggleForm(id: string): void {
  formFor = formFor === id ? '' : id;
  say('');
  renderDay();
  root?.querySelector<HTMLSelectElement>('[data-testid="schedule-complete-result"]')?.focus();
}

// ---- 完了: recording a result (maintainers) ----------------------------------------------------------------

function completeForm(o: Occurrence, open: string[]): HTMLElement {
  const centre = context !== null && isCentreWide(context.claims);
  const result = h('select', { name: 'result', 'data-testid': 'schedule-complete-result' },
    ...RESULTS.map((r) => h('option', { value: r, selected: r === 'ok' }, resultLabel(r))));
  const evidence = h('textarea', { name: 'evidence', 'data-testid': 'schedule-complete-evidence', rows: 2, maxlength: 4000 });
  const boxes = open.map((code) => ({
    code,
    input: h('input', { type: 'checkbox', name: 'tenants', value: code, 'data-testid': `schedule-complete-tenant-${code}` }),
  }));
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'schedule-complete-submit' }, l('submit'));
  const message = h('span', { class: 'form-message', 'data-testid': 'schedule-complete-message', role: 'status' });
  const form = h('form', { class: 'inq-command sch-complete', 'data-testid': 'schedule-complete-form', novalidate: true },
    h('fieldset', null,
      h('legend', null, l('complete_title', { title: o.title })),
      field('result', l('result'), result, { required: true }),
      field('evidence', l('evidence'), evidence, { wide: true }),
      h('div', { class: 'field wide', 'data-field': 'tenants' },
        h('span', { class: 'field-label' }, l(centre ? 'complete_tenants' : 'complete_tenants_own')),
        h('div', { class: 'tenant-picker', role: 'group', 'data-testid': 'schedule-complete-tenants' },
          ...boxes.map((b) => h('label', { class: 'check' }, b.input, ' ', tenantName(b.code)))),
        h('span', { class: 'field-error', 'data-testid': 'field-error', 'data-field': 'tenants', role: 'alert' })),
      // by and at are never sent (the token's sub, the server's time); their slots are there in case the server names them.
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'by', role: 'alert' }),
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'at', role: 'alert' }),
      h('div', { class: 'form-actions' }, message, submit,
        h('button', { type: 'button', 'data-testid': 'schedule-complete-cancel', onclick: () => toggleForm(o.id) }, l('close')))));
  const state: FormState = { scopes: [form], message, submit, retry: null, describe: problemText };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const chosen = boxes.filter((b) => b.input.checked).map((b) => b.code);
    // None chosen: every association still open (left out), or, for a maintainer of some
    // associations, each of theirs still open (the server refuses the others').
    const tenants = chosen.length > 0 ? chosen : centre ? undefined : open;
    void send<Occurrence>(state, `${OCCURRENCES}/${encodeURIComponent(o.id)}/complete`, {
      result: result.value,
      ...(tenants ? { tenants } : {}),
      ...(evidence.value.trim() ? { evidence: evidence.value } : {}),
    }).then((answer) => {
      if (!answer || !root) return;
      items = items.map((item) => (item.id === answer.id ? answer : item));
      formFor = '';
      renderDay();
      say(l('recorded', { title: answer.title }), 'ok');
    });
  });
  return form;
}

// ---- 契約の定常作業を登録 (centre staff, while nothing is defined) -----------------------------------------

/** Offers the seeding on an empty day when no task is defined at all (and the user may seed). */
async function offerSeed(slot: HTMLElement, generation: number): Promise<void> {
  if (!context || !canSeed(context)) return;
  try {
    const page = await getJson<{ items: unknown[] }>(TASKS, { limit: 1 });
    if (generation !== dayGeneration || !root || page.items.length > 0) return;
  } catch {
    return; // only an offer
  }
  const button = h('button', { type: 'submit', class: 'primary', 'data-testid': 'schedule-seed' }, l('seed'));
  const message = h('span', { class: 'form-message', 'data-testid': 'schedule-seed-message', role: 'status' });
  const form = h('form', { class: 'sch-seed-form', 'data-testid': 'schedule-seed-form' },
    h('p', { class: 'warning' }, l('seed_hint')),
    h('div', { class: 'form-actions' }, message, button));
  const state: FormState = { scopes: [form], message, submit: button, retry: null, describe: problemText };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void send<SeedResult>(state, SEED, {}).then((seeded) => {
      if (!seeded || !root) return;
      void loadDay().then(() => { if (root) say(l('seeded', { n: seeded.defined.length, m: seeded.already_defined.length }), 'ok'); });
    });
  });
  slot.replaceChildren(form);
}

// ---- 計画作業: the maintenance windows of the next 90 days --------------------------------------------------

async function loadWindows(): Promise<void> {
  const mine = ++windowsGeneration;
  const list = part('[data-testid="schedule-window-list"]');
  try {
    // Without a period: from the server's today to 90 days after it.
    const answer = await getJson<WindowList>(WINDOWS);
    if (mine !== windowsGeneration || !root) return;
    if (!today) {
      today = answer.from;
      showDay();
    }
    part('[data-testid="schedule-window-period"]').textContent = `${dateText(answer.from)}〜${dateText(answer.to)}`;
    list.replaceChildren(answer.items.length === 0
      ? h('p', { class: 'muted empty', 'data-testid': 'schedule-windows-empty' }, l('windows_none'))
      : h('div', { class: 'table-scroll' },
        h('table', { class: 'schedule-windows' },
          h('thead', null, h('tr', null,
            h('th', null, l('win_col_start')), h('th', null, l('win_col_end')), h('th', null, l('win_col_title')),
            h('th', null, l('col_tenants')), h('th', null, l('win_col_stop')), h('th', null, l('col_status')),
            h('th', null, l('win_col_awaiting')))),
          h('tbody', null, ...answer.items.map(windowRow)))));
  } catch (e) {
    if (mine !== windowsGeneration || !root) return;
    list.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'schedule-windows-error' }, problemText(e)));
  }
}

function windowRow(w: MaintenanceWindow): HTMLElement {
  const awaiting = w.status === 'planned' ? w.awaiting_approval.map(tenantName) : [];
  return h('tr', { 'data-testid': 'schedule-window', 'data-window-id': w.id, 'data-status': w.status },
    h('td', { class: 'time' }, h('time', { datetime: w.planned_start }, formatMinute(w.planned_start))),
    h('td', { class: 'time' }, h('time', { datetime: w.planned_end }, formatMinute(w.planned_end))),
    h('td', { class: 'subject' },
      h('div', { 'data-testid': 'schedule-window-title' }, w.title),
      h('div', { class: 'muted meta' }, windowKindLabel(w.kind))),
    h('td', { class: 'nowrap' }, tenantsShort(w.tenants)),
    h('td', { 'data-testid': 'schedule-window-stop', 'data-stops-service': String(w.stops_service) },
      w.stops_service ? h('span', { class: 'badge against' }, l('stop_yes')) : l('stop_no')),
    h('td', null, h('span', { class: `badge ${WINDOW_CLASS[w.status] ?? ''}`, 'data-testid': 'schedule-window-status', 'data-status': w.status },
      windowStatusLabel(w.status))),
    h('td', { 'data-testid': 'schedule-window-awaiting' }, awaiting.length > 0 ? awaiting.join('、') : h('span', { class: 'muted' }, '—')));
}
