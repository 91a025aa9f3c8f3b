import assert from 'node:assert/strict';
import http from 'node:http';
import os from 'node:os';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { decodeWire, encodeWire } from '../../electron/core/harness/wireCodec';
import { startServe, type ServedHarness } from './support/harnessProcess';
import { withDeadline } from '../helpers/deadline';

interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** A raw request, so paths and Host headers go out exactly as written (no client-side normalising). */
function rawGet(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  return withDeadline(new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  }), `the harness to answer ${method} ${path}`);
}

/** Opens the bridge socket; resolves with it open, or with the HTTP status that refused it. */
function openSocket(url: string, origin?: string): Promise<WebSocket | number> {
  return withDeadline(new Promise((resolve) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.once('error', () => resolve(-1));
  }), 'the bridge socket to open or be refused');
}

function invoke(ws: WebSocket, id: number, channel: string, request: unknown): Promise<{ ok: boolean; value?: any; error?: { kind: string; message: string } }> {
  return withDeadline(new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = decodeWire(data.toString()) as { type: string; id?: number; result?: any };
      if (message.type === 'reply' && message.id === id) {
        ws.off('message', onMessage);
        resolve(message.result);
      }
    };
    ws.on('message', onMessage);
    ws.send(encodeWire({ type: 'invoke', id, channel, request }));
  }), `the reply to ${channel} #${id}`);
}

describe('the browser harness (npm run serve) guards its bridge', () => {
  let served: ServedHarness;
  let port: number;
  let bridgeUrl: string;

  before(async () => {
    served = await startServe();
    port = Number(new URL(served.url).port);
    bridgeUrl = `ws://127.0.0.1:${port}/bridge?token=${served.token}`;
  });
  after(() => served?.stop());

  test('prints a loopback URL carrying a long random token', () => {
    const url = new URL(served.url);
    assert.equal(url.hostname, '127.0.0.1');
    assert.ok(served.token.length >= 32, 'token has at least 32 characters');
  });

  test('listens on loopback only', async (t) => {
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (!external) {
      t.skip('this machine has no non-loopback IPv4 address to try');
      return;
    }
    const outcome = await withDeadline(new Promise<string>((resolve) => {
      const req = http.get({ host: external, port, path: '/', timeout: 3000 }, () => resolve('answered'));
      req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
      req.on('timeout', () => {
        req.destroy();
        resolve('timeout');
      });
    }), 'a connection attempt on the external address');
    assert.equal(outcome, 'ECONNREFUSED');
  });

  test('the page needs the token and is served with a strict CSP and the bridge script', async () => {
    assert.equal((await rawGet(port, '/')).status, 403);
    assert.equal((await rawGet(port, '/?token=wrong')).status, 403);
    const page = await rawGet(port, `/?token=${served.token}`);
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-security-policy']), /script-src 'self'; style-src 'self'.*frame-ancestors 'none'/);
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    assert.match(page.body, /<script type="module" src="renderer\/harness\/bridge.js"><\/script>/);
    assert.doesNotMatch(page.body, /<script>|<style|style="/, 'no inline script or style in the page');
  });

  test('paths outside the renderer, hidden files and other methods are refused', async () => {
    for (const path of ['/../package.json', '/..%2f..%2fpackage.json', '/renderer/%2e%2e/%2e%2e/%2e%2e/package.json', '/.tsbuildinfo', '/renderer/src/nothing.js', '/index.html%00.js']) {
      assert.equal((await rawGet(port, path)).status, 404, path);
    }
    assert.equal((await rawGet(port, '/renderer/src/main.js')).status, 200);
    assert.equal((await rawGet(port, `/?token=${served.token}`, {}, 'POST')).status, 405);
  });

  test('a foreign Host header (DNS rebinding) is refused', async () => {
    const res = await rawGet(port, `/?token=${served.token}`, { Host: `attacker.example:${port}` });
    assert.equal(res.status, 421);
  });

  test('the WebSocket opens only for this origin with the right token', async () => {
    const origin = `http://127.0.0.1:${port}`;
    assert.equal(await openSocket(bridgeUrl), 403, 'no Origin');
    assert.equal(await openSocket(bridgeUrl, 'http://attacker.example'), 403, 'foreign Origin');
    assert.equal(await openSocket(bridgeUrl, `http://127.0.0.1:${port + 1}`), 403, 'another local port');
    assert.equal(await openSocket(`ws://127.0.0.1:${port}/bridge?token=nope`, origin), 403, 'wrong token');
    assert.equal(await openSocket(`ws://127.0.0.1:${port}/bridge`, origin), 403, 'no token');
    const ws = await openSocket(bridgeUrl, origin);
    assert.ok(ws instanceof WebSocket);
    ws.close();
  });

  test('calls reach the real core: SIGHTLINE_PACK applies, payloads are validated, typed arrays arrive typed', async () => {
    const ws = await openSocket(bridgeUrl, `http://127.0.0.1:${port}`);
    assert.ok(ws instanceof WebSocket);
    try {
      const settings = await invoke(ws, 1, 'get-settings', {});
      assert.equal(settings.ok, true);
      assert.equal(settings.value.pack, 'fixture');

      const unknown = await invoke(ws, 2, 'format-disk', {});
      assert.equal(unknown.error?.kind, 'usage');
      assert.match(unknown.error?.message ?? '', /unknown channel/);

      const noQuestion = await invoke(ws, 3, 'ask', { requestId: 'r3', imageId: 'img-1' });
      assert.equal(noQuestion.error?.kind, 'usage');
      assert.match(noQuestion.error?.message ?? '', /^ask: question is missing/);

      // A NaN at index 1 is caught by the validator, which only happens if a real Float32Array arrived.
      const pcm = await invoke(ws, 4, 'transcribe', { requestId: 'r4', pcm16k: new Float32Array([0.25, Number.NaN, 0]) });
      assert.equal(pcm.ok, false);
      assert.match(pcm.error?.message ?? '', /non-finite sample at index 1/);

      // "empty", not "must be a Uint8Array": the bytes arrived as bytes.
      const empty = await invoke(ws, 5, 'describe-image', { requestId: 'r5', image: { name: 'empty.png', bytes: new Uint8Array(0) }, detail: 'brief' });
      assert.equal(empty.ok, false);
      assert.match(empty.error?.message ?? '', /^describe-image: image\.bytes is empty \(0 bytes\)/);
    } finally {
      ws.close();
    }
  });

  test('a malformed message closes that socket and the server keeps serving', async () => {
    const origin = `http://127.0.0.1:${port}`;
    const ws = await openSocket(bridgeUrl, origin);
    assert.ok(ws instanceof WebSocket);
    const code = await withDeadline(new Promise<number>((resolve) => {
      ws.once('close', (c) => resolve(c));
      ws.send('{"type":"invoke","id":1,"channel":"get-settings","request":{"x":{"$typed":"u8","base64":"!!"}}}');
    }), 'the server to close the socket');
    assert.equal(code, 1007);
    const again = await openSocket(bridgeUrl, origin);
    assert.ok(again instanceof WebSocket);
    assert.equal((await invoke(again, 1, 'get-settings', {})).ok, true);
    again.close();
  });
});
