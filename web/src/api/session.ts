// The signed-in user: the bearer token and its claims, in this module's memory only. Never in
// localStorage, sessionStorage, a cookie or a URL: a reload or a logout forgets it.
import type { TokenClaims } from './jwt';

export type LogoutReason = 'user' | 'refused';

let token: string | null = null;
let claims: TokenClaims | null = null;
const listeners = new Set<(reason: LogoutReason) => void>();

export function signIn(newToken: string, newClaims: TokenClaims): void {
  token = newToken;
  claims = newClaims;
}

/** Forgets the token; `refused` when the server answered 401 (expired or revoked). */
export function signOut(reason: LogoutReason = 'user'): void {
  if (token === null) return;
  token = null;
  claims = null;
  listeners.forEach((fn) => fn(reason));
}

export function currentToken(): string | null {
  return token;
}

export function currentClaims(): TokenClaims | null {
  return claims;
}

/** main.ts listens to show the login page again. */
export function onSignOut(fn: (reason: LogoutReason) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
