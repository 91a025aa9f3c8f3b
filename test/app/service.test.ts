import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { tempDir } from '../helpers/tmp';
import { renderTextPng } from '../helpers/textImage';
import { pngCapture, startTestApp } from './serviceHarness';
import { HOST_FAILED_MESSAGE } from '../../electron/core/app/sightlineService';
import { DEFAULT_SETTINGS, type ReadView } from '../../electron/common/ipc';
import { waitUntil } from '../helpers/deadline';
import { ok, failed } from '../helpers/bridgeResult';

test('read-screen captures, reads the text in the real OCR worker, streams progress to the caller and records history', async () => {
  const png = await renderTextPng(['Quarterly report', 'Revenue grew by nine percent']);
  const app = await startTestApp(await tempDir(), pngCapture(png));
  try {
    const view: ReadView = ok(await app.service.handle('read-screen', { requestId: 'r-1', target: 'screen' }, 'win-1'));
    assert.match(view.text, /Quarterly report/i);
    assert.match(view.text, /Revenue grew/i);
    assert.equal(view.source, 'screen');
    assert.ok(view.lines.length >= 2);
    assert.deepEqual(Object.keys(view.lines[0]!).sort(), ['block', 'box', 'confidence', 'text'], 'only LineView fields cross the bridge');
    const progress = app.events.filter((e) => e.channel === 'progress');
    assert.ok(progress.length >= 2);
    assert.ok(progress.every((e) => e.target === 'win-1' && e.payload.requestId === 'r-1'), 'progress goes to the window that asked');
    const history = ok(await app.service.handle('list-history', {}, 'win-1'));
    assert.equal(history.length, 1);
    assert.equal(history[0]!.kind, 'read');
    assert.match(history[0]!.summary, /Quarterly report/i);
  } finally {
    await app.close();
  }
});

test('malformed payloads come back as one-line usage errors and never reach the host', async () => {
  const app = await startTestApp(await tempDir(), pngCapture(new Uint8Array([1])));
  try {
    const cases: Array<[string, unknown]> = [
      ['read-screen', { requestId: 'r', target: 'moon' }],
      ['describe-image', { requestId: 'x', image: { name: 'a.png', bytes: 'not bytes' }, detail: 'brief' }],
      ['set-settings', { patch: { rate: 'fast' } }],
      ['no-such-channel', {}],
    ];
    for (const [channel, request] of cases) {
      const error = failed(await app.service.handle(channel, request, 'win-1'));
      assert.equal(error.kind, 'usage', error.message);
      assert.ok(!error.message.includes('\n'));
    }
    assert.equal(app.host.pendingCount, 0);
    assert.equal(app.events.length, 0, 'a refused request emits nothing');
  } finally {
    await app.close();
  }
});

test('image bytes that are not an image fail as bad input naming the image', async () => {
  const app = await startTestApp(await tempDir(), pngCapture(new Uint8Array([1])));
  try {
    const error = failed(await app.service.handle('read-screen', { requestId: 'r', target: 'screen' }, 'win-1'));
    assert.equal(error.kind, 'bad-input');
    assert.match(error.message, /^screen: /);
  } finally {
    await app.close();
  }
});

test('a request is cancelled by its requestId, only by the window that started it', async () => {
  const app = await startTestApp(await tempDir(), pngCapture(new Uint8Array([1]), { holdUntilAborted: true }));
  try {
    const running = app.service.handle('describe-screen', { requestId: 'slow-1', target: 'screen', detail: 'brief' }, 'win-1');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(ok(await app.service.handle('cancel', { requestId: 'slow-1' }, 'win-2')), { cancelled: false });
    const duplicate = failed(await app.service.handle('describe-screen', { requestId: 'slow-1', target: 'screen', detail: 'brief' }, 'win-1'));
    assert.match(duplicate.message, /requestId "slow-1" is already in use/);
    assert.deepEqual(ok(await app.service.handle('cancel', { requestId: 'slow-1' }, 'win-1')), { cancelled: true });
    assert.equal(failed(await running).kind, 'cancelled');
    assert.deepEqual(ok(await app.service.handle('cancel', { requestId: 'slow-1' }, 'win-1')), { cancelled: false }, 'nothing left to cancel');
  } finally {
    await app.close();
  }
});

test('closing a window cancels its work', async () => {
  const app = await startTestApp(await tempDir(), pngCapture(new Uint8Array([1]), { holdUntilAborted: true }));
  try {
    const running = app.service.handle('read-screen', { requestId: 'r-9', target: 'window' }, 'win-7');
    await new Promise((r) => setImmediate(r));
    assert.equal(app.service.releaseSender('win-7'), 1);
    assert.equal(failed(await running).kind, 'cancelled');
  } finally {
    await app.close();
  }
});

test('when the inference worker dies mid-request, the caller gets host-crashed, the user hears it, and the next request works', async () => {
  const png = await renderTextPng(['Still working']);
  const app = await startTestApp(await tempDir(), pngCapture(png));
  try {
    const running = app.service.handle('read-screen', { requestId: 'r-crash', target: 'screen' }, 'win-1');
    // Wait until the worker exists and holds the request, then kill the thread for real.
    const internals = app.host as unknown as { worker?: Worker };
    await waitUntil(() => Boolean(internals.worker) && app.host.pendingCount > 0, 'the worker to hold the request', 30_000, 5);
    await internals.worker!.terminate();
    const error = failed(await running);
    assert.equal(error.kind, 'host-crashed');
    assert.ok(app.events.some((e) => e.channel === 'announce' && e.payload.message === HOST_FAILED_MESSAGE && e.payload.assertive));
    const again = ok(await app.service.handle('read-screen', { requestId: 'r-after', target: 'screen' }, 'win-1'));
    assert.match(again.text, /Still working/i);
  } finally {
    await app.close();
  }
});

test('settings changes are validated, persisted atomically, and reported to listeners', async () => {
  const dir = await tempDir();
  const app = await startTestApp(dir, pngCapture(new Uint8Array([1])));
  try {
    assert.deepEqual(ok(await app.service.handle('get-settings', {}, 'w')), DEFAULT_SETTINGS);
    const seen: number[] = [];
    app.service.onSettingsChange((next) => seen.push(next.rate));
    const next = ok(await app.service.handle('set-settings', { patch: { rate: 220, shortcuts: { stopSpeech: 'Control+Alt+Q' } } }, 'w'));
    assert.equal(next.rate, 220);
    assert.equal(next.shortcuts.stopSpeech, 'Control+Alt+Q');
    assert.equal(next.shortcuts.describeScreen, DEFAULT_SETTINGS.shortcuts.describeScreen, 'other shortcuts stay');
    assert.deepEqual(seen, [220]);
    const onDisk = JSON.parse(await fs.readFile(path.join(dir, 'settings.json'), 'utf8')) as { settings: { rate: number } };
    assert.equal(onDisk.settings.rate, 220);
    failed(await app.service.handle('set-settings', { patch: { rate: 10_000 } }, 'w'));
    assert.equal(app.service.settings.rate, 220, 'a refused patch changes nothing');
  } finally {
    await app.close();
  }
});

test('a corrupt settings file at start-up is reported once and the service starts with defaults', async () => {
  const dir = await tempDir();
  await fs.writeFile(path.join(dir, 'settings.json'), '{ half a file');
  const app = await startTestApp(dir, pngCapture(new Uint8Array([1])));
  try {
    assert.equal(app.service.startupProblems.length, 1);
    assert.match(app.service.startupProblems[0]!, /not valid JSON/);
    assert.deepEqual(app.service.settings, DEFAULT_SETTINGS);
  } finally {
    await app.close();
  }
});

test('speak goes to the live regions when no engine speaks; asking about an unknown image is bad input', async () => {
  const app = await startTestApp(await tempDir(), pngCapture(new Uint8Array([1])));
  try {
    assert.deepEqual(ok(await app.service.handle('speak', { text: 'Hello there', interrupt: true }, 'w')), { spoken: true });
    assert.ok(app.events.some((e) => e.channel === 'announce' && e.payload.message === 'Hello there'));
    const error = failed(await app.service.handle('ask', { requestId: 'a', imageId: 'img-nope', question: 'What is this?' }, 'w'));
    assert.equal(error.kind, 'bad-input');
    assert.match(error.message, /image "img-nope" is not open any more/);
    const dialog = failed(await app.service.handle('open-image-dialog', {}, 'w'));
    assert.match(dialog.message, /no file dialog here/);
  } finally {
    await app.close();
  }
});

test('describe then ask on the fixture pack: tokens stream to the asker, follow-ups survive a host restart', async () => {
  const models = path.join(__dirname, '..', '..', '..', 'models');
  const sharp = (await import('sharp')).default;
  const blue = new Uint8Array(await sharp({ create: { width: 80, height: 60, channels: 3, background: '#0000ff' } }).png().toBuffer());
  const app = await startTestApp(await tempDir(), pngCapture(blue), { env: { SIGHTLINE_PACK: 'fixture', SIGHTLINE_MODELS: models } });
  try {
    const described = ok(await app.service.handle('describe-screen', { requestId: 'd-1', target: 'screen', detail: 'normal' }, 'win-1'));
    assert.match(described.caption, /blue/i);
    assert.equal(described.source, 'screen');
    const tokens = app.events.filter((e) => e.channel === 'token');
    assert.ok(tokens.length > 0 && tokens.every((e) => e.target === 'win-1' && e.payload.requestId === 'd-1'));

    // The worker dies between questions: its own image cache is gone, the service still holds the image.
    const internals = app.host as unknown as { worker?: Worker };
    await internals.worker?.terminate();
    const first = ok(await app.service.handle('ask', { requestId: 'a-1', imageId: described.imageId, question: 'What color is this?' }, 'win-1'));
    assert.match(first.answer, /blue/i);
    const second = ok(await app.service.handle('ask', { requestId: 'a-2', imageId: described.imageId, question: 'Are you sure?' }, 'win-1'));
    assert.deepEqual(second.turns.map((turn) => turn.question), ['What color is this?', 'Are you sure?']);
    const kinds = ok(await app.service.handle('list-history', {}, 'win-1')).map((h) => h.kind);
    assert.deepEqual(kinds, ['ask', 'ask', 'describe']);
  } finally {
    await app.close();
  }
});
