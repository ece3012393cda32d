// #/certificates 証明書: the certificates service's inventory (証明書管理, 仕様書 4.(2)③イ,
// 4.(3)④コ⑤ケ), the code-signing and SSL/TLS server certificates the centre depends on, for the
// operations desk and the associations.
//
// - 証明書一覧 (the inventory): the certificates the caller sees, the soonest to expire first
//   (filtered by 用途, 状態 and 組合, kept in the route with the shown certificate:
//   `#/certificates?purpose=tls_server&status=renewal_due&fingerprint=<fingerprint>`): 用途,
//   コモンネーム, 有効期限 (Japan time), 残日数, 更新期限, 状態 (更新期限超過, 期限間近 and 期限切れ
//   marked) and 利用箇所; the same inventory as the 証明書管理台帳 workbook; 証明書を登録 for
//   maintainers (PEM pasted, or a .pem / .crt / .cer / .der file read in the browser, DER turned
//   into PEM).
// - A certificate's page (`#/certificates?fingerprint=<fingerprint>`): its warnings first, its facts and chain verdict, where it is
//   used and deployed, its renewal (due time and the rule in words, the order to the CA, the
//   scheduling task), the renewal chain (predecessors and successors, each a link), the signings
//   made with it and its history; the desk's commands (更新を依頼, 後継証明書を登録, 配備を記録,
//   利用箇所を追加, 廃止) for maintainers.
// - 署名を検証 (any role): a signed program (sent as it is, application/octet-stream, verified as
//   Authenticode) or a file with its detached signature (JSON, base64): verified or not, the
//   timestamp, the signer (a link when in the inventory), the matching signing record and the
//   server's sentence.
//
// Everything comes from the certificates service's routes (services/certificates/api/
// certificate_routes.cpp, signature_routes.cpp; docs/api/certificates.yaml): GET /v1/certificates,
// GET /v1/certificates/report?format=xlsx, GET /v1/certificates/{fingerprint}, POST
// /v1/certificates, POST /v1/certificates/{fingerprint}/{command}, GET /v1/signatures?certificate=
// and POST /v1/signatures/verify. The server decides what each association sees (the
// certificates that serve it) and may do; the view leaves out what the role cannot use.
import { ApiError, apiFetch, getBlob, getJson } from '../api/client';
import { h, saveBlob } from '../dom';
import { formatMinute } from '../format/time';
import { t } from '../i18n';
import { badge, byAt, fact, isMaintainer, muted, revealIfHidden, shortSha } from './documents-shared';
import {
  clearErrors, field, given, numberOf, options, part, pickable, say, send, showProblem, tenantLabel, tenantOptions, tenantPicker,
  tenantsField, type FormState,
} from './forms';
import { labeller, refusal } from './labels';
import type { View, ViewContext } from './types';

const CERTIFICATES = '/v1/certificates';
const REPORT = '/v1/certificates/report';
const SIGNATURES = '/v1/signatures';
const VERIFY = '/v1/signatures/verify';
const LIMIT = 200;
const FINGERPRINT_RE = /^[0-9a-f]{64}$/i;
const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/; // a datetime-local value
const PURPOSES = ['code_signing', 'tls_server', 'other'] as const;
const STATUSES = ['valid', 'renewal_due', 'expiring', 'expired', 'retired'] as const;
const LOCATION_KINDS = ['url', 'configuration_item', 'signing_host'] as const;
const EVENT_PREFIX = 'opsdesk.certificates.v1.';

type Command = 'request_renewal' | 'record_issued' | 'record_deployed' | 'add_location' | 'retire';

// ---- the answers (docs/api/certificates.yaml) ------------------------------------------------------

interface CertificateLocation { kind: string; value: string }

interface Certificate {
  fingerprint: string;
  version: number;
  subject: string;
  subject_cn: string;
  issuer: string;
  serial: string;
  alt_names: { kind: string; value: string }[];
  key_algorithm: string;
  key_bits: number;
  signature_algorithm: string;
  not_before: string;
  not_after: string;
  days_left: number;
  extended_key_usages: string[];
  purpose: string;
  is_ca: boolean;
  chain: { trust_store: string; verified: boolean; result: string; intermediates: number };
  warnings: string[];
  owner: string;
  tenants: string[];
  locations: CertificateLocation[];
  renewal: {
    due_at: string;
    rule: string;
    renew_before_days: number | null;
    renew_before_percentage: number | null;
    request: {
      ca: string; order_id: string; instructed_by: string; instructed_at: string | null; note: string; at: string; by: string;
    } | null;
    task_id: string | null;
  };
  status: string;
  ready: boolean;
  predecessor: string | null;
  successor: string | null;
  successor_in_use: boolean;
  deployments: { location: CertificateLocation; at: string; by: string }[];
  retired: { reason: string; replaced_by: string; at: string; by: string } | null;
  recorded: { renewal_due_at: string | null; expiry_notices_business_days: number[]; expired_at: string | null };
  pem: string;
  imported_at: string;
  imported_by: string;
  changed_at: string;
}

interface CertificateLink { fingerprint: string; subject_cn: string; serial: string; not_after: string; status: string }

interface CertificateEvent {
  event_id: string;
  type: string;
  occurred_at: string;
  actor: string;
  payload: Record<string, unknown>;
}

interface CertificateDetail extends Certificate {
  predecessors: CertificateLink[];
  successors: CertificateLink[];
  history: CertificateEvent[];
}

interface CertificatePage { items: Certificate[]; next_cursor: string | null }

/** A signing record as the API answers it (certificates.yaml, `SigningRecord`). */
export interface SigningRecord {
  id: string;
  artifact_name: string;
  artifact_version: string;
  sha256: string;
  certificate_fingerprint: string;
  certificate_subject_cn: string;
  signed_at: string;
  timestamp: { tsa_name: string; time: string } | null;
  change_id: string | null;
  note: string;
  recorded_at: string;
  recorded_by: string;
}

interface Verification {
  format: string;
  sha256: string;
  size: number;
  verified: boolean;
  reason: string | null;
  checked_at: string;
  timestamp: { verified: boolean; time: string | null } | null;
  signer: {
    fingerprint?: string; subject: string; subject_cn?: string; serial: string; not_before?: string; not_after?: string; in_inventory?: boolean;
  } | null;
  signing_record: SigningRecord | null;
  valid_after_certificate_expired: boolean;
  summary: string;
}

// ---- labels -----------------------------------------------------------------------------------

const { l, or } = labeller({
  list_title: ['証明書一覧', 'Certificate inventory'],
  all: ['すべて', 'All'],
  f_purpose: ['用途', 'Purpose'],
  f_status: ['状態', 'Status'],
  f_tenant: ['組合', 'Association'],
  xlsx: ['⬇ 台帳をダウンロード', '⬇ Download the register'],
  xlsx_title: ['絞り込んだ証明書管理台帳を Excel でダウンロード', 'Download the certificate register (as filtered) as an Excel workbook'],
  download_failed: ['ダウンロードに失敗しました', 'Download failed'],
  new: ['＋ 証明書を登録', '+ Register a certificate'],
  none: ['該当する証明書はありません', 'No certificate'],
  none_at_all: ['証明書はまだ登録されていません', 'No certificate is registered yet'],
  more: ['さらに読み込む', 'Load more'],
  select_hint: ['一覧から証明書を選ぶと、警告・チェーン・利用箇所・更新・署名記録・履歴が表示されます', 'Choose a certificate to see its warnings, chain, locations, renewal, signings and history'],
  col_purpose: ['用途', 'Purpose'],
  col_cn: ['コモンネーム', 'Common name'],
  col_not_after: ['有効期限', 'Expires'],
  col_days_left: ['残日数', 'Days left'],
  col_due: ['更新期限', 'Renew by'],
  col_status: ['状態', 'Status'],
  col_locations: ['利用箇所', 'Used at'],
  days: ['{n}日', '{n} d'],
  days_over: ['{n}日超過', '{n} d ago'],
  successor_in_use_title: ['後継証明書が使用中（更新済み）', 'Its successor is in use (renewed)'],
  no_cn: ['（CN なし）', '(no CN)'],

  purpose_code_signing: ['コード署名', 'Code signing'],
  purpose_tls_server: ['SSLサーバ', 'SSL server'],
  purpose_other: ['その他', 'Other'],
  status_valid: ['有効', 'Valid'],
  status_renewal_due: ['更新期限超過', 'Renewal due'],
  status_expiring: ['期限間近', 'Expiring'],
  status_expired: ['期限切れ', 'Expired'],
  status_retired: ['廃止', 'Retired'],
  location_url: ['URL', 'URL'],
  location_configuration_item: ['構成品目', 'Configuration item'],
  location_signing_host: ['署名ホスト', 'Signing host'],
  store_tls: ['SSL/TLS のルート', 'the TLS roots'],
  store_code_signing: ['コード署名のルート', 'the code-signing roots'],
  store_none: ['トラストストア未設定', 'no trust store'],
  chain_verified: ['検証済', 'Verified'],
  chain_failed: ['検証できず', 'Does not verify'],
  chain_unchecked: ['未検証', 'Not verified'],
  chain_line: ['{store}に対して（中間証明書 {n} 枚）', 'against {store} ({n} intermediates)'],
  rule_renew_before: ['有効期限の {n} 日前（renew_before_days）', '{n} days before its end (renew_before_days)'],
  rule_renew_before_percentage: ['有効期間の {n}% を残す時点（renew_before_percentage）', 'with {n}% of its lifetime left (renew_before_percentage)'],
  rule_one_third_of_lifetime: ['有効期間の 3 分の 1 を残す時点（既定）', 'with a third of its lifetime left (the default)'],

  warnings_title: ['登録時の警告（{n}件）', 'Warnings at its import ({n})'],
  fact_purpose: ['用途', 'Purpose'],
  fact_subject: ['サブジェクト', 'Subject'],
  fact_alt_names: ['別名（SAN）', 'Alternative names'],
  fact_issuer: ['発行者', 'Issuer'],
  fact_serial: ['シリアル番号', 'Serial'],
  fact_validity: ['有効期間', 'Valid'],
  fact_days_left: ['残日数', 'Days left'],
  fact_key: ['鍵・署名アルゴリズム', 'Key, signature'],
  fact_fingerprint: ['フィンガープリント（SHA-256）', 'Fingerprint (SHA-256)'],
  fact_chain: ['チェーン検証', 'Chain'],
  fact_owner: ['所有者', 'Owner'],
  fact_tenants: ['対象組合', 'Associations'],
  fact_imported: ['登録', 'Imported'],
  fact_retired: ['廃止', 'Retired'],
  validity_line: ['{from} 〜 {to}', '{from} to {to}'],
  key_line: ['{alg} {bits} ビット・{sig}', '{alg} {bits} bits, {sig}'],
  replaced_by: ['後継: ', 'Replaced by: '],
  show_pem: ['PEM を表示', 'Show the PEM'],

  locations_title: ['利用箇所と配備', 'Locations and deployments'],
  locations_none: ['利用箇所は登録されていません', 'No location is listed'],
  col_kind: ['種類', 'Kind'],
  col_value: ['場所', 'Where'],
  col_deployed: ['配備', 'Deployed'],
  not_deployed: ['未配備', 'Not deployed'],
  removed_location: ['（削除済みの利用箇所）', '(a removed location)'],

  renewal_title: ['更新', 'Renewal'],
  fact_due: ['更新期限', 'Renew by'],
  fact_rule: ['規則', 'Rule'],
  fact_request: ['更新依頼', 'Ordered'],
  fact_task: ['予定タスク', 'Scheduled task'],
  fact_watch: ['期限監視の記録', 'Expiry watch'],
  request_none: ['未依頼', 'Not ordered'],
  request_line: ['{ca}（注文番号 {order}）', '{ca} (order {order})'],
  request_instructed: ['指示: {by}・{at}', 'Instructed by {by}, {at}'],
  task_none_tls: ['なし（SSL証明書は組合の指示で更新します）', 'None (an SSL certificate is renewed on the association\'s instruction)'],
  task_none_yet: ['未登録（期限監視が運用予定に登録します）', 'Not yet (the expiry watch puts it on the schedule)'],
  task_none: ['なし', 'None'],
  watch_due: ['更新期限超過を記録: {at}', 'Renewal due recorded: {at}'],
  watch_notices: ['期限通知: {days}営業日前', 'Notices: {days} business days before'],
  watch_expired: ['期限切れを記録: {at}', 'Expiry recorded: {at}'],
  watch_none: ['記録なし', 'Nothing recorded'],
  successor_in_use: ['後継証明書がすべての利用箇所で使用中です', 'Its successor is in use at every location'],

  chain_title: ['更新の系譜', 'Renewal chain'],
  chain_none: ['この証明書の前後の更新はありません', 'No renewal before or after it'],
  col_relation: ['関係', 'Relation'],
  rel_predecessor: ['更新前', 'Earlier'],
  rel_self: ['この証明書', 'This certificate'],
  rel_successor: ['更新後', 'Later'],

  signings_title: ['署名記録', 'Signings'],
  signings_none: ['この証明書による署名の記録はありません', 'No signing recorded with it'],
  col_artifact: ['成果物', 'Artifact'],
  col_sha256: ['SHA-256', 'SHA-256'],
  col_signed_at: ['署名日時', 'Signed'],
  col_timestamp: ['タイムスタンプ', 'Timestamp'],
  col_change: ['改修案件', 'Change'],
  col_recorded: ['記録', 'Recorded'],
  no_timestamp: ['なし', 'None'],
  timestamp_line: ['{tsa}・{at}', '{tsa}, {at}'],

  history_title: ['履歴', 'History'],
  col_at: ['日時', 'When'],
  col_event: ['記録', 'Event'],
  col_detail: ['内容', 'Detail'],
  col_actor: ['記録者', 'By'],
  event_CertificateImported: ['登録', 'Imported'],
  event_CertificateLocationAdded: ['利用箇所を追加', 'Location added'],
  event_CertificateLocationRemoved: ['利用箇所を削除', 'Location removed'],
  event_RenewalRequested: ['更新を依頼', 'Renewal ordered'],
  event_SuccessorIssued: ['後継証明書の発行', 'Successor issued'],
  event_CertificateDeployed: ['配備', 'Deployed'],
  event_CertificateRetired: ['廃止', 'Retired'],
  event_RenewalDue: ['更新期限超過', 'Renewal due'],
  event_ExpiryApproaching: ['期限通知', 'Expiry notice'],
  event_CertificateExpired: ['期限切れ', 'Expired'],
  event_RenewalTaskScheduled: ['更新作業を予定に登録', 'Renewal task scheduled'],
  detail_imported: ['所有者 {owner}・更新期限 {due}', 'Owner {owner}, renew by {due}'],
  detail_notice: ['有効期限 {at} の {n} 営業日前', '{n} business days before {at}'],
  detail_task: ['タスク {id}（更新期限 {on} に合わせて登録）', 'Task {id} (for the renewal due at {on})'],

  cmd_request_renewal: ['更新を依頼', 'Order the renewal'],
  cmd_record_issued: ['後継証明書を登録', 'Record the issued successor'],
  cmd_record_deployed: ['配備を記録', 'Record a deployment'],
  cmd_add_location: ['利用箇所を追加', 'Add a location'],
  cmd_retire: ['廃止', 'Retire'],
  submit: ['記録', 'Record'],
  close_form: ['閉じる', 'Close'],
  recorded: ['記録しました：{command}', 'Recorded: {command}'],
  successor_recorded: ['後継証明書を登録しました：{cn}（旧証明書から所有者・対象組合・利用箇所を引き継ぎ）', 'Successor recorded: {cn} (owner, associations and locations taken from the old one)'],
  f_ca: ['認証局・販売代理店', 'CA or reseller'],
  f_order_id: ['注文番号（任意）', 'Order number (optional)'],
  f_instructed_by: ['指示者（組合側）', 'Instructed by (association side)'],
  f_instructed_by_placeholder: ['例: 総務省共済組合 佐藤', 'e.g. 総務省共済組合 佐藤'],
  f_instructed_at: ['指示日時', 'Instructed at'],
  f_note: ['備考（任意）', 'Note (optional)'],
  f_reason: ['廃止の理由', 'Reason'],
  f_location: ['利用箇所', 'Location'],
  f_location_kind: ['種類', 'Kind'],
  f_location_value: ['場所（URL・構成品目ID・ホスト名）', 'Where (URL, configuration item id, host)'],
  f_choose: ['（選択してください）', '(choose one)'],
  f_no_location: ['（なし）', '(none)'],
  issued_hint: ['所有者・対象組合・利用箇所・更新設定は現在の証明書から引き継ぎます。', 'The owner, associations, locations and renewal settings are taken from this certificate.'],
  deployed_already: ['{where}（配備済み）', '{where} (deployed)'],

  new_title: ['証明書を登録', 'Register a certificate'],
  f_pem: ['証明書（PEM、続けて中間証明書も可）', 'Certificate (PEM, then its chain if any)'],
  f_pem_placeholder: ['-----BEGIN CERTIFICATE-----', '-----BEGIN CERTIFICATE-----'],
  f_pem_file: ['ファイルから読み込む（.pem / .crt / .cer、DER も可）', 'Read a file (.pem / .crt / .cer, DER too)'],
  f_owner: ['所有者（担当）', 'Owner'],
  f_owner_placeholder: ['例: センタ運用 田中', 'e.g. センタ運用 田中'],
  f_tenants: ['対象組合', 'Associations'],
  f_new_location: ['利用箇所（任意・1か所）', 'Location (optional, one)'],
  f_renew_before_days: ['更新: 有効期限の何日前（任意）', 'Renew: days before the end (optional)'],
  f_renew_before_percentage: ['更新: 有効期間の何%を残す時点（任意）', 'Renew: % of the lifetime left (optional)'],
  registered: ['証明書を登録しました：{cn}', 'Registered: {cn}'],
  registered_warnings: ['証明書を登録しました：{cn}（警告 {n} 件）', 'Registered: {cn} ({n} warnings)'],
  file_read: ['{name} を読み込みました（{how}）', 'Read {name} ({how})'],
  file_pem: ['PEM', 'PEM'],
  file_der: ['DER を PEM に変換', 'DER turned into PEM'],
  file_unreadable: ['ファイルを読み込めません', 'The file could not be read'],

  verify_title: ['署名を検証', 'Verify a signature'],
  verify_intro: ['配布するプログラムの署名を検証します（記録はされません）。', 'Verifies a signed file (nothing is recorded).'],
  verify_mode: ['検証するもの', 'What'],
  verify_program: ['署名付きプログラム（Authenticode: .exe / .msi など）', 'A signed program (Authenticode: .exe, .msi…)'],
  verify_detached: ['ファイルと分離署名（CMS / PKCS#7）', 'A file and its detached signature (CMS / PKCS#7)'],
  f_artifact: ['ファイル', 'File'],
  f_signature: ['署名ファイル（.p7s / .sig、PEM または DER）', 'Signature (.p7s / .sig, PEM or DER)'],
  verify_submit: ['検証', 'Verify'],
  choose_file: ['ファイルを選んでください', 'Choose a file'],
  choose_signature: ['署名ファイルを選んでください', 'Choose the signature'],
  verified_yes: ['署名は有効です', 'The signature verifies'],
  verified_no: ['署名を確認できません', 'The signature does not verify'],
  v_format: ['形式', 'Format'],
  v_format_authenticode: ['Authenticode（osslsigncode）', 'Authenticode (osslsigncode)'],
  v_format_detached_cms: ['分離署名 CMS（OpenSSL）', 'Detached CMS (OpenSSL)'],
  v_file: ['ファイル', 'File'],
  v_file_line: ['{name}・{n} バイト', '{name}, {n} bytes'],
  v_checked_at: ['検証時点', 'Checked at'],
  v_timestamp: ['タイムスタンプ', 'Timestamp'],
  v_timestamp_ok: ['{at}（検証済）', '{at} (verified)'],
  v_timestamp_bad: ['{at}（検証できず）', '{at} (does not verify)'],
  v_timestamp_none: ['なし', 'None'],
  v_timestamp_cms: ['分離署名のタイムスタンプは読みません', 'Not read for a detached signature'],
  v_signer: ['署名者', 'Signer'],
  v_signer_none: ['不明', 'Unknown'],
  v_signer_line: ['{cn}・シリアル {serial}', '{cn}, serial {serial}'],
  v_signer_validity: ['有効期間 {from} 〜 {to}', 'valid {from} to {to}'],
  v_in_inventory: ['台帳の証明書', 'In the inventory'],
  v_not_in_inventory: ['台帳にない証明書', 'Not in the inventory'],
  v_record: ['署名記録', 'Signing record'],
  v_record_none: ['一致する署名記録はありません', 'No matching signing record'],
  v_record_line: ['{name} {version}（署名 {at}、記録 {by}）', '{name} {version} (signed {at}, recorded by {by})'],
  v_after_expiry: ['証明書の期限後も有効（信頼できるタイムスタンプ）', 'Valid after the certificate expired (a trusted timestamp)'],
  v_reason: ['理由', 'Why'],
  v_summary: ['サーバの判定', "The server's verdict"],

  forbidden: ['この操作の権限がありません', 'Not allowed'],
  not_found: ['証明書が見つかりません', 'No such certificate'],
  conflict: ['記録できません', 'Cannot be recorded'],
  changed: ['他の記録が先に行われました。読み込み直してからもう一度記録してください', 'Someone else recorded meanwhile; reload and try again'],
  rule_certificate_retired: ['廃止された証明書です', 'The certificate is retired'],
  rule_certificate_already_imported: ['この証明書は登録済みです', 'The certificate is in the inventory already'],
  rule_location_listed: ['この利用箇所は登録済みです', 'The location is listed already'],
  rule_location_not_listed: ['この証明書の利用箇所ではありません', 'Not one of its locations'],
  rule_successor_issued: ['後継証明書は登録済みです', 'Its successor is issued already'],
  rule_successor_of_another: ['その証明書は別の証明書の後継として登録されています', 'That certificate renews another one'],
  rule_deployed: ['この利用箇所には配備済みです', 'Deployed there already'],
  rule_concurrency_conflict: ['他の記録と競合しました。もう一度記録してください', 'Another change came in between; try again'],
});

const purposeLabel = (p: string) => or(`purpose_${p}`, p);
const statusLabel = (s: string) => or(`status_${s}`, s);
const locationLabel = (k: string) => or(`location_${k}`, k);
const commandLabel = (c: Command) => l(`cmd_${c}`);
const cnOf = (c: { subject_cn: string; fingerprint?: string }) => c.subject_cn || (c.fingerprint ? `${c.fingerprint.slice(0, 16)}…` : l('no_cn'));

// 有効 green, 更新期限超過 amber, 期限間近 red outline, 期限切れ solid red, 廃止 muted.
const STATUS_CLASS: Record<string, string> = {
  valid: 'status-restored', renewal_due: 'inq-status-received', expiring: 'against', expired: 'pat-overdue', retired: 'permitted',
};
const ATTENTION = new Set(['renewal_due', 'expiring', 'expired']);

const problemText = (e: unknown) => refusal(e, {
  forbidden: l('forbidden'), notFound: l('not_found'), conflict: l('conflict'), changed: l('changed'),
  rule: (rule) => or(`rule_${rule.replaceAll('-', '_')}`, '') || null,
});

// ---- state --------------------------------------------------------------------------------------

let root: HTMLElement | null = null;
let context: ViewContext | null = null;
let filters = { purpose: '', status: '', tenant: '' };
let selected = ''; // the fingerprint shown
let items: Certificate[] = [];
let nextCursor: string | null = null;
let shown: CertificateDetail | null = null;
let openForm: Command | null = null;
let listGeneration = 0;
let detailGeneration = 0;
let verifyGeneration = 0;

export const certificatesView: View = {
  id: 'certificates',
  label_ja: '証明書',
  label_en: 'Certificates',

  render(container, ctx) {
    context = ctx;
    const p = ctx.params;
    const pickFrom = (values: readonly string[], v: string | null) => (values.includes(v ?? '') ? v! : '');
    filters = {
      purpose: pickFrom(PURPOSES, p.get('purpose')),
      status: pickFrom(STATUSES, p.get('status')),
      tenant: (p.get('tenant') ?? '').trim(), // the server answers 422 for one the token does not hold
    };
    selected = FINGERPRINT_RE.test(p.get('fingerprint') ?? '') ? p.get('fingerprint')!.toLowerCase() : '';
    items = [];
    nextCursor = null;
    shown = null;
    openForm = null;
    const desk = isMaintainer(ctx);

    root = h('section', { class: 'view-changes view-inquiries view-certificates' },
      h('section', { class: 'panel', 'data-testid': 'certificates-inventory' },
        h('div', { class: 'sch-panel-head' },
          h('h2', null, l('list_title'), ' ', h('span', { class: 'count', 'data-testid': 'certificates-count' })),
          h('div', { class: 'sch-plan-actions' },
            h('button', { type: 'button', 'data-testid': 'certificates-xlsx', title: l('xlsx_title'), onclick: () => void downloadRegister() }, l('xlsx')),
            desk ? h('button', { type: 'button', class: 'primary', 'data-testid': 'certificates-new', 'aria-expanded': 'false', onclick: toggleNew }, l('new')) : null)),
        listControls(ctx),
        h('span', { class: 'download-error', 'data-testid': 'certificates-download-error', role: 'alert' }),
        h('div', { class: 'chg-new', 'data-testid': 'certificates-new-panel', hidden: true }),
        h('p', { class: 'form-message', 'data-testid': 'certificates-message', role: 'status' }),
        h('div', { 'data-testid': 'certificates-list' }, h('p', { class: 'muted' }, t('loading')))),
      h('section', { class: 'panel inq-detail doc-detail', 'data-testid': 'certificates-detail' },
        h('p', { class: 'muted' }, l('select_hint'))),
      verifyPanel(),
    );
    container.append(root);
    void loadList();
    if (selected) void loadDetail(selected);
  },

  dispose() {
    listGeneration += 1;
    detailGeneration += 1;
    verifyGeneration += 1;
    root = null;
    context = null;
  },
};

// ---- the route, small helpers ---------------------------------------------------------------------

function saveRoute(): void {
  if (!context) return;
  const out: Record<string, string> = {};
  if (filters.purpose) out.purpose = filters.purpose;
  if (filters.status) out.status = filters.status;
  if (filters.tenant) out.tenant = filters.tenant;
  if (selected) out.fingerprint = selected;
  context.setParams(out);
}

/** A certificate's page in this view. */
export const certificateHref = (fingerprint: string) => `#/certificates?fingerprint=${fingerprint}`;
const certificatePath = (fingerprint: string, tail = '') => `${CERTIFICATES}/${encodeURIComponent(fingerprint)}${tail}`;

const statusBadge = (s: string) => badge(STATUS_CLASS[s] ?? '', statusLabel(s), { 'data-testid': 'certificates-status', 'data-status': s });
const purposeBadge = (p: string) => badge('', purposeLabel(p), { 'data-purpose': p });

/** `144日`, or `3日超過` once past its end. */
const daysText = (n: number) => (n >= 0 ? l('days', { n }) : l('days_over', { n: -n }));

const locationText = (loc: CertificateLocation) => `${locationLabel(loc.kind)} ${loc.value}`;
const sameLocation = (a: CertificateLocation, b: CertificateLocation) => a.kind === b.kind && a.value === b.value;

/** A link to a certificate of the inventory, shown in place (the address still opens it elsewhere). */
function certificateLink(fingerprint: string, ...children: (Node | string)[]): HTMLAnchorElement {
  return h('a', {
    href: certificateHref(fingerprint), 'data-fingerprint': fingerprint,
    onclick: (e: Event) => {
      const mouse = e as MouseEvent;
      if (mouse.ctrlKey || mouse.metaKey || mouse.shiftKey || mouse.button !== 0) return;
      e.preventDefault();
      select(fingerprint, true);
    },
  }, ...children);
}

/** A JSON time from a datetime-local value read as Japan time; null when empty or not one. */
function japanTime(local: string): string | null {
  const m = LOCAL_RE.exec(local);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}+09:00` : null;
}

/** Standard base64 (RFC 4648 §4, padded) of bytes. */
function base64Of(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * A certificate file as PEM: PEM text as it is, DER (a .cer / .der is often that) turned into one
 * CERTIFICATE block, base64 in lines of 64 as OpenSSL writes it.
 */
async function pemOfFile(file: File): Promise<{ pem: string; der: boolean }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const text = new TextDecoder('utf-8').decode(bytes);
  if (text.includes('-----BEGIN')) return { pem: text, der: false };
  const lines = base64Of(bytes).match(/.{1,64}/g) ?? [];
  return { pem: `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`, der: true };
}

/** A PEM textarea with a file chooser that fills it (the error of either goes next to `pem`). */
function pemField(testid: string, label: string): { el: HTMLElement; textarea: HTMLTextAreaElement } {
  const textarea = h('textarea', {
    name: 'pem', 'data-testid': `${testid}-pem`, rows: 6, spellcheck: false, class: 'doc-files-input', placeholder: l('f_pem_placeholder'),
  });
  const note = h('span', { class: 'muted', 'data-testid': `${testid}-file-note` });
  const file = h('input', { type: 'file', accept: '.pem,.crt,.cer,.der,application/x-pem-file,application/pkix-cert', 'data-testid': `${testid}-file` });
  const el = field('pem', label, h('div', null,
    textarea,
    h('span', { class: 'check' }, h('span', { class: 'muted' }, l('f_pem_file')), ' ', file, ' ', note)), { required: true, wide: true });
  file.addEventListener('change', () => {
    const chosen = file.files?.[0];
    note.textContent = '';
    if (!chosen) return;
    void pemOfFile(chosen).then(({ pem, der }) => {
      textarea.value = pem;
      note.textContent = l('file_read', { name: chosen.name, how: l(der ? 'file_der' : 'file_pem') });
    }, () => { note.textContent = l('file_unreadable'); });
  });
  return { el, textarea };
}

// ---- 証明書一覧: the inventory -------------------------------------------------------------------

function listControls(ctx: ViewContext): HTMLElement {
  const purpose = h('select', { 'data-testid': 'certificates-filter-purpose' }, ...options(PURPOSES, purposeLabel, filters.purpose, l('all')));
  const status = h('select', { 'data-testid': 'certificates-filter-status' }, ...options(STATUSES, statusLabel, filters.status, l('all')));
  const tenant = h('select', { 'data-testid': 'certificates-filter-tenant' }, ...tenantOptions(ctx, filters.tenant, l('all')));
  const apply = () => {
    filters = { purpose: purpose.value, status: status.value, tenant: pickable(ctx) ? tenant.value : filters.tenant };
    saveRoute();
    void loadList();
  };
  for (const s of [purpose, status, tenant]) s.addEventListener('change', apply);
  return h('div', { class: 'inq-controls chg-list-controls' },
    h('label', null, h('span', null, l('f_purpose')), purpose),
    h('label', null, h('span', null, l('f_status')), status),
    pickable(ctx) ? h('label', null, h('span', null, l('f_tenant')), tenant) : null);
}

const listQuery = () => ({ purpose: filters.purpose || null, status: filters.status || null, tenant: filters.tenant || null });

async function loadList(more = false): Promise<void> {
  const mine = ++listGeneration;
  if (!root) return;
  const list = part(root, '[data-testid="certificates-list"]');
  try {
    const page = await getJson<CertificatePage>(CERTIFICATES, { ...listQuery(), limit: LIMIT, cursor: more ? nextCursor : null });
    if (mine !== listGeneration || !root) return;
    items = more ? [...items, ...page.items] : page.items;
    nextCursor = page.next_cursor;
    renderList();
  } catch (e) {
    if (mine !== listGeneration || !root) return;
    list.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'certificates-list-error' }, problemText(e)));
  }
}

function renderList(): void {
  const list = part(root, '[data-testid="certificates-list"]');
  part(root, '[data-testid="certificates-count"]').textContent = String(items.length) + (nextCursor ? '+' : '');
  if (items.length === 0) {
    const filtered = filters.purpose || filters.status || filters.tenant;
    list.replaceChildren(h('p', { class: 'muted empty', 'data-testid': 'certificates-empty' }, l(filtered ? 'none' : 'none_at_all')));
    return;
  }
  list.replaceChildren(
    h('div', { class: 'table-scroll' },
      h('table', { class: 'inquiries doc-list' },
        h('thead', null, h('tr', null,
          h('th', null, l('col_purpose')), h('th', null, l('col_cn')), h('th', null, l('col_not_after')),
          h('th', { class: 'num' }, l('col_days_left')), h('th', null, l('col_due')), h('th', null, l('col_status')),
          h('th', null, l('col_locations')))),
        h('tbody', null, ...items.map(listRow)))),
    ...(nextCursor
      ? [h('div', { class: 'inq-list-foot' }, h('button', { type: 'button', 'data-testid': 'certificates-more', onclick: () => void loadList(true) }, l('more')))]
      : []));
}

function listRow(c: Certificate): HTMLElement {
  const on = c.fingerprint === selected;
  const urgent = c.status === 'expired' || c.status === 'expiring';
  const settled = c.status === 'retired' || c.successor_in_use;
  return h('tr', {
    class: `inq-row${on ? ' selected' : ''}${urgent ? ' pat-overdue-row' : ''}`,
    // 更新期限超過: an amber bar at the row's start (期限間近 and 期限切れ have the red one).
    style: c.status === 'renewal_due' ? 'box-shadow: inset 4px 0 0 var(--amber75-line)' : null,
    'data-testid': 'certificates-row', 'data-fingerprint': c.fingerprint, 'data-purpose': c.purpose, 'data-status': c.status,
    'data-attention': String(ATTENTION.has(c.status)), tabindex: 0, 'aria-selected': String(on),
    title: c.alt_names.map((n) => n.value).join(', ') || null,
    onclick: () => select(c.fingerprint, true),
    onkeydown: (e: Event) => { if ((e as KeyboardEvent).key === 'Enter') select(c.fingerprint, true); },
  },
  h('td', { class: 'nowrap', 'data-testid': 'certificates-row-purpose' }, purposeLabel(c.purpose)),
  h('td', { class: 'subject', 'data-testid': 'certificates-row-cn' }, cnOf(c)),
  h('td', { class: 'time', 'data-testid': 'certificates-row-not-after' }, formatMinute(c.not_after)),
  h('td', { class: 'num', 'data-testid': 'certificates-row-days-left', 'data-days-left': c.days_left },
    settled ? muted(daysText(c.days_left)) : daysText(c.days_left)),
  h('td', { class: 'time', 'data-testid': 'certificates-row-due', title: c.successor_in_use ? l('successor_in_use_title') : null },
    settled ? muted(formatMinute(c.renewal.due_at)) : formatMinute(c.renewal.due_at)),
  h('td', { class: 'nowrap', 'data-testid': 'certificates-row-status' }, statusBadge(c.status)),
  h('td', { 'data-testid': 'certificates-row-locations' }, c.locations.length === 0
    ? muted('—')
    : c.locations.map((loc) => h('div', { title: locationLabel(loc.kind) }, loc.value))));
}

/** Shows certificate `fingerprint`; `reveal` brings its panel into view. */
function select(fingerprint: string, reveal = false): void {
  selected = fingerprint;
  openForm = null;
  saveRoute();
  for (const row of root?.querySelectorAll<HTMLElement>('[data-testid="certificates-row"]') ?? []) {
    const on = row.dataset.fingerprint === fingerprint;
    row.classList.toggle('selected', on);
    row.setAttribute('aria-selected', String(on));
  }
  void loadDetail(fingerprint, reveal);
}

async function downloadRegister(): Promise<void> {
  const error = part(root, '[data-testid="certificates-download-error"]');
  error.textContent = '';
  try {
    const blob = await getBlob(REPORT, { ...listQuery(), format: 'xlsx' });
    saveBlob(blob, 'certificates.xlsx');
  } catch (e) {
    if (root) error.textContent = `${l('download_failed')}: ${problemText(e)}`;
  }
}

// ---- 証明書を登録 (maintainers) --------------------------------------------------------------------

function toggleNew(): void {
  const panel = part(root, '[data-testid="certificates-new-panel"]');
  const button = part(root, '[data-testid="certificates-new"]');
  const opening = panel.hidden;
  panel.replaceChildren(...(opening && context ? [newForm(context)] : []));
  panel.hidden = !opening;
  button.setAttribute('aria-expanded', String(opening));
  if (opening) panel.querySelector<HTMLTextAreaElement>('textarea')?.focus();
}

function newForm(ctx: ViewContext): HTMLElement {
  const id = (name: string) => `certificates-new-${name}`;
  const pem = pemField('certificates-new', l('f_pem'));
  const owner = h('input', { name: 'owner', 'data-testid': id('owner'), class: 'sch-long-input', maxlength: 100, autocomplete: 'off', placeholder: l('f_owner_placeholder') });
  const tenants = tenantPicker(ctx, 'certificates-new');
  const kind = h('select', { name: 'location-kind', 'data-testid': id('location-kind') }, ...options(LOCATION_KINDS, locationLabel, '', l('f_no_location')));
  const value = h('input', { name: 'location-value', 'data-testid': id('location-value'), class: 'sch-long-input', maxlength: 500, autocomplete: 'off' });
  const days = h('input', { type: 'number', name: 'renew_before_days', 'data-testid': id('renew_before_days'), min: 1, max: 3650, step: 1, inputmode: 'numeric' });
  const percentage = h('input', { type: 'number', name: 'renew_before_percentage', 'data-testid': id('renew_before_percentage'), min: 1, max: 99, step: 1, inputmode: 'numeric' });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': id('submit') }, l('submit'));
  const message = h('span', { class: 'form-message', 'data-testid': id('message'), role: 'status' });
  const form = h('form', { class: 'inq-command', 'data-testid': 'certificates-new-form', novalidate: true },
    h('fieldset', null,
      h('legend', null, l('new_title')),
      pem.el,
      field('owner', l('f_owner'), owner, { required: true }),
      tenantsField(l('f_tenants'), tenants),
      // One location: `locations[0].kind` and `locations[0].value` come back on `locations`.
      h('div', { class: 'field wide', 'data-field': 'locations' },
        h('span', { class: 'field-label' }, l('f_new_location')),
        h('div', { class: 'sch-plan-controls' },
          h('label', null, h('span', null, l('f_location_kind')), kind),
          h('label', null, h('span', null, l('f_location_value')), value)),
        h('span', { class: 'field-error', 'data-testid': 'field-error', 'data-field': 'locations', role: 'alert' })),
      field('renew_before_days', l('f_renew_before_days'), days),
      field('renew_before_percentage', l('f_renew_before_percentage'), percentage),
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'by', role: 'alert' }),
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'at', role: 'alert' }),
      h('div', { class: 'form-actions' }, message, submit,
        h('button', { type: 'button', 'data-testid': id('cancel'), onclick: toggleNew }, l('close_form')))));
  const state: FormState = { scopes: [form], message, submit, retry: null, describe: problemText };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const chosen = tenants.value();
    const location = kind.value || value.value.trim() ? [{ kind: kind.value, value: value.value.trim() }] : undefined;
    void send<Certificate>(state, CERTIFICATES, given({
      pem: pem.textarea.value.trim() ? pem.textarea.value : undefined,
      owner: owner.value,
      tenants: chosen.length > 0 ? chosen : undefined,
      locations: location,
      renew_before_days: numberOf(days),
      renew_before_percentage: numberOf(percentage),
    })).then((c) => {
      if (!c || !root) return;
      toggleNew();
      const n = c.warnings.length;
      say(root, 'certificates-message', n > 0 ? l('registered_warnings', { cn: cnOf(c), n }) : l('registered', { cn: cnOf(c) }), 'ok');
      void loadList();
      select(c.fingerprint, true);
    });
  });
  return form;
}

// ---- a certificate's page --------------------------------------------------------------------------

async function loadDetail(fingerprint: string, reveal = false): Promise<void> {
  const mine = ++detailGeneration;
  if (!root) return;
  const panel = part(root, '[data-testid="certificates-detail"]');
  if (panel.dataset.fingerprint !== fingerprint) {
    panel.dataset.fingerprint = fingerprint;
    delete panel.dataset.version;
    delete panel.dataset.status;
    panel.replaceChildren(h('p', { class: 'muted' }, t('loading')));
  }
  try {
    // The signings made with it: a failure there leaves the rest of the page.
    const [c, signings] = await Promise.all([
      getJson<CertificateDetail>(certificatePath(fingerprint)),
      getJson<{ items: SigningRecord[] }>(SIGNATURES, { certificate: fingerprint, limit: 200 }).then((p) => p.items, (e: unknown) => e),
    ]);
    if (mine !== detailGeneration || !root) return;
    showDetail(c, signings);
    if (reveal) revealIfHidden(panel);
  } catch (e) {
    if (mine !== detailGeneration || !root) return;
    shown = null;
    const notFound = e instanceof ApiError && e.status === 404;
    panel.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'certificates-detail-error' }, notFound ? l('not_found') : problemText(e)));
  }
}

function showDetail(c: CertificateDetail, signings: SigningRecord[] | unknown): void {
  shown = c;
  const panel = part(root, '[data-testid="certificates-detail"]');
  panel.dataset.fingerprint = c.fingerprint;
  panel.dataset.version = String(c.version);
  panel.dataset.status = c.status;
  panel.dataset.purpose = c.purpose;
  const parts: (HTMLElement | null)[] = [
    h('header', { class: 'inq-detail-head' },
      h('h2', { 'data-testid': 'certificates-detail-title' }, cnOf(c)),
      h('div', null, statusBadge(c.status), purposeBadge(c.purpose))),
    c.warnings.length > 0
      ? h('div', { class: 'warning', role: 'alert', 'data-testid': 'certificates-warnings' },
        h('strong', null, `⚠ ${l('warnings_title', { n: c.warnings.length })}`),
        h('ul', null, ...c.warnings.map((w) => h('li', { 'data-testid': 'certificates-warning' }, w))))
      : null,
    h('dl', { class: 'inq-facts' },
      fact(l('fact_purpose'), 'certificates-detail-purpose', purposeLabel(c.purpose),
        c.extended_key_usages.length > 0 ? h('span', { class: 'muted' }, ` (${c.extended_key_usages.join(', ')})`) : null),
      fact(l('fact_subject'), 'certificates-detail-subject', c.subject),
      c.alt_names.length > 0
        ? fact(l('fact_alt_names'), 'certificates-detail-alt-names', c.alt_names.map((n) => `${n.kind.toUpperCase()}:${n.value}`).join(', '))
        : null,
      fact(l('fact_issuer'), 'certificates-detail-issuer', c.issuer),
      fact(l('fact_serial'), 'certificates-detail-serial', h('code', null, c.serial)),
      fact(l('fact_validity'), 'certificates-detail-validity', l('validity_line', { from: formatMinute(c.not_before), to: formatMinute(c.not_after) })),
      fact(l('fact_days_left'), 'certificates-detail-days-left', daysText(c.days_left)),
      fact(l('fact_key'), 'certificates-detail-key', l('key_line', { alg: c.key_algorithm, bits: c.key_bits, sig: c.signature_algorithm })),
      fact(l('fact_fingerprint'), 'certificates-detail-fingerprint', h('code', { class: 'doc-sha' }, c.fingerprint)),
      fact(l('fact_chain'), 'certificates-detail-chain', chainVerdict(c)),
      fact(l('fact_owner'), 'certificates-detail-owner', c.owner),
      fact(l('fact_tenants'), 'certificates-detail-tenants', c.tenants.map(tenantLabel).join('、') || '—'),
      fact(l('fact_imported'), 'certificates-detail-imported', byAt(c.imported_by, c.imported_at)),
      c.retired
        ? fact(l('fact_retired'), 'certificates-detail-retired', c.retired.reason,
          h('span', { class: 'muted' }, ` · ${byAt(c.retired.by, c.retired.at)}`),
          c.retired.replaced_by
            ? h('div', { class: 'meta' }, l('replaced_by'), FINGERPRINT_RE.test(c.retired.replaced_by)
              ? certificateLink(c.retired.replaced_by, shortSha(c.retired.replaced_by))
              : c.retired.replaced_by)
            : null)
        : null),
    h('details', { class: 'meta' }, h('summary', null, l('show_pem')), h('pre', { class: 'pre doc-files-input', 'data-testid': 'certificates-detail-pem' }, c.pem)),
    h('p', { class: 'form-message', 'data-testid': 'certificates-detail-message', role: 'status' }),
    actions(c),
    h('h3', null, l('locations_title')),
    locationsTable(c),
    h('h3', null, l('renewal_title')),
    renewalFacts(c),
    h('h3', null, l('chain_title')),
    renewalChain(c),
    h('h3', null, l('signings_title'), ' ', Array.isArray(signings) ? h('span', { class: 'count', 'data-testid': 'certificates-signings-count' }, String(signings.length)) : null),
    signingsTable(signings),
    h('h3', null, l('history_title'), ' ', h('span', { class: 'count' }, String(c.history.length))),
    historyTable(c),
  ];
  panel.replaceChildren(...parts.filter((x): x is HTMLElement => x !== null));
}

function chainVerdict(c: Certificate): HTMLElement {
  const store = or(`store_${c.chain.trust_store}`, c.chain.trust_store);
  if (c.chain.trust_store === 'none') return h('span', { 'data-verified': 'false' }, badge('class-none', l('chain_unchecked')), ' ', store);
  return h('span', { 'data-verified': String(c.chain.verified) },
    badge(c.chain.verified ? 'status-restored' : 'against', l(c.chain.verified ? 'chain_verified' : 'chain_failed')), ' ',
    l('chain_line', { store, n: c.chain.intermediates }),
    c.chain.result ? h('div', { class: 'meta error' }, c.chain.result) : null);
}

function locationsTable(c: Certificate): HTMLElement {
  // Its locations, then any deployment at a location removed since.
  const rows: { loc: CertificateLocation; listed: boolean }[] = c.locations.map((loc) => ({ loc, listed: true }));
  for (const d of c.deployments) if (!rows.some((r) => sameLocation(r.loc, d.location))) rows.push({ loc: d.location, listed: false });
  if (rows.length === 0) return h('p', { class: 'muted empty', 'data-testid': 'certificates-locations-empty' }, l('locations_none'));
  return h('div', { class: 'table-scroll' }, h('table', { class: 'inq-history', 'data-testid': 'certificates-locations' },
    h('thead', null, h('tr', null, h('th', null, l('col_kind')), h('th', null, l('col_value')), h('th', null, l('col_deployed')))),
    h('tbody', null, ...rows.map(({ loc, listed }) => {
      const deployed = c.deployments.filter((d) => sameLocation(d.location, loc));
      return h('tr', { 'data-testid': 'certificates-location', 'data-kind': loc.kind, 'data-value': loc.value, 'data-deployed': String(deployed.length > 0) },
        h('td', { class: 'nowrap' }, locationLabel(loc.kind)),
        h('td', null, loc.value, listed ? null : h('span', { class: 'muted' }, ` ${l('removed_location')}`)),
        h('td', { 'data-testid': 'certificates-location-deployed' }, deployed.length > 0
          ? deployed.map((d) => h('div', null, byAt(d.by, d.at)))
          : muted(l('not_deployed'))));
    }))));
}

function ruleText(c: Certificate): string {
  const r = c.renewal;
  if (r.rule === 'renew_before') return l('rule_renew_before', { n: r.renew_before_days ?? '?' });
  if (r.rule === 'renew_before_percentage') return l('rule_renew_before_percentage', { n: r.renew_before_percentage ?? '?' });
  return or(`rule_${r.rule}`, r.rule);
}

function renewalFacts(c: Certificate): HTMLElement {
  const r = c.renewal;
  const request = r.request;
  const watch = c.recorded;
  const watchLines = [
    watch.renewal_due_at ? l('watch_due', { at: formatMinute(watch.renewal_due_at) }) : null,
    watch.expiry_notices_business_days.length > 0 ? l('watch_notices', { days: watch.expiry_notices_business_days.join('・') }) : null,
    watch.expired_at ? l('watch_expired', { at: formatMinute(watch.expired_at) }) : null,
  ].filter((x): x is string => x !== null);
  return h('dl', { class: 'inq-facts' },
    fact(l('fact_due'), 'certificates-renewal-due', formatMinute(r.due_at),
      c.status === 'renewal_due' ? h('span', null, ' ', statusBadge(c.status)) : null,
      c.successor_in_use ? h('div', { class: 'meta muted' }, l('successor_in_use')) : null),
    fact(l('fact_rule'), 'certificates-renewal-rule', ruleText(c)),
    fact(l('fact_request'), 'certificates-renewal-request', request
      ? h('span', null,
        l('request_line', { ca: request.ca, order: request.order_id || '—' }),
        request.instructed_by || request.instructed_at
          ? h('div', { class: 'meta', 'data-testid': 'certificates-renewal-instructed' },
            l('request_instructed', { by: request.instructed_by || '—', at: formatMinute(request.instructed_at) }))
          : null,
        request.note ? h('div', { class: 'meta pre' }, request.note) : null,
        h('div', { class: 'meta muted' }, byAt(request.by, request.at)))
      : muted(l('request_none'))),
    fact(l('fact_task'), 'certificates-renewal-task', r.task_id
      ? h('code', { 'data-task-id': r.task_id }, r.task_id)
      : muted(c.purpose === 'tls_server' ? l('task_none_tls') : c.purpose === 'code_signing' && !c.retired && !c.successor ? l('task_none_yet') : l('task_none'))),
    fact(l('fact_watch'), 'certificates-renewal-watch', watchLines.length > 0 ? h('span', null, ...watchLines.map((s) => h('div', null, s))) : muted(l('watch_none'))));
}

function renewalChain(c: CertificateDetail): HTMLElement {
  if (c.predecessors.length === 0 && c.successors.length === 0) {
    return h('p', { class: 'muted empty', 'data-testid': 'certificates-chain-empty' }, l('chain_none'));
  }
  // Oldest first: what it renewed, itself, what renewed it.
  const line = (link: CertificateLink, relation: 'predecessor' | 'self' | 'successor') => h('tr', {
    class: relation === 'self' ? 'selected' : null, 'data-testid': relation === 'self' ? 'certificates-chain-self' : `certificates-${relation}`,
    'data-fingerprint': link.fingerprint, 'data-status': link.status,
  },
  h('td', { class: 'nowrap' }, l(`rel_${relation}`)),
  h('td', null, relation === 'self' ? h('strong', null, cnOf(link)) : certificateLink(link.fingerprint, cnOf(link))),
  h('td', { class: 'nowrap' }, h('code', null, link.serial)),
  h('td', { class: 'time' }, formatMinute(link.not_after)),
  h('td', { class: 'nowrap' }, badge(STATUS_CLASS[link.status] ?? '', statusLabel(link.status), { 'data-status': link.status })));
  return h('div', { class: 'table-scroll' }, h('table', { class: 'inq-history', 'data-testid': 'certificates-chain' },
    h('thead', null, h('tr', null,
      h('th', null, l('col_relation')), h('th', null, l('col_cn')), h('th', null, l('fact_serial')),
      h('th', null, l('col_not_after')), h('th', null, l('col_status')))),
    h('tbody', null,
      ...c.predecessors.map((p) => line(p, 'predecessor')),
      line(c, 'self'),
      ...c.successors.map((x) => line(x, 'successor')))));
}

function signingsTable(signings: SigningRecord[] | unknown): HTMLElement {
  if (!Array.isArray(signings)) {
    return h('p', { class: 'error', role: 'alert', 'data-testid': 'certificates-signings-error' }, problemText(signings));
  }
  const list = signings as SigningRecord[];
  if (list.length === 0) return h('p', { class: 'muted empty', 'data-testid': 'certificates-signings-empty' }, l('signings_none'));
  return h('div', { class: 'table-scroll' }, h('table', { class: 'inq-history', 'data-testid': 'certificates-signings' },
    h('thead', null, h('tr', null,
      h('th', null, l('col_artifact')), h('th', null, l('col_sha256')), h('th', null, l('col_signed_at')),
      h('th', null, l('col_timestamp')), h('th', null, l('col_change')), h('th', null, l('col_recorded')))),
    h('tbody', null, ...list.map((s) => h('tr', { 'data-testid': 'certificates-signing', 'data-signing-id': s.id, title: s.note || null },
      h('td', null, `${s.artifact_name} ${s.artifact_version}`),
      h('td', { class: 'nowrap' }, shortSha(s.sha256)),
      h('td', { class: 'time' }, formatMinute(s.signed_at)),
      h('td', null, s.timestamp ? l('timestamp_line', { tsa: s.timestamp.tsa_name, at: formatMinute(s.timestamp.time) }) : muted(l('no_timestamp'))),
      h('td', { class: 'nowrap' }, s.change_id ? h('a', { href: `#/changes?id=${encodeURIComponent(s.change_id)}` }, h('code', null, s.change_id.slice(0, 8))) : muted('—')),
      h('td', null, byAt(s.recorded_by, s.recorded_at)))))));
}

/** What an event says, in a few words (its payload's times are UTC: shown in Japan time). */
function eventDetail(type: string, p: Record<string, unknown>): (Node | string)[] {
  const s = (k: string) => (typeof p[k] === 'string' ? (p[k] as string) : '');
  const loc = (p.location ?? null) as CertificateLocation | null;
  switch (type) {
    case 'CertificateImported':
      return [l('detail_imported', { owner: s('owner'), due: formatMinute(s('renewal_due_at')) })];
    case 'CertificateLocationAdded':
    case 'CertificateDeployed':
      return loc ? [locationText(loc)] : [];
    case 'CertificateLocationRemoved':
      return loc ? [`${locationText(loc)}（${s('reason')}）`] : [s('reason')];
    case 'RenewalRequested':
      return [l('request_line', { ca: s('ca'), order: s('order_id') || '—' }) + (s('instructed_by') ? ` · ${l('request_instructed', { by: s('instructed_by'), at: formatMinute(s('instructed_at')) })}` : '')];
    case 'SuccessorIssued':
      return FINGERPRINT_RE.test(s('successor')) ? [certificateLink(s('successor'), shortSha(s('successor')))] : [s('successor')];
    case 'CertificateRetired':
      return [s('reason')];
    case 'RenewalDue':
      return [formatMinute(s('due_at'))];
    case 'ExpiryApproaching':
      return [l('detail_notice', { n: String(p.lead_business_days ?? '?'), at: formatMinute(s('not_after')) })];
    case 'CertificateExpired':
      return [formatMinute(s('not_after'))];
    case 'RenewalTaskScheduled':
      return [l('detail_task', { id: s('task_id'), on: formatMinute(s('planned_on')) })];
    default:
      return [];
  }
}

function historyTable(c: CertificateDetail): HTMLElement {
  return h('div', { class: 'table-scroll' }, h('table', { class: 'inq-history', 'data-testid': 'certificates-history' },
    h('thead', null, h('tr', null,
      h('th', null, l('col_at')), h('th', null, l('col_event')), h('th', null, l('col_detail')), h('th', null, l('col_actor')))),
    h('tbody', null, ...c.history.map((e) => {
      const type = e.type.startsWith(EVENT_PREFIX) ? e.type.slice(EVENT_PREFIX.length) : e.type;
      return h('tr', { 'data-testid': 'certificates-event', 'data-type': type },
        h('td', { class: 'time' }, formatMinute(e.occurred_at)),
        h('td', { class: 'nowrap' }, or(`event_${type}`, type)),
        h('td', null, ...eventDetail(type, e.payload ?? {})),
        h('td', null, e.actor));
    }))));
}

// ---- the commands on a certificate (maintainers) ----------------------------------------------------

/** The commands the desk may use on the certificate as it stands (a retired one takes none here). */
function commandsFor(ctx: ViewContext, c: Certificate): Command[] {
  if (!isMaintainer(ctx) || c.retired) return [];
  const out: Command[] = [];
  if (!c.successor) out.push('request_renewal', 'record_issued');
  if (c.locations.some((loc) => !c.deployments.some((d) => sameLocation(d.location, loc)))) out.push('record_deployed');
  out.push('add_location', 'retire');
  return out;
}

function actions(c: Certificate): HTMLElement | null {
  if (!context) return null;
  const commands = commandsFor(context, c);
  if (openForm && !commands.includes(openForm)) openForm = null;
  if (commands.length === 0) return null;
  return h('div', { class: 'inq-actions chg-actions', 'data-testid': 'certificates-actions' },
    h('div', { class: 'chg-command-buttons' }, ...commands.map((command) => h('button', {
      type: 'button', class: command === openForm ? 'primary' : null, 'data-testid': `certificates-cmd-${command}`,
      'aria-expanded': String(command === openForm), onclick: () => toggleForm(command),
    }, commandLabel(command)))),
    openForm ? commandForm(c, openForm) : null);
}

function toggleForm(command: Command): void {
  openForm = openForm === command ? null : command;
  if (!shown || !root) return;
  say(root, 'certificates-detail-message', '');
  const fresh = actions(shown);
  if (fresh) part(root, '[data-testid="certificates-actions"]').replaceWith(fresh);
  part(root, '[data-testid="certificates-actions"]').querySelector<HTMLElement>('form input, form select, form textarea')?.focus();
}

function commandForm(c: Certificate, command: Command): HTMLElement {
  const id = (name: string) => `certificates-${command}-${name}`;
  const input = (name: string, attrs: Record<string, string | number | boolean> = {}) =>
    h('input', { name, 'data-testid': id(name), autocomplete: 'off', ...attrs });
  // A location's errors come back as `location`, `location.kind` or `location.value`.
  const locationSlots = () => ['location.kind', 'location.value'].map((name) =>
    h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': name, role: 'alert' }));
  let fields: HTMLElement[] = [];
  let body: () => Record<string, unknown> = () => ({});
  switch (command) {
    case 'request_renewal': {
      const ca = input('ca', { maxlength: 200, class: 'sch-long-input' });
      const order = input('order_id', { maxlength: 200 });
      const note = h('textarea', { name: 'note', 'data-testid': id('note'), rows: 2, maxlength: 2000 });
      // An SSL certificate is renewed on the association side's instruction (仕様書 4.(3)⑤ケ).
      const tls = c.purpose === 'tls_server';
      const instructedBy = input('instructed_by', { maxlength: 200, class: 'sch-long-input', placeholder: l('f_instructed_by_placeholder') });
      const instructedAt = input('instructed_at', { type: 'datetime-local' });
      fields = [
        field('ca', l('f_ca'), ca, { required: true }),
        field('order_id', l('f_order_id'), order),
        ...(tls ? [
          field('instructed_by', l('f_instructed_by'), instructedBy, { required: true }),
          field('instructed_at', l('f_instructed_at'), instructedAt, { required: true }),
        ] : []),
        field('note', l('f_note'), note, { wide: true }),
      ];
      body = () => given({
        ca: ca.value, order_id: order.value.trim() || undefined, note: note.value.trim() || undefined,
        instructed_by: tls ? instructedBy.value : undefined,
        instructed_at: tls ? japanTime(instructedAt.value) ?? undefined : undefined,
      });
      break;
    }
    case 'record_issued': {
      const pem = pemField(`certificates-${command}`, l('f_pem'));
      fields = [h('p', { class: 'muted wide' }, l('issued_hint')), pem.el];
      body = () => given({ pem: pem.textarea.value.trim() ? pem.textarea.value : undefined });
      break;
    }
    case 'record_deployed': {
      const deployed = (loc: CertificateLocation) => c.deployments.some((d) => sameLocation(d.location, loc));
      const waiting = c.locations.filter((loc) => !deployed(loc));
      const select = h('select', { name: 'location', 'data-testid': id('location') },
        ...c.locations.map((loc, i) => h('option', { value: String(i), selected: loc === waiting[0], disabled: deployed(loc) },
          deployed(loc) ? l('deployed_already', { where: locationText(loc) }) : locationText(loc))));
      fields = [field('location', l('f_location'), select, { required: true, wide: true }), ...locationSlots()];
      body = () => ({ location: c.locations[Number(select.value)] });
      break;
    }
    case 'add_location': {
      const kind = h('select', { name: 'kind', 'data-testid': id('kind') }, ...options(LOCATION_KINDS, locationLabel, '', l('f_choose')));
      const value = input('value', { maxlength: 500, class: 'sch-long-input' });
      fields = [
        field('location.kind', l('f_location_kind'), kind, { required: true }),
        field('location.value', l('f_location_value'), value, { required: true }),
        h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'location', role: 'alert' }),
      ];
      body = () => ({ location: { kind: kind.value, value: value.value.trim() } });
      break;
    }
    case 'retire': {
      const reason = h('textarea', { name: 'reason', 'data-testid': id('reason'), rows: 2, maxlength: 500 });
      fields = [field('reason', l('f_reason'), reason, { required: true, wide: true })];
      body = () => given({ reason: reason.value });
      break;
    }
  }
  const label = commandLabel(command);
  const submit = h('button', { type: 'submit', class: command === 'retire' ? 'danger' : 'primary', 'data-testid': id('submit') }, l('submit'));
  const message = h('span', { class: 'form-message', 'data-testid': id('message'), role: 'status' });
  const form = h('form', { class: 'inq-command', 'data-testid': `certificates-form-${command}`, novalidate: true },
    h('fieldset', null,
      h('legend', null, label),
      ...fields,
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'by', role: 'alert' }),
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'at', role: 'alert' }),
      h('div', { class: 'form-actions' }, message, submit,
        h('button', { type: 'button', 'data-testid': id('cancel'), onclick: () => toggleForm(command) }, l('close_form')))));
  const state: FormState = { scopes: [form], message, submit, retry: null, describe: problemText };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void send<Certificate>(state, certificatePath(c.fingerprint, `/${command}`), body()).then((answer) => {
      if (!answer || !root) return;
      openForm = null;
      void loadList();
      if (command === 'record_issued') {
        // The answer is the new certificate: its page next, for its deployments.
        select(answer.fingerprint, true);
        say(root, 'certificates-message', l('successor_recorded', { cn: cnOf(answer) }), 'ok');
        return;
      }
      void loadDetail(c.fingerprint).then(() => say(root, 'certificates-detail-message', l('recorded', { command: label }), 'ok'));
    });
  });
  return form;
}

// ---- 署名を検証 (any role) -----------------------------------------------------------------------

function verifyPanel(): HTMLElement {
  const id = (name: string) => `certificates-verify-${name}`;
  const radio = (value: string, checked: boolean) => h('input', { type: 'radio', name: 'verify-mode', value, checked, 'data-testid': id(`mode-${value}`) });
  const program = radio('program', true);
  const detached = radio('detached', false);
  const file = h('input', { type: 'file', name: 'artifact', 'data-testid': id('file') });
  const signature = h('input', { type: 'file', name: 'signature', accept: '.p7s,.sig,.pem,.p7m,.der', 'data-testid': id('signature') });
  const signatureField = field('signature_base64', l('f_signature'), signature, { required: true });
  const showMode = () => { signatureField.hidden = !detached.checked; };
  program.addEventListener('change', showMode);
  detached.addEventListener('change', showMode);
  showMode();
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': id('submit') }, l('verify_submit'));
  const message = h('span', { class: 'form-message', 'data-testid': id('message'), role: 'status' });
  const result = h('div', { 'data-testid': id('result-area') });
  const form = h('form', { class: 'inq-command', 'data-testid': id('form'), novalidate: true },
    h('fieldset', null,
      h('legend', null, l('verify_mode')),
      h('div', { class: 'field wide', role: 'radiogroup' },
        h('label', { class: 'check' }, program, ' ', l('verify_program')),
        h('label', { class: 'check' }, detached, ' ', l('verify_detached'))),
      // The file's errors come back on `artifact` (a raw body) or `artifact_base64` (JSON).
      field('artifact', l('f_artifact'), file, { required: true }),
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'artifact_base64', role: 'alert' }),
      signatureField,
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'at', role: 'alert' }),
      h('div', { class: 'form-actions' }, message, submit)));
  const state: FormState = { scopes: [form], message, submit, retry: null, describe: problemText };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void (async () => {
      clearErrors(state);
      const chosen = file.files?.[0];
      const sig = detached.checked ? signature.files?.[0] : undefined;
      if (!chosen) return localError(form, 'artifact', l('choose_file'));
      if (detached.checked && !sig) return localError(form, 'signature_base64', l('choose_signature'));
      const mine = ++verifyGeneration;
      result.replaceChildren();
      submit.disabled = true;
      message.textContent = t('inq_sending');
      try {
        let answer: Verification;
        if (sig) {
          const [artifact, signatureBytes] = await Promise.all([chosen.arrayBuffer(), sig.arrayBuffer()]);
          const res = await apiFetch(VERIFY, {
            method: 'POST',
            headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
            body: JSON.stringify({ artifact_base64: base64Of(new Uint8Array(artifact)), signature_base64: base64Of(new Uint8Array(signatureBytes)) }),
          });
          answer = (await res.json()) as Verification;
        } else {
          // The signed program as it is.
          const res = await apiFetch(VERIFY, {
            method: 'POST', headers: { Accept: 'application/json', 'Content-Type': 'application/octet-stream' }, body: chosen,
          });
          answer = (await res.json()) as Verification;
        }
        if (mine !== verifyGeneration || !root) return;
        message.textContent = '';
        result.replaceChildren(verificationResult(answer, chosen.name));
      } catch (err) {
        if (mine !== verifyGeneration || !root) return;
        showProblem(state, err);
      } finally {
        submit.disabled = false;
      }
    })();
  });
  return h('section', { class: 'panel', 'data-testid': 'certificates-verify' },
    h('h2', null, l('verify_title')),
    h('p', { class: 'muted' }, l('verify_intro')),
    form,
    result);
}

/** Writes an error the view found itself next to its field, as the server's are shown. */
function localError(form: HTMLElement, name: string, text: string): void {
  const slot = form.querySelector<HTMLElement>(`.field-error[data-field="${name}"]`);
  if (!slot) return;
  slot.textContent = text;
  slot.closest('.field')?.classList.add('invalid');
}

function verificationResult(v: Verification, fileName: string): HTMLElement {
  const signer = v.signer;
  const ts = v.timestamp;
  const record = v.signing_record;
  return h('div', { class: 'inq-detail', 'data-testid': 'certificates-verify-result', 'data-verified': String(v.verified), 'data-format': v.format },
    h('h3', { 'data-testid': 'certificates-verify-verdict' },
      badge(v.verified ? 'status-restored' : 'pat-overdue', l(v.verified ? 'verified_yes' : 'verified_no'))),
    h('dl', { class: 'inq-facts' },
      fact(l('v_format'), 'certificates-verify-format', or(`v_format_${v.format}`, v.format)),
      fact(l('v_file'), 'certificates-verify-file-facts', l('v_file_line', { name: fileName, n: v.size.toLocaleString('en-US') }), ' ', shortSha(v.sha256)),
      !v.verified && v.reason ? fact(l('v_reason'), 'certificates-verify-reason', h('span', { class: 'error' }, v.reason)) : null,
      fact(l('v_checked_at'), 'certificates-verify-checked-at', formatMinute(v.checked_at)),
      fact(l('v_timestamp'), 'certificates-verify-timestamp', ts
        ? l(ts.verified ? 'v_timestamp_ok' : 'v_timestamp_bad', { at: formatMinute(ts.time) })
        : muted(v.format === 'detached_cms' ? l('v_timestamp_cms') : l('v_timestamp_none'))),
      fact(l('v_signer'), 'certificates-verify-signer', signer
        ? h('span', null,
          signer.fingerprint && signer.in_inventory
            ? certificateLink(signer.fingerprint, l('v_signer_line', { cn: signer.subject_cn || signer.subject, serial: signer.serial }))
            : l('v_signer_line', { cn: signer.subject_cn || signer.subject, serial: signer.serial || '—' }),
          ' ',
          signer.fingerprint ? badge(signer.in_inventory ? 'status-restored' : 'class-none', l(signer.in_inventory ? 'v_in_inventory' : 'v_not_in_inventory'), { 'data-testid': 'certificates-verify-in-inventory' }) : null,
          signer.not_before && signer.not_after
            ? h('div', { class: 'meta muted' }, l('v_signer_validity', { from: formatMinute(signer.not_before), to: formatMinute(signer.not_after) }))
            : null)
        : muted(l('v_signer_none'))),
      fact(l('v_record'), 'certificates-verify-record', record
        ? h('span', { 'data-signing-id': record.id },
          l('v_record_line', { name: record.artifact_name, version: record.artifact_version, at: formatMinute(record.signed_at), by: record.recorded_by }),
          record.change_id ? h('div', { class: 'meta' }, h('a', { href: `#/changes?id=${encodeURIComponent(record.change_id)}` }, h('code', null, record.change_id))) : null)
        : muted(l('v_record_none'))),
      v.valid_after_certificate_expired ? fact('', 'certificates-verify-after-expiry', badge('status-restored', l('v_after_expiry'))) : null,
      fact(l('v_summary'), 'certificates-verify-summary', h('span', { lang: 'en' }, v.summary))));
}
