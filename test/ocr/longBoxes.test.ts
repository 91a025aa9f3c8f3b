import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DecodedImage } from '../../electron/core/image/intake';
import { splitLongBoxes, splitTallBoxes } from '../../electron/core/ocr/longBoxes';
import type { Box } from '../../electron/core/ocr/types';

/** A white RGB image with dark rectangles ("glyph rows"). */
function image(width: number, height: number, ink: readonly Box[]): DecodedImage {
  const data = new Uint8Array(width * height * 3).fill(255);
  for (const [x, y, w, h] of ink) {
    for (let r = y; r < y + h; r++) for (let c = x; c < x + w; c++) data.fill(30, (r * width + c) * 3, (r * width + c) * 3 + 3);
  }
  return { data, width, height, channels: 3, source: 'test image', format: 'raw' };
}

/** Ordinary one-line boxes 30 px tall elsewhere on the screen, so that the usual box height is 30. */
const ordinary: Box[] = [[200, 10, 300, 30], [200, 50, 300, 30], [200, 90, 300, 30], [200, 130, 300, 30]];

test('a box the detector ran over several short lines is cut at the blank rows between them', () => {
  // A column of two-letter codes, 20 px of ink every 30 px, found as one box 90 px tall.
  const img = image(600, 300, [[10, 105, 30, 20], [10, 135, 30, 20], [10, 165, 30, 20], ...ordinary]);
  const out = splitTallBoxes([[5, 100, 40, 90], ...ordinary], img);
  const cut = out.filter((b) => b[0] === 5);
  assert.equal(cut.length, 3);
  cut.forEach((b, k) => {
    assert.ok(b[1] <= 105 + 30 * k && b[1] + b[3] >= 125 + 30 * k, `line ${k} keeps its ink: ${b}`);
    assert.ok(b[3] < 30, `line ${k} is one line tall: ${b}`);
  });
});

test('a tall box with no blank row (a large heading) stays whole; a neighbour\'s cut-off part at its edge is left out', () => {
  const heading = image(600, 300, [[10, 100, 200, 60], ...ordinary]);
  assert.deepEqual(splitTallBoxes([[5, 95, 210, 70], ...ordinary], heading)[0], [5, 95, 210, 70]);
  // The box reaches 6 px into the line above (its descenders), then holds one line of its own.
  const reaching = image(600, 300, [[10, 100, 30, 6], [10, 120, 30, 20], ...ordinary]);
  const [trimmed, ...rest] = splitTallBoxes([[5, 100, 40, 46], ...ordinary], reaching);
  assert.ok(trimmed![1] > 106 && trimmed![1] <= 120 && trimmed![1] + trimmed![3] >= 140, `${trimmed}`);
  assert.equal(rest.length, ordinary.length);
});

test('a line split out of a tall box that the detector also found on its own is kept once', () => {
  const img = image(600, 300, [[10, 105, 30, 20], [10, 135, 30, 20], ...ordinary]);
  const out = splitTallBoxes([[5, 100, 40, 60], [5, 131, 40, 28], ...ordinary], img);
  assert.equal(out.filter((b) => b[0] === 5).length, 2);
});

/** A line of "words" 14 px of ink tall in a box 28 px tall: words `word` px wide, `gap` px apart, from x = 10. */
function wordLine(width: number, word: number, gap: number): { img: DecodedImage; box: Box } {
  const ink: Box[] = [];
  for (let x = 10; x + word < width - 10; x += word + gap) ink.push([x, 17, word, 14]);
  const right = ink[ink.length - 1]!;
  return { img: image(width, 48, ink), box: [6, 10, right[0] + right[2] + 4 - 6, 28] };
}

test('a long line is cut at its word gaps; a line too wide for one crop is cut at narrow word gaps too', () => {
  // 6-px gaps (0.21 of the box's height): cut into pieces, each at most 28 box heights wide.
  const spaced = wordLine(1900, 60, 6);
  const pieces = splitLongBoxes([spaced.box], spaced.img);
  assert.ok(pieces.length >= 3 && pieces.every((b) => b[2] <= 28 * 28), `${pieces.length} pieces`);
  // 5-px gaps (0.18): no gap is word-wide, but read whole the 1880-px line would be squeezed (67 heights): cut.
  const tight = wordLine(1900, 60, 5);
  assert.ok(splitLongBoxes([tight.box], tight.img).length >= 3);
  assert.deepEqual(splitLongBoxes([tight.box], tight.img, 0), [tight.box], 'without narrow cuts it stays whole');
  // A line of 35 heights is read unsqueezed: it is cut only at word-wide gaps, so here it stays whole.
  const shorter = wordLine(1000, 60, 5);
  assert.deepEqual(splitLongBoxes([shorter.box], shorter.img), [shorter.box]);
});
