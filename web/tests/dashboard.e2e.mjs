// End-to-end test of the dashboard in a real browser against the real server.
//
//   cd web && npm ci && npm run build
//   OPSDESK_BIN=$PWD/../build/release/cmd/opsdesk/opsdesk node --test tests/dashboard.e2e.mjs
//
// It starts `$OPSDESK_BIN --target=all --clock=manual` serving web/dist (dashboard.dir) on a free port
// with a fresh data directory and a random JWT secret, mints tokens with `$OPSDESK_BIN token`,
// moves the server's manual clock with POST /v1/test/clock, and drives Debian's chromium
// (/usr/bin/chromium, or $OPSDESK_CHROMIUM) through playwright-core; no browser is downloaded.
// The browser runs in another time zone than Tokyo on purpose: the page must show Japan time.
// On a failure, screenshots and the server's output go to $OPSDESK_TEST_ARTIFACTS
// (default /tmp/opsdesk-browser-artifacts).
//
// The tests run in order and share the server: its clock only moves forward, from Friday
// 2026-12-04 10:00 (Tokyo), a business day.
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
const T0 = '2026-12-04T10:00:00+09:00'; // Friday, inside business hours (09:00-18:00)

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

/** 障害検知 over the API; returns the incident id and the log position the command reached. */
async function detect(title, tenants, occurredAt = T0) {
  const res = await api('POST', '/v1/incidents', maintainerToken, {
    occurred_at: occurredAt, source: 'monitoring', severity: 'major', title, affected_tenants: tenants,
  });
  assert.equal(res.status, 201, `POST /v1/incidents answered ${res.status}: ${res.text}`);
  return { id: res.json.id, position: Number(res.headers.get('X-Opsdesk-Position')) };
}

/** Sets the server's manual clock, once sla-watch has seen `minPosition` (503 → try again). */
async function setClock(now, minPosition = 0) {
  return waitUntil(`POST /v1/test/clock to ${now}`, async () => {
    const res = await api('POST', `/v1/test/clock?min_position=${minPosition}`, maintainerToken, { now });
    if (res.status === 503) return false;
    assert.equal(res.status, 200, `POST /v1/test/clock answered ${res.status}: ${res.text}`);
    return res.json;
  });
}

/** A fresh browser context (its own memory, so its own login) in a zone other than Tokyo. */
async function openDashboard(token) {
  const context = await browser.newContext({
    acceptDownloads: true, timezoneId: 'America/Los_Angeles', locale: 'en-US', viewport: { width: 1400, height: 900 },
  });
  const page = await context.newPage();
  openPages.add(page);
  page.on('pageerror', (e) => { serverOutput += `\n[page error] ${e.message}`; });
  await page.goto(`${base}/`, { timeout: WAIT_MS });
  if (token) await logIn(page, token);
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

const incidentRow = (page, id) => page.locator(`[data-testid="incident-row"][data-incident-id="${id}"]`);
const countdownOf = (page, id, tenant) =>
  incidentRow(page, id).locator(`[data-testid="countdown"][data-tenant="${tenant}"]`);

async function expectRow(page, id, what) {
  await incidentRow(page, id).waitFor({ timeout: WAIT_MS }).catch(() => {
    throw new Error(`the row of incident ${id} (${what}) did not appear on the Now view within ${WAIT_MS / 1000} s`);
  });
}

async function expectCountdown(page, id, tenant, state) {
  const el = countdownOf(page, id, tenant);
  let seen = null;
  await waitUntil(`${tenant}'s countdown of ${id} to be ${state}`, async () => {
    seen = { state: await el.getAttribute('data-state', { timeout: 1000 }), text: await el.innerText({ timeout: 1000 }) };
    return seen.state === state;
  }).catch((e) => {
    throw new Error(`${e.message}; last seen data-state=${seen?.state} text=${JSON.stringify(seen?.text)}`);
  });
  return (await el.innerText()).trim();
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
      await saveArtifacts(name);
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

  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-dashboard-e2e-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // The settings dashboard.dir (the built app) and board.stream_heartbeat_ms (a tick every
  // 200 ms, so a moved clock reaches the page at once) are given as OPSDESK_<SETTING>
  // environment variables, which every setting reads.
  server = spawn(BIN, ['--target=all', '--data-dir', dataDir, '--listen', `127.0.0.1:${port}`, '--clock=manual'], {
    env: {
      ...process.env,
      OPSDESK_JWT_SECRET: secret,
      OPSDESK_DASHBOARD_DIR: DIST_DIR,
      OPSDESK_BOARD_STREAM_HEARTBEAT_MS: '200',
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

  maintainerToken = mintToken('e2e-maintainer', 'maintainer', '*');
  soumuAdminToken = mintToken('e2e-soumu-admin', 'association_admin', 'soumu');
  const clock = await setClock(T0);
  assert.equal(Date.parse(clock.now), Date.parse(T0), `the test clock answered ${JSON.stringify(clock)}`);

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

let incidentA = null; // soumu + houmu, detected at T0 by test 1

async function theSharedIncident() {
  incidentA ??= await detect('E2E: nightly batch failed on AP server 3', ['soumu', 'houmu']);
  return incidentA;
}

browserTest('login checks the token; a detected incident appears on the Now view without reload', async () => {
  const page = await openDashboard(null);

  // A token the server refuses (its signature broken) is reported, and the claims are shown.
  const forged = maintainerToken.slice(0, -4) + (maintainerToken.endsWith('AAAA') ? 'BBBB' : 'AAAA');
  await page.getByTestId('login-token').fill(forged, { timeout: WAIT_MS });
  assert.equal((await page.getByTestId('claim-sub').innerText()).trim(), 'e2e-maintainer');
  await page.getByTestId('login-submit').click();
  await waitUntil('the login page to say the token was refused', async () =>
    /トークンが拒否されました|Token refused/.test(await page.getByTestId('login-error').innerText()));

  await logIn(page, maintainerToken);
  await page.getByTestId('server-now').filter({ hasText: '2026/12/04 10:00:00' }).waitFor({ timeout: WAIT_MS })
    .catch(async () => { throw new Error(`server-now does not show 2026/12/04 10:00:00 (Tokyo): ${await page.getByTestId('server-now').innerText()}`); });

  const { id } = await theSharedIncident();
  await expectRow(page, id, 'detected after the page loaded');
  const row = incidentRow(page, id);
  assert.match(await row.innerText(), /E2E: nightly batch failed/);
  assert.equal(await row.locator('[data-testid="incident-tenant"]').count(), 2, 'soumu and houmu are listed');
  assert.match(await row.innerText(), /総務省共済組合/);
  await expectCountdown(page, id, 'soumu', 'ok');
});

browserTest('the first-notice countdown follows the server clock: amber at 50 %, stronger at 75 %, red when breached', async () => {
  const { id, position } = await theSharedIncident();
  const page = await openDashboard(maintainerToken);
  await expectRow(page, id, 'the shared incident');

  await setClock('2026-12-04T10:50:00+09:00', position); // 50 of 90 business minutes: 55 %
  const at1050 = await expectCountdown(page, id, 'soumu', 'amber50');
  assert.match(at1050, /0:40:00/, `40 minutes left at 10:50: ${at1050}`);
  await page.getByTestId('server-now').filter({ hasText: '2026/12/04 10:50:00' }).waitFor({ timeout: WAIT_MS });
  // sla-watch recorded the 50 % alert (due 10:45); the alert list shows it.
  await page.locator(`[data-testid="alert-row"][data-incident-id="${id}"][data-tenant="soumu"][data-percent="50"]`)
    .waitFor({ timeout: WAIT_MS }).catch(() => { throw new Error('the 50 % alert of soumu is not listed'); });

  await setClock('2026-12-04T11:10:00+09:00', position); // 70 minutes: 77 %
  await expectCountdown(page, id, 'soumu', 'amber75');

  await setClock('2026-12-04T11:31:00+09:00', position); // past 11:30, the breach time
  const breached = await expectCountdown(page, id, 'soumu', 'breached');
  assert.match(breached, /期限超過|Breached/);
  await expectCountdown(page, id, 'houmu', 'breached');
});

browserTest('an association administrator of soumu sees only incidents affecting soumu', async () => {
  const houmuOnly = await detect('E2E: houmu only', ['houmu']);
  const soumuToo = await detect('E2E: soumu too', ['soumu']); // detected after houmuOnly
  const page = await openDashboard(soumuAdminToken);
  // Once the later incident is on the page, the board has got past the earlier one.
  await expectRow(page, soumuToo.id, 'an incident affecting soumu');
  assert.equal(await incidentRow(page, houmuOnly.id).count(), 0, 'the houmu-only incident must not be shown');
  for (const tenant of await page.locator('[data-testid="incident-tenant"]').evaluateAll((els) => els.map((e) => e.dataset.tenant))) {
    assert.equal(tenant, 'soumu', 'an association administrator sees only its own association in each row');
  }
  // The same incident is on a centre-wide board.
  const centre = await openDashboard(maintainerToken);
  await expectRow(centre, houmuOnly.id, 'the houmu-only incident on the centre board');
});

browserTest('the SLA view shows 別表1 and downloads it as an Excel workbook', async () => {
  await theSharedIncident();
  const page = await openDashboard(maintainerToken);
  await page.goto(`${base}/#/sla?tenant=soumu&month=2026-12`);
  await waitUntil('the 別表1 rows', async () => (await page.getByTestId('sla-row').count()) >= 6);
  assert.match(await page.getByTestId('sla-table').innerText(), /障害対応状況通知時間/);
  await page.locator('[data-testid="sla-chart"] canvas').waitFor({ timeout: WAIT_MS });

  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: WAIT_MS }),
    page.getByTestId('download-xlsx').click(),
  ]);
  assert.equal(download.suggestedFilename(), 'sla-soumu-2026-12.xlsx');
  const file = path.join(dataDir, 'download.xlsx');
  await download.saveAs(file);
  const head = fs.readFileSync(file).subarray(0, 2).toString('latin1');
  assert.equal(head, 'PK', 'an xlsx file is a zip archive: it starts with PK');
});

browserTest('outside business hours a running countdown says it is paused', async () => {
  await setClock('2026-12-04T17:00:00+09:00');
  const late = await detect('E2E: late afternoon fault', ['gaimu'], '2026-12-04T17:00:00+09:00');
  const page = await openDashboard(maintainerToken);
  await expectRow(page, late.id, 'a fault at 17:00');
  await setClock('2026-12-04T18:30:00+09:00', late.position); // 60 business minutes, then 18:00 closing
  const text = await expectCountdown(page, late.id, 'gaimu', 'paused');
  assert.match(text, /停止中（営業時間外）|paused \(outside hours\)/);
});
