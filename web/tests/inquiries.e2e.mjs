// End-to-end test of the inquiries view (#/inquiries, 問合せ) in a real browser against the real
// server, like tests/dashboard.e2e.mjs (same setup, tests/harness.mjs, its own server):
//
//   cd web && npm ci && npm run build
//   OPSDESK_BIN=$PWD/../build/release/cmd/opsdesk/opsdesk node --test tests/inquiries.e2e.mjs
//
// The browser runs in another time zone than Tokyo on purpose: the page must show Japan time.
// On success the page of the maintainer's inquiry is saved as inquiries.png in
// $OPSDESK_TEST_ARTIFACTS (default /tmp/opsdesk-browser-artifacts); on a failure, screenshots
// and the server's output go there too.
//
// The tests run in order and share the server (and the inquiry the first one files): an
// association administrator of soumu files an inquiry through the form; a maintainer
// classifies it as a fault and escalates it (the server's inquiry-escalation process manager
// opens and links the incident), records effort and answers it; the soumu administrator cannot
// see an inquiry of houmu.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  ARTIFACTS, WAIT_MS, api, base, browserTests, launchBrowser, logIn, mintToken, moveClock, openPage,
  startOpsdesk, stopOpsdesk, waitUntil,
} from './harness.mjs';

const T0 = '2026-12-04T10:00:00+09:00'; // Friday, inside reception hours (09:00-18:00)

const SUBJECT = 'E2E: 月次の掛金帳票が印刷できない';
const BODY = '本日 9 時すぎから、掛金の月次帳票を印刷すると「出力先が見つかりません」と表示されます。\n総務課の端末 3 台で同じです。';

let maintainerToken = null;
let soumuAdminToken = null;
const browserTest = browserTests('inquiries '); // a failure's artifacts in $OPSDESK_TEST_ARTIFACTS/inquiries_<test name>

// ---- the server and the browser -------------------------------------------------------------

before(async () => {
  await startOpsdesk('inquiries');
  maintainerToken = mintToken('e2e-desk', 'maintainer', '*');
  soumuAdminToken = mintToken('e2e-soumu-admin', 'association_admin', 'soumu');
  const clock = await setClock(T0);
  assert.equal(Date.parse(clock.now), Date.parse(T0), `the test clock answered ${JSON.stringify(clock)}`);
  fs.mkdirSync(ARTIFACTS, { recursive: true }); // for the screenshot of a passing run
  await launchBrowser();
});

after(stopOpsdesk);

// ---- helpers --------------------------------------------------------------------------------

/** Sets the server's manual clock (503 while sla-watch catches up → try again). */
const setClock = (now) => moveClock(maintainerToken, now);

/** Files an inquiry over the API (as a maintainer, for any tenant). */
async function fileInquiry(tenant, subject) {
  const res = await api('POST', '/v1/inquiries', maintainerToken, {
    channel: 'phone', tenant, requester: { name: '鈴木', role: '本部システム管理者' }, subject, body: `${subject}（API から登録）`,
  });
  assert.equal(res.status, 201, `POST /v1/inquiries answered ${res.status}: ${res.text}`);
  return res.json.id;
}

/** The inquiries view (or `route`), logged in with `token`. */
const openDashboard = (token, route = '#/inquiries') => openPage(token, route);

const row = (page, id) => page.locator(`[data-testid="inquiry-row"][data-inquiry-id="${id}"]`);
const detail = (page) => page.getByTestId('inquiry-detail');
const fieldError = (page, field) => page.locator(`[data-testid="field-error"][data-field="${field}"]`);

async function expectRow(page, id, what) {
  await row(page, id).waitFor({ timeout: WAIT_MS }).catch(async () => {
    const list = await page.getByTestId('inquiry-list').innerText().catch(() => '?');
    throw new Error(`the row of inquiry ${id} (${what}) is not listed within ${WAIT_MS / 1000} s; the list says: ${list}`);
  });
  return row(page, id);
}

/** Waits until the detail shows inquiry `id` at `version` or later. */
async function expectDetail(page, id, minVersion = 1) {
  await waitUntil(`the detail of ${id} at version ${minVersion}`, async () => {
    const el = detail(page);
    return (await el.getAttribute('data-inquiry-id')) === id && Number(await el.getAttribute('data-version')) >= minVersion;
  });
}

async function cellTexts(locator) {
  return (await locator.locator('td').allInnerTexts()).map((s) => s.trim());
}

// ---- the tests ------------------------------------------------------------------------------

let filed = null; // the id of the inquiry the soumu administrator files in the first test

browserTest('an association administrator of soumu files an inquiry through the 受付 form', async () => {
  const page = await openDashboard(soumuAdminToken);
  assert.equal((await page.getByTestId('nav-inquiries').innerText()).trim(), '問合せ');
  await page.getByTestId('inquiry-empty').waitFor({ timeout: WAIT_MS });

  await page.getByTestId('inquiry-new').click();
  const tenants = await page.getByTestId('inquiry-new-tenant').locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(tenants, ['soumu'], 'an association administrator files for its own association only');
  assert.equal(await page.getByTestId('inquiry-filter-tenant').locator('option[value="houmu"]').count(), 0);
  assert.equal(await page.getByTestId('inquiry-new-channel').inputValue(), 'web');

  // Sent empty: the server's 422 lists every bad field, each shown next to its field.
  await page.getByTestId('inquiry-new-submit').click();
  for (const field of ['requester.name', 'subject', 'body']) {
    await waitUntil(`the error of ${field} next to its field`, async () =>
      (await fieldError(page, field).innerText()).trim() === '入力してください');
  }
  assert.equal((await fieldError(page, 'requester.role').innerText()).trim(), '', 'role is optional');

  await page.getByTestId('inquiry-new-requester-name').fill('山田 太郎');
  await page.getByTestId('inquiry-new-requester-role').fill('本部システム管理者');
  await page.getByTestId('inquiry-new-subject').fill(SUBJECT);
  await page.getByTestId('inquiry-new-body').fill(BODY);
  await page.getByTestId('inquiry-new-submit').click();

  // On 201 the form closes, the list is loaded again and the new inquiry is selected.
  await page.getByTestId('inquiry-new-panel').waitFor({ state: 'hidden', timeout: WAIT_MS });
  filed = await waitUntil('the new inquiry to be selected', async () => detail(page).getAttribute('data-inquiry-id'));
  assert.match(filed, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  const listed = await expectRow(page, filed, 'just filed');
  assert.equal(await listed.getAttribute('aria-selected'), 'true');
  assert.deepEqual(await cellTexts(listed), ['2026/12/04 10:00', '総務省共済組合', SUBJECT, '未分類', '受付', '', '']);
  await expectDetail(page, filed);
  assert.equal((await page.getByTestId('inquiry-subject').innerText()).trim(), SUBJECT);
  assert.equal((await page.getByTestId('inquiry-requester').innerText()).trim(), '山田 太郎（本部システム管理者）');
  assert.equal(await page.getByTestId('inquiry-body').innerText(), BODY);
  assert.equal(await page.getByTestId('inquiry-actions').count(), 0, 'an association administrator runs no desk commands');
  const history = page.locator('[data-testid="inquiry-event"]');
  assert.equal(await history.count(), 1);
  assert.deepEqual(await cellTexts(history.first()), ['2026/12/04 10:00', '受付', 'Web · 山田 太郎（本部システム管理者）', 'e2e-soumu-admin']);
  assert.match(page.url(), new RegExp(`#/inquiries\\?id=${filed}$`));

  // Filters are kept in the route: after a reload (and a new login) they are still applied.
  await page.getByTestId('inquiry-filter-status').selectOption('received');
  await page.getByTestId('inquiry-filter-q').fill('掛金 帳票');
  await page.getByTestId('inquiry-search-submit').click();
  await waitUntil('the route to hold the filters', () => /status=received/.test(page.url()) && /q=/.test(page.url()));
  await page.reload();
  await logIn(page, soumuAdminToken);
  await expectRow(page, filed, 'after a reload with status and words');
  assert.equal(await page.getByTestId('inquiry-filter-status').inputValue(), 'received');
  assert.equal(await page.getByTestId('inquiry-filter-q').inputValue(), '掛金 帳票');
  await expectDetail(page, filed); // the selection is kept too
  // Words that are not in it list nothing.
  await page.getByTestId('inquiry-filter-q').fill('掛金 存在しない語');
  await page.getByTestId('inquiry-search-submit').click();
  await page.getByTestId('inquiry-empty').waitFor({ timeout: WAIT_MS });
});

browserTest('a maintainer classifies it as a fault and escalates it, records effort and answers it', async () => {
  assert.ok(filed, 'the first test filed an inquiry');
  // The selection is in the route: a bookmark opens the inquiry.
  const page = await openDashboard(maintainerToken, `#/inquiries?id=${filed}`);
  await expectDetail(page, filed);
  await page.getByTestId('inquiry-actions').waitFor({ timeout: WAIT_MS });
  assert.equal(await page.getByTestId('inquiry-by').inputValue(), 'e2e-desk');
  assert.ok(await page.getByTestId('inquiry-filter-tenant').locator('option[value="centre_ops"]').count() === 1,
    'centre staff may filter on the centre operations team');

  // Answering before classifying is refused (409 answer-needs-class), said in Japanese.
  await page.getByTestId('inquiry-answer-text').fill('先に回答してみる');
  await page.getByTestId('inquiry-answer-submit').click();
  await waitUntil('the answer-needs-class refusal', async () =>
    /先に区分を設定してください/.test(await page.getByTestId('inquiry-answer-message').innerText()));

  // Classify: a fault, escalated, severity major (重要).
  await page.getByTestId('inquiry-classify-class').selectOption('fault');
  await page.getByTestId('inquiry-classify-escalate').check();
  await page.getByTestId('inquiry-classify-severity').selectOption('major');
  await page.getByTestId('inquiry-classify-submit').click();
  await waitUntil('the class to be 障害', async () =>
    (await page.getByTestId('inquiry-detail-class').getAttribute('data-class')) === 'fault');
  assert.equal(await page.getByTestId('inquiry-escalated').getAttribute('data-escalated'), 'true');

  // The escalation process manager opens the incident and links it; the detail polls for it.
  const incidentId = await waitUntil('the linked incident in the detail', async () =>
    page.getByTestId('inquiry-incident').getAttribute('data-incident-id'));
  assert.match(incidentId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  const incident = await api('GET', `/v1/incidents/${incidentId}`, maintainerToken);
  assert.equal(incident.status, 200, `GET /v1/incidents/${incidentId} answered ${incident.status}: ${incident.text}`);
  assert.equal(incident.json.title, SUBJECT);
  assert.equal(incident.json.severity, 'major');
  const listed = await expectRow(page, filed, 'classified');
  await waitUntil('the list to show the link', async () =>
    (await listed.locator('[data-testid="inquiry-link"] code').getAttribute('data-incident-id').catch(() => null)) === incidentId);
  assert.equal((await listed.locator('[data-testid="inquiry-link"]').innerText()).trim(), `…${incidentId.slice(-8)}`);

  // 30 minutes of effort (対応実工数), at 10:20.
  await setClock('2026-12-04T10:20:00+09:00');
  await page.getByTestId('inquiry-effort-minutes').fill('30');
  await page.getByTestId('inquiry-effort-kind').selectOption('investigation');
  await page.getByTestId('inquiry-effort-note').fill('ログ調査');
  await page.getByTestId('inquiry-record-effort-submit').click();
  await waitUntil('30 minutes of effort', async () =>
    (await page.getByTestId('inquiry-detail-effort').getAttribute('data-total-minutes')) === '30');
  assert.match(await page.getByTestId('inquiry-detail-effort').innerText(), /調査 30分[\s\S]*合計 30分/);

  // The answer, at 10:45.
  await setClock('2026-12-04T10:45:00+09:00');
  const answer = 'プリンタサーバのキューを再起動しました。再度印刷をお試しください。';
  await page.getByTestId('inquiry-answer-text').fill(answer);
  await page.getByTestId('inquiry-answer-submit').click();
  await waitUntil('the status 回答済', async () => (await detail(page).getAttribute('data-status')) === 'answered');
  assert.match(await page.getByTestId('inquiry-detail-answer').innerText(), new RegExp(answer));
  await waitUntil('the list row answered', async () => {
    const cells = await cellTexts(row(page, filed));
    return cells[4] === '回答済' && cells[6] === '2026/12/04 10:45' && cells[3] === '障害';
  });

  const events = page.locator('[data-testid="inquiry-event"]');
  const types = await events.evaluateAll((els) => els.map((e) => e.dataset.type));
  assert.deepEqual(types, ['InquiryReceived', 'InquiryClassified', 'IncidentLinked', 'EffortRecorded', 'InquiryAnswered']);
  const texts = (await events.allInnerTexts()).join('\n');
  for (const words of ['区分設定', '障害 · エスカレーション（重要）', '障害と関連付け', '工数記録', '調査 30分 · ログ調査', '2026/12/04 10:20', '2026/12/04 10:45']) {
    assert.ok(texts.includes(words), `the history shows ${words}: ${texts}`);
  }

  await page.evaluate(() => window.scrollTo(0, 0)); // the sticky header at the top of the picture
  await page.screenshot({ path: path.join(ARTIFACTS, 'inquiries.png'), fullPage: true });

  // The same in English, by the header's toggle.
  await page.getByTestId('lang-toggle').click();
  await waitUntil('the English labels', async () =>
    (await page.getByTestId('nav-inquiries').innerText()).trim() === 'Inquiries'
    && (await detail(page).getAttribute('data-inquiry-id')) === filed
    && (await row(page, filed).locator('[data-testid="inquiry-status"]').innerText().catch(() => '')).trim() === 'Answered');
  await page.getByTestId('lang-toggle').click(); // back to Japanese (a preference kept in this context only)
});

browserTest('the soumu administrator does not see an inquiry filed for houmu', async () => {
  const houmu = await fileInquiry('houmu', 'E2E: 法務省の問合せ');
  const soumu = await fileInquiry('soumu', 'E2E: 総務省の別の問合せ'); // filed after the houmu one

  const page = await openDashboard(soumuAdminToken);
  await expectRow(page, soumu, 'a later inquiry of soumu');
  assert.equal(await row(page, houmu).count(), 0, 'the houmu inquiry must not be listed');
  for (const tenant of await page.getByTestId('inquiry-row').evaluateAll((els) => els.map((e) => e.dataset.tenant))) {
    assert.equal(tenant, 'soumu');
  }
  // Its address does not open it either: the server answers 404, as if it did not exist.
  await page.goto(`${base}/#/inquiries?id=${houmu}`);
  await page.getByTestId('inquiry-detail-error').waitFor({ timeout: WAIT_MS });
  assert.match(await page.getByTestId('inquiry-detail-error').innerText(), /問合せが見つかりません/);

  // Centre staff see it.
  const centre = await openDashboard(maintainerToken, '#/inquiries?tenant=houmu');
  const houmuRow = await expectRow(centre, houmu, 'on the centre-wide list, filtered on houmu');
  assert.equal((await cellTexts(houmuRow))[1], '法務省共済組合');
  assert.equal(await centre.getByTestId('inquiry-row').count(), 1, 'the houmu filter lists the houmu inquiry only');
});
