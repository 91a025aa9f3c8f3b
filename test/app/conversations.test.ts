import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { tempDir } from '../helpers/tmp';
import { pngCapture, startTestApp } from './serviceHarness';
import { createConversationStore } from '../../electron/core/app/conversationStore';
import type { DescribeView, ReadView } from '../../electron/common/ipc';
import { ok, failed } from '../helpers/bridgeResult';

const FIXTURE = { env: { SIGHTLINE_PACK: 'fixture' } };
const red = () => sharp({ create: { width: 64, height: 48, channels: 3, background: '#dc1414' } }).png().toBuffer();

test('a description, its questions and answers are one conversation, reopened whole from any of its history entries', async () => {
  const dir = await tempDir();
  const png = new Uint8Array(await red());
  const app = await startTestApp(dir, pngCapture(png), FIXTURE);
  let imageId: string;
  try {
    const view: DescribeView = ok(await app.service.handle('describe-image', { requestId: 'd', image: { name: 'red.png', bytes: png }, detail: 'normal' }, 'w'));
    imageId = view.imageId;
    ok(await app.service.handle('ask', { requestId: 'a1', imageId, question: 'What colour is this?' }, 'w'));
    ok(await app.service.handle('ask', { requestId: 'a2', imageId, question: 'Is it bright?' }, 'w'));
    const history = ok(await app.service.handle('list-history', {}, 'w'));
    assert.deepEqual(history.map((h) => h.kind), ['ask', 'ask', 'describe']);
    const ids = new Set(history.map((h) => h.conversationId));
    assert.equal(ids.size, 1, `every entry names the same conversation: ${[...ids].join(', ')}`);
    const conversationId = history[2]!.conversationId!;
    const reopened = ok(await app.service.handle('open-conversation', { conversationId }, 'w'));
    assert.equal(reopened.start.kind, 'describe');
    assert.equal(reopened.start.view.caption, view.caption);
    assert.deepEqual(reopened.turns.map((t) => t.question), ['What colour is this?', 'Is it bright?']);
    assert.equal(reopened.askable, true, 'the image is still open, so asking more works');
  } finally {
    await app.close();
  }
  // After a restart the conversation is still there, from disk, but its image is gone: it can be read, not asked.
  const again = await startTestApp(dir, pngCapture(png), FIXTURE);
  try {
    const history = ok(await again.service.handle('list-history', {}, 'w'));
    const reopened = ok(await again.service.handle('open-conversation', { conversationId: history[0]!.conversationId! }, 'w'));
    assert.equal(reopened.turns.length, 2);
    assert.equal(reopened.askable, false);
    assert.equal(reopened.start.view.imageId, imageId);
    ok(await again.service.handle('clear-history', {}, 'w'));
    const gone = failed(await again.service.handle('open-conversation', { conversationId: history[0]!.conversationId! }, 'w'));
    assert.equal(gone.kind, 'bad-input');
    assert.match(gone.message, /was not kept/);
    assert.equal(await fs.readdir(path.join(dir, 'conversations')).catch(() => 'none'), 'none', 'clearing history removes the conversations');
  } finally {
    await again.close();
  }
});

test('the conversation store is bounded, refuses damaged files and ids that are not its own', async () => {
  const dir = await tempDir();
  const store = createConversationStore(dir, { max: 3 });
  await store.load();
  const view = (n: number): ReadView => ({ imageId: `img-${n}`, source: `shot ${n}`, lines: [], blocks: [], panes: [], text: '', timings: {} });
  const made = [];
  for (let n = 0; n < 5; n++) made.push(await store.start(`shot ${n}`, { kind: 'read', view: view(n) }));
  const files = (await fs.readdir(store.dir)).sort();
  assert.equal(files.length, 3, `the oldest are deleted: ${files.join(', ')}`);
  assert.equal(await store.get(made[0]!.conversationId), null);
  assert.equal((await store.get(made[4]!.conversationId))?.source, 'shot 4');
  // A fresh store (a restart) reads from disk; a damaged file is refused, not half-shown.
  const later = createConversationStore(dir, { max: 3 });
  await later.load();
  assert.equal((await later.get(made[3]!.conversationId))?.start.view.imageId, 'img-3');
  await fs.writeFile(path.join(store.dir, `${made[3]!.conversationId}.json`), JSON.stringify({ version: 1, conversation: { conversationId: made[3]!.conversationId, turns: 'x' } }));
  assert.equal(await later.get(made[3]!.conversationId), null);
  for (const bad of ['../settings', 'c-1', '', 'c-000000000-zzzzzzzz']) assert.equal(await later.get(bad), null, bad);
});

test('open-conversation validates its id; history entries with a damaged id are listed without it', async () => {
  const dir = await tempDir();
  await fs.writeFile(path.join(dir, 'history.json'), JSON.stringify({ version: 1, entries: [{ id: 'h', at: '2024-01-01T00:00:00Z', kind: 'read', source: 's', summary: 'x', conversationId: '../../etc/passwd' }] }));
  const app = await startTestApp(dir, pngCapture(new Uint8Array([1])));
  try {
    const error = failed(await app.service.handle('open-conversation', { conversationId: '../../etc/passwd' }, 'w'));
    assert.equal(error.kind, 'usage');
    assert.match(error.message, /^open-conversation: conversationId must be a conversation id/);
    const [entry] = ok(await app.service.handle('list-history', {}, 'w'));
    assert.equal(entry?.conversationId, undefined);
  } finally {
    await app.close();
  }
});

test('screen-reader mode follows the screen reader in "auto", and an explicit choice holds', async () => {
  const app = await startTestApp(await tempDir(), pngCapture(new Uint8Array([1])));
  try {
    const settings = async () => ok(await app.service.handle('get-settings', {}, 'w'));
    assert.equal(app.service.settings.screenReader, 'auto');
    assert.equal(app.service.settings.screenReaderMode, false, 'no screen reader known: Sightline speaks');
    app.service.setScreenReaderRunning(true);
    assert.equal(app.service.settings.screenReaderMode, true, 'a screen reader started: Sightline goes silent');
    assert.deepEqual(app.events.filter((e) => e.channel === 'screen-reader').map((e) => e.payload), [{ running: true, active: true }]);
    // The speech port now hands text to the live regions instead of speaking (announce-only speech: no engine here).
    ok(await app.service.handle('set-settings', { patch: { screenReader: 'off' } }, 'w'));
    assert.equal(app.service.settings.screenReaderMode, false, "the user's 'off' holds while the screen reader runs");
    ok(await app.service.handle('set-settings', { patch: { screenReader: 'auto' } }, 'w'));
    assert.equal(app.service.settings.screenReaderMode, true);
    app.service.setScreenReaderRunning(false);
    assert.equal(app.service.settings.screenReaderMode, false);
    // Older callers patch screenReaderMode itself: that is an explicit choice.
    const legacy = ok(await app.service.handle('set-settings', { patch: { screenReaderMode: true } }, 'w'));
    assert.deepEqual([legacy.screenReader, legacy.screenReaderMode], ['on', true]);
    assert.equal((await settings()).screenReader, 'on');
    failed(await app.service.handle('set-settings', { patch: { screenReader: 'sometimes' } }, 'w'));
  } finally {
    await app.close();
  }
});

test('speech that could not be sounded reaches the live regions marked as such, never to be spoken again', async () => {
  const app = await startTestApp(await tempDir(), pngCapture(new Uint8Array([1])));
  try {
    app.service.relaySpeech('Hello there', false);
    app.service.announce('Models ready', false);
    const announced = app.events.filter((e) => e.channel === 'announce').map((e) => e.payload);
    assert.deepEqual(announced, [{ message: 'Hello there', assertive: false, fallback: true }, { message: 'Models ready', assertive: false }]);
  } finally {
    await app.close();
  }
});
