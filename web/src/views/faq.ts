// #/faq よくある質問（FAQ）: search the FAQ (words and category kept in the route,
// `#/faq?q=パスワード&category=アカウント&id=<faq id>`, so a reload or a bookmark keeps them) or,
// without words, list the entries newest first; the selected entry's answer and details beside
// the list; the published FAQ files (第N版) with their Markdown / Excel downloads and the
// difference between two of them. For maintainers: a form to make an entry from an answered
// inquiry, edit and retire on the selected entry, and publishing the next file (発行).
//
// Everything comes from the FAQ part of docs/api/inquiries.yaml: GET /v1/faq (paged by
// next_cursor), GET /v1/faq/search, GET /v1/faq/{id}, POST /v1/faq, POST /v1/faq/{id}/edit|retire,
// POST /v1/faq/publish, GET /v1/faq/files, GET /v1/faq/files/{version}?format=md|xlsx and
// GET /v1/faq/files/{a}/diff/{b}. The server decides what each role reads (associations: the
// public, current entries that apply to them) and may do; the view leaves out what the role
// cannot use.
import { ApiError, getBlob, getJson } from '../api/client';
import { isCentreWide } from '../api/jwt';
import { knownTenants } from '../api/tenants';
import type {
  FaqEntry, FaqEntryPage, FaqEntrySummary, FaqFileDiff, FaqFileEntry, FaqFileList, FaqFileSummary, FaqPublishResult,
  FaqSearchHit, FaqSearchResult, Inquiry, InquiryPage,
} from '../api/types';
import { h, saveBlob } from '../dom';
import { formatMinute } from '../format/time';
import { t, tenantName, type LabelKey } from '../i18n';
import { field, send, type FormState } from './forms';
import type { View, ViewContext } from './types';

const LIST = '/v1/faq';
const FILES = '/v1/faq/files';
const PAGE_SIZE = 50;
const MAX_PAGE = 200; // the API's largest `limit` for the list
const SEARCH_LIMIT = 50; // the best 50 (the API allows 100)
const EVERY = '*';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Filters {
  q: string;
  category: string;
}

let root: HTMLElement | null = null;
let context: ViewContext | null = null;
let filters: Filters = { q: '', category: '' };
let selectedId = '';
let items: FaqEntrySummary[] = [];
let hits: FaqSearchHit[] = [];
let nextCursor: string | null = null;
let files: FaqFileSummary[] = [];
/** Every category seen in an answer (there is no list of categories in the API). */
const categories = new Set<string>();
let listGeneration = 0; // bumped on every load: an answer for an older one is dropped
let detailGeneration = 0;
let filesGeneration = 0;
let diffGeneration = 0;

export const faqView: View = {
  id: 'faq',
  label_ja: 'よくある質問',
  label_en: 'FAQ',

  render(container, ctx) {
    context = ctx;
    filters = { q: (ctx.params.get('q') ?? '').trim(), category: (ctx.params.get('category') ?? '').trim() };
    selectedId = UUID_RE.test(ctx.params.get('id') ?? '') ? ctx.params.get('id')!.toLowerCase() : '';
    items = [];
    hits = [];
    nextCursor = null;
    files = [];
    if (filters.category) categories.add(filters.category);

    root = h('section', { class: 'view-faq' },
      controls(ctx),
      isMaintainer(ctx) ? h('section', { class: 'panel faq-new', hidden: true, 'data-testid': 'faq-new-panel' }) : null,
      h('div', { class: 'faq-grid' },
        h('section', { class: 'panel faq-list-panel' },
          h('h2', null, h('span', { 'data-testid': 'faq-list-title' }), ' ', h('span', { class: 'count', 'data-testid': 'faq-count' })),
          h('div', { 'data-testid': 'faq-list' }, h('p', { class: 'muted' }, t('loading')))),
        h('section', { class: 'panel faq-detail', 'data-testid': 'faq-detail' },
          h('div', { class: 'faq-detail-info' }, h('p', { class: 'muted' }, t('faq_select_hint'))),
          h('div', { class: 'faq-desk-slot' }))),
      filesPanel(ctx),
    );
    container.append(root);
    void loadCategories();
    void loadEntries();
    void loadFiles();
    if (selectedId) void loadDetail(selectedId);
  },

  dispose() {
    listGeneration += 1;
    detailGeneration += 1;
    filesGeneration += 1;
    diffGeneration += 1;
    root = null;
    context = null;
  },
};

// ---- roles, the route, labels ---------------------------------------------------------------------

const isMaintainer = (ctx: ViewContext) => ctx.claims.roles.includes('maintainer');
/** Publishing is about every association: centre staff's (the server answers 403 to others). */
const canPublish = (ctx: ViewContext) => isMaintainer(ctx) && isCentreWide(ctx.claims);

function saveRoute(): void {
  if (!context) return;
  const out: Record<string, string> = {};
  if (filters.q) out.q = filters.q;
  if (filters.category) out.category = filters.category;
  if (selectedId) out.id = selectedId;
  context.setParams(out);
}

function part<T extends HTMLElement = HTMLElement>(selector: string): T {
  return root!.querySelector<T>(selector)!;
}

/** 全組合 for every association, else the associations' names (those the app knows; else codes). */
function tenantsText(codes: readonly string[]): string {
  return codes.includes(EVERY) ? t('faq_every_tenant') : codes.map(tenantName).join('、');
}

function stateBadges(entry: { public: boolean; retired: boolean }): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (entry.retired) out.push(h('span', { class: 'badge faq-retired', 'data-testid': 'faq-state', 'data-state': 'retired' }, t('faq_retired')));
  else if (!entry.public) out.push(h('span', { class: 'badge faq-internal', 'data-testid': 'faq-state', 'data-state': 'internal' }, t('faq_internal')));
  else out.push(h('span', { class: 'badge faq-public', 'data-testid': 'faq-state', 'data-state': 'public' }, t('faq_public')));
  return out;
}

const categoryBadge = (category: string) => h('span', { class: 'badge faq-category', 'data-testid': 'faq-category' }, category);

function learnCategories(list: readonly { category: string }[]): void {
  const before = categories.size;
  for (const item of list) categories.add(item.category);
  if (categories.size !== before) refreshCategoryOptions();
}

// ---- what a refusal says ------------------------------------------------------------------------------

const RULE_KEYS = new Set<string>([
  'faq_rule_inquiry_not_answered', 'faq_rule_faq_entry_retired', 'faq_rule_nothing_changed', 'faq_rule_nothing_to_publish',
  'faq_rule_unchanged_since_last_file', 'faq_rule_faq_entry_already_exists',
]);

/** A refusal in words: the rule of a 409 in Japanese where known, else the server's detail. */
function problemText(e: unknown): string {
  if (!(e instanceof ApiError)) return `${t('network_error')}: ${(e as Error).message}`;
  const detail = e.problem?.detail ?? e.message;
  if (e.status === 403) return `${t('faq_forbidden')}: ${detail}`;
  if (e.status === 404) return t('faq_not_found');
  if (e.status === 412) return t('faq_changed_meanwhile');
  if (e.status === 409) {
    const rule = e.problem?.rule ?? '';
    const key = `faq_rule_${rule.replaceAll('-', '_')}`;
    return RULE_KEYS.has(key) ? `${t(key as LabelKey)}（${rule}）` : `${t('faq_conflict')}: ${detail}`;
  }
  return `${t('error')}: ${detail}`;
}

function formState(scope: HTMLElement, message: HTMLElement, submit: HTMLButtonElement): FormState {
  return { scopes: [scope], message, submit, retry: null, describe: problemText };
}

function sayDone(message: HTMLElement, text: string): void {
  message.textContent = text;
  message.className = 'form-message ok';
}

// ---- search and filters -------------------------------------------------------------------------------

function controls(ctx: ViewContext): HTMLElement {
  const words = h('input', {
    type: 'search', name: 'q', 'data-testid': 'faq-q', value: filters.q, maxlength: 120,
    placeholder: t('faq_words_placeholder'), title: t('faq_words_hint'),
  });
  const category = h('select', { name: 'category', 'data-testid': 'faq-filter-category' });
  const apply = () => {
    filters = { q: words.value.trim(), category: category.value };
    saveRoute();
    void loadEntries();
  };
  category.addEventListener('change', apply);
  const clear = () => {
    words.value = '';
    category.value = '';
    apply();
  };
  const label = (text: LabelKey, control: HTMLElement) => h('label', null, h('span', null, t(text)), control);
  const panel = h('div', { class: 'panel faq-controls' },
    h('form', { class: 'faq-words', 'data-testid': 'faq-search', onsubmit: (e: Event) => { e.preventDefault(); apply(); } },
      label('faq_words', words),
      h('button', { type: 'submit', class: 'primary', 'data-testid': 'faq-search-submit' }, t('faq_search'))),
    label('faq_category', category),
    h('button', { type: 'button', class: 'link', 'data-testid': 'faq-clear', onclick: clear }, t('faq_clear')),
    isMaintainer(ctx)
      ? h('button', { type: 'button', class: 'primary faq-new-toggle', 'data-testid': 'faq-new', onclick: () => toggleNewForm(ctx) }, t('faq_new'))
      : null,
    h('p', { class: 'muted faq-words-hint' }, t('faq_words_hint')),
  );
  fillCategoryOptions(category);
  return panel;
}

function fillCategoryOptions(select: HTMLSelectElement): void {
  const sorted = [...categories].sort((a, b) => a.localeCompare(b, 'ja'));
  select.replaceChildren(
    h('option', { value: '', selected: filters.category === '' }, t('faq_all')),
    ...sorted.map((c) => h('option', { value: c, selected: c === filters.category }, c)));
}

function refreshCategoryOptions(): void {
  if (!root) return;
  fillCategoryOptions(part<HTMLSelectElement>('[data-testid="faq-filter-category"]'));
  const list = root.querySelector<HTMLDataListElement>('#faq-categories');
  if (list) list.replaceChildren(...[...categories].map((c) => h('option', { value: c })));
}

/**
 * The categories for the filter: the API has no list of them, so they are learnt from the
 * newest entries (one page of the largest size) and then from every answer.
 */
async function loadCategories(): Promise<void> {
  try {
    const page = await getJson<FaqEntryPage>(LIST, { limit: MAX_PAGE });
    if (root) learnCategories(page.items);
  } catch {
    /* the list itself shows the error */
  }
}

// ---- the list, or the search's hits -------------------------------------------------------------------

/** Loads the list (without words) or the hits (with words); `more`: the list's next page. */
async function loadEntries(mode: 'first' | 'more' | 'refresh' = 'first'): Promise<void> {
  const mine = ++listGeneration;
  const list = part('[data-testid="faq-list"]');
  part('[data-testid="faq-list-title"]').textContent = filters.q ? t('faq_hits_title', { q: filters.q }) : t('faq_list_title');
  if (mode === 'first') list.replaceChildren(h('p', { class: 'muted' }, t('loading')));
  try {
    if (filters.q) {
      const found = await getJson<FaqSearchResult>(`${LIST}/search`, { q: filters.q, category: filters.category || null, limit: SEARCH_LIMIT });
      if (mine !== listGeneration || !root) return;
      hits = found.items;
      learnCategories(hits);
      renderHits();
    } else {
      const limit = mode === 'refresh' ? Math.min(MAX_PAGE, Math.max(PAGE_SIZE, items.length)) : PAGE_SIZE;
      const page = await getJson<FaqEntryPage>(LIST, {
        category: filters.category || null, limit, cursor: mode === 'more' ? nextCursor : null,
      });
      if (mine !== listGeneration || !root) return;
      items = mode === 'more' ? [...items, ...page.items] : page.items;
      nextCursor = page.next_cursor;
      learnCategories(page.items);
      renderList();
    }
  } catch (e) {
    if (mine !== listGeneration || !root) return;
    part('[data-testid="faq-count"]').textContent = '';
    list.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'faq-list-error' }, problemText(e)));
  }
}

function renderHits(): void {
  const list = part('[data-testid="faq-list"]');
  part('[data-testid="faq-count"]').textContent = String(hits.length);
  if (hits.length === 0) {
    list.replaceChildren(h('p', { class: 'muted empty', 'data-testid': 'faq-empty' }, t('faq_no_hits')));
    return;
  }
  list.replaceChildren(h('ol', { class: 'faq-hits' }, ...hits.map((hit) => {
    const selected = hit.id === selectedId;
    return h('li', {
      class: `faq-hit${selected ? ' selected' : ''}`, 'data-testid': 'faq-hit', 'data-faq-id': hit.id,
      'data-public': String(hit.public), tabindex: 0, 'aria-selected': String(selected),
      onclick: () => select(hit.id),
      onkeydown: (e: Event) => { if ((e as KeyboardEvent).key === 'Enter') select(hit.id); },
    },
    h('div', { class: 'faq-hit-head' },
      h('h3', { 'data-testid': 'faq-hit-question' }, hit.question),
      h('span', { class: 'faq-relevance', 'data-testid': 'faq-hit-relevance', 'data-relevance': hit.relevance },
        t('faq_relevance', { n: hit.relevance }))),
    h('div', { class: 'faq-hit-meta' }, categoryBadge(hit.category), ...stateBadges(hit),
      h('span', { class: 'muted' }, `${t('faq_tenants')}: `, h('span', { 'data-testid': 'faq-hit-tenants' }, tenantsText(hit.tenants)))),
    h('div', { class: 'pre faq-answer', 'data-testid': 'faq-hit-answer' }, hit.answer));
  })));
}

function renderList(): void {
  const list = part('[data-testid="faq-list"]');
  part('[data-testid="faq-count"]').textContent = String(items.length);
  if (items.length === 0) {
    list.replaceChildren(h('p', { class: 'muted empty', 'data-testid': 'faq-empty' }, t('faq_none')));
    return;
  }
  list.replaceChildren(
    h('div', { class: 'table-scroll' },
      h('table', { class: 'faq-entries' },
        h('thead', null, h('tr', null,
          h('th', null, t('faq_col_updated')), h('th', null, t('faq_category')), h('th', null, t('faq_question')),
          h('th', null, t('faq_tenants')), h('th', null, t('faq_col_state')))),
        h('tbody', null, ...items.map((item) => {
          const selected = item.id === selectedId;
          return h('tr', {
            class: `faq-row${selected ? ' selected' : ''}`, 'data-testid': 'faq-row', 'data-faq-id': item.id,
            'data-public': String(item.public), 'data-retired': String(item.retired), tabindex: 0, 'aria-selected': String(selected),
            onclick: () => select(item.id),
            onkeydown: (e: Event) => { if ((e as KeyboardEvent).key === 'Enter') select(item.id); },
          },
          h('td', { class: 'time' }, h('time', { datetime: item.updated_at }, formatMinute(item.updated_at))),
          h('td', { class: 'nowrap' }, item.category),
          h('td', { class: 'question' }, item.question),
          h('td', null, tenantsText(item.tenants)),
          h('td', null, ...stateBadges(item)));
        })))),
    h('div', { class: 'faq-list-foot' },
      h('span', { class: 'muted' }, t('faq_shown', { n: items.length })),
      nextCursor ? h('button', { type: 'button', 'data-testid': 'faq-more', onclick: () => void loadEntries('more') }, t('faq_more')) : null),
  );
}

function select(id: string): void {
  selectedId = id;
  saveRoute();
  for (const el of part('[data-testid="faq-list"]').querySelectorAll<HTMLElement>('[data-faq-id]')) {
    const on = el.dataset.faqId === id;
    el.classList.toggle('selected', on);
    el.setAttribute('aria-selected', String(on));
  }
  void loadDetail(id);
}

// ---- the selected entry --------------------------------------------------------------------------------

async function loadDetail(id: string, done?: string): Promise<void> {
  const mine = ++detailGeneration;
  const panel = part('[data-testid="faq-detail"]');
  if (panel.dataset.faqId !== id) {
    panel.dataset.faqId = id;
    delete panel.dataset.version;
    part('.faq-detail-info').replaceChildren(h('p', { class: 'muted' }, t('loading')));
    part('.faq-desk-slot').replaceChildren();
  }
  try {
    const entry = await getJson<FaqEntry>(`${LIST}/${encodeURIComponent(id)}`);
    if (mine !== detailGeneration || !root) return;
    showDetail(entry, done);
  } catch (e) {
    if (mine !== detailGeneration || !root) return;
    part('.faq-detail-info').replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'faq-detail-error' }, problemText(e)));
    part('.faq-desk-slot').replaceChildren();
  }
}

/** Shows the entry; for maintainers with the edit and retire forms, filled from this version. */
function showDetail(entry: FaqEntry, done?: string): void {
  learnCategories([entry]);
  const panel = part('[data-testid="faq-detail"]');
  panel.dataset.faqId = entry.id;
  panel.dataset.version = String(entry.version);
  panel.dataset.public = String(entry.public);
  panel.dataset.retired = String(entry.retired);
  const fact = (label: LabelKey, ...value: (Node | string | null)[]) => [h('dt', null, t(label)), h('dd', null, ...value)];
  const desk = context !== null && isMaintainer(context);
  part('.faq-detail-info').replaceChildren(
    h('header', { class: 'faq-detail-head' },
      h('h2', { 'data-testid': 'faq-question' }, entry.question),
      h('div', null, categoryBadge(entry.category), ...stateBadges(entry))),
    h('div', { class: 'pre faq-answer faq-detail-answer', 'data-testid': 'faq-answer' }, entry.answer),
    h('dl', { class: 'faq-facts' },
      fact('faq_tenants', h('span', { 'data-testid': 'faq-tenants' }, tenantsText(entry.tenants))),
      fact('faq_version', t('faq_entry_version', { n: entry.version })),
      fact('faq_created_at', formatMinute(entry.created_at)),
      fact('faq_updated_at', formatMinute(entry.updated_at)),
      // The inquiry may be another association's: only the desk follows the link.
      desk ? fact('faq_from_inquiry', h('a', { href: `#/inquiries?id=${entry.inquiry_id}`, 'data-testid': 'faq-inquiry' }, h('code', null, entry.inquiry_id))) : null,
      fact('faq_id', h('code', null, entry.id))),
  );
  if (desk && context) {
    part('.faq-desk-slot').replaceChildren(deskForms(context, entry));
    if (done) sayDone(part('[data-testid="faq-desk-message"]'), done);
  }
}

// ---- the associations an entry applies to (a multi-select) ---------------------------------------------

interface TenantPicker {
  el: HTMLElement;
  value(): string[];
}

/**
 * Check boxes for 全組合 (`*`, centre staff only) and each association the token holds
 * (every one for `*`); checking 全組合 clears and locks the others. Codes of `selected` the
 * token does not hold are shown too, so that an edit does not drop them unseen.
 */
function tenantPicker(ctx: ViewContext, selected: readonly string[], testid: string): TenantPicker {
  const centre = isCentreWide(ctx.claims);
  const codes = centre ? knownTenants().map((x) => x.code) : ctx.claims.tenants.filter((c) => c !== EVERY);
  for (const c of selected) if (c !== EVERY && !codes.includes(c)) codes.push(c);
  const box = (code: string) => h('input', {
    type: 'checkbox', name: 'tenants', value: code, checked: selected.includes(code),
    'data-testid': `${testid}-${code === EVERY ? 'all' : code}`,
  });
  const all = centre || selected.includes(EVERY) ? box(EVERY) : null;
  const boxes = codes.map((code) => ({ code, input: box(code) }));
  const lock = () => {
    for (const b of boxes) {
      b.input.disabled = !!all?.checked;
      if (all?.checked) b.input.checked = false;
    }
  };
  all?.addEventListener('change', lock);
  lock();
  const el = h('div', { class: 'tenant-picker', role: 'group', 'data-testid': testid },
    all ? h('label', { class: 'check every' }, all, ' ', t('faq_every_tenant')) : null,
    ...boxes.map((b) => h('label', { class: 'check' }, b.input, ' ', tenantName(b.code))));
  return {
    el,
    value: () => (all?.checked ? [EVERY] : boxes.filter((b) => b.input.checked).map((b) => b.code)),
  };
}

/** The same codes, whatever the order (the picker lists them in the registry's order). */
function sameCodes(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c) => b.includes(c));
}

// ---- making an entry (maintainers) ------------------------------------------------------------------------

function toggleNewForm(ctx: ViewContext): void {
  const panel = part('[data-testid="faq-new-panel"]');
  if (!panel.hidden) {
    panel.hidden = true;
    return;
  }
  panel.replaceChildren(newEntryForm(ctx));
  panel.hidden = false;
  panel.querySelector<HTMLInputElement>('input[name="inquiry_id"]')?.focus();
}

function newEntryForm(ctx: ViewContext): HTMLElement {
  const answered = h('datalist', { id: 'faq-answered-inquiries' });
  const inquiry = h('input', {
    name: 'inquiry_id', 'data-testid': 'faq-new-inquiry', list: 'faq-answered-inquiries', maxlength: 200, autocomplete: 'off',
    placeholder: t('faq_inquiry_placeholder'), class: 'faq-inquiry-id',
  });
  const question = h('textarea', { name: 'question', 'data-testid': 'faq-new-question', rows: 2, maxlength: 4000 });
  const answer = h('textarea', { name: 'answer', 'data-testid': 'faq-new-answer', rows: 5, maxlength: 4000 });
  const category = h('input', { name: 'category', 'data-testid': 'faq-new-category', list: 'faq-categories', maxlength: 200, autocomplete: 'off' });
  const categoryList = h('datalist', { id: 'faq-categories' }, ...[...categories].map((c) => h('option', { value: c })));
  const tenants = tenantPicker(ctx, [], 'faq-new-tenants');
  const isPublic = h('input', { type: 'checkbox', name: 'public', 'data-testid': 'faq-new-public', checked: true });
  const fillMessage = h('span', { class: 'form-message', 'data-testid': 'faq-fill-message', role: 'status' });
  const fill = h('button', {
    type: 'button', 'data-testid': 'faq-fill', onclick: () => void fillFromInquiry(inquiry.value.trim(), question, answer, fillMessage),
  }, t('faq_fill_from_inquiry'));
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'faq-new-submit' }, t('faq_create'));
  const message = h('p', { class: 'form-message', 'data-testid': 'faq-new-message', role: 'status' });
  const form = h('form', { class: 'inq-form faq-form', 'data-testid': 'faq-new-form', novalidate: true },
    field('inquiry_id', t('faq_inquiry_id'), h('span', { class: 'faq-inquiry-pick' }, inquiry, fill, fillMessage), { required: true, wide: true }),
    field('question', t('faq_question'), question, { required: true, wide: true }),
    field('answer', t('faq_answer'), answer, { required: true, wide: true }),
    field('category', t('faq_category'), category, { required: true }),
    h('label', { class: 'field check', 'data-field': 'public' },
      h('span', { class: 'field-label' }, t('faq_public')),
      h('span', { class: 'faq-public-check' }, isPublic, ' ', t('faq_public_label')),
      h('span', { class: 'field-error', 'data-testid': 'field-error', 'data-field': 'public', role: 'alert' })),
    h('div', { class: 'field wide', 'data-field': 'tenants' },
      h('span', { class: 'field-label' }, t('faq_tenants_label'), h('span', { class: 'req', title: t('inq_required') }, ' *')),
      tenants.el,
      h('span', { class: 'field-error', 'data-testid': 'field-error', 'data-field': 'tenants', role: 'alert' })),
    h('div', { class: 'form-actions wide' }, message, submit,
      h('button', { type: 'button', 'data-testid': 'faq-new-cancel', onclick: () => toggleNewForm(ctx) }, t('faq_close_form'))),
    answered, categoryList,
  );
  void loadAnsweredInquiries(answered);
  const state = formState(form, message, submit);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void (async () => {
      const created = await send<FaqEntry>(state, LIST, {
        inquiry_id: inquiry.value.trim(),
        question: question.value,
        answer: answer.value,
        category: category.value.trim(),
        tenants: tenants.value(),
        public: isPublic.checked,
      });
      if (!created || !root) return;
      part('[data-testid="faq-new-panel"]').hidden = true;
      learnCategories([created]);
      selectedId = created.id;
      saveRoute();
      showDetail(created, t('faq_recorded'));
      void loadEntries('refresh');
    })();
  });
  return h('div', null, h('h2', null, t('faq_new_title')), form);
}

/** The answered inquiries the desk sees, offered for `inquiry_id` (any id may still be typed). */
async function loadAnsweredInquiries(list: HTMLDataListElement): Promise<void> {
  try {
    const page = await getJson<InquiryPage>('/v1/inquiries', { status: 'answered', limit: MAX_PAGE });
    list.replaceChildren(...page.items.map((i) =>
      h('option', { value: i.id }, `${i.subject}（${tenantName(i.tenant)}・${formatMinute(i.first_answered_at)}）`)));
  } catch {
    /* only a convenience */
  }
}

/** Fills the question and the answer from the inquiry (its subject and the desk's answer), if empty. */
async function fillFromInquiry(id: string, question: HTMLTextAreaElement, answer: HTMLTextAreaElement, message: HTMLElement): Promise<void> {
  message.textContent = '';
  message.className = 'form-message';
  if (!UUID_RE.test(id)) return;
  try {
    const inq = await getJson<Inquiry>(`/v1/inquiries/${encodeURIComponent(id)}`);
    if (!question.value.trim()) question.value = inq.subject;
    if (!answer.value.trim() && inq.answer) answer.value = inq.answer;
  } catch (e) {
    message.textContent = `${t('faq_fill_failed')}: ${e instanceof ApiError ? e.problem?.detail ?? e.message : (e as Error).message}`;
    message.className = 'form-message error';
  }
}

// ---- edit and retire (maintainers) --------------------------------------------------------------------------

function deskForms(ctx: ViewContext, entry: FaqEntry): HTMLElement {
  const ifMatch = { 'If-Match': `"${entry.version}"` };
  const path = (command: string) => `${LIST}/${encodeURIComponent(entry.id)}/${command}`;
  const message = h('p', { class: 'form-message', 'data-testid': 'faq-desk-message', role: 'status' });
  const after = (answer: FaqEntry | null) => {
    if (!answer || !root) return;
    showDetail(answer, t('faq_recorded'));
    void loadEntries('refresh');
  };

  // edit: only the fields that differ from this version are sent (the API keeps the others).
  const question = h('textarea', { name: 'question', 'data-testid': 'faq-edit-question', rows: 2, maxlength: 4000 });
  question.value = entry.question;
  const answer = h('textarea', { name: 'answer', 'data-testid': 'faq-edit-answer', rows: 5, maxlength: 4000 });
  answer.value = entry.answer;
  const category = h('input', { name: 'category', 'data-testid': 'faq-edit-category', list: 'faq-categories', maxlength: 200, value: entry.category });
  const tenants = tenantPicker(ctx, entry.tenants, 'faq-edit-tenants');
  const isPublic = h('input', { type: 'checkbox', name: 'public', 'data-testid': 'faq-edit-public', checked: entry.public });
  const reason = h('input', { name: 'reason', 'data-testid': 'faq-edit-reason', maxlength: 4000 });
  const editSubmit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'faq-edit-submit' }, t('faq_save'));
  const editMessage = h('span', { class: 'form-message', 'data-testid': 'faq-edit-message', role: 'status' });
  const edit = h('form', { class: 'inq-command faq-edit', 'data-testid': 'faq-edit', novalidate: true },
    h('fieldset', { disabled: entry.retired },
      h('legend', null, t('faq_edit')),
      field('question', t('faq_question'), question, { wide: true }),
      field('answer', t('faq_answer'), answer, { wide: true }),
      field('category', t('faq_category'), category),
      h('label', { class: 'field check', 'data-field': 'public' },
        h('span', null, isPublic, ' ', t('faq_public_label')),
        h('span', { class: 'field-error', 'data-testid': 'field-error', 'data-field': 'public', role: 'alert' })),
      h('div', { class: 'field wide', 'data-field': 'tenants' },
        h('span', { class: 'field-label' }, t('faq_tenants_label')), tenants.el,
        h('span', { class: 'field-error', 'data-testid': 'field-error', 'data-field': 'tenants', role: 'alert' })),
      field('reason', t('faq_edit_reason'), reason, { wide: true }),
      h('div', { class: 'form-actions' }, editMessage, editSubmit)));
  const editState = formState(edit, editMessage, editSubmit);
  edit.addEventListener('submit', (e) => {
    e.preventDefault();
    const body: Record<string, unknown> = {};
    if (question.value !== entry.question) body.question = question.value;
    if (answer.value !== entry.answer) body.answer = answer.value;
    if (category.value.trim() !== entry.category) body.category = category.value.trim();
    if (!sameCodes(tenants.value(), entry.tenants)) body.tenants = tenants.value();
    if (isPublic.checked !== entry.public) body.public = isPublic.checked;
    if (reason.value.trim()) body.reason = reason.value;
    // Nothing changed is sent as it is: the server says so (409 nothing-changed).
    void send<FaqEntry>(editState, path('edit'), body, ifMatch).then(after);
  });

  const retireReason = h('input', { name: 'reason', 'data-testid': 'faq-retire-reason', maxlength: 4000 });
  const retireSubmit = h('button', { type: 'submit', 'data-testid': 'faq-retire-submit' }, t('faq_retire_submit'));
  const retireMessage = h('span', { class: 'form-message', 'data-testid': 'faq-retire-message', role: 'status' });
  const retire = h('form', { class: 'inq-command faq-retire', 'data-testid': 'faq-retire', novalidate: true },
    h('fieldset', { disabled: entry.retired },
      h('legend', null, t('faq_retire')),
      field('reason', t('faq_retire_reason'), retireReason, { required: true, wide: true }),
      h('div', { class: 'form-actions' }, retireMessage, retireSubmit)));
  const retireState = formState(retire, retireMessage, retireSubmit);
  retire.addEventListener('submit', (e) => {
    e.preventDefault();
    void send<FaqEntry>(retireState, path('retire'), { reason: retireReason.value }, ifMatch).then(after);
  });

  return h('section', { class: 'inq-actions faq-desk', 'data-testid': 'faq-desk' },
    h('h3', null, t('faq_desk')),
    message,
    entry.retired ? h('p', { class: 'muted', 'data-testid': 'faq-retired-hint' }, t('faq_retired_hint')) : null,
    edit, retire);
}

// ---- the published files: downloads, difference, publishing -------------------------------------------------

function filesPanel(ctx: ViewContext): HTMLElement {
  const from = h('select', { 'data-testid': 'faq-diff-from', 'aria-label': t('faq_diff_from') });
  const to = h('select', { 'data-testid': 'faq-diff-to', 'aria-label': t('faq_diff_to') });
  const compare = h('button', { type: 'button', 'data-testid': 'faq-diff-show', onclick: () => void loadDiff(Number(from.value), Number(to.value)) },
    t('faq_diff_show'));
  let publish: HTMLElement | null = null;
  if (canPublish(ctx)) {
    const button = h('button', { type: 'button', class: 'primary', 'data-testid': 'faq-publish', title: t('faq_publish_hint') }, t('faq_publish'));
    const message = h('span', { class: 'form-message', 'data-testid': 'faq-publish-message', role: 'status' });
    publish = h('div', { class: 'faq-publish' }, message, button);
    const state = formState(publish, message, button);
    button.addEventListener('click', () => void (async () => {
      // Only if nobody published another file since this list was read (412 otherwise).
      const last = files.at(-1);
      const result = await send<FaqPublishResult>(state, `${LIST}/publish`, {}, last ? { 'If-Match': `"${last.version}"` } : {});
      if (result && root) sayDone(message, t('faq_published', { n: result.version, m: result.entries }));
      if (root) void loadFiles();
    })());
  } else if (isMaintainer(ctx)) {
    publish = h('p', { class: 'muted' }, t('faq_publish_centre_only'));
  }
  return h('section', { class: 'panel faq-files', 'data-testid': 'faq-files' },
    h('header', { class: 'faq-files-head' }, h('h2', null, t('faq_files_title')), publish),
    h('div', { 'data-testid': 'faq-file-list' }, h('p', { class: 'muted' }, t('loading'))),
    h('p', { class: 'download-error', 'data-testid': 'faq-download-error', role: 'alert' }),
    h('div', { class: 'faq-diff-controls', 'data-testid': 'faq-diff-controls', hidden: true },
      h('strong', null, t('faq_diff')),
      h('label', null, h('span', null, t('faq_diff_from')), from),
      h('span', null, '→'),
      h('label', null, h('span', null, t('faq_diff_to')), to),
      compare),
    h('div', { 'data-testid': 'faq-diff' }),
  );
}

const fileName = (version: number) => t('faq_entry_version', { n: version });

async function loadFiles(): Promise<void> {
  const mine = ++filesGeneration;
  const list = part('[data-testid="faq-file-list"]');
  try {
    const answer = await getJson<FaqFileList>(FILES);
    if (mine !== filesGeneration || !root) return;
    files = answer.items;
  } catch (e) {
    if (mine !== filesGeneration || !root) return;
    list.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'faq-files-error' }, problemText(e)));
    return;
  }
  if (files.length === 0) {
    list.replaceChildren(h('p', { class: 'muted empty', 'data-testid': 'faq-files-empty' }, t('faq_files_none')));
  } else {
    // Newest first on screen (the API lists the oldest first).
    list.replaceChildren(h('div', { class: 'table-scroll' },
      h('table', { class: 'faq-file-table' },
        h('thead', null, h('tr', null,
          h('th', null, t('faq_version')), h('th', null, t('faq_col_published_at')), h('th', null, t('faq_col_published_by')),
          h('th', { class: 'num' }, t('faq_col_entries')), h('th', null, t('faq_col_download')))),
        h('tbody', null, ...[...files].reverse().map((f) => h('tr', { 'data-testid': 'faq-file', 'data-version': f.version },
          h('td', { class: 'nowrap', 'data-testid': 'faq-file-name' }, fileName(f.version)),
          h('td', { class: 'time' }, h('time', { datetime: f.published_at }, formatMinute(f.published_at))),
          h('td', null, f.published_by),
          h('td', { class: 'num', 'data-testid': 'faq-file-entries' }, f.entries),
          h('td', null, h('div', { class: 'faq-downloads' },
            h('button', { type: 'button', 'data-testid': 'faq-download-md', onclick: () => void download(f.version, 'md') }, `⬇ ${t('faq_download_md')}`),
            h('button', { type: 'button', 'data-testid': 'faq-download-xlsx', onclick: () => void download(f.version, 'xlsx') }, `⬇ ${t('faq_download_xlsx')}`)))))))));
  }
  const controls = part('[data-testid="faq-diff-controls"]');
  const from = part<HTMLSelectElement>('[data-testid="faq-diff-from"]');
  const to = part<HTMLSelectElement>('[data-testid="faq-diff-to"]');
  const options = (selected: number) => files.map((f) => h('option', { value: f.version, selected: f.version === selected }, fileName(f.version)));
  const last = files.at(-1)?.version ?? 0;
  from.replaceChildren(...options(Math.max(1, last - 1)));
  to.replaceChildren(...options(last));
  controls.hidden = files.length === 0;
  part<HTMLButtonElement>('[data-testid="faq-diff-show"]').disabled = files.length < 2;
  if (files.length === 1) part('[data-testid="faq-diff"]').replaceChildren(h('p', { class: 'muted' }, t('faq_diff_need_two')));
}

/** Fetches a file as Markdown or xlsx with the token, then saves it as the server names it. */
async function download(version: number, format: 'md' | 'xlsx'): Promise<void> {
  const error = part('[data-testid="faq-download-error"]');
  error.textContent = '';
  try {
    const blob = await getBlob(`${FILES}/${version}`, { format });
    saveBlob(blob, `faq-${version}.${format}`);
  } catch (e) {
    if (root) error.textContent = `${t('download_failed')}: ${problemText(e)}`;
  }
}

async function loadDiff(a: number, b: number): Promise<void> {
  const mine = ++diffGeneration;
  const out = part('[data-testid="faq-diff"]');
  out.replaceChildren(h('p', { class: 'muted' }, t('loading')));
  try {
    const diff = await getJson<FaqFileDiff>(`${FILES}/${a}/diff/${b}`);
    if (mine !== diffGeneration || !root) return;
    out.replaceChildren(diffView(diff));
  } catch (e) {
    if (mine !== diffGeneration || !root) return;
    out.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'faq-diff-error' }, problemText(e)));
  }
}

function diffView(diff: FaqFileDiff): HTMLElement {
  const total = diff.added.length + diff.changed.length + diff.removed.length;
  const entry = (e: FaqFileEntry, kind: string) => h('li', { class: `faq-diff-entry ${kind}`, 'data-testid': `faq-diff-${kind}`, 'data-faq-id': e.faq_id },
    h('div', { class: 'faq-diff-question' }, e.question),
    h('div', { class: 'muted meta' }, categoryBadge(e.category), ` ${t('faq_tenants')}: ${tenantsText(e.tenants)} · ${t('faq_entry_version', { n: e.entry_version })}`),
    h('div', { class: 'pre faq-answer' }, e.answer));
  const change = (c: FaqFileDiff['changed'][number]) => {
    const rows: HTMLElement[] = [];
    const row = (label: LabelKey, before: string, after: string, name: string) => {
      if (before !== after) {
        rows.push(h('div', { class: 'faq-diff-field', 'data-field': name },
          h('span', { class: 'faq-diff-label' }, t(label)),
          h('del', { class: 'pre', 'data-testid': 'faq-diff-before' }, before),
          h('span', { class: 'arrow', 'aria-hidden': 'true' }, '→'),
          h('ins', { class: 'pre', 'data-testid': 'faq-diff-after' }, after)));
      }
    };
    row('faq_question', c.before.question, c.after.question, 'question');
    row('faq_answer', c.before.answer, c.after.answer, 'answer');
    row('faq_category', c.before.category, c.after.category, 'category');
    row('faq_tenants', tenantsText(c.before.tenants), tenantsText(c.after.tenants), 'tenants');
    return h('li', { class: 'faq-diff-entry changed', 'data-testid': 'faq-diff-changed', 'data-faq-id': c.faq_id },
      h('div', { class: 'faq-diff-question' }, c.after.question),
      h('div', { class: 'muted meta' },
        `${t('faq_entry_version', { n: c.before.entry_version })} → ${t('faq_entry_version', { n: c.after.entry_version })}`),
      ...rows);
  };
  const section = (label: LabelKey, list: HTMLElement[], kind: string) => list.length === 0 ? null
    : h('section', { class: `faq-diff-part ${kind}` }, h('h4', null, `${t(label)}（${list.length}）`), h('ul', null, ...list));
  return h('div', { class: 'faq-diff-result', 'data-testid': 'faq-diff-result', 'data-from': diff.from, 'data-to': diff.to },
    h('h3', null, t('faq_diff_title', { a: diff.from, b: diff.to })),
    total === 0 ? h('p', { class: 'muted', 'data-testid': 'faq-diff-none' }, t('faq_diff_none')) : null,
    section('faq_diff_added', diff.added.map((e) => entry(e, 'added')), 'added'),
    section('faq_diff_changed', diff.changed.map(change), 'changed'),
    section('faq_diff_removed', diff.removed.map((e) => entry(e, 'removed')), 'removed'));
}
