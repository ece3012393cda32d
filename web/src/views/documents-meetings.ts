// 会議と議事録, a panel of the documents view (#/documents): the meetings (filtered by the minutes'
// status) with their 議事録期限 (the end of the second business day after, 18:00: 提出待ち, 期限超過,
// 提出済) and their minutes (承認済 or not, 遅延); the selected meeting's facts; for maintainers
// 会議を記録 and, on a selected meeting without minutes, 議事録を登録 (a version of a document of
// kind minutes, picked from the register).
//
// From the changes service's routes (services/changes/api/meeting_routes.cpp): GET /v1/meetings,
// POST /v1/meetings and POST /v1/meetings/{id}/record_minutes (and GET /v1/documents?kind=minutes
// for the form). The view (documents.ts) builds the panel with meetingsPanel(), loads it with
// loadMeetings() (again when a minutes document changes) and ends it with disposeMeetings(); the
// panel opens a document in the register through its host.
import { getJson } from '../api/client';
import type { DocumentPage, Meeting, MeetingPage } from '../api/types';
import { h } from '../dom';
import { formatMinute } from '../format/time';
import { t } from '../i18n';
import { dayText } from './changes-evm';
import { DOCUMENTS, LIMIT, MEETINGS, SHARED_LABELS, badge, byAt, fact, isMaintainer, muted, problemText } from './documents-shared';
import { field, given, options, part, say, send, tenantLabel, tenantPicker, tenantsField, type FormState } from './forms';
import { labeller } from './labels';
import type { ViewContext } from './types';

const MEETING_KINDS = ['monthly_report', 'coordination', 'other'] as const;
const MEETING_STATUSES = ['minutes_due', 'minutes_overdue', 'minutes_submitted'] as const;

// ---- labels -----------------------------------------------------------------------------------

const { l, or } = labeller({
  ...SHARED_LABELS,
  meetings_title: ['会議と議事録', 'Meetings and minutes'],
  meetings_status: ['議事録', 'Minutes'],
  meeting_new: ['＋ 会議を記録', '+ Record a meeting'],
  meetings_none: ['該当する会議はありません', 'No meeting'],
  col_date: ['開催日', 'Date'],
  col_meeting_kind: ['種別', 'Kind'],
  col_meeting_title: ['会議名', 'Meeting'],
  col_due: ['議事録期限', 'Minutes due'],
  col_minutes: ['議事録', 'Minutes'],
  mkind_monthly_report: ['月次報告会', 'Monthly report'],
  mkind_coordination: ['調整', 'Coordination'],
  mkind_other: ['その他', 'Other'],
  mstatus_minutes_due: ['提出待ち', 'Due'],
  mstatus_minutes_overdue: ['期限超過', 'Overdue'],
  mstatus_minutes_submitted: ['提出済', 'Submitted'],
  minutes_line: ['{title}（{v}）', '{title} ({v})'],
  minutes_approved: ['承認済', 'Approved'],
  minutes_unapproved: ['未承認', 'Not approved'],
  minutes_late: ['遅延', 'Late'],
  meeting_new_title: ['会議を記録', 'Record a meeting'],
  f_date: ['開催日', 'Date'],
  f_held_at: ['場所', 'Held at'],
  f_meeting_kind: ['種別', 'Kind'],
  f_meeting_title: ['会議名', 'Meeting'],
  f_attendees: ['出席者（カンマ区切り）', 'Attendees (comma-separated)'],
  meeting_recorded: ['会議を記録しました：{title}（議事録期限 {due}）', 'Recorded: {title} (minutes due {due})'],
  meeting_fact_held_at: ['場所', 'Held at'],
  meeting_fact_attendees: ['出席者', 'Attendees'],
  meeting_fact_tenants: ['組合', 'Associations'],
  meeting_fact_due: ['議事録期限', 'Minutes due'],
  meeting_fact_overdue: ['期限超過の記録', 'Recorded overdue'],
  meeting_fact_minutes: ['議事録', 'Minutes'],
  meeting_fact_recorded: ['記録', 'Recorded'],
  minutes_none: ['未提出', 'Not submitted'],
  minutes_form_title: ['議事録を登録', 'Record the minutes'],
  f_minutes_document: ['議事録（種別「議事録」の文書）', 'Minutes (a document of kind minutes)'],
  minutes_no_documents: ['種別「議事録」の文書がありません。先に台帳に登録し、版を追加してください', 'No document of kind minutes: register one and add its version first'],
  minutes_recorded: ['議事録を登録しました', 'The minutes are recorded'],
  open_document: ['台帳で開く', 'Open in the register'],
});

const meetingKindLabel = (k: string) => or(`mkind_${k}`, k);
const meetingStatusLabel = (s: string) => or(`mstatus_${s}`, s);

const MEETING_STATUS_CLASS: Record<string, string> = {
  minutes_due: 'inq-status-in_progress', minutes_overdue: 'pat-overdue', minutes_submitted: 'status-restored',
};

/** Splits `佐藤, 田中、鈴木` into names. */
function namesOf(text: string): string[] {
  return text.split(/[,、\n]+/).map((s) => s.trim()).filter((s) => s !== '');
}

// ---- state --------------------------------------------------------------------------------------

/** What the panel asks of the view: to open a document in the register, to show a minutes document again. */
export interface MeetingsHost {
  /** Selects the document in the register (and shows its detail). */
  open(documentId: string): void;
  /** The minutes of a meeting were recorded with this document (the detail shows it again if it is the selected one). */
  minutesRecorded(documentId: string | undefined): void;
}

let section: HTMLElement | null = null; // the panel, while the view is shown
let context: ViewContext | null = null;
let host: MeetingsHost | null = null;
let meetingStatus = '';
let meetings: Meeting[] = [];
let selectedMeeting = '';
let meetingsGeneration = 0;

/** Ends what the panel started (its requests answer into nothing). */
export function disposeMeetings(): void {
  meetingsGeneration += 1;
  section = null;
  context = null;
  host = null;
}

// ---- the meetings -------------------------------------------------------------------------------

/** The panel, empty until loadMeetings() (the filter and the selection start afresh). */
export function meetingsPanel(ctx: ViewContext, opener: MeetingsHost): HTMLElement {
  context = ctx;
  host = opener;
  meetingStatus = '';
  meetings = [];
  selectedMeeting = '';
  const status = h('select', { 'data-testid': 'documents-meetings-filter-status' }, ...options(MEETING_STATUSES, meetingStatusLabel, meetingStatus, l('all')));
  status.addEventListener('change', () => {
    meetingStatus = status.value;
    void loadMeetings();
  });
  section = h('section', { class: 'panel doc-meetings', 'data-testid': 'documents-meetings' },
    h('div', { class: 'sch-panel-head' },
      h('h2', null, l('meetings_title'), ' ', h('span', { class: 'count', 'data-testid': 'documents-meetings-count' })),
      isMaintainer(ctx)
        ? h('button', { type: 'button', class: 'primary', 'data-testid': 'documents-meeting-new', 'aria-expanded': 'false', onclick: toggleMeetingNew }, l('meeting_new'))
        : null),
    h('div', { class: 'inq-controls chg-list-controls' }, h('label', null, h('span', null, l('meetings_status')), status)),
    h('div', { class: 'chg-new', 'data-testid': 'documents-meeting-new-panel', hidden: true }),
    h('p', { class: 'form-message', 'data-testid': 'documents-meetings-message', role: 'status' }),
    h('div', { 'data-testid': 'documents-meetings-list' }, h('p', { class: 'muted' }, t('loading'))),
    h('section', { class: 'chg-ci-detail doc-sub-detail', 'data-testid': 'documents-meeting-detail', hidden: true }));
  return section;
}

export async function loadMeetings(): Promise<void> {
  const mine = ++meetingsGeneration;
  if (!section) return;
  const list = part(section, '[data-testid="documents-meetings-list"]');
  try {
    const page = await getJson<MeetingPage>(MEETINGS, { status: meetingStatus || null, limit: LIMIT });
    if (mine !== meetingsGeneration || !section) return;
    meetings = page.items;
    part(section, '[data-testid="documents-meetings-count"]').textContent = String(meetings.length) + (page.next_cursor ? '+' : '');
    renderMeetings();
  } catch (e) {
    if (mine !== meetingsGeneration || !section) return;
    list.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'documents-meetings-error' }, problemText(e)));
  }
}

function renderMeetings(): void {
  const list = part(section, '[data-testid="documents-meetings-list"]');
  if (meetings.length === 0) {
    list.replaceChildren(h('p', { class: 'muted empty', 'data-testid': 'documents-meetings-empty' }, l('meetings_none')));
  } else {
    list.replaceChildren(h('div', { class: 'table-scroll' },
      h('table', { class: 'inquiries doc-meetings-table' },
        h('thead', null, h('tr', null,
          h('th', null, l('col_date')), h('th', null, l('col_meeting_kind')), h('th', null, l('col_meeting_title')),
          h('th', null, l('col_due')), h('th', null, l('col_status')), h('th', null, l('col_minutes')))),
        h('tbody', null, ...meetings.map(meetingRow)))));
  }
  const detail = part(section, '[data-testid="documents-meeting-detail"]');
  const meeting = meetings.find((m) => m.id === selectedMeeting);
  if (!meeting) {
    detail.hidden = true;
    detail.replaceChildren();
    return;
  }
  showMeeting(meeting);
}

function minutesCell(m: Meeting): (Node | string)[] {
  if (!m.minutes) return [muted('—')];
  const title = m.minutes.title ?? m.minutes.document_id;
  return [
    l('minutes_line', { title, v: m.minutes.document_version }), ' ',
    m.minutes.approval
      ? badge('status-restored', l('minutes_approved'), { 'data-testid': 'documents-minutes-approved', title: byAt(m.minutes.approval.approver, m.minutes.approval.at) })
      : badge('inq-status-received', l('minutes_unapproved'), { 'data-testid': 'documents-minutes-unapproved' }),
    ...(m.minutes.late ? [badge('pat-overdue', l('minutes_late'), { 'data-testid': 'documents-minutes-late' })] : []),
  ];
}

function meetingRow(m: Meeting): HTMLElement {
  const selected = m.id === selectedMeeting;
  const pick = () => selectMeeting(m.id);
  return h('tr', {
    class: `inq-row${selected ? ' selected' : ''}`, 'data-testid': 'documents-meeting-row', 'data-meeting-id': m.id, 'data-status': m.status,
    tabindex: 0, 'aria-selected': String(selected),
    onclick: pick,
    onkeydown: (e: Event) => { if ((e as KeyboardEvent).key === 'Enter') pick(); },
  },
  h('td', { class: 'time', 'data-testid': 'documents-meeting-date' }, dayText(m.date)),
  h('td', { class: 'nowrap', 'data-testid': 'documents-meeting-kind' }, meetingKindLabel(m.kind)),
  h('td', { class: 'subject', 'data-testid': 'documents-meeting-title' }, m.title),
  h('td', { class: 'time', 'data-testid': 'documents-meeting-due' }, formatMinute(m.minutes_due_at)),
  h('td', { class: 'nowrap', 'data-testid': 'documents-meeting-status' },
    badge(MEETING_STATUS_CLASS[m.status] ?? '', meetingStatusLabel(m.status), { 'data-status': m.status })),
  h('td', { 'data-testid': 'documents-meeting-minutes' }, ...minutesCell(m)));
}

function selectMeeting(id: string): void {
  selectedMeeting = id;
  for (const row of section?.querySelectorAll<HTMLElement>('[data-testid="documents-meeting-row"]') ?? []) {
    const on = row.dataset.meetingId === id;
    row.classList.toggle('selected', on);
    row.setAttribute('aria-selected', String(on));
  }
  const meeting = meetings.find((m) => m.id === id);
  if (meeting) showMeeting(meeting);
}

function showMeeting(m: Meeting): void {
  const detail = part(section, '[data-testid="documents-meeting-detail"]');
  detail.hidden = false;
  detail.dataset.meetingId = m.id;
  const minutes = m.minutes;
  detail.replaceChildren(
    h('div', { class: 'chg-ci-detail-head' },
      h('h3', { 'data-testid': 'documents-meeting-detail-title' }, `${dayText(m.date)} ${m.title}`),
      h('button', { type: 'button', 'data-testid': 'documents-meeting-detail-close', onclick: () => { selectedMeeting = ''; renderMeetings(); } }, l('close_form'))),
    h('dl', { class: 'inq-facts chg-ci-facts' },
      fact(l('meeting_fact_held_at'), 'documents-meeting-detail-held-at', m.held_at),
      fact(l('meeting_fact_attendees'), 'documents-meeting-detail-attendees', m.attendees.join('、')),
      fact(l('meeting_fact_tenants'), 'documents-meeting-detail-tenants', m.tenants.map(tenantLabel).join('、')),
      fact(l('meeting_fact_due'), 'documents-meeting-detail-due', formatMinute(m.minutes_due_at)),
      m.overdue_recorded_at ? fact(l('meeting_fact_overdue'), 'documents-meeting-detail-overdue', formatMinute(m.overdue_recorded_at)) : null,
      fact(l('meeting_fact_minutes'), 'documents-meeting-detail-minutes', minutes
        ? h('span', null, ...minutesCell(m), ' ',
          h('button', { type: 'button', class: 'link', 'data-testid': 'documents-meeting-open-minutes', onclick: () => host?.open(minutes.document_id) }, l('open_document')),
          h('div', { class: 'meta muted' }, byAt(minutes.by, minutes.at)))
        : muted(l('minutes_none'))),
      fact(l('meeting_fact_recorded'), 'documents-meeting-detail-recorded', byAt(m.recorded_by, m.recorded_at))),
    ...(context && isMaintainer(context) && !minutes ? [minutesForm(m)] : []));
}

/** 議事録を登録: a version of a document of kind minutes (the register's, read when the form opens). */
function minutesForm(m: Meeting): HTMLElement {
  const id = (name: string) => `documents-minutes-${name}`;
  const documentSelect = h('select', { name: 'document_id', 'data-testid': id('document_id') }, h('option', { value: '' }, t('loading')));
  const version = h('input', { name: 'document_version', 'data-testid': id('document_version'), maxlength: 40, class: 'chg-short-input', autocomplete: 'off' });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': id('submit') }, l('submit'));
  const message = h('span', { class: 'form-message', 'data-testid': id('message'), role: 'status' });
  const form = h('form', { class: 'inq-command', 'data-testid': 'documents-minutes-form', novalidate: true },
    h('fieldset', null,
      h('legend', null, l('minutes_form_title')),
      field('document_id', l('f_minutes_document'), documentSelect, { required: true }),
      field('document_version', l('f_document_version'), version, { required: true }),
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'by', role: 'alert' }),
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'at', role: 'alert' }),
      h('div', { class: 'form-actions' }, message, submit)));
  let latest = new Map<string, string>();
  void getJson<DocumentPage>(DOCUMENTS, { kind: 'minutes', limit: LIMIT }).then((page) => {
    const usable = page.items.filter((d) => d.status !== 'retired');
    latest = new Map(usable.map((d) => [d.id, d.latest_version ?? '']));
    documentSelect.replaceChildren(...options(usable.map((d) => d.id), (v) => {
      const d = usable.find((x) => x.id === v)!;
      return d.latest_version ? `${d.title}（${d.latest_version}）` : d.title;
    }, '', l('f_choose')));
    if (usable.length === 0) message.textContent = l('minutes_no_documents');
  }, (e: unknown) => {
    message.textContent = problemText(e);
    message.className = 'form-message error';
  });
  documentSelect.addEventListener('change', () => { version.value = latest.get(documentSelect.value) ?? ''; });
  const state: FormState = { scopes: [form], message, submit, retry: null, describe: problemText };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void send<Meeting>(state, `${MEETINGS}/${encodeURIComponent(m.id)}/record_minutes`, given({
      document_id: documentSelect.value, document_version: version.value.trim(),
    })).then((answer) => {
      if (!answer || !section) return;
      void loadMeetings().then(() => say(section, 'documents-meetings-message', l('minutes_recorded'), 'ok'));
      host?.minutesRecorded(answer.minutes?.document_id);
    });
  });
  return form;
}

function toggleMeetingNew(): void {
  const panel = part(section, '[data-testid="documents-meeting-new-panel"]');
  const button = part(section, '[data-testid="documents-meeting-new"]');
  const opening = panel.hidden;
  panel.replaceChildren(...(opening && context ? [meetingForm(context)] : []));
  panel.hidden = !opening;
  button.setAttribute('aria-expanded', String(opening));
  if (opening) panel.querySelector<HTMLInputElement>('input')?.focus();
}

function meetingForm(ctx: ViewContext): HTMLElement {
  const id = (name: string) => `documents-meeting-new-${name}`;
  const input = (name: string, attrs: Record<string, string | number | boolean> = {}) =>
    h('input', { name, 'data-testid': id(name), autocomplete: 'off', ...attrs });
  const date = input('date', { type: 'date' });
  const heldAt = input('held_at', { maxlength: 200 });
  const kind = h('select', { name: 'kind', 'data-testid': id('kind') }, ...options(MEETING_KINDS, meetingKindLabel, '', l('f_choose')));
  const title = input('title', { maxlength: 300, class: 'sch-long-input' });
  const attendees = input('attendees', { maxlength: 4000, class: 'sch-long-input' });
  const tenants = tenantPicker(ctx, 'documents-meeting-new');
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': id('submit') }, l('submit'));
  const message = h('span', { class: 'form-message', 'data-testid': id('message'), role: 'status' });
  const form = h('form', { class: 'inq-command', 'data-testid': 'documents-meeting-form', novalidate: true },
    h('fieldset', null,
      h('legend', null, l('meeting_new_title')),
      field('date', l('f_date'), date, { required: true }),
      field('held_at', l('f_held_at'), heldAt, { required: true }),
      field('kind', l('f_meeting_kind'), kind, { required: true }),
      field('title', l('f_meeting_title'), title, { required: true }),
      field('attendees', l('f_attendees'), attendees, { required: true, wide: true }),
      tenantsField(l('f_tenants'), tenants),
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'by', role: 'alert' }),
      h('span', { class: 'field-error wide', 'data-testid': 'field-error', 'data-field': 'at', role: 'alert' }),
      h('div', { class: 'form-actions' }, message, submit,
        h('button', { type: 'button', 'data-testid': id('cancel'), onclick: toggleMeetingNew }, l('close_form')))));
  const state: FormState = { scopes: [form], message, submit, retry: null, describe: problemText };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const names = namesOf(attendees.value);
    const chosen = tenants.value();
    void send<Meeting>(state, MEETINGS, given({
      date: date.value, held_at: heldAt.value, kind: kind.value, title: title.value,
      attendees: names.length > 0 ? names : undefined, tenants: chosen.length > 0 ? chosen : undefined,
    })).then((m) => {
      if (!m || !section) return;
      toggleMeetingNew();
      selectedMeeting = m.id;
      void loadMeetings();
      say(section, 'documents-meetings-message', l('meeting_recorded', { title: m.title, due: formatMinute(m.minutes_due_at) }), 'ok');
    });
  });
  return form;
}
