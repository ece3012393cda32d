// 運用計画, a panel of the schedule view (#/schedule): the plans the associations approve
// (仕様書 4.(3)④エ), a month's detailed plan (月間運用計画) or a fiscal year's annual centre
// schedule (年間センタ運用計画, April–March), with where each association stands with its
// approval (承認済 / 承認後に変更あり / 未承認), the plan as an Excel workbook, and for
// maintainers and association administrators 承認を記録 (the associations that approved, who).
//
// From docs/api/scheduling.yaml: GET /v1/schedule/plan?month=YYYY-MM or ?year=YYYY (JSON, or
// `format=xlsx`, fetched with the token and saved from memory: a link cannot send it) and
// POST /v1/schedule/plans/{period}/approve. The plan shows the associations the token holds;
// the server judges who may approve for which.
import { getBlob, getJson } from '../api/client';
import { isCentreWide } from '../api/jwt';
import { h, saveBlob } from '../dom';
import { formatMinute } from '../format/time';
import { learnTenantName, t, tenantName } from '../i18n';
import { field, send, type FormState } from './forms';
import { labeller, refusal } from './labels';
import type { ViewContext } from './types';

const PLAN = '/v1/schedule/plan';
const PLANS = '/v1/schedule/plans';
const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

// ---- the answers (docs/api/scheduling.yaml: only the fields the panel reads) -----------------

type TenantStatus = 'approved' | 'changed_since_approval' | 'not_approved';
type PlanKind = 'monthly' | 'annual';

interface PlanApproval {
  tenant: string;
  approver: string;
  entries: number;
  note: string | null;
  at: string;
  by: string;
}

interface TenantApproval {
  tenant: string;
  name_ja: string | null;
  status: TenantStatus;
  entries: number;
  approval: PlanApproval | null;
}

interface Plan {
  period: string;
  kind: PlanKind;
  from: string;
  to: string;
  approval_status: 'approved' | 'partially_approved' | 'not_approved';
  approvals: TenantApproval[];
  windows: unknown[];
  occurrences?: unknown[];
  tasks?: unknown[];
}

interface ApprovalAnswer {
  period: string;
  version: number;
  approvals: PlanApproval[];
}

// ---- labels ---------------------------------------------------------------------------------

const { l, or } = labeller({
  title: ['運用計画', 'Plans'],
  kind_monthly: ['月間運用計画', 'Monthly plan'],
  kind_annual: ['年間センタ運用計画', 'Annual centre schedule'],
  month: ['月', 'Month'],
  year: ['年度', 'Fiscal year'],
  year_option: ['{y}年度（{y}年4月〜{next}年3月）', 'FY{y} (April {y} – March {next})'],
  reload: ['↻ 再読込', '↻ Reload'],
  xlsx: ['⬇ Excel', '⬇ Excel'],
  xlsx_title: ['計画をExcelでダウンロード', 'Download the plan as an Excel workbook'],
  approve: ['承認を記録', 'Record an approval'],
  heading_monthly: ['月間運用計画 {y}年{m}月', 'Monthly plan, {y}-{m}'],
  heading_annual: ['年間センタ運用計画 {y}年度（{y}年4月〜{next}年3月）', 'Annual centre schedule FY{y} (April {y} – March {next})'],
  summary_monthly: ['作業{n}件・計画作業{w}件', '{n} occurrences, {w} maintenance windows'],
  summary_annual: ['定常作業{n}件・計画作業{w}件', '{n} recurring tasks, {w} maintenance windows'],
  overall_approved: ['全組合承認済', 'Approved by all'],
  overall_partially_approved: ['一部承認', 'Partly approved'],
  overall_not_approved: ['未承認', 'Not approved'],
  status_approved: ['承認済', 'Approved'],
  status_changed_since_approval: ['承認後に変更あり', 'Changed since approval'],
  status_not_approved: ['未承認', 'Not approved'],
  col_tenant: ['組合', 'Association'],
  col_status: ['状況', 'Status'],
  col_entries: ['対象件数', 'Entries'],
  col_approver: ['承認者', 'Approved by'],
  col_at: ['承認日時', 'Approved at'],
  entries: ['{n}件', '{n}'],
  entries_then: ['{n}件（承認時{m}件）', '{n} ({m} when approved)'],
  none: ['この期間の計画に含まれる組合はありません', 'No association has an entry in this plan'],
  approve_title: ['承認の記録：{plan}', 'Record an approval: {plan}'],
  approve_tenants: ['承認した組合', 'Associations that approved'],
  approve_all_open: ['未承認の組合をすべて選択', 'Select every one not approved'],
  approver: ['承認者（組合側の氏名・役職、または会議名）', "Approved by (the association's person, or the meeting)"],
  approver_placeholder: ['例: 総務省共済組合 山田課長、12月運用報告会にて承認', 'e.g. 総務省共済組合 山田課長'],
  note: ['備考（任意）', 'Note (optional)'],
  submit: ['記録', 'Record'],
  close: ['閉じる', 'Close'],
  approved_already: ['（承認済）', ' (approved)'],
  recorded: ['承認を記録しました：{names}', 'Approval recorded: {names}'],
  download_failed: ['ダウンロードに失敗しました', 'Download failed'],
  forbidden: ['この操作の権限がありません', 'Not allowed'],
  not_found: ['計画が見つかりません', 'No such plan'],
  conflict: ['記録できません', 'Cannot be recorded'],
  changed: ['他の承認が先に記録されました。計画を読み込み直してからもう一度記録してください', 'Another approval was recorded meanwhile; reload the plan and record again'],
  rule_already_approved: ['現在の計画を承認済みの組合が含まれています', 'Some of the associations have approved the plan as it stands already'],
});

const STATUS_CLASS: Record<TenantStatus, string> = {
  approved: 'status-restored', changed_since_approval: 'sch-changed', not_approved: 'class-none',
};
const OVERALL_CLASS: Record<Plan['approval_status'], string> = {
  approved: 'status-restored', partially_approved: 'inq-status-in_progress', not_approved: 'class-none',
};

const problemText = (e: unknown) => refusal(e, {
  forbidden: l('forbidden'), notFound: l('not_found'), conflict: l('conflict'), changed: l('changed'),
  rule: (rule) => or(`rule_${rule.replaceAll('-', '_')}`, '') || null,
});

/** The fiscal year (April–March) a date `YYYY-MM-DD` or month `YYYY-MM` falls in. */
export function fiscalYearOf(date: string): number {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return m >= 4 ? y : y - 1;
}

/** The panel's heading for a period: `月間運用計画 2026年12月`, `年間センタ運用計画 2026年度（…）`. */
function heading(kind: PlanKind, period: string): string {
  const y = Number(period.slice(0, 4));
  return kind === 'annual' ? l('heading_annual', { y, next: y + 1 }) : l('heading_monthly', { y, m: Number(period.slice(5, 7)) });
}

// ---- the panel ------------------------------------------------------------------------------

export interface PlanPanel {
  el: HTMLElement;
  /** The server's today (Tokyo), once known: the first plan shown is its month's. */
  setToday(date: string): void;
  /** Reads the plan shown again (after something planned changed). */
  refresh(): void;
  dispose(): void;
}

export function planPanel(ctx: ViewContext): PlanPanel {
  const canApprove = ctx.claims.roles.includes('maintainer') || ctx.claims.roles.includes('association_admin');
  const holds = (code: string) => isCentreWide(ctx.claims) || ctx.claims.tenants.includes(code);
  let kind: PlanKind = 'monthly';
  let month = '';
  let year = 0;
  let shown: Plan | null = null;
  let generation = 0;
  let disposed = false;

  const monthInput = h('input', { type: 'month', 'data-testid': 'schedule-plan-month', required: true });
  const yearSelect = h('select', { 'data-testid': 'schedule-plan-year' });
  const kindButton = (k: PlanKind) => h('button', {
    type: 'button', 'data-testid': `schedule-plan-kind-${k}`, 'aria-pressed': String(k === kind), onclick: () => choose(k),
  }, l(k === 'monthly' ? 'kind_monthly' : 'kind_annual'));
  const kinds = { monthly: kindButton('monthly'), annual: kindButton('annual') };
  const monthLabel = h('label', null, h('span', null, l('month')), monthInput);
  const yearLabel = h('label', { hidden: true }, h('span', null, l('year')), yearSelect);
  const xlsx = h('button', { type: 'button', 'data-testid': 'schedule-plan-xlsx', title: l('xlsx_title'), disabled: true, onclick: () => void download() }, l('xlsx'));
  const approveButton = canApprove
    ? h('button', { type: 'button', class: 'primary', 'data-testid': 'schedule-plan-approve', 'aria-expanded': 'false', disabled: true, onclick: () => toggleForm() }, l('approve'))
    : null;
  const downloadError = h('span', { class: 'download-error', 'data-testid': 'schedule-plan-download-error', role: 'alert' });
  const formSlot = h('div', { class: 'sch-plan-form' });
  const message = h('p', { class: 'form-message', 'data-testid': 'schedule-plan-message', role: 'status' });
  const body = h('div', { 'data-testid': 'schedule-plan-body' }, h('p', { class: 'muted' }, t('loading')));

  monthInput.addEventListener('change', () => {
    if (!MONTH_RE.test(monthInput.value)) return;
    month = monthInput.value;
    void load();
  });
  yearSelect.addEventListener('change', () => {
    year = Number(yearSelect.value);
    void load();
  });

  const el = h('section', { class: 'panel sch-plan', 'data-testid': 'schedule-plan' },
    h('h2', null, l('title')),
    h('div', { class: 'sch-plan-controls' },
      h('div', { class: 'sch-segmented', role: 'group' }, kinds.monthly, kinds.annual),
      monthLabel, yearLabel,
      h('button', { type: 'button', 'data-testid': 'schedule-plan-reload', onclick: () => void load() }, l('reload')),
      h('div', { class: 'sch-plan-actions' }, xlsx, approveButton)),
    downloadError, formSlot, message, body);

  function say(text: string, tone: 'ok' | '' = ''): void {
    message.textContent = text;
    message.className = `form-message${tone ? ` ${tone}` : ''}`;
  }

  function period(): string {
    return kind === 'annual' ? (year ? String(year) : '') : month;
  }

  function choose(next: PlanKind): void {
    if (next === kind) return;
    kind = next;
    for (const k of ['monthly', 'annual'] as const) kinds[k].setAttribute('aria-pressed', String(k === kind));
    monthLabel.hidden = kind !== 'monthly';
    yearLabel.hidden = kind !== 'annual';
    void load();
  }

  function fillYears(around: number): void {
    yearSelect.replaceChildren(...[around - 2, around - 1, around, around + 1].map((y) =>
      h('option', { value: y, selected: y === year }, l('year_option', { y, next: y + 1 }))));
  }

  async function load(): Promise<void> {
    const mine = ++generation;
    const p = period();
    formSlot.replaceChildren();
    approveButton?.setAttribute('aria-expanded', 'false');
    downloadError.textContent = '';
    if (!p) return;
    body.replaceChildren(h('p', { class: 'muted' }, t('loading')));
    try {
      const plan = await getJson<Plan>(PLAN, kind === 'annual' ? { year: p } : { month: p });
      if (mine !== generation || disposed) return;
      shown = plan;
      render(plan);
    } catch (e) {
      if (mine !== generation || disposed) return;
      shown = null;
      body.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'schedule-plan-error' }, problemText(e)));
    }
    xlsx.disabled = !shown;
    if (approveButton) approveButton.disabled = !shown || !shown.approvals.some((a) => holds(a.tenant));
  }

  function render(plan: Plan): void {
    for (const a of plan.approvals) learnTenantName(a.tenant, a.name_ja);
    const entries = plan.kind === 'annual' ? plan.tasks?.length ?? 0 : plan.occurrences?.length ?? 0;
    const head = h('div', { class: 'sch-plan-head' },
      h('h3', { 'data-testid': 'schedule-plan-title', 'data-period': plan.period }, heading(plan.kind, plan.period)),
      h('span', { class: `badge ${OVERALL_CLASS[plan.approval_status] ?? ''}`, 'data-testid': 'schedule-plan-status', 'data-status': plan.approval_status },
        or(`overall_${plan.approval_status}`, plan.approval_status)),
      h('span', { class: 'muted', 'data-testid': 'schedule-plan-summary' },
        `${plan.from.replaceAll('-', '/')}〜${plan.to.replaceAll('-', '/')} · `,
        l(plan.kind === 'annual' ? 'summary_annual' : 'summary_monthly', { n: entries, w: plan.windows.length })));
    if (plan.approvals.length === 0) {
      body.replaceChildren(head, h('p', { class: 'muted empty', 'data-testid': 'schedule-plan-empty' }, l('none')));
      return;
    }
    body.replaceChildren(head, h('div', { class: 'table-scroll' },
      h('table', { class: 'sch-plan-approvals' },
        h('thead', null, h('tr', null,
          h('th', null, l('col_tenant')), h('th', null, l('col_status')), h('th', { class: 'num' }, l('col_entries')),
          h('th', null, l('col_approver')), h('th', null, l('col_at')))),
        h('tbody', null, ...plan.approvals.map((a) => {
          const then = a.approval && a.approval.entries !== a.entries ? a.approval.entries : null;
          return h('tr', { 'data-testid': 'schedule-plan-tenant', 'data-tenant': a.tenant, 'data-status': a.status },
            h('td', { class: 'nowrap' }, tenantName(a.tenant)),
            h('td', null, h('span', { class: `badge ${STATUS_CLASS[a.status] ?? ''}`, 'data-testid': 'schedule-plan-tenant-status' },
              or(`status_${a.status}`, a.status))),
            h('td', { class: 'num', 'data-testid': 'schedule-plan-tenant-entries' },
              then === null ? l('entries', { n: a.entries }) : l('entries_then', { n: a.entries, m: then })),
            h('td', { 'data-testid': 'schedule-plan-tenant-approver', title: a.approval?.note ?? '' }, a.approval?.approver ?? '—'),
            h('td', { class: 'time' }, a.approval ? h('time', { datetime: a.approval.at }, formatMinute(a.approval.at)) : '—'));
        })))));
  }

  async function download(): Promise<void> {
    downloadError.textContent = '';
    const p = period();
    if (!p) return;
    try {
      const blob = await getBlob(PLAN, { ...(kind === 'annual' ? { year: p } : { month: p }), format: 'xlsx' });
      saveBlob(blob, `schedule-plan-${p}.xlsx`);
    } catch (e) {
      if (!disposed) downloadError.textContent = `${l('download_failed')}: ${problemText(e)}`;
    }
  }

  // ---- 承認を記録 ---------------------------------------------------------------------------

  function toggleForm(): void {
    const open = formSlot.childElementCount > 0;
    formSlot.replaceChildren();
    approveButton?.setAttribute('aria-expanded', String(!open && !!shown));
    if (open || !shown) return;
    say('');
    formSlot.append(approveForm(shown));
    formSlot.querySelector<HTMLInputElement>('input[name="tenants"]:not(:disabled)')?.focus();
  }

  function approveForm(plan: Plan): HTMLElement {
    const mine = plan.approvals.filter((a) => holds(a.tenant));
    const boxes = mine.map((a) => ({
      a,
      input: h('input', {
        type: 'checkbox', name: 'tenants', value: a.tenant, disabled: a.status === 'approved',
        'data-testid': `schedule-plan-approve-tenant-${a.tenant}`,
      }),
    }));
    const approver = h('input', { name: 'approver', 'data-testid': 'schedule-plan-approve-approver', maxlength: 100, placeholder: l('approver_placeholder'), autocomplete: 'off' });
    const note = h('textarea', { name: 'note', 'data-testid': 'schedule-plan-approve-note', rows: 2, maxlength: 4000 });
    const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'schedule-plan-approve-submit' }, l('submit'));
    const formMessage = h('span', { class: 'form-message', 'data-testid': 'schedule-plan-approve-message', role: 'status' });
    const selectOpen = () => { for (const b of boxes) if (!b.input.disabled) b.input.checked = true; };
    const form = h('form', { class: 'inq-command', 'data-testid': 'schedule-plan-approve-form', novalidate: true },
      h('fieldset', null,
        h('legend', null, l('approve_title', { plan: heading(plan.kind, plan.period) })),
        h('div', { class: 'field wide', 'data-field': 'tenants' },
          h('span', { class: 'field-label' }, l('approve_tenants'), h('span', { class: 'req', title: t('inq_required') }, ' *'), ' ',
            h('button', { type: 'button', class: 'link', 'data-testid': 'schedule-plan-approve-all-open', onclick: selectOpen }, l('approve_all_open'))),
          h('div', { class: 'tenant-picker', role: 'group', 'data-testid': 'schedule-plan-approve-tenants' },
            ...boxes.map((b) => h('label', { class: 'check', title: or(`status_${b.a.status}`, b.a.status) },
              b.input, ' ', tenantName(b.a.tenant), b.a.status === 'approved' ? h('span', { class: 'muted' }, l('approved_already')) : null))),
          h('span', { class: 'field-error', 'data-testid': 'field-error', 'data-field': 'tenants', role: 'alert' })),
        field('approver', l('approver'), approver, { required: true, wide: true }),
        field('note', l('note'), note, { wide: true }),
        // by and at are never sent (the token's sub, the server's time); their slots are there in case the server names them.
        h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'by', role: 'alert' }),
        h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'at', role: 'alert' }),
        h('div', { class: 'form-actions' }, formMessage, submit,
          h('button', { type: 'button', 'data-testid': 'schedule-plan-approve-cancel', onclick: () => toggleForm() }, l('close')))));
    const state: FormState = { scopes: [form], message: formMessage, submit, retry: null, describe: problemText };
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const tenants = boxes.filter((b) => b.input.checked).map((b) => b.a.tenant);
      void send<ApprovalAnswer>(state, `${PLANS}/${encodeURIComponent(plan.period)}/approve`, {
        tenants,
        approver: approver.value,
        ...(note.value.trim() ? { note: note.value } : {}),
      }).then(async (answer) => {
        if (!answer || disposed) return;
        await load();
        if (!disposed) say(l('recorded', { names: tenants.map(tenantName).join('、') }), 'ok');
      });
    });
    return form;
  }

  return {
    el,
    setToday(date) {
      if (month || disposed) return;
      month = date.slice(0, 7);
      year = fiscalYearOf(date);
      monthInput.value = month;
      fillYears(year);
      void load();
    },
    refresh() {
      if (shown && formSlot.childElementCount === 0) void load();
    },
    dispose() {
      disposed = true;
      generation += 1;
    },
  };
}
