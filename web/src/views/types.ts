import type { TokenClaims } from '../api/jwt';

/** What a view gets from the app shell. */
export interface ViewContext {
  /** The signed-in user's claims (decoded from the token; the server checks them). */
  claims: TokenClaims;
  /** The query part of the route: `#/sla?tenant=soumu&month=2026-11` gives tenant and month. */
  params: URLSearchParams;
  /** Rewrites the route's query (for bookmarks and reloads) without rendering the view again. */
  setParams(params: Record<string, string>): void;
}

/**
 * A page of the dashboard. The app shows one at a time, at `#/<id>`: it calls render() with an
 * empty container, and dispose() before the next view (or a language change, or a logout)
 * replaces it. dispose() must stop everything render() started: streams, timers, requests.
 */
export interface View {
  /** The route, `#/<id>`; lower-case letters and dashes. */
  id: string;
  /** The navigation label in Japanese and in English. */
  label_ja: string;
  label_en: string;
  render(container: HTMLElement, ctx: ViewContext): void;
  dispose(): void;
}
