import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dividerFinder, findPaneDividers } from '../../electron/core/ocr/dividers';
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
