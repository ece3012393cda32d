// Reads the claims a JWT carries, to show who the user is and which associations they may
// see. Nothing is verified here: the server checks the signature on every call, and
// GET /v1/board/summary at login tells whether it accepts the token at all.

export interface TokenClaims {
  sub: string;
  roles: string[];
  tenants: string[]; // tenant codes, or ['*'] for centre staff
  exp?: number; // seconds since the epoch
}

function base64UrlToUtf8(part: string): string {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes); // the payload is UTF-8 JSON (a sub may be Japanese)
}

/** The payload's claims, or null when the text is not a JWT with a JSON payload. */
export function decodeClaims(token: string): TokenClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const payload: unknown = JSON.parse(base64UrlToUtf8(parts[1]));
    if (typeof payload !== 'object' || payload === null) return null;
    const p = payload as Record<string, unknown>;
    const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
    return {
      sub: typeof p.sub === 'string' ? p.sub : '',
      roles: list(p.roles),
      tenants: list(p.tenants),
      exp: typeof p.exp === 'number' ? p.exp : undefined,
    };
  } catch {
    return null;
  }
}

/** Centre staff: `"*"` in the token's tenants (sees every association and the centre-wide table). */
export function isCentreWide(claims: TokenClaims | null): boolean {
  return !!claims && claims.tenants.includes('*');
}
