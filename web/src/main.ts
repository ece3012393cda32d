// The dashboard's entry: the login page while nobody is signed in, else the app shell (header,
// navigation built from views/registry.ts) and the view of the current route (#/now, #/sla…).
import './style.css';
import { signOut, currentClaims, currentToken, onSignOut } from './api/session';
import { h } from './dom';
import { lang, onLangChange, pick, setLang, t } from './i18n';
import { claimsList, renderLogin } from './views/login';
import { findView, views } from './views/registry';
import type { View } from './views/types';

const app = document.getElementById('app')!;
let current: View | null = null;
let loginMessage: string | null = null;

/** `#/sla?tenant=soumu&month=2026-11` → id `sla` and its query. */
function route(): { id: string; params: URLSearchParams } {
  const hash = location.hash.replace(/^#\/?/, '');
  const [id = '', query = ''] = hash.split('?', 2);
  return { id, params: new URLSearchParams(query) };
}

function disposeView(): void {
  current?.dispose();
  current = null;
}

function render(): void {
  disposeView();
  document.documentElement.lang = lang();
  if (!currentToken()) {
    app.replaceChildren();
    renderLogin(app, loginMessage, () => {
      loginMessage = null;
      // replaceState, not location.hash: a hashchange would render the view a second time.
      if (!findView(route().id)) history.replaceState(null, '', `#/${views[0]!.id}`);
      render();
    });
    return;
  }
  app.replaceChildren(shell(), h('main', { id: 'view', class: 'view' }));
  renderView();
}

function shell(): HTMLElement {
  const claims = currentClaims()!;
  const wall = document.documentElement.classList.contains('wall');
  return h('header', { class: 'app-header' },
    h('div', { class: 'brand' }, 'opsdesk ', h('strong', null, t('app_title'))),
    h('nav', { class: 'nav', 'aria-label': 'views' },
      ...views.map((v) => h('a', { href: `#/${v.id}`, 'data-view': v.id, 'data-testid': `nav-${v.id}` }, pick(v.label_ja, v.label_en)))),
    h('div', { class: 'header-tools' },
      h('details', { class: 'whoami' },
        h('summary', { 'data-testid': 'whoami', title: claims.roles.join(', ') }, claims.sub, ' ▾'),
        claimsList(claims)),
      h('button', { type: 'button', 'data-testid': 'lang-toggle', onclick: () => setLang(lang() === 'ja' ? 'en' : 'ja') }, t('lang_toggle')),
      h('button', { type: 'button', 'data-testid': 'wall-toggle', 'aria-pressed': String(wall), onclick: toggleWall }, wall ? t('wall_off') : t('wall_on')),
      h('button', { type: 'button', 'data-testid': 'logout', onclick: () => signOut('user') }, t('logout')),
    ),
  );
}

function renderView(): void {
  disposeView();
  const { id, params } = route();
  const view = findView(id) ?? views[0]!;
  if (view.id !== id) history.replaceState(null, '', `#/${view.id}`);
  for (const a of document.querySelectorAll<HTMLAnchorElement>('.nav a')) a.classList.toggle('active', a.dataset.view === view.id);
  const container = document.getElementById('view')!;
  container.replaceChildren();
  current = view;
  view.render(container, {
    claims: currentClaims()!,
    params,
    setParams(next) {
      const qs = new URLSearchParams(next).toString();
      history.replaceState(null, '', `#/${view.id}${qs ? `?${qs}` : ''}`);
    },
  });
}

// The large-type wall display mode; a display preference, so it is remembered (the token is not).
function toggleWall(): void {
  const on = document.documentElement.classList.toggle('wall');
  try {
    localStorage.setItem('opsdesk.wall', on ? '1' : '0');
  } catch {
    /* ignore */
  }
  render();
}

try {
  if (localStorage.getItem('opsdesk.wall') === '1') document.documentElement.classList.add('wall');
} catch {
  /* ignore */
}

window.addEventListener('hashchange', () => {
  if (currentToken()) renderView();
});
onSignOut((reason) => {
  loginMessage = reason === 'refused' ? t('session_ended') : null;
  render();
});
onLangChange(render);
render();
