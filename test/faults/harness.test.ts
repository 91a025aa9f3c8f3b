/**
 * Fault injection against the browser harness (`npm run serve`, a real child process on 127.0.0.1): protocol
 * violations on raw sockets, paths that try to reach the page without its token, a flood of requests, and a page
 * that tries to send more than the socket allows. Each violation may cost its own connection, never the server:
 * after every one the process is alive and a fresh, well-behaved connection is served.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import WebSocket from 'ws';
import { decodeWire, encodeWire, MAX_WIRE_MESSAGE_BYTES } from '../../electron/core/harness/wireCodec';
import { LIMITS } from '../../electron/core/common/limits';
import { withDeadline } from '../helpers/deadline';
import { chromiumMissing, launchChromium } from '../renderer/support/browser';
import { startServe, type ServedHarness } from '../renderer/support/harnessProcess';
import { openRawSocket } from './support/rawWebSocket';

// Browser global, used only inside page.evaluate (which runs in the page).
declare const window: unknown;

const REPEATS = 3;

function get(port: number, path: string): Promise<number> {
  return withDeadline(
    new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path, headers: { Host: `127.0.0.1:${port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    }),
    `GET ${path}`,
  );
}

/** A well-behaved client's round trip: the proof that the server still serves. */
async function stillServes(harness: ServedHarness, bridge: string): Promise<void> {
  assert.ok(harness.alive(), `the harness died: ${harness.stderr().slice(-400)}`);
  const ws = new WebSocket(bridge, { origin: harness.origin });
  try {
    await withDeadline(new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); }), 'a fresh connection to open');
    const reply = await withDeadline(
      new Promise<{ ok: boolean }>((resolve) => {
        ws.on('message', (data) => {
          const m = decodeWire(data.toString()) as { type: string; id?: number; result?: { ok: boolean } };
          if (m.type === 'reply' && m.id === 1 && m.result) resolve(m.result);
        });
        ws.send(encodeWire({ type: 'invoke', id: 1, channel: 'get-settings', request: {} }));
      }),
      'get-settings on a fresh connection',
    );
    assert.equal(reply.ok, true);
  } finally {
    ws.terminate();
  }
}

const text = (s: string) => Buffer.from(s, 'utf8');

/** Each violation: what is sent on a fresh raw connection, and the close codes that are a correct answer. */
const VIOLATIONS: ReadonlyArray<{ name: string; send: (s: Awaited<ReturnType<typeof openRawSocket>>) => void; codes: ReadonlyArray<number | null> }> = [
  { name: 'invalid UTF-8 in a text frame', send: (s) => s.frame(0x1, Buffer.from([0xc3, 0x28, 0xff, 0xfe])), codes: [1007, null] },
  { name: 'an unmasked client frame', send: (s) => s.frame(0x1, text('{"type":"invoke"}'), { mask: false }), codes: [1002, null] },
  { name: 'a reserved opcode (0x3)', send: (s) => s.frame(0x3, text('x')), codes: [1002, null] },
  { name: 'a reserved control opcode (0xB)', send: (s) => s.frame(0xb, text('x')), codes: [1002, null] },
  { name: 'a continuation frame with nothing to continue', send: (s) => s.frame(0x0, text('x')), codes: [1002, null] },
  { name: 'RSV bits set without an extension', send: (s) => s.write(Buffer.from([0xf1, 0x81, 1, 2, 3, 4, 0x41])), codes: [1002, null] },
  { name: 'a ping longer than 125 bytes', send: (s) => s.frame(0x9, Buffer.alloc(200)), codes: [1002, null] },
  { name: 'a frame declaring more than the message limit', send: (s) => s.frame(0x1, text('{'), { declaredLength: MAX_WIRE_MESSAGE_BYTES + 1 }), codes: [1009, null] },
  { name: 'a frame declaring 2^63 - 1 bytes', send: (s) => s.write(Buffer.from([0x81, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4])), codes: [1009, 1002, null] },
  { name: 'a binary frame', send: (s) => s.frame(0x2, Buffer.from([1, 2, 3])), codes: [1007] },
  { name: 'text that is not JSON', send: (s) => s.frame(0x1, text('hello {')), codes: [1007] },
  { name: 'JSON nested 100,000 deep', send: (s) => s.frame(0x1, text('['.repeat(100_000))), codes: [1007] },
  { name: 'JSON of the wrong shape', send: (s) => s.frame(0x1, text('{"type":"invoke","id":"x","channel":5}')), codes: [1008] },
  { name: 'a typed array with broken base64', send: (s) => s.frame(0x1, text('{"type":"invoke","id":1,"channel":"speak","request":{"text":{"$typed":"u8","base64":"!!"}}}')), codes: [1007] },
  { name: 'floats that are not whole samples', send: (s) => s.frame(0x1, text('{"type":"invoke","id":1,"channel":"transcribe","request":{"requestId":"r","pcm16k":{"$typed":"f32","base64":"AAA="}}}')), codes: [1007] },
];

describe('the harness survives protocol violations, hostile paths, floods and oversized messages', { skip: chromiumMissing }, () => {
  let harness: ServedHarness;
  let port: number;
  let bridge: string;

  before(async () => {
    harness = await startServe();
    port = Number(new URL(harness.url).port);
    bridge = `ws://127.0.0.1:${port}/bridge?token=${harness.token}`;
  });
  after(() => harness?.stop());

  test(`${VIOLATIONS.length} protocol violations, ${REPEATS} times each: only that connection closes, with one log line`, async () => {
    for (const violation of VIOLATIONS) {
      for (let i = 0; i < REPEATS; i++) {
        const logBefore = harness.stderr().split('\n').length;
        const raw = await openRawSocket(port, `/bridge?token=${harness.token}`, harness.origin);
        violation.send(raw);
        const code = await raw.closed().catch((err: Error) => {
          raw.destroy();
          throw new Error(`${violation.name}: ${err.message}`);
        });
        assert.ok(violation.codes.includes(code), `${violation.name}: closed with ${code}, expected one of ${violation.codes.join(', ')}`);
        await stillServes(harness, bridge);
        const logged = harness.stderr().split('\n').slice(logBefore - 1).filter((l) => /bridge connection/.test(l));
        assert.ok(logged.length <= 1, `${violation.name}: ${logged.length} log lines: ${logged.join(' | ')}`);
      }
    }
  });

  test('half a frame and a dropped connection, and bytes that are not HTTP, leave the server serving', async () => {
    for (let i = 0; i < REPEATS; i++) {
      const raw = await openRawSocket(port, `/bridge?token=${harness.token}`, harness.origin);
      raw.write(Buffer.from([0x81, 0xfe, 0x10]));
      raw.destroy();
      const net = await import('node:net');
      const junk = net.connect({ host: '127.0.0.1', port });
      junk.on('error', () => undefined);
      junk.resume(); // read the 400 answer, so the end of the stream (and then 'close') is seen
      junk.end(Buffer.from('\u0000\u00ff GARBAGE \r\n\r\n\u0016\u0003\u0001'));
      await withDeadline(new Promise((resolve) => junk.once('close', resolve)), 'the server to drop a non-HTTP connection');
      await stillServes(harness, bridge);
    }
  });

  test('paths are decoded and normalised before the token check: no spelling of the page is served without it', async () => {
    const spellings = ['/', '/index.html', '/%69ndex.html', '/%69%6e%64%65%78%2e%68%74%6d%6c', '//index.html', '/./index.html', '/x/../index.html', '/%2e/index.html', '/renderer/../index.html', '/index.html?token=wrong'];
    for (const spelling of spellings) {
      const status = await get(port, spelling);
      assert.ok(status === 403 || status === 404, `${spelling} answered ${status}`);
    }
    assert.equal(await get(port, `/%69ndex.html?token=${harness.token}`), 200, 'the page with its token is served however it is spelled');
    for (const escape of ['/..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/renderer/%00.js', '/.git/config', '/renderer%5c..%5c..%5cpackage.json']) {
      assert.equal(await get(port, escape), 404, escape);
    }
  });

  test('a page that floods the bridge loses its own connection; other pages are served', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#ff0000' } }).png().toBuffer();
    const ws = new WebSocket(bridge, { origin: harness.origin });
    await withDeadline(new Promise((resolve) => ws.once('open', resolve)), 'the flooding connection to open');
    const closed = withDeadline(new Promise<number>((resolve) => ws.once('close', (code) => resolve(code))), 'the flooding connection to be closed', 60_000);
    for (let i = 1; i <= 200; i++) {
      ws.send(encodeWire({ type: 'invoke', id: i, channel: 'describe-image', request: { requestId: `flood-${i}`, image: { name: `f${i}.png`, bytes: new Uint8Array(png) }, detail: 'brief' } }));
    }
    assert.equal(await closed, 1008);
    await stillServes(harness, bridge);
  });

  test('the page refuses to send a message over the socket limit, with a clear message, and stays connected', async () => {
    assert.ok(MAX_WIRE_MESSAGE_BYTES >= Math.ceil((LIMITS.maxImageBytes * 4) / 3), 'an image at the intake limit fits a message');
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(harness.url);
      await page.waitForFunction(() => 'sightline' in (window as object), undefined, { timeout: 30_000 });
      const outcome = await page.evaluate(async () => {
        const bridge = (window as unknown as { sightline: { invoke(c: string, r: unknown): Promise<{ ok: boolean; error?: { kind: string; message: string } }> } }).sightline;
        const big = await bridge.invoke('describe-image', { requestId: 'big', image: { name: 'huge.tif', bytes: new Uint8Array(210 * 1024 * 1024) }, detail: 'brief' });
        const after = await bridge.invoke('get-settings', {});
        return { big, afterOk: after.ok };
      });
      assert.equal(outcome.big.ok, false);
      assert.equal(outcome.big.error?.kind, 'bad-input');
      assert.match(outcome.big.error?.message ?? '', /^describe-image: the request is \d+ MB once encoded, over the \d+ MB limit; use a smaller image$/);
      assert.equal(outcome.afterOk, true, 'the page is still connected');
    } finally {
      await browser.close();
    }
    await stillServes(harness, bridge);
  });
});
