// 払い出し, a panel of the documents view (#/documents): the assets handed out to vendors (a
// configuration item with its master files, or a document's version), filtered by status and
// consistency, with 返却予定 and 返却期限超過; the selected one's facts, its master files and its
// consistency checks with each difference from the master (変更, 欠落, 追加); for maintainers
// 払い出し, 返却 and 整合性チェック.
//
// From the changes service's routes (services/changes/api/checkout_routes.cpp): GET /v1/checkouts,
// GET /v1/checkouts/{id}, POST /v1/checkouts and POST /v1/checkouts/{id}/{return|check_consistency}
// (and GET /v1/documents for the form's documents). The view (documents.ts) builds the panel with
// checkoutsPanel(), loads it with loadCheckouts() and ends it with disposeCheckouts().
import { getJson } from '../api/client';
import type { Checkout, CheckoutPage, CheckoutSummary, ConsistencyCheck, DocumentPage } from '../api/types';
import { h } from '../dom';
import { t } from '../i18n';
import { dayText } from './changes-evm';
import {
  DOCUMENTS, LIMIT, SHARED_LABELS, badge, byAt, fact, isMaintainer, muted, problemText, revealIfHidden, shortSha,
} from './documents-shared';
import { field, given, options, part, say, send, tenantsText, type FormState } from './forms';
import { labeller } from './labels';
import type { ViewContext } from './types';

const CHECKOUTS = '/v1/checkouts';
const CHECKOUT_STATUSES = ['out', 'returned'] as const;
const CONSISTENCIES = ['consistent', 'differs', 'unchecked'] as const;

type CheckoutCommand = 'return' | 'check_consistency';

// ---- labels -----------------------------------------------------------------------------------

const { l, or } = labeller({
  ...SHARED_LABELS,
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
  f_recipient: ['払出先', 'Recipient'],
  f_purpose: ['目的', 'Purpose'],
  f_due_back: ['返却予定日（任意）', 'Due back (optional)'],
  f_master: ['マスタのファイル（1行に「ファイル名 SHA-256」）', 'Master files (one per line: "name sha256")'],
  f_found: ['確認したファイル（1行に「ファイル名 SHA-256」。マスタが1ファイルならファイル名は省略可）', 'Files found (one per line: "name sha256"; the name may be left out for a one-file master)'],
  checked_out: ['払い出しを記録しました：{asset}', 'Checked out: {asset}'],
});

const checkoutStatusLabel = (s: string) => or(`cstatus_${s}`, s);
const consistencyLabel = (s: string) => or(`consistency_${s}`, s);
const changeLabel = (s: string) => or(`change_${s}`, s);

const CHECKOUT_STATUS_CLASS: Record<string, string> = { out: 'inq-status-in_progress', returned: 'status-restored' };
const CONSISTENCY_CLASS: Record<string, string> = { consistent: 'status-restored', differs: 'against', unchecked: 'class-none' };
const CHANGE_CLASS: Record<string, string> = { changed: 'inq-status-received', missing: 'against', added: 'inq-status-in_progress' };

/** Lines `name sha256` (the name may hold spaces; a line with one word is a SHA-256 alone). */
function filesOf(text: string): { name?: string; sha256: string }[] {
  return text.split('\n').map((line) => line.trim()).filter((line) => line !== '').map((line) => {
    const m = /^(.*\S)\s+(\S+)$/.exec(line);
    return m ? { name: m[1]!, sha256: m[2]! } : { sha256: line };
  });
}

// ---- state --------------------------------------------------------------------------------------

let section: HTMLElement | null = null; // the panel, while the view is shown
let context: ViewContext | null = null;
let checkoutFilters = { status: '', consistency: '' };
let checkouts: CheckoutSummary[] = [];
let selectedCheckout = '';
let checkoutForm: CheckoutCommand | null = null;
let checkoutsGeneration = 0;
let checkoutGeneration = 0;

/** Ends what the panel started (its requests answer into nothing). */
export function disposeCheckouts(): void {
  checkoutsGeneration += 1;
  checkoutGeneration += 1;
  section = null;
  context = null;
}

// ---- the check-outs -----------------------------------------------------------------------------

/** The panel, empty until loadCheckouts() (the filters and the selection start afresh). */
export function checkoutsPanel(ctx: ViewContext): HTMLElement {
  context = ctx;
  checkoutFilters = { status: '', consistency: '' };
  checkouts = [];
  selectedCheckout = '';
  checkoutForm = null;
  const status = h('select', { 'data-testid': 'documents-checkouts-filter-status' }, ...options(CHECKOUT_STATUSES, checkoutStatusLabel, '', l('all')));
  const consistency = h('select', { 'data-testid': 'documents-checkouts-filter-consistency' }, ...options(CONSISTENCIES, consistencyLabel, '', l('all')));
  const apply = () => {
    checkoutFilters = { status: status.value, consistency: consistency.value };
    void loadCheckouts();
  };
  status.addEventListener('change', apply);
  consistency.addEventListener('change', apply);
  section = h('section', { class: 'panel doc-checkouts', 'data-testid': 'documents-checkouts' },
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
  return section;
}

export async function loadCheckouts(): Promise<void> {
  const mine = ++checkoutsGeneration;
  if (!section) return;
  const list = part(section, '[data-testid="documents-checkouts-list"]');
  try {
    const page = await getJson<CheckoutPage>(CHECKOUTS, {
      status: checkoutFilters.status || null, consistency: checkoutFilters.consistency || null, limit: LIMIT,
    });
    if (mine !== checkoutsGeneration || !section) return;
    checkouts = page.items;
    part(section, '[data-testid="documents-checkouts-count"]').textContent = String(checkouts.length) + (page.next_cursor ? '+' : '');
    renderCheckouts();
  } catch (e) {
    if (mine !== checkoutsGeneration || !section) return;
    list.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'documents-checkouts-error' }, problemText(e)));
  }
}

function renderCheckouts(): void {
  const list = part(section, '[data-testid="documents-checkouts-list"]');
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
  for (const row of section?.querySelectorAll<HTMLElement>('[data-testid="documents-checkout-row"]') ?? []) {
    const on = row.dataset.checkoutId === id;
    row.classList.toggle('selected', on);
    row.setAttribute('aria-selected', String(on));
  }
  void loadCheckout(id);
}

const checkoutPath = (id: string, tail = '') => `${CHECKOUTS}/${encodeURIComponent(id)}${tail}`;

async function loadCheckout(id: string): Promise<void> {
  const mine = ++checkoutGeneration;
  if (!section) return;
  const detail = part(section, '[data-testid="documents-checkout-detail"]');
  detail.hidden = false;
  if (detail.dataset.checkoutId !== id) {
    detail.dataset.checkoutId = id;
    delete detail.dataset.version;
    detail.replaceChildren(h('p', { class: 'muted' }, t('loading')));
  }
  try {
    const c = await getJson<Checkout>(checkoutPath(id));
    if (mine !== checkoutGeneration || !section) return;
    showCheckout(c);
    revealIfHidden(detail);
  } catch (e) {
    if (mine !== checkoutGeneration || !section) return;
    detail.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'documents-checkout-error' }, problemText(e)));
  }
}

function showCheckout(c: Checkout): void {
  const detail = part(section, '[data-testid="documents-checkout-detail"]');
  detail.dataset.checkoutId = c.id;
  detail.dataset.version = String(c.version);
  detail.dataset.status = c.status;
  detail.dataset.consistency = c.consistency;
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
  const detail = part(section, '[data-testid="documents-checkout-detail"]');
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
    say(section, 'documents-checkout-message', '');
    const fresh = checkoutActions(c);
    if (fresh) part(section, '[data-testid="documents-checkout-actions"]').replaceWith(fresh);
    part(section, '[data-testid="documents-checkout-actions"]').querySelector<HTMLElement>('form input, form textarea')?.focus();
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
      if (!answer || !section) return;
      checkoutForm = null;
      await loadCheckout(answer.id);
      say(section, 'documents-checkout-message', l('recorded', { command: label }), 'ok');
      void loadCheckouts();
    });
  });
  return form;
}

function toggleCheckoutNew(): void {
  const panel = part(section, '[data-testid="documents-checkout-new-panel"]');
  const button = part(section, '[data-testid="documents-checkout-new"]');
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
      if (!c || !section) return;
      toggleCheckoutNew();
      selectedCheckout = c.id;
      checkoutForm = null;
      void loadCheckouts();
      void loadCheckout(c.id);
      say(section, 'documents-checkouts-message', l('checked_out', { asset: assetText(c).textContent ?? '' }), 'ok');
    });
  });
  return form;
}
