// The label lookup: t('key') in the current language, ja by default. The choice is a display
// preference, so it is remembered in localStorage (the token never is).
import { en } from './en';
import { ja, type LabelKey } from './ja';

export type Lang = 'ja' | 'en';
export type { LabelKey };

const PREF_KEY = 'opsdesk.lang';
let current: Lang = readPref();
const listeners = new Set<() => void>();

function readPref(): Lang {
  try {
    return localStorage.getItem(PREF_KEY) === 'en' ? 'en' : 'ja';
  } catch {
    return 'ja';
  }
}

export function lang(): Lang {
  return current;
}

export function setLang(next: Lang): void {
  if (next === current) return;
  current = next;
  try {
    localStorage.setItem(PREF_KEY, next);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  document.documentElement.lang = next;
  listeners.forEach((fn) => fn());
}

/** Called after every language change (main.ts re-renders the page). */
export function onLangChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The label in the current language; `{name}` placeholders are filled from `vars`. */
export function t(key: LabelKey, vars?: Record<string, string | number>): string {
  let text: string = (current === 'en' ? en : ja)[key];
  if (vars) for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{${k}}`, String(v));
  return text;
}

/** Picks the Japanese or English text of a pair the API or a view gives. */
export function pick(textJa: string, textEn: string): string {
  return current === 'en' ? textEn : textJa;
}

// Names learnt from the server (GET /v1/tenants at sign-in, and `name_ja` in answers).
const learntNames = new Map<string, string>();

export function learnTenantName(code: string, nameJa: string | null | undefined): void {
  if (nameJa) learntNames.set(code, nameJa);
}

/** The association's Japanese name (共済組合名); in English the code is added: `総務省共済組合 (soumu)`. */
export function tenantName(code: string): string {
  if (code === '*') return t('sla_centre');
  const name = learntNames.get(code) ?? code;
  return current === 'en' && name !== code ? `${name} (${code})` : name;
}
