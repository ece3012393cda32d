// #/changes 改修・構成管理: the centre's configuration items and the change requests (改修)
// with their phases, work breakdown (WBS) and earned value, for the operations desk and the
// associations' administrators.
//
// - 構成管理: the configuration items the caller sees, by kind (code, name, 組合, 設置場所,
//   OS), filtered by kind and words; for centre staff (maintainer with "*"), 別紙4 の機器を登録
//   registers the contract's equipment (safe to repeat: what is registered stays).
// - The selected item (a click on its row, or the route: `#/changes?ci=srv-soumu`, as the
//   board's chips link it): code, name, kind, 組合, 設置場所, attributes, relations (both ways),
//   the changes that name it, its history (登録, 改訂, 廃止) and 障害履歴, the incidents that
//   named it as the ci-links read model links them (docs/api/ci-links.yaml; it follows the logs,
//   so an item registered a moment ago is asked for again a few times).
// - 改修案件: the changes, newest first (filtered by status and origin, kept in the route with the
//   selected change: `#/changes?status=open&id=<change id>`), 改修案件を登録 for maintainers.
// - The selected change: what it is, its phases (工程) with their evidence, its work packages
//   (WBS) and baselines, its earned value today (計画値(PV), 出来高(EV), 実コスト(AC), SPI, CPI,
//   完了時予測(EAC)...: a figure without a value is — with the server's reason as its title),
//   and the commands the role may use on it: the desk's (影響評価, 工程完了 with its evidence,
//   作業追加, 進捗記録, 実績工数記録, ベースライン設定, 完了) and the association side's (承認,
//   却下; the desk may record them too).
// - 月次 EVM (changes-evm.ts): the month's earned value, its S-curve, the contract's cap in
//   人月 for centre staff, and the Excel workbook.
//
// Everything comes from docs/api/changes.yaml: GET /v1/configuration-items, POST
// /v1/configuration-items/seed, GET /v1/changes, GET /v1/changes/{id}, GET
// /v1/changes/{id}/evm, POST /v1/changes and POST /v1/changes/{id}/{command}. The server decides
// what each role sees (an association's administrator only its associations' items and
// changes, never the cap) and may do; the view leaves out what the role cannot use. The item's
// detail reads GET /v1/configuration-items/{code}, …/{code}/events and (ci-links)
// …/{code}/incidents. Under the change's `distribution` phase, the signing records made for it
// (仕様書 4.(2)③イ: the signed artifacts distributed) come from the certificates service's GET
// /v1/signatures?change_id=<id> (docs/api/certificates.yaml; what the caller may see): a failure
// there leaves the rest of the change's page.
import { ApiError, getJson } from '../api/client';
import { isCentreWide } from '../api/jwt';
import type {
  Change, ChangeEvm, ChangePage, ChangeStatus, ChangeSummary, CiEvent, CiHistory, CiKind, CiLinksIncident, CiLinksItemIncidents,
  CiList, CiSeedResult, ConfigurationItem, ConfigurationItemDetail,
} from '../api/types';
import { h } from '../dom';
import { formatMinute } from '../format/time';
import { t, tenantName, type LabelKey } from '../i18n';
import { dayText, evmFigures, hoursText, monthPanel, type MonthPanel } from './changes-evm';
import { shortSha } from './documents-shared';
import {
  field, given, numberOf, options, part, say, send, tenantLabel, tenantPicker, tenantsField, tenantsText, type FormState,
} from './forms';
import { labeller, refusal } from './labels';
import type { View, ViewContext } from './types';
import { certificateHref, type SigningRecord } from './certificates';

const ITEMS = '/v1/configuration-items';
const SEED = '/v1/configuration-items/seed';
const CHANGES = '/v1/changes';
const SIGNATURES = '/v1/signatures'; // the certificates service's signing records (docs/api/certificates.yaml)
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CODE_RE = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/; // a CiCode's letters (a 1-letter text passes: the server answers 404)
const CI_RETRY_MS = 1_500; // ci-links has not applied the item yet: ask again (a few times)
const CI_RETRIES = 4;
const CI_KINDS: CiKind[] = [
  'system_server', 'virtualisation_host', 'ad_server', 'monitoring_server', 'backup_server', 'monitoring_terminal',
  'storage', 'ups', 'network', 'software', 'document_set',
];
const ORIGINS = ['fault', 'improvement', 'security_patch', 'other'] as const;
const STATUSES = ['open', 'registered', 'assessed', 'approved', 'in_progress', 'closed', 'rejected', 'withdrawn'] as const;
const SETTLED: ChangeStatus[] = ['closed', 'rejected', 'withdrawn'];

type Command =
  | 'assess' | 'approve' | 'reject' | 'complete_phase' | 'close' | 'add_work_package' | 'record_progress'
  | 'record_actual' | 'baseline';

// ---- labels -----------------------------------------------------------------------------------

const { l, or } = labeller({
  ci_title: ['構成管理', 'Configuration items'],
  ci_kind: ['種別', 'Kind'],
  ci_all_kinds: ['すべての種別', 'Every kind'],
  ci_words: ['コード・名称', 'Code or name'],
  ci_search: ['検索', 'Search'],
  ci_seed: ['別紙4 の機器を登録', "Register 別紙4's equipment"],
  ci_seed_title: ['仕様書 別紙4 のセンタ機器（39件）のうち未登録のものを登録します', "Registers the contract's centre equipment (別紙4, 39 items) not registered yet"],
  ci_seeded: ['別紙4 の機器を{n}件登録しました（登録済み{m}件）', 'Registered {n} items of 別紙4 ({m} registered before)'],
  ci_none: ['構成アイテムはありません', 'No configuration item'],
  ci_none_seed: ['構成アイテムはまだ登録されていません。「別紙4 の機器を登録」で契約の機器を登録できます。', 'No item is registered yet: 別紙4 の機器を登録 registers the equipment of the contract.'],
  ci_kind_count: ['{kind}（{n}件）', '{kind} ({n})'],
  ci_col_code: ['コード', 'Code'],
  ci_col_name: ['名称', 'Name'],
  ci_col_tenants: ['組合', 'Associations'],
  ci_col_location: ['設置場所', 'Location'],
  ci_col_os: ['OS', 'OS'],
  kind_system_server: ['システムサーバ', 'System servers'],
  kind_virtualisation_host: ['仮想管理サーバ', 'Virtualisation hosts'],
  kind_ad_server: ['AD サーバ', 'AD servers'],
  kind_monitoring_server: ['運用監視サーバ', 'Monitoring servers'],
  kind_backup_server: ['バックアップサーバ', 'Backup servers'],
  kind_monitoring_terminal: ['運用監視端末', 'Monitoring terminals'],
  kind_storage: ['ストレージ', 'Storage'],
  kind_ups: ['無停電電源装置', 'UPS'],
  kind_network: ['ネットワーク機器', 'Network equipment'],
  kind_software: ['ソフトウェア', 'Software'],
  kind_document_set: ['ドキュメント', 'Document sets'],
  location_centre: ['共同利用センタ', 'Shared centre'],
  location_bouei_site: ['防衛省共済組合 拠点', "Defense association's site"],
  ci_row_title: ['クリックで詳細・障害履歴', 'Click for the details and the faults'],
  ci_close: ['閉じる', 'Close'],
  ci_not_found: ['構成アイテムが見つかりません', 'No such configuration item'],
  ci_fact_code: ['コード', 'Code'],
  ci_fact_name: ['名称', 'Name'],
  ci_fact_kind: ['種別', 'Kind'],
  ci_fact_tenants: ['組合', 'Associations'],
  ci_fact_location: ['設置場所', 'Location'],
  ci_fact_status: ['状態', 'Status'],
  ci_fact_attributes: ['属性', 'Attributes'],
  ci_fact_relations: ['関係', 'Relations'],
  ci_fact_related_from: ['関係元', 'Related from'],
  ci_status_active: ['稼働中', 'Active'],
  ci_status_retired: ['廃止', 'Retired'],
  rel_runs_on: ['稼働先', 'Runs on'],
  rel_backs_up: ['バックアップ対象', 'Backs up'],
  rel_depends_on: ['依存先', 'Depends on'],
  rel_from_runs_on: ['がこの上で稼働', ' runs on it'],
  rel_from_backs_up: ['がバックアップ', ' backs it up'],
  rel_from_depends_on: ['が依存', ' depends on it'],
  attr_os: ['OS', 'OS'],
  attr_model: ['機種', 'Model'],
  attr_spec_ref: ['仕様書', 'Specification'],
  attr_database: ['データベース', 'Database'],
  attr_monitoring: ['監視', 'Monitoring'],
  attr_backup_tool: ['バックアップ', 'Backup'],
  attr_antivirus: ['ウイルス対策', 'Antivirus'],
  attr_power_management: ['電源管理', 'Power management'],
  attr_procured_by: ['調達', 'Procured by'],
  attr_display: ['ディスプレイ', 'Display'],
  attr_virtualised: ['仮想化', 'Virtualised'],
  attr_quantity: ['数量', 'Quantity'],
  ci_incidents_title: ['障害履歴', 'Faults'],
  ci_incidents_none: ['この構成アイテムを対象とする障害の記録はありません', 'No incident names this configuration item'],
  ci_incidents_pending: ['障害履歴はまだ反映されていません（少し後にもう一度読み込みます）', 'The faults are not linked yet (asking again shortly)'],
  ci_incidents_error: ['障害履歴を読み込めません', 'The faults could not be read'],
  ci_inc_col_at: ['発生日時', 'Occurred'],
  ci_inc_col_title: ['件名', 'Title'],
  ci_inc_col_severity: ['重要度', 'Severity'],
  ci_inc_col_state: ['状態', 'State'],
  ci_inc_open: ['対応中', 'Open'],
  ci_inc_closed: ['完了', 'Closed'],
  ci_inc_title: ['インシデント {id}・記載「{text}」・組合 {tenants}', 'Incident {id}, named as "{text}", associations {tenants}'],
  ci_changes_title: ['改修案件', 'Changes'],
  ci_changes_none: ['この構成アイテムを対象とする改修案件はありません', 'No change names this configuration item'],
  ci_history_title: ['変更履歴', 'History'],
  ci_history_error: ['変更履歴を読み込めません', 'The history could not be read'],
  ci_event_registered: ['登録', 'Registered'],
  ci_event_revised: ['改訂', 'Revised'],
  ci_event_retired: ['廃止', 'Retired'],

  list_title: ['改修案件', 'Changes'],
  status: ['状況', 'Status'],
  origin: ['起因', 'Origin'],
  all: ['すべて', 'All'],
  new: ['＋ 改修案件を登録', '+ Register a change'],
  col_registered: ['登録日', 'Registered'],
  col_title: ['改修案件', 'Change'],
  col_tenants: ['組合', 'Associations'],
  col_phase: ['現在の工程', 'Current phase'],
  col_planned: ['計画工数', 'Planned'],
  col_actual: ['実績工数', 'Worked'],
  hours: ['{h} 時間', '{h} h'],
  none: ['該当する改修案件はありません', 'No change'],
  select_hint: ['一覧から改修案件を選ぶと、工程・WBS・EVM と操作が表示されます', 'Choose a change to see its phases, work breakdown, earned value and commands'],
  status_open: ['未完了', 'Open'],
  status_registered: ['登録', 'Registered'],
  status_assessed: ['評価済', 'Assessed'],
  status_approved: ['承認済', 'Approved'],
  status_in_progress: ['作業中', 'In progress'],
  status_closed: ['完了', 'Closed'],
  status_rejected: ['却下', 'Rejected'],
  status_withdrawn: ['取下げ', 'Withdrawn'],
  origin_fault: ['障害', 'Fault'],
  origin_improvement: ['改善要望', 'Improvement'],
  origin_security_patch: ['セキュリティパッチ', 'Security patch'],
  origin_other: ['その他', 'Other'],
  counts_against_cap: ['契約上限の対象', 'Counts against the cap'],

  phase_design: ['設計', 'Design'],
  phase_build: ['製造', 'Build'],
  phase_unit_test: ['単体テスト', 'Unit test'],
  phase_integration_test: ['結合テスト', 'Integration test'],
  phase_system_test: ['総合テスト', 'System test'],
  phase_acceptance_support: ['受入テスト支援', 'Acceptance support'],
  phase_distribution: ['配布', 'Distribution'],
  phase_migration: ['データ移行', 'Migration'],
  phase_installation: ['導入', 'Installation'],
  phase_training: ['操作研修', 'Training'],
  phase_state_done: ['完了', 'Done'],
  phase_state_skipped: ['スキップ', 'Skipped'],
  phase_state_current: ['作業中', 'Current'],
  phase_state_open: ['未了', 'Open'],
  phase_per_tenant: ['組合ごと', 'Per association'],
  phase_tenants_done: ['{done}/{total}組合', '{done}/{total} associations'],

  fact_origin: ['起因', 'Origin'],
  fact_tenants: ['組合', 'Associations'],
  fact_items: ['構成アイテム', 'Configuration items'],
  fact_description: ['内容', 'Description'],
  fact_assessment: ['影響評価', 'Assessment'],
  fact_approval: ['承認', 'Approval'],
  fact_registered: ['登録', 'Registered'],
  fact_ended: ['終了', 'Ended'],
  assessment_line: ['{impact}（見積 {h} 時間）', '{impact} (estimate {h} h)'],
  by_at: ['{by}・{at}', '{by}, {at}'],
  incident: ['インシデント', 'Incident'],
  inquiry: ['問合せ', 'Inquiry'],
  phases_title: ['工程', 'Phases'],
  col_phase_name: ['工程', 'Phase'],
  col_phase_state: ['状況', 'State'],
  col_phase_records: ['記録（根拠文書）', 'Records (evidence)'],
  evidence_line: ['文書 {id} 第{v}版', 'document {id} v{v}'],
  signings_title: ['署名記録（配布した署名済み成果物）', 'Signings (the signed artifacts distributed)'],
  signings_none: ['署名記録はありません', 'No signing is recorded for this change'],
  signings_error: ['署名記録を読み込めません', 'The signings could not be read'],
  sig_col_artifact: ['成果物', 'Artifact'],
  sig_col_version: ['版', 'Version'],
  sig_col_signed_at: ['署名日時', 'Signed'],
  sig_col_timestamp: ['タイムスタンプ', 'Timestamp'],
  sig_col_certificate: ['証明書', 'Certificate'],
  sig_col_sha256: ['SHA-256', 'SHA-256'],
  sig_no_timestamp: ['なし', 'None'],
  wbs_title: ['WBS（作業分解）', 'Work breakdown (WBS)'],
  wbs_none: ['作業パッケージはまだありません', 'No work package yet'],
  wbs_col_id: ['ID', 'ID'],
  wbs_col_name: ['作業', 'Work'],
  wbs_col_tenant: ['組合', 'Association'],
  wbs_col_hours: ['計画工数', 'Planned'],
  wbs_col_period: ['予定期間', 'Planned'],
  wbs_after: ['（{ids} の後）', ' (after {ids})'],
  wbs_col_progress: ['進捗', 'Progress'],
  wbs_col_actual: ['実績工数', 'Worked'],
  wbs_shared: ['共通', 'Shared'],
  baseline_none: ['ベースライン未設定（EVM は現在の計画で計算）', 'No baseline yet (earned value uses the plan as it is)'],
  baseline_line: ['ベースライン{n}（{at}、{by}）', 'Baseline {n} ({at}, {by})'],
  evm_title: ['EVM（基準日 {as_of}・{baseline}）', 'Earned value (as of {as_of}, {baseline})'],
  evm_baseline: ['ベースライン{n}', 'baseline {n}'],
  evm_no_baseline: ['ベースラインなし', 'no baseline'],

  cmd_assess: ['影響評価', 'Assess'],
  cmd_approve: ['承認', 'Approve'],
  cmd_reject: ['却下', 'Reject'],
  cmd_complete_phase: ['工程完了', 'Complete a phase'],
  cmd_close: ['完了', 'Close'],
  cmd_add_work_package: ['作業追加（WBS）', 'Add a work package'],
  cmd_record_progress: ['進捗記録', 'Record progress'],
  cmd_record_actual: ['実績工数記録', 'Record hours worked'],
  cmd_baseline: ['ベースライン設定', 'Set the baseline'],
  cmd_rebaseline: ['ベースライン再設定', 'Rebaseline'],
  recorded: ['記録しました：{command}', 'Recorded: {command}'],
  registered: ['改修案件を登録しました：{title}', 'Registered: {title}'],
  submit: ['記録', 'Record'],
  close_form: ['閉じる', 'Close'],

  f_impact: ['影響（対象業務・機能・組合への影響）', 'Impact'],
  f_estimate: ['見積工数（時間）', 'Effort estimate (hours)'],
  f_approver: ['承認者（組合側の氏名）', "Approved by (the association's person)"],
  f_approver_placeholder: ['例: 総務省共済組合 佐藤', 'e.g. 総務省共済組合 佐藤'],
  f_note: ['備考（任意）', 'Note (optional)'],
  f_reason: ['理由', 'Reason'],
  f_phase: ['工程', 'Phase'],
  f_document_id: ['根拠文書の番号', 'Evidence: document id'],
  f_document_version: ['版', 'Version'],
  f_name: ['作業名', 'Work'],
  f_planned_hours: ['計画工数（時間）', 'Planned hours'],
  f_planned_start: ['開始予定日', 'Planned start'],
  f_planned_finish: ['終了予定日', 'Planned finish'],
  f_tenant: ['組合（空欄は共通）', 'Association (empty: shared)'],
  f_depends_on: ['先行する作業', 'Waits for'],
  f_package: ['作業', 'Work package'],
  f_percent: ['進捗率（%）', 'Percent complete'],
  f_done: ['完了', 'Done'],
  f_as_of: ['時点（空欄は今日）', 'As of (empty: today)'],
  f_hours: ['作業時間（時間）', 'Hours'],
  f_worker: ['作業者', 'Worked by'],
  f_date: ['作業日（空欄は今日）', 'Day worked (empty: today)'],
  f_activity: ['作業内容（任意）', 'Activity (optional)'],
  f_origin: ['起因', 'Origin'],
  f_choose: ['（選択してください）', '(choose one)'],
  f_incident_id: ['インシデント ID（障害のとき）', 'Incident id (for a fault)'],
  f_inquiry_id: ['問合せ ID（改善要望のとき）', 'Inquiry id (for an improvement)'],
  f_title: ['件名', 'Title'],
  f_description: ['内容（任意）', 'Description (optional)'],
  f_tenants: ['対象組合', 'Associations'],
  f_items: ['構成アイテム（コード、カンマ区切り・任意）', 'Configuration items (codes, comma-separated; optional)'],
  f_items_placeholder: ['例: srv-soumu, srv-houmu', 'e.g. srv-soumu, srv-houmu'],
  f_baseline_hint: ['現在の作業パッケージの計画工数と日程を凍結し、EVM の基準にします。', "Freezes the work packages' planned hours and dates as the measure of earned value."],
  f_rebaseline_reason: ['再設定の理由', 'Reason'],
  new_title: ['改修案件を登録', 'Register a change'],

  forbidden: ['この操作の権限がありません', 'Not allowed'],
  not_found: ['改修案件が見つかりません', 'No such change'],
  conflict: ['記録できません', 'Cannot be recorded'],
  changed: ['他の記録が先に行われました。読み込み直してからもう一度記録してください', 'Someone else recorded meanwhile; reload and try again'],
  rule_phase_order: ['前の工程が完了していません', 'An earlier phase is not done'],
  rule_phase_done: ['この工程は記録済みです', 'The phase is recorded already'],
  rule_phase_started: ['この工程は記録が始まっています', 'The phase is recorded already'],
  rule_change_approved: ['承認済みの改修案件です', 'The change is approved'],
  rule_change_not_approved: ['承認前の改修案件です', 'The change is not approved yet'],
  rule_change_not_assessed: ['影響評価の前には承認できません', 'Assess the change before approving it'],
  rule_phases_open: ['未了の工程があります', 'Some phases are still open'],
  rule_baseline_exists: ['ベースラインは設定済みです', 'The change has a baseline'],
  rule_no_baseline: ['ベースラインがまだありません', 'No baseline yet'],
  rule_no_packages: ['作業パッケージがありません', 'No work package'],
  rule_change_closed: ['完了した改修案件です', 'The change is closed'],
  rule_change_rejected: ['却下された改修案件です', 'The change was rejected'],
  rule_change_withdrawn: ['取り下げられた改修案件です', 'The change was withdrawn'],
  rule_inquiry_has_change: ['この問合せの改修案件は登録済みです', 'The inquiry has a change already'],
});

const kindLabel = (k: string) => or(`kind_${k}`, k);
const statusLabel = (s: string) => or(`status_${s}`, s);
const originLabel = (o: string) => or(`origin_${o}`, o);
const phaseLabel = (p: string) => or(`phase_${p}`, p);
const commandLabel = (c: Command | 'rebaseline') => l(`cmd_${c}`);

const STATUS_CLASS: Record<string, string> = {
  registered: 'class-none', assessed: 'inq-status-received', approved: 'inq-status-in_progress', in_progress: 'inq-status-in_progress',
  closed: 'status-restored', rejected: 'against', withdrawn: 'permitted',
};

const problemText = (e: unknown) => refusal(e, {
  forbidden: l('forbidden'), notFound: l('not_found'), conflict: l('conflict'), changed: l('changed'),
  rule: (rule) => or(`rule_${rule.replaceAll('-', '_')}`, '') || null,
});

// ---- state --------------------------------------------------------------------------------------

let root: HTMLElement | null = null;
let context: ViewContext | null = null;
let ciKind = '';
let ciWords = '';
let filters = { status: '', origin: '' };
let selectedId = '';
let selectedCi = ''; // the item shown: its code (or, from the route, its id until it is read)
let items: ChangeSummary[] = [];
let shown: Change | null = null; // the selected change as last read
let openForm: Command | null = null;
let ciGeneration = 0;
let listGeneration = 0;
let detailGeneration = 0;
let ciDetailGeneration = 0;
let month: MonthPanel | null = null;

export const changesView: View = {
  id: 'changes',
  label_ja: '改修・構成管理',
  label_en: 'Changes',

  render(container, ctx) {
    context = ctx;
    const p = ctx.params;
    filters = {
      status: (STATUSES as readonly string[]).includes(p.get('status') ?? '') ? p.get('status')! : '',
      origin: (ORIGINS as readonly string[]).includes(p.get('origin') ?? '') ? p.get('origin')! : '',
    };
    selectedId = UUID_RE.test(p.get('id') ?? '') ? p.get('id')!.toLowerCase() : '';
    const ci = (p.get('ci') ?? '').trim().toLowerCase();
    selectedCi = CODE_RE.test(ci) || UUID_RE.test(ci) ? ci : '';
    if ((p.get('ci') ?? '') !== selectedCi) saveRoute(); // ` SRV-SOUMU` → srv-soumu; not a code → left out
    ciKind = '';
    ciWords = '';
    items = [];
    shown = null;
    openForm = null;
    month = monthPanel({ origin: originLabel, status: statusLabel });

    root = h('section', { class: 'view-changes view-inquiries' },
      ciPanel(ctx),
      h('div', { class: 'inq-grid chg-grid' },
        h('section', { class: 'panel chg-list-panel' },
          h('div', { class: 'sch-panel-head' },
            h('h2', null, l('list_title'), ' ', h('span', { class: 'count', 'data-testid': 'changes-count' })),
            isMaintainer(ctx)
              ? h('button', { type: 'button', class: 'primary', 'data-testid': 'changes-new', 'aria-expanded': 'false', onclick: toggleNew }, l('new'))
              : null),
          listControls(),
          h('div', { class: 'chg-new', 'data-testid': 'changes-new-panel', hidden: true }),
          h('p', { class: 'form-message', 'data-testid': 'changes-message', role: 'status' }),
          h('div', { 'data-testid': 'changes-list' }, h('p', { class: 'muted' }, t('loading')))),
        h('section', { class: 'panel inq-detail chg-detail', 'data-testid': 'changes-detail' },
          h('p', { class: 'muted' }, l('select_hint')))),
      month.el,
    );
    container.append(root);
    void loadItems();
    if (selectedCi) void loadCiDetail(selectedCi, true);
    void loadList();
    if (selectedId) void loadDetail(selectedId);
  },

  dispose() {
    ciGeneration += 1;
    listGeneration += 1;
    detailGeneration += 1;
    ciDetailGeneration += 1;
    month?.dispose();
    month = null;
    root = null;
    context = null;
  },
};

// ---- roles, the route, small helpers ------------------------------------------------------------

const isMaintainer = (ctx: ViewContext) => ctx.claims.roles.includes('maintainer');
const isAssociationAdmin = (ctx: ViewContext) => ctx.claims.roles.includes('association_admin');
/** 別紙4's equipment serves every association: seeding it is centre staff's (`"*"`). */
const canSeed = (ctx: ViewContext) => isMaintainer(ctx) && isCentreWide(ctx.claims);

function saveRoute(): void {
  if (!context) return;
  const out: Record<string, string> = {};
  if (filters.status) out.status = filters.status;
  if (filters.origin) out.origin = filters.origin;
  if (selectedId) out.id = selectedId;
  if (selectedCi) out.ci = selectedCi;
  context.setParams(out);
}

const byAt = (by: string, at: string) => l('by_at', { by, at: formatMinute(at) });

// ---- 構成管理: the configuration items ------------------------------------------------------------

function ciPanel(ctx: ViewContext): HTMLElement {
  const kind = h('select', { 'data-testid': 'changes-ci-kind-filter' }, ...options(CI_KINDS, kindLabel, ciKind, l('ci_all_kinds')));
  kind.addEventListener('change', () => {
    ciKind = kind.value;
    void loadItems();
  });
  const words = h('input', { type: 'search', 'data-testid': 'changes-ci-q', maxlength: 60, placeholder: 'srv-soumu' });
  const seed = canSeed(ctx)
    ? h('button', { type: 'button', class: 'primary', 'data-testid': 'changes-ci-seed', title: l('ci_seed_title'), onclick: () => void seedItems() }, l('ci_seed'))
    : null;
  return h('section', { class: 'panel chg-ci', 'data-testid': 'changes-ci' },
    h('div', { class: 'sch-panel-head' },
      h('h2', null, l('ci_title'), ' ', h('span', { class: 'count', 'data-testid': 'changes-ci-count' })),
      seed),
    h('div', { class: 'inq-controls chg-ci-controls' },
      h('label', null, h('span', null, l('ci_kind')), kind),
      h('form', { class: 'inq-words', 'data-testid': 'changes-ci-search', onsubmit: (e: Event) => { e.preventDefault(); ciWords = words.value.trim(); void loadItems(); } },
        h('label', null, h('span', null, l('ci_words')), words),
        h('button', { type: 'submit' }, l('ci_search')))),
    h('p', { class: 'form-message', 'data-testid': 'changes-ci-message', role: 'status' }),
    h('div', { class: 'chg-ci-body' },
      h('div', { 'data-testid': 'changes-ci-list' }, h('p', { class: 'muted' }, t('loading'))),
      h('section', { class: 'chg-ci-detail', 'data-testid': 'changes-ci-detail', hidden: true })),
    h('datalist', { id: 'changes-ci-codes' })); // the codes the registration form suggests
}

async function loadItems(): Promise<void> {
  const mine = ++ciGeneration;
  const list = part(root, '[data-testid="changes-ci-list"]');
  try {
    const answer = await getJson<CiList>(ITEMS, { kind: ciKind || null, q: ciWords || null });
    if (mine !== ciGeneration || !root) return;
    renderItems(answer.items);
    const datalist = root.querySelector('#changes-ci-codes');
    if (datalist && !ciKind && !ciWords) datalist.replaceChildren(...answer.items.map((i) => h('option', { value: i.code }, i.name)));
  } catch (e) {
    if (mine !== ciGeneration || !root) return;
    list.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'changes-ci-error' }, problemText(e)));
  }
}

function renderItems(all: ConfigurationItem[]): void {
  const list = part(root, '[data-testid="changes-ci-list"]');
  part(root, '[data-testid="changes-ci-count"]').textContent = String(all.length);
  if (all.length === 0) {
    const seedable = context !== null && canSeed(context) && !ciKind && !ciWords;
    list.replaceChildren(h('p', { class: 'muted empty', 'data-testid': 'changes-ci-empty' }, l(seedable ? 'ci_none_seed' : 'ci_none')));
    return;
  }
  const kinds = [...CI_KINDS, ...new Set(all.map((i) => i.kind).filter((k) => !CI_KINDS.includes(k)))];
  const groups = kinds.map((kind) => ({ kind, members: all.filter((i) => i.kind === kind) })).filter((g) => g.members.length > 0);
  list.replaceChildren(h('div', { class: 'table-scroll chg-ci-scroll' },
    h('table', { class: 'chg-ci-table' },
      h('thead', null, h('tr', null,
        h('th', null, l('ci_col_code')), h('th', null, l('ci_col_name')), h('th', null, l('ci_col_tenants')),
        h('th', null, l('ci_col_location')), h('th', null, l('ci_col_os')))),
      ...groups.map((g) => h('tbody', { 'data-testid': 'changes-ci-group', 'data-kind': g.kind, 'data-count': g.members.length },
        h('tr', { class: 'chg-kind-row' }, h('th', { colspan: 5, 'data-testid': 'changes-ci-kind' }, l('ci_kind_count', { kind: kindLabel(g.kind), n: g.members.length }))),
        ...g.members.map(itemRow))))));
  revealSelectedRow();
}

/** Scrolls the list (not the page, which shows the list already) to the selected item's row. */
function revealSelectedRow(): void {
  const row = root?.querySelector<HTMLElement>('[data-testid="changes-ci-row"].selected');
  const box = row?.closest<HTMLElement>('.chg-ci-scroll');
  if (!row || !box) return;
  const head = box.querySelector('thead')?.getBoundingClientRect().height ?? 0; // sticky, over the rows
  const at = row.getBoundingClientRect();
  const view = box.getBoundingClientRect();
  if (at.top < view.top + head || at.bottom > view.bottom) box.scrollTop += at.top - view.top - head - at.height;
}

function itemRow(i: ConfigurationItem): HTMLElement {
  const relations = i.relations.map((r) => `${r.kind} ${r.target_code ?? r.target_id}`).join('\n');
  const facts = Object.entries(i.attributes).map(([k, v]) => `${k}: ${v}`).join('\n');
  const selected = isSelectedCi(i);
  return h('tr', {
    class: `chg-ci-row${selected ? ' selected' : ''}`, 'data-testid': 'changes-ci-row', 'data-kind': i.kind, 'data-code': i.code, 'data-status': i.status,
    tabindex: 0, 'aria-selected': String(selected), title: l('ci_row_title'),
    onclick: () => selectItem(i.code),
    onkeydown: (e: Event) => { if ((e as KeyboardEvent).key === 'Enter') selectItem(i.code); },
  },
    h('td', { class: 'nowrap', title: relations || null }, h('code', null, i.code)),
    h('td', { title: facts || null }, i.name, i.status === 'retired' ? h('span', { class: 'badge permitted' }, i.status) : null),
    h('td', { class: 'nowrap' }, tenantsText(i.tenants)),
    h('td', { class: 'nowrap' }, or(`location_${i.location}`, i.location)),
    h('td', null, i.attributes.os ?? h('span', { class: 'muted' }, '—')));
}

async function seedItems(): Promise<void> {
  const button = part<HTMLButtonElement>(root, '[data-testid="changes-ci-seed"]');
  const message = part(root, '[data-testid="changes-ci-message"]');
  const state: FormState = { scopes: [], message, submit: button, retry: null, describe: problemText };
  const seeded = await send<CiSeedResult>(state, SEED, {});
  if (!seeded || !root) return;
  await loadItems();
  say(root, 'changes-ci-message', l('ci_seeded', { n: seeded.registered.length, m: seeded.already_registered.length }), 'ok');
}

// ---- 構成管理: the selected item, its history and its faults (障害履歴) ---------------------------

function isSelectedCi(i: { id: string; code: string }): boolean {
  return selectedCi !== '' && (i.code === selectedCi || i.id === selectedCi);
}

function markSelectedItem(): void {
  for (const row of root?.querySelectorAll<HTMLElement>('[data-testid="changes-ci-row"]') ?? []) {
    const on = selectedCi !== '' && row.dataset.code === selectedCi;
    row.classList.toggle('selected', on);
    row.setAttribute('aria-selected', String(on));
  }
}

function selectItem(code: string): void {
  selectedCi = code;
  saveRoute();
  markSelectedItem();
  void loadCiDetail(code, true);
}

function closeItem(): void {
  selectedCi = '';
  ciDetailGeneration += 1;
  saveRoute();
  markSelectedItem();
  const panel = part(root, '[data-testid="changes-ci-detail"]');
  panel.hidden = true;
  panel.replaceChildren();
  delete panel.dataset.code;
  delete panel.dataset.ciId;
  panel.parentElement?.classList.remove('has-detail');
}

const ciPath = (code: string, tail = '') => `${ITEMS}/${encodeURIComponent(code)}${tail}`;

/** Reads the item, its history and its faults, and shows them; `reveal` scrolls the panel into view. */
async function loadCiDetail(code: string, reveal = false): Promise<void> {
  const mine = ++ciDetailGeneration;
  const panel = part(root, '[data-testid="changes-ci-detail"]');
  panel.hidden = false;
  panel.parentElement?.classList.add('has-detail');
  if (panel.dataset.code !== code) {
    panel.dataset.code = code;
    delete panel.dataset.ciId;
    panel.replaceChildren(h('p', { class: 'muted' }, t('loading')));
  }
  const faults = getJson<CiLinksItemIncidents>(ciPath(code, '/incidents')).catch((e: unknown) => e);
  try {
    const [item, history] = await Promise.all([
      getJson<ConfigurationItemDetail>(ciPath(code)),
      getJson<CiHistory>(ciPath(code, '/events')).catch((e: unknown) => e),
    ]);
    if (mine !== ciDetailGeneration || !root) return;
    if (selectedCi !== item.code) { // the route named it by its id, or in another case
      selectedCi = item.code;
      saveRoute();
      markSelectedItem();
    }
    if (reveal) revealSelectedRow();
    showCiDetail(panel, item, history);
    void showFaults(mine, item.code, faults, 0);
  } catch (e) {
    if (mine !== ciDetailGeneration || !root) return;
    const notFound = e instanceof ApiError && e.status === 404;
    panel.replaceChildren(
      h('div', { class: 'chg-ci-detail-head' }, h('span'), closeButton()),
      h('p', { class: 'error', role: 'alert', 'data-testid': 'changes-ci-detail-error' }, notFound ? l('ci_not_found') : problemText(e)));
  }
  if (reveal && mine === ciDetailGeneration) revealIfHidden(panel);
}

/** Scrolls the panel into view when its top is below the window (the narrow, stacked layout). */
function revealIfHidden(panel: HTMLElement): void {
  const top = panel.getBoundingClientRect().top;
  if (top > window.innerHeight - 80) panel.scrollIntoView({ block: 'start', behavior: 'smooth' });
}

function closeButton(): HTMLElement {
  return h('button', { type: 'button', 'data-testid': 'changes-ci-detail-close', onclick: closeItem }, l('ci_close'));
}

/** A code that opens that item's detail (a relation's other end). */
function itemLink(code: string | null, id: string, name: string | null): HTMLElement {
  if (!code) return h('code', null, id);
  return h('span', null,
    h('button', { type: 'button', class: 'link', 'data-testid': 'changes-ci-link', 'data-code': code, onclick: () => selectItem(code) }, h('code', null, code)),
    name ? h('span', { class: 'muted' }, `（${name}）`) : null);
}

function showCiDetail(panel: HTMLElement, i: ConfigurationItemDetail, history: unknown): void {
  panel.dataset.code = i.code;
  panel.dataset.ciId = i.id;
  panel.dataset.status = i.status;
  const fact = (label: string, testid: string, ...value: (Node | string | null)[]) =>
    [h('dt', null, label), h('dd', { 'data-testid': testid }, ...value)];
  const attributes = Object.entries(i.attributes);
  const names = i.tenants.map(tenantLabel);
  panel.replaceChildren(
    h('div', { class: 'chg-ci-detail-head' },
      h('h3', { 'data-testid': 'changes-ci-detail-title' }, h('code', null, i.code), ' ', i.name),
      closeButton()),
    h('dl', { class: 'inq-facts chg-ci-facts' },
      fact(l('ci_fact_code'), 'changes-ci-detail-code', h('code', null, i.code)),
      fact(l('ci_fact_name'), 'changes-ci-detail-name', i.name),
      fact(l('ci_fact_kind'), 'changes-ci-detail-kind', kindLabel(i.kind)),
      fact(l('ci_fact_tenants'), 'changes-ci-detail-tenants', names.join('、') || '—'),
      fact(l('ci_fact_location'), 'changes-ci-detail-location', or(`location_${i.location}`, i.location)),
      fact(l('ci_fact_status'), 'changes-ci-detail-status',
        h('span', { class: `badge ${i.status === 'retired' ? 'permitted' : 'status-restored'}` }, or(`ci_status_${i.status}`, i.status)),
        i.retired_reason ? `（${i.retired_reason}）` : null),
      fact(l('ci_fact_attributes'), 'changes-ci-detail-attributes', attributes.length === 0 ? h('span', { class: 'muted' }, '—')
        : h('table', { class: 'chg-ci-attributes' }, h('tbody', null, ...attributes.map(([k, v]) =>
          h('tr', { 'data-testid': 'changes-ci-attribute', 'data-name': k }, h('th', { title: k }, or(`attr_${k}`, k)), h('td', null, v)))))),
      fact(l('ci_fact_relations'), 'changes-ci-detail-relations', i.relations.length === 0 ? h('span', { class: 'muted' }, '—')
        : h('ul', { class: 'chg-ci-relations' }, ...i.relations.map((r) =>
          h('li', { 'data-testid': 'changes-ci-relation', 'data-kind': r.kind }, `${or(`rel_${r.kind}`, r.kind)}: `, itemLink(r.target_code, r.target_id, r.target_name))))),
      i.related_from.length === 0 ? null
        : fact(l('ci_fact_related_from'), 'changes-ci-detail-related-from', h('ul', { class: 'chg-ci-relations' }, ...i.related_from.map((r) =>
          h('li', { 'data-testid': 'changes-ci-related-from', 'data-kind': r.kind }, itemLink(r.from_code, r.from_id, r.from_name), or(`rel_from_${r.kind}`, r.kind)))))),
    h('h4', null, l('ci_incidents_title'), ' ', h('span', { class: 'count', 'data-testid': 'changes-ci-incidents-count' })),
    h('div', { 'data-testid': 'changes-ci-incidents' }, h('p', { class: 'muted' }, t('loading'))),
    h('h4', null, l('ci_changes_title')),
    i.changes.length === 0
      ? h('p', { class: 'muted empty', 'data-testid': 'changes-ci-changes-empty' }, l('ci_changes_none'))
      : h('ul', { class: 'chg-ci-changes', 'data-testid': 'changes-ci-changes' }, ...i.changes.map((c) =>
        h('li', { 'data-testid': 'changes-ci-change', 'data-change-id': c.id },
          h('button', { type: 'button', class: 'link', onclick: () => select(c.id) }, c.title), ' ', statusBadge(c.status),
          h('span', { class: 'muted' }, ` · ${originLabel(c.origin)} · ${formatMinute(c.registered_at)}`)))),
    h('h4', null, l('ci_history_title')),
    historyList(history));
}

function historyList(history: unknown): HTMLElement {
  if (!history || typeof history !== 'object' || !('events' in history)) {
    return h('p', { class: 'error', role: 'alert', 'data-testid': 'changes-ci-history-error' }, `${l('ci_history_error')}: ${problemText(history)}`);
  }
  const kind = (e: CiEvent) => (e.type.endsWith('Registered') ? 'registered' : e.type.endsWith('Revised') ? 'revised' : e.type.endsWith('Retired') ? 'retired' : '');
  // Newest first, as the other histories of the page read.
  return h('ol', { class: 'chg-ci-history', 'data-testid': 'changes-ci-history' }, ...[...(history as CiHistory).events].reverse().map((e) => {
    const what = kind(e);
    return h('li', { 'data-testid': 'changes-ci-event', 'data-type': what || e.type, 'data-version': e.stream_version },
      h('time', { class: 'time', datetime: e.occurred_at }, formatMinute(e.occurred_at)), ' ',
      h('strong', null, what ? l(`ci_event_${what}`) : e.type.split('.').pop() ?? e.type),
      e.payload.reason ? `（${e.payload.reason}）` : '',
      h('span', { class: 'muted' }, ` · ${e.payload.by || e.actor}`));
  }));
}

/**
 * 障害履歴: the incidents whose configuration items name the item (ci-links). The read model
 * follows the logs: an item it has not applied yet is answered 404, and is asked for again.
 */
async function showFaults(generation: number, code: string, answer: Promise<unknown>, attempt: number): Promise<void> {
  const faults = await answer;
  if (generation !== ciDetailGeneration || !root) return;
  const slot = part(root, '[data-testid="changes-ci-incidents"]');
  const count = part(root, '[data-testid="changes-ci-incidents-count"]');
  if (faults instanceof ApiError || faults instanceof Error || !faults || typeof faults !== 'object' || !('incidents' in faults)) {
    const pending = faults instanceof ApiError && faults.status === 404 && attempt < CI_RETRIES;
    count.textContent = '';
    slot.replaceChildren(pending
      ? h('p', { class: 'muted', 'data-testid': 'changes-ci-incidents-pending' }, l('ci_incidents_pending'))
      : h('p', { class: 'error', role: 'alert', 'data-testid': 'changes-ci-incidents-error' }, `${l('ci_incidents_error')}: ${problemText(faults)}`));
    if (pending) {
      setTimeout(() => {
        if (generation !== ciDetailGeneration || !root) return;
        void showFaults(generation, code, getJson<CiLinksItemIncidents>(ciPath(code, '/incidents')).catch((e: unknown) => e), attempt + 1);
      }, CI_RETRY_MS);
    }
    return;
  }
  // The newest first (the API lists them in the order they were recorded).
  const incidents = [...(faults as CiLinksItemIncidents).incidents].reverse();
  count.textContent = String(incidents.length);
  slot.dataset.count = String(incidents.length);
  slot.replaceChildren(incidents.length === 0
    ? h('p', { class: 'muted empty', 'data-testid': 'changes-ci-incidents-empty' }, l('ci_incidents_none'))
    : h('div', { class: 'table-scroll' }, h('table', { class: 'inq-history chg-ci-incidents' },
      h('thead', null, h('tr', null,
        h('th', null, l('ci_inc_col_at')), h('th', null, l('ci_inc_col_title')),
        h('th', null, l('ci_inc_col_severity')), h('th', null, l('ci_inc_col_state')))),
      h('tbody', null, ...incidents.map(faultRow)))));
}

// The dashboard has no incident detail route (the board lists the open incidents only), so a
// fault is not a link: its id, the text that named the item and its associations are its title.
function faultRow(f: CiLinksIncident): HTMLElement {
  return h('tr', { 'data-testid': 'changes-ci-incident', 'data-incident-id': f.id, 'data-closed': String(f.closed), 'data-severity': f.severity },
    h('td', { class: 'time', 'data-testid': 'changes-ci-incident-at' }, h('time', { datetime: f.occurred_at }, formatMinute(f.occurred_at))),
    h('td', { 'data-testid': 'changes-ci-incident-title', title: l('ci_inc_title', { id: f.id, text: f.matched_text, tenants: f.tenants.map(tenantName).join('、') }) }, f.title),
    h('td', { class: 'nowrap' }, h('span', { class: `badge sev sev-${f.severity}` }, t(`severity_${f.severity}` as LabelKey))),
    h('td', { class: 'nowrap', 'data-testid': 'changes-ci-incident-state' },
      h('span', { class: `badge ${f.closed ? 'status-restored' : 'inq-status-in_progress'}` }, l(f.closed ? 'ci_inc_closed' : 'ci_inc_open'))));
}

// ---- 改修案件: the list ---------------------------------------------------------------------------

function listControls(): HTMLElement {
  const status = h('select', { 'data-testid': 'changes-filter-status' }, ...options(STATUSES, statusLabel, filters.status, l('all')));
  const origin = h('select', { 'data-testid': 'changes-filter-origin' }, ...options(ORIGINS, originLabel, filters.origin, l('all')));
  const apply = () => {
    filters = { status: status.value, origin: origin.value };
    saveRoute();
    void loadList();
  };
  status.addEventListener('change', apply);
  origin.addEventListener('change', apply);
  return h('div', { class: 'inq-controls chg-list-controls' },
    h('label', null, h('span', null, l('status')), status),
    h('label', null, h('span', null, l('origin')), origin));
}

async function loadList(): Promise<void> {
  const mine = ++listGeneration;
  const list = part(root, '[data-testid="changes-list"]');
  try {
    const page = await getJson<ChangePage>(CHANGES, { status: filters.status || null, origin: filters.origin || null, limit: 200 });
    if (mine !== listGeneration || !root) return;
    items = page.items;
    renderList();
  } catch (e) {
    if (mine !== listGeneration || !root) return;
    list.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'changes-list-error' }, problemText(e)));
  }
}

function renderList(): void {
  const list = part(root, '[data-testid="changes-list"]');
  part(root, '[data-testid="changes-count"]').textContent = String(items.length);
  if (items.length === 0) {
    list.replaceChildren(h('p', { class: 'muted empty', 'data-testid': 'changes-empty' }, l('none')));
    return;
  }
  list.replaceChildren(h('div', { class: 'table-scroll' },
    h('table', { class: 'inquiries chg-list' },
      h('thead', null, h('tr', null,
        h('th', null, l('col_title')), h('th', null, l('col_tenants')),
        h('th', null, l('origin')), h('th', null, l('status')), h('th', null, l('col_phase')),
        h('th', { class: 'num' }, l('col_planned')), h('th', { class: 'num' }, l('col_actual')))),
      h('tbody', null, ...items.map(listRow)))));
}

function statusBadge(s: string): HTMLElement {
  return h('span', { class: `badge ${STATUS_CLASS[s] ?? ''}`, 'data-testid': 'changes-status', 'data-status': s }, statusLabel(s));
}

function listRow(c: ChangeSummary): HTMLElement {
  const selected = c.id === selectedId;
  return h('tr', {
    class: `inq-row${selected ? ' selected' : ''}`, 'data-testid': 'changes-row', 'data-change-id': c.id, 'data-status': c.status,
    tabindex: 0, 'aria-selected': String(selected),
    onclick: () => select(c.id),
    onkeydown: (e: Event) => { if ((e as KeyboardEvent).key === 'Enter') select(c.id); },
  },
  h('td', { class: 'subject', 'data-testid': 'changes-row-title', title: `${l('col_registered')} ${formatMinute(c.registered_at)}` }, c.title),
  h('td', { class: 'nowrap' }, tenantsText(c.tenants)),
  h('td', { class: 'nowrap', 'data-testid': 'changes-row-origin' }, originLabel(c.origin)),
  h('td', { class: 'nowrap' }, statusBadge(c.status)),
  h('td', { class: 'nowrap', 'data-testid': 'changes-row-phase' }, c.current_phase ? phaseLabel(c.current_phase) : '—'),
  h('td', { class: 'num', 'data-testid': 'changes-row-planned' }, l('hours', { h: hoursText(c.planned_hours) })),
  h('td', { class: 'num', 'data-testid': 'changes-row-actual' }, l('hours', { h: hoursText(c.actual_hours) })));
}

function select(id: string): void {
  selectedId = id;
  openForm = null;
  saveRoute();
  for (const row of root?.querySelectorAll<HTMLElement>('[data-testid="changes-row"]') ?? []) {
    const on = row.dataset.changeId === id;
    row.classList.toggle('selected', on);
    row.setAttribute('aria-selected', String(on));
  }
  void loadDetail(id);
}

// ---- 改修案件を登録 (maintainers) --------------------------------------------------------------------

function toggleNew(): void {
  const panel = part(root, '[data-testid="changes-new-panel"]');
  const button = part(root, '[data-testid="changes-new"]');
  const opening = panel.hidden;
  panel.replaceChildren(...(opening && context ? [newForm(context)] : []));
  panel.hidden = !opening;
  button.setAttribute('aria-expanded', String(opening));
  if (opening) panel.querySelector<HTMLSelectElement>('select')?.focus();
}

function newForm(ctx: ViewContext): HTMLElement {
  const origin = h('select', { name: 'origin', 'data-testid': 'changes-new-origin' }, ...options(ORIGINS, originLabel, '', l('f_choose')));
  const incident = h('input', { name: 'incident_id', 'data-testid': 'changes-new-incident', class: 'chg-id-input', maxlength: 64, autocomplete: 'off' });
  const inquiry = h('input', { name: 'inquiry_id', 'data-testid': 'changes-new-inquiry', class: 'chg-id-input', maxlength: 64, autocomplete: 'off' });
  const incidentField = field('incident_id', l('f_incident_id'), incident, { required: true });
  const inquiryField = field('inquiry_id', l('f_inquiry_id'), inquiry, { required: true });
  const showIds = () => {
    incidentField.hidden = origin.value !== 'fault';
    inquiryField.hidden = origin.value !== 'improvement';
  };
  origin.addEventListener('change', showIds);
  showIds();
  const title = h('input', { name: 'title', 'data-testid': 'changes-new-title', class: 'sch-long-input', maxlength: 200, autocomplete: 'off' });
  const description = h('textarea', { name: 'description', 'data-testid': 'changes-new-description', rows: 2, maxlength: 8000 });
  const tenants = tenantPicker(ctx, 'changes-new');
  const itemsInput = h('input', {
    name: 'configuration_items', 'data-testid': 'changes-new-items', class: 'sch-long-input', list: 'changes-ci-codes', autocomplete: 'off',
    placeholder: l('f_items_placeholder'),
  });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'changes-new-submit' }, l('submit'));
  const message = h('span', { class: 'form-message', 'data-testid': 'changes-new-message', role: 'status' });
  const form = h('form', { class: 'inq-command', 'data-testid': 'changes-new-form', novalidate: true },
    h('fieldset', null,
      h('legend', null, l('new_title')),
      field('origin', l('f_origin'), origin, { required: true }),
      incidentField, inquiryField,
      field('title', l('f_title'), title, { required: true, wide: true }),
      tenantsField(l('f_tenants'), tenants),
      field('configuration_items', l('f_items'), itemsInput, { wide: true }),
      field('description', l('f_description'), description, { wide: true }),
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'by', role: 'alert' }),
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'at', role: 'alert' }),
      h('div', { class: 'form-actions' }, message, submit,
        h('button', { type: 'button', 'data-testid': 'changes-new-cancel', onclick: toggleNew }, l('close_form')))));
  const state: FormState = { scopes: [form], message, submit, retry: null, describe: problemText };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const chosen = tenants.value();
    const codes = itemsInput.value.split(/[\s,、]+/).filter((c) => c !== '');
    void send<Change>(state, CHANGES, given({
      origin: origin.value,
      incident_id: origin.value === 'fault' ? incident.value.trim() : undefined,
      inquiry_id: origin.value === 'improvement' ? inquiry.value.trim() : undefined,
      title: title.value,
      description: description.value.trim() ? description.value : undefined,
      tenants: chosen.length > 0 ? chosen : undefined,
      configuration_items: codes.length > 0 ? codes : undefined,
    })).then((change) => {
      if (!change || !root) return;
      toggleNew();
      selectedId = change.id;
      openForm = null;
      saveRoute();
      void loadList();
      void loadDetail(change.id);
      month?.refresh();
      say(root, 'changes-message', l('registered', { title: change.title }), 'ok');
    });
  });
  return form;
}

// ---- the selected change ------------------------------------------------------------------------

async function loadDetail(id: string): Promise<void> {
  const mine = ++detailGeneration;
  const panel = part(root, '[data-testid="changes-detail"]');
  if (panel.dataset.changeId !== id) {
    panel.dataset.changeId = id;
    delete panel.dataset.version;
    delete panel.dataset.status;
    panel.replaceChildren(h('p', { class: 'muted' }, t('loading')));
  }
  try {
    // The earned value and the signings: a failure of either leaves the rest of the page.
    const [change, evm, signings] = await Promise.all([
      getJson<Change>(`${CHANGES}/${encodeURIComponent(id)}`),
      getJson<ChangeEvm>(`${CHANGES}/${encodeURIComponent(id)}/evm`).catch((e: unknown) => e),
      getJson<{ items: SigningRecord[] }>(SIGNATURES, { change_id: id, limit: 200 }).then((p) => p.items, (e: unknown) => e),
    ]);
    if (mine !== detailGeneration || !root) return;
    showDetail(change, evm, signings);
  } catch (e) {
    if (mine !== detailGeneration || !root) return;
    shown = null;
    const notFound = e instanceof ApiError && e.status === 404;
    panel.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'changes-detail-error' }, notFound ? l('not_found') : problemText(e)));
  }
}

function showDetail(c: Change, evm: unknown, signings: SigningRecord[] | unknown): void {
  shown = c;
  const panel = part(root, '[data-testid="changes-detail"]');
  panel.dataset.changeId = c.id;
  panel.dataset.version = String(c.version);
  panel.dataset.status = c.status;
  const fact = (label: string, ...value: (Node | string | null)[]) => [h('dt', null, label), h('dd', null, ...value)];
  const ended = c.closed ? { status: 'closed', text: c.closed.note, ...c.closed }
    : c.rejected ? { status: 'rejected', text: c.rejected.reason, ...c.rejected }
      : c.withdrawn ? { status: 'withdrawn', text: c.withdrawn.reason, ...c.withdrawn } : null;
  const measures = evm && typeof evm === 'object' && 'pv' in evm ? (evm as ChangeEvm) : null;
  panel.replaceChildren(
    h('header', { class: 'inq-detail-head' },
      h('h2', { 'data-testid': 'changes-detail-title' }, c.title),
      h('div', null, statusBadge(c.status), h('span', { class: 'badge' }, originLabel(c.origin)),
        c.counts_against_cap ? h('span', { class: 'badge inq-status-received', 'data-testid': 'changes-counts-against-cap' }, l('counts_against_cap')) : null)),
    h('dl', { class: 'inq-facts' },
      fact(l('fact_origin'), originLabel(c.origin),
        c.incident_id ? h('span', { class: 'muted' }, ` · ${l('incident')} `, h('code', null, c.incident_id)) : null,
        c.inquiry_id ? h('span', { class: 'muted' }, ` · ${l('inquiry')} `, h('code', null, c.inquiry_id)) : null),
      fact(l('fact_tenants'), c.tenants.map(tenantName).join('、')),
      fact(l('fact_items'), c.configuration_items.length === 0 ? h('span', { class: 'muted' }, '—')
        : h('span', { 'data-testid': 'changes-detail-items' }, c.configuration_items.map((i) => `${i.code ?? i.id}（${i.name ?? ''}）`).join('、'))),
      c.description ? fact(l('fact_description'), h('div', { class: 'pre' }, c.description)) : null,
      fact(l('fact_assessment'), c.assessment
        ? h('span', { 'data-testid': 'changes-detail-assessment' },
          l('assessment_line', { impact: c.assessment.impact, h: hoursText(c.assessment.effort_estimate_hours) }),
          h('span', { class: 'muted' }, ` · ${byAt(c.assessment.by, c.assessment.at)}`))
        : h('span', { class: 'muted' }, '—')),
      fact(l('fact_approval'), c.approval
        ? h('span', { 'data-testid': 'changes-detail-approval' }, c.approval.approver, c.approval.note ? `（${c.approval.note}）` : '',
          h('span', { class: 'muted' }, ` · ${byAt(c.approval.by, c.approval.at)}`))
        : h('span', { class: 'muted' }, '—')),
      fact(l('fact_registered'), byAt(c.registered_by, c.registered_at)),
      ended ? fact(l('fact_ended'), h('span', { 'data-testid': 'changes-detail-ended' }, statusLabel(ended.status), ended.text ? `（${ended.text}）` : ''),
        h('span', { class: 'muted' }, ` · ${byAt(ended.by, ended.at)}`)) : null),
    h('h3', null, l('phases_title')),
    phasesTable(c, signings),
    h('h3', null, l('wbs_title')),
    packagesTable(c),
    h('p', { class: 'muted chg-baseline', 'data-testid': 'changes-baseline', 'data-baseline': c.baselines.length },
      c.baselines.length === 0 ? l('baseline_none') : c.baselines.map((b) => l('baseline_line', { n: b.number, at: formatMinute(b.at), by: b.by })).join('、')),
    measures
      ? h('div', { class: 'chg-change-evm' },
        h('h3', { 'data-testid': 'changes-evm-heading' }, l('evm_title', {
          as_of: dayText(measures.as_of),
          baseline: measures.baseline === null ? l('evm_no_baseline') : l('evm_baseline', { n: measures.baseline }),
        })),
        evmFigures(measures, 'changes-detail-evm'))
      : h('p', { class: 'error', role: 'alert', 'data-testid': 'changes-detail-evm-error' }, problemText(evm)),
    h('p', { class: 'form-message', 'data-testid': 'changes-detail-message', role: 'status' }),
    ...[actions(c)].filter((x) => x !== null));
}

function phasesTable(c: Change, signings: SigningRecord[] | unknown): HTMLElement {
  const approved = c.approval !== null;
  return h('div', { class: 'table-scroll' }, h('table', { class: 'inq-history chg-phases', 'data-testid': 'changes-phases' },
    h('thead', null, h('tr', null, h('th', null, l('col_phase_name')), h('th', null, l('col_phase_state')), h('th', null, l('col_phase_records')))),
    h('tbody', null, ...c.phases.map((p) => {
      const skipped = p.records.length > 0 && p.records.every((r) => r.skipped);
      const state = p.done ? (skipped ? 'skipped' : 'done') : approved && c.current_phase === p.phase ? 'current' : 'open';
      const doneTenants = p.per_association && !p.done ? new Set(p.records.filter((r) => !r.skipped && r.tenant).map((r) => r.tenant)).size : 0;
      return [h('tr', { 'data-testid': 'changes-phase', 'data-phase': p.phase, 'data-state': state, class: state === 'current' ? 'selected' : null },
        h('td', { class: 'nowrap' }, phaseLabel(p.phase), p.per_association ? h('span', { class: 'muted' }, `（${l('phase_per_tenant')}）`) : null),
        h('td', { class: 'nowrap' },
          h('span', { class: `badge ${state === 'done' ? 'status-restored' : state === 'current' ? 'inq-status-in_progress' : state === 'skipped' ? 'permitted' : 'class-none'}` },
            l(`phase_state_${state}`)),
          doneTenants > 0 ? h('span', { class: 'muted' }, ` ${l('phase_tenants_done', { done: doneTenants, total: c.tenants.length })}`) : null),
        h('td', { 'data-testid': 'changes-phase-records' }, ...p.records.map((r) => h('div', null,
          r.tenant ? `${tenantName(r.tenant)}: ` : '',
          r.skipped ? `${l('phase_state_skipped')}（${r.reason ?? ''}）`
            : l('evidence_line', { id: r.evidence?.document_id ?? '', v: r.evidence?.document_version ?? '' }) + (r.note ? `（${r.note}）` : ''),
          h('span', { class: 'muted' }, ` · ${byAt(r.by, r.at)}`))))),
      // The signed artifacts it distributed, right under the distribution phase.
      p.phase === 'distribution'
        ? h('tr', { 'data-testid': 'changes-signings-row' }, h('td', { colspan: 3 },
          h('h4', null, l('signings_title'), ' ', Array.isArray(signings) ? h('span', { class: 'count', 'data-testid': 'changes-signings-count' }, String(signings.length)) : null),
          signingsTable(signings)))
        : null];
    }))));
}

/** The change's signing records (newest first, as the API lists them); an error line when they could not be read. */
function signingsTable(signings: SigningRecord[] | unknown): HTMLElement {
  if (!Array.isArray(signings)) {
    return h('p', { class: 'error', role: 'alert', 'data-testid': 'changes-signings-error' }, `${l('signings_error')}: ${problemText(signings)}`);
  }
  const list = signings as SigningRecord[];
  if (list.length === 0) return h('p', { class: 'muted empty', 'data-testid': 'changes-signings-empty' }, l('signings_none'));
  return h('div', { class: 'table-scroll' }, h('table', { class: 'inq-history chg-signings', 'data-testid': 'changes-signings' },
    h('thead', null, h('tr', null,
      h('th', null, l('sig_col_artifact')), h('th', null, l('sig_col_version')), h('th', null, l('sig_col_signed_at')),
      h('th', null, l('sig_col_timestamp')), h('th', null, l('sig_col_certificate')), h('th', null, l('sig_col_sha256')))),
    h('tbody', null, ...list.map((s) => h('tr', { 'data-testid': 'changes-signing', 'data-signing-id': s.id },
      h('td', { 'data-testid': 'changes-signing-artifact' }, s.artifact_name),
      h('td', { class: 'nowrap' }, s.artifact_version),
      h('td', { class: 'time' }, h('time', { datetime: s.signed_at }, formatMinute(s.signed_at))),
      h('td', { class: 'time', title: s.timestamp?.tsa_name || null },
        s.timestamp ? h('time', { datetime: s.timestamp.time }, formatMinute(s.timestamp.time)) : h('span', { class: 'muted' }, l('sig_no_timestamp'))),
      h('td', null, h('a', {
        href: certificateHref(s.certificate_fingerprint), title: s.certificate_fingerprint,
        'data-testid': 'changes-signing-certificate', 'data-fingerprint': s.certificate_fingerprint,
      }, s.certificate_subject_cn)),
      h('td', { class: 'nowrap' }, shortSha(s.sha256)))))));
}

function packagesTable(c: Change): HTMLElement {
  if (c.work_packages.length === 0) return h('p', { class: 'muted', 'data-testid': 'changes-wbs-empty' }, l('wbs_none'));
  return h('div', { class: 'table-scroll' }, h('table', { class: 'inq-history chg-wbs', 'data-testid': 'changes-wbs' },
    h('thead', null, h('tr', null,
      h('th', null, l('wbs_col_id')), h('th', null, l('wbs_col_name')), h('th', null, l('wbs_col_tenant')),
      h('th', { class: 'num' }, l('wbs_col_hours')), h('th', null, l('wbs_col_period')),
      h('th', { class: 'num' }, l('wbs_col_progress')), h('th', { class: 'num' }, l('wbs_col_actual')))),
    h('tbody', null, ...c.work_packages.map((p) => h('tr', { 'data-testid': 'changes-package', 'data-package-id': p.id },
      h('td', null, h('code', null, p.id)),
      h('td', null, p.name, p.depends_on.length > 0 ? h('span', { class: 'muted' }, l('wbs_after', { ids: p.depends_on.join(', ') })) : null),
      h('td', { class: 'nowrap' }, p.tenant ? tenantName(p.tenant) : h('span', { class: 'muted' }, l('wbs_shared'))),
      h('td', { class: 'num' }, l('hours', { h: hoursText(p.planned_hours) })),
      h('td', { class: 'time' }, `${dayText(p.planned_start)}〜${dayText(p.planned_finish)}`),
      h('td', { class: 'num', 'data-testid': 'changes-package-percent', title: p.progress.map((x) => `${dayText(x.as_of)} ${x.percent}%`).join('\n') || null },
        `${hoursText(p.percent_complete)}%`),
      h('td', { class: 'num', 'data-testid': 'changes-package-actual', title: p.actuals.map((a) => `${dayText(a.date)} ${a.by} ${hoursText(a.hours)}h`).join('\n') || null },
        l('hours', { h: hoursText(p.actual_hours) })))))));
}

// ---- the commands on a change ----------------------------------------------------------------------

/** The commands the user may use on the change as it stands. */
function commandsFor(ctx: ViewContext, c: Change): Command[] {
  const desk = isMaintainer(ctx);
  const side = desk || isAssociationAdmin(ctx);
  const s = c.status;
  if (SETTLED.includes(s)) return [];
  const working = s === 'approved' || s === 'in_progress';
  const out: Command[] = [];
  if (desk && (s === 'registered' || s === 'assessed')) out.push('assess');
  if (side && s === 'assessed') out.push('approve');
  if (side && (s === 'registered' || s === 'assessed')) out.push('reject');
  if (desk && working && c.open_phases.length > 0) out.push('complete_phase');
  if (desk) out.push('add_work_package');
  if (desk && c.work_packages.length > 0) out.push('record_progress', 'record_actual', 'baseline');
  if (desk && working && c.open_phases.length === 0) out.push('close');
  return out;
}

function actions(c: Change): HTMLElement | null {
  if (!context) return null;
  const commands = commandsFor(context, c);
  if (openForm && !commands.includes(openForm)) openForm = null;
  if (commands.length === 0) return null;
  return h('div', { class: 'inq-actions chg-actions', 'data-testid': 'changes-actions' },
    h('div', { class: 'chg-command-buttons' }, ...commands.map((command) => h('button', {
      type: 'button', class: command === openForm ? 'primary' : null, 'data-testid': `changes-cmd-${command}`,
      'aria-expanded': String(command === openForm), onclick: () => toggleForm(command),
    }, command === 'baseline' && c.baselines.length > 0 ? commandLabel('rebaseline') : commandLabel(command)))),
    openForm ? commandForm(c, openForm) : null);
}

function toggleForm(command: Command): void {
  openForm = openForm === command ? null : command;
  if (!shown) return;
  say(root, 'changes-detail-message', '');
  const slot = part(root, '[data-testid="changes-actions"]');
  const fresh = actions(shown);
  if (fresh) slot.replaceWith(fresh);
  part(root, '[data-testid="changes-actions"]').querySelector<HTMLElement>('form input:not([type=checkbox]), form select, form textarea')?.focus();
}

/** A package picker of the change's work breakdown. */
function packageSelect(c: Change, testid: string): HTMLSelectElement {
  return h('select', { name: 'package_id', 'data-testid': testid },
    ...c.work_packages.map((p, i) => h('option', { value: p.id, selected: i === c.work_packages.length - 1 }, `${p.id} ${p.name}`)));
}

function commandForm(c: Change, command: Command): HTMLElement {
  const id = (name: string) => `changes-${command}-${name}`;
  const input = (name: string, attrs: Record<string, string | number | boolean> = {}) =>
    h('input', { name, 'data-testid': id(name), autocomplete: 'off', ...attrs });
  const numberInput = (name: string, max: number) => input(name, { type: 'number', min: 0, max, step: 'any', inputmode: 'decimal' });
  const textarea = (name: string) => h('textarea', { name, 'data-testid': id(name), rows: 2, maxlength: 4000 });
  let fields: HTMLElement[] = [];
  let body: () => Record<string, unknown> = () => ({});
  let path = command as string;
  switch (command) {
    case 'assess': {
      const impact = textarea('impact');
      const estimate = numberInput('effort_estimate_hours', 10000);
      impact.value = c.assessment?.impact ?? '';
      estimate.value = c.assessment ? String(c.assessment.effort_estimate_hours) : '';
      fields = [field('impact', l('f_impact'), impact, { required: true, wide: true }), field('effort_estimate_hours', l('f_estimate'), estimate, { required: true })];
      body = () => given({ impact: impact.value, effort_estimate_hours: numberOf(estimate) });
      break;
    }
    case 'approve': {
      const approver = input('approver', { maxlength: 100, class: 'sch-long-input', placeholder: l('f_approver_placeholder') });
      const note = input('note', { maxlength: 4000, class: 'sch-long-input' });
      fields = [field('approver', l('f_approver'), approver, { required: true }), field('note', l('f_note'), note)];
      body = () => given({ approver: approver.value, note: note.value.trim() || undefined });
      break;
    }
    case 'reject': {
      const reason = textarea('reason');
      fields = [field('reason', l('f_reason'), reason, { required: true, wide: true })];
      body = () => given({ reason: reason.value });
      break;
    }
    case 'complete_phase': {
      // `installation for soumu`: the phase, for one association.
      const phase = h('select', { name: 'phase', 'data-testid': id('phase') }, ...c.open_phases.map((open) => {
        const [name, tenant] = open.split(' for ');
        return h('option', { value: open }, tenant ? `${phaseLabel(name!)}（${tenantName(tenant)}）` : phaseLabel(name!));
      }));
      const documentId = input('document_id', { maxlength: 100, placeholder: 'DOC-001' });
      const documentVersion = input('document_version', { maxlength: 20, placeholder: '1.0', class: 'chg-short-input' });
      const note = input('note', { maxlength: 4000, class: 'sch-long-input' });
      fields = [
        field('phase', l('f_phase'), phase, { required: true }),
        // The server names the evidence's fields `evidence.document_id` and `evidence.document_version`.
        field('evidence.document_id', l('f_document_id'), documentId, { required: true }),
        field('evidence.document_version', l('f_document_version'), documentVersion, { required: true }),
        field('note', l('f_note'), note),
        h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'tenant', role: 'alert' }),
      ];
      body = () => {
        const [name, tenant] = phase.value.split(' for ');
        return given({
          phase: name, tenant,
          evidence: { document_id: documentId.value, document_version: documentVersion.value },
          note: note.value.trim() || undefined,
        });
      };
      break;
    }
    case 'close': {
      const note = input('note', { maxlength: 4000, class: 'sch-long-input' });
      fields = [field('note', l('f_note'), note)];
      body = () => given({ note: note.value.trim() || undefined });
      break;
    }
    case 'add_work_package': {
      const name = input('name', { maxlength: 200, class: 'sch-long-input' });
      const hours = numberInput('planned_hours', 10000);
      const start = input('planned_start', { type: 'date' });
      const finish = input('planned_finish', { type: 'date' });
      const tenant = h('select', { name: 'tenant', 'data-testid': id('tenant') }, ...options(c.tenants, tenantName, '', l('wbs_shared')));
      const after = c.work_packages.map((p) => ({ id: p.id, box: h('input', { type: 'checkbox', value: p.id, 'data-testid': id(`depends-${p.id}`) }) }));
      fields = [
        field('name', l('f_name'), name, { required: true }),
        field('planned_hours', l('f_planned_hours'), hours, { required: true }),
        field('planned_start', l('f_planned_start'), start, { required: true }),
        field('planned_finish', l('f_planned_finish'), finish, { required: true }),
        field('tenant', l('f_tenant'), tenant),
        after.length > 0
          ? h('div', { class: 'field wide', 'data-field': 'depends_on' },
            h('span', { class: 'field-label' }, l('f_depends_on')),
            h('div', { class: 'tenant-picker' }, ...after.map((a) => h('label', { class: 'check' }, a.box, ' ', a.id))),
            h('span', { class: 'field-error', 'data-testid': 'field-error', 'data-field': 'depends_on', role: 'alert' }))
          : null,
      ].filter((x): x is HTMLElement => x !== null);
      body = () => {
        const depends = after.filter((a) => a.box.checked).map((a) => a.id);
        return given({
          name: name.value, planned_hours: numberOf(hours), planned_start: start.value, planned_finish: finish.value,
          tenant: tenant.value, depends_on: depends.length > 0 ? depends : undefined,
        });
      };
      break;
    }
    case 'record_progress': {
      const pkg = packageSelect(c, id('package_id'));
      const percent = numberInput('percent', 100);
      const done = input('done', { type: 'checkbox' });
      const asOf = input('as_of', { type: 'date' });
      fields = [
        field('package_id', l('f_package'), pkg, { required: true }),
        field('percent', l('f_percent'), percent),
        h('label', { class: 'field check', 'data-field': 'done' },
          h('span', { class: 'field-label' }, l('f_done')), done,
          h('span', { class: 'field-error', 'data-testid': 'field-error', 'data-field': 'done', role: 'alert' })),
        field('as_of', l('f_as_of'), asOf),
      ];
      body = () => given({ package_id: pkg.value, percent: done.checked ? undefined : numberOf(percent), done: done.checked || undefined, as_of: asOf.value });
      break;
    }
    case 'record_actual': {
      const pkg = packageSelect(c, id('package_id'));
      const hours = numberInput('hours', 24);
      const worker = input('by', { maxlength: 100 });
      const date = input('date', { type: 'date' });
      const activity = input('activity', { maxlength: 400, class: 'sch-long-input' });
      fields = [
        field('package_id', l('f_package'), pkg, { required: true }),
        field('hours', l('f_hours'), hours, { required: true }),
        field('by', l('f_worker'), worker, { required: true }),
        field('date', l('f_date'), date),
        field('activity', l('f_activity'), activity),
      ];
      body = () => given({ package_id: pkg.value, hours: numberOf(hours), by: worker.value, date: date.value, activity: activity.value.trim() || undefined });
      break;
    }
    case 'baseline': {
      if (c.baselines.length === 0) {
        fields = [h('p', { class: 'muted wide' }, l('f_baseline_hint'))];
      } else {
        path = 'rebaseline';
        const reason = input('reason', { maxlength: 4000, class: 'sch-long-input' });
        fields = [h('p', { class: 'muted wide' }, l('f_baseline_hint')), field('reason', l('f_rebaseline_reason'), reason, { required: true, wide: true })];
        body = () => given({ reason: reason.value });
      }
      break;
    }
  }
  const label = path === 'rebaseline' ? commandLabel('rebaseline') : commandLabel(command);
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': id('submit') }, path === 'baseline' ? label : l('submit'));
  const message = h('span', { class: 'form-message', 'data-testid': id('message'), role: 'status' });
  const form = h('form', { class: 'inq-command', 'data-testid': `changes-form-${command}`, novalidate: true },
    h('fieldset', null,
      h('legend', null, label),
      ...fields,
      command === 'record_actual' ? null : h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'by', role: 'alert' }),
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'at', role: 'alert' }),
      h('div', { class: 'form-actions' }, message, submit,
        h('button', { type: 'button', 'data-testid': id('cancel'), onclick: () => toggleForm(command) }, l('close_form')))));
  const state: FormState = { scopes: [form], message, submit, retry: null, describe: problemText };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void send<Change>(state, `${CHANGES}/${encodeURIComponent(c.id)}/${path}`, body()).then((answer) => {
      if (!answer || !root) return;
      openForm = null;
      void loadDetail(answer.id).then(() => say(root, 'changes-detail-message', l('recorded', { command: label }), 'ok'));
      void loadList();
      month?.refresh();
    });
  });
  return form;
}
