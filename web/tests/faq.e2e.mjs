// End-to-end test of the FAQ view (#/faq, よくある質問) in a real browser against the real server,
// like tests/inquiries.e2e.mjs (same setup, tests/harness.mjs, its own server):
//
//   cd web && npm ci && npm run build
//   OPSDESK_BIN=$PWD/../build/release/cmd/opsdesk/opsdesk node --test tests/faq.e2e.mjs
//
// The browser runs in another time zone than Tokyo on purpose. On success the maintainer's
// page is saved as faq.png (and the association administrator's as faq-houmu.png) in
// $OPSDESK_TEST_ARTIFACTS (default /tmp/opsdesk-browser-artifacts); on a failure, screenshots
// and the server's output go there too.
//
// The tests run in order and share the server: a maintainer answers an inquiry (over the
// API), makes an FAQ entry from it through the form for every association (the rules'
// refusals shown in Japanese first), publishes 第1版, edits the entry, retires another and
// publishes 第2版, and compares the two files; an association administrator of houmu then
// finds the entry by パスワード, does not find an internal entry made for houmu, and downloads
// 第1版 as Markdown.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  ARTIFACTS, WAIT_MS, api, base, browserTests, dataDir, launchBrowser, logIn, mintToken, moveClock,
  openPage, startOpsdesk, stopOpsdesk, waitUntil,
} from './harness.mjs';

const T0 = '2026-12-04T10:00:00+09:00'; // Friday, inside reception hours (09:00-18:00)

const QUESTION = 'パスワードの再設定方法を教えてください';
const ANSWER = '管理者メニューの「パスワード再設定」から行えます。';
const ANSWER_2 = '管理者メニュー＞セキュリティ＞パスワード再設定 から行えます。';
const INTERNAL_QUESTION = 'パスワードの有効期限を延ばしたい（内部メモ）';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let maintainerToken = null;
let houmuAdminToken = null;
const browserTest = browserTests('faq '); // a failure's artifacts in $OPSDESK_TEST_ARTIFACTS/faq_<test name>

// ---- the server and the browser -------------------------------------------------------------

before(async () => {
  await startOpsdesk('faq');
  maintainerToken = mintToken('e2e-desk', 'maintainer', '*');
  houmuAdminToken = mintToken('e2e-houmu-admin', 'association_admin', 'houmu');
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

/** Files an inquiry and has the desk classify it as a question and answer it (over the API). */
async function answeredInquiry(tenant, subject, answer) {
  const id = await fileInquiry(tenant, subject);
  for (const [command, body] of [['classify', { class: 'question', by: 'e2e-desk' }], ['answer', { answer, by: 'e2e-desk' }]]) {
    const res = await api('POST', `/v1/inquiries/${id}/${command}`, maintainerToken, body);
    assert.equal(res.status, 200, `POST /v1/inquiries/${id}/${command} answered ${res.status}: ${res.text}`);
  }
  return id;
}

/** Makes an FAQ entry over the API (as the desk). */
async function createEntry(body) {
  const res = await api('POST', '/v1/faq', maintainerToken, body);
  assert.equal(res.status, 201, `POST /v1/faq answered ${res.status}: ${res.text}`);
  return res.json.id;
}

/** The FAQ view (or `route`), logged in with `token`. */
const openDashboard = (token, route = '#/faq') => openPage(token, route);

const detail = (page) => page.getByTestId('faq-detail');
const fieldError = (form, field) => form.locator(`[data-testid="field-error"][data-field="${field}"]`);
const hit = (page, id) => page.locator(`[data-testid="faq-hit"][data-faq-id="${id}"]`);
const fileRow = (page, version) => page.locator(`[data-testid="faq-file"][data-version="${version}"]`);

/** Waits until `testid`'s text matches `re` (a form's message, say). */
async function expectText(page, testid, re, what) {
  return waitUntil(what, async () => {
    const text = await page.getByTestId(testid).innerText();
    return re.test(text) ? text : false;
  });
}

/** Waits until the detail shows entry `id` at `version` or later. */
async function expectDetail(page, id, minVersion = 1) {
  await waitUntil(`the detail of FAQ ${id} at version ${minVersion}`, async () => {
    const el = detail(page);
    return (await el.getAttribute('data-faq-id')) === id && Number(await el.getAttribute('data-version')) >= minVersion;
  });
}

async function search(page, words) {
  await page.getByTestId('faq-q').fill(words);
  await page.getByTestId('faq-search-submit').click();
  await waitUntil(`the hits for ${words}`, async () =>
    (await page.getByTestId('faq-list-title').innerText()).includes(words)
    && (await page.getByTestId('faq-hit').count()) + (await page.getByTestId('faq-empty').count()) > 0);
}

// ---- the tests ------------------------------------------------------------------------------

let entryId = null; // the entry made through the form, for every association
let internalId = null; // an internal entry for houmu (made over the API)

browserTest('a maintainer makes an FAQ entry from an answered inquiry, publishes 第1版, edits it and compares 第2版', async () => {
  const answered = await answeredInquiry('soumu', 'パスワードを忘れてログインできない', ANSWER);
  const unanswered = await fileInquiry('houmu', 'パスワードの桁数について');

  const page = await openDashboard(maintainerToken);
  const nav = await page.locator('.nav a').evaluateAll((as) => as.map((a) => a.dataset.view));
  assert.deepEqual(nav.slice(-2), ['inquiries', 'faq'], 'よくある質問 comes after 問合せ');
  assert.equal((await page.getByTestId('nav-faq').innerText()).trim(), 'よくある質問');
  await page.getByTestId('faq-empty').waitFor({ timeout: WAIT_MS });
  assert.equal((await page.getByTestId('faq-empty').innerText()).trim(), 'FAQはまだありません');
  await page.getByTestId('faq-files-empty').waitFor({ timeout: WAIT_MS });

  // Publishing with no public entry: 409 nothing-to-publish, in Japanese.
  await page.getByTestId('faq-publish').click();
  await expectText(page, 'faq-publish-message', /公開中のFAQがありません/, 'the nothing-to-publish refusal');

  // The form sent empty: the server's 422 names every field.
  await page.getByTestId('faq-new').click();
  const form = page.getByTestId('faq-new-form');
  await page.getByTestId('faq-new-submit').click();
  for (const name of ['inquiry_id', 'question', 'answer', 'category', 'tenants']) {
    await waitUntil(`the error of ${name} next to its field`, async () => (await fieldError(form, name).innerText()).trim() !== '');
  }

  // An inquiry not answered yet: 409 inquiry-not-answered, in Japanese.
  await page.getByTestId('faq-new-inquiry').fill(unanswered);
  await page.getByTestId('faq-new-question').fill(QUESTION);
  await page.getByTestId('faq-new-answer').fill(ANSWER);
  await page.getByTestId('faq-new-category').fill('アカウント');
  await page.getByTestId('faq-new-tenants-all').check();
  assert.ok(await page.getByTestId('faq-new-tenants-houmu').isDisabled(), '全組合 locks the single associations');
  assert.ok(await page.getByTestId('faq-new-public').isChecked(), 'public by default');
  await page.getByTestId('faq-new-submit').click();
  await expectText(page, 'faq-new-message', /回答済みの問合せからのみ作成できます/, 'the inquiry-not-answered refusal');
  assert.equal(await page.getByTestId('faq-new-message').getAttribute('data-rule'), 'inquiry-not-answered');

  // The answered inquiry: its answer can be taken into the form.
  await page.getByTestId('faq-new-answer').fill('');
  await page.getByTestId('faq-new-inquiry').fill(answered);
  await page.getByTestId('faq-fill').click();
  await waitUntil('the inquiry\'s answer in the form', async () => (await page.getByTestId('faq-new-answer').inputValue()) === ANSWER);
  assert.equal(await page.getByTestId('faq-new-question').inputValue(), QUESTION, 'a question already written is kept');
  await page.getByTestId('faq-new-submit').click();

  // On 201 the form closes and the new entry is selected, listed and shown.
  await page.getByTestId('faq-new-panel').waitFor({ state: 'hidden', timeout: WAIT_MS });
  entryId = await waitUntil('the new entry to be selected', async () => detail(page).getAttribute('data-faq-id'));
  assert.match(entryId, UUID_RE);
  await expectDetail(page, entryId, 1);
  assert.equal((await page.getByTestId('faq-question').innerText()).trim(), QUESTION);
  assert.equal(await page.getByTestId('faq-answer').innerText(), ANSWER);
  assert.equal((await page.getByTestId('faq-tenants').innerText()).trim(), '全組合');
  assert.equal(await detail(page).getAttribute('data-public'), 'true');
  assert.equal(await detail(page).locator('[data-testid="faq-inquiry"]').innerText(), answered);
  const listed = page.locator(`[data-testid="faq-row"][data-faq-id="${entryId}"]`);
  await listed.waitFor({ timeout: WAIT_MS });
  assert.deepEqual((await listed.locator('td').allInnerTexts()).map((s) => s.trim()),
    ['2026/12/04 10:00', 'アカウント', QUESTION, '全組合', '公開']);
  assert.match(page.url(), new RegExp(`#/faq\\?id=${entryId}$`));

  // 発行 at 10:30 (Japan time, whatever the browser's zone): 第1版 with the one entry.
  await setClock('2026-12-04T10:30:00+09:00');
  await page.getByTestId('faq-publish').click();
  await expectText(page, 'faq-publish-message', /第1版を発行しました（1件）/, 'the publication of 第1版');
  await fileRow(page, 1).waitFor({ timeout: WAIT_MS });
  assert.deepEqual((await fileRow(page, 1).locator('td').allInnerTexts()).slice(0, 4).map((s) => s.trim()),
    ['第1版', '2026/12/04 10:30', 'e2e-desk', '1']);
  // Again, with nothing new: 409 unchanged-since-last-file.
  await page.getByTestId('faq-publish').click();
  await expectText(page, 'faq-publish-message', /前回の版から変更がありません/, 'the unchanged-since-last-file refusal');

  // An internal entry for houmu and a duplicate to retire, both over the API.
  internalId = await createEntry({
    inquiry_id: answered, question: INTERNAL_QUESTION, answer: '内部向けの回答です。', category: 'アカウント', tenants: ['houmu'], public: false,
  });
  const duplicate = await createEntry({
    inquiry_id: answered, question: 'パスワードを再設定したい（重複）', answer: ANSWER, category: 'アカウント', tenants: ['*'], public: true,
  });

  // Edit the entry: a new answer (only the answer is sent), with a reason.
  await setClock('2026-12-04T11:00:00+09:00');
  await page.getByTestId('faq-edit-answer').fill(ANSWER_2);
  await page.getByTestId('faq-edit-reason').fill('メニュー名の変更');
  await page.getByTestId('faq-edit-submit').click();
  await expectDetail(page, entryId, 2);
  await expectText(page, 'faq-desk-message', /記録しました/, 'the edit recorded');
  assert.equal(await page.getByTestId('faq-answer').innerText(), ANSWER_2);
  // Saving it unchanged is refused: 409 nothing-changed.
  await page.getByTestId('faq-edit-submit').click();
  await expectText(page, 'faq-edit-message', /変更がありません/, 'the nothing-changed refusal');

  // Retire the duplicate through its form (selected by its address).
  await page.goto(`${base}/#/faq?id=${duplicate}`);
  await expectDetail(page, duplicate, 1);
  await page.getByTestId('faq-retire-reason').fill('重複');
  await page.getByTestId('faq-retire-submit').click();
  await waitUntil('the duplicate retired', async () => (await detail(page).getAttribute('data-retired')) === 'true');
  assert.equal((await detail(page).getByTestId('faq-state').innerText()).trim(), '廃止');
  assert.ok(await page.getByTestId('faq-edit-answer').isDisabled(), 'a retired entry takes no edit');
  assert.ok(await page.getByTestId('faq-retire-submit').isDisabled(), 'nor another retirement');
  await page.getByTestId('faq-retired-hint').waitFor({ timeout: WAIT_MS });

  // 第2版, and its difference from 第1版: the answer before → after.
  await page.getByTestId('faq-publish').click();
  await expectText(page, 'faq-publish-message', /第2版を発行しました（1件）/, 'the publication of 第2版');
  await fileRow(page, 2).waitFor({ timeout: WAIT_MS });
  assert.equal(await page.getByTestId('faq-diff-from').inputValue(), '1');
  assert.equal(await page.getByTestId('faq-diff-to').inputValue(), '2');
  await page.getByTestId('faq-diff-show').click();
  await page.getByTestId('faq-diff-result').waitFor({ timeout: WAIT_MS });
  assert.match(await page.getByTestId('faq-diff-result').innerText(), /第1版 → 第2版の差分/);
  const changed = page.getByTestId('faq-diff-changed');
  assert.equal(await changed.count(), 1);
  assert.equal(await changed.getAttribute('data-faq-id'), entryId);
  assert.equal(await changed.getByTestId('faq-diff-before').innerText(), ANSWER);
  assert.equal(await changed.getByTestId('faq-diff-after').innerText(), ANSWER_2);
  assert.equal(await page.getByTestId('faq-diff-added').count(), 0);
  assert.equal(await page.getByTestId('faq-diff-removed').count(), 0);

  // The desk's search finds the internal entry too (marked 内部), never the retired one.
  await search(page, 'パスワード');
  await hit(page, entryId).waitFor({ timeout: WAIT_MS });
  await hit(page, internalId).waitFor({ timeout: WAIT_MS });
  assert.equal(await hit(page, duplicate).count(), 0, 'a retired entry is never found');
  assert.equal((await hit(page, internalId).getByTestId('faq-state').innerText()).trim(), '内部');
  assert.match(page.url(), /#\/faq\?q=/);
  await hit(page, entryId).click();
  await expectDetail(page, entryId, 2);

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, 'faq.png'), fullPage: true });
});

browserTest('an association administrator of houmu finds the entry by パスワード, not the internal one, and downloads 第1版', async () => {
  assert.ok(entryId && internalId, 'the first test made the entries');
  const page = await openDashboard(houmuAdminToken);
  const listed = page.locator(`[data-testid="faq-row"][data-faq-id="${entryId}"]`);
  await listed.waitFor({ timeout: WAIT_MS });
  assert.equal(await page.getByTestId('faq-row').count(), 1, 'only the public, current entry is listed');
  for (const testid of ['faq-new', 'faq-publish', 'faq-desk']) {
    assert.equal(await page.getByTestId(testid).count(), 0, `no ${testid} for an association administrator`);
  }

  await search(page, 'パスワード');
  const found = hit(page, entryId);
  await found.waitFor({ timeout: WAIT_MS });
  assert.equal(await page.getByTestId('faq-hit').count(), 1, 'the internal entry for houmu is not found');
  assert.equal(await hit(page, internalId).count(), 0);
  assert.equal((await found.getByTestId('faq-hit-question').innerText()).trim(), QUESTION);
  assert.equal(await found.getByTestId('faq-hit-answer').innerText(), ANSWER_2);
  assert.equal((await found.getByTestId('faq-hit-tenants').innerText()).trim(), '全組合');
  assert.equal((await found.getByTestId('faq-category').innerText()).trim(), 'アカウント');
  assert.ok(Number(await found.getByTestId('faq-hit-relevance').getAttribute('data-relevance')) > 0);

  // The words are kept in the route: after a reload (and a new login) the search is the same.
  await page.reload();
  await logIn(page, houmuAdminToken);
  await hit(page, entryId).waitFor({ timeout: WAIT_MS });
  assert.equal(await page.getByTestId('faq-q').inputValue(), 'パスワード');
  // A word in none of them: the empty state.
  await search(page, '存在しない語');
  assert.equal((await page.getByTestId('faq-empty').innerText()).trim(), '該当するFAQはありません');

  // 第1版 as Markdown: it holds the question and the answer as 第1版 froze them.
  await fileRow(page, 1).waitFor({ timeout: WAIT_MS });
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: WAIT_MS }),
    fileRow(page, 1).getByTestId('faq-download-md').click(),
  ]);
  assert.equal(download.suggestedFilename(), 'faq-1.md');
  const file = path.join(dataDir, 'faq-1.md');
  await download.saveAs(file);
  const markdown = fs.readFileSync(file, 'utf8');
  assert.match(markdown, /^# よくある質問（FAQ）第1版/);
  assert.ok(markdown.includes(`### Q1. ${QUESTION}`), markdown);
  assert.ok(markdown.includes(ANSWER), markdown);
  assert.ok(markdown.includes('対象：全組合'), markdown);

  // The internal entry's address does not open it either.
  await page.goto(`${base}/#/faq?id=${internalId}`);
  await page.getByTestId('faq-detail-error').waitFor({ timeout: WAIT_MS });
  assert.match(await page.getByTestId('faq-detail-error').innerText(), /FAQが見つかりません/);
  await page.goto(`${base}/#/faq?id=${entryId}&q=${encodeURIComponent('パスワード')}`);
  await expectDetail(page, entryId, 2);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, 'faq-houmu.png'), fullPage: true });
});
