// #/schedule 運用予定: the centre's recurring operations work (センタ運用) of one day, for the
// operations staff and the associations' administrators: a day picker (today in Japan time by
// default, the server's today; `#/schedule?day=2026-12-07` keeps another day for a reload or a
// bookmark) with the day's occurrences and their status, and the maintenance windows (計画作業)
// of the next 90 days. For maintainers: 完了 on each occurrence still owing results (result,
// evidence, the associations it is for); for centre staff, while no task is defined at all,
// 契約の定常作業を登録 (the contract's tasks).
//
// Below the day, the maintenance windows: maintainers plan one (計画作業を登録: kind, title,
// associations, planned start and end in Japan time, whether it stops the service) and record
// its completion (完了, not before its planned start); maintainers and association
// administrators record an association's approval (承認を記録, for the associations still to
// approve that the token holds). Then two panels of their own files: 運用計画
// (schedule-plan.ts: a month's or a fiscal year's plan, each association's approval, the Excel
// workbook, 承認を記録) and カレンダー購読 (schedule-feed.ts: a feed token's URL for calendar
// programs, shown once, and the user's tokens with 無効化).
//
// Everything comes from docs/api/scheduling.yaml: GET /v1/schedule/occurrences (one day; without
// `from`, the server's today), POST /v1/schedule/occurrences/{id}/complete, GET
// /v1/schedule/windows (without `from`, today and the 90 days after it), POST
// /v1/schedule/windows, POST /v1/schedule/windows/{id}/approve|complete, GET /v1/schedule/tasks
// and POST /v1/schedule/tasks/seed. The server decides what each role sees (an association's
// administrator only the work of its associations: bouei's does not include the centre's daily
// checks) and may do; the view leaves out what the role cannot use.
//
// The view's labels (Japanese and English) and the answer shapes it reads are kept in this file
// (the two panels keep theirs in their own).
import { ApiError, getJson } from '../api/client';
import { isCentreWide } from '../api/jwt';
import { knownTenants } from '../api/tenants';
import { h } from '../dom';
import { formatMinute, formatTimeOrDay, tokyoDate } from '../format/time';
import { pick, t, tenantName } from '../i18n';
import { field, send, type FormState } from './forms';
import { feedPanel, type FeedPanel } from './schedule-feed';
import { planPanel, type PlanPanel } from './schedule-plan';
import type { View, ViewContext } from './types';

const OCCURRENCES = '/v1/schedule/occurrences';
const WINDOWS = '/v1/schedule/windows';
const TASKS = '/v1/schedule/tasks';
const SEED = '/v1/schedule/tasks/seed';
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const RESULTS: ScheduleResult[] = ['ok', 'failed', 'manual_done'];
const WINDOW_KINDS = ['periodic_inspection', 'power_outage', 'fire_inspection', 'other'] as const;
const ALL_CENTRE = 'all_centre'; // the 18 associations of the shared centre (every one but bouei)
const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/; // a datetime-local value

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
  description: string;
  tenants: string[];
  planned_start: string;
  planned_end: string;
  stops_service: boolean;
  status: WindowStatus;
  approvals: { tenant: string; approver: string; at: string; by: string }[];
  awaiting_approval: string[];
  completed_at: string | null;
  completion_note: string;
  cancelled_reason: string | null;
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
  win_col_actions: ['操作', 'Actions'],
  win_approvals: ['承認: {list}', 'Approved: {list}'],
  win_completed_at: ['完了 {at}', 'Completed {at}'],
  win_cancelled_reason: ['中止理由', 'Cancelled because'],
  window_new: ['＋ 計画作業を登録', '+ Plan a maintenance window'],
  window_new_title: ['計画作業を登録', 'Plan a maintenance window'],
  win_kind: ['種別', 'Kind'],
  win_kind_choose: ['（選択してください）', '(choose one)'],
  win_title: ['件名', 'Title'],
  win_title_placeholder: ['例: 定期点検（サーバ機器）', 'e.g. 定期点検（サーバ機器）'],
  win_description: ['内容（任意）', 'Details (optional)'],
  win_tenants: ['対象組合（それぞれの承認が必要）', 'Associations affected (each one approves)'],
  win_all_centre: ['センタ全組合（18組合）', 'All 18 associations of the centre'],
  win_start: ['開始予定（日本時間）', 'Planned start (Japan time)'],
  win_end: ['終了予定（日本時間、14日以内）', 'Planned end (Japan time, within 14 days)'],
  win_stops: ['サービス停止', 'Service stop'],
  win_stops_label: [
    '対象組合のサービスが停止する（事前に停止案内、完了時に再開連絡のメールが送られます）',
    "Stops the associations' service (a notice is mailed before it, a service-resumed e-mail on completion)",
  ],
  win_submit: ['登録', 'Plan'],
  win_planned: ['計画作業を登録しました：{title}', 'Planned: {title}'],
  win_planned_outside: ['計画作業を登録しました：{title}（{day}、一覧の期間外です）', 'Planned: {title} ({day}, outside the period listed)'],
  win_approve: ['承認を記録', 'Record approval'],
  win_approve_title: ['承認の記録：{title}', 'Record an approval: {title}'],
  win_approve_tenant: ['承認した組合', 'Association that approved'],
  win_approver: ['承認者（組合側の氏名・役職）', "Approved by (the association's person)"],
  win_approver_placeholder: ['例: 総務省共済組合 山田課長（電話）', 'e.g. 総務省共済組合 山田課長（電話）'],
  win_approvals_so_far: ['記録済み', 'Recorded'],
  win_approved: ['承認を記録しました：{tenant}（{title}）', 'Approval recorded: {tenant} ({title})'],
  win_complete: ['完了', 'Complete'],
  win_complete_title: ['完了の記録：{title}', 'Record the completion: {title}'],
  win_note: ['完了メモ（任意）', 'Note (optional)'],
  win_note_placeholder: ['例: 点検完了、全サービス再開', 'e.g. inspection done, every service resumed'],
  win_at: ['完了日時（日本時間、空欄なら記録した時刻）', 'Completed at (Japan time; empty: now)'],
  win_complete_awaiting: ['承認待ちの組合があります：{names}（完了は承認を待たずに記録されます）', 'Approvals still awaited: {names} (completing does not wait for them)'],
  win_complete_resumed: ['記録すると、対象組合にサービス再開の連絡メールが送られます。', 'Recording it sends the service-resumed e-mail to the associations.'],
  win_completed: ['完了を記録しました：{title}', 'Completion recorded: {title}'],
  rule_window_completed: ['完了済みの計画作業です', 'The window is completed'],
  rule_window_cancelled: ['中止された計画作業です', 'The window is cancelled'],
  rule_already_approved: ['この組合の承認は記録済みです', 'This association has approved already'],
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
let windowItems: MaintenanceWindow[] = [];
let windowPeriod = { from: '', to: '' };
/** The window whose 承認を記録 or 完了 form is open, if any. */
let windowForm: { id: string; command: 'approve' | 'complete' } | null = null;
let plan: PlanPanel | null = null;
let feed: FeedPanel | null = null;

export const scheduleView: View = {
  id: 'schedule',
  label_ja: '運用予定',
  label_en: 'Schedule',

  render(container, ctx) {
    context = ctx;
    const asked = ctx.params.get('day') ?? '';
    day = isDate(asked) ? asked : '';
    today = '';
    items = [];
    formFor = '';
    windowItems = [];
    windowForm = null;
    plan = planPanel(ctx);
    feed = feedPanel(ctx);

    root = h('section', { class: 'view-schedule view-inquiries' },
      controls(),
      h('section', { class: 'panel sch-day' },
        h('h2', null, h('span', { 'data-testid': 'schedule-day-title' }), ' ', h('span', { class: 'count', 'data-testid': 'schedule-count' })),
        h('p', { class: 'form-message', 'data-testid': 'schedule-message', role: 'status' }),
        h('div', { 'data-testid': 'schedule-list' }, h('p', { class: 'muted' }, t('loading')))),
      h('section', { class: 'panel sch-windows', 'data-testid': 'schedule-windows' },
        h('div', { class: 'sch-panel-head' },
          h('h2', null, l('windows_title'), ' ', h('span', { class: 'muted', 'data-testid': 'schedule-window-period' })),
          isMaintainer(ctx)
            ? h('button', { type: 'button', class: 'primary', 'data-testid': 'schedule-window-new', 'aria-expanded': 'false', onclick: toggleNewWindow }, l('window_new'))
            : null),
        isMaintainer(ctx) ? h('div', { class: 'sch-window-new', 'data-testid': 'schedule-window-new-panel', hidden: true }) : null,
        h('p', { class: 'form-message', 'data-testid': 'schedule-windows-message', role: 'status' }),
        h('div', { 'data-testid': 'schedule-window-list' }, h('p', { class: 'muted' }, t('loading')))),
      h('div', { class: 'sch-more' }, plan.el, feed.el),
    );
    container.append(root);
    void loadDay();
    void loadWindows();
  },

  dispose() {
    dayGeneration += 1;
    windowsGeneration += 1;
    plan?.dispose();
    feed?.dispose();
    plan = null;
    feed = null;
    root = null;
    context = null;
  },
};

// ---- roles, dates, the route ---------------------------------------------------------------------

const isMaintainer = (ctx: ViewContext) => ctx.claims.roles.includes('maintainer');
/** A window's approval is recorded by an association's administrator, or by the desk for it. */
const mayApprove = (ctx: ViewContext) => isMaintainer(ctx) || ctx.claims.roles.includes('association_admin');
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

/** The server's today, from the first answer that says it; the plan panel starts at its month. */
function learnToday(date: string): void {
  if (today) return;
  today = date;
  showDay();
  plan?.setToday(date);
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
    if (!day) {
      day = answer.from;
      learnToday(answer.from);
    }
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
      plan?.refresh(); // the month's plan now has the contract's work
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
    learnToday(answer.from);
    windowPeriod = { from: answer.from, to: answer.to };
    windowItems = answer.items;
    if (windowForm && !windowItems.some((w) => w.id === windowForm!.id)) windowForm = null;
    part('[data-testid="schedule-window-period"]').textContent = `${dateText(answer.from)}〜${dateText(answer.to)}`;
    renderWindows();
  } catch (e) {
    if (mine !== windowsGeneration || !root) return;
    list.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'schedule-windows-error' }, problemText(e)));
  }
}

function sayWindows(text: string, kind: 'ok' | '' = ''): void {
  const message = part('[data-testid="schedule-windows-message"]');
  message.textContent = text;
  message.className = `form-message${kind ? ` ${kind}` : ''}`;
}

/** The associations still to approve a window that the user may record an approval for. */
function approvable(ctx: ViewContext, w: MaintenanceWindow): string[] {
  if (!mayApprove(ctx) || w.status !== 'planned') return [];
  return w.awaiting_approval.filter((code) => holds(ctx, code));
}

/** The desk completes a window that is neither completed nor cancelled. */
const completable = (ctx: ViewContext, w: MaintenanceWindow) => isMaintainer(ctx) && (w.status === 'planned' || w.status === 'approved');

function renderWindows(): void {
  const list = part('[data-testid="schedule-window-list"]');
  if (windowItems.length === 0) {
    list.replaceChildren(h('p', { class: 'muted empty', 'data-testid': 'schedule-windows-empty' }, l('windows_none')));
    return;
  }
  // The 操作 column only for a user with something to do on one of the windows.
  const ctx = context;
  const actions = ctx !== null && windowItems.some((w) => approvable(ctx, w).length > 0 || completable(ctx, w));
  list.replaceChildren(h('div', { class: 'table-scroll' },
    h('table', { class: 'schedule-windows' },
      h('thead', null, h('tr', null,
        h('th', null, l('win_col_start')), h('th', null, l('win_col_end')), h('th', null, l('win_col_title')),
        h('th', null, l('col_tenants')), h('th', null, l('win_col_stop')), h('th', null, l('col_status')),
        h('th', null, l('win_col_awaiting')), actions ? h('th', null, l('win_col_actions')) : null)),
      h('tbody', null, ...windowItems.flatMap((w) => windowRows(w, actions))))));
}

function windowRows(w: MaintenanceWindow, actions: boolean): HTMLElement[] {
  const awaiting = w.status === 'planned' ? w.awaiting_approval.map(tenantName) : [];
  const approvals = w.approvals.map((a) => `${tenantName(a.tenant)}（${a.approver}、${formatMinute(a.at)}）`);
  const ctx = context;
  const canApprove = ctx !== null && approvable(ctx, w).length > 0;
  const canComplete = ctx !== null && completable(ctx, w);
  const open = windowForm?.id === w.id ? windowForm.command : null;
  const meta: string[] = [windowKindLabel(w.kind)];
  if (w.completed_at) meta.push(l('win_completed_at', { at: formatMinute(w.completed_at) }) + (w.completion_note ? `（${w.completion_note}）` : ''));
  if (w.cancelled_reason) meta.push(`${l('win_cancelled_reason')}: ${w.cancelled_reason}`);
  const row = h('tr', { 'data-testid': 'schedule-window', 'data-window-id': w.id, 'data-status': w.status, 'data-version': w.version },
    h('td', { class: 'time' }, h('time', { datetime: w.planned_start }, formatMinute(w.planned_start))),
    h('td', { class: 'time' }, h('time', { datetime: w.planned_end }, formatMinute(w.planned_end))),
    h('td', { class: 'subject' },
      h('div', { 'data-testid': 'schedule-window-title', title: w.description || null }, w.title),
      h('div', { class: 'muted meta', 'data-testid': 'schedule-window-details' }, meta.join(' · '))),
    h('td', { class: 'nowrap' }, tenantsShort(w.tenants)),
    h('td', { 'data-testid': 'schedule-window-stop', 'data-stops-service': String(w.stops_service) },
      w.stops_service ? h('span', { class: 'badge against' }, l('stop_yes')) : l('stop_no')),
    h('td', null, h('span', { class: `badge ${WINDOW_CLASS[w.status] ?? ''}`, 'data-testid': 'schedule-window-status', 'data-status': w.status },
      windowStatusLabel(w.status))),
    h('td', { 'data-testid': 'schedule-window-awaiting', title: approvals.length > 0 ? l('win_approvals', { list: approvals.join('、') }) : null },
      awaiting.length > 0 ? awaiting.join('、') : h('span', { class: 'muted' }, '—')),
    actions
      ? h('td', { class: 'nowrap sch-actions' },
        canApprove
          ? h('button', {
            type: 'button', 'data-testid': 'schedule-window-approve', 'aria-expanded': String(open === 'approve'),
            onclick: () => toggleWindowForm(w.id, 'approve'),
          }, l('win_approve'))
          : null,
        canComplete
          ? h('button', {
            type: 'button', class: 'primary', 'data-testid': 'schedule-window-complete', 'aria-expanded': String(open === 'complete'),
            onclick: () => toggleWindowForm(w.id, 'complete'),
          }, l('win_complete'))
          : null)
      : null);
  if (!open || (open === 'approve' && !canApprove) || (open === 'complete' && !canComplete)) return [row];
  return [row, h('tr', { class: 'sch-form-row', 'data-testid': 'schedule-window-form-row', 'data-window-id': w.id },
    h('td', { colspan: actions ? 8 : 7 }, open === 'approve' ? approveWindowForm(w) : completeWindowForm(w)))];
}

function toggleWindowForm(id: string, command: 'approve' | 'complete'): void {
  windowForm = windowForm?.id === id && windowForm.command === command ? null : { id, command };
  sayWindows('');
  renderWindows();
  root?.querySelector<HTMLElement>('[data-testid="schedule-window-form-row"] select, [data-testid="schedule-window-form-row"] textarea')?.focus();
}

/** After a command: the window as the server now has it, the form closed, and what was done. */
function windowChanged(answer: MaintenanceWindow, said: string): void {
  windowItems = windowItems.map((w) => (w.id === answer.id ? answer : w));
  windowForm = null;
  renderWindows();
  sayWindows(said, 'ok');
}

// ---- 承認を記録: an association's approval of a window (its administrator, or the desk for it) -------------------

function approveWindowForm(w: MaintenanceWindow): HTMLElement {
  const open = context ? approvable(context, w) : [];
  const tenant = h('select', { name: 'tenant', 'data-testid': 'schedule-window-approve-tenant' },
    ...open.map((code, i) => h('option', { value: code, selected: i === 0 }, tenantName(code))));
  const approver = h('input', {
    name: 'approver', 'data-testid': 'schedule-window-approve-approver', class: 'sch-long-input', maxlength: 100, autocomplete: 'off',
    placeholder: l('win_approver_placeholder'),
  });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'schedule-window-approve-submit' }, l('submit'));
  const message = h('span', { class: 'form-message', 'data-testid': 'schedule-window-approve-message', role: 'status' });
  const form = h('form', { class: 'inq-command', 'data-testid': 'schedule-window-approve-form', novalidate: true },
    h('fieldset', null,
      h('legend', null, l('win_approve_title', { title: w.title })),
      field('tenant', l('win_approve_tenant'), tenant, { required: true }),
      field('approver', l('win_approver'), approver, { required: true }),
      w.approvals.length > 0
        ? h('p', { class: 'muted wide sch-approvals', 'data-testid': 'schedule-window-approvals' },
          `${l('win_approvals_so_far')}: `, w.approvals.map((a) => `${tenantName(a.tenant)}（${a.approver}）`).join('、'))
        : null,
      // by and at are never sent (the token's sub, the server's time); their slots are there in case the server names them.
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'by', role: 'alert' }),
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'at', role: 'alert' }),
      h('div', { class: 'form-actions' }, message, submit,
        h('button', { type: 'button', 'data-testid': 'schedule-window-approve-cancel', onclick: () => toggleWindowForm(w.id, 'approve') }, l('close')))));
  const state: FormState = { scopes: [form], message, submit, retry: null, describe: problemText };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const code = tenant.value;
    void send<MaintenanceWindow>(state, `${WINDOWS}/${encodeURIComponent(w.id)}/approve`, { tenant: code, approver: approver.value })
      .then((answer) => {
        if (!answer || !root) return;
        windowChanged(answer, l('win_approved', { tenant: tenantName(code), title: answer.title }));
      });
  });
  return form;
}

// ---- 完了: the work on a window ended (the desk) -------------------------------------------------------------

function completeWindowForm(w: MaintenanceWindow): HTMLElement {
  const note = h('textarea', { name: 'note', 'data-testid': 'schedule-window-complete-note', rows: 2, maxlength: 4000, placeholder: l('win_note_placeholder') });
  const at = h('input', { type: 'datetime-local', name: 'at', 'data-testid': 'schedule-window-complete-at' });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'schedule-window-complete-submit' }, l('submit'));
  const message = h('span', { class: 'form-message', 'data-testid': 'schedule-window-complete-message', role: 'status' });
  const awaiting = w.status === 'planned' ? w.awaiting_approval : [];
  const form = h('form', { class: 'inq-command', 'data-testid': 'schedule-window-complete-form', novalidate: true },
    h('fieldset', null,
      h('legend', null, l('win_complete_title', { title: w.title })),
      awaiting.length > 0
        ? h('p', { class: 'warning wide', 'data-testid': 'schedule-window-complete-awaiting' },
          l('win_complete_awaiting', { names: awaiting.map(tenantName).join('、') }))
        : null,
      field('note', l('win_note'), note, { wide: true }),
      field('at', l('win_at'), at),
      w.stops_service ? h('p', { class: 'muted wide' }, l('win_complete_resumed')) : null,
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'by', role: 'alert' }),
      h('div', { class: 'form-actions' }, message, submit,
        h('button', { type: 'button', 'data-testid': 'schedule-window-complete-cancel', onclick: () => toggleWindowForm(w.id, 'complete') }, l('close')))));
  const state: FormState = { scopes: [form], message, submit, retry: null, describe: problemText };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const when = tokyoInstant(at.value);
    void send<MaintenanceWindow>(state, `${WINDOWS}/${encodeURIComponent(w.id)}/complete`, {
      ...(note.value.trim() ? { note: note.value } : {}),
      ...(when ? { at: when } : {}),
    }).then((answer) => {
      if (!answer || !root) return;
      windowChanged(answer, l('win_completed', { title: answer.title }));
    });
  });
  return form;
}

// ---- 計画作業を登録: planning a window (maintainers) ------------------------------------------------------------

function toggleNewWindow(): void {
  const panel = part('[data-testid="schedule-window-new-panel"]');
  const button = part('[data-testid="schedule-window-new"]');
  const opening = panel.hidden;
  panel.replaceChildren(...(opening && context ? [newWindowForm(context)] : []));
  panel.hidden = !opening;
  button.setAttribute('aria-expanded', String(opening));
  if (opening) panel.querySelector<HTMLSelectElement>('select')?.focus();
}

/** A datetime-local value read as Japan time: `2026-12-02T10:00` → `2026-12-02T10:00:00+09:00`; null when empty. */
function tokyoInstant(local: string): string | null {
  const m = LOCAL_RE.exec(local);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}+09:00` : null;
}

/** A datetime-local value `minutes` later (wall-clock arithmetic: Japan keeps no summer time). */
function laterLocal(local: string, minutes: number): string {
  const m = LOCAL_RE.exec(local);
  if (!m) return '';
  const [, y, mo, d, hh, mi] = m.map(Number) as [number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, hh, mi + minutes)).toISOString().slice(0, 16);
}

/**
 * The associations a window may affect: センタ全組合 (`all_centre`, the 18; centre staff only,
 * since the token must hold every one of them) and each association the user's token holds
 * (every one the registry lists for `*`); checking センタ全組合 clears and locks the others.
 */
function windowTenantPicker(ctx: ViewContext): { el: HTMLElement; value(): string[] } {
  const centre = isCentreWide(ctx.claims);
  const known = knownTenants().map((x) => x.code);
  const codes = centre ? known : known.length > 0 ? known.filter((c) => holds(ctx, c)) : ctx.claims.tenants.filter((c) => c !== '*');
  const box = (code: string) => h('input', { type: 'checkbox', name: 'tenants', value: code, 'data-testid': `schedule-window-new-tenant-${code}` });
  const all = centre ? box(ALL_CENTRE) : null;
  const boxes = codes.map((code) => ({ code, input: box(code) }));
  all?.addEventListener('change', () => {
    for (const b of boxes) {
      b.input.disabled = all.checked;
      if (all.checked) b.input.checked = false;
    }
  });
  return {
    el: h('div', { class: 'tenant-picker', role: 'group', 'data-testid': 'schedule-window-new-tenants' },
      all ? h('label', { class: 'check every' }, all, ' ', l('win_all_centre')) : null,
      ...boxes.map((b) => h('label', { class: 'check' }, b.input, ' ', tenantName(b.code)))),
    value: () => (all?.checked ? [ALL_CENTRE] : boxes.filter((b) => b.input.checked).map((b) => b.code)),
  };
}

function newWindowForm(ctx: ViewContext): HTMLElement {
  const kind = h('select', { name: 'kind', 'data-testid': 'schedule-window-new-kind' },
    h('option', { value: '' }, l('win_kind_choose')),
    ...WINDOW_KINDS.map((k) => h('option', { value: k }, windowKindLabel(k))));
  const title = h('input', { name: 'title', 'data-testid': 'schedule-window-new-title', class: 'sch-long-input', maxlength: 200, autocomplete: 'off', placeholder: l('win_title_placeholder') });
  const description = h('textarea', { name: 'description', 'data-testid': 'schedule-window-new-description', rows: 2, maxlength: 4000 });
  const tenants = windowTenantPicker(ctx);
  const start = h('input', { type: 'datetime-local', name: 'planned_start', 'data-testid': 'schedule-window-new-start' });
  const end = h('input', { type: 'datetime-local', name: 'planned_end', 'data-testid': 'schedule-window-new-end' });
  // A start chosen after the end (or with no end yet) moves the end to an hour after it.
  start.addEventListener('change', () => {
    if (start.value && (!end.value || end.value <= start.value)) end.value = laterLocal(start.value, 60);
  });
  const stops = h('input', { type: 'checkbox', name: 'stops_service', 'data-testid': 'schedule-window-new-stops' });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'schedule-window-new-submit' }, l('win_submit'));
  const message = h('span', { class: 'form-message', 'data-testid': 'schedule-window-new-message', role: 'status' });
  const form = h('form', { class: 'inq-command', 'data-testid': 'schedule-window-new-form', novalidate: true },
    h('fieldset', null,
      h('legend', null, l('window_new_title')),
      field('kind', l('win_kind'), kind, { required: true }),
      field('title', l('win_title'), title, { required: true }),
      field('planned_start', l('win_start'), start, { required: true }),
      field('planned_end', l('win_end'), end, { required: true }),
      h('div', { class: 'field wide', 'data-field': 'tenants' },
        h('span', { class: 'field-label' }, l('win_tenants'), h('span', { class: 'req', title: t('inq_required') }, ' *')),
        tenants.el,
        h('span', { class: 'field-error', 'data-testid': 'field-error', 'data-field': 'tenants', role: 'alert' })),
      h('label', { class: 'field check wide', 'data-field': 'stops_service' },
        h('span', { class: 'field-label' }, l('win_stops')),
        h('span', null, stops, ' ', l('win_stops_label')),
        h('span', { class: 'field-error', 'data-testid': 'field-error', 'data-field': 'stops_service', role: 'alert' })),
      field('description', l('win_description'), description, { wide: true }),
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'by', role: 'alert' }),
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'at', role: 'alert' }),
      h('div', { class: 'form-actions' }, message, submit,
        h('button', { type: 'button', 'data-testid': 'schedule-window-new-cancel', onclick: toggleNewWindow }, l('close')))));
  const state: FormState = { scopes: [form], message, submit, retry: null, describe: problemText };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    // What is left out (no kind, no association, no time) the server names as required, next to its field.
    const chosen = tenants.value();
    const from = tokyoInstant(start.value);
    const to = tokyoInstant(end.value);
    void send<MaintenanceWindow>(state, WINDOWS, {
      ...(kind.value ? { kind: kind.value } : {}),
      title: title.value,
      ...(description.value.trim() ? { description: description.value } : {}),
      ...(chosen.length > 0 ? { tenants: chosen } : {}),
      ...(from ? { planned_start: from } : {}),
      ...(to ? { planned_end: to } : {}),
      stops_service: stops.checked,
    }).then((planned) => {
      if (!planned || !root) return;
      toggleNewWindow();
      const startDay = tokyoDate(planned.planned_start);
      const listed = !windowPeriod.to || (startDay <= windowPeriod.to && tokyoDate(planned.planned_end) >= windowPeriod.from);
      void loadWindows().then(() => {
        if (!root) return;
        sayWindows(listed ? l('win_planned', { title: planned.title }) : l('win_planned_outside', { title: planned.title, day: dateText(startDay) }), 'ok');
      });
      plan?.refresh(); // a window planned changes the plan of its period
    });
  });
  return form;
}
