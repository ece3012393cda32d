// The forms of the views that send commands (inquiries, FAQ, changes, patches, documents): a
// labelled field with a place for the server's error about it, and sending a command with an
// Idempotency-Key, showing each 422 field error next to its field and any other refusal above
// the button. Below them, the small helpers the changes, patches and documents views share
// (finding a part of the view, a message, a select's options, a body's fields, the associations
// to pick and to show).
import { ApiError, postJson } from '../api/client';
import { isCentreWide } from '../api/jwt';
import { knownTenants } from '../api/tenants';
import { h } from '../dom';
import { t, tenantName } from '../i18n';
import type { ViewContext } from './types';

/** The scope every association of the shared centre names (`tenants: ["all_centre"]`). */
export const ALL_CENTRE = 'all_centre';

/** A labelled control with a place for the server's error about it (`field`: the API's name). */
export function field(name: string, label: string, control: HTMLElement, opts: { required?: boolean; wide?: boolean } = {}): HTMLElement {
  return h('label', { class: `field${opts.wide ? ' wide' : ''}`, 'data-field': name },
    h('span', { class: 'field-label' }, label, opts.required ? h('span', { class: 'req', title: t('inq_required') }, ' *') : null),
    control,
    h('span', { class: 'field-error', 'data-testid': 'field-error', 'data-field': name, role: 'alert' }));
}

export interface FormState {
  /** Where a field's error goes: every `.field-error[data-field]` under these. */
  scopes: HTMLElement[];
  message: HTMLElement;
  submit: HTMLButtonElement;
  /** The Idempotency-Key of a request that got no answer, kept for a retry of the same body. */
  retry: { body: string; key: string } | null;
  /** What a refusal other than a 422 says, in words (the view's rules, in the page's language). */
  describe: (e: unknown) => string;
}

export function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function clearErrors(state: FormState): void {
  state.message.textContent = '';
  state.message.className = 'form-message';
  delete state.message.dataset.rule;
  for (const scope of state.scopes) {
    for (const slot of scope.querySelectorAll<HTMLElement>('.field-error')) slot.textContent = '';
    for (const f of scope.querySelectorAll<HTMLElement>('.field.invalid')) f.classList.remove('invalid');
  }
}

/** A field's error in the page's language where it is a plain "required" (else the server's words). */
function fieldMessage(message: string): string {
  return /^(is required|must not be blank)$/.test(message) ? t('inq_field_required') : message;
}

/** Shows a refusal: each 422 field error next to its field (by the API's name), the rest above the button. */
export function showProblem(state: FormState, e: unknown): void {
  clearErrors(state);
  const rest: string[] = [];
  const fieldErrors = e instanceof ApiError && e.status === 422 ? e.problem?.errors ?? [] : [];
  for (const fe of fieldErrors) {
    // affected_tenants[1] → affected_tenants; master[2].sha256 → master, its message saying which line.
    const [, name = fe.field, inner] = /^(.*?)\[\d+\](\..+)?$/.exec(fe.field) ?? [];
    const said = inner ? `${fe.field}: ${fieldMessage(fe.message)}` : fieldMessage(fe.message);
    let slot: HTMLElement | undefined;
    for (const scope of state.scopes) {
      slot ??= [...scope.querySelectorAll<HTMLElement>('.field-error')].find((el) => el.dataset.field === name);
    }
    if (slot) {
      slot.textContent = slot.textContent ? `${slot.textContent} / ${said}` : said;
      slot.title = fe.message;
      slot.closest('.field')?.classList.add('invalid');
    } else {
      rest.push(`${fe.field}: ${fe.message}`);
    }
  }
  if (fieldErrors.length === 0) rest.push(state.describe(e));
  state.message.textContent = rest.join(' / ');
  state.message.className = 'form-message error';
  state.message.dataset.status = e instanceof ApiError ? String(e.status) : 'network';
  if (e instanceof ApiError && e.problem?.rule) state.message.dataset.rule = e.problem.rule;
  else delete state.message.dataset.rule;
}

/**
 * Sends a command and reads the answer; null when refused (then shown by the form). A request
 * that got no answer at all keeps its Idempotency-Key, so sending the same body again cannot
 * record it twice. `headers` may add an `If-Match`.
 */
export async function send<T>(state: FormState, path: string, body: unknown, headers: Record<string, string> = {}): Promise<T | null> {
  const text = JSON.stringify(body);
  const key = state.retry?.body === text ? state.retry.key : newKey();
  state.retry = { body: text, key };
  clearErrors(state);
  state.submit.disabled = true;
  state.message.textContent = t('inq_sending');
  try {
    const answer = await postJson<T>(path, body, { ...headers, 'Idempotency-Key': key });
    state.retry = null;
    state.message.textContent = '';
    return answer;
  } catch (e) {
    if (e instanceof ApiError) state.retry = null; // answered: a new request gets a new key
    showProblem(state, e);
    return null;
  } finally {
    state.submit.disabled = false;
  }
}

// ---- what the changes, patches and documents views share -------------------------------------

/** The element of the view (`root`) that `selector` finds: one the view made, so it is there. */
export function part<T extends HTMLElement = HTMLElement>(root: ParentNode | null, selector: string): T {
  return root!.querySelector<T>(selector)!;
}

/** Writes `text` into the view's message `[data-testid=testid]` (green when `ok`). */
export function say(root: ParentNode | null, testid: string, text: string, tone: 'ok' | '' = ''): void {
  const message = root?.querySelector<HTMLElement>(`[data-testid="${testid}"]`);
  if (!message) return;
  message.textContent = text;
  message.className = `form-message${tone ? ` ${tone}` : ''}`;
}

/** A select's options: `values` labelled, `selected` chosen, first an empty one when `empty` is given. */
export function options(values: readonly string[], label: (v: string) => string, selected: string, empty?: string): HTMLOptionElement[] {
  return [
    ...(empty !== undefined ? [h('option', { value: '', selected: selected === '' }, empty)] : []),
    ...values.map((v) => h('option', { value: v, selected: v === selected }, label(v))),
  ];
}

/** A number input's value, or undefined when empty (the server then names it as required). */
export function numberOf(input: HTMLInputElement): number | undefined {
  return input.value.trim() === '' ? undefined : Number(input.value);
}

/** The fields with a value: empty strings and undefined are left out. */
export function given(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined && v !== ''));
}

/** An association's name, `センタ全組合` for all_centre. */
export function tenantLabel(code: string): string {
  return code === ALL_CENTRE ? t('all_centre') : tenantName(code);
}

/** The associations in words: `センタ全組合`, one or two names, or `総務省共済組合ほか17組合` (every name in the title). */
export function tenantsText(codes: readonly string[]): HTMLElement {
  const names = codes.map(tenantLabel);
  const text = names.length === 0 ? '—' : names.length <= 2 ? names.join('、') : t('tenants_more', { first: names[0]!, n: names.length - 1 });
  return h('span', { title: names.join('、') || null }, text);
}

/** The associations the user may pick in a filter (the registry's, as the server told them at sign-in). */
export function tenantOptions(ctx: ViewContext, selected: string, empty: string): HTMLOptionElement[] {
  const codes = knownTenants().map((x) => x.code);
  const mine = codes.length > 0 ? codes : ctx.claims.tenants.filter((c) => c !== '*');
  return options(mine, tenantName, selected, empty);
}

/** Whether the user has associations to choose from (centre staff, or a token for several). */
export function pickable(ctx: ViewContext): boolean {
  const mine = knownTenants().length > 0 ? knownTenants().length : ctx.claims.tenants.filter((c) => c !== '*').length;
  return mine > 1 || isCentreWide(ctx.claims);
}

/**
 * The associations a new record concerns, as check boxes (every one for "*", with センタ全組合
 * first): `${testid}-tenants` around them, `${testid}-tenant-<code>` each.
 */
export function tenantPicker(ctx: ViewContext, testid: string): { el: HTMLElement; value(): string[] } {
  const centre = isCentreWide(ctx.claims);
  const codes = centre ? knownTenants().map((x) => x.code) : ctx.claims.tenants.filter((c) => c !== '*');
  const box = (code: string) => h('input', { type: 'checkbox', name: 'tenants', value: code, 'data-testid': `${testid}-tenant-${code}` });
  const all = centre ? box(ALL_CENTRE) : null;
  const boxes = codes.map((code) => ({ code, input: box(code) }));
  all?.addEventListener('change', () => {
    for (const b of boxes) {
      b.input.disabled = all.checked;
      if (all.checked) b.input.checked = false;
    }
  });
  return {
    el: h('div', { class: 'tenant-picker', role: 'group', 'data-testid': `${testid}-tenants` },
      all ? h('label', { class: 'check every' }, all, ' ', t('all_centre')) : null,
      ...boxes.map((b) => h('label', { class: 'check' }, b.input, ' ', tenantName(b.code)))),
    value: () => (all?.checked ? [ALL_CENTRE] : boxes.filter((b) => b.input.checked).map((b) => b.code)),
  };
}

/** The field around a tenant picker (`tenants`, required), with the place for the server's error about it. */
export function tenantsField(label: string, picker: { el: HTMLElement }): HTMLElement {
  return h('div', { class: 'field wide', 'data-field': 'tenants' },
    h('span', { class: 'field-label' }, label, h('span', { class: 'req', title: t('inq_required') }, ' *')),
    picker.el,
    h('span', { class: 'field-error', 'data-testid': 'field-error', 'data-field': 'tenants', role: 'alert' }));
}
