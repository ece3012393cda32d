// Unit tests of the pure parts the dashboard stands on: the SSE parser of the board stream and
// the Tokyo time helpers. No server, no browser: `npm test` (node --test).
// The TypeScript modules are compiled on the fly with Vite's esbuild (they import nothing).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transformWithEsbuild } from 'vite';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-web-unit-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function load(relative) {
  const file = path.join(SRC, relative);
  const { code } = await transformWithEsbuild(fs.readFileSync(file, 'utf8'), file, { loader: 'ts', format: 'esm' });
  const out = path.join(tmp, relative.replace(/[/\\]/g, '_').replace(/\.ts$/, '.mjs'));
  fs.writeFileSync(out, code);
  return import(pathToFileURL(out).href);
}

const { SseParser } = await load('api/sse.ts');
const time = await load('format/time.ts');

const STREAM =
  ': connected\n\n' +
  'event: snapshot\nid: 12\ndata: {"position":12,"now":"2026-12-04T10:05:00+09:00","rows":[]}\n\n' +
  'event: tick\ndata: {"position":12,"now":"2026-12-04T10:05:05+09:00"}\n\n' +
  'event: changes\r\nid: 15\r\ndata: {"position":15,\r\ndata: "rows":[],"removed":["a"]}\r\n\r\n';

function parseAll(chunks) {
  const parser = new SseParser();
  return chunks.flatMap((c) => parser.push(c));
}

test('SSE: events, ids, comments, CRLF and multi-line data', () => {
  const messages = parseAll([STREAM]);
  assert.deepEqual(messages.map((m) => [m.event, m.lastEventId]), [['snapshot', '12'], ['tick', '12'], ['changes', '15']]);
  assert.equal(JSON.parse(messages[0].data).position, 12);
  assert.deepEqual(JSON.parse(messages[2].data).removed, ['a']); // data lines joined with \n
});

test('SSE: the same messages whatever the chunking (split at every character)', () => {
  const whole = parseAll([STREAM]);
  for (let cut = 1; cut < STREAM.length; cut++) {
    assert.deepEqual(parseAll([STREAM.slice(0, cut), STREAM.slice(cut)]), whole, `split at ${cut}`);
  }
  assert.deepEqual(parseAll([...STREAM]), whole, 'one character at a time');
});

test('SSE: a message without data is not dispatched; a missing event name is "message"', () => {
  assert.deepEqual(parseAll(['id: 3\n\ndata: x\n\n']), [{ event: 'message', data: 'x', lastEventId: '3' }]);
  assert.deepEqual(parseAll(['data:no-space\n\n'])[0].data, 'no-space');
  assert.deepEqual(parseAll(['data: half']), [], 'nothing until the blank line');
});

test('instants: Z and +09:00, up to 6 fraction digits', () => {
  const z = time.parseInstant('2026-12-04T01:00:00Z');
  assert.equal(z, Date.UTC(2026, 11, 4, 1, 0, 0));
  assert.equal(time.parseInstant('2026-12-04T10:00:00+09:00'), z);
  assert.equal(time.parseInstant('2026-12-04T01:00:00.092417Z'), z + 92);
  assert.equal(time.parseInstant('2026-12-04'), null);
  assert.equal(time.parseInstant(null), null);
});

test('Tokyo dates and display, whatever the process time zone', () => {
  assert.equal(time.tokyoDate('2026-12-04T15:30:00Z'), '2026-12-05'); // 00:30 the next day in Tokyo
  assert.equal(time.tokyoMonth('2026-11-30T15:00:00Z'), '2026-12');
  assert.equal(time.formatDateTime('2026-12-04T01:05:09Z'), '2026/12/04 10:05:09');
  assert.equal(time.formatMinute('2026-12-04T15:05:59Z'), '2026/12/05 00:05'); // to the minute, Tokyo's day
  assert.equal(time.formatMinute('2026-12-04T10:05:00+09:00'), '2026/12/04 10:05');
  assert.equal(time.formatMinute(null), '—');
  assert.equal(time.formatTimeOrDay('2026-12-04T02:30:00Z', '2026-12-04T05:00:00Z'), '11:30');
  assert.equal(time.formatTimeOrDay('2026-12-03T02:30:00Z', '2026-12-04T05:00:00Z'), '12/03 11:30');
});

test('the contract term (Japanese fiscal year) of a month, up to the current month', () => {
  assert.deepEqual(time.fiscalYearMonths('2026-12', '2026-12'),
    ['2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12']);
  assert.equal(time.fiscalYearMonths('2027-02', '2027-06').length, 12); // a past term: all of it
  assert.deepEqual(time.fiscalYearMonths('2027-03', '2027-03').slice(-2), ['2027-02', '2027-03']);
  assert.deepEqual(time.fiscalYearMonths('2026-04', '2026-04'), ['2026-04']);
});
