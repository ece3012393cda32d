// Every page of the dashboard, in the order of the navigation bar; the first is the default.
// To add one (schedule, changes, certificates…): write views/<name>.ts exporting a
// `View`, and add it to this list. See web/README.md.
import { certificatesView } from './certificates';
import { changesView } from './changes';
import { documentsView } from './documents';
import { faqView } from './faq';
import { inquiriesView } from './inquiries';
import { nowView } from './now';
import { patchesView } from './patches';
import { scheduleView } from './schedule';
import { slaView } from './sla';
import type { View } from './types';

export const views: View[] = [
  nowView, // #/now  障害の現況: open incidents, first-notice countdowns, SLA alerts
  slaView, // #/sla  SLA 実績（別表1）: the monthly table, evidence, chart, CSV / Excel
  scheduleView, // #/schedule  運用予定: a day's recurring work and its status, 完了 for the desk, the 計画作業 of 90 days
  changesView, // #/changes  改修・構成管理: configuration items (別紙4 seed), changes with phases, WBS and EVM, the desk's and the associations' commands, the month's EVM and the contract cap
  patchesView, // #/patches  セキュリティパッチ: the patches with their urgency, status, due time and rollout counts, a patch's rollout matrix (the desk's rollout steps), what is still to do where, the monthly report and its workbook
  documentsView, // #/documents  原本管理: the document register (versions, approvals, filing; its workbook), meetings and their minutes due, check-outs and their consistency checks
  certificatesView, // #/certificates  証明書: the inventory (soonest to expire first; its 証明書管理台帳 workbook), a certificate's warnings, chain, locations, renewal, renewal chain, signings and history, the desk's commands, 署名を検証
  inquiriesView, // #/inquiries  問合せ: the list with filters, detail and history, 受付, the desk's commands
  faqView, // #/faq  よくある質問: search, the list, the published files (downloads, 差分), the desk's entries and 発行
];

export function findView(id: string): View | undefined {
  return views.find((v) => v.id === id);
}
