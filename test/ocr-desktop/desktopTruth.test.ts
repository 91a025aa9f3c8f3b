import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { desktopCorpusMissing, renderDesktopCorpus } from '../bench/ocr/desktopCorpus';
import { desktopScenarios } from '../bench/ocr/desktopScenarios';
import { desktopTruth, inkOf, paintMasks, xyCut, type AtspiDump, type Box, type DumpNode, type Pixels } from '../bench/ocr/desktopTruth';

// The desktop corpus's truth rules (test/bench/ocr/desktopTruth.ts) on a made-up accessibility dump and screenshot,
// and, where Xvfb, AT-SPI and the programs are installed, one real program run end to end.

const W = 400, H = 200, LINE = 15;

function canvas(): Pixels {
  return { width: W, height: H, channels: 3, data: new Uint8Array(W * H * 3).fill(255) };
}

function fill(px: Pixels, [x0, y0, w, h]: Box, v = 0): void {
  for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) px.data.fill(v, (y * W + x) * 3, (y * W + x) * 3 + 3);
}

/** `n` glyph-like marks (6 × 9, 2 apart) from x, vertically centred on the box's first line. */
function glyphs(px: Pixels, box: Box, n: number): void {
  for (let k = 0; k < n; k++) fill(px, [box[0] + 2 + 8 * k, box[1] + 3, 6, 9]);
}

const node = (i: number, parent: number | null, role: string, name: string, ext: Box, more: Partial<DumpNode> = {}): DumpNode => ({ i, parent, role, name, ext, measured: name ? [name.replace(/\s/g, '').length * 8, LINE] : undefined, ...more });

test('xyCut reads bands top to bottom, each band’s columns left to right', () => {
  const ids = (units: Array<{ id: string; box: Box }>) => xyCut(units).map((u) => u.id);
  const grid = [
    { id: 'right-1', box: [210, 40, 100, 20] as Box },
    { id: 'left-2', box: [10, 70, 100, 20] as Box },
    { id: 'header', box: [10, 5, 300, 20] as Box },
    { id: 'left-1', box: [10, 40, 100, 20] as Box },
    { id: 'right-2', box: [210, 70, 100, 20] as Box },
  ];
  assert.deepEqual(ids(grid), ['header', 'left-1', 'right-1', 'left-2', 'right-2']);
  // A sidebar spanning the rows: no band cuts past it, so the columns are read whole, the sidebar last.
  assert.deepEqual(ids([...grid, { id: 'sidebar', box: [330, 40, 60, 150] }]), ['header', 'left-1', 'left-2', 'right-1', 'right-2', 'sidebar']);
  // A key two rows high (a calculator's "=") is read with the row it starts in.
  const keys = [
    { id: '1', box: [0, 0, 30, 30] as Box }, { id: '2', box: [35, 0, 30, 30] as Box }, { id: '=', box: [70, 0, 30, 65] as Box },
    { id: '0', box: [0, 35, 30, 30] as Box }, { id: '.', box: [35, 35, 30, 30] as Box },
  ];
  assert.deepEqual(ids(keys), ['1', '2', '=', '0', '.']);
});

test('inkOf leaves out a widget’s border and counts glyphs', () => {
  const px = canvas();
  const button: Box = [10, 10, 80, 30];
  fill(px, [10, 10, 80, 1]); fill(px, [10, 39, 80, 1]); fill(px, [10, 10, 1, 30]); fill(px, [89, 10, 1, 30]);
  glyphs(px, [20, 15, 60, 20], 5);
  const ink = inkOf(px, button, LINE);
  assert.ok(ink);
  assert.equal(ink.glyphs, 5);
  assert.equal(ink.band, 9);
  assert.equal(ink.width, 8 * 4 + 6);
});

test('desktopTruth: text, controls, table rows, icons and cut text', () => {
  const px = canvas();
  const label: Box = [10, 10, 140, LINE], save: Box = [80, 40, 60, 25];
  glyphs(px, label, 13);
  fill(px, [22, 44, 16, 16]); // the "Open" button shows an icon only
  glyphs(px, [save[0] + 10, save[1] + 5, 40, LINE], 4);
  glyphs(px, [10, 82, 100, 15], 4); glyphs(px, [110, 82, 100, 15], 4);
  glyphs(px, [10, 100, 100, 15], 5); glyphs(px, [110, 100, 100, 15], 2);
  glyphs(px, [10, 170, 100, 15], 10); // cut by its scrolled pane at y = 180
  const nodes: DumpNode[] = [
    node(0, null, 'frame', 'Window title', [0, 0, W, H]),
    node(1, 0, 'label', 'Hello big world', [10, 10, 200, LINE], { text: 'Hello big world', textExt: [10, 10, 110, LINE] }),
    node(2, 0, 'push button', 'Open', [10, 40, 60, 25]),
    node(3, 0, 'push button', 'Save', save),
    node(4, 0, 'table', '', [10, 80, 300, 60]),
    node(5, 4, 'table column header', 'Name', [10, 80, 100, 20]),
    node(6, 4, 'table column header', 'Size', [110, 80, 100, 20]),
    node(7, 4, 'table cell', 'alpha', [10, 98, 100, 20], { text: 'alpha', textExt: [10, 100, 44, LINE], cell: [0, 0] }),
    node(8, 4, 'table cell', '12', [110, 98, 100, 20], { text: '12', textExt: [110, 100, 20, LINE], cell: [0, 1] }),
    node(9, 0, 'scroll pane', '', [10, 150, 300, 30]),
    node(10, 9, 'label', 'cut off text', [10, 170, 100, 20], { text: 'cut off text' }),
    node(11, 0, 'slider', '', [320, 40, 60, 20]),
  ];
  const dump: AtspiDump = { screen: [W, H], windows: [{ id: 1, pid: 1, override: false, rect: [0, 0, W, H], name: 'Window title' }], lineH: LINE, nodes };
  const truth = desktopTruth(dump, 1, px);
  assert.deepEqual(truth.blocks.map((b) => [b.kind, b.text]), [
    ['paragraph', 'Hello big world'],
    ['control', 'Save'],
    ['table-row', 'Name | Size'],
    ['table-row', 'alpha | 12'],
  ]);
  assert.equal(truth.dropped['not glyphs'], 1);
  assert.equal(truth.dropped.cut, 1);
  assert.deepEqual(truth.masks, [[320, 40, 60, 20], [10, 170, 100, 10]]);
  paintMasks(px, truth.masks);
  assert.equal(inkOf(px, [10, 170, 100, 10], LINE), null);
});

test('desktopTruth: a window on top covers what is under it', () => {
  const px = canvas();
  glyphs(px, [10, 10, 100, LINE], 6);
  glyphs(px, [10, 100, 100, LINE], 6);
  const dump: AtspiDump = {
    screen: [W, H],
    windows: [{ id: 1, pid: 1, override: false, rect: [0, 0, W, H], name: 'Main' }, { id: 2, pid: 1, override: false, rect: [0, 90, 200, 60], name: 'Dialog' }],
    lineH: LINE,
    nodes: [
      node(0, null, 'frame', 'Main', [0, 0, W, H]),
      node(1, 0, 'label', 'seen', [10, 10, 100, LINE], { text: 'seen text' }),
      node(2, 0, 'label', 'hidden', [10, 100, 100, LINE], { text: 'hidden text' }),
    ],
  };
  const truth = desktopTruth(dump, 1, px);
  assert.deepEqual(truth.blocks.map((b) => b.text), ['seen text']);
  assert.equal(truth.dropped.covered, 1);
});

test('desktopTruth: a GTK panel’s name is no title; a name shaped like an icon’s counts where it is drawn as text; a right-aligned entry’s text is found', () => {
  const px = canvas();
  glyphs(px, [10, 10, 140, LINE], 13); // the panel's child label, at its top left
  const folder: Box = [10, 60, 120, 25];
  glyphs(px, [folder[0] + 4, folder[1] + 5, 112, LINE], 14); // "common-licenses" drawn on its button, 14 glyphs, 112 px
  fill(px, [20, 110, 16, 16]); // "go-previous": an icon only
  const entry: Box = [10, 150, 300, 25];
  glyphs(px, [entry[0] + 280, entry[1] + 5, 16, LINE], 1); // "0" drawn at the entry's right edge
  const nodes: DumpNode[] = [
    node(0, null, 'frame', 'Window title', [0, 0, W, H]),
    node(1, 0, 'panel', 'Browse Header Revealer', [0, 0, W, 50]),
    node(2, 1, 'label', 'Directory listing', [10, 10, 140, LINE], { text: 'Directory listing', textExt: [10, 10, 110, LINE] }),
    node(3, 0, 'toggle button', 'common-licenses', folder, { measured: [112, LINE] }),
    node(4, 0, 'push button', 'go-previous', [15, 105, 26, 26]),
    node(5, 0, 'text', '', entry, { text: '0', textExt: [entry[0], entry[1] + 5, 8, LINE], measured: [8, LINE] }),
  ];
  const dump: AtspiDump = { screen: [W, H], windows: [{ id: 1, pid: 1, override: false, rect: [0, 0, W, H], name: 'Window title' }], lineH: LINE, nodes };
  const texts = (toolkit: 'gtk3' | 'qt5') => desktopTruth(dump, 1, px, toolkit).blocks.map((b) => b.text);
  assert.deepEqual(texts('gtk3'), ['Directory listing', 'common-licenses', '0']);
  assert.ok(texts('qt5').includes('Browse Header Revealer'), 'Qt draws a group box’s name as its title');
});

test('desktopTruth: a text view’s paragraphs that run past it are not on the screen; the part of one that shows is painted over', () => {
  const px = canvas();
  const view: Box = [10, 10, 200, 50];
  glyphs(px, [14, 14, 100, LINE], 10);
  glyphs(px, [14, 31, 100, LINE], 10);
  glyphs(px, [14, 48, 100, LINE], 10); // its lower rows fall outside the view (cut at y = 60)
  const nodes: DumpNode[] = [
    node(0, null, 'frame', 'Window title', [0, 0, W, H]),
    node(1, 0, 'text', '', view, {
      text: 'first line\nsecond line\nthird line\nfourth line',
      paragraphs: [
        { start: 0, text: 'first line', ext: [14, 14, 100, LINE], measured: [100, LINE] },
        { start: 11, text: 'second line', ext: [14, 31, 100, LINE], measured: [100, LINE] },
        { start: 23, text: 'third line', ext: [14, 48, 100, LINE], measured: [100, LINE] },
        { start: 34, text: 'fourth line', ext: [14, 65, 100, LINE], measured: [100, LINE] },
      ],
    }),
  ];
  const dump: AtspiDump = { screen: [W, H], windows: [{ id: 1, pid: 1, override: false, rect: [0, 0, W, H], name: 'Window title' }], lineH: LINE, nodes };
  const truth = desktopTruth(dump, 1, px);
  assert.deepEqual(truth.blocks.map((b) => b.text), ['first line', 'second line']);
  assert.deepEqual(truth.masks, [[14, 48, 100, 12]]);
});

test('a real program under Xvfb gives its dialog’s text from the accessibility tree', { timeout: 120_000 }, async (t) => {
  const missing = desktopCorpusMissing();
  if (missing) return t.skip(`desktop corpus tools missing: ${missing}`);
  const scenario = desktopScenarios().find((s) => s.app === 'zenity' && s.state === 'forms')!;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-desktop-test-'));
  try {
    const [screen] = await renderDesktopCorpus(dir, undefined, undefined, (s) => s.id === scenario.id);
    assert.ok(screen, 'the scenario rendered');
    const texts = screen.blocks.map((b) => b.text);
    for (const want of ['Contact details', 'First name', 'Family name', 'Europe/Vienna', 'Cancel', 'OK']) assert.ok(texts.includes(want), `${want} in ${JSON.stringify(texts)}`);
    for (const b of screen.blocks) assert.ok(b.box[0] >= 0 && b.box[1] >= 0 && b.box[0] + b.box[2] <= screen.imageWidth && b.box[1] + b.box[3] <= screen.imageHeight);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
