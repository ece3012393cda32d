// カレンダー購読, a panel of the schedule view (#/schedule): a URL for calendar programs
// (Outlook, Thunderbird), which cannot send a bearer token, to subscribe to the schedule's
// iCalendar feed. カレンダー購読URLを発行 issues a feed token and shows its URL once, with a copy
// button (only the secret's digest is kept: it is never shown again); the user's tokens are
// listed below, each with 無効化 (after a confirmation).
//
// From docs/api/scheduling.yaml: POST /v1/schedule/feed-tokens (`label`, `tenant`; the answer's
// `feed_url` is a path, put after this page's origin), GET /v1/schedule/feed-tokens (the
// caller's own tokens, revoked ones too) and DELETE /v1/schedule/feed-tokens/{id}. Any role.
import { apiFetch, getJson } from '../api/client';
import { isCentreWide } from '../api/jwt';
import { knownTenants } from '../api/tenants';
import { h } from '../dom';
import { formatMinute } from '../format/time';
import { t, tenantName } from '../i18n';
import { field, newKey, send, type FormState } from './forms';
import { labeller, refusal } from './labels';
import type { ViewContext } from './types';

const TOKENS = '/v1/schedule/feed-tokens';

// ---- the answers ------------------------------------------------------------------------------

interface FeedToken {
  id: string;
  tenants: string[];
  label: string;
  issued_at: string;
  issued_by: string;
  revoked_at: string | null;
  revoked_by: string | null;
}

interface IssuedToken extends FeedToken {
  token: string | null;
  feed_url: string | null;
}

// ---- labels -------------------------------------------------------------------------------------

const { l, or } = labeller({
  title: ['カレンダー購読', 'Calendar subscription'],
  intro: [
    'Outlook・Thunderbird などのカレンダーに運用予定を表示するための購読URLを発行します。URLを知っていれば誰でも予定を読めるため、パスワードと同じように扱ってください。',
    'Issues a URL for calendar programs (Outlook, Thunderbird) to show the schedule. Anyone with the URL can read the schedule: keep it like a password.',
  ],
  label: ['名前（任意）', 'Name (optional)'],
  label_placeholder: ['例: Outlook（庶務係PC）', 'e.g. Outlook (desk PC)'],
  tenant: ['対象組合', 'Associations'],
  tenant_all: ['担当のすべての組合', 'Every association of yours'],
  tenant_every: ['全組合', 'Every association'],
  tenants_more: ['{first}ほか{n}組合', '{first} and {n} more'],
  issue: ['カレンダー購読URLを発行', 'Issue a calendar subscription URL'],
  issued: ['購読URLを発行しました', 'Subscription URL issued'],
  replayed: [
    '発行は記録されましたが、通信が途切れたためURLを表示できません。一覧で無効化してから発行し直してください',
    'The URL was issued but its answer was lost, so it cannot be shown: revoke it in the list and issue another',
  ],
  once: [
    'このURLは今回だけ表示されます。閉じると二度と表示できません。カレンダーに登録してから閉じてください（なくした場合は無効化して発行し直します）。',
    'This URL is shown only this once: once closed it cannot be shown again. Add it to your calendar before closing (if lost, revoke it and issue another).',
  ],
  url: ['購読URL', 'Subscription URL'],
  copy: ['コピー', 'Copy'],
  copied: ['コピーしました', 'Copied'],
  copy_failed: ['コピーできませんでした。URLを選択して Ctrl+C でコピーしてください', 'Could not copy: select the URL and press Ctrl+C'],
  done: ['登録したので閉じる', 'Added; close'],
  list_title: ['発行済みの購読URL', 'Your subscription URLs'],
  none: ['発行済みの購読URLはありません', 'No subscription URL issued'],
  col_label: ['名前', 'Name'],
  col_tenants: ['対象組合', 'Associations'],
  col_issued: ['発行日時', 'Issued'],
  col_state: ['状態', 'State'],
  unnamed: ['（名前なし）', '(unnamed)'],
  active: ['有効', 'Active'],
  revoked_at: ['無効化済（{at}）', 'Revoked ({at})'],
  revoke: ['無効化', 'Revoke'],
  revoke_confirm: ['無効化する', 'Revoke it'],
  revoke_question: ['このURLでの購読を止めます。', 'Calendars using this URL stop updating.'],
  revoke_cancel: ['やめる', 'Keep it'],
  revoked: ['無効化しました：{label}', 'Revoked: {label}'],
  forbidden: ['この操作の権限がありません', 'Not allowed'],
  not_found: ['購読URLが見つかりません', 'No such subscription URL'],
  conflict: ['無効化できません', 'Cannot be revoked'],
  rule_feed_token_revoked: ['無効化済みです', 'It is revoked already'],
});

const problemText = (e: unknown) => refusal(e, {
  forbidden: l('forbidden'), notFound: l('not_found'), conflict: l('conflict'),
  rule: (rule) => or(`rule_${rule.replaceAll('-', '_')}`, '') || null,
});

/** The associations a token reads, in short (全組合 for `*`, else the first and how many more); every name in `title`. */
function tokenTenants(codes: readonly string[]): HTMLElement {
  if (codes.includes('*')) return h('span', null, l('tenant_every'));
  const names = codes.map(tenantName);
  return h('span', { title: names.join('、') }, names.length > 1 ? l('tenants_more', { first: names[0]!, n: names.length - 1 }) : names[0] ?? '—');
}

// ---- the panel ------------------------------------------------------------------------------------

export interface FeedPanel {
  el: HTMLElement;
  dispose(): void;
}

export function feedPanel(ctx: ViewContext): FeedPanel {
  let tokens: FeedToken[] = [];
  let shownId = ''; // the token whose URL is on screen
  let confirming = ''; // the token whose 無効化 asks for confirmation
  let generation = 0;
  let disposed = false;

  // The one association a token may be narrowed to: those of the user's token (every one for "*").
  const codes = isCentreWide(ctx.claims) ? knownTenants().map((x) => x.code) : ctx.claims.tenants.filter((c) => c !== '*');
  const label = h('input', { name: 'label', 'data-testid': 'schedule-feed-label', class: 'sch-feed-label', maxlength: 100, placeholder: l('label_placeholder'), autocomplete: 'off' });
  const tenant = h('select', { name: 'tenant', 'data-testid': 'schedule-feed-tenant' },
    h('option', { value: '' }, isCentreWide(ctx.claims) ? l('tenant_every') : l('tenant_all')),
    ...codes.map((code) => h('option', { value: code }, tenantName(code))));
  const issue = h('button', { type: 'submit', class: 'primary', 'data-testid': 'schedule-feed-issue' }, l('issue'));
  const message = h('span', { class: 'form-message', 'data-testid': 'schedule-feed-message', role: 'status' });
  const form = h('form', { class: 'inq-command sch-feed-form', 'data-testid': 'schedule-feed-form', novalidate: true },
    h('fieldset', null,
      field('label', l('label'), label),
      codes.length > 1 ? field('tenant', l('tenant'), tenant) : null,
      h('div', { class: 'form-actions' }, message, issue)));
  const issued = h('div', { class: 'sch-feed-issued', 'data-testid': 'schedule-feed-issued', hidden: true });
  const list = h('div', { 'data-testid': 'schedule-feed-list' }, h('p', { class: 'muted' }, t('loading')));
  const listMessage = h('p', { class: 'form-message', 'data-testid': 'schedule-feed-list-message', role: 'status' });

  const state: FormState = { scopes: [form], message, submit: issue, retry: null, describe: problemText };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void send<IssuedToken>(state, TOKENS, {
      ...(label.value.trim() ? { label: label.value.trim() } : {}),
      ...(tenant.value ? { tenant: tenant.value } : {}),
    }).then((answer) => {
      if (!answer || disposed) return;
      label.value = '';
      if (answer.feed_url) {
        showUrl(answer.id, `${location.origin}${answer.feed_url}`);
        message.textContent = l('issued');
        message.className = 'form-message ok';
      } else {
        // A retry of a request whose answer was lost: the token was issued, its secret is gone.
        message.textContent = l('replayed');
        message.className = 'form-message error';
      }
      void load();
    });
  });

  const el = h('section', { class: 'panel sch-feed', 'data-testid': 'schedule-feed' },
    h('h2', null, l('title')),
    h('p', { class: 'muted sch-feed-intro' }, l('intro')),
    form, issued,
    h('h3', null, l('list_title')),
    listMessage, list);

  /** The issued URL, this once: the note, the URL (selected on focus) and a copy button. */
  function showUrl(id: string, url: string): void {
    shownId = id;
    const input = h('input', {
      type: 'text', readonly: true, value: url, class: 'sch-feed-url', 'data-testid': 'schedule-feed-url', 'aria-label': l('url'),
      onfocus: (e: Event) => (e.target as HTMLInputElement).select(),
    });
    const copied = h('span', { class: 'form-message', 'data-testid': 'schedule-feed-copied', role: 'status' });
    const copy = async () => {
      let ok = false;
      try {
        await navigator.clipboard.writeText(url);
        ok = true;
      } catch {
        // No clipboard API (or no permission): copy the selected text the old way.
        input.focus();
        input.select();
        try { ok = document.execCommand('copy'); } catch { ok = false; }
      }
      copied.textContent = ok ? l('copied') : l('copy_failed');
      copied.className = `form-message${ok ? ' ok' : ' error'}`;
    };
    issued.replaceChildren(
      h('p', { class: 'warning', 'data-testid': 'schedule-feed-once', role: 'note' }, l('once')),
      h('div', { class: 'sch-feed-url-row' },
        input,
        h('button', { type: 'button', class: 'primary', 'data-testid': 'schedule-feed-copy', onclick: () => void copy() }, l('copy')),
        h('button', { type: 'button', 'data-testid': 'schedule-feed-dismiss', onclick: hideUrl }, l('done'))),
      copied);
    issued.hidden = false;
    input.focus();
  }

  function hideUrl(): void {
    shownId = '';
    message.textContent = '';
    issued.hidden = true;
    issued.replaceChildren();
  }

  async function load(): Promise<void> {
    const mine = ++generation;
    try {
      const answer = await getJson<{ items: FeedToken[] }>(TOKENS);
      if (mine !== generation || disposed) return;
      tokens = answer.items;
      render();
    } catch (e) {
      if (mine !== generation || disposed) return;
      list.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'schedule-feed-error' }, problemText(e)));
    }
  }

  function render(): void {
    if (tokens.length === 0) {
      list.replaceChildren(h('p', { class: 'muted empty', 'data-testid': 'schedule-feed-empty' }, l('none')));
      return;
    }
    // Newest first: the one just issued on top.
    const rows = [...tokens].reverse();
    list.replaceChildren(h('div', { class: 'table-scroll' },
      h('table', { class: 'sch-feed-tokens' },
        h('thead', null, h('tr', null,
          h('th', null, l('col_label')), h('th', null, l('col_tenants')), h('th', null, l('col_issued')), h('th', null, l('col_state')), h('th', null))),
        h('tbody', null, ...rows.map(row)))));
  }

  function row(token: FeedToken): HTMLElement {
    const revoked = token.revoked_at !== null;
    let action: HTMLElement | null = null;
    if (!revoked && confirming === token.id) {
      action = h('span', { class: 'sch-feed-confirm' },
        h('span', { class: 'muted' }, l('revoke_question')), ' ',
        h('button', { type: 'button', class: 'danger', 'data-testid': 'schedule-feed-revoke-confirm', onclick: () => void revoke(token) }, l('revoke_confirm')), ' ',
        h('button', { type: 'button', 'data-testid': 'schedule-feed-revoke-cancel', onclick: () => { confirming = ''; render(); } }, l('revoke_cancel')));
    } else if (!revoked) {
      action = h('button', { type: 'button', 'data-testid': 'schedule-feed-revoke', onclick: () => { confirming = token.id; listMessage.textContent = ''; render(); } }, l('revoke'));
    }
    return h('tr', { 'data-testid': 'schedule-feed-token', 'data-token-id': token.id, 'data-revoked': String(revoked), class: revoked ? 'sch-revoked' : '' },
      h('td', { 'data-testid': 'schedule-feed-token-label' }, token.label || h('span', { class: 'muted' }, l('unnamed'))),
      h('td', { class: 'nowrap' }, tokenTenants(token.tenants)),
      h('td', { class: 'time' }, h('time', { datetime: token.issued_at }, formatMinute(token.issued_at))),
      h('td', { 'data-testid': 'schedule-feed-token-state' }, revoked
        ? h('span', { class: 'badge permitted' }, l('revoked_at', { at: formatMinute(token.revoked_at) }))
        : h('span', { class: 'badge status-restored' }, l('active'))),
      h('td', { class: 'nowrap' }, action));
  }

  async function revoke(token: FeedToken): Promise<void> {
    listMessage.textContent = '';
    listMessage.className = 'form-message';
    try {
      const res = await apiFetch(`${TOKENS}/${encodeURIComponent(token.id)}`, {
        method: 'DELETE', headers: { Accept: 'application/json', 'Idempotency-Key': newKey() },
      });
      const answer = (await res.json()) as FeedToken;
      if (disposed) return;
      confirming = '';
      tokens = tokens.map((x) => (x.id === answer.id ? answer : x));
      if (shownId === answer.id) hideUrl();
      render();
      listMessage.textContent = l('revoked', { label: answer.label || l('unnamed') });
      listMessage.className = 'form-message ok';
    } catch (e) {
      if (disposed) return;
      confirming = '';
      listMessage.textContent = problemText(e);
      listMessage.className = 'form-message error';
      void load();
    }
  }

  void load();
  return {
    el,
    dispose() {
      disposed = true;
      generation += 1;
    },
  };
}
