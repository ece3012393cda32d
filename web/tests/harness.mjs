// The mechanics shared by the browser tests (tests/*.e2e.mjs), so that each of them says only
// what it tests:
//
// - startOpsdesk() runs `$OPSDESK_BIN --target=all --clock=manual` serving web/dist on a free
//   port, with a fresh data directory and a random JWT secret, and waits until it is ready;
// - mintToken() makes tokens with `$OPSDESK_BIN token` and that secret;
// - moveClock() sets the server's manual clock (POST /v1/test/clock), again while sla-watch
//   answers that it held its pass;
// - launchBrowser() starts Debian's chromium (/usr/bin/chromium, or $OPSDESK_CHROMIUM) through
//   playwright-core, no browser is downloaded; openPage() opens a page in a time zone other
//   than Tokyo, on purpose: the page must show Japan time;
// - browserTests() makes tests whose failure leaves screenshots of every open page and the
//   server's output in $OPSDESK_TEST_ARTIFACTS (default /tmp/opsdesk-browser-artifacts);
// - stopOpsdesk() closes the browser, stops the server and removes its data.
//
// node --test runs each test file in its own process, so the server, the browser and the open
// pages below are those of the one file that imports this module.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { chromium } from 'playwright-core';

const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST_DIR = path.join(WEB_DIR, 'dist');
const BIN = process.env.OPSDESK_BIN;
const CHROMIUM = process.env.OPSDESK_CHROMIUM || '/usr/bin/chromium';
export const ARTIFACTS = process.env.OPSDESK_TEST_ARTIFACTS || '/tmp/opsdesk-browser-artifacts';
export const WAIT_MS = 15_000; // every wait in a test is bounded by this
const START_MS = 60_000; // the server's start (RocksDB, projections) may take longer
const BROWSER_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

const secret = randomBytes(32).toString('hex');
let server = null; // the opsdesk child process
let serverOutput = '';
let browser = null;
const openPages = new Set();

// Live bindings, set by startOpsdesk(): an importer always reads the current value.
/** http://127.0.0.1:<port> of the running server. */
export let base = null;
/** The server's fresh data directory (removed by stopOpsdesk(), so a test may put files there). */
export let dataDir = null;

// ---- waiting ---------------------------------------------------------------------------------

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` (returns a truthy value when done) every 100 ms for at most `ms`. */
export async function waitUntil(what, check, ms = WAIT_MS) {
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

// ---- the server ------------------------------------------------------------------------------

/** A port nobody listens on now, so that test files can run side by side. */
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

/** Fails early, with what to do, when the binary, the built app or chromium is missing. */
function checkPrerequisites() {
  assert.ok(BIN, 'set OPSDESK_BIN to the opsdesk binary (e.g. build/release/cmd/opsdesk/opsdesk)');
  assert.ok(fs.existsSync(BIN), `OPSDESK_BIN=${BIN} does not exist`);
  assert.ok(fs.existsSync(path.join(DIST_DIR, 'index.html')), `${DIST_DIR}/index.html is missing: run npm run build in web/ first`);
  assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk`);
}

/**
 * Starts `$OPSDESK_BIN --target=all --clock=manual` on its own data directory (named after
 * `name`) and waits until /readyz answers 200. Settings are given as OPSDESK_<SETTING>
 * environment variables, which every setting reads: dashboard.dir (the built app) always,
 * and `env` on top of it.
 */
export async function startOpsdesk(name, env = {}) {
  checkPrerequisites();

  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `opsdesk-${name}-e2e-`));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(BIN, ['--target=all', '--data-dir', dataDir, '--listen', `127.0.0.1:${port}`, '--clock=manual'], {
    env: {
      ...process.env,
      OPSDESK_JWT_SECRET: secret,
      OPSDESK_DASHBOARD_DIR: DIST_DIR,
      OPSDESK_HTTP_ACCESS_LOG: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The output is kept (its last 200 kB) for the artifacts of a failed test.
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
}

/** Closes the browser, stops the server (SIGTERM, SIGKILL after 5 s) and removes its data. */
export async function stopOpsdesk() {
  await browser?.close().catch(() => {});
  if (server && server.exitCode === null && server.signalCode === null) {
    const gone = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await Promise.race([gone, sleep(5000)]);
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}

/** A token the server accepts (signed with its secret by `$OPSDESK_BIN token`), valid 30 days. */
export function mintToken(sub, roles, tenants) {
  return execFileSync(BIN, ['token', '--sub', sub, '--roles', roles, '--tenants', tenants, '--ttl', '30d'], {
    env: { ...process.env, OPSDESK_JWT_SECRET: secret },
    encoding: 'utf8',
  }).trim();
}

/** One HTTP request to the server as `token`; the answer's JSON is parsed when it is JSON. */
export async function api(method, pathname, token, body) {
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

/**
 * Sets the server's manual clock as `token`. With `minPosition`, the server moves it only once
 * sla-watch has seen that log position; it answers 503 while sla-watch catches up, and this
 * tries again.
 */
export async function moveClock(token, now, minPosition) {
  const query = minPosition === undefined ? '' : `?min_position=${minPosition}`;
  return waitUntil(`POST /v1/test/clock to ${now}`, async () => {
    const res = await api('POST', `/v1/test/clock${query}`, token, { now });
    if (res.status === 503) return false;
    assert.equal(res.status, 200, `POST /v1/test/clock answered ${res.status}: ${res.text}`);
    // sla-watch held its pass (its view was still catching up on a busy machine): the same time
    // again runs another pass, as the clock's move would have.
    if (res.json && res.json.held) return false;
    return res.json;
  });
}

// ---- the browser -----------------------------------------------------------------------------

/** Starts the one browser of the test file (chromium's start may take as long as the server's). */
export async function launchBrowser() {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: BROWSER_ARGS, timeout: START_MS });
}

/**
 * A page of the dashboard at `route` (after the #) in a fresh browser context (its own
 * memory, so its own login) in a zone other than Tokyo, logged in with `token` if one is given.
 * `contextOptions` are added to the context's (acceptDownloads, say). Errors of the page's
 * script go to the server's output, which a failed test saves.
 */
export async function openPage(token, route = '', contextOptions = {}) {
  const context = await browser.newContext({
    ...contextOptions, timezoneId: 'America/Los_Angeles', locale: 'en-US', viewport: { width: 1400, height: 900 },
  });
  const page = await context.newPage();
  openPages.add(page);
  page.on('pageerror', (e) => { serverOutput += `\n[page error] ${e.message}`; });
  await page.goto(`${base}/${route}`, { timeout: WAIT_MS });
  if (token) await logIn(page, token);
  return page;
}

/** Logs in on the login page (the token lives in the page's memory: a reload asks again). */
export async function logIn(page, token) {
  await page.getByTestId('login-token').fill(token, { timeout: WAIT_MS });
  await page.getByTestId('login-submit').click();
  await page.getByTestId('whoami').waitFor({ timeout: WAIT_MS }).catch(async () => {
    const error = await page.getByTestId('login-error').textContent().catch(() => '?');
    throw new Error(`login did not complete within ${WAIT_MS / 1000} s; the login page says: ${error}`);
  });
}

// ---- tests that leave pictures when they fail ------------------------------------------------

/** Screenshots and HTML of every open page, and the server's output, in ARTIFACTS/<name>. */
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

/**
 * Returns browserTest(name, body): a test whose failure leaves screenshots of every open page
 * and the server's output in ARTIFACTS/<artifactPrefix><name> (so that the files' artifacts do
 * not mix), and which closes the pages it opened either way.
 */
export function browserTests(artifactPrefix = '') {
  return function browserTest(name, body) {
    test(name, async () => {
      try {
        await body();
      } catch (e) {
        await saveArtifacts(`${artifactPrefix}${name}`);
        throw e;
      } finally {
        for (const page of openPages) await page.context().close().catch(() => {});
        openPages.clear();
      }
    });
  };
}
