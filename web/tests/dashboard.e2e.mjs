// End-to-end test of the dashboard in a real browser against the real server.
//
//   cd web && npm ci && npm run build
//   OPSDESK_BIN=$PWD/../build/release/cmd/opsdesk/opsdesk node --test tests/dashboard.e2e.mjs
//
// It runs its own server with a manual clock (tests/harness.mjs: a fresh data directory,
// tokens minted with `$OPSDESK_BIN token`, Debian's chromium through playwright-core), moves the
// clock with POST /v1/test/clock and watches the page follow it. The browser runs in another
// time zone than Tokyo on purpose: the page must show Japan time. On a failure, screenshots
// and the server's output go to $OPSDESK_TEST_ARTIFACTS (default /tmp/opsdesk-browser-artifacts).
//
// The tests run in order and share the server: its clock only moves forward, from Friday
// 2026-12-04 10:00 (Tokyo), a business day.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  WAIT_MS, api, base, browserTests, dataDir, launchBrowser, logIn, mintToken, moveClock, openPage,
  startOpsdesk, stopOpsdesk, waitUntil,
} from './harness.mjs';

const T0 = '2026-12-04T10:00:00+09:00'; // Friday, inside business hours (09:00-18:00)

let maintainerToken = null;
let soumuAdminToken = null;
const browserTest = browserTests(); // a failure's artifacts in $OPSDESK_TEST_ARTIFACTS/<test name>

// ---- the server and the browser -------------------------------------------------------------

before(async () => {
  // board.stream_heartbeat_ms: a tick every 200 ms, so a moved clock reaches the page at once.
  await startOpsdesk('dashboard', { OPSDESK_BOARD_STREAM_HEARTBEAT_MS: '200' });
  maintainerToken = mintToken('e2e-maintainer', 'maintainer', '*');
  soumuAdminToken = mintToken('e2e-soumu-admin', 'association_admin', 'soumu');
  const clock = await setClock(T0);
  assert.equal(Date.parse(clock.now), Date.parse(T0), `the test clock answered ${JSON.stringify(clock)}`);
  await launchBrowser();
});

after(stopOpsdesk);

// ---- helpers --------------------------------------------------------------------------------

/** 障害検知 over the API; returns the incident id and the log position the command reached. */
async function detect(title, tenants, occurredAt = T0) {
  const res = await api('POST', '/v1/incidents', maintainerToken, {
    occurred_at: occurredAt, source: 'monitoring', severity: 'major', title, affected_tenants: tenants,
  });
  assert.equal(res.status, 201, `POST /v1/incidents answered ${res.status}: ${res.text}`);
  return { id: res.json.id, position: Number(res.headers.get('X-Opsdesk-Position')) };
}

/** Sets the server's manual clock, once sla-watch has seen `minPosition` (503 → try again). */
const setClock = (now, minPosition = 0) => moveClock(maintainerToken, now, minPosition);

/** The dashboard's Now view, logged in with `token` (if any); downloads are accepted. */
const openDashboard = (token) => openPage(token, '', { acceptDownloads: true });

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
