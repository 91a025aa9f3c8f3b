import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BlockView } from '../../electron/common/ipc';
import { InferenceHost } from '../../electron/core/host/inferenceHost';
import { decodeImage } from '../../electron/core/image/intake';
import { getOcrEngine, type OcrEngine, type OcrRecognition } from '../../electron/core/ocr/ocrEngine';
import type { OcrTextEvent } from '../../electron/core/ocr/types';
import { renderScreens, type RenderedScreen } from '../fixtures/screens/corpus';
import { runRead } from '../../electron/core/cli/commands/read';

// The typed-blocks page (test/fixtures/screens/blocks.html): headings, a paragraph, list items, a table with a bold
// header row, a checkbox, a toggle, a text field, a button and a link, at 1× and 2×, read by the real models. The
// headings page (headings.html): body-sized lines that only look larger or bolder by their letters.
let dir = '';
let engine: OcrEngine;
const read = new Map<number, { screen: RenderedScreen; result: OcrRecognition; events: OcrTextEvent[]; settledAfterFirst: boolean }>();
const headingsPage = new Map<number, OcrRecognition>();

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-blocks-'));
  const screens = await renderScreens(dir, [{ name: 'blocks', width: 1280, height: 720, scale: 1 }, { name: 'blocks', width: 1280, height: 720, scale: 2 }]);
  engine = await getOcrEngine();
  for (const screen of screens) {
    const events: OcrTextEvent[] = [];
    let settled = false, settledAfterFirst = false;
    const pending = engine.recognize(await decodeImage({ kind: 'path', path: screen.png }), undefined, {
      onText: (e) => {
        if (events.length === 0) settledAfterFirst = !settled;
        events.push(e);
      },
    });
    const result = await pending.finally(() => { settled = true; });
    read.set(screen.scale, { screen, result, events, settledAfterFirst });
  }
  for (const screen of await renderScreens(dir, [{ name: 'headings', width: 1280, height: 720, scale: 1 }, { name: 'headings', width: 1280, height: 720, scale: 2 }])) {
    headingsPage.set(screen.scale, await engine.recognize(await decodeImage({ kind: 'path', path: screen.png })));
  }
});
after(async () => {
  await engine?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const textOf = (b: BlockView) => ('text' in b ? b.text : b.rows.map((r) => r.join(' | ')).join(' / '));
const find = (blocks: readonly BlockView[], text: string) => {
  const b = blocks.find((x) => textOf(x).includes(text));
  assert.ok(b, `no block holds "${text}" in:\n${blocks.map((x) => `${x.kind}: ${textOf(x)}`).join('\n')}`);
  return b;
};

for (const scale of [1, 2]) {
  test(`typed blocks at ${scale}×: headings by size, a paragraph of wrapped lines, list items, a table with its header`, () => {
    const { blocks } = read.get(scale)!.result;
    const h1 = find(blocks, 'Account settings'), h2 = find(blocks, 'Notifications');
    assert.ok(h1.kind === 'heading' && h1.level === 1, `${h1.kind} ${JSON.stringify(h1)}`);
    assert.ok(h2.kind === 'heading' && h2.level === 2, `${h2.kind} ${JSON.stringify(h2)}`);
    const para = find(blocks, 'These settings apply');
    assert.equal(para.kind, 'paragraph');
    assert.match(textOf(para), /thirty days/, 'both wrapped lines are one paragraph');
    assert.equal(para.lines.length, 2);
    for (const item of ['Email me when someone shares', 'Send a weekly summary']) assert.equal(find(blocks, item).kind, 'list-item');
    const table = find(blocks, 'Laptop');
    assert.ok(table.kind === 'table', table.kind);
    assert.deepEqual(table.rows.map((r) => r.length), [3, 3, 3, 3]);
    assert.deepEqual(table.rows[1], ['Laptop', 'Today 09:12', 'Lisbon']);
    assert.equal(table.headerRows, 1);
  });

  test(`controls at ${scale}×: checkbox with its state, text field, button and link`, () => {
    const { blocks } = read.get(scale)!.result;
    const box = find(blocks, 'Keep me signed in');
    assert.ok(box.kind === 'control' && box.role === 'checkbox' && box.state === 'checked', JSON.stringify(box));
    const field = find(blocks, 'Search settings');
    assert.ok(field.kind === 'control' && field.role === 'text-field', JSON.stringify(field));
    const button = find(blocks, 'Save changes');
    assert.ok(button.kind === 'control' && button.role === 'button', JSON.stringify(button));
    const link = find(blocks, 'Privacy');
    assert.ok(link.kind === 'control' && link.role === 'link' && link.text.startsWith('Privacy policy'), JSON.stringify(link));
    // Running text is never a control.
    assert.ok(blocks.filter((b) => b.kind === 'control').length <= 5);
  });
}

test('headings by x-height and stem weight: capitals, a mnemonic underline and code are body text; a bold title is a heading', () => {
  for (const [scale, { blocks }] of headingsPage) {
    const kinds = blocks.map((b) => `${b.kind}${b.kind === 'heading' ? b.level : ''}: ${textOf(b)}`).join('\n');
    const title = find(blocks, 'Backup schedule'), bold = find(blocks, 'Retention');
    assert.ok(title.kind === 'heading' && title.level === 1, `${scale}×:\n${kinds}`);
    assert.ok(bold.kind === 'heading' && bold.level === 4, `${scale}×: a bold body-sized title\n${kinds}`);
    // A capitals band is their height, not an x-height; "Na_me:"'s underline and "__str__"'s underscores are not
    // letters reaching below the baseline.
    for (const text of ['STORAGE LEFT', 'Name:', 'str', 'return self.name', 'retention_days']) {
      assert.notEqual(find(blocks, text).kind, 'heading', `${scale}×: "${text}" is no heading\n${kinds}`);
    }
    assert.equal(blocks.filter((b) => b.kind === 'heading').length, 2, `${scale}×:\n${kinds}`);
  }
});

test('a toggle switched on is a toggle with its state, its label without the marker (at 1× the detector takes it in)', () => {
  for (const scale of [1, 2]) {
    const toggle = find(read.get(scale)!.result.blocks, 'Dark theme');
    assert.ok(toggle.kind === 'control' && toggle.role === 'toggle' && toggle.state === 'on' && toggle.text === 'Dark theme', `${scale}×: ${JSON.stringify(toggle)}`);
  }
});

test('lines and blocks stream in reading order before the result, and add up to it', () => {
  for (const { result, events, settledAfterFirst } of read.values()) {
    assert.ok(events.length >= 2, `${events.length} events`);
    assert.ok(settledAfterFirst, 'the first lines arrive while the screen is still being read');
    assert.ok(events[0]!.panes && events[0]!.panes.length >= 1, 'the first event carries the panes');
    let next = 0;
    for (const e of events) {
      assert.equal(e.from, next, 'events continue where the last one ended');
      next += e.lines.length;
    }
    assert.deepEqual(events.flatMap((e) => e.lines.map((l) => l.text)), result.lines.map((l) => l.text));
    assert.deepEqual(events.flatMap((e) => e.blocks), result.blocks);
    assert.ok(result.timings.firstLineMs <= result.timings.detectMs + result.timings.recognizeMs);
  }
});

test('read prints lines as they are recognized: several writes that add up to the text', async () => {
  const { screen, result } = read.get(1)!;
  const writes: string[] = [];
  const code = await runRead([screen.png], { out: (t) => writes.push(t), err: () => undefined });
  assert.equal(code, 0);
  assert.ok(writes.length >= 2, `one write only: ${JSON.stringify(writes)}`);
  assert.equal(writes.join(''), `${result.text}\n`);
  const json: string[] = [];
  await runRead(['--json', screen.png], { out: (t) => json.push(t), err: () => undefined });
  const [report] = JSON.parse(json.join('')) as Array<{ blocks: BlockView[]; panes: unknown[]; timings: { firstLineMs: number; totalMs: number } }>;
  assert.ok(report!.blocks.some((b) => b.kind === 'table') && report!.panes.length >= 1, 'JSON carries typed blocks and panes');
  assert.ok(report!.timings.firstLineMs > 0 && report!.timings.firstLineMs <= report!.timings.totalMs);
});

test('through the inference host the ocr task streams text events', async () => {
  const host = new InferenceHost();
  try {
    const events: OcrTextEvent[] = [];
    const result = await host.run('ocr', { image: { kind: 'path', path: read.get(1)!.screen.png } }, { onEvent: (e) => events.push(e) });
    assert.ok(events.length >= 2);
    assert.deepEqual(events.flatMap((e) => e.lines.map((l) => l.text)), result.lines.map((l) => l.text));
  } finally {
    await host.dispose();
  }
});
