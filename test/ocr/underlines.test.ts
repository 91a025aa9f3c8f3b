import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { decodeImage, type DecodedImage } from '../../electron/core/image/intake';
import { findUnderline, underlineEraser } from '../../electron/core/ocr/underlines';
import type { Box } from '../../electron/core/ocr/types';

const fixture = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'ocr', 'apache-sidebar-links.png');
/** The detector's box of "Report a bug" in the fixture (a link with skip-ink underline broken at "p" and "g"). */
const REPORT_A_BUG: Box = [22, 114, 86, 22];

const loadFixture = async () => decodeImage({ kind: 'bytes', bytes: new Uint8Array(await readFile(fixture)), label: 'apache sidebar' });

/** A white canvas with dark rectangles painted on it (x, y, w, h). */
function canvas(width: number, height: number, rects: ReadonlyArray<readonly [number, number, number, number]>): DecodedImage {
  const data = new Uint8Array(width * height * 3).fill(255);
  for (const [x, y, w, h] of rects) {
    for (let yy = y; yy < y + h; yy++) data.fill(20, (yy * width + x) * 3, (yy * width + x + w) * 3);
  }
  return { data, width, height, channels: 3, source: 'canvas', format: 'raw' };
}

/** Glyph-like stems: 2 px wide, 10 px tall, every 6 px from x = 10, their feet on row 19. */
const stems = (from: number, to: number) => Array.from({ length: Math.floor((to - from) / 6) }, (_, k) => [from + 6 * k, 10, 2, 10] as const);

// The erasure is off in the engine (ERASE_UNDERLINES: it cost the held-out sets a little); the ablation bench uses it.
test('the underline of a real link is found below its text and erased, and only its rows change', async () => {
  const img = await loadFixture();
  const line = findUnderline(img, REPORT_A_BUG);
  assert.ok(line, 'the underline under "Report a bug"');
  assert.ok(line.top >= REPORT_A_BUG[1] + REPORT_A_BUG[3] / 2 && line.bottom < REPORT_A_BUG[1] + REPORT_A_BUG[3], `rows ${line.top}–${line.bottom}`);
  assert.ok(line.x1 - line.x0 >= 70, `it spans the words (${line.x0}–${line.x1})`);
  const erased = underlineEraser(img)([REPORT_A_BUG]);
  assert.notEqual(erased.data, img.data, 'a copy; the decoded image itself is kept for layout');
  let changedOutside = 0, changedInside = 0;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * 3;
      if (erased.data[i] === img.data[i] && erased.data[i + 1] === img.data[i + 1] && erased.data[i + 2] === img.data[i + 2]) continue;
      if (y >= line.top - 1 && y <= line.bottom + 1 && x >= line.x0 && x < line.x1) changedInside++;
      else changedOutside++;
    }
  }
  assert.equal(changedOutside, 0, 'nothing beyond the rule is painted');
  assert.ok(changedInside >= 50, `the rule's pixels are painted (${changedInside})`);
});

test('a frame\'s bottom edge, serif feet on the baseline and a row of underscores are not underlines', () => {
  // A button: text stems inside a 1-px frame whose bottom edge runs 3 px under them.
  const button = canvas(120, 30, [...stems(10, 100), [4, 4, 100, 1], [4, 4, 1, 20], [103, 4, 1, 20], [4, 23, 100, 1]]);
  assert.equal(findUnderline(button, [2, 2, 106, 24]), null, 'a frame');
  // The same stems with a baseline rule 2 px under their feet: an underline.
  const link = canvas(120, 30, [...stems(10, 100), [8, 21, 90, 1]]);
  assert.ok(findUnderline(link, [2, 6, 106, 18]), 'an underline with a gap above it');
  // Feet joined into one line along the stems' bottom row: no gap between glyphs and the line.
  const serif = canvas(120, 30, [...stems(10, 100), [8, 19, 90, 1]]);
  assert.equal(findUnderline(serif, [2, 6, 106, 18]), null, 'feet on the baseline');
  // "________" alone on its line: no text above the rule.
  const blanks = canvas(120, 30, [[8, 21, 90, 1]]);
  assert.equal(findUnderline(blanks, [2, 6, 106, 18]), null, 'underscores');
});

test('a cell\'s border under a link is passed over for the link\'s own underline, and skip-ink\'s breaks count in its length', () => {
  // A link in a table cell: the detector's crop reaches the cell's bottom border, which runs through the whole crop.
  const cell = canvas(120, 30, [...stems(10, 100), [8, 21, 90, 1], [2, 25, 106, 1]]);
  const inCell = findUnderline(cell, [2, 6, 106, 20]);
  assert.equal(inCell?.top, 21, 'the underline two rows under the text, not the border');
  assert.equal(findUnderline(canvas(120, 30, [...stems(10, 100), [2, 25, 106, 1]]), [2, 6, 106, 20]), null, 'a border alone is no underline');
  // "FAQ": a short underline (1.1 box heights) that a descender cuts in two, 20 px then 4 px, 2 px apart.
  const short = canvas(60, 30, [...stems(10, 34), [10, 21, 20, 1], [32, 21, 4, 1]]);
  const faq = findUnderline(short, [4, 6, 40, 18]);
  assert.ok(faq, 'the broken underline is long enough');
  assert.ok(faq.x1 >= 36, `it spans both pieces (${faq.x0}–${faq.x1})`);
  assert.equal(findUnderline(canvas(60, 30, [...stems(10, 34), [10, 21, 10, 1], [22, 21, 10, 1], [34, 21, 4, 1]]), [4, 6, 40, 18]), null, 'pieces each shorter than a box height');
});

test('an underscore lying on a link\'s underline stays when the underline is erased ("cg_annotate", not "cg annotate")', () => {
  // Letters (3-px stems) standing on row 19; the underline is row 21 with its antialiased half row 22; an underscore
  // (8 px) darkens row 22 between two words, as Chromium draws "cg_annotate" underlined in Liberation Serif.
  const letters = (from: number, to: number) => Array.from({ length: Math.floor((to - from) / 5) }, (_, k) => [from + 5 * k, 10, 3, 10] as const);
  const img = canvas(120, 30, [...letters(10, 45), ...letters(56, 101), [8, 21, 94, 1]]);
  const grey = (x0: number, x1: number, y: number, v: number) => { for (let x = x0; x < x1; x++) img.data.fill(v, (y * img.width + x) * 3, (y * img.width + x) * 3 + 3); };
  grey(8, 102, 22, 200);
  grey(46, 54, 22, 110);
  const box: Box = [2, 6, 106, 18];
  assert.ok(findUnderline(img, box), 'the underline');
  const erased = underlineEraser(img)([box]);
  const dark = (x: number, y: number) => erased.data[(y * img.width + x) * 3]! < 128;
  assert.ok([46, 50, 53].every((x) => dark(x, 21)), 'the underline is kept under the underscore');
  assert.ok([20, 42, 56, 80].every((x) => !dark(x, 21)), 'and erased elsewhere');
});

test('a short link\'s underline broken by a "Q"\'s tail is found when its longest piece is 0.9 of the box height', () => {
  // "FAQ" at 24 px: stems over x 10–36, the rule under them from x 10 for 23 px, a gap where the Q's tail
  // crosses, then a 2-px stub: the rule's longest piece is 23 px, under the box's 25 rows.
  const img = canvas(80, 40, [...stems(10, 40), [10, 23, 23, 1], [38, 23, 2, 1], [35, 21, 2, 5]]);
  const line = findUnderline(img, [6, 2, 40, 25]);
  assert.ok(line, 'the underline of "FAQ"');
  assert.equal(line.top, 23);
  assert.ok(line.x1 >= 39, `it reaches the stub past the tail (${line.x0}–${line.x1})`);
});
