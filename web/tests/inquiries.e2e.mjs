// End-to-end test of the inquiries view (#/inquiries, 問合せ) in a real browser against the real
// server, like tests/dashboard.e2e.mjs (same setup, its own server):
//
//   cd web && npm ci && npm run build
//   OPSDESK_BIN=$PWD/../build/release/cmd/opsdesk/opsdesk node --test tests/inquiries.e2e.mjs
//
// It starts `$OPSDESK_BIN --target=all --clock=manual` serving web/dist on a free port with a
// fresh data directory and a random JWT secret, mints tokens with `$OPSDESK_BIN token`, and
// drives Debian's chromium (/usr/bin/chromium, or $OPSDESK_CHROMIUM) through playwright-core.
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
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST_DIR = path.join(WEB_DIR, 'dist');
const BIN = process.env.OPSDESK_BIN;
const CHROMIUM = process.env.OPSDESK_CHROMIUM || '/usr/bin/chromium';
const ARTIFACTS = process.env.OPSDESK_TEST_ARTIFACTS || '/tmp/opsdesk-browser-artifacts';
const WAIT_MS = 15_000; // every wait in a test is bounded by this
const START_MS = 60_000; // the server's start (RocksDB, projections) may take longer
const BROWSER_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];
const T0 = '2026-12-04T10:00:00+09:00'; // Friday, inside reception hours (09:00-18:00)

const SUBJECT = 'E2E: 月次の掛金帳票が印刷できない';
const BODY = '本日 9 時すぎから、掛金の月次帳票を印刷すると「出力先が見つかりません」と表示されます。\n総務課の端末 3 台で同じです。';

const secret = randomBytes(32).toString('hex');
let server = null; // the opsdesk child process
let serverOutput = '';
let dataDir = null;
let base = null; // http://127.0.0.1:<port>
let browser = null;
let maintainerToken = null;
let soumuAdminToken = null;
const openPages = new Set();

// ---- helpers --------------------------------------------------------------------------------

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` (returns a truthy value when done) every 100 ms for at most `ms`. */
async function waitUntil(what, check, ms = WAIT_MS) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      const detail = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`timed out after ${ms / 1000} s waiting for ${what} (last: ${detail})`);
    }
    await sleep(100);
  }
}

function mintToken(sub, roles, tenants) {
  return execFileSync(BIN, ['token', '--sub', sub, '--roles', roles, '--tenants', tenants, '--ttl', '30d'], {
    env: { ...process.env, OPSDESK_JWT_SECRET: secret },
    encoding: 'utf8',
  }).trim();
}

async function api(method, pathname, token, body) {
  const res = await fetch(base + pathname, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, json, text };
}

/** Sets the server's manual clock (503 while sla-watch catches up → try again). */
async function setClock(now) {
  return waitUntil(`POST /v1/test/clock to ${now}`, async () => {
    const res = await api('POST', '/v1/test/clock', maintainerToken, { now });
    if (res.status === 503) return false;
    assert.equal(res.status, 200, `POST /v1/test/clock answered ${res.status}: ${res.text}`);
    return res.json;
  });
}

/** Files an inquiry over the API (as a maintainer, for any tenant). */
async function fileInquiry(tenant, subject) {
  const res = await api('POST', '/v1/inquiries', maintainerToken, {
    channel: 'phone', tenant, requester: { name: '鈴木', role: '本部システム管理者' }, subject, body: `${subject}（API から登録）`,
  });
  assert.equal(res.status, 201, `POST /v1/inquiries answered ${res.status}: ${res.text}`);
  return res.json.id;
}

/** A fresh browser context (its own memory, so its own login) in a zone other than Tokyo. */
async function openDashboard(token, route = '#/inquiries') {
  const context = await browser.newContext({
    timezoneId: 'America/Los_Angeles', locale: 'en-US', viewport: { width: 1400, height: 900 },
  });
  const page = await context.newPage();
  openPages.add(page);
  page.on('pageerror', (e) => { serverOutput += `\n[page error] ${e.message}`; });
  await page.goto(`${base}/${route}`, { timeout: WAIT_MS });
  await logIn(page, token);
  return page;
}

async function logIn(page, token) {
  await page.getByTestId('login-token').fill(token, { timeout: WAIT_MS });
  await page.getByTestId('login-submit').click();
  await page.getByTestId('whoami').waitFor({ timeout: WAIT_MS }).catch(async () => {
    const error = await page.getByTestId('login-error').textContent().catch(() => '?');
    throw new Error(`login did not complete within ${WAIT_MS / 1000} s; the login page says: ${error}`);
  });
}

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

async function saveArtifacts(name) {
  const dir = path.join(ARTIFACTS, name.replace(/[^A-Za-z0-9._-]+/g, '_'));
  fs.mkdirSync(dir, { recursive: true });
  let i = 0;
  for (const page of openPages) {
    await page.screenshot({ path: path.join(dir, `page-${++i}.png`), fullPage: true }).catch(() => {});
    fs.writeFileSync(path.join(dir, `page-${i}.html`), await page.content().catch(() => ''));
  }
  fs.writeFileSync(path.join(dir, 'server-output.txt'), serverOutput);
  console.error(`artifacts of the failed test: ${dir}`);
}

/** A test whose failure leaves screenshots of every open page and the server's output. */
function browserTest(name, body) {
  test(name, async () => {
    try {
      await body();
    } catch (e) {
      await saveArtifacts(`inquiries ${name}`);
      throw e;
    } finally {
      for (const page of openPages) await page.context().close().catch(() => {});
      openPages.clear();
    }
  });
}

// ---- the server and the browser -------------------------------------------------------------

before(async () => {
  assert.ok(BIN, 'set OPSDESK_BIN to the opsdesk binary (e.g. build/release/cmd/opsdesk/opsdesk)');
  assert.ok(fs.existsSync(BIN), `OPSDESK_BIN=${BIN} does not exist`);
  assert.ok(fs.existsSync(path.join(DIST_DIR, 'index.html')), `${DIST_DIR}/index.html is missing: run npm run build in web/ first`);
  assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk`);

  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-inquiries-e2e-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(BIN, ['--target=all', '--data-dir', dataDir, '--listen', `127.0.0.1:${port}`, '--clock=manual'], {
    env: {
      ...process.env,
      OPSDESK_JWT_SECRET: secret,
      OPSDESK_DASHBOARD_DIR: DIST_DIR,
      OPSDESK_HTTP_ACCESS_LOG: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk) => { serverOutput = (serverOutput + chunk).slice(-200_000); };
  server.stdout.on('data', keep);
  server.stderr.on('data', keep);
  let exited = null;
  server.on('exit', (code, signal) => { exited = { code, signal }; });
  process.on('exit', () => server?.kill('SIGKILL')); // never leave it behind

  await waitUntil('/readyz to answer 200', async () => {
    if (exited) throw new Error(`opsdesk exited (${JSON.stringify(exited)}): ${serverOutput.slice(-2000)}`);
    const res = await fetch(`${base}/readyz`).catch(() => null);
    return res?.status === 200;
  }, START_MS);

  maintainerToken = mintToken('e2e-desk', 'maintainer', '*');
  soumuAdminToken = mintToken('e2e-soumu-admin', 'association_admin', 'soumu');
  const clock = await setClock(T0);
  assert.equal(Date.parse(clock.now), Date.parse(T0), `the test clock answered ${JSON.stringify(clock)}`);

  fs.mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: BROWSER_ARGS, timeout: START_MS });
});

after(async () => {
  await browser?.close().catch(() => {});
  if (server && server.exitCode === null && server.signalCode === null) {
    const gone = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await Promise.race([gone, sleep(5000)]);
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

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
