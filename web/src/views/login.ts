// The login page (not in the navigation: shown whenever nobody is signed in). The user pastes a
// bearer token (a JWT); its claims are shown as decoded here, and GET /v1/board/summary checks
// that the server accepts it. The token then lives in memory only (api/session.ts).
import { ApiError, checkToken } from '../api/client';
import { decodeClaims, type TokenClaims } from '../api/jwt';
import { signIn } from '../api/session';
import { loadTenants } from '../api/tenants';
import { h } from '../dom';
import { formatDateTime } from '../format/time';
import { t, tenantName } from '../i18n';

export function renderLogin(container: HTMLElement, message: string | null, onSignedIn: () => void): void {
  const input = h('textarea', {
    'data-testid': 'login-token', rows: 5, spellcheck: 'false', autocomplete: 'off',
    placeholder: 'eyJhbGciOi…', 'aria-label': t('login_token'),
  });
  const claimsBox = h('div', { class: 'claims', 'data-testid': 'login-claims' });
  const error = h('p', { class: 'error', 'data-testid': 'login-error', role: 'alert' }, message ?? '');
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'login-submit' }, t('login_submit'));

  // A pasted "Bearer eyJ…" or a token with line breaks still works.
  const tokenText = () => input.value.replace(/^\s*Bearer\s+/i, '').replace(/\s+/g, '');
  const showClaims = () => {
    const text = tokenText();
    const claims = text ? decodeClaims(text) : null;
    claimsBox.replaceChildren(...(claims ? [claimsList(claims)] : text ? [h('p', { class: 'muted' }, t('token_malformed'))] : []));
  };
  input.addEventListener('input', showClaims);

  const form = h('form', { class: 'login panel', 'data-testid': 'login-form' },
    h('h1', null, `opsdesk ${t('app_title')}`),
    h('h2', null, t('login_title')),
    h('p', { class: 'muted' }, t('login_hint')),
    h('label', null, t('login_token'), input),
    claimsBox,
    error,
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = tokenText();
    const claims = decodeClaims(token);
    if (!claims) {
      error.textContent = t('token_malformed');
      return;
    }
    submit.disabled = true;
    submit.textContent = t('login_checking');
    error.textContent = '';
    checkToken(token)
      .then((result) => {
        if (result === 'ok') {
          input.value = '';
          signIn(token, claims);
          // The associations' names before the first view; without them codes show instead.
          loadTenants().catch(() => undefined).finally(onSignedIn);
          return;
        }
        error.textContent = result === 'refused' ? t('token_refused') : `${t('error')}: ${(result as ApiError).message}`;
      })
      .catch(() => {
        error.textContent = t('network_error');
      })
      .finally(() => {
        submit.disabled = false;
        submit.textContent = t('login_submit');
      });
  });
  container.append(form);
  input.focus();
}

/** The claims the token carries (sub, roles, tenants, expiry) as a definition list. */
export function claimsList(claims: TokenClaims): HTMLElement {
  const tenants = claims.tenants.includes('*') ? t('all_tenants') : claims.tenants.map((c) => tenantName(c)).join('、');
  return h('dl', { class: 'claims-list' },
    h('dt', null, t('claim_sub')), h('dd', { 'data-testid': 'claim-sub' }, claims.sub),
    h('dt', null, t('claim_roles')), h('dd', { 'data-testid': 'claim-roles' }, claims.roles.join(', ')),
    h('dt', null, t('claim_tenants')), h('dd', { 'data-testid': 'claim-tenants' }, tenants),
    claims.exp !== undefined ? [h('dt', null, t('claim_exp')), h('dd', null, formatDateTime(claims.exp * 1000))] : null,
  );
}
