import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dividerFinder, findPaneDividers, rowRuleFinder } from '../../electron/core/ocr/dividers';
import type { DecodedImage } from '../../electron/core/image/intake';

/** A white page with grey 1-px vertical rules at `columns` and, when given, horizontal rules every `rowPitch` px. */
function page(columns: readonly number[], rowPitch: number | null, width = 400, height = 300): DecodedImage {
  const data = new Uint8Array(width * height * 3).fill(255);
  const ink = (x: number, y: number) => data.fill(150, (y * width + x) * 3, (y * width + x) * 3 + 3);
  for (const x of columns) for (let y = 0; y < height; y++) ink(x, y);
  if (rowPitch) for (let y = 0; y < height; y += rowPitch) for (let x = columns[0]!; x <= columns[columns.length - 1]!; x++) ink(x, y);
  return { data, width, height, channels: 3, source: 'synthetic', format: 'raw' };
}

test('a lone vertical rule in a corridor is a pane divider', () => {
  const has = dividerFinder(page([200], null));
  assert.equal(has(190, 210, 10, 290), true);
  assert.equal(has(100, 150, 10, 290), false, 'no rule in this corridor');
});

test('a ruled grid\'s column rule (crossed by row rules) is not a pane divider: the cells beside it are one table', () => {
  const grid = page([20, 120, 200, 300, 380], 24);
  assert.equal(dividerFinder(grid)(190, 210, 10, 290), false);
  // As before the rule: the ablation can still measure the old behaviour.
  assert.equal(dividerFinder(grid, { skipGrid: false })(190, 210, 10, 290), true);
  assert.deepEqual(findPaneDividers(grid, 16).filter((d) => d.x > 30 && d.x < 370), [], 'nor a long pane edge inside the grid');
});

test('a background edge names its filled side: a grey box on a white page is filled inside, wherever it sits', () => {
  const width = 400, height = 300;
  const data = new Uint8Array(width * height * 3).fill(255);
  // A boxed panel (grey) on the right and a code block (pale green) on the left, each 200 rows tall.
  for (let y = 50; y < 250; y++) {
    for (let x = 300; x < 380; x++) data.fill(232, (y * width + x) * 3, (y * width + x) * 3 + 3);
    for (let x = 20; x < 150; x++) data.set([238, 255, 204], (y * width + x) * 3);
  }
  const edges = findPaneDividers({ data, width, height, channels: 3, source: 'synthetic', format: 'raw' }, 16);
  const at = (x: number) => edges.find((d) => Math.abs(d.x - x) <= 3);
  assert.equal(at(300)?.fill, 'east', 'the panel\'s left edge has the fill to its east');
  assert.equal(at(380)?.fill, 'west', 'its right edge to its west');
  assert.equal(at(150)?.fill, 'west', 'the code block\'s right edge to its west');
});

/**
 * Qt's calendar example on a 1920×1080 screen, as Xvfb shows it: a 904×435 dialog (grey 239) on a black root window,
 * with two group boxes side by side (fill 236, border 215) 213 px tall, and in the left one a ruled grid whose first
 * column is shaded. The text runs from y 11 to y 410.
 */
function calendarDialog(): DecodedImage {
  const width = 1920, height = 1080;
  const data = new Uint8Array(width * height * 3);
  const fill = (x0: number, y0: number, x1: number, y1: number, v: number) => {
    for (let y = y0; y < y1; y++) data.fill(v, (y * width + x0) * 3, (y * width + x1) * 3);
  };
  fill(0, 0, 904, 435, 239);
  for (const [x0, x1] of [[14, 355], [364, 892]] as const) {
    fill(x0, 36, x1 + 1, 250, 215);
    fill(x0 + 1, 37, x1, 249, 236);
  }
  fill(23, 48, 63, 234, 200); // the grid's shaded week-number column
  for (let y = 48; y < 234; y += 23) fill(23, y, 343, y + 1, 150); // its row rules
  return { data, width, height, channels: 3, source: 'synthetic', format: 'raw' };
}

test('a group box far shorter than a quarter of the screen is a pane edge when measured against the text\'s height', () => {
  const img = calendarDialog();
  const near = (edges: ReturnType<typeof findPaneDividers>, x: number) => edges.filter((d) => Math.abs(d.x - x) <= 3 && d.y1 - d.y0 > 150);
  assert.equal(near(findPaneDividers(img, 22, undefined, undefined, false), 355).length, 0, 'against the screen\'s height (1080) the 213-px border is too short');
  assert.equal(near(findPaneDividers(img, 22), 355).length, 1, 'unless it faces the other box\'s border (SHORT_TWIN_EDGES)');
  const edges = findPaneDividers(img, 22, [11, 410]);
  assert.equal(near(edges, 355).length, 1, 'the left box\'s right border');
  assert.equal(near(edges, 364).length, 1, 'the right box\'s left border');
  assert.equal(near(edges, 63).length, 0, 'a ruled grid\'s shaded column, crossed by the row rules on both sides, is no pane edge');
});

/**
 * Exim's option tables: each cell its own grey box (232 on a white page), 20 px tall with 2 px of page between rows
 * and 4 px between the two columns; beside the table, a sidebar whose grey fill runs unbroken.
 */
function filledCellTable(): DecodedImage {
  const width = 1000, height = 400; // the page's white is the commonest colour
  const data = new Uint8Array(width * height * 3).fill(255);
  const fill = (x0: number, y0: number, x1: number, y1: number) => {
    for (let y = y0; y < y1; y++) data.fill(232, (y * width + x0) * 3, (y * width + x1) * 3);
  };
  for (let y = 20; y + 20 <= 280; y += 22) {
    fill(20, y, 200, y + 20);
    fill(204, y, 400, y + 20);
  }
  fill(460, 20, 580, 280);
  return { data, width, height, channels: 3, source: 'synthetic', format: 'raw' };
}

test('the edges of a column of filled cells are no pane edges or dividers: the cells beside them are one table', () => {
  const img = filledCellTable();
  const edges = findPaneDividers(img, 16);
  assert.deepEqual(edges.filter((d) => d.x > 10 && d.x < 420), [], 'no edge inside the table');
  assert.equal(edges.filter((d) => Math.abs(d.x - 460) <= 3 || Math.abs(d.x - 580) <= 3).length, 2, 'the sidebar\'s unbroken fill keeps both its edges');
  assert.equal(findPaneDividers(img, 16, undefined, false).filter((d) => d.x > 10 && d.x < 420).length > 0, true, 'without the rule the cells\' edges are pane edges');
  assert.equal(dividerFinder(img, { textHeight: 16 })(195, 210, 20, 258), false, 'the corridor between the columns has no divider');
  assert.equal(dividerFinder(img, { textHeight: 16, skipCells: false })(195, 210, 20, 258), true);
  assert.equal(dividerFinder(img, { textHeight: 16 })(420, 470, 20, 258), true, 'the sidebar\'s edge is one');
});

test('row rules: a ruled table\'s row borders and the edge between two row fills are found; a line of text is not', () => {
  const width = 500, height = 200;
  const data = new Uint8Array(width * height * 3).fill(255);
  const paint = (x0: number, y0: number, x1: number, y1: number, v: number) => {
    for (let y = y0; y < y1; y++) data.fill(v, (y * width + x0) * 3, (y * width + x1) * 3);
  };
  paint(20, 40, 480, 41, 120); // a 1-px rule
  paint(20, 100, 480, 140, 235); // a shaded row: edges at 100 and 140
  for (let x = 30; x < 470; x += 9) paint(x, 60, x + 5, 72, 0); // a "line of text": glyphs with gaps between them
  const find = rowRuleFinder({ data, width, height, channels: 3, source: 'synthetic', format: 'raw' });
  assert.deepEqual(find(20, 480, 10, 190).map(Math.round), [41, 100, 140]);
  assert.deepEqual(find(20, 480, 50, 90), [], 'text is no rule');
});

test('the facing borders of two short framed boxes side by side are pane edges; a lone short frame\'s are not', () => {
  const width = 600, height = 400;
  const data = new Uint8Array(width * height * 3).fill(255);
  const ink = (x: number, y: number) => data.fill(120, (y * width + x) * 3, (y * width + x) * 3 + 3);
  const frame = (x0: number, y0: number, x1: number, y1: number) => {
    for (let x = x0; x <= x1; x++) { ink(x, y0); ink(x, y1); }
    for (let y = y0; y <= y1; y++) { ink(x0, y); ink(x1, y); }
  };
  // Two group boxes of three lines each (80 px, under six text heights of 22), 8 px apart; a third box alone below.
  frame(20, 40, 250, 120);
  frame(259, 40, 490, 120);
  frame(20, 200, 250, 280);
  const img: DecodedImage = { data, width, height, channels: 3, source: 'synthetic', format: 'raw' };
  const edges = findPaneDividers(img, 22, [10, 380]);
  const near = (x: number, y: number) => edges.filter((d) => Math.abs(d.x - x) <= 3 && d.y0 <= y && d.y1 >= y);
  assert.equal(near(250, 80).length, 1, 'the left box\'s right border');
  assert.equal(near(259, 80).length, 1, 'the right box\'s left border');
  assert.equal(near(20, 80).length, 0, 'an outer border has no twin');
  assert.equal(near(250, 240).length, 0, 'nor has the lone box\'s');
  assert.equal(findPaneDividers(img, 22, [10, 380], undefined, false).length, 0, 'without the rule, all are too short');
});
