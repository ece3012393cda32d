// End-to-end test of the schedule view (#/schedule, 運用予定) in a real browser against the real
// server, like tests/faq.e2e.mjs (same setup, tests/harness.mjs, its own server):
//
//   cd web && npm ci && npm run build
//   OPSDESK_BIN=$PWD/../build/release/cmd/opsdesk/opsdesk node --test tests/schedule.e2e.mjs
//
// The browser runs in another time zone than Tokyo on purpose (in Los Angeles it is still
// November 30 when the server's clock says Tuesday 2026-12-01 09:00 in Tokyo). On success the
// maintainer's page is saved as schedule.png (and the association administrator's as
// schedule-bouei.png) in $OPSDESK_TEST_ARTIFACTS (default /tmp/opsdesk-browser-artifacts); on a
// failure, screenshots and the server's output go there too.
//
// The tests run in order and share the server, whose clock stands at fixed times: a maintainer
// with "*" registers the contract's tasks from the empty day (契約の定常作業を登録; the API's
// seed then finds every task defined), moves between days, records the daily backup check as
// done by hand (手動実施, 422 for the missing evidence first) and the virus scan check for two
// associations (一部実施), which is then overdue (期限超過) once the clock passes its due time;
// the maintenance windows (計画作業) planned over the API are listed. An association
// administrator of bouei then sees none of the centre's daily checks, bouei's own log
// extraction on Monday 2026-12-07 (the 5th falls on a Saturday), and no 完了 buttons.
//
// Then the desk plans a window through 計画作業を登録 that stops soumu's and houmu's service
// (the 422s for the missing kind and an end before the start first), records both approvals
// through 承認を記録, is refused 完了 before the planned start (422 on `at`), and completes it
// once the clock has passed it; opens the 運用計画 of December 2026 (each association 未承認),
// downloads it as xlsx, records soumu's and houmu's approval (承認済), sees soumu's turn to
// 承認後に変更あり when a window is planned for it, and the annual plan; and issues a calendar
// subscription URL, copies it, reads the feed with it and no Authorization header (as a
// calendar program would), and revokes it (401 from then on). On success these leave
// schedule-windows.png, schedule-plan.png and schedule-feed.png.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  ARTIFACTS, WAIT_MS, api, base, browserTests, dataDir, launchBrowser, mintToken, moveClock, openPage, startOpsdesk,
  stopOpsdesk, waitUntil,
} from './harness.mjs';

const T0 = '2026-12-01T09:00:00+09:00'; // Tuesday, before the daily backup check (09:30)
const DAY = '2026-12-01';
const BOUEI_DAY = '2026-12-07'; // Monday: bouei's monthly log extraction of Saturday the 5th, shifted to it

const BACKUP = '日次バックアップ完了確認（自動失敗時は手動バックアップ）';
const VIRUS = 'ウイルススキャン実施状況確認';
const MONTHLY_BACKUP = '月次データバックアップ確認';
const AUDIT = '監査ログ確認';
const BOUEI_LOGS = 'ログ抽出（防衛省）';
const EVIDENCE = '自動バックアップ失敗（ジョブ BK-023 異常終了）のため手動で取得、完了ログ確認済';
const CONTRACT_TASKS = 15; // docs/api/scheduling.yaml, POST /v1/schedule/tasks/seed
const OUTAGE = '計画停電（受変電設備点検）'; // the window planned through the form
const OUTAGE_DAY = '2026-12-02';
const OUTAGE_NOTE = '受変電設備点検完了、全サービス再開';
const PLAN_MONTH = '2026-12';

let deskToken = null;
let boueiAdminToken = null;
const windows = {}; // the maintenance windows planned over the API, by name
const browserTest = browserTests('schedule '); // a failure's artifacts in $OPSDESK_TEST_ARTIFACTS/schedule_<test name>

// ---- the server and the browser -------------------------------------------------------------

before(async () => {
  await startOpsdesk('schedule');
  deskToken = mintToken('e2e-desk', 'maintainer', '*');
  boueiAdminToken = mintToken('e2e-bouei-admin', 'association_admin', 'bouei');
  const clock = await setClock(T0);
  assert.equal(Date.parse(clock.now), Date.parse(T0), `the test clock answered ${JSON.stringify(clock)}`);
  fs.mkdirSync(ARTIFACTS, { recursive: true }); // for the screenshot of a passing run
  await launchBrowser();
});

after(stopOpsdesk);

// ---- helpers --------------------------------------------------------------------------------

/** Sets the server's manual clock (503 while sla-watch catches up → try again). */
const setClock = (now) => moveClock(deskToken, now);

/** The occurrences of one day over the API, as `token` sees them. */
async function occurrencesOf(day, token = deskToken) {
  const res = await api('GET', `/v1/schedule/occurrences?from=${day}&to=${day}`, token);
  assert.equal(res.status, 200, `GET /v1/schedule/occurrences answered ${res.status}: ${res.text}`);
  return res.json.items;
}

async function occurrence(id) {
  const res = await api('GET', `/v1/schedule/occurrences/${id}`, deskToken);
  assert.equal(res.status, 200, `GET /v1/schedule/occurrences/${id} answered ${res.status}: ${res.text}`);
  return res.json;
}

/** Plans a maintenance window over the API (as the desk). */
async function planWindow(body) {
  const res = await api('POST', '/v1/schedule/windows', deskToken, body);
  assert.equal(res.status, 201, `POST /v1/schedule/windows answered ${res.status}: ${res.text}`);
  return res.json.id;
}

async function approve(token, id, tenant, approver) {
  const res = await api('POST', `/v1/schedule/windows/${id}/approve`, token, { tenant, approver });
  assert.equal(res.status, 200, `POST /v1/schedule/windows/${id}/approve answered ${res.status}: ${res.text}`);
}

const row = (page, id) => page.locator(`[data-testid="schedule-row"][data-occurrence-id="${id}"]`);
const windowRow = (page, id) => page.locator(`[data-testid="schedule-window"][data-window-id="${id}"]`);
const text = async (locator) => (await locator.innerText()).trim();

/** Waits until the view shows `day` with exactly the works `titles` (in this order; none: the empty state). */
async function expectDay(page, day, titles) {
  await waitUntil(`the work of ${day}: ${titles.join(', ') || 'none'}`, async () => {
    if ((await page.getByTestId('schedule-day').inputValue()) !== day) return false;
    if ((await text(page.getByTestId('schedule-count'))) !== String(titles.length)) return false;
    if (titles.length === 0) return (await page.getByTestId('schedule-empty').count()) === 1;
    const shown = (await page.getByTestId('schedule-title').allInnerTexts()).map((s) => s.trim());
    return JSON.stringify(shown) === JSON.stringify(titles);
  });
}

/** The cells of an occurrence's row: start, title, associations, status badge, due. */
async function cells(locator) {
  return {
    start: await text(locator.getByTestId('schedule-start')),
    title: await text(locator.getByTestId('schedule-title')),
    tenants: await text(locator.getByTestId('schedule-tenants')),
    status: await text(locator.getByTestId('schedule-status')),
    due: await text(locator.getByTestId('schedule-due')),
  };
}

/** Waits until the row of occurrence `id` shows `status`. */
async function expectStatus(page, id, status) {
  await waitUntil(`occurrence ${id} shown as ${status}`, async () => (await row(page, id).getAttribute('data-status')) === status);
}

// ---- the tests ------------------------------------------------------------------------------

browserTest('a maintainer registers the contract\'s tasks, completes the daily backup check by hand and sees the maintenance windows', async () => {
  // Windows over the API: one that stops soumu's and bouei's service (bouei has approved), one
  // for houmu that the desk recorded houmu's approval of (by telephone).
  windows.inspection = await planWindow({
    kind: 'periodic_inspection', title: '定期点検（サーバ機器）', tenants: ['soumu', 'bouei'],
    planned_start: '2026-12-12T09:00:00+09:00', planned_end: '2026-12-12T17:00:00+09:00', stops_service: true,
  });
  await approve(boueiAdminToken, windows.inspection, 'bouei', '防衛省共済組合 佐藤係長');
  windows.fire = await planWindow({
    kind: 'fire_inspection', title: '消防設備点検', tenants: ['houmu'],
    planned_start: '2026-12-10T13:00:00+09:00', planned_end: '2026-12-10T15:00:00+09:00', stops_service: false,
  });
  await approve(deskToken, windows.fire, 'houmu', '法務省共済組合 鈴木課長（電話）');

  const page = await openPage(deskToken, '#/schedule');
  assert.equal(await text(page.getByTestId('nav-schedule')), '運用予定');

  // Nothing defined yet: the server's today (Tokyo; the browser's zone is still on November 30)
  // is empty, and the desk with "*" is offered the contract's tasks.
  await expectDay(page, DAY, []);
  assert.equal(await text(page.getByTestId('schedule-day-title')), '2026/12/01（火）の作業（今日）');
  assert.ok(await page.getByTestId('schedule-today').isDisabled(), 'today is shown already');
  await page.getByTestId('schedule-seed').click();
  await expectDay(page, DAY, [BACKUP, VIRUS, MONTHLY_BACKUP]);
  await waitUntil('the registration said', async () =>
    (await text(page.getByTestId('schedule-message'))) === `定常作業を${CONTRACT_TASKS}件登録しました（登録済み0件）`);
  // The API agrees: seeding again defines nothing, every contract task is there.
  const seeded = await api('POST', '/v1/schedule/tasks/seed', deskToken, {});
  assert.equal(seeded.status, 200, seeded.text);
  assert.equal(seeded.json.defined.length, 0, seeded.text);
  assert.equal(seeded.json.already_defined.length, CONTRACT_TASKS, seeded.text);

  // The day's rows as the API plans them, in Japan time.
  const day = await occurrencesOf(DAY);
  assert.deepEqual(day.map((o) => o.title), [BACKUP, VIRUS, MONTHLY_BACKUP]);
  const backup = day[0];
  const virus = day[1];
  assert.deepEqual(await cells(row(page, backup.id)), {
    start: '09:30', title: BACKUP, tenants: '衆議院共済組合ほか17組合', status: '予定', due: '11:30',
  });
  assert.equal(await row(page, backup.id).getByTestId('schedule-tenants').getAttribute('data-count'), '18');
  assert.deepEqual(await cells(row(page, day[2].id)), {
    start: '10:00', title: MONTHLY_BACKUP, tenants: '衆議院共済組合ほか17組合', status: '予定', due: '12/02 10:00',
  });
  assert.equal(await page.getByTestId('schedule-complete').count(), 3, 'a 完了 button on each unsettled row');

  // Next and previous day, and a fixed day through the picker (kept in the route).
  await page.getByTestId('schedule-next').click();
  await expectDay(page, '2026-12-02', [BACKUP, VIRUS]);
  assert.equal(await text(page.getByTestId('schedule-day-title')), '2026/12/02（水）の作業');
  await page.getByTestId('schedule-day').fill(BOUEI_DAY);
  await expectDay(page, BOUEI_DAY, [BACKUP, VIRUS, BOUEI_LOGS, AUDIT]);
  assert.match(page.url(), /#\/schedule\?day=2026-12-07$/);
  const monday = (await occurrencesOf(BOUEI_DAY)).find((o) => o.title === BACKUP);
  assert.match(await text(row(page, monday.id).getByTestId('schedule-details')), /12\/05・12\/06・12\/07分/,
    'the weekend\'s checks merged into Monday\'s');
  await page.getByTestId('schedule-today').click();
  await expectDay(page, DAY, [BACKUP, VIRUS, MONTHLY_BACKUP]);

  // 完了 on the daily backup check: the result's labels, then 手動実施 without evidence (422,
  // shown next to the field), then with it.
  await row(page, backup.id).getByTestId('schedule-complete').click();
  const form = page.getByTestId('schedule-complete-form');
  await form.waitFor({ timeout: WAIT_MS });
  assert.deepEqual((await page.getByTestId('schedule-complete-result').locator('option').allInnerTexts()).map((s) => s.trim()),
    ['正常', '失敗', '手動実施']);
  await page.getByTestId('schedule-complete-result').selectOption({ label: '手動実施' });
  await page.getByTestId('schedule-complete-submit').click();
  const evidenceError = form.locator('[data-testid="field-error"][data-field="evidence"]');
  await waitUntil('the evidence\'s error next to its field', async () => (await text(evidenceError)) !== '');
  assert.equal(await text(evidenceError), '入力してください');
  assert.equal(await page.getByTestId('schedule-complete-message').getAttribute('data-status'), '422');
  assert.equal((await occurrence(backup.id)).version, 0, 'the refusal recorded nothing');
  await page.getByTestId('schedule-complete-evidence').fill(EVIDENCE);
  await page.getByTestId('schedule-complete-submit').click();
  await expectStatus(page, backup.id, 'done');
  assert.equal(await text(row(page, backup.id).getByTestId('schedule-status')), '完了');
  assert.equal(await row(page, backup.id).getByTestId('schedule-complete').count(), 0, 'a settled row has no 完了');
  assert.equal(await page.getByTestId('schedule-complete-form').count(), 0, 'the form closed');
  assert.match(await text(page.getByTestId('schedule-message')), /記録しました/);
  assert.match(await text(row(page, backup.id).getByTestId('schedule-details')), /手動実施 18組合/);
  // The API agrees: a manual_done result with the evidence for each of the 18.
  const done = await occurrence(backup.id);
  assert.equal(done.status, 'done');
  assert.deepEqual(done.open_tenants, []);
  assert.equal(done.results.length, 18);
  for (const r of done.results) {
    assert.equal(r.result, 'manual_done');
    assert.equal(r.evidence, EVIDENCE);
    assert.equal(r.by, 'e2e-desk');
  }

  // The virus scan check for two associations only: 一部実施.
  await row(page, virus.id).getByTestId('schedule-complete').click();
  await page.getByTestId('schedule-complete-tenant-soumu').check();
  await page.getByTestId('schedule-complete-tenant-houmu').check();
  await page.getByTestId('schedule-complete-submit').click();
  await expectStatus(page, virus.id, 'in_progress');
  assert.equal(await text(row(page, virus.id).getByTestId('schedule-status')), '一部実施');
  assert.equal(await text(row(page, virus.id).getByTestId('schedule-progress')), '2/18組合');
  const partly = await occurrence(virus.id);
  assert.equal(partly.status, 'in_progress');
  assert.deepEqual(partly.results.map((r) => [r.tenant, r.result]), [['soumu', 'ok'], ['houmu', 'ok']]);
  assert.equal(partly.open_tenants.length, 16);

  // Past its due time (12:00) with results owed, it is overdue, and marked so.
  await setClock('2026-12-01T12:30:00+09:00');
  await page.getByTestId('schedule-next').click();
  await expectDay(page, '2026-12-02', [BACKUP, VIRUS]);
  await page.getByTestId('schedule-prev').click();
  await expectDay(page, DAY, [BACKUP, VIRUS, MONTHLY_BACKUP]);
  await expectStatus(page, virus.id, 'overdue');
  assert.equal((await occurrence(virus.id)).status, 'overdue');
  const late = row(page, virus.id);
  assert.equal(await late.getAttribute('data-overdue'), 'true');
  assert.match(await late.getAttribute('class'), /\boverdue\b/);
  assert.equal(await text(late.getByTestId('schedule-status')), '期限超過');
  assert.equal(await text(late.getByTestId('schedule-progress')), '2/18組合');
  assert.equal(await late.getByTestId('schedule-complete').count(), 1, 'the associations still open can be recorded');
  assert.equal(await row(page, backup.id).getAttribute('data-overdue'), 'false');

  // 計画作業: the next 90 days' windows, by planned start.
  await windowRow(page, windows.inspection).waitFor({ timeout: WAIT_MS });
  assert.equal(await text(page.getByTestId('schedule-window-period')), '2026/12/01〜2027/03/01');
  assert.deepEqual(await page.getByTestId('schedule-window').evaluateAll((rows) => rows.map((r) => r.dataset.windowId)),
    [windows.fire, windows.inspection]);
  const inspection = windowRow(page, windows.inspection);
  assert.deepEqual((await inspection.locator('td').allInnerTexts()).map((s) => s.trim()), [
    '2026/12/12 09:00', '2026/12/12 17:00', '定期点検（サーバ機器）\n定期点検', '総務省共済組合ほか1組合', 'あり', '予定', '総務省共済組合',
    '承認を記録完了',
  ]);
  const fire = windowRow(page, windows.fire);
  assert.deepEqual((await fire.locator('td').allInnerTexts()).map((s) => s.trim()), [
    '2026/12/10 13:00', '2026/12/10 15:00', '消防設備点検\n消防点検', '法務省共済組合', 'なし', '承認済', '—', '完了',
  ]);
  assert.equal(await fire.getByTestId('schedule-window-approve').count(), 0, 'every approval of the fire inspection is recorded');

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, 'schedule.png'), fullPage: true });
});

browserTest('an association administrator of bouei sees bouei\'s own work, not the centre\'s daily checks, and no 完了', async () => {
  assert.ok(windows.inspection, 'the first test planned the windows');
  // What the API shows bouei's administrator: nothing on Tuesday, the log extraction on Monday.
  assert.deepEqual(await occurrencesOf(DAY, boueiAdminToken), []);
  const own = await occurrencesOf(BOUEI_DAY, boueiAdminToken);
  assert.deepEqual(own.map((o) => [o.title, o.tenants, o.covers]), [[BOUEI_LOGS, ['bouei'], ['2026-12-05']]]);

  const page = await openPage(boueiAdminToken, '#/schedule');
  await expectDay(page, DAY, []);
  assert.equal(await page.getByTestId('schedule-seed').count(), 0, 'no registering for an association administrator');

  await page.getByTestId('schedule-day').fill(BOUEI_DAY);
  await expectDay(page, BOUEI_DAY, [BOUEI_LOGS]);
  const logs = row(page, own[0].id);
  assert.deepEqual(await cells(logs), { start: '10:00', title: BOUEI_LOGS, tenants: '防衛省共済組合', status: '予定', due: '12/09 10:00' });
  assert.match(await text(logs.getByTestId('schedule-details')), /12\/05分/);
  assert.equal(await page.getByTestId('schedule-complete').count(), 0, 'no 完了 for an association administrator');
  assert.deepEqual((await page.locator('[data-testid="schedule-list"] thead th').allInnerTexts()).map((s) => s.trim()),
    ['開始', '作業', '対象組合', '状況', '期限'], 'no 記録 column');

  // Only the window that affects bouei, with bouei's approval recorded.
  await windowRow(page, windows.inspection).waitFor({ timeout: WAIT_MS });
  assert.equal(await page.getByTestId('schedule-window').count(), 1);
  const inspection = windowRow(page, windows.inspection);
  assert.equal(await text(inspection.getByTestId('schedule-window-status')), '予定');
  assert.equal(await text(inspection.getByTestId('schedule-window-stop')), 'あり');
  assert.match(await inspection.getByTestId('schedule-tenants').getAttribute('title'), /防衛省共済組合/);
  assert.doesNotMatch(await text(inspection.getByTestId('schedule-window-awaiting')), /防衛省共済組合/);
  // Bouei has approved and soumu's approval is not bouei's to record; completing is the desk's.
  assert.equal(await inspection.getByTestId('schedule-window-approve').count(), 0);
  assert.equal(await inspection.getByTestId('schedule-window-complete').count(), 0);
  assert.equal(await page.getByTestId('schedule-window-new').count(), 0, 'planning a window is the desk\'s');

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, 'schedule-bouei.png'), fullPage: true });
});

// ---- 計画作業を登録, 承認を記録, 完了 -----------------------------------------------------------

/** The windows of one day over the API (as the desk). */
async function windowsOn(day) {
  const res = await api('GET', `/v1/schedule/windows?from=${day}&to=${day}`, deskToken);
  assert.equal(res.status, 200, `GET /v1/schedule/windows answered ${res.status}: ${res.text}`);
  return res.json.items;
}

async function windowOf(id) {
  const res = await api('GET', `/v1/schedule/windows/${id}`, deskToken);
  assert.equal(res.status, 200, `GET /v1/schedule/windows/${id} answered ${res.status}: ${res.text}`);
  return res.json;
}

const fieldError = (form, name) => form.locator(`[data-testid="field-error"][data-field="${name}"]`);
const optionTexts = async (select) => (await select.locator('option').allInnerTexts()).map((s) => s.trim());

browserTest('a maintainer plans a window that stops two associations\' service, records both approvals and completes it', async () => {
  const page = await openPage(deskToken, '#/schedule');
  await windowRow(page, windows.inspection).waitFor({ timeout: WAIT_MS });
  await page.getByTestId('schedule-window-new').click();
  const form = page.getByTestId('schedule-window-new-form');
  await form.waitFor({ timeout: WAIT_MS });
  assert.deepEqual(await optionTexts(page.getByTestId('schedule-window-new-kind')),
    ['（選択してください）', '定期点検', '計画停電', '消防点検', 'その他']);

  // No kind: the server's 422 names it, next to its field.
  await page.getByTestId('schedule-window-new-title').fill(OUTAGE);
  await page.getByTestId('schedule-window-new-tenant-soumu').check();
  await page.getByTestId('schedule-window-new-tenant-houmu').check();
  await page.getByTestId('schedule-window-new-start').fill(`${OUTAGE_DAY}T10:00`);
  await page.getByTestId('schedule-window-new-end').fill(`${OUTAGE_DAY}T09:00`);
  await page.getByTestId('schedule-window-new-stops').check();
  await page.getByTestId('schedule-window-new-submit').click();
  await waitUntil('the kind\'s error next to its field', async () => (await text(fieldError(form, 'kind'))) !== '');
  assert.equal(await text(fieldError(form, 'kind')), '入力してください');
  assert.equal(await page.getByTestId('schedule-window-new-message').getAttribute('data-status'), '422');
  // With a kind, the end before the start is named, in the server's words.
  await page.getByTestId('schedule-window-new-kind').selectOption({ label: '計画停電' });
  await page.getByTestId('schedule-window-new-submit').click();
  await waitUntil('the end\'s error next to its field', async () => (await text(fieldError(form, 'planned_end'))) !== '');
  assert.equal(await text(fieldError(form, 'planned_end')), 'must be after planned_start');
  assert.equal(await text(fieldError(form, 'kind')), '', 'the kind is fine now');
  assert.deepEqual(await windowsOn(OUTAGE_DAY), [], 'the refusals planned nothing');

  await page.getByTestId('schedule-window-new-end').fill(`${OUTAGE_DAY}T12:00`);
  await page.getByTestId('schedule-window-new-submit').click();
  await waitUntil('the window planned', async () => (await text(page.getByTestId('schedule-windows-message'))) === `計画作業を登録しました：${OUTAGE}`);
  assert.equal(await page.getByTestId('schedule-window-new-form').count(), 0, 'the form closed');
  // The API has it as the form said, the times read as Japan time (the browser is in Los Angeles).
  const [planned] = await windowsOn(OUTAGE_DAY);
  assert.ok(planned, 'the window is planned');
  assert.deepEqual(
    [planned.kind, planned.title, planned.tenants, planned.planned_start, planned.planned_end, planned.stops_service, planned.status, planned.awaiting_approval],
    ['power_outage', OUTAGE, ['soumu', 'houmu'], '2026-12-02T10:00:00+09:00', '2026-12-02T12:00:00+09:00', true, 'planned', ['soumu', 'houmu']]);
  windows.outage = planned.id;
  const outage = windowRow(page, planned.id);
  await outage.waitFor({ timeout: WAIT_MS });
  assert.deepEqual((await outage.locator('td').allInnerTexts()).map((s) => s.trim()), [
    '2026/12/02 10:00', '2026/12/02 12:00', `${OUTAGE}\n計画停電`, '総務省共済組合ほか1組合', 'あり', '予定', '総務省共済組合、法務省共済組合',
    '承認を記録完了',
  ]);

  // 承認を記録: the associations still to approve are offered; soumu's first.
  await outage.getByTestId('schedule-window-approve').click();
  const approveForm = page.getByTestId('schedule-window-approve-form');
  await approveForm.waitFor({ timeout: WAIT_MS });
  assert.deepEqual(await optionTexts(page.getByTestId('schedule-window-approve-tenant')), ['総務省共済組合', '法務省共済組合']);
  await page.getByTestId('schedule-window-approve-tenant').selectOption('soumu');
  await page.getByTestId('schedule-window-approve-approver').fill('総務省共済組合 山田課長（電話）');
  await page.getByTestId('schedule-window-approve-submit').click();
  await waitUntil('soumu\'s approval recorded', async () => (await text(outage.getByTestId('schedule-window-awaiting'))) === '法務省共済組合');
  assert.equal(await text(page.getByTestId('schedule-windows-message')), `承認を記録しました：総務省共済組合（${OUTAGE}）`);
  assert.equal(await outage.getAttribute('data-status'), 'planned');

  // houmu's, the only one left: without an approver first (422), then with one.
  await outage.getByTestId('schedule-window-approve').click();
  await approveForm.waitFor({ timeout: WAIT_MS });
  assert.deepEqual(await optionTexts(page.getByTestId('schedule-window-approve-tenant')), ['法務省共済組合']);
  await page.getByTestId('schedule-window-approve-submit').click();
  await waitUntil('the approver\'s error next to its field', async () => (await text(fieldError(approveForm, 'approver'))) !== '');
  assert.equal(await text(fieldError(approveForm, 'approver')), '入力してください');
  await page.getByTestId('schedule-window-approve-approver').fill('法務省共済組合 佐藤係長');
  await page.getByTestId('schedule-window-approve-submit').click();
  await waitUntil('the window approved by both', async () => (await outage.getAttribute('data-status')) === 'approved');
  assert.equal(await text(outage.getByTestId('schedule-window-status')), '承認済');
  assert.equal(await text(outage.getByTestId('schedule-window-awaiting')), '—');
  assert.equal(await outage.getByTestId('schedule-window-approve').count(), 0, 'nothing left to approve');
  const approved = await windowOf(planned.id);
  assert.deepEqual(approved.approvals.map((a) => [a.tenant, a.approver, a.by]),
    [['soumu', '総務省共済組合 山田課長（電話）', 'e2e-desk'], ['houmu', '法務省共済組合 佐藤係長', 'e2e-desk']]);

  // 完了 before its planned start (the clock says 2026-12-01 12:30): 422 on `at`, in the server's words.
  await outage.getByTestId('schedule-window-complete').click();
  const completeForm = page.getByTestId('schedule-window-complete-form');
  await completeForm.waitFor({ timeout: WAIT_MS });
  await page.getByTestId('schedule-window-complete-note').fill(OUTAGE_NOTE);
  await page.getByTestId('schedule-window-complete-submit').click();
  await waitUntil('the completion time\'s error next to its field', async () => (await text(fieldError(completeForm, 'at'))) !== '');
  assert.equal(await text(fieldError(completeForm, 'at')), 'is before the window\'s planned start (2026-12-02T10:00:00+09:00)');
  assert.equal(await page.getByTestId('schedule-window-complete-message').getAttribute('data-status'), '422');
  assert.equal((await windowOf(planned.id)).status, 'approved', 'the refusal recorded nothing');

  // Once the work is over: the same form again.
  await setClock('2026-12-02T12:10:00+09:00');
  await page.getByTestId('schedule-window-complete-submit').click();
  await waitUntil('the window completed', async () => (await outage.getAttribute('data-status')) === 'completed');
  assert.equal(await text(outage.getByTestId('schedule-window-status')), '完了');
  assert.equal(await text(outage.getByTestId('schedule-window-details')), `計画停電 · 完了 2026/12/02 12:10（${OUTAGE_NOTE}）`);
  assert.equal(await text(page.getByTestId('schedule-windows-message')), `完了を記録しました：${OUTAGE}`);
  assert.equal(await outage.getByTestId('schedule-window-complete').count(), 0, 'a completed window takes no command');
  const completed = await windowOf(planned.id);
  assert.equal(completed.status, 'completed');
  assert.equal(Date.parse(completed.completed_at), Date.parse('2026-12-02T12:10:00+09:00'));
  assert.equal(completed.completion_note, OUTAGE_NOTE);

  await page.getByTestId('schedule-windows').screenshot({ path: path.join(ARTIFACTS, 'schedule-windows.png') });
});

// ---- 運用計画 ---------------------------------------------------------------------------------

async function planOf(query) {
  const res = await api('GET', `/v1/schedule/plan?${query}`, deskToken);
  assert.equal(res.status, 200, `GET /v1/schedule/plan?${query} answered ${res.status}: ${res.text}`);
  return res.json;
}

/** The plan panel's rows: [tenant, status] in order. */
const planRows = (page) => page.getByTestId('schedule-plan-tenant').evaluateAll((rows) => rows.map((r) => [r.dataset.tenant, r.dataset.status]));

async function expectPlan(page, period) {
  await waitUntil(`the plan of ${period}`, async () => (await page.getByTestId('schedule-plan-title').getAttribute('data-period')) === period);
}

browserTest('the plan panel shows each association\'s approval of a month, records an approval and downloads the workbook', async () => {
  assert.ok(windows.outage, 'the window test ran');
  const page = await openPage(deskToken, '#/schedule', { acceptDownloads: true });
  // It opens on the server's month (Tokyo: December 2, 2026); another month, and back.
  await expectPlan(page, PLAN_MONTH);
  assert.equal(await page.getByTestId('schedule-plan-month').inputValue(), PLAN_MONTH);
  await page.getByTestId('schedule-plan-month').fill('2027-01');
  await expectPlan(page, '2027-01');
  await page.getByTestId('schedule-plan-month').fill(PLAN_MONTH);
  await expectPlan(page, PLAN_MONTH);
  assert.equal(await text(page.getByTestId('schedule-plan-title')), '月間運用計画 2026年12月');

  // Every association with work in December, none approved yet, as the API has them.
  const before = await planOf(`month=${PLAN_MONTH}`);
  assert.equal(before.approvals.length, 19, 'the 18 of the centre and bouei');
  assert.deepEqual(await planRows(page), before.approvals.map((a) => [a.tenant, 'not_approved']));
  assert.equal(await page.getByTestId('schedule-plan-status').getAttribute('data-status'), 'not_approved');
  assert.equal(await text(page.getByTestId('schedule-plan-status')), '未承認');
  const soumuRow = page.locator('[data-testid="schedule-plan-tenant"][data-tenant="soumu"]');
  const houmuRow = page.locator('[data-testid="schedule-plan-tenant"][data-tenant="houmu"]');
  const soumuBefore = before.approvals.find((a) => a.tenant === 'soumu');
  assert.equal(await text(soumuRow.getByTestId('schedule-plan-tenant-status')), '未承認');
  assert.equal(await text(soumuRow.getByTestId('schedule-plan-tenant-entries')), `${soumuBefore.entries}件`);
  assert.match(await text(page.getByTestId('schedule-plan-summary')), new RegExp(`^2026/12/01〜2026/12/31 · 作業${before.occurrences.length}件・計画作業${before.windows.length}件$`));

  // The workbook, fetched with the token and saved under the server's name.
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: WAIT_MS }),
    page.getByTestId('schedule-plan-xlsx').click(),
  ]);
  assert.equal(download.suggestedFilename(), `schedule-plan-${PLAN_MONTH}.xlsx`);
  const file = path.join(dataDir, 'plan.xlsx');
  await download.saveAs(file);
  assert.equal(fs.readFileSync(file).subarray(0, 2).toString('latin1'), 'PK', 'an Office Open XML (zip) file');

  // 承認を記録: nothing chosen and no approver first (the 422 names both), then soumu and houmu.
  await page.getByTestId('schedule-plan-approve').click();
  const form = page.getByTestId('schedule-plan-approve-form');
  await form.waitFor({ timeout: WAIT_MS });
  await page.getByTestId('schedule-plan-approve-submit').click();
  await waitUntil('the associations\' error next to the picker', async () => (await text(fieldError(form, 'tenants'))) !== '');
  assert.equal(await text(fieldError(form, 'tenants')), 'name at least one association');
  assert.equal(await text(fieldError(form, 'approver')), '入力してください');
  await page.getByTestId('schedule-plan-approve-tenant-soumu').check();
  await page.getByTestId('schedule-plan-approve-tenant-houmu').check();
  await page.getByTestId('schedule-plan-approve-approver').fill('12月運用報告会にて承認');
  await page.getByTestId('schedule-plan-approve-submit').click();
  await waitUntil('soumu and houmu approved', async () =>
    (await soumuRow.getAttribute('data-status')) === 'approved' && (await houmuRow.getAttribute('data-status')) === 'approved');
  assert.equal(await text(soumuRow.getByTestId('schedule-plan-tenant-status')), '承認済');
  assert.equal(await text(soumuRow.getByTestId('schedule-plan-tenant-approver')), '12月運用報告会にて承認');
  assert.equal(await text(page.getByTestId('schedule-plan-status')), '一部承認');
  assert.equal(await text(page.getByTestId('schedule-plan-message')), '承認を記録しました：総務省共済組合、法務省共済組合');
  assert.equal(await page.getByTestId('schedule-plan-approve-form').count(), 0, 'the form closed');
  const after = await planOf(`month=${PLAN_MONTH}`);
  assert.equal(after.approval_status, 'partially_approved');
  for (const a of after.approvals) {
    assert.equal(a.status, ['soumu', 'houmu'].includes(a.tenant) ? 'approved' : 'not_approved', a.tenant);
  }
  assert.equal(after.approvals.find((a) => a.tenant === 'soumu').approval.approver, '12月運用報告会にて承認');
  // Approved as it stands: not offered again.
  await page.getByTestId('schedule-plan-approve').click();
  await form.waitFor({ timeout: WAIT_MS });
  assert.ok(await page.getByTestId('schedule-plan-approve-tenant-soumu').isDisabled(), 'soumu has approved the plan as it stands');
  assert.ok(await page.getByTestId('schedule-plan-approve-tenant-shugiin').isEnabled());
  await page.getByTestId('schedule-plan-approve-cancel').click();

  // Something planned for soumu in December changes its part: 承認後に変更あり until it approves again.
  await planWindow({
    kind: 'other', title: 'ネットワーク機器ファームウェア更新', tenants: ['soumu'],
    planned_start: '2026-12-20T09:00:00+09:00', planned_end: '2026-12-20T10:00:00+09:00', stops_service: false,
  });
  await page.getByTestId('schedule-plan-reload').click();
  await waitUntil('soumu changed since its approval', async () => (await soumuRow.getAttribute('data-status')) === 'changed_since_approval');
  assert.equal(await text(soumuRow.getByTestId('schedule-plan-tenant-status')), '承認後に変更あり');
  assert.equal(await text(soumuRow.getByTestId('schedule-plan-tenant-entries')), `${soumuBefore.entries + 1}件（承認時${soumuBefore.entries}件）`);
  assert.equal(await houmuRow.getAttribute('data-status'), 'approved', 'houmu\'s part did not change');
  await page.getByTestId('schedule-plan').screenshot({ path: path.join(ARTIFACTS, 'schedule-plan.png') });

  // The annual centre schedule of the fiscal year.
  await page.getByTestId('schedule-plan-kind-annual').click();
  await expectPlan(page, '2026');
  assert.equal(await text(page.getByTestId('schedule-plan-title')), '年間センタ運用計画 2026年度（2026年4月〜2027年3月）');
  assert.equal(await page.getByTestId('schedule-plan-year').inputValue(), '2026');
  const annual = await planOf('year=2026');
  assert.deepEqual(await planRows(page), annual.approvals.map((a) => [a.tenant, a.status]));
});

// ---- カレンダー購読 ------------------------------------------------------------------------------

browserTest('a calendar subscription URL is issued and shown once, reads the feed without a bearer token, and is revoked', async () => {
  const page = await openPage(deskToken, '#/schedule', { permissions: ['clipboard-read', 'clipboard-write'] });
  await page.getByTestId('schedule-feed-empty').waitFor({ timeout: WAIT_MS });
  await page.getByTestId('schedule-feed-label').fill('Outlook（運用デスクPC）');
  await page.getByTestId('schedule-feed-issue').click();
  const shown = page.getByTestId('schedule-feed-url');
  await shown.waitFor({ timeout: WAIT_MS });
  const url = await shown.inputValue();
  assert.match(url, new RegExp(`^${base.replaceAll('.', '\\.')}/v1/schedule/calendar\\.ics\\?feed_token=[A-Za-z0-9_-]{43}$`));
  assert.match(await text(page.getByTestId('schedule-feed-once')), /今回だけ表示されます/);
  await page.getByTestId('schedule-feed-copy').click();
  await waitUntil('the URL copied', async () => (await text(page.getByTestId('schedule-feed-copied'))) === 'コピーしました');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url);

  // A calendar program has no bearer token: the URL alone reads the feed.
  const feed = await fetch(url);
  const ics = await feed.text();
  assert.equal(feed.status, 200, ics);
  assert.match(feed.headers.get('content-type'), /^text\/calendar/);
  assert.match(ics, /^BEGIN:VCALENDAR/);
  assert.match(ics, /BEGIN:VEVENT/);

  // The list: the token, without its secret.
  const tokenRow = page.getByTestId('schedule-feed-token');
  await tokenRow.waitFor({ timeout: WAIT_MS });
  assert.equal(await tokenRow.count(), 1);
  assert.equal(await text(tokenRow.getByTestId('schedule-feed-token-label')), 'Outlook（運用デスクPC）');
  assert.equal(await text(tokenRow.getByTestId('schedule-feed-token-state')), '有効');
  const listed = await api('GET', '/v1/schedule/feed-tokens', deskToken);
  assert.equal(listed.status, 200, listed.text);
  assert.deepEqual(listed.json.items.map((x) => [x.id, x.label, x.tenants, x.revoked_at]),
    [[await tokenRow.getAttribute('data-token-id'), 'Outlook（運用デスクPC）', ['*'], null]]);
  assert.doesNotMatch(listed.text, new RegExp(url.split('feed_token=')[1]), 'the list never shows the secret');

  // 無効化, after a confirmation: the URL goes, the feed answers 401.
  await tokenRow.getByTestId('schedule-feed-revoke').click();
  await tokenRow.getByTestId('schedule-feed-revoke-confirm').click();
  await waitUntil('the token revoked', async () => (await tokenRow.getAttribute('data-revoked')) === 'true');
  assert.match(await text(tokenRow.getByTestId('schedule-feed-token-state')), /^無効化済（2026\/12\/02 12:10）$/);
  assert.equal(await page.getByTestId('schedule-feed-url').count(), 0, 'the revoked URL is no longer shown');
  assert.equal(await text(page.getByTestId('schedule-feed-list-message')), '無効化しました：Outlook（運用デスクPC）');
  const refused = await fetch(url);
  assert.equal(refused.status, 401, await refused.text());

  await page.getByTestId('schedule-feed').screenshot({ path: path.join(ARTIFACTS, 'schedule-feed.png') });
});
