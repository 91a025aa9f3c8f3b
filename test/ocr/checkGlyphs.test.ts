import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DecodedImage } from '../../electron/core/image/intake';
import { checkboxUnder, labelBeside, radioUnder, withoutCheckGlyphs } from '../../electron/core/ocr/checkGlyphs';
import { controlAround } from '../../electron/core/ocr/controls';
import { lineFromOrder, type TextItem } from '../../electron/core/ocr/lineAssembly';
import type { OrderedLine } from '../../electron/core/ocr/readingOrder';
import { blocksFromLines } from '../../electron/core/ocr/blocks';
import type { OcrLine } from '../../electron/core/ocr/types';
import type { Box } from '../../electron/core/ocr/types';

type Rgb = readonly [number, number, number];
const PAGE: Rgb = [246, 245, 244];

/** A page-coloured canvas; `paint(x, y)` gives a pixel's colour, or null to leave the page. */
function canvas(width: number, height: number, paint: (x: number, y: number) => Rgb | null): DecodedImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(paint(x, y) ?? PAGE, (y * width + x) * 3);
  }
  return { data, width, height, channels: 3, source: 'canvas', format: 'raw' };
}

const inRect = (x: number, y: number, [rx, ry, rw, rh]: Box) => x >= rx && x < rx + rw && y >= ry && y < ry + rh;
/** A square outline with a 2-px light grey stroke (as GTK draws an empty checkbox), white inside. */
const frame = (x: number, y: number, r: Box): Rgb | null => {
  if (!inRect(x, y, r)) return null;
  return inRect(x, y, [r[0] + 2, r[1] + 2, r[2] - 4, r[3] - 4]) ? [255, 255, 255] : [190, 184, 177];
};
/** A blue filled square with a white tick (a checked Adwaita checkbox). */
const ticked = (x: number, y: number, r: Box): Rgb | null => {
  if (!inRect(x, y, r)) return null;
  const u = x - r[0], v = y - r[1];
  const tick = (u >= 4 && u <= 7 && Math.abs(v - (u + 6)) <= 1) || (u >= 7 && u <= 13 && Math.abs(v - (20 - u)) <= 1);
  return tick ? [255, 255, 255] : [53, 132, 228];
};
/** A ring (a radio button) of outer radius 9 centred in `r`. */
const ring = (x: number, y: number, r: Box): Rgb | null => {
  const d = Math.hypot(x - (r[0] + 9), y - (r[1] + 9));
  return d <= 9 && d >= 7 ? [120, 120, 120] : null;
};
/** Dark stems standing for a label's letters. */
const label = (x: number, y: number, r: Box): Rgb | null => (inRect(x, y, r) && (x - r[0]) % 6 < 2 ? [30, 30, 30] : null);

/** The line box (a detector box is a little larger than its ink) and its one-character word over the marker. */
const LINE: Box = [36, 8, 90, 28];
const MARKER: Box = [40, 12, 18, 18];
const GLYPH_WORD: Box = [44, 8, 8, 28];

const itemOf = (words: ReadonlyArray<{ text: string; box: Box }>): TextItem => ({
  box: LINE, text: words.map((w) => w.text).join(' '), confidence: 0.9, words, weight: words.reduce((n, w) => n + w.text.length, 0),
});

test('an empty square under a one-character word is an unchecked checkbox, a ticked one checked', () => {
  const empty = canvas(160, 44, (x, y) => frame(x, y, MARKER) ?? label(x, y, [70, 14, 40, 14]));
  assert.equal(checkboxUnder(empty, GLYPH_WORD, LINE), 'unchecked');
  const checked = canvas(160, 44, (x, y) => ticked(x, y, MARKER) ?? label(x, y, [70, 14, 40, 14]));
  assert.equal(checkboxUnder(checked, GLYPH_WORD, LINE), 'checked');
});

test('a ring, a filled square and a frame larger than the line are no checkbox', () => {
  assert.equal(checkboxUnder(canvas(160, 44, (x, y) => ring(x, y, MARKER)), GLYPH_WORD, LINE), null, 'a radio button');
  assert.equal(checkboxUnder(canvas(160, 44, (x, y) => (inRect(x, y, MARKER) ? [30, 30, 30] : null)), GLYPH_WORD, LINE), null, 'a bullet ■');
  // A key's frame round its one-character label runs past the line's box: the window cuts it.
  const key = canvas(160, 44, (x, y) => frame(x, y, [30, 2, 40, 40]) ?? label(x, y, [46, 14, 4, 14]));
  assert.equal(checkboxUnder(key, GLYPH_WORD, LINE), null);
  assert.equal(checkboxUnder(canvas(160, 44, () => null), GLYPH_WORD, LINE), null, 'a blank page');
});

test('a checkbox read as a letter leaves the text, and the box then starts at the label', () => {
  const img = canvas(160, 44, (x, y) => frame(x, y, MARKER) ?? label(x, y, [70, 14, 40, 14]));
  const item = itemOf([{ text: '0', box: GLYPH_WORD }, { text: 'AE', box: [70, 8, 40, 28] }]);
  const kept = withoutCheckGlyphs(item, img);
  assert.ok(kept);
  assert.equal(kept.text, 'AE');
  assert.deepEqual(kept.words.map((w) => w.text), ['AE']);
  assert.equal(kept.weight, 2);
  assert.ok(kept.box[0] > MARKER[0] + MARKER[2] && kept.box[0] < 70, `box starts between the marker and the label: ${kept.box.join(',')}`);
  assert.equal(kept.box[0] + kept.box[2], LINE[0] + LINE[2], 'its right end is kept');
  assert.deepEqual(kept.marker, { role: 'checkbox', state: 'unchecked' }, 'the item keeps the marker it lost');
  // Only the marker read alone: no text is left, but its state is, also where the detector drew its box round the
  // marker alone.
  const alone = withoutCheckGlyphs(itemOf([{ text: 'O', box: GLYPH_WORD }]), img);
  assert.deepEqual([alone?.text, alone?.words.length, alone?.marker], ['', 0, { role: 'checkbox', state: 'unchecked' }]);
  const tight: TextItem = { box: MARKER, text: '0', confidence: 0.9, words: [{ text: '0', box: [46, 12, 5, 18] }], weight: 1 };
  assert.equal(withoutCheckGlyphs(tight, img)?.text, '');
});

test('a marked square alone may be a key round its label, and a real letter stays', () => {
  const checked = canvas(160, 44, (x, y) => ticked(x, y, MARKER));
  const alone = itemOf([{ text: '7', box: GLYPH_WORD }]);
  assert.equal(withoutCheckGlyphs(alone, checked), alone);
  const beside = withoutCheckGlyphs(itemOf([{ text: 'R', box: GLYPH_WORD }, { text: 'Andrea', box: [70, 8, 40, 28] }]), checked);
  assert.equal(beside?.text, 'Andrea');
  assert.deepEqual(beside?.marker, { role: 'checkbox', state: 'checked' });
});

test('a ticked box the detector boxed apart from its label leaves only its state; alone it stays', () => {
  // GTK's first check button: the detector's box is the square itself, the word's box a two-pixel guess at its
  // middle, and the label's box starts on the square's right edge.
  const img = canvas(160, 44, (x, y) => ticked(x, y, MARKER) ?? label(x, y, [66, 14, 40, 14]));
  const lone: TextItem = { box: MARKER, text: '{', confidence: 0.9, words: [{ text: '{', box: [45, 12, 2, 18] }], weight: 1 };
  const labelBox: Box = [54, 10, 56, 24];
  assert.equal(labelBeside(MARKER, [MARKER, labelBox]), labelBox);
  assert.deepEqual(withoutCheckGlyphs(lone, img, labelBox), { ...lone, text: '', words: [], weight: 0, marker: { role: 'checkbox', state: 'checked' } });
  assert.equal(withoutCheckGlyphs(lone, img, null), lone, 'alone it may be a key round its label');
  // A calculator's next key stands further off than a label, and a box on another row is no label.
  assert.equal(labelBeside(MARKER, [MARKER, [MARKER[0] + MARKER[2] + 30, 10, 18, 24]]), null);
  assert.equal(labelBeside(MARKER, [MARKER, [54, 40, 56, 24]]), null);
});

/** A ring (Qt's radio button) with a dark dot of radius 4 at its centre when chosen. */
const chosenRing = (x: number, y: number, r: Box): Rgb | null => (Math.hypot(x - (r[0] + 9), y - (r[1] + 9)) <= 4 ? [40, 40, 40] : ring(x, y, r));
/** A blue disc with a white dot at its centre (GTK's chosen radio button). */
const blueDisc = (x: number, y: number, r: Box): Rgb | null => {
  const d = Math.hypot(x - (r[0] + 9), y - (r[1] + 9));
  return d <= 3 ? [255, 255, 255] : d <= 9 ? [53, 132, 228] : null;
};

test('a ring under a one-character word is a radio button: empty unchecked, with a dot (Qt) or round a light dot (GTK) checked', () => {
  const withLabel = (marker: (x: number, y: number, r: Box) => Rgb | null) => canvas(160, 44, (x, y) => marker(x, y, MARKER) ?? label(x, y, [70, 14, 40, 14]));
  assert.equal(radioUnder(withLabel(ring), GLYPH_WORD, LINE), 'unchecked');
  assert.equal(radioUnder(withLabel(chosenRing), GLYPH_WORD, LINE), 'checked');
  assert.equal(radioUnder(withLabel(blueDisc), GLYPH_WORD, LINE), 'checked');
  const disc = (x: number, y: number, r: Box): Rgb | null => (Math.hypot(x - (r[0] + 9), y - (r[1] + 9)) <= 9 ? [30, 30, 30] : null);
  assert.equal(radioUnder(withLabel(disc), GLYPH_WORD, LINE), null, 'a plain disc ● is a bullet');
  const hollowBullet = (x: number, y: number): Rgb | null => { const d = Math.hypot(x - 49, y - 21); return d <= 4 && d >= 3 ? [30, 30, 30] : null; };
  assert.equal(radioUnder(canvas(160, 44, hollowBullet), GLYPH_WORD, LINE), null, 'a list\'s hollow bullet is far smaller than the line');
  assert.equal(radioUnder(withLabel(frame), GLYPH_WORD, LINE), null, 'a square is a checkbox');
  // A digit 0: an oval 10 px wide, 14 tall.
  const oval = (x: number, y: number): Rgb | null => { const d = Math.hypot((x - 49) / 5, (y - 21) / 7); return d <= 1 && d >= 0.72 ? [30, 30, 30] : null; };
  assert.equal(radioUnder(canvas(160, 44, (x, y) => oval(x, y) ?? label(x, y, [70, 14, 40, 14])), GLYPH_WORD, LINE), null, 'a 0');
});

test('a bar across a box or a disc is a tri-state control partly set (mixed); a tick or a dot is not', () => {
  const withLabel = (marker: (x: number, y: number, r: Box) => Rgb | null) => canvas(160, 44, (x, y) => marker(x, y, MARKER) ?? label(x, y, [70, 14, 40, 14]));
  // GTK's Adwaita: a blue square, or a blue disc, with a white bar across its middle.
  const barred = (x: number, y: number, r: Box): Rgb | null => {
    if (!inRect(x, y, r)) return null;
    return inRect(x, y, [r[0] + 4, r[1] + 7, r[2] - 8, 3]) ? [255, 255, 255] : [53, 132, 228];
  };
  const barredDisc = (x: number, y: number, r: Box): Rgb | null => {
    const d = Math.hypot(x - (r[0] + 9), y - (r[1] + 9));
    if (d > 9) return null;
    return inRect(x, y, [r[0] + 5, r[1] + 8, 9, 2]) ? [255, 255, 255] : [53, 132, 228];
  };
  // An empty frame with a dark bar (the other way round).
  const framedBar = (x: number, y: number, r: Box): Rgb | null => (inRect(x, y, [r[0] + 5, r[1] + 8, r[2] - 10, 2]) ? [40, 40, 40] : frame(x, y, r));
  assert.equal(checkboxUnder(withLabel(barred), GLYPH_WORD, LINE), 'mixed');
  assert.equal(checkboxUnder(withLabel(framedBar), GLYPH_WORD, LINE), 'mixed');
  assert.equal(radioUnder(withLabel(barredDisc), GLYPH_WORD, LINE), 'mixed');
  assert.equal(checkboxUnder(withLabel(ticked), GLYPH_WORD, LINE), 'checked');
  assert.equal(radioUnder(withLabel(blueDisc), GLYPH_WORD, LINE), 'checked');
  assert.equal(radioUnder(withLabel(chosenRing), GLYPH_WORD, LINE), 'checked');
});

test('a bare mark read as a one-letter word opening the line is that word, read as another letter a ticked checkbox', () => {
  // High-contrast themes draw a checked box as its mark alone; a monospace "A" opening "A screen" is no such mark.
  const dark: Rgb = [20, 20, 20], light: Rgb = [230, 230, 230];
  const cross = (x: number, y: number): Rgb | null => {
    const u = x - 42, v = y - 13;
    if (u < 0 || u > 14 || v < 0 || v > 14) return null;
    return Math.abs(u - v) <= 1.5 || Math.abs(u - (14 - v)) <= 1.5 ? light : null;
  };
  const lightLabel = (x: number, y: number): Rgb | null => (inRect(x, y, [70, 14, 40, 14]) && (x - 70) % 6 < 2 ? light : null);
  const img = canvas(160, 44, (x, y) => cross(x, y) ?? lightLabel(x, y) ?? dark);
  const line = (first: string) => [{ text: first, box: [42, 8, 14, 28] as Box }, { text: 'Checkbox', box: [70, 8, 50, 28] as Box }];
  assert.deepEqual(controlAround(img, LINE, line('x')), { role: 'checkbox', state: 'checked', skipWords: 1 });
  assert.equal(controlAround(img, LINE, line('A')), null);
  assert.equal(controlAround(img, LINE, line('I')), null);
  // Qt's dark theme: a light tick in a box too faint to see, read as "V" (its pixels as Qt 5 draws them at 10 pt).
  // Its corners are clear, like a dot's or a ring's, but it is no radio button.
  const TICK = ['      #', '      ##', '     ###', '     ##', '##  ###', '##  ##', '######', ' ####', ' ####', '  ##'];
  const tick = (x: number, y: number): Rgb | null => (TICK[y - 14]?.[x - 44] === '#' ? light : null);
  const ticked = canvas(160, 44, (x, y) => tick(x, y) ?? lightLabel(x, y) ?? dark);
  assert.deepEqual(controlAround(ticked, LINE, line('V')), { role: 'checkbox', state: 'checked', skipWords: 1 });
  // Read as a "V" word before its label, it leaves the line's text and gives the line its state.
  const item = itemOf([{ text: 'V', box: [44, 8, 4, 28] }, { text: 'Checkbox', box: [70, 8, 50, 28] }]);
  const without = withoutCheckGlyphs(item, ticked);
  assert.equal(without?.text, 'Checkbox');
  assert.deepEqual(without?.marker, { role: 'checkbox', state: 'checked' });
  assert.equal(withoutCheckGlyphs(item, ticked, null, false), item, 'with bare ticks off it stays');
  // A letter V ("V Wrap") has its left arm in the top-left corner: it stays.
  const V = ['#      #', '#      #', ' #    #', ' #    #', '  #  #', '  #  #', '   ##', '   ##', '   ##'];
  const letter = canvas(160, 44, (x, y) => (V[y - 14]?.[x - 43] === '#' ? light : null) ?? lightLabel(x, y) ?? dark);
  assert.equal(withoutCheckGlyphs(item, letter), item);
});

test('a disc round a paler dot, whose ring and dot the shape test cannot tell apart, is a checked radio button', () => {
  // GTK's insensitive chosen radio button: a pale blue disc round a paler dot.
  const pale = (x: number, y: number): Rgb | null => {
    const d = Math.hypot(x - 49, y - 21);
    return d <= 4.5 ? [205, 222, 245] : d <= 8.5 ? [120, 170, 235] : null;
  };
  const img = canvas(160, 44, (x, y) => pale(x, y) ?? label(x, y, [70, 14, 40, 14]));
  assert.deepEqual(controlAround(img, [66, 8, 60, 28], [{ text: 'radiobutton', box: [70, 8, 56, 28] }]), { role: 'radio', state: 'checked' });
});

test('a ring read as "O" before its label leaves the text; alone, after a word or as tall as the label\'s capitals it stays the letter', () => {
  const img = canvas(160, 44, (x, y) => ring(x, y, MARKER) ?? label(x, y, [70, 14, 40, 14]));
  const before = withoutCheckGlyphs(itemOf([{ text: 'O', box: GLYPH_WORD }, { text: 'radiobutton', box: [70, 8, 40, 28] }]), img);
  assert.equal(before?.text, 'radiobutton');
  const alone = itemOf([{ text: 'O', box: GLYPH_WORD }]);
  assert.equal(withoutCheckGlyphs(alone, img), alone);
  const after = itemOf([{ text: 'Hello', box: [0, 8, 30, 28] }, { text: 'O', box: GLYPH_WORD }]);
  assert.equal(withoutCheckGlyphs(after, img), after);
  // "O Captain": a capital O (13 px) beside capitals of its own height is a letter.
  const letterO = (x: number, y: number): Rgb | null => { const d = Math.hypot(x - 49, y - 21); return d <= 6.5 && d >= 5 ? [30, 30, 30] : null; };
  const capitals = canvas(160, 44, (x, y) => letterO(x, y) ?? label(x, y, [70, 15, 40, 13]));
  const captain = itemOf([{ text: 'O', box: GLYPH_WORD }, { text: 'Captain', box: [70, 8, 40, 28] }]);
  assert.equal(withoutCheckGlyphs(captain, capitals), captain);
});

test('a ring boxed alone before its label\'s box (a list\'s column of radio buttons) leaves only its state; not a letter O', () => {
  // A table's radio column: the ring's box, a column rule, then the cell's box.
  const rule = (x: number, y: number): Rgb | null => (x === 62 ? [120, 120, 120] : null);
  const img = canvas(160, 44, (x, y) => ring(x, y, MARKER) ?? rule(x, y) ?? label(x, y, [70, 14, 40, 14]));
  const lone = itemOf([{ text: 'O', box: GLYPH_WORD }]);
  const cell: Box = [64, 8, 50, 28];
  assert.deepEqual(withoutCheckGlyphs({ ...lone, box: MARKER }, img, cell)?.marker, { role: 'radio', state: 'unchecked' });
  assert.equal(withoutCheckGlyphs(lone, img, null), lone, 'with no label beside it, it may be the letter');
  const letterO = (x: number, y: number): Rgb | null => { const d = Math.hypot(x - 49, y - 21); return d <= 6.5 && d >= 5 ? [30, 30, 30] : null; };
  const capitals = canvas(160, 44, (x, y) => letterO(x, y) ?? label(x, y, [70, 15, 40, 13]));
  assert.equal(withoutCheckGlyphs(lone, capitals, cell), lone, 'an O as tall as the capitals beside it is a letter');
});

test('a ring or square left of the text, or inside its box before the label, types the line with its state; an icon does not', () => {
  const text: Box = [66, 8, 60, 28];
  const words = [{ text: 'radiobutton', box: [70, 8, 56, 28] as Box }];
  const left = controlAround(canvas(160, 44, (x, y) => ring(x, y, MARKER) ?? label(x, y, [70, 14, 40, 14])), text, words);
  assert.deepEqual(left, { role: 'radio', state: 'unchecked' });
  const chosen = controlAround(canvas(160, 44, (x, y) => blueDisc(x, y, MARKER) ?? label(x, y, [70, 14, 40, 14])), text, words);
  assert.deepEqual(chosen, { role: 'radio', state: 'checked' });
  // The detector's box starts on the marker's right edge, or takes in a marker the recognizer read as nothing.
  for (const start of [56, 36]) {
    const inside = controlAround(canvas(160, 44, (x, y) => frame(x, y, MARKER) ?? label(x, y, [70, 14, 40, 14])), [start, 8, 126 - start, 28], words);
    assert.deepEqual(inside, { role: 'checkbox', state: 'unchecked' }, `box from x ${start}`);
  }
  // A magnifier (a ring with a handle) inside a search field's box is no marker.
  const lens = (x: number, y: number): Rgb | null => {
    const d = Math.hypot(x - 47, y - 19);
    return (d <= 6 && d >= 4.5) || (x >= 51 && x <= 56 && Math.abs(y - x + 28) <= 1) ? [90, 90, 90] : null;
  };
  assert.equal(controlAround(canvas(160, 44, (x, y) => lens(x, y) ?? label(x, y, [70, 14, 40, 14])), [36, 8, 90, 28], words), null);
});

test('a rule under the text that ends with it is a link; a thin one running on past it is a border', () => {
  const text: Box = [60, 20, 120, 24];
  const words = [{ text: 'Pick', box: [60, 20, 40, 24] as Box }, { text: 'Code', box: [110, 20, 70, 24] as Box }];
  const underline = (x0: number, x1: number) => (x: number, y: number): Rgb | null => (y === 38 && x >= x0 && x < x1 ? [26, 95, 180] : label(x, y, [62, 24, 116, 12]));
  const link = controlAround(canvas(400, 80, underline(60, 180)), text, words);
  assert.equal(link?.role, 'link');
  const border = controlAround(canvas(400, 80, underline(20, 400)), text, words);
  assert.equal(border, null, JSON.stringify(border));
  // A link at a grey sidebar's left edge: the white page beyond it is another colour, not a rule running on.
  const grey: Rgb = [238, 238, 238];
  const atEdge = controlAround(canvas(400, 80, (x, y) => underline(60, 180)(x, y) ?? (x >= 50 ? grey : [255, 255, 255])), text, words);
  assert.equal(atEdge?.role, 'link', JSON.stringify(atEdge));
});

test('a checklist keeps its rows\' states: a marker read alone or before the code gives the row its mark, the table its rowMarks', () => {
  // Two rows of a checklist: the first row's checkbox read alone (its own box), the second's read before the code.
  const img = canvas(220, 90, (x, y) => frame(x, y, MARKER) ?? frame(x, y, [40, 52, 18, 18]) ?? label(x, y, [70, 14, 30, 14]) ?? label(x, y, [120, 14, 60, 14]) ?? label(x, y, [70, 54, 30, 14]) ?? label(x, y, [120, 54, 60, 14]));
  const items: (TextItem | null)[] = [
    withoutCheckGlyphs({ box: [38, 10, 22, 22], text: '0', confidence: 0.9, words: [{ text: '0', box: [46, 10, 5, 22] }], weight: 1 }, img),
    { box: [66, 8, 40, 28], text: 'AD', confidence: 0.9, words: [{ text: 'AD', box: [70, 8, 30, 28] }], weight: 2 },
    { box: [116, 8, 70, 28], text: 'Andorra', confidence: 0.9, words: [{ text: 'Andorra', box: [120, 8, 60, 28] }], weight: 7 },
    withoutCheckGlyphs({ box: [36, 48, 70, 28], text: '0 AE', confidence: 0.9, words: [{ text: '0', box: [46, 48, 5, 28] }, { text: 'AE', box: [70, 48, 30, 28] }], weight: 3 }, img),
    { box: [116, 48, 70, 28], text: 'Emirates', confidence: 0.9, words: [{ text: 'Emirates', box: [120, 48, 60, 28] }], weight: 8 },
  ];
  const row = (cells: number[][]): OrderedLine => ({ cells, block: 0, tableRow: true, pane: 0 });
  const first = lineFromOrder(row([[0, 1], [2]]), items);
  const second = lineFromOrder(row([[3], [4]]), items);
  assert.deepEqual([first?.text, first?.marker], ['AD | Andorra', { role: 'checkbox', state: 'unchecked' }]);
  assert.deepEqual([second?.text, second?.marker], ['AE | Emirates', { role: 'checkbox', state: 'unchecked' }]);
  // The typed table carries each row's mark; a row whose marker nobody read finds it left of its box.
  const third: OcrLine = { text: 'AF | Afghanistan', confidence: 0.9, box: [66, 48 + 40, 120, 28], words: [], block: 0, cells: ['AF', 'Afghanistan'] };
  const tall = canvas(220, 130, (x, y) => frame(x, y, MARKER) ?? frame(x, y, [40, 52, 18, 18]) ?? frame(x, y, [40, 92, 18, 18]));
  const { blocks } = blocksFromLines([first!, second!, third], { width: 220, height: 130, image: tall });
  const table = blocks.find((b) => b.kind === 'table');
  assert.ok(table?.kind === 'table', JSON.stringify(blocks));
  assert.deepEqual(table.rowMarks, [{ role: 'checkbox', state: 'unchecked' }, { role: 'checkbox', state: 'unchecked' }, { role: 'checkbox', state: 'unchecked' }]);
});

test('a short label centred in a wide button is a button; set left in a wide frame, or underlined, it is not', () => {
  // GTK's dialog buttons are at least about 85 px wide: "OK" leaves 28 px of the button on each side.
  const outline = (x: number, y: number, [rx, ry, rw, rh]: Box): Rgb | null => {
    const onEdge = (x === rx || x === rx + rw - 1) && y >= ry && y < ry + rh || (y === ry || y === ry + rh - 1) && x >= rx && x < rx + rw;
    return onEdge ? [150, 150, 150] : null;
  };
  const stems = (x0: number) => (x: number, y: number): Rgb | null => (y >= 18 && y < 30 && x >= x0 && x < x0 + 20 && (x - x0) % 6 < 2 ? [30, 30, 30] : null);
  const text: Box = [100, 14, 24, 20];
  const words = [{ text: 'OK', box: text }];
  const centred = canvas(240, 60, (x, y) => stems(102)(x, y) ?? outline(x, y, [70, 6, 84, 36]));
  assert.deepEqual(controlAround(centred, text, words), { role: 'button' });
  // The same frame with the label near its left side (a table's header cell): the sides are not as far.
  const leftSet = canvas(240, 60, (x, y) => stems(102)(x, y) ?? outline(x, y, [92, 6, 84, 36]));
  assert.equal(controlAround(leftSet, text, words)?.role === 'button', false);
  // Underlined and centred in a framed cell: a navigation bar's link.
  const underline = (x: number, y: number): Rgb | null => (y === 32 && x >= 100 && x < 124 ? [30, 30, 30] : null);
  const link = canvas(240, 60, (x, y) => stems(102)(x, y) ?? underline(x, y) ?? outline(x, y, [70, 6, 84, 36]));
  assert.equal(controlAround(link, text, words)?.role === 'button', false);
});
