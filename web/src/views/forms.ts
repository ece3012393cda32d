// The forms of the views that send commands (inquiries, FAQ): a labelled field with a place for
// the server's error about it, and sending a command with an Idempotency-Key, showing each
// 422 field error next to its field and any other refusal above the button.
import { ApiError, postJson } from '../api/client';
import { h } from '../dom';
import { t } from '../i18n';

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
    const name = fe.field.replace(/\[\d+\]$/, ''); // affected_tenants[1] → affected_tenants
    let slot: HTMLElement | undefined;
    for (const scope of state.scopes) {
      slot ??= [...scope.querySelectorAll<HTMLElement>('.field-error')].find((el) => el.dataset.field === name);
    }
    if (slot) {
      slot.textContent = slot.textContent ? `${slot.textContent} / ${fieldMessage(fe.message)}` : fieldMessage(fe.message);
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
