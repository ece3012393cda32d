// #/documents 原本管理・議事録・払い出し: the changes service's controlled documents, the meetings
// whose minutes are owed, and the assets handed out to vendors (仕様書 4.(3)④イ⑤エ⑦ア), for the
// operations desk and the associations.
//
// - 原本管理台帳 (the register): the documents the caller sees, newest first (filtered by 種別,
//   状態, 組合 and words, kept in the route with the selected document:
//   `#/documents?kind=procedure&q=再起動&id=<document id>`): title, 種別, 承認版, 最新版, 状態 and
//   保管場所 (location, label and index); the same register as an Excel workbook; 文書を登録 for
//   maintainers.
// - The selected document: its facts (組合, filing, the meeting it is the minutes of, retirement)
//   and every version (SHA-256, size, file name, the association side's approval in Japan time
//   or 未承認, the bytes to download when they travel with the version); the desk's commands
//   (版を追加 with a file read in the browser or a SHA-256 and size, 保管, 廃止) and 承認 for
//   maintainers and association administrators.
// - 会議と議事録: the meetings (filtered by the minutes' status) with their 議事録期限 (the end of
//   the second business day after, 18:00) and minutes; 会議を記録 and, on a selected meeting,
//   議事録を登録 (a version of a minutes document) for maintainers.
// - 払い出し: the check-outs (filtered by status and consistency) with their 返却予定; the selected
//   one's master files and consistency checks with each difference; 払い出し, 返却 and
//   整合性チェック for maintainers.
//
// Everything comes from the changes service's routes (services/changes/api/document_routes.cpp,
// meeting_routes.cpp, checkout_routes.cpp): GET /v1/documents (JSON and format=xlsx), GET
// /v1/documents/{id}, GET …/versions/{version}/content, POST /v1/documents and POST
// /v1/documents/{id}/{add_version|approve|file|retire}; GET /v1/meetings, GET /v1/meetings/{id},
// POST /v1/meetings and POST …/{id}/record_minutes; GET /v1/checkouts, GET /v1/checkouts/{id},
// POST /v1/checkouts and POST …/{id}/{return|check_consistency}. The server decides what each
// association sees (what concerns it) and may do; the view leaves out what the role cannot use.
import { ApiError, getBlob, getJson } from '../api/client';
import type {
  Checkout, CheckoutPage, CheckoutSummary, ConsistencyCheck, ControlledDocument, DocumentFiling, DocumentPage, DocumentSummary,
  DocumentVersion, Meeting, MeetingPage,
} from '../api/types';
import { h, saveBlob } from '../dom';
import { formatMinute } from '../format/time';
import { t } from '../i18n';
import { dayText } from './changes-evm';
import {
  clearErrors, field, given, numberOf, options, part, pickable, say, send, tenantLabel, tenantOptions, tenantPicker, tenantsField, tenantsText,
  type FormState,
} from './forms';
import { labeller, refusal } from './labels';
import type { View, ViewContext } from './types';

const DOCUMENTS = '/v1/documents';
const MEETINGS = '/v1/meetings';
const CHECKOUTS = '/v1/checkouts';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LIMIT = 200; // the API's largest page
const MAX_CONTENT_BYTES = 512 * 1024; // the most a version carries (larger files: SHA-256 and size)
const KINDS = ['procedure', 'design', 'manual', 'report', 'test_plan', 'minutes'] as const;
const STATUSES = ['draft', 'in_review', 'approved', 'retired'] as const;
const LOCATIONS = ['shelf', 'fireproof_safe', 'electronic'] as const;
const MEETING_KINDS = ['monthly_report', 'coordination', 'other'] as const;
const MEETING_STATUSES = ['minutes_due', 'minutes_overdue', 'minutes_submitted'] as const;
const CHECKOUT_STATUSES = ['out', 'returned'] as const;
const CONSISTENCIES = ['consistent', 'differs', 'unchecked'] as const;

type DocumentCommand = 'add_version' | 'approve' | 'file' | 'retire';
type CheckoutCommand = 'return' | 'check_consistency';

// ---- labels -----------------------------------------------------------------------------------

const { l, or } = labeller({
  register_title: ['原本管理台帳', 'Document register'],
  all: ['すべて', 'All'],
  f_kind: ['種別', 'Kind'],
  f_status: ['状態', 'Status'],
  f_tenant: ['組合', 'Association'],
  f_words: ['文書名・ファイル名・保管ラベル', 'Title, file name or label'],
  search: ['検索', 'Search'],
  xlsx: ['⬇ 台帳をダウンロード', '⬇ Download the register'],
  xlsx_title: ['絞り込んだ原本管理台帳を Excel でダウンロード', 'Download the register (as filtered) as an Excel workbook'],
  download_failed: ['ダウンロードに失敗しました', 'Download failed'],
  new: ['＋ 文書を登録', '+ Register a document'],
  none: ['該当する文書はありません', 'No document'],
  none_at_all: ['文書はまだ登録されていません', 'No document is registered yet'],
  more: ['さらに読み込む', 'Load more'],
  select_hint: ['台帳から文書を選ぶと、版・承認・保管場所と操作が表示されます', 'Choose a document to see its versions, approvals, filing and commands'],
  col_title: ['文書名', 'Title'],
  col_kind: ['種別', 'Kind'],
  col_approved: ['承認版', 'Approved'],
  col_latest: ['最新版', 'Latest'],
  col_status: ['状態', 'Status'],
  col_filing: ['保管場所', 'Filed at'],

  kind_procedure: ['手順書', 'Procedure'],
  kind_design: ['設計書', 'Design'],
  kind_manual: ['マニュアル', 'Manual'],
  kind_report: ['報告書', 'Report'],
  kind_test_plan: ['試験計画書', 'Test plan'],
  kind_minutes: ['議事録', 'Minutes'],
  status_draft: ['作成中', 'Draft'],
  status_in_review: ['承認待ち', 'In review'],
  status_approved: ['承認済', 'Approved'],
  status_retired: ['廃止', 'Retired'],
  location_shelf: ['書架', 'Shelf'],
  location_fireproof_safe: ['耐火金庫', 'Fireproof safe'],
  location_electronic: ['電子', 'Electronic'],
  filing_line: ['{location}・{label}', '{location}, {label}'],

  fact_kind: ['種別', 'Kind'],
  fact_tenants: ['組合', 'Associations'],
  fact_approved: ['承認版', 'In force'],
  fact_filing: ['保管', 'Filed'],
  fact_minutes_of: ['議事録の会議', 'Minutes of'],
  fact_description: ['内容', 'Description'],
  fact_registered: ['登録', 'Registered'],
  fact_retired: ['廃止', 'Retired'],
  not_filed: ['未保管', 'Not filed'],
  none_approved: ['承認された版はありません', 'No version is approved'],
  approved_line: ['{v}（{approver}）', '{v} ({approver})'],
  by_at: ['{by}・{at}', '{by}, {at}'],
  meeting_line: ['{date} {title}', '{date} {title}'],
  versions_title: ['版', 'Versions'],
  versions_none: ['版はまだありません（版を追加してください）', 'No version yet (add one)'],
  col_version: ['版', 'Version'],
  col_sha256: ['SHA-256', 'SHA-256'],
  col_size: ['サイズ', 'Size'],
  col_file: ['ファイル名', 'File'],
  col_approval: ['承認', 'Approval'],
  col_content: ['ファイル', 'Content'],
  unapproved: ['未承認', 'Not approved'],
  approval_line: ['{approver}・{at}', '{approver}, {at}'],
  download: ['⬇ ダウンロード', '⬇ Download'],
  kept_outside: ['原本は opsdesk 外（ハッシュのみ）', 'Kept outside opsdesk (hash only)'],
  bytes: ['{n} バイト', '{n} bytes'],

  cmd_add_version: ['版を追加', 'Add a version'],
  cmd_approve: ['承認', 'Approve'],
  cmd_file: ['保管', 'File'],
  cmd_retire: ['廃止', 'Retire'],
  submit: ['記録', 'Record'],
  close_form: ['閉じる', 'Close'],
  recorded: ['記録しました：{command}', 'Recorded: {command}'],
  registered: ['文書を登録しました：{title}', 'Registered: {title}'],
  new_title: ['文書を登録', 'Register a document'],
  f_title: ['文書名', 'Title'],
  f_tenants: ['対象組合', 'Associations'],
  f_description: ['内容（任意）', 'Description (optional)'],
  f_version: ['版', 'Version'],
  f_source: ['ファイル', 'File'],
  source_file: ['ファイルを添付（512KB まで）', 'Attach the file (up to 512 KB)'],
  source_hash: ['SHA-256 とサイズで登録（原本は opsdesk 外）', 'Give its SHA-256 and size (kept outside)'],
  f_file: ['ファイル', 'File'],
  f_sha256: ['SHA-256（16進64桁）', 'SHA-256 (64 hex digits)'],
  f_size: ['サイズ（バイト）', 'Size (bytes)'],
  f_file_name: ['ファイル名（任意）', 'File name (optional)'],
  f_note: ['備考（任意）', 'Note (optional)'],
  f_approver: ['承認者（組合側の氏名）', "Approved by (the association's person)"],
  f_approver_placeholder: ['例: 総務省共済組合 佐藤', 'e.g. 総務省共済組合 佐藤'],
  f_location: ['保管場所', 'Location'],
  f_label: ['ラベル', 'Label'],
  f_index: ['索引（棚・番号など、任意）', 'Index (shelf, number…; optional)'],
  f_reason: ['廃止の理由', 'Reason'],
  f_choose: ['（選択してください）', '(choose one)'],
  choose_file: ['ファイルを選んでください', 'Choose a file'],
  file_too_large: ['{n} バイトのファイルは添付できません（512KB まで）。SHA-256 とサイズで登録してください', 'A file of {n} bytes cannot travel with the version (512 KB at most): give its SHA-256 and size'],
  file_unreadable: ['ファイルを読み込めません', 'The file could not be read'],

  meetings_title: ['会議と議事録', 'Meetings and minutes'],
  meetings_status: ['議事録', 'Minutes'],
  meeting_new: ['＋ 会議を記録', '+ Record a meeting'],
  meetings_none: ['該当する会議はありません', 'No meeting'],
  col_date: ['開催日', 'Date'],
  col_meeting_kind: ['種別', 'Kind'],
  col_meeting_title: ['会議名', 'Meeting'],
  col_due: ['議事録期限', 'Minutes due'],
  col_minutes: ['議事録', 'Minutes'],
  mkind_monthly_report: ['月次報告会', 'Monthly report'],
  mkind_coordination: ['調整', 'Coordination'],
  mkind_other: ['その他', 'Other'],
  mstatus_minutes_due: ['提出待ち', 'Due'],
  mstatus_minutes_overdue: ['期限超過', 'Overdue'],
  mstatus_minutes_submitted: ['提出済', 'Submitted'],
  minutes_line: ['{title}（{v}）', '{title} ({v})'],
  minutes_approved: ['承認済', 'Approved'],
  minutes_unapproved: ['未承認', 'Not approved'],
  minutes_late: ['遅延', 'Late'],
  meeting_new_title: ['会議を記録', 'Record a meeting'],
  f_date: ['開催日', 'Date'],
  f_held_at: ['場所', 'Held at'],
  f_meeting_kind: ['種別', 'Kind'],
  f_meeting_title: ['会議名', 'Meeting'],
  f_attendees: ['出席者（カンマ区切り）', 'Attendees (comma-separated)'],
  meeting_recorded: ['会議を記録しました：{title}（議事録期限 {due}）', 'Recorded: {title} (minutes due {due})'],
  meeting_fact_held_at: ['場所', 'Held at'],
  meeting_fact_attendees: ['出席者', 'Attendees'],
  meeting_fact_tenants: ['組合', 'Associations'],
  meeting_fact_due: ['議事録期限', 'Minutes due'],
  meeting_fact_overdue: ['期限超過の記録', 'Recorded overdue'],
  meeting_fact_minutes: ['議事録', 'Minutes'],
  meeting_fact_recorded: ['記録', 'Recorded'],
  minutes_none: ['未提出', 'Not submitted'],
  minutes_form_title: ['議事録を登録', 'Record the minutes'],
  f_minutes_document: ['議事録（種別「議事録」の文書）', 'Minutes (a document of kind minutes)'],
  minutes_no_documents: ['種別「議事録」の文書がありません。先に台帳に登録し、版を追加してください', 'No document of kind minutes: register one and add its version first'],
  minutes_recorded: ['議事録を登録しました', 'The minutes are recorded'],
  open_document: ['台帳で開く', 'Open in the register'],

  checkouts_title: ['払い出し', 'Check-outs'],
  checkout_new: ['＋ 払い出し', '+ Check out'],
  checkouts_none: ['該当する払い出しはありません', 'No check-out'],
  f_checkout_status: ['状態', 'Status'],
  f_consistency: ['整合性', 'Consistency'],
  col_asset: ['資産', 'Asset'],
  col_recipient: ['払出先', 'Recipient'],
  col_purpose: ['目的', 'Purpose'],
  col_due_back: ['返却予定', 'Due back'],
  col_checkout_status: ['状態', 'Status'],
  col_consistency: ['整合性', 'Consistency'],
  cstatus_out: ['貸出中', 'Out'],
  cstatus_returned: ['返却済', 'Returned'],
  consistency_consistent: ['一致', 'Consistent'],
  consistency_differs: ['差異あり', 'Differs'],
  consistency_unchecked: ['未確認', 'Unchecked'],
  overdue_back: ['返却期限超過', 'Overdue'],
  asset_document: ['{title}（{v}）', '{title} ({v})'],
  checkout_fact_recipient: ['払出先', 'Recipient'],
  checkout_fact_purpose: ['目的', 'Purpose'],
  checkout_fact_due_back: ['返却予定', 'Due back'],
  checkout_fact_out: ['払い出し', 'Checked out'],
  checkout_fact_returned: ['返却', 'Returned'],
  checkout_fact_tenants: ['組合', 'Associations'],
  master_title: ['原本（マスタ）のファイル', 'Master files'],
  master_none: ['マスタのファイルは記録されていません（整合性チェックはできません）', 'No master file is recorded (nothing to check against)'],
  col_name: ['ファイル名', 'Name'],
  checks_title: ['整合性チェック', 'Consistency checks'],
  checks_none: ['整合性チェックはまだありません', 'No check yet'],
  no_differences: ['差異なし（マスタと一致）', 'No difference (as the master)'],
  col_change: ['差異', 'Difference'],
  col_master_sha256: ['マスタの SHA-256', "Master's SHA-256"],
  col_found_sha256: ['確認した SHA-256', 'SHA-256 found'],
  change_changed: ['変更', 'Changed'],
  change_missing: ['欠落', 'Missing'],
  change_added: ['追加', 'Added'],
  cmd_return: ['返却', 'Return'],
  cmd_check_consistency: ['整合性チェック', 'Check consistency'],
  checkout_new_title: ['払い出し', 'Check out'],
  f_asset_kind: ['資産の種類', 'Asset'],
  asset_kind_configuration_item: ['構成アイテム', 'Configuration item'],
  asset_kind_document: ['文書（版）', "A document's version"],
  f_configuration_item: ['構成アイテム（コード）', 'Configuration item (code)'],
  f_document: ['文書', 'Document'],
  f_document_version: ['版', 'Version'],
  f_recipient: ['払出先', 'Recipient'],
  f_purpose: ['目的', 'Purpose'],
  f_due_back: ['返却予定日（任意）', 'Due back (optional)'],
  f_master: ['マスタのファイル（1行に「ファイル名 SHA-256」）', 'Master files (one per line: "name sha256")'],
  f_found: ['確認したファイル（1行に「ファイル名 SHA-256」。マスタが1ファイルならファイル名は省略可）', 'Files found (one per line: "name sha256"; the name may be left out for a one-file master)'],
  checked_out: ['払い出しを記録しました：{asset}', 'Checked out: {asset}'],

  forbidden: ['この操作の権限がありません', 'Not allowed'],
  not_found: ['文書が見つかりません', 'No such document'],
  conflict: ['記録できません', 'Cannot be recorded'],
  changed: ['他の記録が先に行われました。読み込み直してからもう一度記録してください', 'Someone else recorded meanwhile; reload and try again'],
  rule_document_retired: ['廃止された文書です', 'The document is retired'],
  rule_document_version_exists: ['この版は登録済みです（版は置き換えられません）', 'The version exists (a version is never replaced)'],
  rule_version_already_approved: ['この版は承認済みです', 'The version is approved already'],
  rule_minutes_recorded: ['議事録は登録済みです（訂正は議事録文書の新しい版で行います）', 'The minutes are recorded (a correction is a new version)'],
  rule_asset_returned: ['返却済みです', 'It came back already'],
  rule_no_master: ['マスタのファイルが記録されていません', 'No master file is recorded'],
});

const kindLabel = (k: string) => or(`kind_${k}`, k);
const statusLabel = (s: string) => or(`status_${s}`, s);
const locationLabel = (s: string) => or(`location_${s}`, s);
const meetingKindLabel = (k: string) => or(`mkind_${k}`, k);
const meetingStatusLabel = (s: string) => or(`mstatus_${s}`, s);
const checkoutStatusLabel = (s: string) => or(`cstatus_${s}`, s);
const consistencyLabel = (s: string) => or(`consistency_${s}`, s);
const changeLabel = (s: string) => or(`change_${s}`, s);
const byAt = (by: string, at: string) => l('by_at', { by, at: formatMinute(at) });

const STATUS_CLASS: Record<string, string> = {
  draft: 'class-none', in_review: 'inq-status-received', approved: 'status-restored', retired: 'permitted',
};
const MEETING_STATUS_CLASS: Record<string, string> = {
  minutes_due: 'inq-status-in_progress', minutes_overdue: 'pat-overdue', minutes_submitted: 'status-restored',
};
const CHECKOUT_STATUS_CLASS: Record<string, string> = { out: 'inq-status-in_progress', returned: 'status-restored' };
const CONSISTENCY_CLASS: Record<string, string> = { consistent: 'status-restored', differs: 'against', unchecked: 'class-none' };
const CHANGE_CLASS: Record<string, string> = { changed: 'inq-status-received', missing: 'against', added: 'inq-status-in_progress' };

const problemText = (e: unknown) => refusal(e, {
  forbidden: l('forbidden'), notFound: l('not_found'), conflict: l('conflict'), changed: l('changed'),
  rule: (rule) => or(`rule_${rule.replaceAll('-', '_')}`, '') || null,
});

// ---- state --------------------------------------------------------------------------------------

let root: HTMLElement | null = null;
let context: ViewContext | null = null;
let filters = { kind: '', status: '', tenant: '', q: '' };
let selectedId = '';
let documents: DocumentSummary[] = [];
let nextCursor: string | null = null;
let shown: ControlledDocument | null = null;
let openForm: DocumentCommand | null = null;
let meetingStatus = '';
let meetings: Meeting[] = [];
let selectedMeeting = '';
let checkoutFilters = { status: '', consistency: '' };
let checkouts: CheckoutSummary[] = [];
let selectedCheckout = '';
let checkoutForm: CheckoutCommand | null = null;
let listGeneration = 0;
let detailGeneration = 0;
let meetingsGeneration = 0;
let checkoutsGeneration = 0;
let checkoutGeneration = 0;

export const documentsView: View = {
  id: 'documents',
  label_ja: '原本管理',
  label_en: 'Documents',

  render(container, ctx) {
    context = ctx;
    const p = ctx.params;
    const pickFrom = (values: readonly string[], v: string | null) => (values.includes(v ?? '') ? v! : '');
    filters = {
      kind: pickFrom(KINDS, p.get('kind')),
      status: pickFrom(STATUSES, p.get('status')),
      tenant: (p.get('tenant') ?? '').trim(), // the server answers 422 for one the token does not hold
      q: (p.get('q') ?? '').trim(),
    };
    selectedId = UUID_RE.test(p.get('id') ?? '') ? p.get('id')!.toLowerCase() : '';
    documents = [];
    nextCursor = null;
    shown = null;
    openForm = null;
    meetingStatus = '';
    meetings = [];
    selectedMeeting = '';
    checkoutFilters = { status: '', consistency: '' };
    checkouts = [];
    selectedCheckout = '';
    checkoutForm = null;
    const desk = isMaintainer(ctx);

    root = h('section', { class: 'view-changes view-inquiries view-documents' },
      h('section', { class: 'panel', 'data-testid': 'documents-register' },
        h('div', { class: 'sch-panel-head' },
          h('h2', null, l('register_title'), ' ', h('span', { class: 'count', 'data-testid': 'documents-count' })),
          h('div', { class: 'sch-plan-actions' },
            h('button', { type: 'button', 'data-testid': 'documents-xlsx', title: l('xlsx_title'), onclick: () => void downloadRegister() }, l('xlsx')),
            desk ? h('button', { type: 'button', class: 'primary', 'data-testid': 'documents-new', 'aria-expanded': 'false', onclick: toggleNew }, l('new')) : null)),
        listControls(ctx),
        h('span', { class: 'download-error', 'data-testid': 'documents-download-error', role: 'alert' }),
        h('div', { class: 'chg-new', 'data-testid': 'documents-new-panel', hidden: true }),
        h('p', { class: 'form-message', 'data-testid': 'documents-message', role: 'status' }),
        h('div', { 'data-testid': 'documents-list' }, h('p', { class: 'muted' }, t('loading')))),
      h('section', { class: 'panel inq-detail doc-detail', 'data-testid': 'documents-detail' },
        h('p', { class: 'muted' }, l('select_hint'))),
      meetingsPanel(ctx),
      checkoutsPanel(ctx),
    );
    container.append(root);
    void loadList();
    if (selectedId) void loadDetail(selectedId);
    void loadMeetings();
    void loadCheckouts();
  },

  dispose() {
    listGeneration += 1;
    detailGeneration += 1;
    meetingsGeneration += 1;
    checkoutsGeneration += 1;
    checkoutGeneration += 1;
    root = null;
    context = null;
  },
};

// ---- roles, the route, small helpers ------------------------------------------------------------

const isMaintainer = (ctx: ViewContext) => ctx.claims.roles.includes('maintainer');
const isAssociationAdmin = (ctx: ViewContext) => ctx.claims.roles.includes('association_admin');

function saveRoute(): void {
  if (!context) return;
  const out: Record<string, string> = {};
  if (filters.kind) out.kind = filters.kind;
  if (filters.status) out.status = filters.status;
  if (filters.tenant) out.tenant = filters.tenant;
  if (filters.q) out.q = filters.q;
  if (selectedId) out.id = selectedId;
  context.setParams(out);
}

const badge = (cls: string, text: string, attrs: Record<string, string> = {}) => h('span', { class: `badge ${cls}`, ...attrs }, text);
const statusBadge = (s: string) => badge(STATUS_CLASS[s] ?? '', statusLabel(s), { 'data-testid': 'documents-status', 'data-status': s });
const muted = (text: string) => h('span', { class: 'muted' }, text);

/** `1.2 KB` (the exact bytes in the title). */
function sizeText(n: number): HTMLElement {
  const text = n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
  return h('span', { title: l('bytes', { n: n.toLocaleString('en-US') }) }, text);
}

/** The first 12 hex digits, the whole SHA-256 as the title. */
function shortSha(sha256: string | null): HTMLElement {
  if (!sha256) return muted('—');
  return h('code', { class: 'doc-sha', title: sha256, 'data-sha256': sha256 }, `${sha256.slice(0, 12)}…`);
}

function filingText(f: DocumentFiling): string {
  return l('filing_line', { location: locationLabel(f.location), label: f.label }) + (f.index ? `（${f.index}）` : '');
}

/** Writes a field's error the view found itself (the file to read), as the server's are shown. */
function fieldError(form: HTMLElement, name: string, text: string): void {
  const slot = form.querySelector<HTMLElement>(`.field-error[data-field="${name}"]`);
  if (!slot) return;
  slot.textContent = text;
  slot.closest('.field')?.classList.add('invalid');
}

/** Standard base64 (RFC 4648 §4, padded) of a file's bytes, as content_base64 wants them. */
function base64Of(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Lines `name sha256` (the name may hold spaces; a line with one word is a SHA-256 alone). */
function filesOf(text: string): { name?: string; sha256: string }[] {
  return text.split('\n').map((line) => line.trim()).filter((line) => line !== '').map((line) => {
    const m = /^(.*\S)\s+(\S+)$/.exec(line);
    return m ? { name: m[1]!, sha256: m[2]! } : { sha256: line };
  });
}

/** Splits `佐藤, 田中、鈴木` into names. */
function namesOf(text: string): string[] {
  return text.split(/[,、\n]+/).map((s) => s.trim()).filter((s) => s !== '');
}

/** Scrolls the panel into view when its top is below the window. */
function revealIfHidden(panel: HTMLElement): void {
  if (panel.getBoundingClientRect().top > window.innerHeight - 80) panel.scrollIntoView({ block: 'start', behavior: 'smooth' });
}

// ---- 原本管理台帳: the register -------------------------------------------------------------------

function listControls(ctx: ViewContext): HTMLElement {
  const kind = h('select', { 'data-testid': 'documents-filter-kind' }, ...options(KINDS, kindLabel, filters.kind, l('all')));
  const status = h('select', { 'data-testid': 'documents-filter-status' }, ...options(STATUSES, statusLabel, filters.status, l('all')));
  const tenant = h('select', { 'data-testid': 'documents-filter-tenant' }, ...tenantOptions(ctx, filters.tenant, l('all')));
  const words = h('input', { type: 'search', 'data-testid': 'documents-filter-q', maxlength: 100, value: filters.q });
  const apply = () => {
    filters = { kind: kind.value, status: status.value, tenant: pickable(ctx) ? tenant.value : filters.tenant, q: words.value.trim() };
    saveRoute();
    void loadList();
  };
  for (const s of [kind, status, tenant]) s.addEventListener('change', apply);
  return h('div', { class: 'inq-controls chg-list-controls' },
    h('label', null, h('span', null, l('f_kind')), kind),
    h('label', null, h('span', null, l('f_status')), status),
    pickable(ctx) ? h('label', null, h('span', null, l('f_tenant')), tenant) : null,
    h('form', { class: 'inq-words', 'data-testid': 'documents-search', onsubmit: (e: Event) => { e.preventDefault(); apply(); } },
      h('label', null, h('span', null, l('f_words')), words),
      h('button', { type: 'submit', 'data-testid': 'documents-search-submit' }, l('search'))));
}

const listQuery = () => ({
  kind: filters.kind || null, status: filters.status || null, tenant: filters.tenant || null, q: filters.q || null,
});

async function loadList(more = false): Promise<void> {
  const mine = ++listGeneration;
  if (!root) return;
  const list = part(root, '[data-testid="documents-list"]');
  try {
    const page = await getJson<DocumentPage>(DOCUMENTS, { ...listQuery(), limit: LIMIT, cursor: more ? nextCursor : null });
    if (mine !== listGeneration || !root) return;
    documents = more ? [...documents, ...page.items] : page.items;
    nextCursor = page.next_cursor;
    renderList();
  } catch (e) {
    if (mine !== listGeneration || !root) return;
    list.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'documents-list-error' }, problemText(e)));
  }
}

function renderList(): void {
  const list = part(root, '[data-testid="documents-list"]');
  part(root, '[data-testid="documents-count"]').textContent = String(documents.length) + (nextCursor ? '+' : '');
  if (documents.length === 0) {
    const filtered = filters.kind || filters.status || filters.tenant || filters.q;
    list.replaceChildren(h('p', { class: 'muted empty', 'data-testid': 'documents-empty' }, l(filtered ? 'none' : 'none_at_all')));
    return;
  }
  list.replaceChildren(
    h('div', { class: 'table-scroll' },
      h('table', { class: 'inquiries doc-list' },
        h('thead', null, h('tr', null,
          h('th', null, l('col_title')), h('th', null, l('col_kind')), h('th', null, l('col_approved')),
          h('th', null, l('col_latest')), h('th', null, l('col_status')), h('th', null, l('col_filing')))),
        h('tbody', null, ...documents.map(listRow)))),
    ...(nextCursor
      ? [h('div', { class: 'inq-list-foot' }, h('button', { type: 'button', 'data-testid': 'documents-more', onclick: () => void loadList(true) }, l('more')))]
      : []));
}

function listRow(d: DocumentSummary): HTMLElement {
  const selected = d.id === selectedId;
  return h('tr', {
    class: `inq-row${selected ? ' selected' : ''}`, 'data-testid': 'documents-row', 'data-document-id': d.id, 'data-kind': d.kind,
    'data-status': d.status, tabindex: 0, 'aria-selected': String(selected),
    onclick: () => select(d.id),
    onkeydown: (e: Event) => { if ((e as KeyboardEvent).key === 'Enter') select(d.id); },
  },
  h('td', { class: 'subject', 'data-testid': 'documents-row-title' }, d.title),
  h('td', { class: 'nowrap', 'data-testid': 'documents-row-kind' }, kindLabel(d.kind)),
  h('td', { class: 'nowrap', 'data-testid': 'documents-row-approved' }, d.approved_version?.version ?? '—'),
  h('td', { class: 'nowrap', 'data-testid': 'documents-row-latest' }, d.latest_version ?? '—'),
  h('td', { class: 'nowrap', 'data-testid': 'documents-row-status' }, statusBadge(d.status)),
  h('td', { 'data-testid': 'documents-row-filing', 'data-location': d.filing?.location ?? '' }, d.filing ? filingText(d.filing) : muted('—')));
}

function select(id: string): void {
  selectedId = id;
  openForm = null;
  saveRoute();
  for (const row of root?.querySelectorAll<HTMLElement>('[data-testid="documents-row"]') ?? []) {
    const on = row.dataset.documentId === id;
    row.classList.toggle('selected', on);
    row.setAttribute('aria-selected', String(on));
  }
  void loadDetail(id, true);
}

async function downloadRegister(): Promise<void> {
  const error = part(root, '[data-testid="documents-download-error"]');
  error.textContent = '';
  try {
    const blob = await getBlob(DOCUMENTS, { ...listQuery(), format: 'xlsx' });
    saveBlob(blob, 'documents.xlsx');
  } catch (e) {
    if (root) error.textContent = `${l('download_failed')}: ${problemText(e)}`;
  }
}

// ---- 文書を登録 (maintainers) ----------------------------------------------------------------------

function toggleNew(): void {
  const panel = part(root, '[data-testid="documents-new-panel"]');
  const button = part(root, '[data-testid="documents-new"]');
  const opening = panel.hidden;
  panel.replaceChildren(...(opening && context ? [newForm(context)] : []));
  panel.hidden = !opening;
  button.setAttribute('aria-expanded', String(opening));
  if (opening) panel.querySelector<HTMLInputElement>('input')?.focus();
}

function newForm(ctx: ViewContext): HTMLElement {
  const title = h('input', { name: 'title', 'data-testid': 'documents-new-title', class: 'sch-long-input', maxlength: 300, autocomplete: 'off' });
  const kind = h('select', { name: 'kind', 'data-testid': 'documents-new-kind' }, ...options(KINDS, kindLabel, '', l('f_choose')));
  const tenants = tenantPicker(ctx, 'documents-new');
  const description = h('textarea', { name: 'description', 'data-testid': 'documents-new-description', rows: 2, maxlength: 8000 });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'documents-new-submit' }, l('submit'));
  const message = h('span', { class: 'form-message', 'data-testid': 'documents-new-message', role: 'status' });
  const form = h('form', { class: 'inq-command', 'data-testid': 'documents-new-form', novalidate: true },
    h('fieldset', null,
      h('legend', null, l('new_title')),
      field('title', l('f_title'), title, { required: true }),
      field('kind', l('f_kind'), kind, { required: true }),
      tenantsField(l('f_tenants'), tenants),
      field('description', l('f_description'), description, { wide: true }),
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'by', role: 'alert' }),
      h('div', { class: 'form-actions' }, message, submit,
        h('button', { type: 'button', 'data-testid': 'documents-new-cancel', onclick: toggleNew }, l('close_form')))));
  const state: FormState = { scopes: [form], message, submit, retry: null, describe: problemText };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const chosen = tenants.value();
    void send<ControlledDocument>(state, DOCUMENTS, given({
      title: title.value, kind: kind.value, tenants: chosen.length > 0 ? chosen : undefined, description: description.value.trim() || undefined,
    })).then((d) => {
      if (!d || !root) return;
      toggleNew();
      selectedId = d.id;
      openForm = null;
      saveRoute();
      void loadList();
      void loadDetail(d.id);
      say(root, 'documents-message', l('registered', { title: d.title }), 'ok');
    });
  });
  return form;
}

// ---- the selected document ------------------------------------------------------------------------

const documentPath = (id: string, tail = '') => `${DOCUMENTS}/${encodeURIComponent(id)}${tail}`;

async function loadDetail(id: string, reveal = false): Promise<void> {
  const mine = ++detailGeneration;
  if (!root) return;
  const panel = part(root, '[data-testid="documents-detail"]');
  if (panel.dataset.documentId !== id) {
    panel.dataset.documentId = id;
    delete panel.dataset.version;
    delete panel.dataset.status;
    panel.replaceChildren(h('p', { class: 'muted' }, t('loading')));
  }
  try {
    const d = await getJson<ControlledDocument>(documentPath(id));
    // The meeting it is the minutes of (nothing said if it cannot be read).
    const meeting = d.minutes_of_meeting ? await getJson<Meeting>(`${MEETINGS}/${encodeURIComponent(d.minutes_of_meeting)}`).catch(() => null) : null;
    if (mine !== detailGeneration || !root) return;
    showDetail(d, meeting);
    if (reveal) revealIfHidden(panel);
  } catch (e) {
    if (mine !== detailGeneration || !root) return;
    shown = null;
    const notFound = e instanceof ApiError && e.status === 404;
    panel.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'documents-detail-error' }, notFound ? l('not_found') : problemText(e)));
  }
}

function showDetail(d: ControlledDocument, meeting: Meeting | null): void {
  shown = d;
  const panel = part(root, '[data-testid="documents-detail"]');
  panel.dataset.documentId = d.id;
  panel.dataset.version = String(d.version);
  panel.dataset.status = d.status;
  const fact = (label: string, testid: string, ...value: (Node | string | null)[]) =>
    [h('dt', null, label), h('dd', { 'data-testid': testid }, ...value)];
  const approved = d.approved_version;
  panel.replaceChildren(
    h('header', { class: 'inq-detail-head' },
      h('h2', { 'data-testid': 'documents-detail-title' }, d.title),
      h('div', null, statusBadge(d.status), badge('', kindLabel(d.kind)))),
    h('dl', { class: 'inq-facts' },
      fact(l('fact_kind'), 'documents-detail-kind', kindLabel(d.kind)),
      fact(l('fact_tenants'), 'documents-detail-tenants', d.tenants.map(tenantLabel).join('、') || '—'),
      fact(l('fact_approved'), 'documents-detail-approved', approved && approved.approval
        ? l('approved_line', { v: approved.version, approver: approved.approval.approver })
        : muted(l('none_approved'))),
      fact(l('fact_filing'), 'documents-detail-filing', d.filing
        ? h('span', null, filingText(d.filing), h('span', { class: 'muted' }, ` · ${byAt(d.filing.by, d.filing.at)}`))
        : muted(l('not_filed'))),
      d.minutes_of_meeting
        ? fact(l('fact_minutes_of'), 'documents-detail-minutes-of', meeting
          ? l('meeting_line', { date: dayText(meeting.date), title: meeting.title })
          : h('code', null, d.minutes_of_meeting))
        : null,
      d.description ? fact(l('fact_description'), 'documents-detail-description', h('span', { class: 'pre' }, d.description)) : null,
      fact(l('fact_registered'), 'documents-detail-registered', byAt(d.registered_by, d.registered_at)),
      d.retired
        ? fact(l('fact_retired'), 'documents-detail-retired', d.retired.reason, h('span', { class: 'muted' }, ` · ${byAt(d.retired.by, d.retired.at)}`))
        : null),
    h('h3', null, l('versions_title'), ' ', h('span', { class: 'count', 'data-testid': 'documents-versions-count' }, String(d.versions.length))),
    versionsTable(d),
    h('p', { class: 'download-error', 'data-testid': 'documents-version-download-error', role: 'alert' }),
    h('p', { class: 'form-message', 'data-testid': 'documents-detail-message', role: 'status' }),
    ...[actions(d)].filter((x) => x !== null));
}

function versionsTable(d: ControlledDocument): HTMLElement {
  if (d.versions.length === 0) return h('p', { class: 'muted empty', 'data-testid': 'documents-versions-empty' }, l('versions_none'));
  // The newest first, as the register's 最新版.
  return h('div', { class: 'table-scroll' }, h('table', { class: 'inq-history doc-versions', 'data-testid': 'documents-versions' },
    h('thead', null, h('tr', null,
      h('th', null, l('col_version')), h('th', null, l('col_sha256')), h('th', { class: 'num' }, l('col_size')),
      h('th', null, l('col_file')), h('th', null, l('col_approval')), h('th', null, l('col_content')))),
    h('tbody', null, ...[...d.versions].reverse().map((v) => h('tr', {
      'data-testid': 'documents-version', 'data-version': v.version, 'data-approved': String(v.approval !== null),
      title: v.note || null,
    },
    h('td', { class: 'nowrap', 'data-testid': 'documents-version-name' }, v.version),
    h('td', { class: 'nowrap', 'data-testid': 'documents-version-sha256' }, shortSha(v.sha256)),
    h('td', { class: 'num', 'data-testid': 'documents-version-size' }, sizeText(v.size)),
    h('td', { 'data-testid': 'documents-version-file' }, v.file_name || muted('—')),
    h('td', { 'data-testid': 'documents-version-approval' }, v.approval
      ? h('span', { title: v.approval.note || null }, l('approval_line', { approver: v.approval.approver, at: formatMinute(v.approval.at) }))
      : badge('inq-status-received', l('unapproved'))),
    h('td', { class: 'nowrap' }, v.content_url
      ? h('button', { type: 'button', 'data-testid': 'documents-version-download', onclick: () => void downloadVersion(d, v) }, l('download'))
      : muted(l('kept_outside'))))))));
}

async function downloadVersion(d: ControlledDocument, v: DocumentVersion): Promise<void> {
  const error = part(root, '[data-testid="documents-version-download-error"]');
  error.textContent = '';
  try {
    const blob = await getBlob(v.content_url!);
    saveBlob(blob, v.file_name || `${d.title}-${v.version}`);
  } catch (e) {
    if (root) error.textContent = `${l('download_failed')}: ${problemText(e)}`;
  }
}

// ---- the commands on a document -------------------------------------------------------------------

/** The commands the user may use on the document as it stands (a retired one is only filed). */
function commandsFor(ctx: ViewContext, d: ControlledDocument): DocumentCommand[] {
  const desk = isMaintainer(ctx);
  const side = desk || isAssociationAdmin(ctx);
  if (d.retired) return desk ? ['file'] : [];
  const out: DocumentCommand[] = [];
  if (desk) out.push('add_version');
  if (side && d.versions.some((v) => v.approval === null)) out.push('approve');
  if (desk) out.push('file', 'retire');
  return out;
}

function actions(d: ControlledDocument): HTMLElement | null {
  if (!context) return null;
  const commands = commandsFor(context, d);
  if (openForm && !commands.includes(openForm)) openForm = null;
  if (commands.length === 0) return null;
  return h('div', { class: 'inq-actions chg-actions', 'data-testid': 'documents-actions' },
    h('div', { class: 'chg-command-buttons' }, ...commands.map((command) => h('button', {
      type: 'button', class: command === openForm ? 'primary' : null, 'data-testid': `documents-cmd-${command}`,
      'aria-expanded': String(command === openForm), onclick: () => toggleForm(command),
    }, l(`cmd_${command}`)))),
    openForm ? commandForm(d, openForm) : null);
}

function toggleForm(command: DocumentCommand): void {
  openForm = openForm === command ? null : command;
  if (!shown || !root) return;
  say(root, 'documents-detail-message', '');
  const fresh = actions(shown);
  if (fresh) part(root, '[data-testid="documents-actions"]').replaceWith(fresh);
  part(root, '[data-testid="documents-actions"]').querySelector<HTMLElement>('form input:not([type=radio]), form select, form textarea')?.focus();
}

function commandForm(d: ControlledDocument, command: DocumentCommand): HTMLElement {
  const id = (name: string) => `documents-${command}-${name}`;
  const input = (name: string, attrs: Record<string, string | number | boolean> = {}) =>
    h('input', { name, 'data-testid': id(name), autocomplete: 'off', ...attrs });
  let fields: HTMLElement[] = [];
  // The body to send, or null when the form found a problem itself (shown next to its field).
  let body: (form: HTMLElement) => Promise<Record<string, unknown> | null> = async () => ({});
  switch (command) {
    case 'add_version': {
      const version = input('version', { maxlength: 40, placeholder: '1.0', class: 'chg-short-input' });
      const radio = (value: string, checked: boolean) =>
        h('input', { type: 'radio', name: 'source', value, checked, 'data-testid': id(`source-${value}`) });
      const byFile = radio('file', true);
      const byHash = radio('hash', false);
      const file = input('file', { type: 'file' });
      const sha256 = input('sha256', { maxlength: 64, class: 'doc-sha-input', spellcheck: false });
      const size = input('size', { type: 'number', min: 0, step: 1, inputmode: 'numeric' });
      const fileName = input('file_name', { maxlength: 200 });
      const note = input('note', { maxlength: 4000, class: 'sch-long-input' });
      // The file travels as content_base64: its errors (too large, not base64) go next to it.
      const fileField = field('content_base64', l('f_file'), file, { required: true });
      const hashFields = [
        field('sha256', l('f_sha256'), sha256, { required: true }),
        field('size', l('f_size'), size, { required: true }),
        field('file_name', l('f_file_name'), fileName),
      ];
      const showSource = () => {
        fileField.hidden = !byFile.checked;
        for (const f of hashFields) f.hidden = byFile.checked;
      };
      byFile.addEventListener('change', showSource);
      byHash.addEventListener('change', showSource);
      showSource();
      fields = [
        field('version', l('f_version'), version, { required: true }),
        h('div', { class: 'field wide', role: 'radiogroup', 'data-testid': id('source') },
          h('span', { class: 'field-label' }, l('f_source')),
          h('label', { class: 'check' }, byFile, ' ', l('source_file')),
          h('label', { class: 'check' }, byHash, ' ', l('source_hash'))),
        fileField,
        ...hashFields,
        field('note', l('f_note'), note, { wide: true }),
        h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'media_type', role: 'alert' }),
      ];
      body = async (form) => {
        const common = { version: version.value, note: note.value.trim() || undefined };
        if (!byFile.checked) {
          return given({ ...common, sha256: sha256.value.trim(), size: numberOf(size), file_name: fileName.value.trim() || undefined });
        }
        const chosen = file.files?.[0];
        if (!chosen) {
          fieldError(form, 'content_base64', l('choose_file'));
          return null;
        }
        if (chosen.size > MAX_CONTENT_BYTES) {
          fieldError(form, 'content_base64', l('file_too_large', { n: chosen.size }));
          return null;
        }
        try {
          const bytes = new Uint8Array(await chosen.arrayBuffer());
          return given({ ...common, content_base64: base64Of(bytes), file_name: chosen.name, media_type: chosen.type || undefined });
        } catch {
          fieldError(form, 'content_base64', l('file_unreadable'));
          return null;
        }
      };
      break;
    }
    case 'approve': {
      const waiting = d.versions.filter((v) => v.approval === null).map((v) => v.version);
      const version = h('select', { name: 'version', 'data-testid': id('version') }, ...options(waiting, (v) => v, waiting.at(-1) ?? ''));
      const approver = input('approver', { maxlength: 100, class: 'sch-long-input', placeholder: l('f_approver_placeholder') });
      const note = input('note', { maxlength: 4000, class: 'sch-long-input' });
      fields = [
        field('version', l('f_version'), version, { required: true }),
        field('approver', l('f_approver'), approver, { required: true }),
        field('note', l('f_note'), note),
      ];
      body = async () => given({ version: version.value, approver: approver.value, note: note.value.trim() || undefined });
      break;
    }
    case 'file': {
      const location = h('select', { name: 'location', 'data-testid': id('location') },
        ...options(LOCATIONS, locationLabel, d.filing?.location ?? '', d.filing ? undefined : l('f_choose')));
      const label = input('label', { maxlength: 200, value: d.filing?.label ?? '' });
      const index = input('index', { maxlength: 200, value: d.filing?.index ?? '' });
      fields = [
        field('location', l('f_location'), location, { required: true }),
        field('label', l('f_label'), label, { required: true }),
        field('index', l('f_index'), index),
      ];
      body = async () => given({ location: location.value, label: label.value, index: index.value.trim() || undefined });
      break;
    }
    case 'retire': {
      const reason = h('textarea', { name: 'reason', 'data-testid': id('reason'), rows: 2, maxlength: 4000 });
      fields = [field('reason', l('f_reason'), reason, { required: true, wide: true })];
      body = async () => given({ reason: reason.value });
      break;
    }
  }
  const label = l(`cmd_${command}`);
  const submit = h('button', { type: 'submit', class: command === 'retire' ? 'danger' : 'primary', 'data-testid': id('submit') }, l('submit'));
  const message = h('span', { class: 'form-message', 'data-testid': id('message'), role: 'status' });
  const form = h('form', { class: 'inq-command', 'data-testid': `documents-form-${command}`, novalidate: true },
    h('fieldset', null,
      h('legend', null, label),
      ...fields,
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'by', role: 'alert' }),
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'at', role: 'alert' }),
      h('div', { class: 'form-actions' }, message, submit,
        h('button', { type: 'button', 'data-testid': id('cancel'), onclick: () => toggleForm(command) }, l('close_form')))));
  const state: FormState = { scopes: [form], message, submit, retry: null, describe: problemText };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void (async () => {
      clearErrors(state);
      const sent = await body(form);
      if (!sent) return;
      const answer = await send<ControlledDocument>(state, documentPath(d.id, `/${command}`), sent);
      if (!answer || !root) return;
      openForm = null;
      await loadDetail(answer.id);
      say(root, 'documents-detail-message', l('recorded', { command: label }), 'ok');
      void loadList();
      if (answer.kind === 'minutes') void loadMeetings(); // a meeting's minutes show their approval
    })();
  });
  return form;
}

// ---- 会議と議事録 ----------------------------------------------------------------------------------

function meetingsPanel(ctx: ViewContext): HTMLElement {
  const status = h('select', { 'data-testid': 'documents-meetings-filter-status' }, ...options(MEETING_STATUSES, meetingStatusLabel, meetingStatus, l('all')));
  status.addEventListener('change', () => {
    meetingStatus = status.value;
    void loadMeetings();
  });
  return h('section', { class: 'panel doc-meetings', 'data-testid': 'documents-meetings' },
    h('div', { class: 'sch-panel-head' },
      h('h2', null, l('meetings_title'), ' ', h('span', { class: 'count', 'data-testid': 'documents-meetings-count' })),
      isMaintainer(ctx)
        ? h('button', { type: 'button', class: 'primary', 'data-testid': 'documents-meeting-new', 'aria-expanded': 'false', onclick: toggleMeetingNew }, l('meeting_new'))
        : null),
    h('div', { class: 'inq-controls chg-list-controls' }, h('label', null, h('span', null, l('meetings_status')), status)),
    h('div', { class: 'chg-new', 'data-testid': 'documents-meeting-new-panel', hidden: true }),
    h('p', { class: 'form-message', 'data-testid': 'documents-meetings-message', role: 'status' }),
    h('div', { 'data-testid': 'documents-meetings-list' }, h('p', { class: 'muted' }, t('loading'))),
    h('section', { class: 'chg-ci-detail doc-sub-detail', 'data-testid': 'documents-meeting-detail', hidden: true }));
}

async function loadMeetings(): Promise<void> {
  const mine = ++meetingsGeneration;
  if (!root) return;
  const list = part(root, '[data-testid="documents-meetings-list"]');
  try {
    const page = await getJson<MeetingPage>(MEETINGS, { status: meetingStatus || null, limit: LIMIT });
    if (mine !== meetingsGeneration || !root) return;
    meetings = page.items;
    part(root, '[data-testid="documents-meetings-count"]').textContent = String(meetings.length) + (page.next_cursor ? '+' : '');
    renderMeetings();
  } catch (e) {
    if (mine !== meetingsGeneration || !root) return;
    list.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'documents-meetings-error' }, problemText(e)));
  }
}

function renderMeetings(): void {
  const list = part(root, '[data-testid="documents-meetings-list"]');
  if (meetings.length === 0) {
    list.replaceChildren(h('p', { class: 'muted empty', 'data-testid': 'documents-meetings-empty' }, l('meetings_none')));
  } else {
    list.replaceChildren(h('div', { class: 'table-scroll' },
      h('table', { class: 'inquiries doc-meetings-table' },
        h('thead', null, h('tr', null,
          h('th', null, l('col_date')), h('th', null, l('col_meeting_kind')), h('th', null, l('col_meeting_title')),
          h('th', null, l('col_due')), h('th', null, l('col_status')), h('th', null, l('col_minutes')))),
        h('tbody', null, ...meetings.map(meetingRow)))));
  }
  const detail = part(root, '[data-testid="documents-meeting-detail"]');
  const meeting = meetings.find((m) => m.id === selectedMeeting);
  if (!meeting) {
    detail.hidden = true;
    detail.replaceChildren();
    return;
  }
  showMeeting(meeting);
}

function minutesCell(m: Meeting): (Node | string)[] {
  if (!m.minutes) return [muted('—')];
  const title = m.minutes.title ?? m.minutes.document_id;
  return [
    l('minutes_line', { title, v: m.minutes.document_version }), ' ',
    m.minutes.approval
      ? badge('status-restored', l('minutes_approved'), { 'data-testid': 'documents-minutes-approved', title: byAt(m.minutes.approval.approver, m.minutes.approval.at) })
      : badge('inq-status-received', l('minutes_unapproved'), { 'data-testid': 'documents-minutes-unapproved' }),
    ...(m.minutes.late ? [badge('pat-overdue', l('minutes_late'), { 'data-testid': 'documents-minutes-late' })] : []),
  ];
}

function meetingRow(m: Meeting): HTMLElement {
  const selected = m.id === selectedMeeting;
  const pick = () => selectMeeting(m.id);
  return h('tr', {
    class: `inq-row${selected ? ' selected' : ''}`, 'data-testid': 'documents-meeting-row', 'data-meeting-id': m.id, 'data-status': m.status,
    tabindex: 0, 'aria-selected': String(selected),
    onclick: pick,
    onkeydown: (e: Event) => { if ((e as KeyboardEvent).key === 'Enter') pick(); },
  },
  h('td', { class: 'time', 'data-testid': 'documents-meeting-date' }, dayText(m.date)),
  h('td', { class: 'nowrap', 'data-testid': 'documents-meeting-kind' }, meetingKindLabel(m.kind)),
  h('td', { class: 'subject', 'data-testid': 'documents-meeting-title' }, m.title),
  h('td', { class: 'time', 'data-testid': 'documents-meeting-due' }, formatMinute(m.minutes_due_at)),
  h('td', { class: 'nowrap', 'data-testid': 'documents-meeting-status' },
    badge(MEETING_STATUS_CLASS[m.status] ?? '', meetingStatusLabel(m.status), { 'data-status': m.status })),
  h('td', { 'data-testid': 'documents-meeting-minutes' }, ...minutesCell(m)));
}

function selectMeeting(id: string): void {
  selectedMeeting = id;
  for (const row of root?.querySelectorAll<HTMLElement>('[data-testid="documents-meeting-row"]') ?? []) {
    const on = row.dataset.meetingId === id;
    row.classList.toggle('selected', on);
    row.setAttribute('aria-selected', String(on));
  }
  const meeting = meetings.find((m) => m.id === id);
  if (meeting) showMeeting(meeting);
}

function showMeeting(m: Meeting): void {
  const detail = part(root, '[data-testid="documents-meeting-detail"]');
  detail.hidden = false;
  detail.dataset.meetingId = m.id;
  const fact = (label: string, testid: string, ...value: (Node | string | null)[]) =>
    [h('dt', null, label), h('dd', { 'data-testid': testid }, ...value)];
  const minutes = m.minutes;
  detail.replaceChildren(
    h('div', { class: 'chg-ci-detail-head' },
      h('h3', { 'data-testid': 'documents-meeting-detail-title' }, `${dayText(m.date)} ${m.title}`),
      h('button', { type: 'button', 'data-testid': 'documents-meeting-detail-close', onclick: () => { selectedMeeting = ''; renderMeetings(); } }, l('close_form'))),
    h('dl', { class: 'inq-facts chg-ci-facts' },
      fact(l('meeting_fact_held_at'), 'documents-meeting-detail-held-at', m.held_at),
      fact(l('meeting_fact_attendees'), 'documents-meeting-detail-attendees', m.attendees.join('、')),
      fact(l('meeting_fact_tenants'), 'documents-meeting-detail-tenants', m.tenants.map(tenantLabel).join('、')),
      fact(l('meeting_fact_due'), 'documents-meeting-detail-due', formatMinute(m.minutes_due_at)),
      m.overdue_recorded_at ? fact(l('meeting_fact_overdue'), 'documents-meeting-detail-overdue', formatMinute(m.overdue_recorded_at)) : null,
      fact(l('meeting_fact_minutes'), 'documents-meeting-detail-minutes', minutes
        ? h('span', null, ...minutesCell(m), ' ',
          h('button', { type: 'button', class: 'link', 'data-testid': 'documents-meeting-open-minutes', onclick: () => select(minutes.document_id) }, l('open_document')),
          h('div', { class: 'meta muted' }, byAt(minutes.by, minutes.at)))
        : muted(l('minutes_none'))),
      fact(l('meeting_fact_recorded'), 'documents-meeting-detail-recorded', byAt(m.recorded_by, m.recorded_at))),
    ...(context && isMaintainer(context) && !minutes ? [minutesForm(m)] : []));
}

/** 議事録を登録: a version of a document of kind minutes (the register's, read when the form opens). */
function minutesForm(m: Meeting): HTMLElement {
  const id = (name: string) => `documents-minutes-${name}`;
  const documentSelect = h('select', { name: 'document_id', 'data-testid': id('document_id') }, h('option', { value: '' }, t('loading')));
  const version = h('input', { name: 'document_version', 'data-testid': id('document_version'), maxlength: 40, class: 'chg-short-input', autocomplete: 'off' });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': id('submit') }, l('submit'));
  const message = h('span', { class: 'form-message', 'data-testid': id('message'), role: 'status' });
  const form = h('form', { class: 'inq-command', 'data-testid': 'documents-minutes-form', novalidate: true },
    h('fieldset', null,
      h('legend', null, l('minutes_form_title')),
      field('document_id', l('f_minutes_document'), documentSelect, { required: true }),
      field('document_version', l('f_document_version'), version, { required: true }),
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'by', role: 'alert' }),
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'at', role: 'alert' }),
      h('div', { class: 'form-actions' }, message, submit)));
  let latest = new Map<string, string>();
  void getJson<DocumentPage>(DOCUMENTS, { kind: 'minutes', limit: LIMIT }).then((page) => {
    const usable = page.items.filter((d) => d.status !== 'retired');
    latest = new Map(usable.map((d) => [d.id, d.latest_version ?? '']));
    documentSelect.replaceChildren(...options(usable.map((d) => d.id), (v) => {
      const d = usable.find((x) => x.id === v)!;
      return d.latest_version ? `${d.title}（${d.latest_version}）` : d.title;
    }, '', l('f_choose')));
    if (usable.length === 0) message.textContent = l('minutes_no_documents');
  }, (e: unknown) => {
    message.textContent = problemText(e);
    message.className = 'form-message error';
  });
  documentSelect.addEventListener('change', () => { version.value = latest.get(documentSelect.value) ?? ''; });
  const state: FormState = { scopes: [form], message, submit, retry: null, describe: problemText };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void send<Meeting>(state, `${MEETINGS}/${encodeURIComponent(m.id)}/record_minutes`, given({
      document_id: documentSelect.value, document_version: version.value.trim(),
    })).then((answer) => {
      if (!answer || !root) return;
      void loadMeetings().then(() => say(root, 'documents-meetings-message', l('minutes_recorded'), 'ok'));
      if (selectedId === answer.minutes?.document_id) void loadDetail(selectedId);
    });
  });
  return form;
}

function toggleMeetingNew(): void {
  const panel = part(root, '[data-testid="documents-meeting-new-panel"]');
  const button = part(root, '[data-testid="documents-meeting-new"]');
  const opening = panel.hidden;
  panel.replaceChildren(...(opening && context ? [meetingForm(context)] : []));
  panel.hidden = !opening;
  button.setAttribute('aria-expanded', String(opening));
  if (opening) panel.querySelector<HTMLInputElement>('input')?.focus();
}

function meetingForm(ctx: ViewContext): HTMLElement {
  const id = (name: string) => `documents-meeting-new-${name}`;
  const input = (name: string, attrs: Record<string, string | number | boolean> = {}) =>
    h('input', { name, 'data-testid': id(name), autocomplete: 'off', ...attrs });
  const date = input('date', { type: 'date' });
  const heldAt = input('held_at', { maxlength: 200 });
  const kind = h('select', { name: 'kind', 'data-testid': id('kind') }, ...options(MEETING_KINDS, meetingKindLabel, '', l('f_choose')));
  const title = input('title', { maxlength: 300, class: 'sch-long-input' });
  const attendees = input('attendees', { maxlength: 4000, class: 'sch-long-input' });
  const tenants = tenantPicker(ctx, 'documents-meeting-new');
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': id('submit') }, l('submit'));
  const message = h('span', { class: 'form-message', 'data-testid': id('message'), role: 'status' });
  const form = h('form', { class: 'inq-command', 'data-testid': 'documents-meeting-form', novalidate: true },
    h('fieldset', null,
      h('legend', null, l('meeting_new_title')),
      field('date', l('f_date'), date, { required: true }),
      field('held_at', l('f_held_at'), heldAt, { required: true }),
      field('kind', l('f_meeting_kind'), kind, { required: true }),
      field('title', l('f_meeting_title'), title, { required: true }),
      field('attendees', l('f_attendees'), attendees, { required: true, wide: true }),
      tenantsField(l('f_tenants'), tenants),
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'by', role: 'alert' }),
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'at', role: 'alert' }),
      h('div', { class: 'form-actions' }, message, submit,
        h('button', { type: 'button', 'data-testid': id('cancel'), onclick: toggleMeetingNew }, l('close_form')))));
  const state: FormState = { scopes: [form], message, submit, retry: null, describe: problemText };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const names = namesOf(attendees.value);
    const chosen = tenants.value();
    void send<Meeting>(state, MEETINGS, given({
      date: date.value, held_at: heldAt.value, kind: kind.value, title: title.value,
      attendees: names.length > 0 ? names : undefined, tenants: chosen.length > 0 ? chosen : undefined,
    })).then((m) => {
      if (!m || !root) return;
      toggleMeetingNew();
      selectedMeeting = m.id;
      void loadMeetings();
      say(root, 'documents-meetings-message', l('meeting_recorded', { title: m.title, due: formatMinute(m.minutes_due_at) }), 'ok');
    });
  });
  return form;
}

// ---- 払い出し --------------------------------------------------------------------------------------

function checkoutsPanel(ctx: ViewContext): HTMLElement {
  const status = h('select', { 'data-testid': 'documents-checkouts-filter-status' }, ...options(CHECKOUT_STATUSES, checkoutStatusLabel, '', l('all')));
  const consistency = h('select', { 'data-testid': 'documents-checkouts-filter-consistency' }, ...options(CONSISTENCIES, consistencyLabel, '', l('all')));
  const apply = () => {
    checkoutFilters = { status: status.value, consistency: consistency.value };
    void loadCheckouts();
  };
  status.addEventListener('change', apply);
  consistency.addEventListener('change', apply);
  return h('section', { class: 'panel doc-checkouts', 'data-testid': 'documents-checkouts' },
    h('div', { class: 'sch-panel-head' },
      h('h2', null, l('checkouts_title'), ' ', h('span', { class: 'count', 'data-testid': 'documents-checkouts-count' })),
      isMaintainer(ctx)
        ? h('button', { type: 'button', class: 'primary', 'data-testid': 'documents-checkout-new', 'aria-expanded': 'false', onclick: toggleCheckoutNew }, l('checkout_new'))
        : null),
    h('div', { class: 'inq-controls chg-list-controls' },
      h('label', null, h('span', null, l('f_checkout_status')), status),
      h('label', null, h('span', null, l('f_consistency')), consistency)),
    h('div', { class: 'chg-new', 'data-testid': 'documents-checkout-new-panel', hidden: true }),
    h('p', { class: 'form-message', 'data-testid': 'documents-checkouts-message', role: 'status' }),
    h('div', { 'data-testid': 'documents-checkouts-list' }, h('p', { class: 'muted' }, t('loading'))),
    h('section', { class: 'chg-ci-detail doc-sub-detail', 'data-testid': 'documents-checkout-detail', hidden: true }));
}

async function loadCheckouts(): Promise<void> {
  const mine = ++checkoutsGeneration;
  if (!root) return;
  const list = part(root, '[data-testid="documents-checkouts-list"]');
  try {
    const page = await getJson<CheckoutPage>(CHECKOUTS, {
      status: checkoutFilters.status || null, consistency: checkoutFilters.consistency || null, limit: LIMIT,
    });
    if (mine !== checkoutsGeneration || !root) return;
    checkouts = page.items;
    part(root, '[data-testid="documents-checkouts-count"]').textContent = String(checkouts.length) + (page.next_cursor ? '+' : '');
    renderCheckouts();
  } catch (e) {
    if (mine !== checkoutsGeneration || !root) return;
    list.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'documents-checkouts-error' }, problemText(e)));
  }
}

function renderCheckouts(): void {
  const list = part(root, '[data-testid="documents-checkouts-list"]');
  if (checkouts.length === 0) {
    list.replaceChildren(h('p', { class: 'muted empty', 'data-testid': 'documents-checkouts-empty' }, l('checkouts_none')));
    return;
  }
  list.replaceChildren(h('div', { class: 'table-scroll' },
    h('table', { class: 'inquiries doc-checkouts-table' },
      h('thead', null, h('tr', null,
        h('th', null, l('col_asset')), h('th', null, l('col_recipient')), h('th', null, l('col_purpose')),
        h('th', null, l('col_due_back')), h('th', null, l('col_checkout_status')), h('th', null, l('col_consistency')))),
      h('tbody', null, ...checkouts.map(checkoutRow)))));
}

/** The asset handed out: an item's code (its name beside), or a document's title and version. */
function assetText(c: CheckoutSummary): HTMLElement {
  if (c.asset_kind === 'document') {
    return h('span', null, l('asset_document', { title: c.asset.title ?? c.asset.document_id ?? '', v: c.asset.document_version ?? '' }));
  }
  return h('span', null, h('code', null, c.asset.code ?? c.asset.configuration_item_id ?? ''), c.asset.name ? muted(` ${c.asset.name}`) : null);
}

const consistencyBadge = (s: string) => badge(CONSISTENCY_CLASS[s] ?? '', consistencyLabel(s), { 'data-consistency': s });

function checkoutRow(c: CheckoutSummary): HTMLElement {
  const selected = c.id === selectedCheckout;
  const pick = () => selectCheckout(c.id);
  return h('tr', {
    class: `inq-row${selected ? ' selected' : ''}${c.overdue_back ? ' pat-overdue-row' : ''}`, 'data-testid': 'documents-checkout-row',
    'data-checkout-id': c.id, 'data-status': c.status, 'data-consistency': c.consistency, 'data-overdue': String(c.overdue_back),
    tabindex: 0, 'aria-selected': String(selected),
    onclick: pick,
    onkeydown: (e: Event) => { if ((e as KeyboardEvent).key === 'Enter') pick(); },
  },
  h('td', { 'data-testid': 'documents-checkout-asset' }, assetText(c)),
  h('td', { 'data-testid': 'documents-checkout-recipient' }, c.recipient),
  h('td', { class: 'subject', 'data-testid': 'documents-checkout-purpose' }, c.purpose),
  h('td', { class: 'time', 'data-testid': 'documents-checkout-due' }, c.due_back ? dayText(c.due_back) : '—',
    c.overdue_back ? badge('pat-overdue', l('overdue_back'), { 'data-testid': 'documents-checkout-overdue' }) : null),
  h('td', { class: 'nowrap', 'data-testid': 'documents-checkout-status' },
    badge(CHECKOUT_STATUS_CLASS[c.status] ?? '', checkoutStatusLabel(c.status), { 'data-status': c.status })),
  h('td', { class: 'nowrap', 'data-testid': 'documents-checkout-consistency' }, consistencyBadge(c.consistency)));
}

function selectCheckout(id: string): void {
  selectedCheckout = id;
  checkoutForm = null;
  for (const row of root?.querySelectorAll<HTMLElement>('[data-testid="documents-checkout-row"]') ?? []) {
    const on = row.dataset.checkoutId === id;
    row.classList.toggle('selected', on);
    row.setAttribute('aria-selected', String(on));
  }
  void loadCheckout(id);
}

const checkoutPath = (id: string, tail = '') => `${CHECKOUTS}/${encodeURIComponent(id)}${tail}`;

async function loadCheckout(id: string): Promise<void> {
  const mine = ++checkoutGeneration;
  if (!root) return;
  const detail = part(root, '[data-testid="documents-checkout-detail"]');
  detail.hidden = false;
  if (detail.dataset.checkoutId !== id) {
    detail.dataset.checkoutId = id;
    delete detail.dataset.version;
    detail.replaceChildren(h('p', { class: 'muted' }, t('loading')));
  }
  try {
    const c = await getJson<Checkout>(checkoutPath(id));
    if (mine !== checkoutGeneration || !root) return;
    showCheckout(c);
    revealIfHidden(detail);
  } catch (e) {
    if (mine !== checkoutGeneration || !root) return;
    detail.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'documents-checkout-error' }, problemText(e)));
  }
}

function showCheckout(c: Checkout): void {
  const detail = part(root, '[data-testid="documents-checkout-detail"]');
  detail.dataset.checkoutId = c.id;
  detail.dataset.version = String(c.version);
  detail.dataset.status = c.status;
  detail.dataset.consistency = c.consistency;
  const fact = (label: string, testid: string, ...value: (Node | string | null)[]) =>
    [h('dt', null, label), h('dd', { 'data-testid': testid }, ...value)];
  detail.replaceChildren(
    h('div', { class: 'chg-ci-detail-head' },
      h('h3', { 'data-testid': 'documents-checkout-detail-title' }, assetText(c)),
      h('div', null,
        badge(CHECKOUT_STATUS_CLASS[c.status] ?? '', checkoutStatusLabel(c.status)), consistencyBadge(c.consistency),
        h('button', { type: 'button', 'data-testid': 'documents-checkout-detail-close', onclick: closeCheckout }, l('close_form')))),
    h('dl', { class: 'inq-facts chg-ci-facts' },
      fact(l('checkout_fact_recipient'), 'documents-checkout-detail-recipient', c.recipient),
      fact(l('checkout_fact_purpose'), 'documents-checkout-detail-purpose', h('span', { class: 'pre' }, c.purpose)),
      fact(l('checkout_fact_due_back'), 'documents-checkout-detail-due', c.due_back ? dayText(c.due_back) : '—',
        c.overdue_back ? badge('pat-overdue', l('overdue_back')) : null),
      fact(l('checkout_fact_out'), 'documents-checkout-detail-out', byAt(c.checked_out_by, c.checked_out_at)),
      c.returned
        ? fact(l('checkout_fact_returned'), 'documents-checkout-detail-returned', byAt(c.returned.by, c.returned.at), c.returned.note ? `（${c.returned.note}）` : '')
        : null,
      fact(l('checkout_fact_tenants'), 'documents-checkout-detail-tenants', tenantsText(c.tenants))),
    h('h4', null, l('master_title'), ' ', h('span', { class: 'count' }, String(c.master.length))),
    c.master.length === 0
      ? h('p', { class: 'muted empty', 'data-testid': 'documents-checkout-master-empty' }, l('master_none'))
      : h('div', { class: 'table-scroll' }, h('table', { class: 'inq-history doc-files', 'data-testid': 'documents-checkout-master' },
        h('thead', null, h('tr', null, h('th', null, l('col_name')), h('th', null, l('col_sha256')))),
        h('tbody', null, ...c.master.map((f) => h('tr', { 'data-testid': 'documents-checkout-master-file', 'data-name': f.name },
          h('td', null, f.name), h('td', { class: 'nowrap' }, shortSha(f.sha256))))))),
    h('h4', null, l('checks_title'), ' ', h('span', { class: 'count', 'data-testid': 'documents-checkout-checks-count' }, String(c.checks.length))),
    c.checks.length === 0
      ? h('p', { class: 'muted empty', 'data-testid': 'documents-checkout-checks-empty' }, l('checks_none'))
      : h('ol', { class: 'doc-checks', 'data-testid': 'documents-checkout-checks' }, ...[...c.checks].reverse().map(checkItem)),
    h('p', { class: 'form-message', 'data-testid': 'documents-checkout-message', role: 'status' }),
    ...[checkoutActions(c)].filter((x) => x !== null));
}

/** A check, the newest first: its result, when and by whom, and each difference from the master. */
function checkItem(check: ConsistencyCheck): HTMLElement {
  return h('li', { 'data-testid': 'documents-checkout-check', 'data-result': check.result },
    h('div', null, consistencyBadge(check.result), ' ', h('span', { class: 'muted' }, byAt(check.by, check.at)), check.note ? `（${check.note}）` : ''),
    check.differences.length === 0
      ? h('p', { class: 'muted', 'data-testid': 'documents-checkout-no-differences' }, l('no_differences'))
      : h('div', { class: 'table-scroll' }, h('table', { class: 'inq-history doc-files', 'data-testid': 'documents-checkout-differences' },
        h('thead', null, h('tr', null,
          h('th', null, l('col_name')), h('th', null, l('col_change')), h('th', null, l('col_master_sha256')), h('th', null, l('col_found_sha256')))),
        h('tbody', null, ...check.differences.map((d) => h('tr', { 'data-testid': 'documents-checkout-difference', 'data-name': d.name, 'data-change': d.change },
          h('td', { 'data-testid': 'documents-checkout-difference-name' }, d.name),
          h('td', { class: 'nowrap', 'data-testid': 'documents-checkout-difference-change' }, badge(CHANGE_CLASS[d.change] ?? '', changeLabel(d.change))),
          h('td', { class: 'nowrap' }, shortSha(d.master_sha256)),
          h('td', { class: 'nowrap' }, shortSha(d.found_sha256))))))));
}

function closeCheckout(): void {
  selectedCheckout = '';
  checkoutForm = null;
  checkoutGeneration += 1;
  const detail = part(root, '[data-testid="documents-checkout-detail"]');
  detail.hidden = true;
  detail.replaceChildren();
  delete detail.dataset.checkoutId;
  renderCheckouts();
}

function checkoutCommandsFor(ctx: ViewContext, c: Checkout): CheckoutCommand[] {
  if (!isMaintainer(ctx)) return [];
  const out: CheckoutCommand[] = [];
  if (c.status === 'out') out.push('return');
  if (c.master.length > 0) out.push('check_consistency');
  return out;
}

function checkoutActions(c: Checkout): HTMLElement | null {
  if (!context) return null;
  const commands = checkoutCommandsFor(context, c);
  if (checkoutForm && !commands.includes(checkoutForm)) checkoutForm = null;
  if (commands.length === 0) return null;
  const toggle = (command: CheckoutCommand) => {
    checkoutForm = checkoutForm === command ? null : command;
    say(root, 'documents-checkout-message', '');
    const fresh = checkoutActions(c);
    if (fresh) part(root, '[data-testid="documents-checkout-actions"]').replaceWith(fresh);
    part(root, '[data-testid="documents-checkout-actions"]').querySelector<HTMLElement>('form input, form textarea')?.focus();
  };
  return h('div', { class: 'inq-actions chg-actions', 'data-testid': 'documents-checkout-actions' },
    h('div', { class: 'chg-command-buttons' }, ...commands.map((command) => h('button', {
      type: 'button', class: command === checkoutForm ? 'primary' : null, 'data-testid': `documents-cmd-${command}`,
      'aria-expanded': String(command === checkoutForm), onclick: () => toggle(command),
    }, l(`cmd_${command}`)))),
    checkoutForm ? checkoutCommandForm(c, checkoutForm, () => toggle(checkoutForm!)) : null);
}

function checkoutCommandForm(c: Checkout, command: CheckoutCommand, close: () => void): HTMLElement {
  const id = (name: string) => `documents-${command}-${name}`;
  const note = h('input', { name: 'note', 'data-testid': id('note'), maxlength: 4000, class: 'sch-long-input', autocomplete: 'off' });
  const found = h('textarea', { name: 'found', 'data-testid': id('found'), rows: 4, class: 'doc-files-input', spellcheck: false });
  const fields = command === 'check_consistency'
    ? [field('found', l('f_found'), found, { required: true, wide: true }), field('note', l('f_note'), note, { wide: true })]
    : [field('note', l('f_note'), note, { wide: true })];
  const label = l(`cmd_${command}`);
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': id('submit') }, l('submit'));
  const message = h('span', { class: 'form-message', 'data-testid': id('message'), role: 'status' });
  const form = h('form', { class: 'inq-command', 'data-testid': `documents-form-${command}`, novalidate: true },
    h('fieldset', null,
      h('legend', null, label),
      ...fields,
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'by', role: 'alert' }),
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'at', role: 'alert' }),
      h('div', { class: 'form-actions' }, message, submit,
        h('button', { type: 'button', 'data-testid': id('cancel'), onclick: close }, l('close_form')))));
  const state: FormState = { scopes: [form], message, submit, retry: null, describe: problemText };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const files = filesOf(found.value);
    const body = command === 'check_consistency'
      ? given({ found: files.length > 0 ? files : undefined, note: note.value.trim() || undefined })
      : given({ note: note.value.trim() || undefined });
    void send<Checkout>(state, checkoutPath(c.id, `/${command}`), body).then(async (answer) => {
      if (!answer || !root) return;
      checkoutForm = null;
      await loadCheckout(answer.id);
      say(root, 'documents-checkout-message', l('recorded', { command: label }), 'ok');
      void loadCheckouts();
    });
  });
  return form;
}

function toggleCheckoutNew(): void {
  const panel = part(root, '[data-testid="documents-checkout-new-panel"]');
  const button = part(root, '[data-testid="documents-checkout-new"]');
  const opening = panel.hidden;
  panel.replaceChildren(...(opening ? [checkoutNewForm()] : []));
  panel.hidden = !opening;
  button.setAttribute('aria-expanded', String(opening));
  if (opening) panel.querySelector<HTMLSelectElement>('select')?.focus();
}

/** 払い出し: a configuration item (its code and master files) or a document's version (its own hash is the master). */
function checkoutNewForm(): HTMLElement {
  const id = (name: string) => `documents-checkout-new-${name}`;
  const input = (name: string, attrs: Record<string, string | number | boolean> = {}) =>
    h('input', { name, 'data-testid': id(name), autocomplete: 'off', ...attrs });
  const kind = h('select', { name: 'asset_kind', 'data-testid': id('asset_kind') },
    ...options(['configuration_item', 'document'], (k) => or(`asset_kind_${k}`, k), 'configuration_item'));
  const item = input('configuration_item', { maxlength: 64, placeholder: 'sw-kyosai' });
  const documentSelect = h('select', { name: 'document_id', 'data-testid': id('document_id') }, h('option', { value: '' }, t('loading')));
  const version = input('document_version', { maxlength: 40, class: 'chg-short-input' });
  const recipient = input('recipient', { maxlength: 200 });
  const purpose = input('purpose', { maxlength: 4000, class: 'sch-long-input' });
  const dueBack = input('due_back', { type: 'date' });
  const master = h('textarea', { name: 'master', 'data-testid': id('master'), rows: 4, class: 'doc-files-input', spellcheck: false });
  const itemFields = [field('configuration_item', l('f_configuration_item'), item, { required: true }), field('master', l('f_master'), master, { wide: true })];
  const documentFields = [field('document_id', l('f_document'), documentSelect, { required: true }), field('document_version', l('f_document_version'), version, { required: true })];
  const showKind = () => {
    for (const f of itemFields) f.hidden = kind.value !== 'configuration_item';
    for (const f of documentFields) f.hidden = kind.value !== 'document';
  };
  kind.addEventListener('change', showKind);
  showKind();
  let latest = new Map<string, string>();
  void getJson<DocumentPage>(DOCUMENTS, { limit: LIMIT }).then((page) => {
    const usable = page.items.filter((d) => d.status !== 'retired' && d.latest_version);
    latest = new Map(usable.map((d) => [d.id, d.latest_version ?? '']));
    documentSelect.replaceChildren(...options(usable.map((d) => d.id), (v) => usable.find((x) => x.id === v)!.title, '', l('f_choose')));
  }, () => documentSelect.replaceChildren(h('option', { value: '' }, '—')));
  documentSelect.addEventListener('change', () => { version.value = latest.get(documentSelect.value) ?? ''; });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': id('submit') }, l('submit'));
  const message = h('span', { class: 'form-message', 'data-testid': id('message'), role: 'status' });
  const form = h('form', { class: 'inq-command', 'data-testid': 'documents-checkout-form', novalidate: true },
    h('fieldset', null,
      h('legend', null, l('checkout_new_title')),
      field('asset_kind', l('f_asset_kind'), kind),
      ...itemFields.slice(0, 1), ...documentFields,
      field('recipient', l('f_recipient'), recipient, { required: true }),
      field('purpose', l('f_purpose'), purpose, { required: true }),
      field('due_back', l('f_due_back'), dueBack),
      itemFields[1]!,
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'by', role: 'alert' }),
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'at', role: 'alert' }),
      h('div', { class: 'form-actions' }, message, submit,
        h('button', { type: 'button', 'data-testid': id('cancel'), onclick: toggleCheckoutNew }, l('close_form')))));
  const state: FormState = { scopes: [form], message, submit, retry: null, describe: problemText };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const files = filesOf(master.value);
    const asset = kind.value === 'document'
      ? { asset_kind: 'document', document_id: documentSelect.value, document_version: version.value.trim() }
      : { asset_kind: 'configuration_item', configuration_item: item.value.trim(), master: files.length > 0 ? files : undefined };
    void send<Checkout>(state, CHECKOUTS, given({
      ...asset, recipient: recipient.value, purpose: purpose.value, due_back: dueBack.value,
    })).then((c) => {
      if (!c || !root) return;
      toggleCheckoutNew();
      selectedCheckout = c.id;
      checkoutForm = null;
      void loadCheckouts();
      void loadCheckout(c.id);
      say(root, 'documents-checkouts-message', l('checked_out', { asset: assetText(c).textContent ?? '' }), 'ok');
    });
  });
  return form;
}
