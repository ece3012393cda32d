// End-to-end test of the changes view (#/changes, 改修・構成管理) in a real browser against the
// real server, like tests/schedule.e2e.mjs (same setup, tests/harness.mjs, its own server):
//
//   cd web && npm ci && npm run build
//   OPSDESK_BIN=$PWD/../build/release/cmd/opsdesk/opsdesk node --test tests/changes.e2e.mjs
//
// The browser runs in another time zone than Tokyo on purpose (in Los Angeles it is still
// Sunday May 31 when the server's clock says Monday 2026-06-01 09:00 in Tokyo). On success the
// board's incident with its item chip is saved as changes-board-chip.png, the item's detail as
// changes-ci.png, the maintainer's page as changes.png, the month's earned value as
// changes-evm.png and houmu's administrator's page as changes-houmu.png in
// $OPSDESK_TEST_ARTIFACTS (default /tmp/opsdesk-browser-artifacts); on a failure, screenshots and
// the server's output go there.
//
// The tests run in order and share the server, whose clock starts at Monday 2026-06-01 09:00:
// a maintainer with "*" registers 別紙4's equipment through 別紙4 の機器を登録 (39 items, 18
// system servers, one per association of the centre). An incident detected over the API names
// `SRV-SOUMU` (occurred 08:30, before the clock): the board (#/now) shows the chip srv-soumu under
// it once the ci-links read model has linked it, the chip opens the item in the changes view
// (#/changes?ci=srv-soumu: its details, and the incident in its 障害履歴, in Japan time), and the
// shared disk it depends on has no fault. (The incident changes no later figure: the changes and
// their earned value do not read incidents.) Then the maintainer registers a change from a fault
// for soumu through 改修案件を登録 (the 422 for the missing incident first), plans a work package
// of 40 h over Monday 06-01 to Friday 06-05 (作業追加), freezes it (ベースライン設定) and reads its
// earned value on the first day (PV 8, and CPI as — with the server's reason as its title). With
// the clock at Wednesday 06-03 18:00 it records 10 h worked on 06-01 and 12 h on 06-02 and 50 %
// progress as of 06-03 (the 422 for 120 % next to the field first): the page then shows PV 24,
// EV 20, AC 22, SPI 0.83, CPI 0.91 and EAC 44 (hand-computed: PV = 40 h / 5 days x 3 days, EV =
// 50 % of 40 h, SPI = 20 / 24, CPI = 20 / 22, EAC = BAC / CPI = 40 x 22 / 20). Then 影響評価,
// 承認 (the desk records the association's approval) and 工程完了 of the design with its
// evidence (the 422 for a blank document first). Under its distribution phase the change has no
// signing record at first (署名記録はありません); a code-signing certificate (made with the openssl
// command line: a self-signed CA and a codeSigning certificate it issues, valid 2026-05-01 to
// 2027-05-01) is imported and a signing for the change recorded over the API, and the change's
// page lists it (in Japan time, no timestamp, the certificate a link to its page). The month's
// earned value (月次 EVM) has the same totals, the S-curve and the contract's cap in 人月 (上限
// 2.00; 実績 22 h = 0.1375, 完了時予測 44 h = 0.275), and downloads as an Excel workbook. houmu's association administrator sees
// houmu's items and change only (not soumu's change, not the cap: 403 over the API), may only
// approve or reject, and approves houmu's change (the 422 for a blank approver first).
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ARTIFACTS, WAIT_MS, api, browserTests, dataDir, launchBrowser, mintToken, moveClock, openPage, startOpsdesk,
  stopOpsdesk, waitUntil,
} from './harness.mjs';

const T0 = '2026-06-01T09:00:00+09:00'; // Monday
const T1 = '2026-06-03T18:00:00+09:00'; // Wednesday evening
const MONTH = '2026-06';
const TITLE = '夜間バッチ異常終了の恒久対策';
const INCIDENT = '0190c3a4-0000-7000-8000-00000000b001';
const HOUMU_TITLE = '法務省共済組合 帳票レイアウト変更';
const FAULT_AT = '2026-06-01T08:30:00+09:00'; // before the server's clock (T0)
const FAULT_TITLE = '標準共済システムサーバ応答なし';
const SEEDED = 39; // docs/api/changes.yaml, POST /v1/configuration-items/seed
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SIGNER_CN = 'opsdesk e2e code signing';
const SIGNED_AT = '2026-06-03T17:00:00+09:00'; // within the certificate's validity, before the clock (T1)

let deskToken = null;
let houmuAdminToken = null;
let changeId = null; // soumu's change, registered through the page
const browserTest = browserTests('changes '); // a failure's artifacts in $OPSDESK_TEST_ARTIFACTS/changes_<test name>

// ---- the server and the browser -------------------------------------------------------------

before(async () => {
  await startOpsdesk('changes');
  deskToken = mintToken('e2e-desk', 'maintainer', '*');
  houmuAdminToken = mintToken('e2e-houmu-admin', 'association_admin', 'houmu');
  const clock = await setClock(T0);
  assert.equal(Date.parse(clock.now), Date.parse(T0), `the test clock answered ${JSON.stringify(clock)}`);
  fs.mkdirSync(ARTIFACTS, { recursive: true }); // for the screenshots of a passing run
  await launchBrowser();
});

after(stopOpsdesk);

// ---- helpers --------------------------------------------------------------------------------

/** Sets the server's manual clock (503 while sla-watch catches up → try again). */
const setClock = (now) => moveClock(deskToken, now);

async function getOk(pathname, token = deskToken) {
  const res = await api('GET', pathname, token);
  assert.equal(res.status, 200, `GET ${pathname} answered ${res.status}: ${res.text}`);
  return res.json;
}

const text = async (locator) => (await locator.innerText()).trim();
const fieldError = (scope, name) => scope.locator(`[data-testid="field-error"][data-field="${name}"]`);
const changeRow = (page, id) => page.locator(`[data-testid="changes-row"][data-change-id="${id}"]`);
/** A figure's card (`pv`, `spi`, `eac`, ...) in the figures `testid`. */
const figure = (page, testid, key) => page.getByTestId(testid).locator(`[data-testid="evm-figure"][data-figure="${key}"]`);

/** The figures shown in `testid` as { pv: '24', ... } (the value as on screen, without its unit). */
async function figures(page, testid) {
  return page.getByTestId(testid).locator('[data-testid="evm-figure"]').evaluateAll((cards) =>
    Object.fromEntries(cards.map((c) => [c.dataset.figure, c.querySelector('[data-testid="evm-value"]').textContent.trim()])));
}

/** Opens a command's form on the selected change. */
async function openCommand(page, command) {
  await page.getByTestId(`changes-cmd-${command}`).click();
  const form = page.getByTestId(`changes-form-${command}`);
  await form.waitFor({ timeout: WAIT_MS });
  return form;
}

/** Submits a command's form and waits until the change's version moved past `version`. */
async function submitCommand(page, command, version) {
  await page.getByTestId(`changes-${command}-submit`).click();
  await waitUntil(`${command} recorded`, async () => Number(await page.getByTestId('changes-detail').getAttribute('data-version')) > version);
  await waitUntil(`${command}'s confirmation`, async () => (await text(page.getByTestId('changes-detail-message'))).startsWith('記録しました'));
}

/**
 * A code-signing certificate (PEM) valid 2026-05-01 to 2027-05-01 (Tokyo), issued by a self-signed
 * CA, both made with the openssl command line in a temporary directory (`openssl ca` for the fixed
 * dates, around the test's clock).
 */
function codeSigningPem() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-changes-pki-'));
  const run = (args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  fs.writeFileSync(path.join(dir, 'index.txt'), '');
  fs.writeFileSync(path.join(dir, 'serial'), '1000\n');
  fs.writeFileSync(path.join(dir, 'openssl.cnf'), `[ ca ]
default_ca = test_ca
[ test_ca ]
database = ./index.txt
new_certs_dir = .
serial = ./serial
default_md = sha256
policy = any_name
unique_subject = no
copy_extensions = none
[ any_name ]
commonName = supplied
[ req ]
distinguished_name = dn
[ dn ]
[ root ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
[ code_signing ]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = codeSigning
`);
  const when = (iso) => new Date(iso).toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z'); // openssl ca's dates (UTC)
  for (const [name, cn, extensions] of [['root', 'opsdesk e2e root', 'root'], ['signing', SIGNER_CN, 'code_signing']]) {
    run(['req', '-config', 'openssl.cnf', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
      '-keyout', `${name}.key`, '-subj', `/CN=${cn}`, '-out', `${name}.csr`]);
    run(['ca', '-config', 'openssl.cnf', '-batch', '-notext', '-keyfile', 'root.key', ...(name === 'root' ? ['-selfsign'] : ['-cert', 'root.pem']),
      '-in', `${name}.csr`, '-extensions', extensions, '-startdate', when('2026-05-01T00:00:00+09:00'), '-enddate', when('2027-05-01T00:00:00+09:00'),
      '-out', `${name}.pem`]);
  }
  const pem = fs.readFileSync(path.join(dir, 'signing.pem'), 'utf8');
  fs.rmSync(dir, { recursive: true, force: true });
  return pem;
}

const detailVersion = async (page) => Number(await page.getByTestId('changes-detail').getAttribute('data-version'));

/** Waits until the detail shows change `id` as read from the server (its version is set then). */
async function expectDetail(page, id) {
  const detail = page.getByTestId('changes-detail');
  await waitUntil(`change ${id} shown`, async () =>
    (await detail.getAttribute('data-change-id')) === id && (await detail.getAttribute('data-version')) !== null);
}

// ---- 構成管理 ---------------------------------------------------------------------------------

browserTest('a maintainer registers 別紙4\'s equipment through the button and sees the 18 system servers', async () => {
  const page = await openPage(deskToken, '#/changes');
  await page.getByTestId('changes-ci-empty').waitFor({ timeout: WAIT_MS });
  assert.match(await text(page.getByTestId('changes-ci-empty')), /別紙4 の機器を登録/);
  assert.equal(await text(page.getByTestId('changes-ci-seed')), '別紙4 の機器を登録');

  await page.getByTestId('changes-ci-seed').click();
  await waitUntil('the seed\'s confirmation', async () => (await text(page.getByTestId('changes-ci-message'))) === `別紙4 の機器を${SEEDED}件登録しました（登録済み0件）`);
  await waitUntil('the items listed', async () => (await text(page.getByTestId('changes-ci-count'))) === String(SEEDED));
  const servers = page.locator('[data-testid="changes-ci-group"][data-kind="system_server"]');
  assert.equal(await servers.getAttribute('data-count'), '18');
  assert.equal(await text(servers.getByTestId('changes-ci-kind')), 'システムサーバ（18件）');
  assert.equal(await servers.getByTestId('changes-ci-row').count(), 18);
  const soumu = page.locator('[data-testid="changes-ci-row"][data-code="srv-soumu"]');
  assert.deepEqual((await soumu.locator('td').allInnerTexts()).map((s) => s.trim()),
    ['srv-soumu', '標準共済システムサーバ（総務省共済組合）', '総務省共済組合', '共同利用センタ', 'Windows Server 2022 Standard']);
  const shared = page.locator('[data-testid="changes-ci-row"][data-code="storage-shared"]');
  assert.equal(await text(shared.locator('td').nth(2)), 'センタ全組合');
  // Every kind of the table, in order, as the API lists them.
  const all = await getOk('/v1/configuration-items');
  assert.equal(all.count, SEEDED);
  assert.equal(all.items.filter((i) => i.kind === 'system_server').length, 18);
  assert.equal(await page.getByTestId('changes-ci-row').count(), SEEDED);

  // One kind only.
  await page.getByTestId('changes-ci-kind-filter').selectOption('system_server');
  await waitUntil('only the system servers', async () => (await text(page.getByTestId('changes-ci-count'))) === '18');
  assert.equal(await page.getByTestId('changes-ci-group').count(), 1);

  // Seeding again registers nothing more.
  await page.getByTestId('changes-ci-seed').click();
  await waitUntil('the second seed\'s confirmation', async () => (await text(page.getByTestId('changes-ci-message'))) === `別紙4 の機器を0件登録しました（登録済み${SEEDED}件）`);
  assert.equal((await getOk('/v1/configuration-items')).count, SEEDED);
});

// ---- 障害履歴: an incident that names an item, from the board to the item ---------------------------

browserTest('an incident naming SRV-SOUMU shows the chip srv-soumu on the board, which opens the item with the incident in its 障害履歴', async () => {
  // 障害検知 over the API, naming the server in capitals (ci-links compares codes in any case).
  const detected = await api('POST', '/v1/incidents', deskToken, {
    occurred_at: FAULT_AT, source: 'monitoring', severity: 'major', title: FAULT_TITLE,
    affected_tenants: ['soumu'], configuration_items: ['SRV-SOUMU'],
  });
  assert.equal(detected.status, 201, detected.text);
  const incidentId = detected.json.id;

  // The board: the incident's row, then its chip (ci-links follows the logs: the page asks again
  // for an incident the read model has not linked yet).
  const page = await openPage(deskToken, '#/now');
  const row = page.locator(`[data-testid="incident-row"][data-incident-id="${incidentId}"]`);
  await row.waitFor({ timeout: WAIT_MS });
  const chip = row.locator('[data-testid="incident-ci"][data-code="srv-soumu"]');
  await chip.waitFor({ timeout: WAIT_MS });
  assert.equal(await text(chip), 'srv-soumu');
  assert.equal(await row.getByTestId('incident-ci').count(), 1, 'one item named');
  assert.equal(await chip.getAttribute('href'), '#/changes?ci=srv-soumu');
  assert.equal(await chip.getAttribute('title'), '標準共済システムサーバ（総務省共済組合）（SRV-SOUMU）');
  await row.screenshot({ path: path.join(ARTIFACTS, 'changes-board-chip.png') });

  // The chip opens the item in the changes view.
  await chip.click();
  await waitUntil('the changes view on srv-soumu', async () => page.url().endsWith('#/changes?ci=srv-soumu'));
  const detail = page.getByTestId('changes-ci-detail');
  await waitUntil('the item srv-soumu shown', async () =>
    (await detail.getAttribute('data-code')) === 'srv-soumu' && (await detail.getAttribute('data-ci-id')) !== null);
  assert.equal(await text(page.getByTestId('changes-ci-detail-name')), '標準共済システムサーバ（総務省共済組合）');
  assert.equal(await text(page.getByTestId('changes-ci-detail-kind')), 'システムサーバ');
  assert.equal(await text(page.getByTestId('changes-ci-detail-tenants')), '総務省共済組合');
  assert.equal(await text(page.getByTestId('changes-ci-detail-location')), '共同利用センタ');
  assert.equal(await text(detail.locator('[data-testid="changes-ci-attribute"][data-name="os"] td')), 'Windows Server 2022 Standard');
  assert.match(await text(detail.locator('[data-testid="changes-ci-relation"][data-kind="depends_on"]')), /^依存先: storage-shared（共有ディスク/);
  assert.deepEqual(await detail.getByTestId('changes-ci-event').evaluateAll((es) => es.map((e) => e.dataset.type)), ['registered']);
  assert.equal(await page.locator('[data-testid="changes-ci-row"][data-code="srv-soumu"]').getAttribute('aria-selected'), 'true');

  // Its 障害履歴: the incident, in Japan time (the browser is in Los Angeles).
  const fault = detail.locator(`[data-testid="changes-ci-incident"][data-incident-id="${incidentId}"]`);
  await fault.waitFor({ timeout: WAIT_MS });
  assert.equal(await detail.getByTestId('changes-ci-incident').count(), 1);
  assert.deepEqual((await fault.locator('td').allInnerTexts()).map((s) => s.trim()),
    ['2026/06/01 08:30', FAULT_TITLE, '重要', '対応中']);
  assert.equal(await fault.getAttribute('data-closed'), 'false');
  const linked = await getOk('/v1/configuration-items/srv-soumu/incidents');
  assert.deepEqual(linked.incidents.map((i) => [i.id, i.matched_text, i.closed]), [[incidentId, 'SRV-SOUMU', false]]);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByTestId('changes-ci').screenshot({ path: path.join(ARTIFACTS, 'changes-ci.png') });

  // Its relation's other end, the shared disk: no incident names it.
  await detail.locator('[data-testid="changes-ci-link"][data-code="storage-shared"]').click();
  await waitUntil('the item storage-shared shown', async () => (await detail.getAttribute('data-code')) === 'storage-shared');
  await detail.getByTestId('changes-ci-incidents-empty').waitFor({ timeout: WAIT_MS });
  assert.equal(await text(detail.getByTestId('changes-ci-incidents-empty')), 'この構成アイテムを対象とする障害の記録はありません');
  assert.match(page.url(), /#\/changes\?ci=storage-shared$/);
});

// ---- 改修案件: register, plan, baseline, work, earned value, the lifecycle ---------------------------

browserTest('a maintainer registers a change, plans and baselines its work, records hours and progress, and reads its earned value', async () => {
  const page = await openPage(deskToken, '#/changes');
  await page.getByTestId('changes-empty').waitFor({ timeout: WAIT_MS });

  // 改修案件を登録: from a fault, without its incident first (422 next to the field).
  await page.getByTestId('changes-new').click();
  const newForm = page.getByTestId('changes-new-form');
  await newForm.waitFor({ timeout: WAIT_MS });
  await page.getByTestId('changes-new-origin').selectOption('fault');
  await page.getByTestId('changes-new-title').fill(TITLE);
  await page.getByTestId('changes-new-tenant-soumu').check();
  await page.getByTestId('changes-new-items').fill('srv-soumu');
  await page.getByTestId('changes-new-submit').click();
  await waitUntil('the incident\'s error next to its field', async () => (await text(fieldError(newForm, 'incident_id'))) !== '');
  assert.equal(await text(fieldError(newForm, 'incident_id')), 'a change from a fault names its incident');
  assert.equal(await page.getByTestId('changes-new-message').getAttribute('data-status'), '422');
  await page.getByTestId('changes-new-incident').fill(INCIDENT);
  await page.getByTestId('changes-new-submit').click();
  await waitUntil('the change registered', async () => (await text(page.getByTestId('changes-message'))) === `改修案件を登録しました：${TITLE}`);
  assert.equal(await page.getByTestId('changes-new-form').count(), 0, 'the form closed');

  const listed = (await getOk('/v1/changes')).items;
  assert.equal(listed.length, 1);
  changeId = listed[0].id;
  assert.deepEqual([listed[0].origin, listed[0].incident_id, listed[0].tenants, listed[0].status, listed[0].counts_against_cap],
    ['fault', INCIDENT, ['soumu'], 'registered', true]);
  const row = changeRow(page, changeId);
  await row.waitFor({ timeout: WAIT_MS });
  assert.deepEqual((await row.locator('td').allInnerTexts()).map((s) => s.trim()),
    [TITLE, '総務省共済組合', '障害', '登録', '—', '0 時間', '0 時間']);
  await expectDetail(page, changeId);
  assert.equal(await text(page.getByTestId('changes-detail-title')), TITLE);
  assert.equal(await text(page.getByTestId('changes-detail-items')), 'srv-soumu（標準共済システムサーバ（総務省共済組合））');
  assert.match(page.url(), new RegExp(`#/changes\\?id=${changeId}$`));
  // No signing recorded for it yet: a muted line under its distribution phase.
  assert.equal(await text(page.getByTestId('changes-signings-row').getByTestId('changes-signings-empty')), '署名記録はありません');

  // 作業追加 (WBS): 40 h over Monday 06-01 to Friday 06-05, soumu's.
  let version = await detailVersion(page);
  await openCommand(page, 'add_work_package');
  await page.getByTestId('changes-add_work_package-name').fill('夜間バッチ修正（設計・製造・試験）');
  await page.getByTestId('changes-add_work_package-planned_hours').fill('40');
  await page.getByTestId('changes-add_work_package-planned_start').fill('2026-06-01');
  await page.getByTestId('changes-add_work_package-planned_finish').fill('2026-06-05');
  await page.getByTestId('changes-add_work_package-tenant').selectOption('soumu');
  await submitCommand(page, 'add_work_package', version);
  const wp = page.locator('[data-testid="changes-package"][data-package-id="wp-1"]');
  assert.deepEqual((await wp.locator('td').allInnerTexts()).map((s) => s.trim()),
    ['wp-1', '夜間バッチ修正（設計・製造・試験）', '総務省共済組合', '40 時間', '2026/06/01〜2026/06/05', '0%', '0 時間']);

  // ベースライン設定.
  version = await detailVersion(page);
  await openCommand(page, 'baseline');
  await submitCommand(page, 'baseline', version);
  assert.equal(await text(page.getByTestId('changes-baseline')), 'ベースライン1（2026/06/01 09:00、e2e-desk）');
  assert.equal(await text(page.getByTestId('changes-cmd-baseline')), 'ベースライン再設定');

  // The first day's earned value: 8 h planned, nothing earned or spent; CPI has no value (AC is 0).
  await waitUntil('the first day\'s earned value', async () => (await text(page.getByTestId('changes-evm-heading'))) === 'EVM（基準日 2026/06/01・ベースライン1）');
  const first = await figures(page, 'changes-detail-evm');
  assert.deepEqual([first.pv, first.ev, first.ac, first.bac, first.spi, first.cpi, first.eac], ['8', '0', '0', '40', '0.00', '—', '—']);
  const cpi = figure(page, 'changes-detail-evm', 'cpi');
  assert.equal(await cpi.getAttribute('title'), '算出できません: AC is 0: no hours were recorded by 2026-06-01');
  assert.match(await figure(page, 'changes-detail-evm', 'eac').getAttribute('title'), /^算出できません: AC is 0/);

  // Wednesday evening: the hours of Monday and Tuesday, and Wednesday's progress.
  await setClock(T1);
  for (const [date, hours] of [['2026-06-01', '10'], ['2026-06-02', '12']]) {
    version = await detailVersion(page);
    await openCommand(page, 'record_actual');
    await page.getByTestId('changes-record_actual-hours').fill(hours);
    await page.getByTestId('changes-record_actual-by').fill('山田');
    await page.getByTestId('changes-record_actual-date').fill(date);
    await page.getByTestId('changes-record_actual-activity').fill('設計・製造');
    await submitCommand(page, 'record_actual', version);
  }
  assert.equal(await text(wp.getByTestId('changes-package-actual')), '22 時間');

  // 120 % is refused next to the field, then 50 % as of 06-03.
  version = await detailVersion(page);
  const progress = await openCommand(page, 'record_progress');
  await page.getByTestId('changes-record_progress-percent').fill('120');
  await page.getByTestId('changes-record_progress-as_of').fill('2026-06-03');
  await page.getByTestId('changes-record_progress-submit').click();
  await waitUntil('the percent\'s error next to its field', async () => (await text(fieldError(progress, 'percent'))) !== '');
  assert.match(await text(fieldError(progress, 'percent')), /^must be a number from 0 to 100/);
  assert.equal(await page.getByTestId('changes-record_progress-message').getAttribute('data-status'), '422');
  assert.equal(await detailVersion(page), version, 'the refusal recorded nothing');
  await page.getByTestId('changes-record_progress-percent').fill('50');
  await submitCommand(page, 'record_progress', version);
  assert.equal(await text(wp.getByTestId('changes-package-percent')), '50%');

  // The earned value on Wednesday 06-03 (hand-computed, see the top of this file).
  await waitUntil('Wednesday\'s earned value', async () => (await text(page.getByTestId('changes-evm-heading'))) === 'EVM（基準日 2026/06/03・ベースライン1）');
  const shown = await figures(page, 'changes-detail-evm');
  assert.deepEqual(
    [shown.pv, shown.ev, shown.ac, shown.bac, shown.spi, shown.cpi, shown.eac, shown.sv, shown.cv, shown.forecast_finish],
    ['24', '20', '22', '40', '0.83', '0.91', '44', '-4', '-2', '2026/06/08']);
  assert.equal(await figure(page, 'changes-detail-evm', 'cpi').getAttribute('title'), null, 'a figure with a value has no reason');
  const evm = await getOk(`/v1/changes/${changeId}/evm`);
  assert.deepEqual([evm.as_of, evm.pv, evm.ev, evm.ac, evm.spi, evm.cpi, evm.eac.cpi, evm.undefined],
    ['2026-06-03', 24, 20, 22, 0.8333, 0.9091, 44, {}]);
  assert.equal(await figure(page, 'changes-detail-evm', 'spi').getAttribute('data-value'), '0.8333');
  await waitUntil('the list\'s hours', async () => (await text(row.getByTestId('changes-row-actual'))) === '22 時間');
  assert.equal(await text(row.getByTestId('changes-row-planned')), '40 時間');

  // 影響評価, then 承認 (the desk records the association's approval).
  version = await detailVersion(page);
  await openCommand(page, 'assess');
  await page.getByTestId('changes-assess-impact').fill('総務省共済組合の夜間バッチ（掛金計算）に影響');
  await page.getByTestId('changes-assess-effort_estimate_hours').fill('40');
  await submitCommand(page, 'assess', version);
  assert.equal(await page.getByTestId('changes-detail').getAttribute('data-status'), 'assessed');
  assert.match(await text(page.getByTestId('changes-detail-assessment')), /^総務省共済組合の夜間バッチ（掛金計算）に影響（見積 40 時間）/);
  version = await detailVersion(page);
  await openCommand(page, 'approve');
  await page.getByTestId('changes-approve-approver').fill('総務省共済組合 佐藤');
  await submitCommand(page, 'approve', version);
  assert.equal(await page.getByTestId('changes-detail').getAttribute('data-status'), 'approved');
  assert.equal(await page.getByTestId('changes-cmd-approve').count(), 0, 'approved once');

  // 工程完了: the design, a blank document first (422 next to the fields), then with its evidence.
  version = await detailVersion(page);
  const phaseForm = await openCommand(page, 'complete_phase');
  assert.equal(await page.getByTestId('changes-complete_phase-phase').inputValue(), 'design');
  await page.getByTestId('changes-complete_phase-submit').click();
  await waitUntil('the evidence\'s errors', async () => (await text(fieldError(phaseForm, 'evidence.document_id'))) !== '');
  assert.equal(await text(fieldError(phaseForm, 'evidence.document_id')), '入力してください');
  assert.equal(await text(fieldError(phaseForm, 'evidence.document_version')), '入力してください');
  await page.getByTestId('changes-complete_phase-document_id').fill('DOC-DESIGN-001');
  await page.getByTestId('changes-complete_phase-document_version').fill('1.0');
  await page.getByTestId('changes-complete_phase-note').fill('基本設計書・詳細設計書');
  await submitCommand(page, 'complete_phase', version);
  const design = page.locator('[data-testid="changes-phase"][data-phase="design"]');
  assert.equal(await design.getAttribute('data-state'), 'done');
  assert.match(await text(design.getByTestId('changes-phase-records')), /^文書 DOC-DESIGN-001 第1\.0版（基本設計書・詳細設計書） · e2e-desk・2026\/06\/03 18:00$/);
  assert.equal(await page.locator('[data-testid="changes-phase"][data-phase="build"]').getAttribute('data-state'), 'current');
  await waitUntil('the list\'s phase', async () => (await text(row.getByTestId('changes-row-phase'))) === '製造');
  assert.equal(await text(row.getByTestId('changes-status')), '作業中');
  const change = await getOk(`/v1/changes/${changeId}`);
  assert.deepEqual([change.status, change.current_phase, change.phases[0].records[0].evidence],
    ['in_progress', 'build', { document_id: 'DOC-DESIGN-001', document_version: '1.0' }]);

  // A program signed for the change (its distribution), recorded over the API with a code-signing
  // certificate imported for soumu; the change's page lists it under the distribution phase.
  const imported = await api('POST', '/v1/certificates', deskToken, { pem: codeSigningPem(), owner: 'センタ運用 田中', tenants: ['soumu'] });
  assert.equal(imported.status, 201, imported.text);
  const fingerprint = imported.json.fingerprint;
  const sha256 = createHash('sha256').update('kyosai-batch 2.1.0\n').digest('hex');
  const recorded = await api('POST', '/v1/signatures', deskToken, {
    artifact_name: 'kyosai-batch.exe', artifact_version: '2.1.0', sha256, certificate_fingerprint: fingerprint, signed_at: SIGNED_AT, change_id: changeId,
  });
  assert.equal(recorded.status, 201, recorded.text);
  const signed = await openPage(deskToken, `#/changes?id=${changeId}`);
  await expectDetail(signed, changeId);
  const signings = signed.getByTestId('changes-signings-row');
  const signing = signings.locator(`[data-testid="changes-signing"][data-signing-id="${recorded.json.id}"]`);
  await signing.waitFor({ timeout: WAIT_MS });
  assert.equal(await signings.getByTestId('changes-signing').count(), 1);
  assert.deepEqual((await signing.locator('td').allInnerTexts()).map((s) => s.trim()),
    ['kyosai-batch.exe', '2.1.0', '2026/06/03 17:00', 'なし', SIGNER_CN, `${sha256.slice(0, 12)}…`]);
  const link = signing.getByTestId('changes-signing-certificate');
  assert.equal(await link.getAttribute('href'), `#/certificates?fingerprint=${fingerprint}`);
  assert.equal(await signing.locator('code.doc-sha').getAttribute('title'), sha256);

  await signed.evaluate(() => window.scrollTo(0, 0)); // the sticky header at the top of the picture
  await signed.screenshot({ path: path.join(ARTIFACTS, 'changes.png'), fullPage: true });

  // The link opens the certificate's page.
  await link.click();
  await waitUntil('the certificate\'s page', async () => signed.url().endsWith(`#/certificates?fingerprint=${fingerprint}`));
  await waitUntil('the certificate shown', async () => (await text(signed.getByTestId('certificates-detail-title'))) === SIGNER_CN);
});

// ---- 月次 EVM: the month, the S-curve, the contract's cap, the workbook -------------------------------

browserTest('the month\'s earned value shows the totals, the S-curve and the contract cap in 人月, and downloads as xlsx', async () => {
  assert.ok(changeId, 'the change test ran');
  const page = await openPage(deskToken, '#/changes', { acceptDownloads: true });
  const panel = page.getByTestId('changes-evm');
  // The server's month (June 2026 in Tokyo), not the browser's.
  await waitUntil('the month shown', async () => (await page.getByTestId('changes-evm-title').getAttribute('data-month')) === MONTH);
  assert.equal(await page.getByTestId('changes-evm-month').inputValue(), MONTH);
  assert.equal(await text(page.getByTestId('changes-evm-title')), '2026年6月（基準日 2026/06/03）');
  const totals = await figures(page, 'changes-evm-totals');
  assert.deepEqual([totals.pv, totals.ev, totals.ac, totals.spi, totals.cpi, totals.eac], ['24', '20', '22', '0.83', '0.91', '44']);
  const rows = panel.getByTestId('changes-evm-row');
  assert.equal(await rows.count(), 1);
  assert.deepEqual((await rows.first().locator('td').allInnerTexts()).map((s) => s.trim()),
    [TITLE, '障害', '作業中', '24', '20', '22', '0.83', '0.91', '44']);

  // The S-curve: uPlot's canvas and its legend, over the 30 days of the month.
  await page.getByTestId('changes-evm-chart').locator('canvas').first().waitFor({ timeout: WAIT_MS });
  assert.match(await text(page.getByTestId('changes-evm-chart').locator('.u-legend')), /計画値\(PV\)[\s\S]*出来高\(EV\)[\s\S]*実コスト\(AC\)/);
  const report = await getOk(`/v1/evm?month=${MONTH}`);
  assert.equal(report.series.length, 30);
  assert.deepEqual(report.series.slice(0, 3).map((p) => [p.date, p.pv, p.ev, p.ac]),
    [['2026-06-01', 8, 0, 10], ['2026-06-02', 16, 0, 22], ['2026-06-03', 24, 20, 22]]);

  // The contract's cap (2 person-months of 160 h), for centre staff.
  const cap = page.getByTestId('changes-cap');
  await cap.waitFor({ timeout: WAIT_MS });
  assert.equal(await text(cap.locator('h4')), '改修作業の契約上限（2026年度、1人月 = 160 時間）');
  const capFigure = (key) => cap.locator(`[data-testid="changes-cap-figure"][data-figure="${key}"]`);
  assert.equal(await text(capFigure('cap').getByTestId('evm-value')), '2.00');
  assert.match(await text(capFigure('cap')), /^上限\s*2\.00 人月\s*320 時間$/);
  assert.equal(await capFigure('ac').getAttribute('data-value'), '0.1375');
  assert.equal(await capFigure('eac').getAttribute('data-value'), '0.275');
  assert.equal(await capFigure('after_ac').getAttribute('data-value'), '1.8625');
  assert.match(await text(capFigure('ac')), /22 時間・上限比 6\.9 %/);
  assert.match(await text(capFigure('eac')), /44 時間・上限比 13\.8 %（CPI 法）/);
  assert.deepEqual([report.contract_cap.cap.person_months, report.contract_cap.ac.hours, report.contract_cap.eac.hours], [2, 22, 44]);

  // 月次 EVM をダウンロード: the workbook, fetched with the token and saved under its name.
  assert.equal(await text(page.getByTestId('changes-evm-xlsx')), '⬇ 月次 EVM をダウンロード');
  const [response, download] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/v1/evm?') && r.url().includes('format=xlsx'), { timeout: WAIT_MS }),
    page.waitForEvent('download', { timeout: WAIT_MS }),
    page.getByTestId('changes-evm-xlsx').click(),
  ]);
  assert.equal(response.status(), 200);
  assert.equal(response.headers()['content-type'], XLSX);
  assert.equal(response.headers()['content-disposition'], `attachment; filename="evm-${MONTH}.xlsx"`);
  assert.equal(download.suggestedFilename(), `evm-${MONTH}.xlsx`);
  const file = path.join(dataDir, 'evm.xlsx');
  await download.saveAs(file);
  assert.equal(fs.readFileSync(file).subarray(0, 2).toString('latin1'), 'PK', 'an Office Open XML (zip) file');

  // A month to come: measured on its first day (the open change is in it), and back.
  await page.getByTestId('changes-evm-month').fill('2026-07');
  await waitUntil('July', async () => (await page.getByTestId('changes-evm-title').getAttribute('data-month')) === '2026-07');
  assert.equal(await text(page.getByTestId('changes-evm-title')), '2026年7月（基準日 2026/07/01）');
  assert.equal(await panel.getByTestId('changes-evm-row').count(), 1);
  await page.getByTestId('changes-evm-month').fill(MONTH);
  await waitUntil('June again', async () => (await page.getByTestId('changes-evm-title').getAttribute('data-month')) === MONTH);
  await panel.getByTestId('changes-evm-row').first().waitFor({ timeout: WAIT_MS });

  await panel.screenshot({ path: path.join(ARTIFACTS, 'changes-evm.png') });
});

// ---- an association's administrator ------------------------------------------------------------

browserTest('houmu\'s association administrator sees houmu\'s items and change only, no cap, and approves its change', async () => {
  assert.ok(changeId, 'the change test ran');
  // A change of houmu's, registered and assessed by the desk over the API.
  const registered = await api('POST', '/v1/changes', deskToken, { origin: 'other', title: HOUMU_TITLE, tenants: ['houmu'], configuration_items: ['srv-houmu'] });
  assert.equal(registered.status, 201, registered.text);
  const houmuId = registered.json.id;
  const assessed = await api('POST', `/v1/changes/${houmuId}/assess`, deskToken, { impact: '帳票の様式変更', effort_estimate_hours: 16 });
  assert.equal(assessed.status, 200, assessed.text);

  const page = await openPage(houmuAdminToken, '#/changes');
  // Its items: srv-houmu and the shared equipment (no other association's server), and no seed.
  await waitUntil('houmu\'s items', async () => (await page.getByTestId('changes-ci-row').count()) > 0);
  const visible = await getOk('/v1/configuration-items', houmuAdminToken);
  assert.equal(await text(page.getByTestId('changes-ci-count')), String(visible.count));
  assert.deepEqual(await page.locator('[data-testid="changes-ci-row"][data-kind="system_server"]').evaluateAll((rows) => rows.map((r) => r.dataset.code)), ['srv-houmu']);
  assert.equal(await page.getByTestId('changes-ci-seed').count(), 0);
  assert.equal(await page.getByTestId('changes-new').count(), 0, 'registering is the desk\'s');

  // Its change only: not soumu's.
  const houmuRow = changeRow(page, houmuId);
  await houmuRow.waitFor({ timeout: WAIT_MS });
  assert.equal(await page.getByTestId('changes-row').count(), 1);
  assert.equal(await changeRow(page, changeId).count(), 0, 'soumu\'s change is not listed');
  assert.equal((await api('GET', `/v1/changes/${changeId}`, houmuAdminToken)).status, 404);

  // The month: houmu's change, no cap (403 over the API).
  await waitUntil('the month shown', async () => (await page.getByTestId('changes-evm-title').getAttribute('data-month')) === MONTH);
  assert.deepEqual(await page.getByTestId('changes-evm-row').evaluateAll((rows) => rows.map((r) => r.dataset.changeId)), [houmuId]);
  assert.equal(await page.getByTestId('changes-cap').count(), 0, 'no contract cap for an association');
  assert.equal((await getOk(`/v1/evm?month=${MONTH}`, houmuAdminToken)).contract_cap, null);
  assert.equal((await api('GET', '/v1/evm/cap', houmuAdminToken)).status, 403);

  // The change: only 承認 and 却下; a blank approver first (422), then the approval.
  await houmuRow.click();
  await expectDetail(page, houmuId);
  assert.deepEqual(await page.getByTestId('changes-actions').locator('button').evaluateAll((bs) => bs.map((b) => b.dataset.testid)),
    ['changes-cmd-approve', 'changes-cmd-reject']);
  // Nothing planned: the figures that divide by zero are — with the server's reason.
  assert.match(await figure(page, 'changes-detail-evm', 'spi').getAttribute('title'), /^算出できません: PV is 0/);
  const version = await detailVersion(page);
  const form = await openCommand(page, 'approve');
  await page.getByTestId('changes-approve-submit').click();
  await waitUntil('the approver\'s error', async () => (await text(fieldError(form, 'approver'))) !== '');
  assert.equal(await text(fieldError(form, 'approver')), '入力してください');
  await page.getByTestId('changes-approve-approver').fill('法務省共済組合 鈴木課長');
  await submitCommand(page, 'approve', version);
  assert.equal(await page.getByTestId('changes-detail').getAttribute('data-status'), 'approved');
  assert.match(await text(page.getByTestId('changes-detail-approval')), /^法務省共済組合 鈴木課長 · e2e-houmu-admin・2026\/06\/03 18:00$/);
  assert.equal(await page.getByTestId('changes-actions').count(), 0, 'nothing left for the association side');
  assert.equal((await getOk(`/v1/changes/${houmuId}`)).approval.by, 'e2e-houmu-admin');

  // Addressing soumu's change by the route: not found, as if it did not exist.
  await page.evaluate((id) => { location.hash = `#/changes?id=${id}`; }, changeId);
  await page.getByTestId('changes-detail-error').waitFor({ timeout: WAIT_MS });
  assert.equal(await text(page.getByTestId('changes-detail-error')), '改修案件が見つかりません');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, 'changes-houmu.png'), fullPage: true });
});
