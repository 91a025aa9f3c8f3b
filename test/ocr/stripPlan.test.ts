import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DecodedImage } from '../../electron/core/image/intake';
import { CUT_MARGIN, STRIP_OVERLAP, inkReach, planStrips, type Strip } from '../../electron/core/ocr/stripPlan';

/** A white RGB image with dark rectangles; `strokes` fills every other pair of columns, as glyph stems do. */
function image(width: number, height: number, marks: ReadonlyArray<{ x: number; y: number; w: number; h: number; strokes?: boolean }>): DecodedImage {
  const data = Buffer.alloc(width * height * 3, 255);
  for (const m of marks) {
    for (let y = m.y; y < m.y + m.h; y++) {
      for (let x = m.x; x < m.x + m.w; x++) {
        if (m.strokes && (x - m.x) % 4 >= 2) continue;
        data.fill(40, (y * width + x) * 3, (y * width + x) * 3 + 3);
      }
    }
  }
  return { data, width, height, channels: 3, source: 'test image', format: 'raw' };
}

/** Rows of text `height` tall every `pitch` rows, as inkReach would measure them. */
function linesReach(rows: number, lines: ReadonlyArray<readonly [number, number]>): Uint8Array {
  const reach = new Uint8Array(rows);
  for (const [a, b] of lines) for (let y = a; y < b; y++) reach[y] = Math.min(255, Math.max(reach[y]!, y - a + 1, b - y));
  return reach;
}

function assertPartition(strips: readonly Strip[], mapHeight: number, maxHeight: number): void {
  assert.equal(strips[0]!.ownStart, -Infinity);
  assert.equal(strips[strips.length - 1]!.ownEnd, Infinity);
  for (let k = 0; k < strips.length; k++) {
    const s = strips[k]!;
    assert.ok(s.height % 32 === 0 && s.height <= maxHeight && s.rows <= s.height && s.rows > s.height - 32 && s.top >= 0 && s.top + s.rows <= mapHeight, JSON.stringify(s));
    if (k > 0) assert.equal(s.ownStart, strips[k - 1]!.ownEnd);
  }
}

/** Every line (image rows [a, b)) lies whole, with `context` map rows around it, in the strip that keeps its centre. */
function assertLinesWhole(strips: readonly Strip[], lines: ReadonlyArray<readonly [number, number]>, rowScale: number, context: number): void {
  for (const [a, b] of lines) {
    const top = a / rowScale, bottom = b / rowScale, centre = (top + bottom) / 2;
    const owner = strips.find((s) => centre >= s.ownStart && centre < s.ownEnd)!;
    assert.ok(owner.top <= top - context && owner.top + owner.rows >= bottom + context, `line ${a}–${b} in ${JSON.stringify(owner)}`);
  }
}

test('ink reach: rows between lines are blank beside a pane divider; a line and a lone glyph reach their own height', () => {
  const img = image(400, 300, [
    { x: 100, y: 0, w: 1, h: 300 },
    { x: 120, y: 20, w: 260, h: 13, strokes: true },
    { x: 120, y: 42, w: 260, h: 13, strokes: true },
    { x: 50, y: 200, w: 2, h: 10 },
  ]);
  const reach = inkReach(img);
  assert.equal(reach[10], 0, 'a row crossed only by the divider');
  assert.equal(reach[37], 0, 'the gap between two lines');
  assert.equal(reach[26], 7, 'the middle of a 13-row line reaches 7 rows up and down');
  assert.equal(reach[20], 13);
  assert.equal(reach[205], 6, 'a lone 10-row stem is ink, not a line');
});

test('strips of body text are cut between lines, share only the margins, and every line is whole in the strip that keeps it', () => {
  const lines: Array<[number, number]> = [];
  for (let y = 30; y + 13 < 1070; y += 22) lines.push([y, y + 13]);
  const strips = planStrips(() => linesReach(1088, lines), 1088, 256, 1);
  assertPartition(strips, 1088, 256);
  assertLinesWhole(strips, lines, 1, CUT_MARGIN / 2);
  // No strip's edge cuts a line: the first and last rows it shows lie between lines.
  const inLine = (row: number) => lines.some(([a, b]) => row >= a && row < b);
  for (const s of strips) assert.ok(!inLine(s.top) && !inLine(s.top + s.rows - 1), JSON.stringify(s));
  const rows = strips.reduce((n, s) => n + s.height, 0);
  // Fixed 48-row overlaps needed seven 256-row strips (1792 rows) for these 1088.
  assert.ok(rows <= 1280, `${rows} rows`);
});

test('a cut through a picture shares the full overlap; blank rows before the text are not detected', () => {
  const reach = linesReach(1088, [[100, 700], [800, 813]]);
  const strips = planStrips(() => reach, 1088, 256, 1);
  assertPartition(strips, 1088, 256);
  assert.ok(strips[0]!.top >= 100 - CUT_MARGIN && strips[0]!.top < 100);
  const inPicture = strips.slice(0, -1).filter((s) => s.ownEnd > 100 && s.ownEnd < 700);
  assert.ok(inPicture.length > 0);
  for (const s of inPicture) assert.ok(s.top + s.rows - s.ownEnd >= STRIP_OVERLAP, 'overlap past a cut inside tall ink');
  const blank = linesReach(1088, [[700, 713]]);
  const one = planStrips(() => blank, 1088, 256, 1);
  assert.equal(one.length, 1);
  assert.ok(one[0]!.top <= 700 - CUT_MARGIN && one[0]!.top + one[0]!.rows >= 713);
});

test('an image one strip covers is detected whole', () => {
  assert.deepEqual(planStrips(() => linesReach(96, [[40, 53]]), 96, 256, 80 / 96), [{ top: 0, height: 96, rows: 96, ownStart: -Infinity, ownEnd: Infinity }]);
});

test('at half scale the plan works in map rows from image-row reach', () => {
  const lines: Array<[number, number]> = [];
  for (let y = 40; y + 26 < 2160; y += 44) lines.push([y, y + 26]);
  const strips = planStrips(() => linesReach(2176, lines), 1088, 256, 2);
  assertPartition(strips, 1088, 256);
  assertLinesWhole(strips, lines, 2, 0);
});
