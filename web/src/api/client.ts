// The HTTP client. The dashboard is served by opsdesk itself, so every call is relative
// (`/v1/...`, same origin) and carries `Authorization: Bearer <token>`. A 401 anywhere means the
// token is no longer accepted: the session ends and the login page comes back.
import type { Problem } from './types';
import { currentToken, signOut } from './session';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
    /** Seconds from the `Retry-After` header (503 position-not-yet-applied, 429). */
    readonly retryAfter: number | null,
  ) {
    super(problem?.detail ? `${status} ${problem.detail}` : `HTTP ${status}`);
  }
}

export type Query = Record<string, string | number | null | undefined>;

/** `path?k=v&…`, leaving out null and undefined values. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined) params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export function authHeaders(token: string | null = currentToken()): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

async function errorFrom(res: Response): Promise<ApiError> {
  let problem: Problem | null = null;
  try {
    if ((res.headers.get('Content-Type') ?? '').includes('json')) problem = (await res.json()) as Problem;
  } catch {
    /* not a problem document */
  }
  const ra = Number(res.headers.get('Retry-After'));
  return new ApiError(res.status, problem, Number.isFinite(ra) && ra > 0 ? ra : null);
}

/** fetch() with the token; throws ApiError for any non-2xx answer (and signs out on 401). */
export async function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(path, {
    ...init,
    headers: { ...authHeaders(), ...(init.headers as Record<string, string> | undefined) },
    cache: 'no-store',
  });
  if (res.ok) return res;
  const error = await errorFrom(res);
  if (res.status === 401) signOut('refused');
  throw error;
}

export async function getJson<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
  const res = await apiFetch(withQuery(path, query), { headers: { Accept: 'application/json' }, signal });
  return (await res.json()) as T;
}

/**
 * POSTs a JSON body (a command) and reads the JSON answer. `headers` may add an
 * `Idempotency-Key` or `If-Match`. Throws ApiError for a refusal (its `problem` holds the
 * field errors of a 422 and the rule of a 409).
 */
export async function postJson<T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await apiFetch(path, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return (await res.json()) as T;
}

export async function getBlob(path: string, query?: Query): Promise<Blob> {
  const res = await apiFetch(withQuery(path, query));
  return res.blob();
}

/**
 * Checks a token before signing in with it: GET /v1/board/summary, which any valid token may
 * read. Does not touch the session (a refused token at login is not a sign-out).
 */
export async function checkToken(token: string): Promise<'ok' | 'refused' | ApiError> {
  const res = await fetch('/v1/board/summary', { headers: authHeaders(token), cache: 'no-store' });
  if (res.ok) return 'ok';
  if (res.status === 401) return 'refused';
  return errorFrom(res);
}
