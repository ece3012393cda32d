// The shapes of the API answers the dashboard reads: only the fields it uses. The full
// contract is in docs/api/*.yaml (OpenAPI); names here follow its schemas.

export type TenantCode = string;
export type Instant = string; // RFC 3339, `Z` or `+09:00`

/** SlaDuration: whole seconds and the same in words (`1h15m`). */
export interface Duration {
  seconds: number;
  text: string;
}

// ---- ops-board.yaml ---------------------------------------------------------------------

export interface BoardTenant {
  tenant: TenantCode;
  name_ja: string;
  first_notice_at: Instant | null;
  first_notice_sent: boolean;
  last_report_at: Instant | null;
}

/** BoardIncident: a row of GET /v1/board/incidents, and of the board stream. */
export interface BoardIncident {
  id: string;
  title: string;
  severity: 'critical' | 'major' | 'minor';
  status: 'open' | 'workaround_applied' | 'restored' | 'closed';
  detected_at: Instant;
  last_report_at: Instant | null;
  restored_at: Instant | null;
  closed_at: Instant | null;
  version: number;
  tenants: BoardTenant[];
  elapsed_seconds: number;
  elapsed_text: string;
}

// ---- the board stream (GET /v1/board/stream, text/event-stream) --------------------------

export interface StreamSnapshot {
  position: number;
  now: Instant;
  rows: BoardIncident[];
}
export interface StreamChanges {
  position: number;
  now: Instant;
  rows: BoardIncident[];
  removed: string[];
}
export interface StreamTick {
  position: number;
  now: Instant;
}

// ---- sla-metrics.yaml: one incident's clocks ----------------------------------------------

export interface FirstNoticeClock {
  tenant: TenantCode;
  recurrence: number;
  reference_only: boolean;
  state: 'running' | 'met' | 'missed' | 'unmeasurable';
  rule: string;
  reason: 'late' | 'no_notice' | null;
  goal: Duration;
  started_at: Instant;
  counting_from: Instant;
  stopped_at: Instant | null;
  stop_kind: 'first_notice' | 'progress_report' | 'recovery_report' | 'closed' | null;
  breach_time: Instant;
  business_elapsed: Duration;
  remaining: Duration;
  percent_of_goal: number;
  paused: boolean;
  breached: boolean;
}

export interface CadenceCycle {
  day: string; // Tokyo date YYYY-MM-DD
  state: string;
  breached: boolean;
}

export interface CadenceReport {
  sent_at: Instant;
  kind: 'first_notice' | 'progress_report' | 'recovery_report';
  event_id: string;
}

export interface ProgressCadence {
  tenant: TenantCode;
  reference_only: boolean;
  goal: string; // `N per business day`
  started: boolean;
  ongoing_cycle: (CadenceCycle & { paused: boolean; remaining: Duration }) | null;
  completed_cycles: CadenceCycle[];
  reports: CadenceReport[];
}

export interface NotMeasured {
  tenant: TenantCode;
  rule: string;
  detail: string;
}

/** SlaIncidentClocks: GET /v1/sla/incidents/{id}, and each item of ?status=open. */
export interface SlaIncidentClocks {
  incident_id: string;
  computed_at: Instant;
  not_measured: NotMeasured[];
  first_notice: FirstNoticeClock[];
  progress_cadence: ProgressCadence[];
  as_of_position: number;
}

/** GET /v1/sla/incidents?status=open: the clocks of every open incident the caller may see. */
export interface SlaOpenClocksPage {
  as_of_position: number;
  computed_at: Instant;
  items: SlaIncidentClocks[];
  /** The `cursor` of the next page; null (or absent) on the last. */
  next_cursor?: string | null;
}

// ---- sla-metrics.yaml: the table (別表1) ----------------------------------------------------

export interface SlaEvidence {
  incident_id: string;
  tenant: TenantCode | null;
  what: string;
  /** The same in Japanese with Tokyo times (newer servers). */
  what_ja?: string;
  rule: string;
  counts_against: boolean;
  permitted: boolean;
  events: { id: string | null; at: Instant; kind: string }[];
}

export interface SlaTableRow {
  id: string;
  kind: string;
  label_ja: string;
  label_en: string;
  target_ja: string;
  goal: string;
  status: 'measured' | 'no_data';
  measured: { mean_business?: Duration | null } | null;
  measured_text_ja: string;
  achieved: 'met' | 'missed' | null;
  compliance: { met: number; total: number; achievement_percent: number | null };
  items: number;
  evidence: SlaEvidence[];
}

export interface SlaTable {
  tenant: TenantCode | '*';
  name_ja: string;
  reference_only: boolean;
  period: { label: string; from: Instant; until: Instant };
  computed_at: Instant;
  rows: SlaTableRow[];
}

export interface SlaTablePage {
  period: string;
  computed_at: Instant;
  as_of_position: number;
  settings_version: number;
  settings_changed_after_period: unknown[];
  tables: SlaTable[];
}

// ---- sla-watch.yaml ----------------------------------------------------------------------

export interface SlaAlert {
  event_id: string;
  position: number;
  recorded_at: Instant;
  clock: 'first_notice' | 'progress_cadence';
  incident_id: string;
  tenant: TenantCode;
  percent: number;
  due_at: Instant;
  cycle_day: string | null;
  recurrence: number;
}

export interface SlaAlertPage {
  items: SlaAlert[];
  head_position: number;
}

// ---- inquiries.yaml -----------------------------------------------------------------------

export type InquiryStatus = 'received' | 'in_progress' | 'waiting_for_information' | 'answered' | 'closed';
export type InquiryClass = 'fault' | 'improvement' | 'question' | 'out_of_scope';
export type InquiryChannel = 'phone' | 'email' | 'web' | 'in_person' | 'other';
export type InquiryEffortKind = 'handling' | 'investigation' | 'recording' | 'answer_review' | 'coordination';
/** An association code, or `centre_ops` (the centre operations team, not an association). */
export type InquiryTenant = TenantCode | 'centre_ops';

/** InquirySummary: a row of GET /v1/inquiries. */
export interface InquirySummary {
  id: string;
  version: number;
  status: InquiryStatus;
  tenant: InquiryTenant;
  tenant_name: string;
  channel: InquiryChannel;
  received_at: Instant;
  requester_name: string;
  subject: string;
  class: InquiryClass | null;
  incident_id: string | null;
  first_answered_at: Instant | null;
}

export interface InquiryPage {
  items: InquirySummary[];
  next_cursor: string | null;
}

/** Inquiry: GET /v1/inquiries/{id}, and the answer of every command (with `position`). */
export interface Inquiry {
  id: string;
  version: number;
  status: InquiryStatus;
  tenant: InquiryTenant;
  tenant_name: string;
  channel: InquiryChannel;
  received_at: Instant;
  requester: { name: string; role: string };
  subject: string;
  body: string;
  category_hint: string | null;
  class: InquiryClass | null;
  class_reason: string | null;
  escalated: boolean;
  incident_id: string | null;
  change_id: string | null;
  acknowledged_at: Instant | null;
  pending_question: string | null;
  first_answered_at: Instant | null;
  answer: string | null;
  answered_at: Instant | null;
  answer_confirmed: boolean;
  closed_at: Instant | null;
  close_reason: string | null;
  effort_minutes: Partial<Record<InquiryEffortKind, number>>;
  effort_minutes_total: number;
}

/** One event of GET /v1/inquiries/{id}/events: the envelope; `payload` depends on `type`. */
export interface InquiryEvent {
  event_id: string;
  stream_version: number;
  type: string; // opsdesk.inquiries.v1.<Name>
  occurred_at: Instant;
  recorded_at: Instant;
  actor: string;
  payload: Record<string, unknown>;
}

export interface InquiryHistory {
  inquiry_id: string;
  version: number;
  events: InquiryEvent[];
}

// ---- inquiries.yaml: the FAQ (よくある質問) -------------------------------------------------

/** An association code an FAQ entry applies to, or `*` (every association, then alone). */
export type FaqTenant = TenantCode | '*';

/** FaqEntry: GET /v1/faq/{id}, and the answer of every entry command (with `position`). */
export interface FaqEntry {
  id: string;
  version: number;
  inquiry_id: string;
  question: string;
  answer: string;
  category: string;
  tenants: FaqTenant[];
  public: boolean;
  retired: boolean;
  created_at: Instant;
  updated_at: Instant;
}

/** FaqEntrySummary: a row of GET /v1/faq (no answer). */
export interface FaqEntrySummary {
  id: string;
  version: number;
  question: string;
  category: string;
  tenants: FaqTenant[];
  public: boolean;
  retired: boolean;
  updated_at: Instant;
}

export interface FaqEntryPage {
  items: FaqEntrySummary[];
  next_cursor: string | null;
}

/** FaqSearchHit: an entry found by GET /v1/faq/search, with its relevance (0 to 100). */
export interface FaqSearchHit extends FaqEntry {
  relevance: number;
}

export interface FaqSearchResult {
  q: string;
  items: FaqSearchHit[];
}

/** FaqPublishResult: the answer of POST /v1/faq/publish. */
export interface FaqPublishResult {
  version: number;
  entries: number;
  file: string;
  position: number;
}

/** FaqFileSummary: a row of GET /v1/faq/files (oldest first). */
export interface FaqFileSummary {
  version: number;
  published_at: Instant;
  published_by: string;
  /** How many of its entries the caller may read. */
  entries: number;
}

export interface FaqFileList {
  items: FaqFileSummary[];
}

/** FaqFileEntry: an entry of a file, as the file froze it. */
export interface FaqFileEntry {
  faq_id: string;
  entry_version: number;
  question: string;
  answer: string;
  category: string;
  tenants: FaqTenant[];
}

/** FaqFileDiff: GET /v1/faq/files/{a}/diff/{b}. */
export interface FaqFileDiff {
  from: number;
  to: number;
  added: FaqFileEntry[];
  changed: { faq_id: string; before: FaqFileEntry; after: FaqFileEntry }[];
  removed: FaqFileEntry[];
}

// ---- changes.yaml: configuration items (構成管理) ------------------------------------------

export type CiKind =
  | 'system_server' | 'virtualisation_host' | 'ad_server' | 'monitoring_server' | 'backup_server'
  | 'monitoring_terminal' | 'storage' | 'ups' | 'network' | 'software' | 'document_set';

/** ConfigurationItem: a row of GET /v1/configuration-items. */
export interface ConfigurationItem {
  id: string;
  version: number;
  kind: CiKind;
  code: string;
  name: string;
  /** Association codes, or `['all_centre']` for the centre's shared equipment. */
  tenants: string[];
  concerned_tenants: TenantCode[];
  location: 'centre' | 'bouei_site';
  /** Free facts: `os`, `model`, `spec_ref` (`別紙4 項番1`), ... */
  attributes: Record<string, string>;
  relations: { kind: 'runs_on' | 'backs_up' | 'depends_on'; target_id: string; target_code: string | null; target_name: string | null }[];
  status: 'active' | 'retired';
  retired_reason: string | null;
  registered_at: Instant;
  changed_at: Instant;
}

export interface CiList {
  items: ConfigurationItem[];
  count: number;
}

/** A relation of another item whose target is this one (ConfigurationItemDetail.related_from). */
export interface CiRelatedFrom {
  kind: 'runs_on' | 'backs_up' | 'depends_on';
  from_id: string;
  from_code: string;
  from_name: string;
}

/** GET /v1/configuration-items/{id}: the item, what relates to it and the changes that name it. */
export interface ConfigurationItemDetail extends ConfigurationItem {
  related_from: CiRelatedFrom[];
  changes: ChangeSummary[];
}

/** One recorded fact about an item (GET /v1/configuration-items/{id}/events), envelope and payload. */
export interface CiEvent {
  event_id: string;
  stream_version: number;
  type: string; // opsdesk.changes.v1.ConfigurationItemRegistered | …Revised | …Retired
  occurred_at: Instant;
  recorded_at: Instant;
  actor: string;
  /** Registered: the item; Revised: every changeable field and `reason`; Retired: `reason`. Each with `at` and `by`. */
  payload: { by?: string; reason?: string; name?: string } & Record<string, unknown>;
}

export interface CiHistory {
  ci_id: string;
  code: string;
  /** Oldest first. */
  events: CiEvent[];
}

/** The answer of POST /v1/configuration-items/seed (別紙4's equipment). */
export interface CiSeedResult {
  registered: { code: string; id: string }[];
  already_registered: { code: string; id: string }[];
}

// ---- changes.yaml: changes (改修) -----------------------------------------------------------

export type ChangeOrigin = 'fault' | 'improvement' | 'security_patch' | 'other';
export type ChangeStatus = 'registered' | 'assessed' | 'approved' | 'in_progress' | 'closed' | 'rejected' | 'withdrawn';
export type ChangePhase =
  | 'design' | 'build' | 'unit_test' | 'integration_test' | 'system_test' | 'acceptance_support'
  | 'distribution' | 'migration' | 'installation' | 'training';

/** ChangeSummary: a row of GET /v1/changes (and of the month's EVM, with `evm`). */
export interface ChangeSummary {
  id: string;
  version: number;
  origin: ChangeOrigin;
  incident_id: string | null;
  inquiry_id: string | null;
  title: string;
  tenants: TenantCode[];
  status: ChangeStatus;
  current_phase: ChangePhase | null;
  counts_against_cap: boolean;
  planned_hours: number;
  actual_hours: number;
  registered_at: Instant;
  changed_at: Instant;
}

export interface ChangePage {
  items: ChangeSummary[];
  next_cursor: string | null;
}

export interface PhaseRecord {
  at: Instant;
  by: string;
  skipped: boolean;
  /** A skip's reason. */
  reason?: string;
  tenant?: TenantCode | null;
  evidence?: { document_id: string; document_version: string };
  note?: string;
}

export interface WorkPackage {
  id: string; // wp-1, wp-2, ...
  name: string;
  planned_hours: number;
  planned_start: string; // YYYY-MM-DD (Tokyo)
  planned_finish: string;
  depends_on: string[];
  tenant: TenantCode | null;
  percent_complete: number;
  actual_hours: number;
  progress: { percent: number; as_of: string; at: Instant; by: string }[];
  actuals: { hours: number; by: string; date: string; activity: string; recorded_at: Instant; recorded_by: string }[];
}

/** Change: GET /v1/changes/{id}, and the answer of every change command. */
export interface Change extends ChangeSummary {
  description: string;
  registered_by: string;
  configuration_items: { id: string; code: string | null; name: string | null }[];
  assessment: { impact: string; effort_estimate_hours: number; at: Instant; by: string } | null;
  approval: { approver: string; note: string; at: Instant; by: string } | null;
  phases: { phase: ChangePhase; per_association: boolean; done: boolean; records: PhaseRecord[] }[];
  /** What is still to do once approved, in order: `design`, ..., `installation for soumu`, `training`. */
  open_phases: string[];
  work_packages: WorkPackage[];
  baselines: { number: number; reason: string; at: Instant; by: string }[];
  closed: { note: string; at: Instant; by: string } | null;
  rejected: { reason: string; at: Instant; by: string } | null;
  withdrawn: { reason: string; at: Instant; by: string } | null;
}

// ---- changes.yaml: earned value (EVM) -------------------------------------------------------

/** The three ways of forecasting what is left (`etc`, `eac`, `vac`); null when undefined. */
export interface EvmByMethod {
  atypical: number | null;
  cpi: number | null;
  cpi_spi: number | null;
}

/**
 * EvmMeasures: hours (pv ev ac bac sv cv etc eac vac), ratios (spi cpi cr tcpi spi_t, 4
 * decimals) and business days. A figure without a value is null, and `undefined` says why,
 * under its name (`cpi`, `eac.cpi`, `forecast_finish`).
 */
export interface EvmMeasures {
  as_of: string;
  pv: number;
  ev: number;
  ac: number;
  bac: number;
  sv: number;
  cv: number;
  spi: number | null;
  cpi: number | null;
  cr: number | null;
  etc: EvmByMethod;
  eac: EvmByMethod;
  vac: EvmByMethod;
  tcpi: { to_bac: number | null; to_eac: number | null };
  planned_start: string | null;
  planned_finish: string | null;
  planned_duration: number;
  at: number;
  es: number | null;
  spi_t: number | null;
  forecast_finish: string | null;
  person_months: { bac: number; ac: number; eac: number | null };
  undefined: Record<string, string>;
}

/** GET /v1/changes/{id}/evm. */
export interface ChangeEvm extends EvmMeasures {
  change_id: string;
  title: string;
  tenant: TenantCode | null;
  baseline: number | null;
  by_tenant: Record<string, EvmMeasures>;
  packages: { id: string; tenant: TenantCode | null; budget_hours: number; planned_start: string; planned_finish: string; percent_complete: number; pv: number; ev: number; ac: number }[];
}

/** ContractCap: the term's modification effort against the contract's cap (GET /v1/evm/cap). */
export interface ContractCap {
  term: string;
  as_of: string;
  person_month_hours: number;
  cap: { hours: number; person_months: number };
  ac: { hours: number; person_months: number; share_of_cap: number | null };
  eac: { method: string; hours: number; person_months: number; share_of_cap: number | null };
  remaining: { after_ac_hours: number; after_ac_person_months: number; after_eac_hours: number; after_eac_person_months: number };
  thresholds_reached: { threshold_percent: number; measure: 'ac' | 'eac'; hours: number; at: Instant }[];
  changes: { change_id: string; title: string; origin: ChangeOrigin; status: ChangeStatus; ac_hours: number; eac_hours: number; eac_basis: string }[];
}

/** MonthlyEvm: GET /v1/evm?month=YYYY-MM (the monthly meeting's report). */
export interface MonthlyEvm {
  month: string;
  from: string;
  to: string;
  as_of: string;
  tenant: TenantCode | null;
  totals: EvmMeasures;
  changes: (ChangeSummary & { evm: EvmMeasures })[];
  /** The S-curve: cumulative PV, EV and AC at the end of each day of the month. */
  series: { date: string; pv: number; ev: number; ac: number }[];
  /** Only for a token with `"*"`. */
  contract_cap: ContractCap | null;
}

/** One bad field of a 422 `validation-failed` problem (`requester.name`, `affected_tenants[1]`). */
export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details, the body of every error. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  request_id: string;
  /** validation-failed (422): every bad field. */
  errors?: FieldError[];
  /** A lifecycle rule's name (409), e.g. `answer-needs-class`. */
  rule?: string;
}

// ---- changes.yaml: security patches (セキュリティパッチ, 仕様書 4.(2)⑤) ----------------------------

export type PatchProduct = 'os' | 'antivirus' | 'windows_feature_update' | 'middleware';
export type PatchSeverity = 'critical' | 'important' | 'moderate' | 'low';
export type PatchUrgency = 'emergency' | 'normal' | 'deferred';
export type PatchStatus = 'registered' | 'assessed' | 'decided' | 'deferred' | 'rolling_out' | 'rolled_out';
export type PatchRolloutState = 'pending' | 'verified' | 'scheduled' | 'applied' | 'failed' | 'not_applicable';

/** How many of the targets the caller sees stand in each rollout state (every state present). */
export type PatchCounts = Record<PatchRolloutState, number>;

/** PatchSummary: a row of GET /v1/patches. `counts` counts the caller's targets; `status` is the whole patch's. */
export interface PatchSummary {
  id: string;
  version: number;
  product: PatchProduct;
  vendor_id: string;
  title: string;
  published: string; // YYYY-MM-DD
  severity: PatchSeverity;
  /** The latest urgency decision's; null before decide_urgency. */
  urgency: PatchUrgency | null;
  status: PatchStatus;
  /** An emergency patch's due time (18:00 of the Nth business day); null otherwise. */
  apply_due_at: Instant | null;
  overdue: boolean;
  counts: PatchCounts;
  registered_at: Instant;
  changed_at: Instant;
}

export interface PatchPage {
  items: PatchSummary[];
  next_cursor: string | null;
}

export interface PatchRolloutStep {
  state: PatchRolloutState;
  note: string;
  scheduled_for: Instant | null;
  at: Instant;
  by: string;
}

/** PatchTargetRow: a target of a patch, a row of its rollout matrix. */
export interface PatchTargetRow {
  configuration_item_id: string;
  code: string;
  /** Null only when the service does not know the item. */
  name: string | null;
  kind: CiKind | null;
  location: 'centre' | 'bouei_site' | null;
  /** The associations the item served when targeted, as codes (the shared equipment: the 18 of the centre). */
  tenants: TenantCode[];
  state: PatchRolloutState;
  scheduled_for: Instant | null;
  targeted_at: Instant;
  changed_at: Instant;
  /** Oldest first. */
  steps: PatchRolloutStep[];
}

/** Patch: GET /v1/patches/{id}, and the answer of every patch command. */
export interface Patch extends PatchSummary {
  description: string;
  registered_by: string;
  assessment: { impact: string; needs_modification: boolean; at: Instant; by: string } | null;
  urgency_decision: {
    urgency: PatchUrgency; reason: string; measure: 'provisional' | 'permanent'; plan: string; agreed_with: string; at: Instant; by: string;
  } | null;
  verifications: { result: 'passed' | 'failed'; environment: string; note: string; at: Instant; by: string }[];
  procedure: { document_id: string; document_version: string; at: Instant; by: string } | null;
  procedures: { document_id: string; document_version: string; at: Instant; by: string }[];
  change_id: string | null;
  targets: PatchTargetRow[];
  overdue_record: { decided_at: Instant; business_days: number; due_at: Instant; open_configuration_item_ids: string[]; at: Instant } | null;
}

/** GET /v1/patches/{id}/matrix. */
export interface PatchMatrix {
  patch_id: string;
  vendor_id: string;
  counts: PatchCounts;
  rows: PatchTargetRow[];
}

/** A row of GET /v1/patches/matrix (every patch's targets): the target with its patch. */
export interface PatchMatrixRow extends PatchTargetRow {
  patch_id: string;
  vendor_id: string;
  title: string;
  product: PatchProduct;
  urgency: PatchUrgency | null;
}

export interface PatchMatrixRows {
  rows: PatchMatrixRow[];
}

export interface PatchReportLine {
  patch_id: string;
  vendor_id: string;
  title: string;
  product: PatchProduct;
  severity: PatchSeverity;
  urgency: PatchUrgency | null;
  configuration_item_id: string;
  code: string;
  name: string | null;
  state: PatchRolloutState;
  at: Instant | null;
  note: string;
}

/** GET /v1/patches/report?month=YYYY-MM (without a month, the server's month). */
export interface PatchMonthlyReport {
  month: string;
  period_end: Instant;
  associations: {
    tenant: TenantCode;
    applied: PatchReportLine[];
    failed: PatchReportLine[];
    pending: PatchReportLine[];
    counts: { applied: number; failed: number; pending: number };
  }[];
}

// ---- changes: controlled documents, meetings and check-outs (原本管理, 議事録, 払い出し) ---------
// services/changes/api/document_routes.cpp, meeting_routes.cpp, checkout_routes.cpp.

export type DocumentKind = 'procedure' | 'design' | 'manual' | 'report' | 'test_plan' | 'minutes';
export type DocumentStatus = 'draft' | 'in_review' | 'approved' | 'retired';
export type FilingLocation = 'shelf' | 'fireproof_safe' | 'electronic';

/** The association side's approval of a version. */
export interface VersionApproval {
  approver: string;
  note: string;
  at: Instant;
  by: string;
}

export interface DocumentVersion {
  version: string;
  sha256: string;
  size: number;
  has_content: boolean;
  /** Where its bytes are read (with the token), when they travel with the version. */
  content_url: string | null;
  file_name: string;
  media_type: string;
  note: string;
  at: Instant;
  by: string;
  approval: VersionApproval | null;
}

export interface DocumentFiling {
  location: FilingLocation;
  label: string;
  index: string;
  at: Instant;
  by: string;
}

/** A row of GET /v1/documents (原本管理台帳). */
export interface DocumentSummary {
  id: string;
  version: number;
  title: string;
  kind: DocumentKind;
  tenants: string[]; // codes, or ['all_centre']
  status: DocumentStatus;
  /** The newest version the association side approved: the one in force. */
  approved_version: DocumentVersion | null;
  latest_version: string | null;
  version_count: number;
  filing: DocumentFiling | null;
  /** The meeting whose minutes it is. */
  minutes_of_meeting: string | null;
  registered_at: Instant;
  changed_at: Instant;
}

export interface DocumentPage {
  items: DocumentSummary[];
  next_cursor: string | null;
}

/** GET /v1/documents/{id} (and every command's answer). */
export interface ControlledDocument extends DocumentSummary {
  description: string;
  registered_by: string;
  versions: DocumentVersion[];
  retired: { reason: string; at: Instant; by: string } | null;
}

export type MeetingKind = 'monthly_report' | 'coordination' | 'other';
export type MeetingStatus = 'minutes_due' | 'minutes_overdue' | 'minutes_submitted';

export interface MeetingMinutes {
  document_id: string;
  document_version: string;
  title: string | null;
  approval: { approver: string; at: Instant } | null;
  /** Recorded after minutes_due_at. */
  late: boolean;
  at: Instant;
  by: string;
}

/** GET /v1/meetings (a row), GET /v1/meetings/{id} and the commands' answers. */
export interface Meeting {
  id: string;
  version: number;
  date: string; // YYYY-MM-DD
  held_at: string;
  kind: MeetingKind;
  title: string;
  attendees: string[];
  tenants: string[];
  /** The end of the second business day after the meeting, 18:00. */
  minutes_due_at: Instant;
  status: MeetingStatus;
  minutes: MeetingMinutes | null;
  overdue_recorded_at: Instant | null;
  recorded_at: Instant;
  recorded_by: string;
  changed_at: Instant;
}

export interface MeetingPage {
  items: Meeting[];
  next_cursor: string | null;
}

export type AssetKind = 'configuration_item' | 'document';
export type CheckoutStatus = 'out' | 'returned';
export type Consistency = 'consistent' | 'differs' | 'unchecked';

export interface AssetFile {
  name: string;
  sha256: string;
}

export interface AssetDifference {
  name: string;
  change: 'changed' | 'missing' | 'added';
  master_sha256: string | null;
  found_sha256: string | null;
}

export interface ConsistencyCheck {
  result: 'consistent' | 'differs';
  differences: AssetDifference[];
  found: AssetFile[];
  note: string;
  at: Instant;
  by: string;
}

/** A row of GET /v1/checkouts. */
export interface CheckoutSummary {
  id: string;
  version: number;
  asset_kind: AssetKind;
  /** A document's version (document_id, document_version, title) or an item (configuration_item_id, code, name). */
  asset: {
    document_id?: string;
    document_version?: string;
    title?: string | null;
    configuration_item_id?: string;
    code?: string;
    name?: string | null;
  };
  recipient: string;
  purpose: string;
  due_back: string | null; // YYYY-MM-DD
  /** Still out after its due_back (the server's today in Tokyo). */
  overdue_back: boolean;
  tenants: string[];
  status: CheckoutStatus;
  consistency: Consistency;
  master_file_count: number;
  check_count: number;
  latest_check: ConsistencyCheck | null;
  returned: { note: string; at: Instant; by: string } | null;
  checked_out_at: Instant;
  checked_out_by: string;
  changed_at: Instant;
}

/** GET /v1/checkouts/{id} and the commands' answers: with the master's files and every check. */
export interface Checkout extends CheckoutSummary {
  master: AssetFile[];
  checks: ConsistencyCheck[];
}

export interface CheckoutPage {
  items: CheckoutSummary[];
  next_cursor: string | null;
}

// ---- ci-links.yaml: which incidents name which configuration items (a read model) ------------

/** An incident naming an item, as the ci-links read model summarises it. */
export interface CiLinksIncident {
  id: string;
  title: string;
  severity: 'critical' | 'major' | 'minor';
  occurred_at: Instant;
  /** Every association it affects, not only the caller's. */
  tenants: TenantCode[];
  /** Its configuration item texts as recorded (the non-blank ones). */
  texts: string[];
  closed: boolean;
  /** Which of `texts` named the item. */
  matched_text: string;
}

/** GET /v1/configuration-items/{id or code}/incidents: an item's history of faults. */
export interface CiLinksItemIncidents {
  ci_id: string;
  code: string;
  name: string;
  /** In the order of their ids (the order they were recorded in). */
  incidents: CiLinksIncident[];
}

export interface CiLinksLinkedItem {
  ci_id: string;
  code: string;
  name: string;
  /** The incident's text that named it. */
  text: string;
}

/** GET /v1/configuration-links?incident=…: one entry per incident the read model has and the caller sees. */
export interface CiLinksLinks {
  links: { incident_id: string; configuration_items: CiLinksLinkedItem[] }[];
}
