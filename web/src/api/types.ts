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
