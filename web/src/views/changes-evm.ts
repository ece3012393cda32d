// 月次 EVM, a panel of the changes view (#/changes): the earned value of a month's work on
// changes as the monthly report meeting reviews it (仕様書 4.(1)②ク): the totals (計画値(PV),
// 出来高(EV), 実コスト(AC), SPI, CPI, 完了時予測(EAC)...), the S-curve of the month's days,
// a row per change, and, for the centre's staff only (a token with "*"), the contract term's
// modification effort against its cap in 人月 (仕様書 4.(2)③: 上限 / 実績 / 完了時予測 / 残り);
// the same report as an Excel workbook (月次 EVM をダウンロード).
//
// From docs/api/changes.yaml: GET /v1/evm?month=YYYY-MM (without a month, the server's month;
// its answer says which) and GET /v1/evm?month=...&format=xlsx (fetched with the token and
// saved from memory: a link cannot send it). The server leaves out what the caller may not see
// (another association's changes; `contract_cap` is null without "*").
//
// Also the figures' cards, which the change's detail shows too: a figure without a value (a
// zero divisor) is — with the server's reason (`undefined`) as its title.
import { getBlob, getJson } from '../api/client';
import type { EvmMeasures, MonthlyEvm } from '../api/types';
import { drawSCurve } from '../chart/s-curve';
import { h, saveBlob } from '../dom';
import { pick, t } from '../i18n';
import { labeller, refusal } from './labels';

const EVM = '/v1/evm';
const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

// ---- labels -----------------------------------------------------------------------------------

const { l } = labeller({
  title: ['月次 EVM（改修作業の進捗管理）', 'Monthly earned value (changes)'],
  month: ['対象月', 'Month'],
  reload: ['↻ 再読込', '↻ Reload'],
  xlsx: ['⬇ 月次 EVM をダウンロード', '⬇ Download the monthly EVM'],
  xlsx_title: ['月次 EVM を Excel でダウンロード', 'Download the monthly EVM as an Excel workbook'],
  heading: ['{y}年{m}月（基準日 {as_of}）', '{y}-{m} (as of {as_of})'],
  totals: ['合計', 'Totals'],
  curve: ['日次累計（S 曲線）', 'Daily cumulative (S-curve)'],
  none: ['この月の改修案件はありません', 'No change in this month'],
  col_title: ['改修案件', 'Change'],
  col_origin: ['起因', 'Origin'],
  col_status: ['状況', 'Status'],
  cap_title: ['改修作業の契約上限（{term}年度、1人月 = {pmh} 時間）', "The term's modification effort against the cap (FY{term}, 1 person-month = {pmh} h)"],
  cap_cap: ['上限', 'Cap'],
  cap_ac: ['実績（AC）', 'Worked (AC)'],
  cap_eac: ['完了時予測（EAC）', 'Forecast (EAC)'],
  cap_after_ac: ['残り（上限 − 実績）', 'Left (cap − AC)'],
  cap_after_eac: ['残り（上限 − 完了時予測）', 'Left (cap − EAC)'],
  cap_hours: ['{h} 時間', '{h} h'],
  cap_share: ['{h} 時間・上限比 {p} %', '{h} h, {p} % of the cap'],
  cap_method: ['{h} 時間・上限比 {p} %（{method} 法）', '{h} h, {p} % of the cap ({method} method)'],
  cap_reached: ['到達記録: {list}', 'Thresholds reached: {list}'],
  cap_reached_item: ['{measure} {p} %（{at}）', '{measure} {p} % ({at})'],
  download_failed: ['ダウンロードに失敗しました', 'Download failed'],
  forbidden: ['この操作の権限がありません', 'Not allowed'],
  not_found: ['見つかりません', 'Not found'],
  conflict: ['処理できません', 'Cannot be done'],
});

/** The figures' names, as the monthly workbook heads them. */
const FIGURES = labeller({
  pv: ['計画値(PV)', 'Planned value (PV)'],
  ev: ['出来高(EV)', 'Earned value (EV)'],
  ac: ['実コスト(AC)', 'Actual cost (AC)'],
  bac: ['完了時予算(BAC)', 'Budget at completion (BAC)'],
  sv: ['スケジュール差異(SV)', 'Schedule variance (SV)'],
  cv: ['コスト差異(CV)', 'Cost variance (CV)'],
  spi: ['SPI', 'SPI'],
  cpi: ['CPI', 'CPI'],
  eac: ['完了時予測(EAC)', 'Estimate at completion (EAC)'],
  vac: ['完了時差異(VAC)', 'Variance at completion (VAC)'],
  tcpi: ['TCPI', 'TCPI'],
  forecast_finish: ['完了予測日', 'Forecast finish'],
  hours: ['時間', 'h'],
  person_months: ['人月', 'person-months'],
  undefined: ['算出できません', 'No value'],
  eac_method: ['CPI 法（BAC ÷ CPI）', 'CPI method (BAC / CPI)'],
  tcpi_method: ['BAC 達成に必要な効率', 'Efficiency needed to finish within BAC'],
});
export const figureLabel = FIGURES.l;

// ---- numbers ----------------------------------------------------------------------------------

/** Hours as the API rounds them (3 decimals), shown with at most 2: `24`, `26.4`, `-8.4`. */
export const hoursText = (v: number) => String(Math.round(v * 100) / 100);
/** A ratio (SPI, CPI) or person-months with 2 decimals: `0.83`, `2.00`. */
export const twoDecimals = (v: number) => v.toFixed(2);
/** `2026/06/03` (ja) or `2026-06-03` (en). */
export const dayText = (date: string) => pick(date.replaceAll('-', '/'), date);

type FigureKey = 'pv' | 'ev' | 'ac' | 'bac' | 'sv' | 'cv' | 'spi' | 'cpi' | 'eac' | 'vac' | 'tcpi' | 'forecast_finish';

/**
 * One figure as a card: its name, its value (— without one, the server's reason as the title)
 * and its unit. `data-figure` names it and `data-value` carries the API's value for a test.
 */
function figureCard(key: FigureKey, value: number | string | null, reason: string | undefined, unit: string, note?: string): HTMLElement {
  const shown = value === null ? '—' : typeof value === 'string' ? dayText(value) : unit ? hoursText(value) : twoDecimals(value);
  const why = value === null ? `${figureLabel('undefined')}: ${reason ?? ''}` : note ?? null;
  return h('div', {
    class: `chg-figure${value === null ? ' undefined' : ''}`, 'data-testid': 'evm-figure', 'data-figure': key,
    'data-value': value === null ? '' : String(value), title: why,
  },
  h('span', { class: 'chg-figure-label' }, figureLabel(key)),
  h('span', { class: 'chg-figure-value' },
    h('span', { 'data-testid': 'evm-value' }, shown),
    value !== null && unit ? h('span', { class: 'chg-figure-unit' }, ` ${unit}`) : null));
}

/** The measures as cards: PV, EV, AC, BAC, SPI, CPI, EAC (CPI method), 完了予測日, SV, CV, VAC, TCPI. */
export function evmFigures(m: EvmMeasures, testid: string): HTMLElement {
  const hrs = figureLabel('hours');
  const why = m.undefined;
  return h('div', { class: 'chg-figures', 'data-testid': testid, 'data-as-of': m.as_of },
    figureCard('pv', m.pv, undefined, hrs),
    figureCard('ev', m.ev, undefined, hrs),
    figureCard('ac', m.ac, undefined, hrs),
    figureCard('bac', m.bac, undefined, hrs),
    figureCard('spi', m.spi, why.spi, ''),
    figureCard('cpi', m.cpi, why.cpi, ''),
    figureCard('eac', m.eac.cpi, why['eac.cpi'], hrs, figureLabel('eac_method')),
    figureCard('forecast_finish', m.forecast_finish, why.forecast_finish, ''),
    figureCard('sv', m.sv, undefined, hrs),
    figureCard('cv', m.cv, undefined, hrs),
    figureCard('vac', m.vac.cpi, why['vac.cpi'], hrs, figureLabel('eac_method')),
    figureCard('tcpi', m.tcpi.to_bac, why['tcpi.to_bac'], '', figureLabel('tcpi_method')));
}

/** A figure in a table cell: the value, or — with the reason as its title. */
export function figureCell(value: number | null, reason: string | undefined, ratio = false): HTMLElement {
  return h('td', { class: 'num', title: value === null ? `${figureLabel('undefined')}: ${reason ?? ''}` : null },
    value === null ? '—' : ratio ? twoDecimals(value) : hoursText(value));
}

// ---- the panel --------------------------------------------------------------------------------

export interface MonthPanel {
  el: HTMLElement;
  /** Reads the month shown again (after a command changed a change's work). */
  refresh(): void;
  dispose(): void;
}

export function monthPanel(labels: { origin(o: string): string; status(s: string): string }): MonthPanel {
  let month = ''; // '' until the server said which month is this month
  let generation = 0;
  let disposed = false;
  let removeChart: (() => void) | null = null;

  const problemText = (e: unknown) => refusal(e, { forbidden: l('forbidden'), notFound: l('not_found'), conflict: l('conflict') });
  const monthInput = h('input', { type: 'month', 'data-testid': 'changes-evm-month', required: true });
  const xlsx = h('button', { type: 'button', 'data-testid': 'changes-evm-xlsx', title: l('xlsx_title'), disabled: true, onclick: () => void download() }, l('xlsx'));
  const downloadError = h('span', { class: 'download-error', 'data-testid': 'changes-evm-download-error', role: 'alert' });
  const body = h('div', { 'data-testid': 'changes-evm-body' }, h('p', { class: 'muted' }, t('loading')));
  monthInput.addEventListener('change', () => {
    if (!MONTH_RE.test(monthInput.value)) return;
    month = monthInput.value;
    void load();
  });

  const el = h('section', { class: 'panel chg-evm', 'data-testid': 'changes-evm' },
    h('h2', null, l('title')),
    h('div', { class: 'sch-plan-controls' },
      h('label', null, h('span', null, l('month')), monthInput),
      h('button', { type: 'button', 'data-testid': 'changes-evm-reload', onclick: () => void load() }, l('reload')),
      h('div', { class: 'sch-plan-actions' }, xlsx)),
    downloadError, body);

  async function load(): Promise<void> {
    const mine = ++generation;
    downloadError.textContent = '';
    try {
      const report = await getJson<MonthlyEvm>(EVM, month ? { month } : undefined);
      if (mine !== generation || disposed) return;
      month = report.month;
      monthInput.value = month;
      render(report);
      xlsx.disabled = false;
    } catch (e) {
      if (mine !== generation || disposed) return;
      removeChart?.();
      removeChart = null;
      body.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'changes-evm-error' }, problemText(e)));
    }
  }

  function render(r: MonthlyEvm): void {
    removeChart?.();
    removeChart = null;
    const chart = h('div', { class: 'sla-chart chg-chart', 'data-testid': 'changes-evm-chart' });
    body.replaceChildren(
      h('h3', { 'data-testid': 'changes-evm-title', 'data-month': r.month },
        l('heading', { y: r.month.slice(0, 4), m: Number(r.month.slice(5, 7)), as_of: dayText(r.as_of) })),
      h('h4', null, l('totals')),
      evmFigures(r.totals, 'changes-evm-totals'),
      h('h4', null, l('curve')),
      chart,
      r.changes.length === 0
        ? h('p', { class: 'muted empty', 'data-testid': 'changes-evm-empty' }, l('none'))
        : h('div', { class: 'table-scroll' }, h('table', { class: 'chg-evm-table' },
          h('thead', null, h('tr', null,
            h('th', null, l('col_title')), h('th', null, l('col_origin')), h('th', null, l('col_status')),
            ...(['pv', 'ev', 'ac', 'spi', 'cpi', 'eac'] as const).map((k) => h('th', { class: 'num' }, figureLabel(k))))),
          h('tbody', null, ...r.changes.map((c) => h('tr', { 'data-testid': 'changes-evm-row', 'data-change-id': c.id },
            h('td', null, c.title),
            h('td', { class: 'nowrap' }, labels.origin(c.origin)),
            h('td', { class: 'nowrap' }, labels.status(c.status)),
            figureCell(c.evm.pv, undefined), figureCell(c.evm.ev, undefined), figureCell(c.evm.ac, undefined),
            figureCell(c.evm.spi, c.evm.undefined.spi, true), figureCell(c.evm.cpi, c.evm.undefined.cpi, true),
            figureCell(c.evm.eac.cpi, c.evm.undefined['eac.cpi'])))))),
      ...(r.contract_cap ? [capSection(r.contract_cap)] : []));
    if (r.series.length > 0) removeChart = drawSCurve(chart, r.series);
  }

  function capSection(cap: NonNullable<MonthlyEvm['contract_cap']>): HTMLElement {
    const pm = figureLabel('person_months');
    const pct = (share: number | null) => (share === null ? '—' : String(Math.round(share * 1000) / 10));
    const card = (key: string, label: string, months: number, note: string) =>
      h('div', { class: `chg-figure${months < 0 ? ' over' : ''}`, 'data-testid': 'changes-cap-figure', 'data-figure': key, 'data-value': String(months) },
        h('span', { class: 'chg-figure-label' }, label),
        h('span', { class: 'chg-figure-value' }, h('span', { 'data-testid': 'evm-value' }, twoDecimals(months)), h('span', { class: 'chg-figure-unit' }, ` ${pm}`)),
        h('span', { class: 'chg-figure-note muted' }, note));
    const reached = cap.thresholds_reached.map((x) =>
      l('cap_reached_item', { measure: x.measure.toUpperCase(), p: x.threshold_percent, at: dayText(x.at.slice(0, 10)) }));
    return h('section', { class: 'chg-cap', 'data-testid': 'changes-cap', 'data-term': cap.term },
      h('h4', null, l('cap_title', { term: cap.term, pmh: hoursText(cap.person_month_hours) })),
      h('div', { class: 'chg-figures' },
        card('cap', l('cap_cap'), cap.cap.person_months, l('cap_hours', { h: hoursText(cap.cap.hours) })),
        card('ac', l('cap_ac'), cap.ac.person_months, l('cap_share', { h: hoursText(cap.ac.hours), p: pct(cap.ac.share_of_cap) })),
        card('eac', l('cap_eac'), cap.eac.person_months,
          l('cap_method', { h: hoursText(cap.eac.hours), p: pct(cap.eac.share_of_cap), method: cap.eac.method.toUpperCase().replace('_', '・') })),
        card('after_ac', l('cap_after_ac'), cap.remaining.after_ac_person_months, l('cap_hours', { h: hoursText(cap.remaining.after_ac_hours) })),
        card('after_eac', l('cap_after_eac'), cap.remaining.after_eac_person_months, l('cap_hours', { h: hoursText(cap.remaining.after_eac_hours) }))),
      reached.length > 0 ? h('p', { class: 'warning', 'data-testid': 'changes-cap-reached' }, l('cap_reached', { list: reached.join('、') })) : null);
  }

  async function download(): Promise<void> {
    downloadError.textContent = '';
    if (!month) return;
    try {
      saveBlob(await getBlob(EVM, { month, format: 'xlsx' }), `evm-${month}.xlsx`);
    } catch (e) {
      if (!disposed) downloadError.textContent = `${l('download_failed')}: ${problemText(e)}`;
    }
  }

  void load();
  return {
    el,
    refresh() {
      void load();
    },
    dispose() {
      disposed = true;
      generation += 1;
      removeChart?.();
      removeChart = null;
    },
  };
}
