import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DecodedImage } from '../../electron/core/image/intake';
import { boxesForEmptyCells, clipToGrids, cutAtGrids, findRuledGrids, type RuledGrid } from '../../electron/core/ocr/gridTables';
import { DEFAULT_READING_ORDER, readingOrder } from '../../electron/core/ocr/readingOrder';
import type { Box } from '../../electron/core/ocr/types';

type Paint = (x0: number, y0: number, x1: number, y1: number, v: number) => void;

/** A white page, painted by `draw` (grey levels over rectangles, ends exclusive). */
function page(draw: (paint: Paint) => void, width = 640, height = 400): DecodedImage {
  const data = new Uint8Array(width * height * 3).fill(255);
  draw((x0, y0, x1, y1, v) => {
    for (let y = y0; y < y1; y++) data.fill(v, (y * width + x0) * 3, (y * width + x1) * 3);
  });
  return { data, width, height, channels: 3, source: 'synthetic', format: 'raw' };
}

/** A frame of 1-px rules around x0..x1 × y0..y1 (both ends inclusive). */
const frame = (paint: Paint, x0: number, y0: number, x1: number, y1: number, v = 120) => {
  paint(x0, y0, x1 + 1, y0 + 1, v);
  paint(x0, y1, x1 + 1, y1 + 1, v);
  paint(x0, y0, x0 + 1, y1 + 1, v);
  paint(x1, y0, x1 + 1, y1 + 1, v);
};

const COLS = [40, 140, 520, 600] as const;
const ROWS = [60, 96, 150, 186] as const;

/** A ruled table: a rule around every cell, three columns, three rows (the middle one two lines tall). */
const ruledTable = (spacing: number) => page((paint) => {
  for (let r = 0; r + 1 < ROWS.length; r++) {
    for (let c = 0; c + 1 < COLS.length; c++) frame(paint, COLS[c]! + spacing, ROWS[r]! + spacing, COLS[c + 1]! - spacing, ROWS[r + 1]! - spacing);
  }
});

const centres = (grid: RuledGrid) => grid.rows.map((row) => row.cols.map((c) => Math.round((c[0] + c[1]) / 2)));

test('a table with a rule around every cell is a grid: its rows and the rules between its cells', () => {
  for (const spacing of [0, 2]) {
    const grids = findRuledGrids(ruledTable(spacing), 16);
    assert.equal(grids.length, 1, `cell spacing ${spacing}`);
    assert.equal(grids[0]!.rows.length, 3);
    for (const row of centres(grids[0]!)) {
      assert.equal(row.length, 4);
      row.forEach((x, k) => assert.ok(Math.abs(x - COLS[k]!) <= 3, `rule ${k} at ${x}, drawn at ${COLS[k]}`));
    }
  }
});

test('framed boxes stacked with gaps, a frame with row rules only, and zebra rows are not grids', () => {
  // Three entries of a dialog, each framed, 8 px apart, each with a button beside it.
  const dialog = page((paint) => {
    for (const y of [60, 100, 140]) {
      frame(paint, 40, y, 400, y + 30);
      frame(paint, 410, y, 500, y + 30);
    }
  });
  assert.deepEqual(findRuledGrids(dialog, 16), []);
  // A list in a frame, its rows parted by rules, no column rules.
  const list = page((paint) => {
    frame(paint, 40, 60, 500, 240);
    for (const y of [96, 132, 168, 204]) paint(40, y, 501, y + 1, 120);
  });
  assert.deepEqual(findRuledGrids(list, 16), []);
  // Rows with alternating fills inside a border.
  const zebra = page((paint) => {
    for (let k = 0; k < 6; k++) if (k % 2) paint(41, 60 + k * 30, 500, 90 + k * 30, 230);
    frame(paint, 40, 60, 500, 240);
  });
  assert.deepEqual(findRuledGrids(zebra, 16), []);
});

test('a box that reaches over a column rule is cut there; a sliver over the rule is dropped', () => {
  const grids = findRuledGrids(ruledTable(0), 16);
  // One box over the second and third cells of the first row (the detector joined them), one that only grazes the
  // rule, one outside the grid.
  const boxes: Box[] = [[150, 70, 420, 16], [40, 105, 104, 16], [40, 300, 200, 16]];
  const clipped = clipToGrids(boxes, grids, 16);
  assert.equal(clipped.length, 4);
  const [a, b, c, d] = clipped.map((x) => x.map(Math.round));
  assert.ok(a![0] === 150 && a![0] + a![2] <= 520, `the second cell's piece ends before the rule: ${a}`);
  assert.ok(b![0] > 520 && b![0] + b![2] === 570, `the third cell's piece starts after it: ${b}`);
  assert.ok(c![0] > 40 && c![0] + c![2] <= 140, `the grazing box is kept within its cell: ${c}`);
  assert.deepEqual(d, [40, 300, 200, 16]);
});

test('gridTables: a ruled table whose description ends a few pixels from the next cell is read row by row', () => {
  const image = ruledTable(0);
  const grids = findRuledGrids(image, 16);
  // Cells set close: each description runs to 6 px before the rule at 520, and the middle one wraps.
  const runs: Array<[string, Box]> = [
    ['Param', [46, 70, 60, 16]], ['Description', [146, 70, 120, 16]], ['Example', [526, 70, 60, 16]],
    ['SF-IMAGE', [46, 105, 80, 16]], ['If your script operates on an open image, this is the first', [146, 105, 368, 16]], ['3', [526, 105, 10, 16]],
    ['parameter after the required ones.', [146, 125, 260, 16]],
    ['SF-VALUE', [46, 160, 80, 16]], ['Accepts numbers and strings.', [146, 160, 220, 16]], ['42', [526, 160, 20, 16]],
  ];
  const read = (rules: { gridTables: boolean }) => readingOrder(runs.map((r) => r[1]), { ...DEFAULT_READING_ORDER, grids, rules })
    .map((l) => l.cells.map((cell) => cell.map((i) => runs[i]![0]).join(' ')).join(l.tableRow ? ' | ' : ' '));
  assert.deepEqual(read({ gridTables: true }), [
    'Param | Description | Example',
    'SF-IMAGE | If your script operates on an open image, this is the first parameter after the required ones. | 3',
    'SF-VALUE | Accepts numbers and strings. | 42',
  ]);
  assert.notDeepEqual(read({ gridTables: false }), read({ gridTables: true }), 'without the grid the close cells are not kept apart');
});

test('gridRowsBeside: cells beside a ruled frozen column, inside its rows, are read with them; lines that cross its rows are not', () => {
  // A spreadsheet's frozen column: row numbers and one ruled column, three rows 36 px tall; the other columns unruled.
  const image = page((paint) => {
    for (let r = 0; r < 3; r++) for (const [x0, x1] of [[10, 40], [40, 140]] as const) frame(paint, x0, 60 + 36 * r, x1, 96 + 36 * r);
  });
  const grids = findRuledGrids(image, 16);
  assert.equal(grids.length, 1);
  const rows: Array<[string, Box]> = [
    ['1', [16, 70, 10, 16]], ['6a', [46, 70, 20, 16]], ['5.9', [200, 70, 24, 16]], ['VI', [300, 70, 16, 16]],
    ['2', [16, 106, 10, 16]], ['6b', [46, 106, 20, 16]], ['5.10a', [200, 106, 40, 16]],
    ['3', [16, 142, 10, 16]], ['6c', [46, 142, 20, 16]], ['5.10b', [200, 142, 40, 16]], ['VII', [300, 142, 20, 16]],
  ];
  const read = (runs: Array<[string, Box]>, gridRowsBeside: boolean) => readingOrder(runs.map((r) => r[1]), { ...DEFAULT_READING_ORDER, grids, rules: { gridRowsBeside } })
    .map((l) => l.cells.map((cell) => cell.map((i) => runs[i]![0]).join(' ')).join(l.tableRow ? ' | ' : ' '));
  assert.deepEqual(read(rows, true), ['1 | 6a | 5.9 | VI', '2 | 6b | 5.10a', '3 | 6c | 5.10b | VII']);
  assert.notDeepEqual(read(rows, false), read(rows, true));
  // Running text beside the grid, at its own line pitch, crosses the grid's rows: it stays text of its own.
  const prose: Array<[string, Box]> = [
    ...rows.filter(([, b]) => b[0] < 140),
    ['A paragraph beside the table', [200, 62, 300, 16]], ['whose lines run at a pitch', [200, 84, 300, 16]],
    ['of their own, across', [200, 106, 300, 16]], ['the table\'s rules.', [200, 128, 300, 16]],
  ];
  const lines = read(prose, true);
  assert.ok(lines.includes('1 | 6a') && lines.includes('3 | 6c'), lines.join('\n'));
  assert.ok(!lines.some((l) => l.includes('6a') && l.includes('paragraph')), lines.join('\n'));
});

test('gridRowsAbove: an unruled header row right above a grid, each label within a cell, is its first row; a caption further up is not', () => {
  // A spreadsheet: ruled cells from y 96 down, three rows 30 px tall; the column header sits just above, unruled.
  const image = page((paint) => {
    for (let r = 0; r < 3; r++) for (const [x0, x1] of [[20, 120], [120, 220], [220, 320]] as const) frame(paint, x0, 96 + 30 * r, x1, 126 + 30 * r);
  });
  const grids = findRuledGrids(image, 16);
  assert.equal(grids.length, 1);
  const runs: Array<[string, Box]> = [
    ['Table 2: grades', [20, 30, 140, 16]],
    ['A', [64, 74, 10, 16]], ['B', [164, 74, 10, 16]], ['C', [264, 74, 10, 16]],
    ['Item', [26, 103, 40, 16]], ['Price', [126, 103, 40, 16]], ['NOK', [226, 103, 30, 16]],
    ['Bus', [26, 133, 30, 16]], ['150', [126, 133, 30, 16]], ['NOK', [226, 133, 30, 16]],
    ['Taxi', [26, 163, 30, 16]], ['35', [126, 163, 20, 16]], ['USD', [226, 163, 30, 16]],
  ];
  const read = (gridRowsAbove: boolean) => readingOrder(runs.map((r) => r[1]), { ...DEFAULT_READING_ORDER, grids, rules: { gridRowsAbove } })
    .map((l) => l.cells.map((cell) => cell.map((i) => runs[i]![0]).join(' ')).join(l.tableRow ? ' | ' : ' '));
  assert.deepEqual(read(true), ['Table 2: grades', 'A | B | C', 'Item | Price | NOK', 'Bus | 150 | NOK', 'Taxi | 35 | USD']);
  assert.notDeepEqual(read(false), read(true));
});

test('cells framed each on their own, a few pixels apart, are a grid (Qt\'s rich-text tables); 9 px apart they are not', () => {
  // spacing s leaves 2s - 1 blank pixels between neighbouring frames, across and down.
  for (const spacing of [3]) {
    const grids = findRuledGrids(ruledTable(spacing), 16);
    assert.equal(grids.length, 1, `cell spacing ${spacing}`);
    assert.equal(grids[0]!.rows.length, 3);
    for (const row of centres(grids[0]!)) {
      assert.equal(row.length, 4);
      // The outer frames stand `spacing` inside the table's edge.
      row.forEach((x, k) => assert.ok(Math.abs(x - COLS[k]!) <= spacing + 1, `rule ${k} at ${x}, drawn at ${COLS[k]}`));
    }
  }
  assert.deepEqual(findRuledGrids(ruledTable(5), 16), [], 'frames 9 px apart are separate boxes');
});

test('a keypad\'s keys, framed each on their own 8 px apart, are a grid; a glyph the detector missed in a key gets a box', () => {
  // Three rows of three keys 44 px square, 8 px apart (half a text height of 16), like Qt's calculator.
  const keys = (paint: Paint) => {
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) frame(paint, 40 + 52 * c, 60 + 52 * r, 84 + 52 * c, 104 + 52 * r);
  };
  const img = page((paint) => {
    keys(paint);
    paint(58, 74, 62, 90, 20); // a "1" in the first key (found by the detector below)
    paint(110, 74, 114, 90, 20); // a "1" in the second key (missed)
    paint(160, 81, 168, 83, 20); // a "-" in the third key (missed)
    paint(58, 130, 62, 146, 20); // the next row's first key (found)
  });
  const grids = findRuledGrids(img, 16);
  assert.equal(grids.length, 1);
  assert.equal(grids[0]!.rows.length, 3);
  const found: Box[] = [[54, 72, 12, 20], [54, 128, 12, 20]];
  const added = boxesForEmptyCells(grids, found, img, 16);
  assert.equal(added.length, 2, `${JSON.stringify(added)}: one box for each key with a glyph and no box; blank keys get none`);
  const [one, dash] = added as [Box, Box];
  assert.ok(one[0] <= 110 && one[0] + one[2] >= 114 && one[0] > 92 && one[0] + one[2] < 136, `the "1" box stays in its key: ${one}`);
  // The "-" box spans what its row's found box spans, so it reads on the row's baseline.
  assert.deepEqual([Math.round(dash[1]), Math.round(dash[1] + dash[3])], [72, 92]);
  assert.equal(cutAtGrids(found, img).boxes.length, 4);
  assert.equal(cutAtGrids(found, img, undefined, false).boxes.length, 2);
});
