import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DecodedImage } from '../../electron/core/image/intake';
import { keepRowsWithoutRules } from '../../electron/core/ocr/ruleRows';
import type { Box } from '../../electron/core/ocr/types';

/** A white 200×40 image with dark rectangles [x0, y0, x1, y1) (inclusive-exclusive). */
function image(rects: ReadonlyArray<readonly [number, number, number, number]>): DecodedImage {
  const width = 200, height = 40;
  const data = new Uint8Array(width * height * 3).fill(255);
  for (const [x0, y0, x1, y1] of rects) for (let y = y0; y < y1; y++) data.fill(30, (y * width + x0) * 3, (y * width + x1) * 3);
  return { data, width, height, channels: 3, source: 'synthetic', format: 'raw' };
}
/** Letters: 6-px strokes 3 px apart, with a word space, on rows 12–24. */
const letters = Array.from({ length: 11 }, (_, k) => [25 + 9 * k + (k >= 5 ? 6 : 0), 12, 31 + 9 * k + (k >= 5 ? 6 : 0), 24] as const);
const box: Box = [20, 3, 120, 30];

test('a table\'s rules above and below the text, running past the box, are left out of its crop', () => {
  const ruled = image([[0, 5, 200, 6], [0, 30, 200, 32], ...letters]);
  assert.deepEqual(keepRowsWithoutRules([box], [null], ruled), [[6, 30]]);
  // With the neighbouring lines' limits (lineNeighbours.ts) the tighter of the two holds on each side.
  assert.deepEqual(keepRowsWithoutRules([box], [[8, 33]], ruled), [[8, 30]]);
});

test('a link\'s underline, a rule through the text\'s middle, a narrow box and a box with no rules keep every row', () => {
  const underlined = image([[25, 27, 130, 28], ...letters]);
  assert.deepEqual(keepRowsWithoutRules([box], [null], underlined), [null], 'an underline ends with its text');
  const struck = image([[0, 18, 200, 19], ...letters]);
  assert.deepEqual(keepRowsWithoutRules([box], [null], struck), [null], 'a line through the middle rows is no cell rule');
  const ruled = image([[0, 5, 200, 6], [0, 30, 200, 32], ...letters]);
  assert.deepEqual(keepRowsWithoutRules([[20, 3, 50, 30]], [null], ruled), [null], 'a glyph or two: a stroke of its own may span the box');
  assert.deepEqual(keepRowsWithoutRules([box], [[8, 28]], image(letters)), [[8, 28]]);
});
