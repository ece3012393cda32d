// End-to-end test of the documents view (#/documents, 原本管理・議事録・払い出し) in a real browser
// against the real server, like tests/patches.e2e.mjs (same setup, tests/harness.mjs, its own
// server):
//
//   cd web && npm ci && npm run build
//   OPSDESK_BIN=$PWD/../build/release/cmd/opsdesk/opsdesk node --test tests/documents.e2e.mjs
//
// The browser runs in another time zone than Tokyo on purpose: every time on the page is Japan
// time. On success the register with the procedure is saved as documents.png, the meetings as
// documents-meetings.png, the check-out as documents-checkouts.png and houmu's viewer's page as
// documents-houmu.png in $OPSDESK_TEST_ARTIFACTS (default /tmp/opsdesk-browser-artifacts); on a
// failure, screenshots and the server's output go there.
//
// The tests run in order and share the server, whose clock stands at Friday 2026-11-20 17:00 (the
// meeting has just ended). A maintainer with "*" registers サーバ再起動手順書 (a procedure for
// soumu) through 文書を登録 (the 422 for the empty form first), adds version 1.0 by choosing a
// small file (read in the browser, sent as base64; the server computes its SHA-256, shown
// shortened with the whole hash as its title), downloads it back, approves it (the 422 for a
// blank approver first), adds 1.1 by its SHA-256 and size (kept outside: no download; the same
// version again is refused with its rule, 409 document-version-exists), approves it and files the
// original in 耐火金庫; the register's row then reads 手順書, 承認版 1.1, 最新版 1.1, 承認済 and its
// filing, the filters (kind and words) go into the route, and the filtered register downloads as
// a workbook. The maintainer records the monthly report meeting of 2026-11-20 through 会議を記録
// (the 422 first) for every association: its minutes are due Wednesday 11-25 18:00 (Monday 11-23
// is 勤労感謝の日); a minutes document registered over the API is recorded as its minutes through
// 議事録を登録 (提出済, 未承認, then 承認済 once approved), and the minutes document names its
// meeting. An item (sw-kyosai) is checked out to a vendor through 払い出し with two master files
// (the 422 for a malformed hash, next to the master field, first), returned (返却) and checked
// (整合性チェック) against differing files: 差異あり with 変更, 欠落 and 追加. Last, houmu's viewer
// sees the centre-wide minutes but nothing of soumu's procedure (not in the register, not found by
// its words; its address says 文書が見つかりません) and no command.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  ARTIFACTS, WAIT_MS, api, browserTests, dataDir, launchBrowser, logIn, mintToken, moveClock, openPage, startOpsdesk,
  stopOpsdesk, waitUntil,
} from './harness.mjs';

const T0 = '2026-11-20T17:00:00+09:00'; // Friday, the meeting has just ended
const TITLE = 'サーバ再起動手順書';
const FILE_NAME = '再起動手順.txt';
const PROCEDURE_V1 = Buffer.from('1. 業務を停止する\n2. サーバを再起動する\n', 'utf8');
const SHA_V1 = createHash('sha256').update(PROCEDURE_V1).digest('hex');
const SHA_V11 = 'e'.repeat(64);
const APPROVER = '総務省共済組合 佐藤';
const MEETING = '11月 月次報告会';
const MINUTES = '11月 月次報告会 議事録';
const [A, B, C] = ['a', 'b', 'c'].map((x) => x.repeat(64));
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let deskToken = null;
let houmuViewerToken = null;
let documentId = null; // the procedure, registered through the page
const browserTest = browserTests('documents '); // a failure's artifacts in $OPSDESK_TEST_ARTIFACTS/documents_<test name>

// ---- the server and the browser -----------------------------------------------------------------

/** A command over the API that must be accepted. */
async function ok(method, pathname, body, token = deskToken) {
  const res = await api(method, pathname, token, body);
  assert.ok(res.status >= 200 && res.status < 300, `${method} ${pathname} answered ${res.status}: ${res.text}`);
  return res.json;
}

before(async () => {
  await startOpsdesk('documents');
  deskToken = mintToken('e2e-desk', 'maintainer', '*');
  houmuViewerToken = mintToken('e2e-houmu-viewer', 'viewer', 'houmu');
  const clock = await moveClock(deskToken, T0);
  assert.equal(Date.parse(clock.now), Date.parse(T0), `the test clock answered ${JSON.stringify(clock)}`);
  // The software handed out to a vendor later.
  await ok('POST', '/v1/configuration-items', {
    kind: 'software', code: 'sw-kyosai', name: '標準共済システム プログラム一式', tenants: ['all_centre'], location: 'centre',
  });
  fs.mkdirSync(ARTIFACTS, { recursive: true }); // for the screenshots of a passing run
  await launchBrowser();
});

after(stopOpsdesk);

// ---- helpers --------------------------------------------------------------------------------

const text = async (locator) => (await locator.innerText()).trim();
const cells = async (row) => (await row.locator('td').allInnerTexts()).map((s) => s.trim().replace(/\s+/g, ' '));
const fieldError = (scope, name) => scope.locator(`[data-testid="field-error"][data-field="${name}"]`);
const documentRow = (page) => page.locator(`[data-testid="documents-row"][data-document-id="${documentId}"]`);
const versionRow = (page, v) => page.locator(`[data-testid="documents-version"][data-version="${v}"]`);
const detailVersion = async (page) => Number(await page.getByTestId('documents-detail').getAttribute('data-version'));

/** Opens a command's form on the shown document. */
async function openCommand(page, command) {
  await page.getByTestId(`documents-cmd-${command}`).click();
  await page.getByTestId(`documents-form-${command}`).waitFor({ timeout: WAIT_MS });
}

/** Submits a command's form and waits until the document is read again with it. */
async function submitCommand(page, command) {
  const version = await detailVersion(page);
  await page.getByTestId(`documents-${command}-submit`).click();
  await waitUntil(`${command} recorded`, async () => (await detailVersion(page)) > version);
  await waitUntil(`${command}'s confirmation`, async () => (await text(page.getByTestId('documents-detail-message'))).startsWith('記録しました'));
}

/** Waits for a form's refusal with `status` (its message's data-status). */
async function refused(message, status) {
  await waitUntil(`the ${status}`, async () => (await message.getAttribute('data-status')) === String(status));
}

// ---- the register: a procedure with two approved versions, filed -----------------------------------

browserTest('a maintainer registers a procedure, adds 1.0 from a file and 1.1 by its hash, approves both and files it', async () => {
  const page = await openPage(deskToken, '#/documents', { acceptDownloads: true });
  assert.equal(await text(page.getByTestId('nav-documents')), '原本管理');
  await page.getByTestId('documents-empty').waitFor({ timeout: WAIT_MS });
  assert.equal(await text(page.getByTestId('documents-empty')), '文書はまだ登録されていません');

  // 文書を登録: the empty form first (422, each field named), then the procedure for soumu.
  await page.getByTestId('documents-new').click();
  const form = page.getByTestId('documents-new-form');
  await form.waitFor({ timeout: WAIT_MS });
  await page.getByTestId('documents-new-submit').click();
  await refused(page.getByTestId('documents-new-message'), 422);
  assert.equal(await text(fieldError(form, 'title')), '入力してください');
  assert.notEqual(await text(fieldError(form, 'kind')), '');
  assert.notEqual(await text(fieldError(form, 'tenants')), '');
  await page.getByTestId('documents-new-title').fill(TITLE);
  await page.getByTestId('documents-new-kind').selectOption('procedure');
  await page.getByTestId('documents-new-tenant-soumu').check();
  await page.getByTestId('documents-new-submit').click();
  await waitUntil('the registration', async () => (await text(page.getByTestId('documents-message'))) === `文書を登録しました：${TITLE}`);
  const detail = page.getByTestId('documents-detail');
  await waitUntil('the new document shown', async () => (await detail.getAttribute('data-version')) !== null);
  documentId = await detail.getAttribute('data-document-id');
  assert.match(page.url(), new RegExp(`#/documents\\?id=${documentId}$`));
  assert.equal(await text(page.getByTestId('documents-detail-title')), TITLE);
  assert.equal(await text(page.getByTestId('documents-detail-tenants')), '総務省共済組合');
  await documentRow(page).waitFor({ timeout: WAIT_MS });
  assert.deepEqual(await cells(documentRow(page)), [TITLE, '手順書', '—', '—', '作成中', '—']);
  assert.equal(await text(page.getByTestId('documents-versions-empty')), '版はまだありません（版を追加してください）');

  // 版を追加 1.0: a file chosen in the browser; opsdesk keeps its bytes and computes its SHA-256.
  await openCommand(page, 'add_version');
  await page.getByTestId('documents-add_version-version').fill('1.0');
  await page.getByTestId('documents-add_version-file').setInputFiles({ name: FILE_NAME, mimeType: 'text/plain', buffer: PROCEDURE_V1 });
  await submitCommand(page, 'add_version');
  assert.equal(await text(page.getByTestId('documents-detail-message')), '記録しました：版を追加');
  const v1 = versionRow(page, '1.0');
  await v1.waitFor({ timeout: WAIT_MS });
  const sha = v1.getByTestId('documents-version-sha256').locator('code');
  assert.equal(await text(sha), `${SHA_V1.slice(0, 12)}…`);
  assert.equal(await sha.getAttribute('title'), SHA_V1);
  assert.equal(await text(v1.getByTestId('documents-version-size')), `${PROCEDURE_V1.length} B`);
  assert.equal(await text(v1.getByTestId('documents-version-file')), FILE_NAME);
  assert.equal(await text(v1.getByTestId('documents-version-approval')), '未承認');
  assert.equal(await detail.getAttribute('data-status'), 'in_review');
  const stored = await ok('GET', `/v1/documents/${documentId}`);
  assert.deepEqual([stored.versions[0].sha256, stored.versions[0].size, stored.versions[0].media_type], [SHA_V1, PROCEDURE_V1.length, 'text/plain']);

  // Its bytes come back through the download (fetched with the token).
  const [response, download] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/v1/documents/${documentId}/versions/1.0/content`), { timeout: WAIT_MS }),
    page.waitForEvent('download', { timeout: WAIT_MS }),
    v1.getByTestId('documents-version-download').click(),
  ]);
  assert.equal(response.status(), 200);
  assert.equal(download.suggestedFilename(), FILE_NAME);
  const copy = path.join(dataDir, 'v1.txt');
  await download.saveAs(copy);
  assert.deepEqual(fs.readFileSync(copy), PROCEDURE_V1);

  // 承認 of 1.0: a blank approver first (422 next to the field).
  await openCommand(page, 'approve');
  assert.equal(await page.getByTestId('documents-approve-version').inputValue(), '1.0');
  await page.getByTestId('documents-approve-submit').click();
  await refused(page.getByTestId('documents-approve-message'), 422);
  assert.equal(await text(fieldError(page.getByTestId('documents-form-approve'), 'approver')), '入力してください');
  await page.getByTestId('documents-approve-approver').fill(APPROVER);
  await submitCommand(page, 'approve');
  assert.equal(await text(versionRow(page, '1.0').getByTestId('documents-version-approval')), `${APPROVER}・2026/11/20 17:00`);
  assert.equal(await text(page.getByTestId('documents-detail-approved')), `1.0（${APPROVER}）`);
  assert.equal(await page.getByTestId('documents-cmd-approve').count(), 0, 'nothing left to approve');

  // 版を追加 1.1 by its SHA-256 and size: the file stays outside.
  await openCommand(page, 'add_version');
  await page.getByTestId('documents-add_version-version').fill('1.1');
  await page.getByTestId('documents-add_version-source-hash').check();
  await page.getByTestId('documents-add_version-sha256').fill(SHA_V11);
  await page.getByTestId('documents-add_version-size').fill('20480');
  await submitCommand(page, 'add_version');
  const v11 = versionRow(page, '1.1');
  await v11.waitFor({ timeout: WAIT_MS });
  assert.deepEqual(await cells(v11), ['1.1', `${'e'.repeat(12)}…`, '20.0 KB', '—', '未承認', '原本は opsdesk 外（ハッシュのみ）']);
  assert.equal(await v11.getByTestId('documents-version-download').count(), 0);
  assert.deepEqual(await page.getByTestId('documents-version').evaluateAll((rows) => rows.map((r) => r.dataset.version)), ['1.1', '1.0'], 'the newest first');
  assert.equal(await text(page.getByTestId('documents-detail-approved')), `1.0（${APPROVER}）`, '1.1 waits for its approval');

  // The same version again: 409, its rule in Japanese, nothing recorded.
  const before = await detailVersion(page);
  await openCommand(page, 'add_version');
  await page.getByTestId('documents-add_version-version').fill('1.1');
  await page.getByTestId('documents-add_version-source-hash').check();
  await page.getByTestId('documents-add_version-sha256').fill(SHA_V11);
  await page.getByTestId('documents-add_version-size').fill('1');
  await page.getByTestId('documents-add_version-submit').click();
  const addMessage = page.getByTestId('documents-add_version-message');
  await refused(addMessage, 409);
  assert.equal(await addMessage.getAttribute('data-rule'), 'document-version-exists');
  assert.match(await text(addMessage), /^この版は登録済みです（版は置き換えられません）（document-version-exists）/);
  assert.equal(await detailVersion(page), before);
  await page.getByTestId('documents-add_version-cancel').click();

  // 承認 of 1.1 (the one waiting is chosen), then 保管 in 耐火金庫.
  await openCommand(page, 'approve');
  assert.equal(await page.getByTestId('documents-approve-version').inputValue(), '1.1');
  await page.getByTestId('documents-approve-approver').fill(APPROVER);
  await submitCommand(page, 'approve');
  await openCommand(page, 'file');
  await page.getByTestId('documents-file-location').selectOption('fireproof_safe');
  await page.getByTestId('documents-file-label').fill('原本-2026-014');
  await page.getByTestId('documents-file-index').fill('A-03 / 5');
  await submitCommand(page, 'file');
  assert.equal(await detail.getAttribute('data-status'), 'approved');
  assert.equal(await text(page.getByTestId('documents-detail-approved')), `1.1（${APPROVER}）`);
  assert.match(await text(page.getByTestId('documents-detail-filing')), /^耐火金庫・原本-2026-014（A-03 \/ 5） · e2e-desk・2026\/11\/20 17:00$/);

  // The register's row.
  await waitUntil('the register\'s row approved', async () => (await documentRow(page).getAttribute('data-status')) === 'approved');
  assert.deepEqual(await cells(documentRow(page)), [TITLE, '手順書', '1.1', '1.1', '承認済', '耐火金庫・原本-2026-014（A-03 / 5）']);
  const document = await ok('GET', `/v1/documents/${documentId}`);
  assert.deepEqual([document.approved_version.version, document.filing.location], ['1.1', 'fireproof_safe']);

  // Filters in the route: kind and words; words that match nothing.
  await page.getByTestId('documents-filter-kind').selectOption('procedure');
  await page.getByTestId('documents-filter-q').fill('再起動');
  await page.getByTestId('documents-search-submit').click();
  await waitUntil('the filters in the route', async () =>
    decodeURIComponent(page.url()).endsWith(`#/documents?kind=procedure&q=再起動&id=${documentId}`));
  await documentRow(page).waitFor({ timeout: WAIT_MS });
  assert.equal(await text(page.getByTestId('documents-count')), '1');

  // 台帳をダウンロード: the filtered register as a workbook.
  const [book, saved] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/v1/documents?') && r.url().includes('format=xlsx'), { timeout: WAIT_MS }),
    page.waitForEvent('download', { timeout: WAIT_MS }),
    page.getByTestId('documents-xlsx').click(),
  ]);
  assert.equal(book.status(), 200);
  assert.equal(book.headers()['content-type'], XLSX);
  const asked = new URL(book.url()).searchParams;
  assert.deepEqual([asked.get('kind'), asked.get('q'), asked.get('format')], ['procedure', '再起動', 'xlsx']);
  assert.equal(saved.suggestedFilename(), 'documents.xlsx');
  const file = path.join(dataDir, 'documents.xlsx');
  await saved.saveAs(file);
  assert.equal(fs.readFileSync(file).subarray(0, 2).toString('latin1'), 'PK', 'an Office Open XML (zip) file');

  await page.getByTestId('documents-filter-q').fill('存在しない文書');
  await page.getByTestId('documents-search-submit').click();
  await page.getByTestId('documents-empty').waitFor({ timeout: WAIT_MS });
  assert.equal(await text(page.getByTestId('documents-empty')), '該当する文書はありません');
  await page.getByTestId('documents-filter-q').fill('');
  await page.getByTestId('documents-search-submit').click();
  await documentRow(page).waitFor({ timeout: WAIT_MS });

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, 'documents.png'), fullPage: true });
});

// ---- meetings: the minutes due two business days later, across the holiday --------------------------

browserTest('a meeting on 2026-11-20 owes its minutes by 11-25 18:00; its minutes are recorded and approved', async () => {
  const page = await openPage(deskToken, '#/documents');
  const panel = page.getByTestId('documents-meetings');
  await page.getByTestId('documents-meetings-empty').waitFor({ timeout: WAIT_MS });

  // 会議を記録: the empty form first, then the monthly report meeting for every association.
  await page.getByTestId('documents-meeting-new').click();
  const form = page.getByTestId('documents-meeting-form');
  await form.waitFor({ timeout: WAIT_MS });
  await page.getByTestId('documents-meeting-new-submit').click();
  await refused(page.getByTestId('documents-meeting-new-message'), 422);
  assert.notEqual(await text(fieldError(form, 'date')), '');
  assert.notEqual(await text(fieldError(form, 'attendees')), '');
  await page.getByTestId('documents-meeting-new-date').fill('2026-11-20');
  await page.getByTestId('documents-meeting-new-held_at').fill('センタ会議室');
  await page.getByTestId('documents-meeting-new-kind').selectOption('monthly_report');
  await page.getByTestId('documents-meeting-new-title').fill(MEETING);
  await page.getByTestId('documents-meeting-new-attendees').fill('佐藤, 田中');
  await page.getByTestId('documents-meeting-new-tenant-all_centre').check();
  await page.getByTestId('documents-meeting-new-submit').click();
  // Monday 11-23 is 勤労感謝の日: Tuesday and Wednesday are the two business days.
  await waitUntil('the meeting recorded', async () =>
    (await text(page.getByTestId('documents-meetings-message'))) === `会議を記録しました：${MEETING}（議事録期限 2026/11/25 18:00）`);
  const row = page.getByTestId('documents-meeting-row');
  await row.waitFor({ timeout: WAIT_MS });
  assert.deepEqual(await cells(row), ['2026/11/20', '月次報告会', MEETING, '2026/11/25 18:00', '提出待ち', '—']);
  const meetingId = await row.getAttribute('data-meeting-id');
  const meeting = await ok('GET', `/v1/meetings/${meetingId}`);
  assert.equal(meeting.minutes_due_at, '2026-11-25T18:00:00+09:00');
  assert.deepEqual(meeting.attendees, ['佐藤', '田中']);
  assert.equal(await text(page.getByTestId('documents-meeting-detail-attendees')), '佐藤、田中');
  assert.equal(await text(page.getByTestId('documents-meeting-detail-tenants')), 'センタ全組合');

  // The minutes: a version of a minutes document (registered over the API), through 議事録を登録.
  const minutes = await ok('POST', '/v1/documents', { title: MINUTES, kind: 'minutes', tenants: ['all_centre'] });
  await ok('POST', `/v1/documents/${minutes.id}/add_version`, { version: '1.0', content_base64: Buffer.from('議事録本文').toString('base64') });
  await page.reload(); // the token lives in the page's memory: log in again
  await logIn(page, deskToken);
  await row.waitFor({ timeout: WAIT_MS });
  await row.click();
  const minutesForm = page.getByTestId('documents-minutes-form');
  await minutesForm.waitFor({ timeout: WAIT_MS });
  await waitUntil('the minutes documents to choose from', async () =>
    (await page.getByTestId('documents-minutes-document_id').locator(`option[value="${minutes.id}"]`).count()) === 1);
  await page.getByTestId('documents-minutes-document_id').selectOption(minutes.id);
  assert.equal(await page.getByTestId('documents-minutes-document_version').inputValue(), '1.0');
  await page.getByTestId('documents-minutes-submit').click();
  await waitUntil('the minutes recorded', async () => (await row.getAttribute('data-status')) === 'minutes_submitted');
  assert.equal(await text(page.getByTestId('documents-meetings-message')), '議事録を登録しました');
  assert.deepEqual(await cells(row), ['2026/11/20', '月次報告会', MEETING, '2026/11/25 18:00', '提出済', `${MINUTES}（1.0） 未承認`]);
  assert.equal(await row.getByTestId('documents-minutes-late').count(), 0, 'recorded before its due time');
  assert.equal(await minutesForm.count(), 0, 'the minutes are recorded once');

  // Approved by the association side: 承認済 in the row; the minutes document names its meeting.
  await ok('POST', `/v1/documents/${minutes.id}/approve`, { version: '1.0', approver: '佐藤' });
  await page.getByTestId('documents-meetings-filter-status').selectOption('minutes_due');
  await page.getByTestId('documents-meetings-empty').waitFor({ timeout: WAIT_MS });
  await page.getByTestId('documents-meetings-filter-status').selectOption('minutes_submitted');
  await row.waitFor({ timeout: WAIT_MS });
  assert.match(await text(row.getByTestId('documents-meeting-minutes')), /承認済$/);
  await row.click();
  await page.getByTestId('documents-meeting-open-minutes').click();
  await waitUntil('the minutes document shown', async () =>
    (await page.getByTestId('documents-detail').getAttribute('data-document-id')) === minutes.id
    && (await page.getByTestId('documents-detail').getAttribute('data-version')) !== null);
  assert.equal(await text(page.getByTestId('documents-detail-minutes-of')), `2026/11/20 ${MEETING}`);
  assert.equal(await text(page.getByTestId('documents-detail-kind')), '議事録');

  await panel.screenshot({ path: path.join(ARTIFACTS, 'documents-meetings.png') });
});

// ---- 払い出し: out to a vendor, back, and checked against the master --------------------------------

browserTest('an item goes out to a vendor, comes back and is checked: 差異あり with each difference', async () => {
  const page = await openPage(deskToken, '#/documents');
  const panel = page.getByTestId('documents-checkouts');
  await page.getByTestId('documents-checkouts-empty').waitFor({ timeout: WAIT_MS });

  // 払い出し: a malformed hash first (422 next to the master files), then two master files.
  await page.getByTestId('documents-checkout-new').click();
  const form = page.getByTestId('documents-checkout-form');
  await form.waitFor({ timeout: WAIT_MS });
  await page.getByTestId('documents-checkout-new-configuration_item').fill('sw-kyosai');
  await page.getByTestId('documents-checkout-new-recipient').fill('B社 山田');
  await page.getByTestId('documents-checkout-new-purpose').fill('年金計算の改修');
  await page.getByTestId('documents-checkout-new-due_back').fill('2026-12-18');
  await page.getByTestId('documents-checkout-new-master').fill(`bin/kyosai.exe ${A}\nlib/calc.dll xyz`);
  await page.getByTestId('documents-checkout-new-submit').click();
  await refused(page.getByTestId('documents-checkout-new-message'), 422);
  assert.equal(await text(fieldError(form, 'master')), 'master[1].sha256: must be a SHA-256 as 64 hex digits');
  await page.getByTestId('documents-checkout-new-master').fill(`bin/kyosai.exe ${A}\nlib/calc.dll ${B}\n`);
  await page.getByTestId('documents-checkout-new-submit').click();
  await waitUntil('the check-out', async () =>
    (await text(page.getByTestId('documents-checkouts-message'))) === '払い出しを記録しました：sw-kyosai 標準共済システム プログラム一式');
  const row = page.getByTestId('documents-checkout-row');
  await row.waitFor({ timeout: WAIT_MS });
  assert.deepEqual(await cells(row), ['sw-kyosai 標準共済システム プログラム一式', 'B社 山田', '年金計算の改修', '2026/12/18', '貸出中', '未確認']);
  const detail = page.getByTestId('documents-checkout-detail');
  await waitUntil('the check-out shown', async () => (await detail.getAttribute('data-version')) !== null);
  assert.deepEqual(await page.getByTestId('documents-checkout-master-file').evaluateAll((rows) => rows.map((r) => r.dataset.name)),
    ['bin/kyosai.exe', 'lib/calc.dll']);
  assert.equal(await text(page.getByTestId('documents-checkout-checks-empty')), '整合性チェックはまだありません');

  // 返却.
  const version = async () => Number(await detail.getAttribute('data-version'));
  let before = await version();
  await page.getByTestId('documents-cmd-return').click();
  await page.getByTestId('documents-return-note').fill('受領');
  await page.getByTestId('documents-return-submit').click();
  await waitUntil('the return', async () => (await version()) > before);
  assert.equal(await detail.getAttribute('data-status'), 'returned');
  assert.match(await text(page.getByTestId('documents-checkout-detail-returned')), /^e2e-desk・2026\/11\/20 17:00（受領）$/);
  assert.equal(await page.getByTestId('documents-cmd-return').count(), 0, 'back once');

  // 整合性チェック against what came back: one file changed, one missing, one added.
  before = await version();
  await page.getByTestId('documents-cmd-check_consistency').click();
  await page.getByTestId('documents-check_consistency-found').fill(`bin/kyosai.exe ${C}\nREADME.txt ${A}`);
  await page.getByTestId('documents-check_consistency-submit').click();
  await waitUntil('the check', async () => (await version()) > before);
  assert.equal(await detail.getAttribute('data-consistency'), 'differs');
  assert.equal(await text(page.getByTestId('documents-checkout-message')), '記録しました：整合性チェック');
  const check = page.getByTestId('documents-checkout-check');
  assert.equal(await check.count(), 1);
  assert.match(await text(check.locator('div').first()), /^差異あり e2e-desk・2026\/11\/20 17:00$/);
  const differences = await page.getByTestId('documents-checkout-difference').evaluateAll((rows) => rows.map((r) => [r.dataset.name, r.dataset.change]));
  assert.deepEqual(differences, [['bin/kyosai.exe', 'changed'], ['lib/calc.dll', 'missing'], ['README.txt', 'added']]);
  const changed = page.locator('[data-testid="documents-checkout-difference"][data-name="bin/kyosai.exe"]');
  assert.deepEqual(await cells(changed), ['bin/kyosai.exe', '変更', `${A.slice(0, 12)}…`, `${C.slice(0, 12)}…`]);
  assert.deepEqual(await cells(page.locator('[data-testid="documents-checkout-difference"][data-name="lib/calc.dll"]')), ['lib/calc.dll', '欠落', `${B.slice(0, 12)}…`, '—']);
  assert.deepEqual(await cells(page.locator('[data-testid="documents-checkout-difference"][data-name="README.txt"]')), ['README.txt', '追加', '—', `${A.slice(0, 12)}…`]);
  await waitUntil('the row checked', async () => (await row.getAttribute('data-consistency')) === 'differs');
  assert.deepEqual((await cells(row)).slice(3), ['2026/12/18', '返却済', '差異あり']);

  // The filters: 差異あり has it, 一致 has none.
  await page.getByTestId('documents-checkouts-filter-consistency').selectOption('consistent');
  await page.getByTestId('documents-checkouts-empty').waitFor({ timeout: WAIT_MS });
  await page.getByTestId('documents-checkouts-filter-consistency').selectOption('differs');
  await row.waitFor({ timeout: WAIT_MS });

  await panel.screenshot({ path: path.join(ARTIFACTS, 'documents-checkouts.png') });
});

// ---- another association sees none of soumu's document ----------------------------------------------

browserTest('houmu\'s viewer sees none of soumu\'s document, and no command', async () => {
  const page = await openPage(houmuViewerToken, '#/documents');
  // The centre-wide minutes concern houmu too; soumu's procedure does not.
  await page.getByTestId('documents-row').first().waitFor({ timeout: WAIT_MS });
  assert.deepEqual(await page.getByTestId('documents-row').evaluateAll((rows) => rows.map((r) => r.dataset.kind)), ['minutes']);
  assert.equal(await documentRow(page).count(), 0);
  await page.getByTestId('documents-filter-q').fill('再起動');
  await page.getByTestId('documents-search-submit').click();
  await page.getByTestId('documents-empty').waitFor({ timeout: WAIT_MS });
  assert.equal(await text(page.getByTestId('documents-count')), '0');
  assert.equal(await page.getByTestId('documents-new').count(), 0);
  assert.equal(await page.getByTestId('documents-meeting-new').count(), 0);
  assert.equal(await page.getByTestId('documents-checkout-new').count(), 0);
  assert.equal(await page.getByTestId('documents-filter-tenant').count(), 0, 'one association: nothing to pick');
  const listed = await ok('GET', '/v1/documents', undefined, houmuViewerToken);
  assert.deepEqual(listed.items.map((d) => d.kind), ['minutes']);
  assert.equal((await api('GET', `/v1/documents/${documentId}`, houmuViewerToken)).status, 404);

  // The document's address: not found, nothing of it shown.
  await page.goto(`${page.url().split('#')[0]}#/documents?id=${documentId}`);
  await page.getByTestId('documents-detail-error').waitFor({ timeout: WAIT_MS });
  assert.equal(await text(page.getByTestId('documents-detail-error')), '文書が見つかりません');
  assert.equal(await page.getByTestId('documents-actions').count(), 0);

  // The centre-wide meeting concerns houmu too, without 議事録 commands for a viewer.
  const meeting = page.getByTestId('documents-meeting-row');
  await meeting.waitFor({ timeout: WAIT_MS });
  await meeting.click();
  await page.getByTestId('documents-meeting-detail-title').waitFor({ timeout: WAIT_MS });
  assert.equal(await page.getByTestId('documents-minutes-form').count(), 0);

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, 'documents-houmu.png'), fullPage: true });
});
