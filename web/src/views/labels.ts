// The label tables of the views that keep their own labels (Japanese and English pairs, in the
// view's file): `labeller(TABLE)` gives the lookup in the page's language, and `refusal()` says
// a refused request in words, the way the views do (a 409's rule in the page's language where
// the view knows it, else the server's detail).
import { ApiError } from '../api/client';
import { pick, t } from '../i18n';

export type LabelTable = Record<string, readonly [string, string]>;

export interface Labeller<K extends string> {
  /** The label in the page's language; `{name}` placeholders are filled from `vars`. */
  l(key: K, vars?: Record<string, string | number>): string;
  /** Whether `key` is a label of the table (for keys made from API values). */
  has(key: string): key is K;
  /** The label `key` when there is one, else `fallback` (a value the API added later shows as it is). */
  or(key: string, fallback: string): string;
}

export function labeller<T extends LabelTable>(table: T): Labeller<keyof T & string> {
  type K = keyof T & string;
  const l = (key: K, vars?: Record<string, string | number>) => {
    const [ja, en] = table[key]!;
    let text = pick(ja, en);
    if (vars) for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{${k}}`, String(v));
    return text;
  };
  const has = (key: string): key is K => Object.hasOwn(table, key);
  return { l, has, or: (key, fallback) => (has(key) ? l(key) : fallback) };
}

export interface RefusalWords {
  forbidden: string;
  notFound: string;
  conflict: string;
  /** A 412: someone changed it in between. */
  changed?: string;
  /** A 409's rule (`already-approved`) → its words. */
  rule?: (rule: string) => string | null;
}

/** A refusal in words: 403 with the server's reason, 404, 409 by its rule, anything else with the server's detail. */
export function refusal(e: unknown, words: RefusalWords): string {
  if (!(e instanceof ApiError)) return `${t('network_error')}: ${(e as Error).message}`;
  const detail = e.problem?.detail ?? e.message;
  if (e.status === 403) return `${words.forbidden}: ${detail}`;
  if (e.status === 404) return `${words.notFound}: ${detail}`;
  if (e.status === 412 && words.changed) return words.changed;
  if (e.status === 409) {
    const rule = e.problem?.rule ?? '';
    const said = rule && words.rule ? words.rule(rule) : null;
    return said ? `${said}（${rule}）: ${detail}` : `${words.conflict}: ${detail}`;
  }
  return `${t('error')}: ${detail}`;
}
