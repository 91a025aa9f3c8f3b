import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BlockView, EventMap } from '../../electron/common/ipc';
import { createAnnounceOnlySpeech } from '../../electron/core/app/announceOnlySpeech';
import { SightlineService, type ServiceEvent } from '../../electron/core/app/sightlineService';
import { blockViewOf, streamedBlocksOf } from '../../electron/core/app/streamedBlocks';
import type { InferenceHost } from '../../electron/core/host/inferenceHost';
import { waitUntil, withDeadline } from '../helpers/deadline';
import { renderTextPng } from '../helpers/textImage';
import { tempDir } from '../helpers/tmp';
import { pngCapture, startTestApp } from './serviceHarness';
import { ok } from '../helpers/bridgeResult';

const blockEvents = (events: readonly ServiceEvent[]) =>
  events.filter((e): e is Extract<ServiceEvent, { channel: 'text-blocks' }> => e.channel === 'text-blocks');

const box = [10, 20, 300, 24] as const;
const paragraph = (text: string, extra: Record<string, unknown> = {}) => ({ kind: 'paragraph', text, box: [...box], pane: 0, lines: [0], ...extra });

/**
 * A host whose OCR and describe tasks run `script` (which sends events as the worker would), then answers with an empty reading:
 * the service's forwarding is what is tested, with events a real worker could never send.
 */
type Script = (emit: (event: unknown) => void, signal: AbortSignal) => Promise<void>;

function scriptedHost(script: Script): InferenceHost {
  const host = {
    pendingCount: 0,
    async run(_task: string, _request: unknown, options: { onEvent?: (event: unknown) => void; signal?: AbortSignal } = {}) {
      await script((event) => options.onEvent?.(event), options.signal ?? new AbortController().signal);
      // An empty reading that serves as the `ocr` result and as the `describe` one.
      return {
        width: 10, height: 10, lines: [], blocks: [], panes: [], text: '', timings: { totalMs: 0 },
        imageId: 'img-scripted', source: 'scripted', caption: null, description: '', mostlyText: false,
        models: { caption: null, ocr: 'scripted' }, device: 'cpu', warnings: [],
      };
    },
    async dispose() {},
  };
  return host as unknown as InferenceHost;
}

const playing = (events: readonly unknown[]): Script => async (emit) => {
  for (const event of events) emit(event);
};

async function serviceWith(script: Script) {
  const recorded: ServiceEvent[] = [];
  const service = await SightlineService.create({
    host: scriptedHost(script),
    speech: createAnnounceOnlySpeech(() => undefined),
    capture: pngCapture(new Uint8Array([1, 2, 3])),
    userDataDir: await tempDir(),
  });
  service.onEvent((e) => recorded.push(e));
  return { service, recorded };
}

test('read-screen streams the OCR blocks to the window that asked, numbered in reading order, before the result', async () => {
  // Enough lines that the engine reads them in more than one chunk (its first chunk is one line, then about 40).
  const lines = ['Harbour council minutes', '', ''];
  for (let p = 1; p <= 16; p++) lines.push(`Item ${p} first line of the notes`, `Item ${p} second line of the notes`, `Item ${p} third line of the notes`, '', '');
  const app = await startTestApp(await tempDir(), pngCapture(await renderTextPng(lines, { width: 700, fontSize: 22 })));
  try {
    let resolvedAt = -1;
    const running = app.service.handle('read-screen', { requestId: 'r-stream', target: 'screen' }, 'win-1').then((r) => {
      resolvedAt = app.events.length;
      return r;
    });
    const view = ok(await withDeadline(running, 'the screen to be read', 120_000));
    const streamed = blockEvents(app.events);
    assert.ok(streamed.length >= 2, `the blocks came in more than one event: ${streamed.length}`);
    assert.ok(app.events.indexOf(streamed[0]!) < resolvedAt && streamed.every((e) => app.events.indexOf(e) < resolvedAt), 'every block came before the result');
    for (const e of streamed) {
      assert.equal(e.target, 'win-1', 'blocks go to the window that asked');
      assert.equal(e.payload.requestId, 'r-stream');
      assert.ok(e.payload.blocks.length > 0, 'no empty events');
      assert.ok(Object.isFrozen(e.payload) && Object.isFrozen(e.payload.blocks) && e.payload.blocks.every((b) => Object.isFrozen(b)), 'what crosses the bridge is frozen');
    }
    // Numbered without gaps, and together exactly the result's blocks, in its order.
    let next = 0;
    for (const e of streamed) {
      assert.equal(e.payload.from, next);
      next += e.payload.blocks.length;
    }
    assert.deepEqual(streamed.flatMap((e) => e.payload.blocks), [...view.blocks]);
    assert.match(streamed[0]!.payload.blocks[0]!.kind === 'table' ? '' : streamed[0]!.payload.blocks[0]!.text, /Harbour council minutes/i);
    // Only BlockView fields cross (no OCR words or internal numbers).
    const allowed = new Set(['kind', 'text', 'level', 'rows', 'headerRows', 'role', 'state', 'box', 'pane', 'lines', 'lang']);
    assert.ok(streamed.flatMap((e) => e.payload.blocks).every((b) => Object.keys(b).every((k) => allowed.has(k))));
  } finally {
    await app.close();
  }
});

test('malformed text events are dropped and end the stream; bad tokens are dropped; good ones still pass', async () => {
  const { service, recorded } = await serviceWith(playing([
    null,
    'text',
    { kind: 'token', text: 42 },
    { kind: 'text', from: 0, lines: [], blocks: [] }, // lines only: nothing to send
    { kind: 'text', from: 0, lines: [], blocks: [paragraph('First block', { words: ['not', 'sent'], secret: 1 })] },
    { kind: 'token', text: 'a token' },
    { kind: 'text', from: 1, lines: [], blocks: [paragraph('Second block'), { kind: 'paragraph', text: 'no box', pane: 0, lines: [1] }] },
    // After a malformed event the rest would leave a hole in the reading order: the result carries it.
    { kind: 'text', from: 3, lines: [], blocks: [paragraph('Third block')] },
  ]));
  try {
    ok(await service.handle('read-screen', { requestId: 'r-bad', target: 'screen' }, 'win-2'));
    const streamed = blockEvents(recorded);
    assert.equal(streamed.length, 1);
    const payload: EventMap['text-blocks'] = streamed[0]!.payload;
    assert.equal(payload.requestId, 'r-bad');
    assert.equal(payload.from, 0);
    assert.deepEqual(payload.blocks, [{ kind: 'paragraph', text: 'First block', box: [...box], pane: 0, lines: [0] }], 'only BlockView fields are copied');
    assert.equal(streamed[0]!.target, 'win-2');
    const tokens = recorded.filter((e) => e.channel === 'token');
    assert.deepEqual(tokens.map((e) => e.payload), [{ requestId: 'r-bad', text: 'a token' }]);
  } finally {
    service.dispose();
  }
});

test('describe-image streams its blocks the same way; after a cancel nothing more is streamed', async () => {
  const { service, recorded } = await serviceWith(playing([{ kind: 'text', from: 0, lines: [], blocks: [paragraph('Only block')] }]));
  try {
    const image = { name: 'shot.png', bytes: new Uint8Array([1, 2, 3]) };
    ok(await service.handle('describe-image', { requestId: 'd-1', image, detail: 'brief' }, 'win-3'));
    assert.deepEqual(blockEvents(recorded).map((e) => [e.payload.requestId, e.target, e.payload.blocks.length]), [['d-1', 'win-3', 1]]);
  } finally {
    service.dispose();
  }

  // The worker may still send a block after the cancel reached the service: the window must not hear it.
  let cancelled!: () => void;
  const aborted = new Promise<void>((resolve) => (cancelled = resolve));
  const late = await serviceWith(async (emit, signal) => {
    emit({ kind: 'text', from: 0, lines: [], blocks: [paragraph('Before the cancel')] });
    signal.addEventListener('abort', () => cancelled(), { once: true });
    await withDeadline(aborted, 'the cancel to reach the host');
    emit({ kind: 'text', from: 1, lines: [], blocks: [paragraph('After the cancel')] });
  });
  try {
    const running = late.service.handle('read-screen', { requestId: 'r-late', target: 'screen' }, 'win-4');
    await waitUntil(() => blockEvents(late.recorded).length > 0, 'the first block', 15_000, 5);
    ok(await late.service.handle('cancel', { requestId: 'r-late' }, 'win-4'));
    await withDeadline(running, 'the cancelled read to end');
    assert.deepEqual(blockEvents(late.recorded).flatMap((e) => e.payload.blocks.map((b) => (b.kind === 'table' ? '' : b.text))), ['Before the cancel']);
  } finally {
    late.service.dispose();
  }
});

test('each kind of block is checked field by field', () => {
  const good: BlockView[] = [
    { kind: 'heading', level: 2, text: 'Title', box, pane: 0, lines: [0], lang: 'de' },
    { kind: 'list-item', text: 'Milk', box, pane: 1, lines: [1, 2] },
    { kind: 'table', rows: [['Name', 'Age'], ['Ann', '31']], headerRows: 1, box, pane: 0, lines: [3, 4] },
    { kind: 'control', role: 'checkbox', state: 'checked', text: 'Remember me', box, pane: 0, lines: [5] },
    { kind: 'table', rows: [['AD', 'Andorra'], ['AE', 'Emirates']], headerRows: 0, rowMarks: [{ role: 'checkbox', state: 'checked' }, null], box, pane: 0, lines: [6, 7] },
    { kind: 'control', role: 'radio', state: 'unchecked', text: 'Large print', box, pane: 0, lines: [8] },
    { kind: 'table', rows: [['All files']], headerRows: 0, rowMarks: [{ role: 'checkbox', state: 'mixed' }], box, pane: 0, lines: [9] },
  ];
  for (const block of good) assert.deepEqual(blockViewOf(JSON.parse(JSON.stringify(block))), block);
  const bad: unknown[] = [
    { ...good[0], level: 7 },
    { ...good[0], lang: 'not a language!' },
    { ...good[1], box: [0, 0, 1] },
    { ...good[1], box: [0, 0, 1, Number.NaN] },
    { ...good[1], pane: -1 },
    { ...good[1], lines: [0.5] },
    { ...good[1], text: 7 },
    { ...good[2], headerRows: 3 },
    { ...good[2], rows: [['Ann', 31]] },
    { ...good[3], role: 'slider' },
    { ...good[3], state: 'maybe' },
    { ...good[4], rowMarks: [null] },
    { ...good[4], rowMarks: [{ role: 'toggle', state: 'on' }, null] },
    { ...good[4], rowMarks: [{ role: 'radio' }, null] },
    { ...good[4], rowMarks: [{ role: 'checkbox', state: 'on' }, null] },
    { ...good[4], rowMarks: 'checked' },
    { ...good[1], kind: 'picture' },
    [],
    'paragraph',
  ];
  for (const block of bad) assert.equal(blockViewOf(block), null, JSON.stringify(block));
  assert.equal(streamedBlocksOf({ kind: 'text', blocks: [good[0], bad[0]] }), null, 'one bad block drops the event');
  assert.equal(streamedBlocksOf({ kind: 'token', blocks: [good[0]] }), null);
  assert.equal(streamedBlocksOf({ kind: 'text', blocks: 'x' }), null);
  assert.deepEqual(streamedBlocksOf({ kind: 'text', blocks: [good[1]] }), [good[1]]);
});
