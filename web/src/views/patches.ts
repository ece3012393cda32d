// #/patches セキュリティパッチ: the security patches of the commercial software the system runs on
// (仕様書 4.(2)⑤) and their rollout over the centre's equipment, for the operations desk and the
// associations.
//
// - セキュリティパッチ: the patches, newest first (filtered by 状況, 製品 and 緊急度, kept in the
//   route with the selected patch: `#/patches?status=rolling_out&id=<patch id>`): the vendor's
//   id, title, product, 重要度, 緊急度, 状況 (with 期限超過 once the server recorded an emergency
//   patch overdue), how many of the targets the caller sees stand in each rollout state, and an
//   emergency patch's 適用期限.
// - The selected patch: what it is (assessment, the urgency agreed with the associations, the
//   verification, the procedure, the linked change) and its rollout matrix, a row per target
//   (code, name, 組合, state, 適用予定, the last step), filtered by state (`&state=open`); for
//   maintainers, the rollout steps (検証済, 適用予定, 適用済, 失敗, 対象外) on the checked targets.
// - 未適用の対象機器: every patch's targets that are neither applied nor not applicable
//   ("what is still pending where"), optionally of one association.
// - 月次報告: the month's applied / failed / pending targets per association, and the Excel
//   workbook.
//
// Everything comes from docs/api/changes.yaml: GET /v1/patches, GET /v1/patches/{id}, GET
// /v1/patches/{id}/matrix, GET /v1/patches/matrix?state=open, GET /v1/patches/report (JSON and
// format=xlsx) and POST /v1/patches/{id}/{verify|schedule|apply|fail|not_applicable}. Every
// caller sees every patch; the server leaves out the targets (rows, counts) of the equipment of
// associations the token does not hold, so the view shows what comes. Registering a patch and
// its assessment, urgency, verification and targets stay in the CLI and the API.
import { ApiError, getBlob, getJson } from '../api/client';
import type {
  Patch, PatchCounts, PatchMatrix, PatchMatrixRow, PatchMatrixRows, PatchMonthlyReport, PatchPage, PatchRolloutState,
  PatchSummary, PatchTargetRow,
} from '../api/types';
import { h, saveBlob } from '../dom';
import { formatMinute } from '../format/time';
import { t, tenantName } from '../i18n';
import { dayText } from './changes-evm';
import { field, options, part, pickable, say, send, tenantOptions, type FormState } from './forms';
import { labeller, refusal } from './labels';
import type { View, ViewContext } from './types';

const PATCHES = '/v1/patches';
const MATRIX = '/v1/patches/matrix';
const REPORT = '/v1/patches/report';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/; // a datetime-local value
const CENTRE_SIZE = 18; // the associations of the shared centre (every one but bouei)
const STATUSES = ['registered', 'assessed', 'decided', 'deferred', 'rolling_out', 'rolled_out'] as const;
const PRODUCTS = ['os', 'antivirus', 'windows_feature_update', 'middleware'] as const;
const URGENCIES = ['emergency', 'normal', 'deferred'] as const;
const STATES: PatchRolloutState[] = ['pending', 'verified', 'scheduled', 'applied', 'failed', 'not_applicable'];
const SETTLED: PatchRolloutState[] = ['applied', 'not_applicable'];
const ROLLOUT = ['verify', 'schedule', 'apply', 'fail', 'not_applicable'] as const;
type Rollout = (typeof ROLLOUT)[number];

// ---- labels -----------------------------------------------------------------------------------

const { l, or } = labeller({
  list_title: ['セキュリティパッチ', 'Security patches'],
  all: ['すべて', 'All'],
  f_status: ['状況', 'Status'],
  f_product: ['製品', 'Product'],
  f_urgency: ['緊急度', 'Urgency'],
  none: ['該当するセキュリティパッチはありません', 'No security patch'],
  none_at_all: ['セキュリティパッチはまだ登録されていません（登録は CLI・API から行います）', 'No security patch is registered yet (the CLI and the API register them)'],
  select_hint: ['一覧からパッチを選ぶと、対応状況と適用状況（対象機器ごと）が表示されます', 'Choose a patch to see its handling and its rollout per target'],
  more: ['さらに読み込む', 'Load more'],
  col_vendor_id: ['パッチ', 'Patch'],
  col_title: ['件名', 'Title'],
  col_product: ['製品', 'Product'],
  col_severity: ['重要度', 'Severity'],
  col_urgency: ['緊急度', 'Urgency'],
  col_status: ['状況', 'Status'],
  col_counts: ['対象機器', 'Targets'],
  col_due: ['適用期限', 'Due'],
  counts_none: ['対象なし', 'No target'],
  counts_total: ['計{n}台', '{n} in all'],
  counts_item: ['{state} {n}', '{state} {n}'],
  overdue: ['期限超過', 'Overdue'],

  product_os: ['OS', 'OS'],
  product_antivirus: ['ウイルス対策', 'Antivirus'],
  product_windows_feature_update: ['Win11機能更新', 'Windows 11 feature update'],
  product_middleware: ['ミドルウェア', 'Middleware'],
  severity_critical: ['緊急', 'Critical'],
  severity_important: ['重要', 'Important'],
  severity_moderate: ['警告', 'Moderate'],
  severity_low: ['注意', 'Low'],
  urgency_emergency: ['緊急対応', 'Emergency'],
  urgency_normal: ['通常', 'Normal'],
  urgency_deferred: ['見送り', 'Deferred'],
  urgency_none: ['未決定', 'Not decided'],
  status_registered: ['登録', 'Registered'],
  status_assessed: ['評価済', 'Assessed'],
  status_decided: ['方針決定', 'Decided'],
  status_deferred: ['見送り', 'Deferred'],
  status_rolling_out: ['適用中', 'Rolling out'],
  status_rolled_out: ['適用完了', 'Rolled out'],
  state_pending: ['未着手', 'Pending'],
  state_verified: ['検証済', 'Verified'],
  state_scheduled: ['適用予定', 'Scheduled'],
  state_applied: ['適用済', 'Applied'],
  state_failed: ['失敗', 'Failed'],
  state_not_applicable: ['対象外', 'Not applicable'],
  state_open: ['未完了（適用済・対象外以外）', 'Open (not applied nor not applicable)'],
  measure_provisional: ['暫定対処', 'Provisional'],
  measure_permanent: ['本格対処', 'Permanent'],
  verification_passed: ['合格', 'Passed'],
  verification_failed: ['不合格', 'Failed'],

  fact_product: ['製品', 'Product'],
  fact_published: ['公開日', 'Published'],
  fact_severity: ['重要度', 'Severity'],
  fact_urgency: ['緊急度', 'Urgency'],
  fact_due: ['適用期限', 'Due'],
  fact_assessment: ['影響評価', 'Assessment'],
  fact_verification: ['検証', 'Verification'],
  fact_procedure: ['適用手順', 'Procedure'],
  fact_change: ['改修案件', 'Change'],
  fact_registered: ['登録', 'Registered'],
  fact_description: ['内容', 'Description'],
  urgency_line: ['{urgency}・{measure}（合意: {agreed_with}）', '{urgency}, {measure} (agreed with {agreed_with})'],
  due_overdue_line: ['{at} に期限超過を記録（{days}営業日）', 'recorded overdue at {at} ({days} business days)'],
  needs_modification: ['システム資産の改修が必要', 'The system must be modified'],
  verification_line: ['{result}（{environment}）', '{result} ({environment})'],
  procedure_line: ['文書 {id} 第{v}版', 'document {id} v{v}'],
  by_at: ['{by}・{at}', '{by}, {at}'],
  not_yet: ['未記録', 'Not yet'],

  matrix_title: ['適用状況（対象機器ごと）', 'Rollout per target'],
  matrix_state: ['状態', 'State'],
  matrix_none: ['対象機器はありません', 'No target'],
  matrix_none_filtered: ['この状態の対象機器はありません', 'No target in this state'],
  col_code: ['コード', 'Code'],
  col_name: ['名称', 'Name'],
  col_tenants: ['組合', 'Associations'],
  col_state: ['状態', 'State'],
  col_scheduled: ['適用予定', 'Scheduled for'],
  col_changed: ['最終更新', 'Last change'],
  col_patch: ['パッチ', 'Patch'],
  all_centre: ['センタ全組合', 'Every association of the centre'],
  tenants_more: ['{first}ほか{n}組合', '{first} and {n} more'],
  step_line: ['{at} {state}（{by}）{note}', '{at} {state} ({by}) {note}'],
  select_all: ['すべて選択', 'Select all'],

  rollout_legend: ['適用状況を記録（チェックした対象機器）', 'Record a rollout step (the checked targets)'],
  rollout_command: ['記録する内容', 'Step'],
  cmd_verify: ['検証済にする', 'Mark verified'],
  cmd_schedule: ['適用予定を記録', 'Schedule'],
  cmd_apply: ['適用済にする', 'Mark applied'],
  cmd_fail: ['失敗を記録', 'Record a failure'],
  cmd_not_applicable: ['対象外にする', 'Mark not applicable'],
  f_scheduled_for: ['適用予定日時', 'Scheduled for'],
  f_note: ['備考（失敗・対象外は理由）', 'Note (the reason for a failure or not applicable)'],
  f_targets: ['対象機器', 'Targets'],
  choose_targets: ['対象機器を選んでください', 'Check at least one target'],
  submit: ['記録', 'Record'],
  recorded: ['記録しました：{command}（{n}台）', 'Recorded: {command} ({n})'],

  open_title: ['未適用の対象機器', 'Targets still to do'],
  open_tenant: ['組合', 'Association'],
  open_none: ['未適用の対象機器はありません', 'Nothing left to do'],

  report_title: ['月次報告（セキュリティパッチ適用状況）', 'Monthly report (security patches)'],
  report_month: ['対象月', 'Month'],
  report_tenant: ['組合', 'Association'],
  report_all: ['すべての組合', 'Every association'],
  reload: ['↻ 再読込', '↻ Reload'],
  xlsx: ['⬇ 月次報告をダウンロード', '⬇ Download the monthly report'],
  xlsx_title: ['月次報告を Excel でダウンロード', 'Download the monthly report as an Excel workbook'],
  report_heading: ['{y}年{m}月（{end} 時点）', '{y}-{m} (as of {end})'],
  report_col_tenant: ['組合', 'Association'],
  report_col_applied: ['適用', 'Applied'],
  report_col_failed: ['失敗', 'Failed'],
  report_col_pending: ['未適用（期末）', 'Pending (at the end)'],
  report_none: ['この月の対象機器はありません', 'No target in this month'],
  report_quiet: ['ほか{n}組合は該当なし', '{n} more associations with nothing'],
  download_failed: ['ダウンロードに失敗しました', 'Download failed'],

  forbidden: ['この操作の権限がありません', 'Not allowed'],
  not_found: ['セキュリティパッチが見つかりません', 'No such security patch'],
  conflict: ['記録できません', 'Cannot be recorded'],
  changed: ['他の記録が先に行われました。読み込み直してからもう一度記録してください', 'Someone else recorded meanwhile; reload and try again'],
  rule_patch_not_verified: ['パッチが検証環境で合格していません', 'The patch has not passed its verification'],
  rule_urgency_undecided: ['緊急度が未決定です（組合との合意の後に適用します）', 'The urgency is not agreed yet'],
  rule_patch_deferred: ['見送りのパッチです', 'The patch is deferred'],
  rule_rollout_order: ['この状態からは記録できません', 'Not from this state'],
});

const productLabel = (p: string) => or(`product_${p}`, p);
const severityLabel = (s: string) => or(`severity_${s}`, s);
const urgencyLabel = (u: string | null) => (u === null ? l('urgency_none') : or(`urgency_${u}`, u));
const statusLabel = (s: string) => or(`status_${s}`, s);
const stateLabel = (s: string) => or(`state_${s}`, s);
const commandLabel = (c: Rollout) => l(`cmd_${c}`);

const STATUS_CLASS: Record<string, string> = {
  registered: 'class-none', assessed: 'inq-status-received', decided: 'inq-status-received', deferred: 'permitted',
  rolling_out: 'inq-status-in_progress', rolled_out: 'status-restored',
};
const STATE_CLASS: Record<string, string> = {
  pending: 'class-none', verified: 'inq-status-in_progress', scheduled: 'inq-status-in_progress', applied: 'status-restored',
  failed: 'against', not_applicable: 'permitted',
};
const SEVERITY_CLASS: Record<string, string> = { critical: 'sev-critical', important: 'sev-major' };

const problemText = (e: unknown) => refusal(e, {
  forbidden: l('forbidden'), notFound: l('not_found'), conflict: l('conflict'), changed: l('changed'),
  rule: (rule) => or(`rule_${rule.replaceAll('-', '_')}`, '') || null,
});

// ---- state --------------------------------------------------------------------------------------

let root: HTMLElement | null = null;
let context: ViewContext | null = null;
let filters = { status: '', product: '', urgency: '' };
let selectedId = '';
let stateFilter = ''; // the matrix's: '' (every state), 'open' or a state
let openTenant = '';
let reportMonth = ''; // '' until the server said which month is this month
let reportTenant = '';
let items: PatchSummary[] = [];
let nextCursor: string | null = null;
let shown: { patch: Patch; matrix: PatchMatrix } | null = null;
let checked = new Set<string>(); // the matrix's checked targets (codes), for the rollout form
let listGeneration = 0;
let detailGeneration = 0;
let openGeneration = 0;
let reportGeneration = 0;

export const patchesView: View = {
  id: 'patches',
  label_ja: 'セキュリティパッチ',
  label_en: 'Security patches',

  render(container, ctx) {
    context = ctx;
    const p = ctx.params;
    const pickFrom = (values: readonly string[], v: string | null) => (values.includes(v ?? '') ? v! : '');
    filters = {
      status: pickFrom(STATUSES, p.get('status')),
      product: pickFrom(PRODUCTS, p.get('product')),
      urgency: pickFrom(URGENCIES, p.get('urgency')),
    };
    selectedId = UUID_RE.test(p.get('id') ?? '') ? p.get('id')!.toLowerCase() : '';
    stateFilter = pickFrom([...STATES, 'open'], p.get('state'));
    openTenant = '';
    reportMonth = '';
    reportTenant = '';
    items = [];
    nextCursor = null;
    shown = null;
    checked = new Set();

    root = h('section', { class: 'view-changes view-inquiries view-patches' },
      // The list above the patch (not beside it, as the changes view has them): both tables are
      // wide (8 and 7 columns).
      h('section', { class: 'panel pat-list-panel' },
        h('div', { class: 'sch-panel-head' },
          h('h2', null, l('list_title'), ' ', h('span', { class: 'count', 'data-testid': 'patches-count' }))),
        listControls(),
        h('div', { 'data-testid': 'patches-list' }, h('p', { class: 'muted' }, t('loading')))),
      h('section', { class: 'panel inq-detail pat-detail', 'data-testid': 'patches-detail' },
        h('p', { class: 'muted' }, l('select_hint'))),
      openPanel(ctx),
      reportPanel(ctx),
    );
    container.append(root);
    void loadList();
    if (selectedId) void loadDetail(selectedId);
    void loadOpen();
    void loadReport();
  },

  dispose() {
    listGeneration += 1;
    detailGeneration += 1;
    openGeneration += 1;
    reportGeneration += 1;
    root = null;
    context = null;
  },
};

// ---- roles, the route, small helpers ------------------------------------------------------------

const isMaintainer = (ctx: ViewContext) => ctx.claims.roles.includes('maintainer');

function saveRoute(): void {
  if (!context) return;
  const out: Record<string, string> = {};
  if (filters.status) out.status = filters.status;
  if (filters.product) out.product = filters.product;
  if (filters.urgency) out.urgency = filters.urgency;
  if (selectedId) out.id = selectedId;
  if (selectedId && stateFilter) out.state = stateFilter;
  context.setParams(out);
}

/** The associations a row's item served: `センタ全組合` for the shared equipment, one or two names, or `…ほかN組合`. */
function tenantsText(codes: readonly string[]): HTMLElement {
  const names = codes.map(tenantName);
  const centre = codes.length === CENTRE_SIZE && !codes.includes('bouei');
  const text = names.length === 0 ? '—' : centre ? l('all_centre')
    : names.length <= 2 ? names.join('、') : l('tenants_more', { first: names[0]!, n: names.length - 1 });
  return h('span', { title: names.join('、') || null }, text);
}

const badge = (cls: string, text: string, attrs: Record<string, string> = {}) => h('span', { class: `badge ${cls}`, ...attrs }, text);
const statusBadge = (s: string) => badge(STATUS_CLASS[s] ?? '', statusLabel(s), { 'data-testid': 'patches-status', 'data-status': s });
const stateBadge = (s: string) => badge(STATE_CLASS[s] ?? '', stateLabel(s), { 'data-testid': 'patches-state', 'data-state': s });
const severityBadge = (s: string) => badge(SEVERITY_CLASS[s] ?? '', severityLabel(s), { 'data-severity': s });
const urgencyBadge = (u: string | null) =>
  badge(u === 'emergency' ? 'against' : u === null ? 'class-none' : u === 'deferred' ? 'permitted' : '', urgencyLabel(u), { 'data-urgency': u ?? '' });
const overdueBadge = () => badge('pat-overdue', l('overdue'), { 'data-testid': 'patches-overdue' });
const byAt = (by: string, at: string) => l('by_at', { by, at: formatMinute(at) });

/** A JSON time from a datetime-local value read as Japan time; null when empty or not one. */
function japanTime(local: string): string | null {
  const m = LOCAL_RE.exec(local);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}+09:00` : null;
}

/** The counts as `適用済 1・検証済 2（計3台）` (the states with targets, in rollout order). */
function countsText(c: PatchCounts): { text: string; total: number } {
  const total = STATES.reduce((sum, s) => sum + (c[s] ?? 0), 0);
  if (total === 0) return { text: l('counts_none'), total };
  const order: PatchRolloutState[] = ['applied', 'not_applicable', 'scheduled', 'verified', 'pending', 'failed'];
  const parts = order.filter((s) => (c[s] ?? 0) > 0).map((s) => l('counts_item', { state: stateLabel(s), n: c[s] }));
  return { text: `${parts.join('・')}（${l('counts_total', { n: total })}）`, total };
}

// ---- the list ---------------------------------------------------------------------------------

function listControls(): HTMLElement {
  const status = h('select', { 'data-testid': 'patches-filter-status' }, ...options(STATUSES, statusLabel, filters.status, l('all')));
  const product = h('select', { 'data-testid': 'patches-filter-product' }, ...options(PRODUCTS, productLabel, filters.product, l('all')));
  const urgency = h('select', { 'data-testid': 'patches-filter-urgency' }, ...options(URGENCIES, urgencyLabel, filters.urgency, l('all')));
  const apply = () => {
    filters = { status: status.value, product: product.value, urgency: urgency.value };
    saveRoute();
    void loadList();
  };
  for (const s of [status, product, urgency]) s.addEventListener('change', apply);
  return h('div', { class: 'inq-controls chg-list-controls' },
    h('label', null, h('span', null, l('f_status')), status),
    h('label', null, h('span', null, l('f_product')), product),
    h('label', null, h('span', null, l('f_urgency')), urgency));
}

async function loadList(more = false): Promise<void> {
  const mine = ++listGeneration;
  const list = part(root, '[data-testid="patches-list"]');
  try {
    const page = await getJson<PatchPage>(PATCHES, {
      status: filters.status || null, product: filters.product || null, urgency: filters.urgency || null, limit: 200,
      cursor: more ? nextCursor : null,
    });
    if (mine !== listGeneration || !root) return;
    items = more ? [...items, ...page.items] : page.items;
    nextCursor = page.next_cursor;
    renderList();
  } catch (e) {
    if (mine !== listGeneration || !root) return;
    list.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'patches-list-error' }, problemText(e)));
  }
}

function renderList(): void {
  const list = part(root, '[data-testid="patches-list"]');
  part(root, '[data-testid="patches-count"]').textContent = String(items.length) + (nextCursor ? '+' : '');
  if (items.length === 0) {
    const filtered = filters.status || filters.product || filters.urgency;
    list.replaceChildren(h('p', { class: 'muted empty', 'data-testid': 'patches-empty' }, l(filtered ? 'none' : 'none_at_all')));
    return;
  }
  list.replaceChildren(
    h('div', { class: 'table-scroll' },
      h('table', { class: 'inquiries pat-list' },
        h('thead', null, h('tr', null,
          h('th', null, l('col_vendor_id')), h('th', null, l('col_title')), h('th', null, l('col_product')),
          h('th', null, l('col_severity')), h('th', null, l('col_urgency')), h('th', null, l('col_status')),
          h('th', null, l('col_counts')), h('th', null, l('col_due')))),
        h('tbody', null, ...items.map(listRow)))),
    ...(nextCursor
      ? [h('div', { class: 'inq-list-foot' }, h('button', { type: 'button', 'data-testid': 'patches-more', onclick: () => void loadList(true) }, l('more')))]
      : []));
}

function listRow(p: PatchSummary): HTMLElement {
  const selected = p.id === selectedId;
  const counts = countsText(p.counts);
  return h('tr', {
    class: `inq-row${selected ? ' selected' : ''}${p.overdue ? ' pat-overdue-row' : ''}`, 'data-testid': 'patches-row', 'data-patch-id': p.id,
    'data-status': p.status, 'data-urgency': p.urgency ?? '', 'data-overdue': String(p.overdue),
    tabindex: 0, 'aria-selected': String(selected),
    onclick: () => select(p.id),
    onkeydown: (e: Event) => { if ((e as KeyboardEvent).key === 'Enter') select(p.id); },
  },
  h('td', { class: 'nowrap', 'data-testid': 'patches-row-vendor' }, h('code', null, p.vendor_id)),
  h('td', { class: 'subject', 'data-testid': 'patches-row-title', title: `${l('fact_published')} ${dayText(p.published)}` }, p.title),
  h('td', { class: 'nowrap', 'data-testid': 'patches-row-product' }, productLabel(p.product)),
  h('td', { class: 'nowrap', 'data-testid': 'patches-row-severity' }, severityBadge(p.severity)),
  h('td', { class: 'nowrap', 'data-testid': 'patches-row-urgency' }, urgencyBadge(p.urgency)),
  h('td', { class: 'nowrap', 'data-testid': 'patches-row-status' }, statusBadge(p.status), p.overdue ? overdueBadge() : null),
  h('td', { class: 'pat-counts', 'data-testid': 'patches-row-counts', ...Object.fromEntries(STATES.map((s) => [`data-${s.replace('_', '-')}`, String(p.counts[s] ?? 0)])) },
    counts.text),
  h('td', { class: 'time', 'data-testid': 'patches-row-due' }, p.apply_due_at ? formatMinute(p.apply_due_at) : '—'));
}

/** Shows patch `id` (its matrix filtered by `state` when given); `scroll` brings its panel into view. */
function select(id: string, state?: string, scroll = false): void {
  if (id !== selectedId) {
    checked = new Set();
    stateFilter = '';
  }
  if (state !== undefined) stateFilter = state;
  selectedId = id;
  saveRoute();
  for (const row of root?.querySelectorAll<HTMLElement>('[data-testid="patches-row"]') ?? []) {
    const on = row.dataset.patchId === id;
    row.classList.toggle('selected', on);
    row.setAttribute('aria-selected', String(on));
  }
  void loadDetail(id, !scroll);
  if (scroll && root) part(root, '[data-testid="patches-detail"]').scrollIntoView({ block: 'start', behavior: 'smooth' });
}

// ---- the selected patch and its rollout matrix --------------------------------------------------

const patchPath = (id: string, tail = '') => `${PATCHES}/${encodeURIComponent(id)}${tail}`;

async function loadDetail(id: string, reveal = false): Promise<void> {
  const mine = ++detailGeneration;
  const panel = part(root, '[data-testid="patches-detail"]');
  if (panel.dataset.patchId !== id) {
    panel.dataset.patchId = id;
    delete panel.dataset.version;
    delete panel.dataset.status;
    panel.replaceChildren(h('p', { class: 'muted' }, t('loading')));
  }
  try {
    const [patch, matrix] = await Promise.all([getJson<Patch>(patchPath(id)), getJson<PatchMatrix>(patchPath(id, '/matrix'))]);
    if (mine !== detailGeneration || !root) return;
    showDetail(patch, matrix);
    if (reveal) revealIfHidden(panel);
  } catch (e) {
    if (mine !== detailGeneration || !root) return;
    shown = null;
    const notFound = e instanceof ApiError && e.status === 404;
    panel.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'patches-detail-error' }, notFound ? l('not_found') : problemText(e)));
  }
}

/** Scrolls the panel into view when its top is below the window (the narrow, stacked layout). */
function revealIfHidden(panel: HTMLElement): void {
  if (panel.getBoundingClientRect().top > window.innerHeight - 80) panel.scrollIntoView({ block: 'start', behavior: 'smooth' });
}

function showDetail(p: Patch, matrix: PatchMatrix): void {
  shown = { patch: p, matrix };
  const codes = new Set(matrix.rows.map((r) => r.code));
  checked = new Set([...checked].filter((c) => codes.has(c)));
  const panel = part(root, '[data-testid="patches-detail"]');
  panel.dataset.patchId = p.id;
  panel.dataset.version = String(p.version);
  panel.dataset.status = p.status;
  const fact = (label: string, testid: string, ...value: (Node | string | null)[]) =>
    [h('dt', null, label), h('dd', { 'data-testid': testid }, ...value)];
  const muted = (text: string) => h('span', { class: 'muted' }, text);
  const decision = p.urgency_decision;
  const verification = p.verifications.at(-1) ?? null;
  panel.replaceChildren(
    h('header', { class: 'inq-detail-head' },
      h('h2', { 'data-testid': 'patches-detail-title' }, h('code', null, p.vendor_id), ' ', p.title),
      h('div', null, statusBadge(p.status), p.overdue ? overdueBadge() : null)),
    h('dl', { class: 'inq-facts' },
      fact(l('fact_product'), 'patches-detail-product', productLabel(p.product)),
      fact(l('fact_published'), 'patches-detail-published', dayText(p.published)),
      fact(l('fact_severity'), 'patches-detail-severity', severityBadge(p.severity)),
      fact(l('fact_urgency'), 'patches-detail-urgency', decision
        ? h('span', null,
          l('urgency_line', { urgency: urgencyLabel(decision.urgency), measure: or(`measure_${decision.measure}`, decision.measure), agreed_with: decision.agreed_with }),
          decision.reason ? `（${decision.reason}）` : '',
          decision.plan ? h('div', { class: 'meta pre' }, decision.plan) : null,
          h('div', { class: 'meta muted' }, byAt(decision.by, decision.at)))
        : muted(l('urgency_none'))),
      p.apply_due_at
        ? fact(l('fact_due'), 'patches-detail-due', formatMinute(p.apply_due_at), p.overdue ? overdueBadge() : null,
          p.overdue_record ? h('div', { class: 'meta muted' }, l('due_overdue_line', { at: formatMinute(p.overdue_record.at), days: p.overdue_record.business_days })) : null)
        : null,
      fact(l('fact_assessment'), 'patches-detail-assessment', p.assessment
        ? h('span', null, h('span', { class: 'pre' }, p.assessment.impact),
          p.assessment.needs_modification ? badge('inq-status-received', l('needs_modification')) : null,
          h('div', { class: 'meta muted' }, byAt(p.assessment.by, p.assessment.at)))
        : muted(l('not_yet'))),
      fact(l('fact_verification'), 'patches-detail-verification', verification
        ? h('span', null,
          badge(verification.result === 'passed' ? 'status-restored' : 'against', or(`verification_${verification.result}`, verification.result)), ' ',
          verification.environment, verification.note ? `（${verification.note}）` : '',
          h('div', { class: 'meta muted' }, byAt(verification.by, verification.at)))
        : muted(l('not_yet'))),
      fact(l('fact_procedure'), 'patches-detail-procedure', p.procedure
        ? h('span', null, l('procedure_line', { id: p.procedure.document_id, v: p.procedure.document_version }),
          h('span', { class: 'muted' }, ` · ${byAt(p.procedure.by, p.procedure.at)}`))
        : muted(l('not_yet'))),
      p.change_id
        ? fact(l('fact_change'), 'patches-detail-change', h('a', { href: `#/changes?id=${encodeURIComponent(p.change_id)}` }, h('code', null, p.change_id)))
        : null,
      fact(l('fact_registered'), 'patches-detail-registered', byAt(p.registered_by, p.registered_at)),
      p.description ? fact(l('fact_description'), 'patches-detail-description', h('span', { class: 'pre' }, p.description)) : null),
    h('div', { class: 'sch-panel-head pat-matrix-head' },
      h('h3', null, l('matrix_title'), ' ', h('span', { class: 'count', 'data-testid': 'patches-matrix-count' })),
      matrixFilter()),
    h('p', { class: 'muted', 'data-testid': 'patches-matrix-counts' }, countsText(matrix.counts).text),
    h('div', { 'data-testid': 'patches-matrix-body' }),
    h('p', { class: 'form-message', 'data-testid': 'patches-detail-message', role: 'status' }),
    ...(context && isMaintainer(context) && matrix.rows.length > 0 ? [rolloutForm(p)] : []));
  renderMatrix();
}

function matrixFilter(): HTMLElement {
  const select = h('select', { 'data-testid': 'patches-matrix-filter' },
    ...options(['open', ...STATES], stateLabel, stateFilter, l('all')));
  select.addEventListener('change', () => {
    stateFilter = select.value;
    saveRoute();
    renderMatrix();
  });
  return h('label', { class: 'pat-inline-label' }, h('span', null, l('matrix_state')), ' ', select);
}

function renderMatrix(): void {
  if (!shown || !root) return;
  const body = part(root, '[data-testid="patches-matrix-body"]');
  const all = shown.matrix.rows;
  const rows = all.filter((r) => (stateFilter === '' ? true : stateFilter === 'open' ? !SETTLED.includes(r.state) : r.state === stateFilter));
  const visible = new Set(rows.map((r) => r.code));
  checked = new Set([...checked].filter((c) => visible.has(c))); // a step is recorded on what is shown only
  part(root, '[data-testid="patches-matrix-count"]').textContent = rows.length === all.length ? String(all.length) : `${rows.length}/${all.length}`;
  if (rows.length === 0) {
    body.replaceChildren(h('p', { class: 'muted empty', 'data-testid': 'patches-matrix-empty' }, l(all.length === 0 ? 'matrix_none' : 'matrix_none_filtered')));
    return;
  }
  const desk = context !== null && isMaintainer(context);
  const boxes = rows.map((r) => h('input', {
    type: 'checkbox', 'data-testid': 'patches-rollout-check', 'data-code': r.code, checked: checked.has(r.code), 'aria-label': r.code,
    onchange: (e: Event) => {
      const on = (e.target as HTMLInputElement).checked;
      if (on) checked.add(r.code);
      else checked.delete(r.code);
      syncAll();
    },
  }));
  const everyBox = desk
    ? h('input', {
      type: 'checkbox', 'data-testid': 'patches-rollout-all', title: l('select_all'), 'aria-label': l('select_all'),
      onchange: (e: Event) => {
        const on = (e.target as HTMLInputElement).checked;
        for (const b of boxes) {
          b.checked = on;
          if (on) checked.add(b.dataset.code!);
          else checked.delete(b.dataset.code!);
        }
      },
    })
    : null;
  const syncAll = () => { if (everyBox) everyBox.checked = boxes.every((b) => b.checked); };
  syncAll();
  body.replaceChildren(h('div', { class: 'table-scroll' },
    h('table', { class: 'inq-history pat-matrix', 'data-testid': 'patches-matrix' },
      h('thead', null, h('tr', null,
        desk ? h('th', { class: 'pat-check' }, everyBox) : null,
        h('th', null, l('col_code')), h('th', null, l('col_name')), h('th', null, l('col_tenants')),
        h('th', null, l('col_state')), h('th', null, l('col_scheduled')), h('th', null, l('col_changed')))),
      h('tbody', null, ...rows.map((r, i) => matrixRow(r, desk ? boxes[i]! : null))))));
}

function stepsTitle(r: PatchTargetRow): string {
  return r.steps.map((s) => l('step_line', { at: formatMinute(s.at), state: stateLabel(s.state), by: s.by, note: s.note })).join('\n');
}

function lastChange(r: PatchTargetRow): HTMLElement {
  const last = r.steps.at(-1);
  return h('td', { class: 'time', 'data-testid': 'patches-matrix-changed', title: stepsTitle(r) || null },
    formatMinute(r.changed_at),
    last ? h('span', { class: 'muted' }, ` ${last.by}`) : null,
    last?.note ? h('div', { class: 'meta muted pat-note' }, last.note) : null);
}

function matrixRow(r: PatchTargetRow, box: HTMLInputElement | null): HTMLElement {
  return h('tr', { 'data-testid': 'patches-matrix-row', 'data-code': r.code, 'data-state': r.state },
    box ? h('td', { class: 'pat-check' }, box) : null,
    h('td', { class: 'nowrap', 'data-testid': 'patches-matrix-code' }, h('code', null, r.code)),
    h('td', { 'data-testid': 'patches-matrix-name' }, r.name ?? '—'),
    h('td', { class: 'nowrap', 'data-testid': 'patches-matrix-tenants' }, tenantsText(r.tenants)),
    h('td', { class: 'nowrap', 'data-testid': 'patches-matrix-state' }, stateBadge(r.state)),
    h('td', { class: 'time', 'data-testid': 'patches-matrix-scheduled' }, r.scheduled_for ? formatMinute(r.scheduled_for) : '—'),
    lastChange(r));
}

// ---- the rollout steps on the checked targets (maintainers) -------------------------------------

function rolloutForm(p: Patch): HTMLElement {
  const command = h('select', { name: 'command', 'data-testid': 'patches-rollout-command' }, ...options(ROLLOUT, (c) => commandLabel(c as Rollout), 'apply'));
  const when = h('input', { type: 'datetime-local', name: 'scheduled_for', 'data-testid': 'patches-rollout-scheduled_for' });
  const note = h('input', { name: 'note', 'data-testid': 'patches-rollout-note', maxlength: 4000, class: 'sch-long-input', autocomplete: 'off' });
  const whenField = field('scheduled_for', l('f_scheduled_for'), when, { required: true });
  const showWhen = () => { whenField.hidden = command.value !== 'schedule'; };
  command.addEventListener('change', showWhen);
  showWhen();
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'patches-rollout-submit' }, l('submit'));
  const message = h('span', { class: 'form-message', 'data-testid': 'patches-rollout-message', role: 'status' });
  const form = h('form', { class: 'inq-command pat-rollout', 'data-testid': 'patches-rollout', novalidate: true },
    h('fieldset', null,
      h('legend', null, l('rollout_legend')),
      field('command', l('rollout_command'), command),
      whenField,
      field('note', l('f_note'), note, { wide: true }),
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'targets', role: 'alert' }),
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'target', role: 'alert' }),
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'by', role: 'alert' }),
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'at', role: 'alert' }),
      h('div', { class: 'form-actions' }, message, submit)));
  const state: FormState = { scopes: [form], message, submit, retry: null, describe: problemText };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    // In the matrix's order, whatever the order they were checked in.
    const targets = (shown?.matrix.rows ?? []).map((r) => r.code).filter((c) => checked.has(c));
    if (targets.length === 0) {
      message.textContent = l('choose_targets');
      message.className = 'form-message error';
      return;
    }
    const chosen = command.value as Rollout;
    const body: Record<string, unknown> = { targets };
    if (note.value.trim()) body.note = note.value;
    if (chosen === 'schedule') body.scheduled_for = japanTime(when.value) ?? undefined;
    void send<Patch>(state, patchPath(p.id, `/${chosen}`), body).then((answer) => {
      if (!answer || !root) return;
      checked = new Set();
      void loadDetail(p.id).then(() => say(root, 'patches-detail-message', l('recorded', { command: commandLabel(chosen), n: targets.length }), 'ok'));
      void loadList();
      void loadOpen();
      void loadReport();
    });
  });
  return form;
}

// ---- 未適用の対象機器: every patch's targets still to do ----------------------------------------

function openPanel(ctx: ViewContext): HTMLElement {
  const tenant = h('select', { 'data-testid': 'patches-open-tenant' }, ...tenantOptions(ctx, openTenant, l('all')));
  tenant.addEventListener('change', () => {
    openTenant = tenant.value;
    void loadOpen();
  });
  return h('section', { class: 'panel pat-open', 'data-testid': 'patches-open' },
    h('div', { class: 'sch-panel-head' },
      h('h2', null, l('open_title'), ' ', h('span', { class: 'count', 'data-testid': 'patches-open-count' })),
      pickable(ctx) ? h('label', { class: 'pat-inline-label' }, h('span', null, l('open_tenant')), ' ', tenant) : null),
    h('div', { 'data-testid': 'patches-open-list' }, h('p', { class: 'muted' }, t('loading'))));
}

async function loadOpen(): Promise<void> {
  const mine = ++openGeneration;
  if (!root) return;
  const list = part(root, '[data-testid="patches-open-list"]');
  try {
    const answer = await getJson<PatchMatrixRows>(MATRIX, { state: 'open', tenant: openTenant || null });
    if (mine !== openGeneration || !root) return;
    renderOpen(answer.rows);
  } catch (e) {
    if (mine !== openGeneration || !root) return;
    list.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'patches-open-error' }, problemText(e)));
  }
}

function renderOpen(rows: PatchMatrixRow[]): void {
  const list = part(root, '[data-testid="patches-open-list"]');
  part(root, '[data-testid="patches-open-count"]').textContent = String(rows.length);
  if (rows.length === 0) {
    list.replaceChildren(h('p', { class: 'muted empty', 'data-testid': 'patches-open-empty' }, l('open_none')));
    return;
  }
  list.replaceChildren(h('div', { class: 'table-scroll' },
    h('table', { class: 'inquiries pat-open-table' },
      h('thead', null, h('tr', null,
        h('th', null, l('col_patch')), h('th', null, l('col_product')), h('th', null, l('col_urgency')),
        h('th', null, l('col_code')), h('th', null, l('col_name')), h('th', null, l('col_tenants')),
        h('th', null, l('col_state')), h('th', null, l('col_scheduled')), h('th', null, l('col_changed')))),
      h('tbody', null, ...rows.map((r) => h('tr', {
        'data-testid': 'patches-open-row', 'data-patch-id': r.patch_id, 'data-code': r.code, 'data-state': r.state,
        tabindex: 0, title: r.title,
        onclick: () => openPatch(r.patch_id),
        onkeydown: (e: Event) => { if ((e as KeyboardEvent).key === 'Enter') openPatch(r.patch_id); },
      },
      h('td', { class: 'nowrap', 'data-testid': 'patches-open-vendor' }, h('code', null, r.vendor_id), h('div', { class: 'meta muted pat-open-title' }, r.title)),
      h('td', { class: 'nowrap' }, productLabel(r.product)),
      h('td', { class: 'nowrap' }, urgencyBadge(r.urgency)),
      h('td', { class: 'nowrap', 'data-testid': 'patches-open-code' }, h('code', null, r.code)),
      h('td', { 'data-testid': 'patches-open-name' }, r.name ?? '—'),
      h('td', { class: 'nowrap' }, tenantsText(r.tenants)),
      h('td', { class: 'nowrap', 'data-testid': 'patches-open-state' }, stateBadge(r.state)),
      h('td', { class: 'time' }, r.scheduled_for ? formatMinute(r.scheduled_for) : '—'),
      lastChange(r)))))));
}

/** A row of the open panel opens its patch, showing its open targets. */
function openPatch(id: string): void {
  select(id, 'open', true);
}

// ---- 月次報告: the month's report per association, and its workbook -------------------------------

function reportPanel(ctx: ViewContext): HTMLElement {
  const month = h('input', { type: 'month', 'data-testid': 'patches-report-month', required: true });
  month.addEventListener('change', () => {
    if (!MONTH_RE.test(month.value)) return;
    reportMonth = month.value;
    void loadReport();
  });
  const tenant = h('select', { 'data-testid': 'patches-report-tenant' }, ...tenantOptions(ctx, reportTenant, l('report_all')));
  tenant.addEventListener('change', () => {
    reportTenant = tenant.value;
    void loadReport();
  });
  const xlsx = h('button', { type: 'button', 'data-testid': 'patches-report-xlsx', title: l('xlsx_title'), disabled: true, onclick: () => void download() }, l('xlsx'));
  return h('section', { class: 'panel pat-report', 'data-testid': 'patches-report' },
    h('h2', null, l('report_title')),
    h('div', { class: 'sch-plan-controls' },
      h('label', null, h('span', null, l('report_month')), month),
      pickable(ctx) ? h('label', null, h('span', null, l('report_tenant')), tenant) : null,
      h('button', { type: 'button', 'data-testid': 'patches-report-reload', onclick: () => void loadReport() }, l('reload')),
      h('div', { class: 'sch-plan-actions' }, xlsx)),
    h('span', { class: 'download-error', 'data-testid': 'patches-report-download-error', role: 'alert' }),
    h('div', { 'data-testid': 'patches-report-body' }, h('p', { class: 'muted' }, t('loading'))));
}

async function loadReport(): Promise<void> {
  const mine = ++reportGeneration;
  if (!root) return;
  const body = part(root, '[data-testid="patches-report-body"]');
  part(root, '[data-testid="patches-report-download-error"]').textContent = '';
  try {
    const report = await getJson<PatchMonthlyReport>(REPORT, { month: reportMonth || null, tenant: reportTenant || null });
    if (mine !== reportGeneration || !root) return;
    reportMonth = report.month;
    part<HTMLInputElement>(root, '[data-testid="patches-report-month"]').value = report.month;
    part<HTMLButtonElement>(root, '[data-testid="patches-report-xlsx"]').disabled = false;
    renderReport(report);
  } catch (e) {
    if (mine !== reportGeneration || !root) return;
    body.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'patches-report-error' }, problemText(e)));
  }
}

function renderReport(r: PatchMonthlyReport): void {
  const body = part(root, '[data-testid="patches-report-body"]');
  const busy = r.associations.filter((a) => a.counts.applied + a.counts.failed + a.counts.pending > 0);
  // One association asked for: its line even when empty; else those with something to report.
  const shownLines = r.associations.length === 1 ? r.associations : busy;
  const quiet = r.associations.length - shownLines.length;
  const lines = (list: { vendor_id: string; code: string }[]) => list.map((x) => `${x.vendor_id} ${x.code}`).join('\n') || null;
  body.replaceChildren(
    h('h3', { 'data-testid': 'patches-report-title', 'data-month': r.month },
      l('report_heading', { y: r.month.slice(0, 4), m: Number(r.month.slice(5, 7)), end: formatMinute(r.period_end) })),
    shownLines.length === 0
      ? h('p', { class: 'muted empty', 'data-testid': 'patches-report-empty' }, l('report_none'))
      : h('div', { class: 'table-scroll' }, h('table', { class: 'pat-report-table' },
        h('thead', null, h('tr', null,
          h('th', null, l('report_col_tenant')), h('th', { class: 'num' }, l('report_col_applied')),
          h('th', { class: 'num' }, l('report_col_failed')), h('th', { class: 'num' }, l('report_col_pending')))),
        h('tbody', null, ...shownLines.map((a) => h('tr', { 'data-testid': 'patches-report-row', 'data-tenant': a.tenant },
          h('td', null, tenantName(a.tenant)),
          h('td', { class: 'num', 'data-testid': 'patches-report-applied', title: lines(a.applied) }, String(a.counts.applied)),
          h('td', { class: 'num', 'data-testid': 'patches-report-failed', title: lines(a.failed) }, String(a.counts.failed)),
          h('td', { class: 'num', 'data-testid': 'patches-report-pending', title: lines(a.pending) }, String(a.counts.pending))))))),
    ...(quiet > 0 && shownLines.length > 0 ? [h('p', { class: 'muted', 'data-testid': 'patches-report-quiet' }, l('report_quiet', { n: quiet }))] : []));
}

async function download(): Promise<void> {
  const error = part(root, '[data-testid="patches-report-download-error"]');
  error.textContent = '';
  if (!reportMonth) return;
  try {
    const blob = await getBlob(REPORT, { month: reportMonth, tenant: reportTenant || null, format: 'xlsx' });
    saveBlob(blob, `patches-${reportMonth}${reportTenant ? `-${reportTenant}` : ''}.xlsx`);
  } catch (e) {
    if (root) error.textContent = `${l('download_failed')}: ${problemText(e)}`;
  }
}
