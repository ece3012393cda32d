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
// - 会議と議事録 (documents-meetings.ts): the meetings (filtered by the minutes' status) with their
//   議事録期限 (the end of the second business day after, 18:00) and minutes; 会議を記録 and, on a
//   selected meeting, 議事録を登録 (a version of a minutes document) for maintainers.
// - 払い出し (documents-checkouts.ts): the check-outs (filtered by status and consistency) with
//   their 返却予定; the selected one's master files and consistency checks with each difference;
//   払い出し, 返却 and 整合性チェック for maintainers.
// - What the three files share (routes, labels, refusals in words, badges): documents-shared.ts.
//
// Everything comes from the changes service's routes (services/changes/api/document_routes.cpp,
// meeting_routes.cpp, checkout_routes.cpp): GET /v1/documents (JSON and format=xlsx), GET
// /v1/documents/{id}, GET …/versions/{version}/content, POST /v1/documents and POST
// /v1/documents/{id}/{add_version|approve|file|retire}; GET /v1/meetings, GET /v1/meetings/{id},
// POST /v1/meetings and POST …/{id}/record_minutes; GET /v1/checkouts, GET /v1/checkouts/{id},
// POST /v1/checkouts and POST …/{id}/{return|check_consistency}. The server decides what each
// association sees (what concerns it) and may do; the view leaves out what the role cannot use.
import { ApiError, getBlob, getJson } from '../api/client';
import type { ControlledDocument, DocumentFiling, DocumentPage, DocumentSummary, DocumentVersion, Meeting } from '../api/types';
import { h, saveBlob } from '../dom';
import { formatMinute } from '../format/time';
import { t } from '../i18n';
import { dayText } from './changes-evm';
import { checkoutsPanel, disposeCheckouts, loadCheckouts } from './documents-checkouts';
import { disposeMeetings, loadMeetings, meetingsPanel } from './documents-meetings';
import {
  DOCUMENTS, LIMIT, MEETINGS, SHARED_LABELS, badge, byAt, fact, isMaintainer, muted, problemText, revealIfHidden, shortSha,
} from './documents-shared';
import {
  clearErrors, field, given, numberOf, options, part, pickable, say, send, tenantLabel, tenantOptions, tenantPicker, tenantsField,
  type FormState,
} from './forms';
import { labeller } from './labels';
import type { View, ViewContext } from './types';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_CONTENT_BYTES = 512 * 1024; // the most a version carries (larger files: SHA-256 and size)
const KINDS = ['procedure', 'design', 'manual', 'report', 'test_plan', 'minutes'] as const;
const STATUSES = ['draft', 'in_review', 'approved', 'retired'] as const;
const LOCATIONS = ['shelf', 'fireproof_safe', 'electronic'] as const;

type DocumentCommand = 'add_version' | 'approve' | 'file' | 'retire';

// ---- labels -----------------------------------------------------------------------------------

const { l, or } = labeller({
  ...SHARED_LABELS,
  register_title: ['原本管理台帳', 'Document register'],
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
  meeting_line: ['{date} {title}', '{date} {title}'],
  versions_title: ['版', 'Versions'],
  versions_none: ['版はまだありません（版を追加してください）', 'No version yet (add one)'],
  col_version: ['版', 'Version'],
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
  registered: ['文書を登録しました：{title}', 'Registered: {title}'],
  new_title: ['文書を登録', 'Register a document'],
  f_title: ['文書名', 'Title'],
  f_description: ['内容（任意）', 'Description (optional)'],
  f_version: ['版', 'Version'],
  f_source: ['ファイル', 'File'],
  source_file: ['ファイルを添付（512KB まで）', 'Attach the file (up to 512 KB)'],
  source_hash: ['SHA-256 とサイズで登録（原本は opsdesk 外）', 'Give its SHA-256 and size (kept outside)'],
  f_file: ['ファイル', 'File'],
  f_sha256: ['SHA-256（16進64桁）', 'SHA-256 (64 hex digits)'],
  f_size: ['サイズ（バイト）', 'Size (bytes)'],
  f_file_name: ['ファイル名（任意）', 'File name (optional)'],
  f_approver: ['承認者（組合側の氏名）', "Approved by (the association's person)"],
  f_approver_placeholder: ['例: 総務省共済組合 佐藤', 'e.g. 総務省共済組合 佐藤'],
  f_location: ['保管場所', 'Location'],
  f_label: ['ラベル', 'Label'],
  f_index: ['索引（棚・番号など、任意）', 'Index (shelf, number…; optional)'],
  f_reason: ['廃止の理由', 'Reason'],
  choose_file: ['ファイルを選んでください', 'Choose a file'],
  file_too_large: ['{n} バイトのファイルは添付できません（512KB まで）。SHA-256 とサイズで登録してください', 'A file of {n} bytes cannot travel with the version (512 KB at most): give its SHA-256 and size'],
  file_unreadable: ['ファイルを読み込めません', 'The file could not be read'],
});

const kindLabel = (k: string) => or(`kind_${k}`, k);
const statusLabel = (s: string) => or(`status_${s}`, s);
const locationLabel = (s: string) => or(`location_${s}`, s);

const STATUS_CLASS: Record<string, string> = {
  draft: 'class-none', in_review: 'inq-status-received', approved: 'status-restored', retired: 'permitted',
};

// ---- state --------------------------------------------------------------------------------------

let root: HTMLElement | null = null;
let context: ViewContext | null = null;
let filters = { kind: '', status: '', tenant: '', q: '' };
let selectedId = '';
let documents: DocumentSummary[] = [];
let nextCursor: string | null = null;
let shown: ControlledDocument | null = null;
let openForm: DocumentCommand | null = null;
let listGeneration = 0;
let detailGeneration = 0;

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
      meetingsPanel(ctx, { open: select, minutesRecorded }),
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
    disposeMeetings();
    disposeCheckouts();
    root = null;
    context = null;
  },
};

// ---- roles, the route, small helpers ------------------------------------------------------------

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

const statusBadge = (s: string) => badge(STATUS_CLASS[s] ?? '', statusLabel(s), { 'data-testid': 'documents-status', 'data-status': s });

/** `1.2 KB` (the exact bytes in the title). */
function sizeText(n: number): HTMLElement {
  const text = n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
  return h('span', { title: l('bytes', { n: n.toLocaleString('en-US') }) }, text);
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

/** The meetings panel recorded minutes with this document: the detail shows them if it is the one selected. */
function minutesRecorded(documentId: string | undefined): void {
  if (selectedId === documentId) void loadDetail(selectedId);
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
