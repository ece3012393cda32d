// End-to-end test of the certificates view (#/certificates, 証明書) in a real browser against the
// real server, like tests/documents.e2e.mjs (same setup, tests/harness.mjs, its own server):
//
//   cd web && npm ci && npm run build
//   OPSDESK_BIN=$PWD/../build/release/cmd/opsdesk/opsdesk node --test tests/certificates.e2e.mjs
//
// The certificates are made for the test with the openssl command line in a temporary directory
// (node:crypto makes keys but no X.509): a root CA, the trust store of every purpose (the server
// is started with OPSDESK_CERTIFICATES_{TLS,CODE_SIGNING,TIMESTAMP}_TRUST_BUNDLE naming its PEM);
// kyosai.example.jp (serverAuth, valid 2026-11-01 to 2027-05-01 Tokyo) and its renewal (2026-12-01
// to 2027-06-01); old.example.jp, which expired on 2026-07-01 (as DER, old.cer); 共済組合連合会
// コード署名 (codeSigning, 2026-10-01 to 2027-07-01); and a file with its detached CMS signature
// made with the code-signing key.
//
// The browser runs in another time zone than Tokyo on purpose: every time on the page is Japan
// time. On success the inventory is saved as certificates.png and the code-signing certificate's
// page as certificate.png in $OPSDESK_TEST_ARTIFACTS (default /tmp/opsdesk-browser-artifacts); on
// a failure, screenshots and the server's output go there.
//
// The tests run in order and share the server, whose clock stands at Monday 2026-12-07 10:00. A
// maintainer with "*" registers kyosai.example.jp for soumu through 証明書を登録 (the 422 for the
// empty form first): 有効, 144日 left, renewal due 2027-03-01 16:00 (a third of its lifetime before
// its end); orders its renewal (the 422 without the association side's instruction first), records
// the issued successor by pasting its PEM (the page moves to the successor, which took the old
// one's locations) and its deployment, and retires the old one (廃止, replaced by the successor).
// The code-signing certificate is imported over the API (renewed 200 days before its end, so due
// 2026-12-13) with a signing record; its own address `#/certificates?fingerprint=<fingerprint>` shows its
// rule, the scheduling task the expiry watch made and the signing; old.example.jp is registered
// by choosing its DER file (turned into PEM in the browser) and shows its two warnings and
// 期限切れ; the detached signature verifies (its signer a link to the inventory, its signing
// record found) and a plain file sent as a program is refused next to the file. With the clock
// at 2026-12-14 the code-signing row reads 更新期限超過; the filters go into the route and the
// filtered workbook downloads (a zip). Last, houmu's viewer sees the centre-wide code-signing
// certificate but nothing of soumu's, and no command.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate, createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ARTIFACTS, WAIT_MS, api, browserTests, dataDir, launchBrowser, logIn, mintToken, moveClock, openPage, startOpsdesk,
  stopOpsdesk, waitUntil,
} from './harness.mjs';

const T0 = '2026-12-07T10:00:00+09:00'; // Monday
const T1 = '2026-12-14T10:00:00+09:00'; // Monday a week later: the code-signing renewal is due since 12-13
// (The server checks the tokens' 30 days against its manual clock: the clock stays within them.)
const SITE = 'https://kyosai.example.jp/';
const CODE_SIGNING_CN = '共済組合連合会 コード署名';
const INSTRUCTED_BY = '総務省共済組合 佐藤';

let deskToken = null;
let houmuViewerToken = null;
let pki = null; // the test's certificates, made by openssl
const fp = {}; // fingerprints: tls, renewed, old, signing
const browserTest = browserTests('certificates '); // a failure's artifacts in $OPSDESK_TEST_ARTIFACTS/certificates_<test name>

// ---- the test's certificates, made with the openssl command line ---------------------------------

const OPENSSL_CONFIG = `[ ca ]
default_ca = test_ca
[ test_ca ]
database = ./index.txt
new_certs_dir = ./issued
serial = ./serial
default_md = sha256
policy = any_name
unique_subject = no
copy_extensions = none
email_in_dn = no
string_mask = utf8only
[ any_name ]
countryName = optional
organizationName = optional
commonName = supplied
[ req ]
distinguished_name = dn
string_mask = utf8only
utf8 = yes
[ dn ]
[ root ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ tls ]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:kyosai.example.jp
[ old_tls ]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:old.example.jp
[ code_signing ]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = codeSigning
`;

/** `2026-11-01T00:00:00+09:00` as openssl ca's -startdate / -enddate want it (UTC). */
const asn1Time = (iso) => new Date(iso).toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z');

/** The root, the certificates it issues (P-256 keys) with fixed validity, a DER copy and a detached signature. */
function makePki() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-certificates-pki-'));
  const run = (args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  fs.mkdirSync(path.join(dir, 'issued'));
  fs.writeFileSync(path.join(dir, 'index.txt'), '');
  fs.writeFileSync(path.join(dir, 'serial'), '1000\n');
  fs.writeFileSync(path.join(dir, 'openssl.cnf'), OPENSSL_CONFIG);
  const issue = (name, subject, extensions, from, to) => {
    run(['req', '-config', 'openssl.cnf', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-utf8',
      '-keyout', `${name}.key`, '-subj', subject, '-out', `${name}.csr`]);
    run(['ca', '-config', 'openssl.cnf', '-batch', '-utf8', '-notext', '-keyfile', 'root.key',
      ...(name === 'root' ? ['-selfsign'] : ['-cert', 'root.pem']),
      '-in', `${name}.csr`, '-extensions', extensions, '-startdate', asn1Time(from), '-enddate', asn1Time(to), '-out', `${name}.pem`]);
    return fs.readFileSync(path.join(dir, `${name}.pem`), 'utf8');
  };
  const pem = {
    root: issue('root', '/C=JP/O=opsdesk e2e/CN=opsdesk e2e root', 'root', '2026-01-01T00:00:00Z', '2036-01-01T00:00:00Z'),
    tls: issue('tls', '/C=JP/O=opsdesk e2e/CN=kyosai.example.jp', 'tls', '2026-11-01T00:00:00+09:00', '2027-05-01T00:00:00+09:00'),
    renewed: issue('renewed', '/C=JP/O=opsdesk e2e/CN=kyosai.example.jp', 'tls', '2026-12-01T00:00:00+09:00', '2027-06-01T00:00:00+09:00'),
    old: issue('old', '/C=JP/O=opsdesk e2e/CN=old.example.jp', 'old_tls', '2026-01-01T00:00:00+09:00', '2026-07-01T00:00:00+09:00'),
    signing: issue('signing', `/C=JP/O=国家公務員共済組合連合会/CN=${CODE_SIGNING_CN}`, 'code_signing',
      '2026-10-01T00:00:00+09:00', '2027-07-01T00:00:00+09:00'),
  };
  run(['x509', '-in', 'old.pem', '-outform', 'DER', '-out', 'old.cer']);
  const artifact = Buffer.from('kyosai-forms 2027.1\n帳票定義\n', 'utf8');
  fs.writeFileSync(path.join(dir, 'kyosai-forms.def'), artifact);
  run(['cms', '-sign', '-binary', '-in', 'kyosai-forms.def', '-signer', 'signing.pem', '-inkey', 'signing.key', '-outform', 'PEM',
    '-out', 'kyosai-forms.def.p7s']);
  return {
    dir,
    pem,
    rootFile: path.join(dir, 'root.pem'),
    oldDer: fs.readFileSync(path.join(dir, 'old.cer')),
    artifact,
    signature: fs.readFileSync(path.join(dir, 'kyosai-forms.def.p7s')),
  };
}

/** A certificate's identity as opsdesk names it: the SHA-256 of its DER, 64 lower-case hex digits. */
const fingerprintOf = (pem) => new X509Certificate(pem).fingerprint256.replaceAll(':', '').toLowerCase();

// ---- the server and the browser -----------------------------------------------------------------

/** A command over the API that must be accepted. */
async function ok(method, pathname, body, token = deskToken) {
  const res = await api(method, pathname, token, body);
  assert.ok(res.status >= 200 && res.status < 300, `${method} ${pathname} answered ${res.status}: ${res.text}`);
  return res.json;
}

before(async () => {
  pki = makePki();
  for (const name of ['tls', 'renewed', 'old', 'signing']) fp[name] = fingerprintOf(pki.pem[name]);
  await startOpsdesk('certificates', {
    OPSDESK_CERTIFICATES_TLS_TRUST_BUNDLE: pki.rootFile,
    OPSDESK_CERTIFICATES_CODE_SIGNING_TRUST_BUNDLE: pki.rootFile,
    OPSDESK_CERTIFICATES_TIMESTAMP_TRUST_BUNDLE: pki.rootFile,
  });
  deskToken = mintToken('e2e-desk', 'maintainer', '*');
  houmuViewerToken = mintToken('e2e-houmu-viewer', 'viewer', 'houmu');
  const clock = await moveClock(deskToken, T0);
  assert.equal(Date.parse(clock.now), Date.parse(T0), `the test clock answered ${JSON.stringify(clock)}`);
  fs.mkdirSync(ARTIFACTS, { recursive: true }); // for the screenshots of a passing run
  await launchBrowser();
});

after(async () => {
  await stopOpsdesk();
  if (pki) fs.rmSync(pki.dir, { recursive: true, force: true });
});

// ---- helpers --------------------------------------------------------------------------------

const text = async (locator) => (await locator.innerText()).trim();
const cells = async (row) => (await row.locator('td').allInnerTexts()).map((s) => s.trim().replace(/\s+/g, ' '));
const fieldError = (scope, name) => scope.locator(`[data-testid="field-error"][data-field="${name}"]`);
const row = (page, fingerprint) => page.locator(`[data-testid="certificates-row"][data-fingerprint="${fingerprint}"]`);
const detail = (page) => page.getByTestId('certificates-detail');
const detailVersion = async (page) => Number(await detail(page).getAttribute('data-version'));

/** Waits until the page shows certificate `fingerprint` (read, not loading). */
async function shown(page, fingerprint) {
  await waitUntil(`certificate ${fingerprint.slice(0, 12)} shown`, async () =>
    (await detail(page).getAttribute('data-fingerprint')) === fingerprint && (await detail(page).getAttribute('data-version')) !== null);
}

/** Opens a command's form on the shown certificate. */
async function openCommand(page, command) {
  await page.getByTestId(`certificates-cmd-${command}`).click();
  await page.getByTestId(`certificates-form-${command}`).waitFor({ timeout: WAIT_MS });
}

/** Submits a command's form and waits until the certificate is read again with it. */
async function submitCommand(page, command) {
  const version = await detailVersion(page);
  await page.getByTestId(`certificates-${command}-submit`).click();
  await waitUntil(`${command} recorded`, async () => (await detailVersion(page)) > version);
  await waitUntil(`${command}'s confirmation`, async () =>
    (await text(page.getByTestId('certificates-detail-message'))).startsWith('記録しました'));
}

/** Waits for a form's refusal with `status` (its message's data-status). */
async function refused(message, status) {
  await waitUntil(`the ${status}`, async () => (await message.getAttribute('data-status')) === String(status));
}

// ---- an SSL certificate: registered, renewed on instruction, deployed, retired ------------------------

browserTest('a maintainer registers an SSL certificate, orders its renewal, records the successor and its deployment, and retires the old one', async () => {
  const page = await openPage(deskToken, '#/certificates');
  assert.equal(await text(page.getByTestId('nav-certificates')), '証明書');
  await page.getByTestId('certificates-empty').waitFor({ timeout: WAIT_MS });
  assert.equal(await text(page.getByTestId('certificates-empty')), '証明書はまだ登録されていません');

  // 証明書を登録: the empty form first (422, each field named), then kyosai.example.jp for soumu.
  await page.getByTestId('certificates-new').click();
  const form = page.getByTestId('certificates-new-form');
  await form.waitFor({ timeout: WAIT_MS });
  await page.getByTestId('certificates-new-submit').click();
  await refused(page.getByTestId('certificates-new-message'), 422);
  assert.equal(await text(fieldError(form, 'pem')), '入力してください');
  assert.equal(await text(fieldError(form, 'owner')), '入力してください');
  assert.notEqual(await text(fieldError(form, 'tenants')), '');
  await page.getByTestId('certificates-new-pem').fill(pki.pem.tls);
  await page.getByTestId('certificates-new-owner').fill('soumu-infra');
  await page.getByTestId('certificates-new-tenant-soumu').check();
  await page.getByTestId('certificates-new-location-kind').selectOption('url');
  await page.getByTestId('certificates-new-location-value').fill(SITE);
  await page.getByTestId('certificates-new-submit').click();
  await waitUntil('the registration', async () => (await text(page.getByTestId('certificates-message'))) === '証明書を登録しました：kyosai.example.jp');
  await shown(page, fp.tls);
  assert.match(page.url(), new RegExp(`#/certificates\\?fingerprint=${fp.tls}$`));

  // Its row: the soonest to expire first, Japan time, 144 days left, due a third of its lifetime before its end.
  await row(page, fp.tls).waitFor({ timeout: WAIT_MS });
  assert.deepEqual(await cells(row(page, fp.tls)),
    ['SSLサーバ', 'kyosai.example.jp', '2027/05/01 00:00', '144日', '2027/03/01 16:00', '有効', SITE]);
  assert.equal(await row(page, fp.tls).getAttribute('data-status'), 'valid');

  // Its page: no warning, the chain verified to the TLS roots, the rule in words, no request, no task.
  assert.equal(await text(page.getByTestId('certificates-detail-title')), 'kyosai.example.jp');
  assert.equal(await page.getByTestId('certificates-warnings').count(), 0);
  assert.match(await text(page.getByTestId('certificates-detail-chain')), /^検証済 SSL\/TLS のルートに対して（中間証明書 0 枚）$/);
  assert.equal(await text(page.getByTestId('certificates-detail-validity')), '2026/11/01 00:00 〜 2027/05/01 00:00');
  assert.equal(await text(page.getByTestId('certificates-detail-tenants')), '総務省共済組合');
  assert.equal(await text(page.getByTestId('certificates-renewal-due')), '2027/03/01 16:00');
  assert.equal(await text(page.getByTestId('certificates-renewal-rule')), '有効期間の 3 分の 1 を残す時点（既定）');
  assert.equal(await text(page.getByTestId('certificates-renewal-request')), '未依頼');
  assert.equal(await text(page.getByTestId('certificates-renewal-task')), 'なし（SSL証明書は組合の指示で更新します）');
  assert.equal(await text(page.getByTestId('certificates-chain-empty')), 'この証明書の前後の更新はありません');
  assert.deepEqual(await page.getByTestId('certificates-event').evaluateAll((rows) => rows.map((r) => r.dataset.type)), ['CertificateImported']);

  // 更新を依頼: an SSL certificate needs the association side's instruction (422 next to both fields).
  await openCommand(page, 'request_renewal');
  const renewal = page.getByTestId('certificates-form-request_renewal');
  await page.getByTestId('certificates-request_renewal-ca').fill('JPRS');
  await page.getByTestId('certificates-request_renewal-order_id').fill('ORD-2026-12');
  await page.getByTestId('certificates-request_renewal-submit').click();
  await refused(page.getByTestId('certificates-request_renewal-message'), 422);
  assert.match(await text(fieldError(renewal, 'instructed_by')), /who gave it$/);
  assert.match(await text(fieldError(renewal, 'instructed_at')), /when it was given$/);
  await page.getByTestId('certificates-request_renewal-instructed_by').fill(INSTRUCTED_BY);
  await page.getByTestId('certificates-request_renewal-instructed_at').fill('2026-12-04T15:00');
  await submitCommand(page, 'request_renewal');
  assert.equal(await text(page.getByTestId('certificates-detail-message')), '記録しました：更新を依頼');
  assert.match(await text(page.getByTestId('certificates-renewal-request')), /^JPRS（注文番号 ORD-2026-12）/);
  assert.equal(await text(page.getByTestId('certificates-renewal-instructed')), `指示: ${INSTRUCTED_BY}・2026/12/04 15:00`);
  const ordered = await ok('GET', `/v1/certificates/${fp.tls}`);
  assert.equal(ordered.renewal.request.instructed_at, '2026-12-04T15:00:00+09:00');

  // 後継証明書を登録: the renewed certificate's PEM pasted; the page moves to it.
  await openCommand(page, 'record_issued');
  await page.getByTestId('certificates-record_issued-pem').fill(pki.pem.renewed);
  await page.getByTestId('certificates-record_issued-submit').click();
  await shown(page, fp.renewed);
  assert.match(await text(page.getByTestId('certificates-message')), /^後継証明書を登録しました：kyosai\.example\.jp/);
  assert.match(page.url(), new RegExp(`fingerprint=${fp.renewed}$`));
  assert.equal(await page.getByTestId('certificates-predecessor').getAttribute('data-fingerprint'), fp.tls);
  const location = page.locator(`[data-testid="certificates-location"][data-value="${SITE}"]`);
  assert.equal(await location.getAttribute('data-deployed'), 'false', 'the old one\'s location, not deployed yet');
  assert.equal(await text(location.getByTestId('certificates-location-deployed')), '未配備');

  // 配備を記録 at that location.
  await openCommand(page, 'record_deployed');
  assert.equal(await page.getByTestId('certificates-record_deployed-location').locator('option:checked').innerText(), `URL ${SITE}`);
  await submitCommand(page, 'record_deployed');
  assert.equal(await location.getAttribute('data-deployed'), 'true');
  assert.equal(await text(location.getByTestId('certificates-location-deployed')), 'e2e-desk・2026/12/07 10:00');
  assert.equal(await page.getByTestId('certificates-cmd-record_deployed').count(), 0, 'deployed everywhere');

  // The old one: its successor in use; retired (the 422 for a blank reason first).
  await page.getByTestId('certificates-predecessor').locator('a').click();
  await shown(page, fp.tls);
  assert.match(await text(page.getByTestId('certificates-renewal-due')), /後継証明書がすべての利用箇所で使用中です$/);
  assert.equal(await page.getByTestId('certificates-successor').getAttribute('data-fingerprint'), fp.renewed);
  assert.equal(await page.getByTestId('certificates-cmd-record_issued').count(), 0, 'renewed once');
  await openCommand(page, 'retire');
  await page.getByTestId('certificates-retire-submit').click();
  await refused(page.getByTestId('certificates-retire-message'), 422);
  assert.equal(await text(fieldError(page.getByTestId('certificates-form-retire'), 'reason')), '入力してください');
  await page.getByTestId('certificates-retire-reason').fill('更新済み');
  await submitCommand(page, 'retire');
  assert.equal(await detail(page).getAttribute('data-status'), 'retired');
  assert.equal(await text(detail(page).getByTestId('certificates-status').first()), '廃止');
  assert.match(await text(page.getByTestId('certificates-detail-retired')), /^更新済み · e2e-desk・2026\/12\/07 10:00/);
  assert.equal(await page.getByTestId('certificates-detail-retired').locator(`a[data-fingerprint="${fp.renewed}"]`).count(), 1);
  assert.equal(await page.getByTestId('certificates-actions').count(), 0, 'a retired certificate takes no command here');
  assert.deepEqual(await page.getByTestId('certificates-event').evaluateAll((rows) => rows.map((r) => r.dataset.type)),
    ['CertificateImported', 'RenewalRequested', 'SuccessorIssued', 'CertificateRetired']);

  // The inventory: the old one 廃止, its successor 有効 with its own dates.
  await waitUntil('the old row retired', async () => (await row(page, fp.tls).getAttribute('data-status')) === 'retired');
  assert.equal((await cells(row(page, fp.tls)))[5], '廃止');
  assert.deepEqual(await cells(row(page, fp.renewed)),
    ['SSLサーバ', 'kyosai.example.jp', '2027/06/01 00:00', '175日', '2027/04/01 08:00', '有効', SITE]);
});

// ---- a code-signing certificate, an expired one from a DER file, verification, the clock, filters ------

browserTest('the code-signing certificate falls due, an expired DER certificate is registered, a signature verifies, the filtered register downloads', async () => {
  // Over the API: the code-signing certificate for the whole centre, renewed 200 days before its
  // end (due 2026-12-13 00:00), and a program signed with it.
  const signing = await ok('POST', '/v1/certificates', {
    pem: pki.pem.signing, owner: 'センタ運用 田中', tenants: ['all_centre'], renew_before_days: 200,
    locations: [{ kind: 'signing_host', value: 'sign01.centre.local' }],
  });
  assert.equal(signing.fingerprint, fp.signing);
  assert.equal(signing.renewal.due_at, '2026-12-13T00:00:00+09:00');
  const sha256 = createHash('sha256').update(pki.artifact).digest('hex');
  await ok('POST', '/v1/signatures', {
    artifact_name: 'kyosai-forms.def', artifact_version: '2027.1', sha256, certificate_fingerprint: fp.signing,
    signed_at: '2026-12-07T09:30:00+09:00', note: '配布フェーズ 第1回',
  });
  // The expiry watch puts its renewal on the centre's schedule.
  const taskId = await waitUntil('the renewal task', async () => (await ok('GET', `/v1/certificates/${fp.signing}`)).renewal.task_id);

  // Its own address, #/certificates?fingerprint=<fingerprint>.
  const page = await openPage(deskToken, `#/certificates?fingerprint=${fp.signing}`, { acceptDownloads: true });
  await shown(page, fp.signing);
  assert.equal(await text(page.getByTestId('certificates-detail-title')), CODE_SIGNING_CN);
  assert.match(await text(page.getByTestId('certificates-detail-chain')), /^検証済 コード署名のルートに対して/);
  assert.equal(await text(page.getByTestId('certificates-detail-tenants')), 'センタ全組合');
  assert.equal(await text(page.getByTestId('certificates-renewal-due')), '2026/12/13 00:00');
  assert.equal(await text(page.getByTestId('certificates-renewal-rule')), '有効期限の 200 日前（renew_before_days）');
  assert.equal(await text(page.getByTestId('certificates-renewal-task')), taskId);
  const signingRow = page.getByTestId('certificates-signing');
  assert.equal(await signingRow.count(), 1);
  assert.deepEqual((await cells(signingRow)).slice(0, 4), ['kyosai-forms.def 2027.1', `${sha256.slice(0, 12)}…`, '2026/12/07 09:30', 'なし']);

  // 証明書を登録 from a DER file (old.cer): turned into PEM in the browser; kept with its warnings.
  await page.getByTestId('certificates-new').click();
  await page.getByTestId('certificates-new-file').setInputFiles({ name: 'old.cer', mimeType: 'application/pkix-cert', buffer: pki.oldDer });
  await waitUntil('the DER read as PEM', async () => (await page.getByTestId('certificates-new-pem').inputValue()).startsWith('-----BEGIN CERTIFICATE-----\n'));
  assert.equal(await text(page.getByTestId('certificates-new-file-note')), 'old.cer を読み込みました（DER を PEM に変換）');
  await page.getByTestId('certificates-new-owner').fill('soumu-infra');
  await page.getByTestId('certificates-new-tenant-soumu').check();
  await page.getByTestId('certificates-new-submit').click();
  await waitUntil('the registration', async () => (await text(page.getByTestId('certificates-message'))) === '証明書を登録しました：old.example.jp（警告 2 件）');
  await shown(page, fp.old);
  const warnings = await page.getByTestId('certificates-warning').allInnerTexts();
  assert.equal(warnings.length, 2);
  assert.match(warnings[0], /^expired on 2026-07-01: kept in the inventory/);
  assert.match(warnings[1], /^its chain does not verify to the tls trust store: certificate has expired/);
  assert.match(await text(page.getByTestId('certificates-warnings')), /^⚠ 登録時の警告（2件）/);
  await row(page, fp.old).waitFor({ timeout: WAIT_MS });
  assert.deepEqual((await cells(row(page, fp.old))).slice(0, 6), ['SSLサーバ', 'old.example.jp', '2026/07/01 00:00', '160日超過', '2026/05/01 16:00', '期限切れ']);
  assert.equal(await row(page, fp.old).getAttribute('data-attention'), 'true');
  assert.match(await row(page, fp.old).getAttribute('class'), /pat-overdue-row/);

  // 署名を検証: the file and its detached signature (JSON, base64): verified, its signer in the
  // inventory, the signing record found.
  const verify = page.getByTestId('certificates-verify');
  await verify.getByTestId('certificates-verify-mode-detached').check();
  await verify.getByTestId('certificates-verify-file').setInputFiles({ name: 'kyosai-forms.def', mimeType: 'application/octet-stream', buffer: pki.artifact });
  await verify.getByTestId('certificates-verify-signature').setInputFiles({ name: 'kyosai-forms.def.p7s', mimeType: 'application/pkcs7-signature', buffer: pki.signature });
  await verify.getByTestId('certificates-verify-submit').click();
  const result = page.getByTestId('certificates-verify-result');
  await result.waitFor({ timeout: WAIT_MS });
  assert.equal(await result.getAttribute('data-verified'), 'true');
  assert.equal(await text(page.getByTestId('certificates-verify-verdict')), '署名は有効です');
  assert.equal(await text(page.getByTestId('certificates-verify-format')), '分離署名 CMS（OpenSSL）');
  assert.equal(await text(page.getByTestId('certificates-verify-timestamp')), '分離署名のタイムスタンプは読みません');
  assert.match(await text(page.getByTestId('certificates-verify-signer')), new RegExp(`^${CODE_SIGNING_CN}・シリアル [0-9A-F]+ 台帳の証明書`));
  assert.equal(await text(page.getByTestId('certificates-verify-record')), 'kyosai-forms.def 2027.1（署名 2026/12/07 09:30、記録 e2e-desk）');
  assert.match(await text(page.getByTestId('certificates-verify-summary')), /^The signature verifies at 2026-12-07T10:00:00\+09:00\./);
  await page.getByTestId('certificates-verify-signer').locator(`a[data-fingerprint="${fp.signing}"]`).click();
  await shown(page, fp.signing);

  // A plain file sent as a signed program (application/octet-stream): refused next to the file.
  await verify.getByTestId('certificates-verify-mode-program').check();
  const verifyResponse = page.waitForResponse((r) => r.url().endsWith('/v1/signatures/verify'), { timeout: WAIT_MS });
  await verify.getByTestId('certificates-verify-submit').click();
  const request = (await verifyResponse).request();
  assert.equal(request.headers()['content-type'], 'application/octet-stream');
  await refused(page.getByTestId('certificates-verify-message'), 422);
  assert.match(await text(fieldError(verify, 'artifact')), /^is not an Authenticode-signed program/);
  assert.equal(await result.count(), 0);

  // A week later: the code-signing certificate's renewal is due (更新期限超過), and the expiry watch
  // records it.
  await moveClock(deskToken, T1);
  await waitUntil('RenewalDue recorded', async () => (await ok('GET', `/v1/certificates/${fp.signing}`)).recorded.renewal_due_at);
  await page.reload(); // the token lives in the page's memory: log in again
  await logIn(page, deskToken);
  await shown(page, fp.signing);
  await waitUntil('the watch recorded the due time', async () => (await detail(page).getAttribute('data-status')) === 'renewal_due');
  const signingCells = await cells(row(page, fp.signing));
  assert.deepEqual(signingCells.slice(0, 6), ['コード署名', CODE_SIGNING_CN, '2027/07/01 00:00', '198日', '2026/12/13 00:00', '更新期限超過']);
  assert.equal(await row(page, fp.signing).getAttribute('data-attention'), 'true');
  assert.match(await text(page.getByTestId('certificates-renewal-due')), /^2026\/12\/13 00:00 更新期限超過/);
  assert.match(await text(page.getByTestId('certificates-renewal-watch')), /^更新期限超過を記録: 2026\/12\/14 10:00/);
  assert.ok((await page.getByTestId('certificates-event').evaluateAll((rows) => rows.map((r) => r.dataset.type))).includes('RenewalDue'));
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, 'certificate.png'), fullPage: true });

  // The whole inventory, the soonest to expire first, each status marked.
  assert.deepEqual(await page.getByTestId('certificates-row').evaluateAll((rows) => rows.map((r) => [r.dataset.fingerprint, r.dataset.status])), [
    [fp.old, 'expired'], [fp.tls, 'retired'], [fp.renewed, 'valid'], [fp.signing, 'renewal_due'],
  ]);

  // The filters go into the route (and come back from it); the filtered register as a workbook.
  const fresh = await openPage(deskToken, '#/certificates', { acceptDownloads: true });
  await row(fresh, fp.signing).waitFor({ timeout: WAIT_MS });
  await fresh.evaluate(() => window.scrollTo(0, 0));
  await fresh.screenshot({ path: path.join(ARTIFACTS, 'certificates.png'), fullPage: true });
  await fresh.getByTestId('certificates-filter-purpose').selectOption('code_signing');
  await fresh.getByTestId('certificates-filter-status').selectOption('renewal_due');
  await waitUntil('the filters in the route', async () => fresh.url().endsWith('#/certificates?purpose=code_signing&status=renewal_due'));
  await waitUntil('the filtered list', async () => (await fresh.getByTestId('certificates-row').count()) === 1);
  await row(fresh, fp.signing).waitFor({ timeout: WAIT_MS });
  const [response, download] = await Promise.all([
    fresh.waitForResponse((r) => r.url().includes('/v1/certificates/report?'), { timeout: WAIT_MS }),
    fresh.waitForEvent('download', { timeout: WAIT_MS }),
    fresh.getByTestId('certificates-xlsx').click(),
  ]);
  assert.equal(response.status(), 200);
  assert.match(response.url(), /purpose=code_signing&status=renewal_due&format=xlsx$/);
  assert.equal(download.suggestedFilename(), 'certificates.xlsx');
  const workbook = path.join(dataDir, 'certificates.xlsx');
  await download.saveAs(workbook);
  assert.equal(fs.readFileSync(workbook).subarray(0, 2).toString('latin1'), 'PK', 'an xlsx is a zip');
  await fresh.reload();
  await logIn(fresh, deskToken);
  await row(fresh, fp.signing).waitFor({ timeout: WAIT_MS });
  assert.equal(await fresh.getByTestId('certificates-filter-purpose').inputValue(), 'code_signing');
  assert.equal(await fresh.getByTestId('certificates-filter-status').inputValue(), 'renewal_due');
  await fresh.getByTestId('certificates-filter-status').selectOption('valid');
  await fresh.getByTestId('certificates-empty').waitFor({ timeout: WAIT_MS });
  assert.equal(await text(fresh.getByTestId('certificates-empty')), '該当する証明書はありません');
});

// ---- another association sees none of soumu's certificates ---------------------------------------------

browserTest('houmu\'s viewer sees the centre\'s code-signing certificate but none of soumu\'s, and no command', async () => {
  const page = await openPage(houmuViewerToken, '#/certificates');
  await row(page, fp.signing).waitFor({ timeout: WAIT_MS });
  assert.deepEqual(await page.getByTestId('certificates-row').evaluateAll((rows) => rows.map((r) => r.dataset.fingerprint)), [fp.signing]);
  assert.equal(await page.getByTestId('certificates-new').count(), 0);
  assert.equal(await page.getByTestId('certificates-filter-tenant').count(), 0, 'one association: nothing to pick');
  const listed = await ok('GET', '/v1/certificates', undefined, houmuViewerToken);
  assert.deepEqual(listed.items.map((c) => c.fingerprint), [fp.signing]);

  // The centre's certificate: its page and its signing, no command.
  await row(page, fp.signing).click();
  await shown(page, fp.signing);
  assert.equal(await page.getByTestId('certificates-signing').count(), 1);
  assert.equal(await page.getByTestId('certificates-actions').count(), 0);
  assert.equal(await page.getByTestId('certificates-verify').count(), 1, 'any role verifies signatures');

  // soumu's certificate at its own address: not found, nothing of it shown.
  assert.equal((await api('GET', `/v1/certificates/${fp.renewed}`, houmuViewerToken)).status, 404);
  await page.goto(`${page.url().split('#')[0]}#/certificates?fingerprint=${fp.renewed}`);
  await page.getByTestId('certificates-detail-error').waitFor({ timeout: WAIT_MS });
  assert.equal(await text(page.getByTestId('certificates-detail-error')), '証明書が見つかりません');
  assert.equal(await row(page, fp.renewed).count(), 0);
});
