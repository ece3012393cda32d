// What the three parts of the documents view (#/documents) share: documents.ts (the register and
// a document's detail), documents-meetings.ts (会議と議事録) and documents-checkouts.ts (払い出し).
// The routes they all read, the labels more than one of them shows (each file's own table spreads
// SHARED_LABELS into its labeller), a refusal in words (403, 404, 409 by its rule, 412), who may
// record, and the small pieces of the page (badges, a fact of a detail, a shortened SHA-256).
import { h } from '../dom';
import { formatMinute } from '../format/time';
import { labeller, refusal, type LabelTable } from './labels';
import type { ViewContext } from './types';

export const DOCUMENTS = '/v1/documents';
export const MEETINGS = '/v1/meetings';
export const LIMIT = 200; // the API's largest page

// ---- labels -----------------------------------------------------------------------------------

/** The labels more than one part shows, and the refusals any of them may meet. */
export const SHARED_LABELS = {
  all: ['すべて', 'All'],
  col_status: ['状態', 'Status'],
  by_at: ['{by}・{at}', '{by}, {at}'],
  col_sha256: ['SHA-256', 'SHA-256'],
  submit: ['記録', 'Record'],
  close_form: ['閉じる', 'Close'],
  recorded: ['記録しました：{command}', 'Recorded: {command}'],
  f_tenants: ['対象組合', 'Associations'],
  f_note: ['備考（任意）', 'Note (optional)'],
  f_choose: ['（選択してください）', '(choose one)'],
  f_document_version: ['版', 'Version'],

  forbidden: ['この操作の権限がありません', 'Not allowed'],
  not_found: ['文書が見つかりません', 'No such document'],
  conflict: ['記録できません', 'Cannot be recorded'],
  changed: ['他の記録が先に行われました。読み込み直してからもう一度記録してください', 'Someone else recorded meanwhile; reload and try again'],
  rule_document_retired: ['廃止された文書です', 'The document is retired'],
  rule_document_version_exists: ['この版は登録済みです（版は置き換えられません）', 'The version exists (a version is never replaced)'],
  rule_version_already_approved: ['この版は承認済みです', 'The version is approved already'],
  rule_minutes_recorded: ['議事録は登録済みです（訂正は議事録文書の新しい版で行います）', 'The minutes are recorded (a correction is a new version)'],
  rule_asset_returned: ['返却済みです', 'It came back already'],
  rule_no_master: ['マスタのファイルが記録されていません', 'No master file is recorded'],
} satisfies LabelTable;

const { l, or } = labeller(SHARED_LABELS);

/** `who・when` (Japan time). */
export const byAt = (by: string, at: string) => l('by_at', { by, at: formatMinute(at) });

/** A refused request in words (a 409's rule in the page's language where the view knows it). */
export const problemText = (e: unknown) => refusal(e, {
  forbidden: l('forbidden'), notFound: l('not_found'), conflict: l('conflict'), changed: l('changed'),
  rule: (rule) => or(`rule_${rule.replaceAll('-', '_')}`, '') || null,
});

// ---- roles, small pieces of the page ------------------------------------------------------------

export const isMaintainer = (ctx: ViewContext) => ctx.claims.roles.includes('maintainer');

export const badge = (cls: string, text: string, attrs: Record<string, string> = {}) => h('span', { class: `badge ${cls}`, ...attrs }, text);
export const muted = (text: string) => h('span', { class: 'muted' }, text);

/** A fact of a detail's list: its label and its value (`testid` on the value). */
export const fact = (label: string, testid: string, ...value: (Node | string | null)[]) =>
  [h('dt', null, label), h('dd', { 'data-testid': testid }, ...value)];

/** The first 12 hex digits, the whole SHA-256 as the title. */
export function shortSha(sha256: string | null): HTMLElement {
  if (!sha256) return muted('—');
  return h('code', { class: 'doc-sha', title: sha256, 'data-sha256': sha256 }, `${sha256.slice(0, 12)}…`);
}

/** Scrolls the panel into view when its top is below the window. */
export function revealIfHidden(panel: HTMLElement): void {
  if (panel.getBoundingClientRect().top > window.innerHeight - 80) panel.scrollIntoView({ block: 'start', behavior: 'smooth' });
}
