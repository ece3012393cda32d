// End-to-end test of the security patches view (#/patches, セキュリティパッチ) in a real browser
// against the real server, like tests/changes.e2e.mjs (same setup, tests/harness.mjs, its own
// server):
//
//   cd web && npm ci && npm run build
//   OPSDESK_BIN=$PWD/../build/release/cmd/opsdesk/opsdesk node --test tests/patches.e2e.mjs
//
// The browser runs in another time zone than Tokyo on purpose: every time on the page is Japan
// time. On success the maintainer's page is saved as patches.png, houmu's administrator's as
// patches-houmu.png, the rollout after the form's steps as patches-rollout.png, the month's
// report as patches-report.png and the overdue patch as patches-overdue.png in
// $OPSDESK_TEST_ARTIFACTS (default /tmp/opsdesk-browser-artifacts); on a failure, screenshots and
// the server's output go there.
//
// The tests run in order and share the server, whose clock starts at Monday 2026-06-01 09:00.
// Over the API, a maintainer with "*" registers 別紙4's equipment and an OS patch (KB5060842,
// 緊急), assesses it, agrees on 緊急対応 with the association side (due at the end, 18:00, of the
// third business day after: Thursday 06-04), records its passed verification, targets
// srv-soumu, srv-houmu and mon-terminal, verifies all three and applies srv-soumu. The page then
// lists the patch (緊急対応, 適用中, 適用済 1・検証済 2, 適用期限 2026/06/04 18:00), its matrix
// shows srv-soumu 適用済 and the others 検証済, and 未適用の対象機器 lists srv-houmu and
// mon-terminal but not srv-soumu. houmu's association administrator sees the patch with its own
// targets only (srv-houmu and the shared terminal, never srv-soumu). The maintainer then records
// steps through the rollout form (a 422 for a schedule without its time and a 409 for verifying
// an applied target first): srv-houmu 適用予定 at 06-02 20:00, then 適用済, which leaves
// mon-terminal alone in the open panel. The month's report counts them per association and
// downloads as xlsx. With the clock at Friday 06-05 09:00, past the due time with mon-terminal
// still open, the patch watch records the patch overdue and the list shows 期限超過.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  ARTIFACTS, WAIT_MS, api, browserTests, dataDir, launchBrowser, mintToken, moveClock, openPage, startOpsdesk,
  stopOpsdesk, waitUntil,
} from './harness.mjs';

const T0 = '2026-06-01T09:00:00+09:00'; // Monday
const T_LATE = '2026-06-05T09:00:00+09:00'; // Friday, past the emergency patch's due time
const MONTH = '2026-06';
const KB = 'KB5060842';
const TITLE = '2026年6月のセキュリティ更新プログラム';
const DUE = '2026-06-04T18:00:00+09:00'; // 3 business days after Monday's decision, at 18:00
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SOUMU_SERVER = '標準共済システムサーバ（総務省共済組合）';
const HOUMU_SERVER = '標準共済システムサーバ（法務省共済組合）';

let deskToken = null;
let houmuAdminToken = null;
let patchId = null;
const browserTest = browserTests('patches '); // a failure's artifacts in $OPSDESK_TEST_ARTIFACTS/patches_<test name>

// ---- the server, the browser and the patch ------------------------------------------------------

/** A command over the API that must be accepted. */
async function ok(method, pathname, body, token = deskToken) {
  const res = await api(method, pathname, token, body);
  assert.ok(res.status >= 200 && res.status < 300, `${method} ${pathname} answered ${res.status}: ${res.text}`);
  return res.json;
}

async function getOk(pathname, token = deskToken) {
  const res = await api('GET', pathname, token);
  assert.equal(res.status, 200, `GET ${pathname} answered ${res.status}: ${res.text}`);
  return res.json;
}

before(async () => {
  await startOpsdesk('patches');
  deskToken = mintToken('e2e-desk', 'maintainer', '*');
  houmuAdminToken = mintToken('e2e-houmu-admin', 'association_admin', 'houmu');
  const clock = await moveClock(deskToken, T0);
  assert.equal(Date.parse(clock.now), Date.parse(T0), `the test clock answered ${JSON.stringify(clock)}`);

  // 別紙4's equipment, and the emergency OS patch up to its first applied target.
  const seeded = await ok('POST', '/v1/configuration-items/seed', {});
  assert.equal(seeded.registered.length, 39);
  const patch = await ok('POST', '/v1/patches', { product: 'os', vendor_id: KB, title: TITLE, published: '2026-05-29', severity: 'critical' });
  patchId = patch.id;
  const command = (name, body) => ok('POST', `/v1/patches/${patchId}/${name}`, body);
  await command('assess', { impact: '標準共済システムへの影響なし（再起動を伴う）' });
  await command('decide_urgency', { urgency: 'emergency', measure: 'permanent', agreed_with: '総務省共済組合 佐藤', plan: '全対象機器へ夜間に適用' });
  await command('record_verification', { result: 'passed', environment: '検証環境', note: '業務アプリケーションの動作確認済' });
  await command('target', { configuration_items: ['srv-soumu', 'srv-houmu', 'mon-terminal'] });
  await command('verify', { targets: ['srv-soumu', 'srv-houmu', 'mon-terminal'] });
  await command('apply', { targets: ['srv-soumu'], note: '夜間に適用、再起動確認済' });

  fs.mkdirSync(ARTIFACTS, { recursive: true }); // for the screenshots of a passing run
  await launchBrowser();
});

after(stopOpsdesk);

// ---- helpers --------------------------------------------------------------------------------

const text = async (locator) => (await locator.innerText()).trim();
const patchRow = (page) => page.locator(`[data-testid="patches-row"][data-patch-id="${patchId}"]`);
const matrixRow = (page, code) => page.locator(`[data-testid="patches-matrix-row"][data-code="${code}"]`);
const openRowCodes = (page) => page.getByTestId('patches-open-row').evaluateAll((rows) => rows.map((r) => r.dataset.code));
const matrixCodes = (page) => page.getByTestId('patches-matrix-row').evaluateAll((rows) => rows.map((r) => r.dataset.code));
const fieldError = (scope, name) => scope.locator(`[data-testid="field-error"][data-field="${name}"]`);

/** Opens the patch from the list and waits until its detail and matrix are shown. */
async function openPatch(page) {
  await patchRow(page).click();
  await waitUntil('the patch shown', async () =>
    (await page.getByTestId('patches-detail').getAttribute('data-patch-id')) === patchId
    && (await page.getByTestId('patches-detail').getAttribute('data-version')) !== null);
  await page.getByTestId('patches-matrix').waitFor({ timeout: WAIT_MS });
}

const detailVersion = async (page) => Number(await page.getByTestId('patches-detail').getAttribute('data-version'));

/** Checks exactly `codes` in the matrix, picks `command` and records it (waits for the answer when it is accepted). */
async function recordStep(page, codes, command, { scheduledFor, note, accepted = true } = {}) {
  for (const box of await page.getByTestId('patches-rollout-check').all()) {
    const want = codes.includes(await box.getAttribute('data-code'));
    if ((await box.isChecked()) !== want) await box.setChecked(want);
  }
  await page.getByTestId('patches-rollout-command').selectOption(command);
  if (scheduledFor !== undefined) await page.getByTestId('patches-rollout-scheduled_for').fill(scheduledFor);
  if (note !== undefined) await page.getByTestId('patches-rollout-note').fill(note);
  const version = await detailVersion(page);
  await page.getByTestId('patches-rollout-submit').click();
  if (!accepted) return;
  await waitUntil(`${command} recorded`, async () => (await detailVersion(page)) > version);
  await waitUntil(`${command}'s confirmation`, async () => (await text(page.getByTestId('patches-detail-message'))).startsWith('記録しました'));
}

// ---- the maintainer: the list, the matrix, what is still to do --------------------------------------

browserTest('a maintainer sees the emergency patch, its rollout matrix and the targets still to do', async () => {
  const page = await openPage(deskToken, '#/patches');
  assert.equal(await text(page.getByTestId('nav-patches')), 'セキュリティパッチ');
  const row = patchRow(page);
  await row.waitFor({ timeout: WAIT_MS });

  // The list: the vendor's id, 緊急対応, 適用中, the counts and the due time in Japan time.
  const listed = await getOk('/v1/patches');
  assert.equal(listed.items.length, 1);
  assert.deepEqual([listed.items[0].urgency, listed.items[0].status, listed.items[0].apply_due_at, listed.items[0].overdue],
    ['emergency', 'rolling_out', DUE, false]);
  assert.equal(await text(page.getByTestId('patches-count')), '1');
  assert.deepEqual((await row.locator('td').allInnerTexts()).map((s) => s.trim()),
    [KB, TITLE, 'OS', '緊急', '緊急対応', '適用中', '適用済 1・検証済 2（計3台）', '2026/06/04 18:00']);
  assert.equal(await row.getAttribute('data-overdue'), 'false');
  assert.equal(await row.getByTestId('patches-overdue').count(), 0);
  const counts = row.getByTestId('patches-row-counts');
  assert.deepEqual([await counts.getAttribute('data-applied'), await counts.getAttribute('data-verified'), await counts.getAttribute('data-pending')], ['1', '2', '0']);

  // The patch: its facts and its matrix (srv-soumu 適用済, the others 検証済).
  await openPatch(page);
  assert.match(page.url(), new RegExp(`#/patches\\?id=${patchId}$`));
  assert.equal(await text(page.getByTestId('patches-detail-title')), `${KB} ${TITLE}`);
  assert.match(await text(page.getByTestId('patches-detail-urgency')), /^緊急対応・本格対処（合意: 総務省共済組合 佐藤）/);
  assert.equal(await text(page.getByTestId('patches-detail-due')), '2026/06/04 18:00');
  assert.match(await text(page.getByTestId('patches-detail-verification')), /^合格 検証環境（業務アプリケーションの動作確認済）/);
  assert.deepEqual(await matrixCodes(page), ['srv-soumu', 'srv-houmu', 'mon-terminal']);
  const soumu = matrixRow(page, 'srv-soumu');
  assert.equal(await soumu.getAttribute('data-state'), 'applied');
  assert.equal(await text(soumu.getByTestId('patches-matrix-state')), '適用済');
  assert.equal(await text(soumu.getByTestId('patches-matrix-name')), SOUMU_SERVER);
  assert.equal(await text(soumu.getByTestId('patches-matrix-tenants')), '総務省共済組合');
  assert.match(await text(soumu.getByTestId('patches-matrix-changed')), /^2026\/06\/01 09:00 e2e-desk\s+夜間に適用、再起動確認済$/);
  assert.equal(await text(matrixRow(page, 'srv-houmu').getByTestId('patches-matrix-state')), '検証済');
  assert.equal(await text(matrixRow(page, 'mon-terminal').getByTestId('patches-matrix-state')), '検証済');
  assert.equal(await text(matrixRow(page, 'mon-terminal').getByTestId('patches-matrix-tenants')), 'センタ全組合');
  assert.equal(await text(page.getByTestId('patches-matrix-counts')), '適用済 1・検証済 2（計3台）');

  // The state filter: the open targets, then the applied one, then every one again.
  await page.getByTestId('patches-matrix-filter').selectOption('open');
  await waitUntil('the open targets', async () => JSON.stringify(await matrixCodes(page)) === JSON.stringify(['srv-houmu', 'mon-terminal']));
  assert.equal(await text(page.getByTestId('patches-matrix-count')), '2/3');
  assert.match(page.url(), /&state=open$/);
  await page.getByTestId('patches-matrix-filter').selectOption('applied');
  await waitUntil('the applied target', async () => JSON.stringify(await matrixCodes(page)) === JSON.stringify(['srv-soumu']));
  await page.getByTestId('patches-matrix-filter').selectOption('failed');
  await page.getByTestId('patches-matrix-empty').waitFor({ timeout: WAIT_MS });
  assert.equal(await text(page.getByTestId('patches-matrix-empty')), 'この状態の対象機器はありません');
  await page.getByTestId('patches-matrix-filter').selectOption('');
  await waitUntil('every target', async () => (await matrixCodes(page)).length === 3);

  // 未適用の対象機器: srv-houmu and mon-terminal, not srv-soumu.
  await waitUntil('the open panel', async () => (await page.getByTestId('patches-open-row').count()) > 0);
  assert.deepEqual(await openRowCodes(page), ['srv-houmu', 'mon-terminal']);
  assert.equal(await text(page.getByTestId('patches-open-count')), '2');
  const houmuOpen = page.locator('[data-testid="patches-open-row"][data-code="srv-houmu"]');
  assert.equal(await text(houmuOpen.getByTestId('patches-open-name')), HOUMU_SERVER);
  assert.equal(await text(houmuOpen.getByTestId('patches-open-state')), '検証済');
  assert.match(await text(houmuOpen.getByTestId('patches-open-vendor')), new RegExp(`^${KB}`));
  const open = await getOk('/v1/patches/matrix?state=open');
  assert.deepEqual(open.rows.map((r) => r.code), ['srv-houmu', 'mon-terminal']);

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, 'patches.png'), fullPage: true });
});

// ---- an association's administrator: its own targets only ----------------------------------------

browserTest('houmu\'s association administrator sees the patch with houmu\'s targets only, never srv-soumu', async () => {
  const page = await openPage(houmuAdminToken, '#/patches');
  const row = patchRow(page);
  await row.waitFor({ timeout: WAIT_MS });
  // Every association sees every patch; its counts are of its own targets (srv-houmu and the
  // shared terminal), while the status is the whole patch's.
  assert.equal(await text(row.getByTestId('patches-row-counts')), '検証済 2（計2台）');
  assert.equal(await text(row.getByTestId('patches-row-status')), '適用中');

  await openPatch(page);
  assert.deepEqual(await matrixCodes(page), ['srv-houmu', 'mon-terminal']);
  assert.equal(await matrixRow(page, 'srv-soumu').count(), 0, 'soumu\'s server is not shown');
  assert.equal(await page.getByTestId('patches-rollout').count(), 0, 'the rollout steps are the desk\'s');
  assert.equal(await page.getByTestId('patches-rollout-check').count(), 0);
  const matrix = await getOk(`/v1/patches/${patchId}/matrix`, houmuAdminToken);
  assert.deepEqual(matrix.rows.map((r) => r.code), ['srv-houmu', 'mon-terminal']);

  // The open panel: houmu's targets, not soumu's; no association picker for one association.
  await waitUntil('the open panel', async () => (await page.getByTestId('patches-open-row').count()) > 0);
  assert.deepEqual(await openRowCodes(page), ['srv-houmu', 'mon-terminal']);
  assert.equal(await page.locator('[data-testid="patches-open-row"][data-code="srv-soumu"]').count(), 0);
  assert.equal(await page.getByTestId('patches-open-tenant').count(), 0);
  assert.equal(await page.getByTestId('patches-report-tenant').count(), 0);

  // The month's report: houmu's line only.
  await waitUntil('the report', async () => (await page.getByTestId('patches-report-title').getAttribute('data-month')) === MONTH);
  assert.deepEqual(await page.getByTestId('patches-report-row').evaluateAll((rows) => rows.map((r) => r.dataset.tenant)), ['houmu']);
  assert.equal(await text(page.locator('[data-testid="patches-report-row"][data-tenant="houmu"] [data-testid="patches-report-pending"]')), '2');

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, 'patches-houmu.png'), fullPage: true });
});

// ---- the maintainer's rollout steps through the form ----------------------------------------------

browserTest('a maintainer schedules and applies srv-houmu through the rollout form, after a 422 and a 409', async () => {
  const page = await openPage(deskToken, `#/patches?id=${patchId}`);
  await waitUntil('the patch shown', async () => (await page.getByTestId('patches-detail').getAttribute('data-version')) !== null);
  const form = page.getByTestId('patches-rollout');
  await form.waitFor({ timeout: WAIT_MS });
  const message = page.getByTestId('patches-rollout-message');

  // Nothing checked: said on the page, nothing sent.
  await page.getByTestId('patches-rollout-submit').click();
  await waitUntil('the hint to check a target', async () => (await text(message)) === '対象機器を選んでください');

  // 409: verifying the applied srv-soumu again (its rule in Japanese).
  let version = await detailVersion(page);
  await recordStep(page, ['srv-soumu'], 'verify', { accepted: false });
  await waitUntil('the 409', async () => (await message.getAttribute('data-status')) === '409');
  assert.equal(await message.getAttribute('data-rule'), 'rollout-order');
  assert.match(await text(message), /^この状態からは記録できません（rollout-order）/);
  assert.equal(await detailVersion(page), version, 'the refusal recorded nothing');

  // 422: a schedule without its time (next to the field), then with it.
  await recordStep(page, ['srv-houmu'], 'schedule', { accepted: false });
  await waitUntil('the 422', async () => (await message.getAttribute('data-status')) === '422');
  assert.notEqual(await text(fieldError(form, 'scheduled_for')), '');
  await recordStep(page, ['srv-houmu'], 'schedule', { scheduledFor: '2026-06-02T20:00' });
  assert.equal(await text(page.getByTestId('patches-detail-message')), '記録しました：適用予定を記録（1台）');
  const houmu = matrixRow(page, 'srv-houmu');
  await waitUntil('srv-houmu scheduled', async () => (await houmu.getAttribute('data-state')) === 'scheduled');
  assert.equal(await text(houmu.getByTestId('patches-matrix-state')), '適用予定');
  assert.equal(await text(houmu.getByTestId('patches-matrix-scheduled')), '2026/06/02 20:00');
  const scheduled = await getOk(`/v1/patches/${patchId}/matrix`);
  assert.equal(Date.parse(scheduled.rows.find((r) => r.code === 'srv-houmu').scheduled_for), Date.parse('2026-06-02T20:00:00+09:00'));

  // 適用済: srv-houmu is no longer open; mon-terminal is the one left.
  version = await detailVersion(page);
  await recordStep(page, ['srv-houmu'], 'apply', { note: '夜間に適用' });
  await waitUntil('srv-houmu applied', async () => (await houmu.getAttribute('data-state')) === 'applied');
  assert.equal(await text(houmu.getByTestId('patches-matrix-scheduled')), '—');
  await waitUntil('the open panel without srv-houmu', async () => JSON.stringify(await openRowCodes(page)) === JSON.stringify(['mon-terminal']));
  await waitUntil('the list\'s counts', async () => (await text(patchRow(page).getByTestId('patches-row-counts'))) === '適用済 2・検証済 1（計3台）');
  assert.equal(await text(page.getByTestId('patches-matrix-counts')), '適用済 2・検証済 1（計3台）');

  // An open row opens its patch on its open targets.
  await page.locator('[data-testid="patches-open-row"][data-code="mon-terminal"]').click();
  await waitUntil('the open targets', async () => JSON.stringify(await matrixCodes(page)) === JSON.stringify(['mon-terminal']));
  assert.equal(await page.getByTestId('patches-matrix-filter').inputValue(), 'open');

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, 'patches-rollout.png'), fullPage: true });
});

// ---- the month's report and its workbook ------------------------------------------------------------

browserTest('the month\'s report counts the targets per association and downloads as xlsx', async () => {
  const page = await openPage(deskToken, '#/patches', { acceptDownloads: true });
  const panel = page.getByTestId('patches-report');
  // The server's month (June 2026 in Tokyo), not the browser's.
  await waitUntil('the month shown', async () => (await page.getByTestId('patches-report-title').getAttribute('data-month')) === MONTH);
  assert.equal(await page.getByTestId('patches-report-month').inputValue(), MONTH);
  assert.equal(await text(page.getByTestId('patches-report-title')), '2026年6月（2026/06/01 09:00 時点）');
  const line = (tenant) => panel.locator(`[data-testid="patches-report-row"][data-tenant="${tenant}"] td`).allInnerTexts();
  assert.deepEqual((await line('soumu')).map((s) => s.trim()), ['総務省共済組合', '1', '0', '1']);
  assert.deepEqual((await line('houmu')).map((s) => s.trim()), ['法務省共済組合', '1', '0', '1']);
  assert.deepEqual((await line('gaimu')).map((s) => s.trim()), ['外務省共済組合', '0', '0', '1'], 'the shared terminal is every centre association\'s');
  assert.equal(await panel.locator('[data-testid="patches-report-row"][data-tenant="bouei"]').count(), 0, 'nothing for bouei');
  assert.equal(await text(page.getByTestId('patches-report-quiet')), 'ほか1組合は該当なし');

  // One association.
  await page.getByTestId('patches-report-tenant').selectOption('houmu');
  await waitUntil('houmu\'s line alone', async () =>
    JSON.stringify(await page.getByTestId('patches-report-row').evaluateAll((rows) => rows.map((r) => r.dataset.tenant))) === '["houmu"]');
  await page.getByTestId('patches-report-tenant').selectOption('');
  await waitUntil('every line again', async () => (await page.getByTestId('patches-report-row').count()) === 18);

  // 月次報告をダウンロード: the workbook, fetched with the token and saved under its name.
  assert.equal(await text(page.getByTestId('patches-report-xlsx')), '⬇ 月次報告をダウンロード');
  const [response, download] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/v1/patches/report?') && r.url().includes('format=xlsx'), { timeout: WAIT_MS }),
    page.waitForEvent('download', { timeout: WAIT_MS }),
    page.getByTestId('patches-report-xlsx').click(),
  ]);
  assert.equal(response.status(), 200);
  assert.equal(response.headers()['content-type'], XLSX);
  assert.equal(response.headers()['content-disposition'], `attachment; filename="patches-${MONTH}.xlsx"`);
  assert.equal(download.suggestedFilename(), `patches-${MONTH}.xlsx`);
  const file = path.join(dataDir, 'patches.xlsx');
  await download.saveAs(file);
  assert.equal(fs.readFileSync(file).subarray(0, 2).toString('latin1'), 'PK', 'an Office Open XML (zip) file');

  await panel.screenshot({ path: path.join(ARTIFACTS, 'patches-report.png') });
});

// ---- past the due time: 期限超過 ----------------------------------------------------------------------

browserTest('past its due time with mon-terminal still open, the patch is recorded overdue and shown 期限超過', async () => {
  const moved = await moveClock(deskToken, T_LATE);
  assert.equal(moved.patches_recorded_overdue, 1, JSON.stringify(moved));
  const patch = await getOk(`/v1/patches/${patchId}`);
  assert.equal(patch.overdue, true);

  const page = await openPage(deskToken, '#/patches');
  const row = patchRow(page);
  await row.waitFor({ timeout: WAIT_MS });
  assert.equal(await row.getAttribute('data-overdue'), 'true');
  assert.match(await text(row.getByTestId('patches-row-status')), /^適用中\s*期限超過$/);
  assert.equal(await text(row.getByTestId('patches-overdue')), '期限超過');

  await page.getByTestId('patches-filter-urgency').selectOption('emergency');
  await waitUntil('the emergency filter in the route', async () => page.url().endsWith('#/patches?urgency=emergency'));
  await row.waitFor({ timeout: WAIT_MS });
  await page.getByTestId('patches-filter-urgency').selectOption('normal');
  await page.getByTestId('patches-empty').waitFor({ timeout: WAIT_MS });
  assert.equal(await text(page.getByTestId('patches-empty')), '該当するセキュリティパッチはありません');
  await page.getByTestId('patches-filter-urgency').selectOption('');
  await row.waitFor({ timeout: WAIT_MS });

  await openPatch(page);
  assert.match(await text(page.getByTestId('patches-detail-due')), /^2026\/06\/04 18:00\s*期限超過\s*2026\/06\/05 09:00 に期限超過を記録（3営業日）$/);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, 'patches-overdue.png'), fullPage: true });
});
