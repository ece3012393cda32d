// #/sla SLA 実績（別表1）: the contract's SLA table for one association (or the whole centre,
// for centre staff) and one month, each row's evidence one click away, the month-by-month
// first-notice mean over the contract term (April–March), and the CSV / Excel downloads.
//
// Route: #/sla?tenant=soumu&month=2026-11 (both optional). Without a month, the current month
// on the server's clock (an answer's `computed_at`).
import { getBlob, getJson } from '../api/client';
import { isCentreWide } from '../api/jwt';
import type { SlaEvidence, SlaTable, SlaTablePage, SlaTableRow } from '../api/types';
import { drawFirstNoticeChart, type MonthPoint } from '../chart/first-notice-chart';
import { h, saveBlob } from '../dom';
import { fiscalYearMonths, formatDateTime, tokyoMonth } from '../format/time';
import { learnTenantName, pick, t, tenantName } from '../i18n';
import { knownTenants } from '../api/tenants';
import type { View, ViewContext } from './types';

const TABLE = '/v1/sla/table';
const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

let root: HTMLElement | null = null;
let generation = 0; // bumped on every load: answers for an older selection are dropped
let removeChart: (() => void) | null = null;
let tenant = '';
let month = '';

export const slaView: View = {
  id: 'sla',
  label_ja: 'SLA 実績（別表1）',
  label_en: 'SLA (別表1)',

  render(container, ctx) {
    const scopes = scopesFor(ctx);
    const asked = ctx.params.get('tenant');
    tenant = asked && scopes.includes(asked) ? asked : scopes[0] ?? '';
    month = MONTH_RE.test(ctx.params.get('month') ?? '') ? ctx.params.get('month')! : '';

    const tenantSelect = h('select', { 'data-testid': 'sla-tenant', 'aria-label': t('sla_tenant') },
      ...scopes.map((code) => h('option', { value: code, selected: code === tenant }, tenantName(code))));
    const monthInput = h('input', { type: 'month', 'data-testid': 'sla-month', value: month, 'aria-label': t('sla_month') });
    const changed = () => {
      tenant = tenantSelect.value;
      if (MONTH_RE.test(monthInput.value)) month = monthInput.value;
      ctx.setParams({ tenant, month });
      void load(ctx);
    };
    tenantSelect.addEventListener('change', changed);
    monthInput.addEventListener('change', changed);

    root = h('section', { class: 'view-sla' },
      h('div', { class: 'sla-controls panel' },
        h('label', null, h('span', null, t('sla_tenant')), tenantSelect),
        h('label', null, h('span', null, t('sla_month')), monthInput),
        h('div', { class: 'downloads' },
          h('button', { type: 'button', 'data-testid': 'download-csv', onclick: () => void download('csv') }, `⬇ ${t('download_csv')}`),
          h('button', { type: 'button', 'data-testid': 'download-xlsx', onclick: () => void download('xlsx') }, `⬇ ${t('download_xlsx')}`),
        ),
        h('span', { class: 'download-error', 'data-testid': 'download-error', role: 'alert' }),
      ),
      h('section', { class: 'panel sla-table-panel', 'data-testid': 'sla-table' }),
      h('section', { class: 'panel sla-chart-panel' },
        h('h2', null, t('chart_title')),
        h('div', { class: 'sla-chart', 'data-testid': 'sla-chart' }),
      ),
    );
    container.append(root);
    if (!tenant) {
      part('[data-testid="sla-table"]').replaceChildren(h('p', { class: 'muted' }, t('no_sla_access')));
      return;
    }
    void load(ctx, monthInput);
  },

  dispose() {
    generation += 1;
    removeChart?.();
    removeChart = null;
    root = null;
  },
};

/**
 * The tables the user may pick: centre staff (`"*"`) get the centre-wide table (`tenant=*`) and
 * every association (GET /v1/tenants); others their own associations, from the token. The
 * server decides in the end (404 for a table the token may not see).
 */
function scopesFor(ctx: ViewContext): string[] {
  if (isCentreWide(ctx.claims)) return ['*', ...knownTenants().map((tenant) => tenant.code)];
  return ctx.claims.tenants;
}

function part(selector: string): HTMLElement {
  return root!.querySelector<HTMLElement>(selector)!;
}

async function load(ctx: ViewContext, monthInput?: HTMLInputElement): Promise<void> {
  const mine = ++generation;
  const tablePanel = part('[data-testid="sla-table"]');
  tablePanel.replaceChildren(h('p', { class: 'muted' }, t('loading')));
  try {
    let serverMonth: string | null = null;
    if (!month) {
      // No month chosen: the server's current month. The term table of the scope (figures only)
      // is a cheap answer that says what time it is on the server.
      const probe = await getJson<SlaTablePage>(TABLE, { tenant, evidence: 'none' });
      if (mine !== generation) return;
      serverMonth = tokyoMonth(probe.computed_at);
      month = serverMonth;
      if (monthInput) monthInput.value = month;
      ctx.setParams({ tenant, month });
    }
    const page = await getJson<SlaTablePage>(TABLE, { tenant, month, evidence: 'all' });
    if (mine !== generation) return;
    serverMonth ??= tokyoMonth(page.computed_at);
    const table = page.tables[0];
    if (!table) throw new Error('no table in the answer');
    learnTenantName(table.tenant, table.name_ja);
    tablePanel.replaceChildren(...renderTable(page, table));
    void loadChart(mine, table, serverMonth);
  } catch (e) {
    if (mine !== generation) return;
    tablePanel.replaceChildren(h('p', { class: 'error', role: 'alert' }, `${t('error')}: ${(e as Error).message}`));
  }
}

function renderTable(page: SlaTablePage, table: SlaTable): HTMLElement[] {
  const heading = h('div', { class: 'sla-heading' },
    h('h2', null, `${t('sla_title')} — ${table.tenant === '*' ? t('sla_centre') : table.name_ja}`,
      table.reference_only ? h('span', { class: 'badge ref' }, `（${t('reference_only')}）`) : null),
    h('div', { class: 'meta' },
      `${t('period')} ${table.period.label} · ${t('computed_at')} `,
      h('time', { 'data-testid': 'sla-computed-at', datetime: table.computed_at }, formatDateTime(table.computed_at))),
  );
  const warning = page.settings_changed_after_period.length
    ? h('p', { class: 'warning', role: 'note' }, `※ ${t('settings_changed')}`) : null;
  const body = h('tbody', null);
  for (const row of table.rows) {
    const evidenceRow = h('tr', { class: 'evidence-row', hidden: true, 'data-testid': 'sla-evidence', 'data-row-id': row.id },
      h('td', { colspan: 7 }, evidenceList(row.evidence)));
    const toggle = h('button', {
      type: 'button', class: 'link', 'data-testid': 'evidence-toggle', 'aria-expanded': 'false',
      disabled: row.evidence.length === 0,
      onclick: () => {
        evidenceRow.hidden = !evidenceRow.hidden;
        toggle.setAttribute('aria-expanded', String(!evidenceRow.hidden));
      },
    }, `${t('evidence')} (${row.evidence.length})`);
    body.append(tableRow(row, toggle), evidenceRow);
  }
  return [heading, ...(warning ? [warning] : []), h('div', { class: 'table-scroll' },
    h('table', { class: 'sla' },
      h('thead', null, h('tr', null,
        h('th', null, t('col_item')), h('th', null, t('col_target')), h('th', null, t('col_measured')),
        h('th', null, t('col_achieved')), h('th', null, t('col_rate')), h('th', null, t('col_items')), h('th', null, t('evidence')))),
      body))];
}

function tableRow(row: SlaTableRow, toggle: HTMLElement): HTMLElement {
  const mark = row.achieved === 'met' ? '○' : row.achieved === 'missed' ? '×' : '—';
  const rate = row.compliance.achievement_percent;
  return h('tr', { class: `sla-row ${row.status === 'no_data' ? 'no-data' : ''} achieved-${row.achieved ?? 'none'}`, 'data-testid': 'sla-row', 'data-kind': row.kind, 'data-achieved': row.achieved ?? '' },
    h('th', { scope: 'row' }, pick(row.label_ja, row.label_en)),
    h('td', null, row.target_ja),
    h('td', null, row.measured_text_ja),
    h('td', { class: 'mark' }, mark),
    h('td', { class: 'num' }, rate === null ? '—' : `${rate.toFixed(1)}%`),
    h('td', { class: 'num' }, row.status === 'no_data' ? '' : `${row.items}`),
    h('td', null, toggle),
  );
}

function evidenceList(items: SlaEvidence[]): HTMLElement {
  if (items.length === 0) return h('p', { class: 'muted' }, t('evidence_none'));
  return h('ul', { class: 'evidence' }, ...items.map((e) =>
    h('li', { class: e.counts_against ? 'against' : e.permitted ? 'permitted' : '' },
      h('code', { title: e.incident_id }, e.incident_id),
      e.tenant ? ` ${tenantName(e.tenant)}` : '',
      e.counts_against ? h('span', { class: 'badge against' }, t('counts_against')) : null,
      e.permitted ? h('span', { class: 'badge permitted' }, t('permitted')) : null,
      h('div', null, pick(e.what_ja ?? e.what, e.what), h('span', { class: 'muted' }, ` [${e.rule}]`)),
      h('div', { class: 'events muted' }, e.events.map((ev) => `${ev.kind} ${formatDateTime(ev.at)}`).join(' → ')),
    )));
}

/**
 * The first-notice mean for every month of the contract term (the Japanese fiscal year, April
 * to March) that holds the selected month, up to the server's current month: one figures-only
 * table per month, a few at a time.
 */
async function loadChart(mine: number, selected: SlaTable, serverMonth: string): Promise<void> {
  const el = part('[data-testid="sla-chart"]');
  const months = fiscalYearMonths(month, serverMonth);
  const points: MonthPoint[] = months.map((m) => ({ month: m, meanSeconds: null }));
  const meanOf = (table: SlaTable | undefined) =>
    table?.rows.find((r) => r.kind === 'first_notice')?.measured?.mean_business?.seconds ?? null;
  const goalSeconds = 5400;
  const scope = tenant;
  let next = 0;
  const worker = async () => {
    while (next < months.length) {
      const i = next++;
      const m = months[i]!;
      if (m === month) {
        points[i]!.meanSeconds = meanOf(selected);
        continue;
      }
      const page = await getJson<SlaTablePage>(TABLE, { tenant: scope, month: m, evidence: 'none' });
      points[i]!.meanSeconds = meanOf(page.tables[0]);
    }
  };
  try {
    await Promise.all([worker(), worker(), worker()]);
  } catch (e) {
    if (mine === generation) el.replaceChildren(h('p', { class: 'error' }, `${t('error')}: ${(e as Error).message}`));
    return;
  }
  if (mine !== generation) return;
  removeChart?.();
  el.replaceChildren();
  el.dataset.months = months.join(',');
  el.dataset.means = points.map((p) => p.meanSeconds ?? '').join(',');
  removeChart = drawFirstNoticeChart(el, points, goalSeconds);
}

/** Fetches the table as CSV or xlsx with the token, then saves it under a telling name. */
async function download(format: 'csv' | 'xlsx'): Promise<void> {
  const error = part('[data-testid="download-error"]');
  error.textContent = '';
  if (!tenant || !month) return;
  try {
    const blob = await getBlob(TABLE, { tenant, month, format });
    const scope = tenant === '*' ? 'centre' : tenant;
    saveBlob(blob, `sla-${scope}-${month}.${format}`);
  } catch (e) {
    if (root) error.textContent = `${t('download_failed')}: ${(e as Error).message}`;
  }
}
