// The associations (共済組合) from GET /v1/tenants: the server's registry is the one place that
// knows their codes and Japanese names. Loaded once at sign-in (the caller's own associations;
// every one for centre staff) and taught to i18n, so that a code shows as its name everywhere.
import { learnTenantName } from '../i18n';
import { getJson } from './client';

export interface Tenant {
  code: string;
  name_ja: string;
  go_live: string; // YYYY-MM
  in_centre: boolean;
}

let known: Tenant[] = [];

export async function loadTenants(): Promise<void> {
  const page = await getJson<{ items: Tenant[] }>('/v1/tenants');
  known = page.items;
  for (const tenant of known) learnTenantName(tenant.code, tenant.name_ja);
}

/** The associations the signed-in user may see, in the registry's order. */
export function knownTenants(): readonly Tenant[] {
  return known;
}
