import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { DecodedChar, DecodedSequence } from '../../electron/core/ocr/ctcDecode';
import { ALL_PIXEL_RULES, correctWithPixels, inkProfile } from '../../electron/core/ocr/glyphGeometry';
import { decodeImage, type DecodedImage } from '../../electron/core/image/intake';
import { disposeOcrSessions, getOcrEngine, widenShortBoxes } from '../../electron/core/ocr/ocrEngine';
import type { Box } from '../../electron/core/ocr/types';
import { renderTextPng } from '../helpers/textImage';

// Synthetic glyphs: dark bars on white, one per recognizer time step (8 px a step, crop scale 1), all standing on
// baseline row 17 of a 24-row box, so the geometry is known exactly.
const STEP = 8, HEIGHT = 24, BASELINE = 17;
interface Glyph { readonly char: string; readonly step: number; readonly top: number; readonly width?: number; readonly bottom?: number }

function scene(glyphs: readonly Glyph[], steps = 8): { image: DecodedImage; seq: DecodedSequence } {
  const width = steps * STEP;
  const data = new Uint8Array(width * HEIGHT * 3).fill(255);
  for (const g of glyphs) {
    if (g.char === ' ') continue;
    const w = g.width ?? 6, x0 = Math.round((g.step + 0.5) * STEP - w / 2);
    for (let y = g.top; y <= (g.bottom ?? BASELINE); y++) for (let x = x0; x < x0 + w; x++) data.fill(20, (y * width + x) * 3, (y * width + x) * 3 + 3);
  }
  const chars: DecodedChar[] = glyphs.map((g) => ({ char: g.char, start: g.step, end: g.step, prob: 0.9 }));
  return { image: { data, width, height: HEIGHT, channels: 3, source: 'synthetic', format: 'raw' }, seq: { chars, steps, confidence: 0.9 } };
}
const corrected = (glyphs: readonly Glyph[]) => {
  const { image, seq } = scene(glyphs);
  // Every rule on: each is tested here; which of them the engine runs is decided on the bench's held-out set.
  return correctWithPixels(seq, image, [0, 0, image.width, HEIGHT], STEP, image.width, ALL_PIXEL_RULES).chars.map((c) => c.char).join('');
};

test('a size-cased letter clearly taller than the small letters beside it is a capital', () => {
  assert.equal(corrected([{ char: 'o', step: 1, top: 6 }, { char: 'n', step: 2, top: 9 }]), 'On');
  assert.equal(corrected([{ char: 'n', step: 1, top: 9 }, { char: 's', step: 2, top: 6 }, { char: 'e', step: 3, top: 9 }]), 'nSe');
});

test('small letters of the same height, or one pixel of overshoot, stay small', () => {
  assert.equal(corrected([{ char: 'o', step: 1, top: 9 }, { char: 'n', step: 2, top: 9 }]), 'on');
  assert.equal(corrected([{ char: 'o', step: 1, top: 8 }, { char: 'n', step: 2, top: 9 }]), 'on');
});

test('without small letters, a size-cased letter as tall as an ascender is a capital; a short one is not', () => {
  assert.equal(corrected([{ char: 'o', step: 1, top: 6 }, { char: 'f', step: 2, top: 5 }, { char: 'f', step: 3, top: 5 }]), 'Off');
  assert.equal(corrected([{ char: 'o', step: 1, top: 10 }, { char: 'f', step: 2, top: 5 }, { char: 'f', step: 3, top: 5 }]), 'off');
});

test('a space before a semicolon or comma is dropped; one before a brace is kept', () => {
  assert.equal(corrected([{ char: 'a', step: 1, top: 9 }, { char: ' ', step: 2, top: 0 }, { char: ';', step: 3, top: 9, width: 2 }]), 'a;');
  assert.equal(corrected([{ char: 'a', step: 1, top: 9 }, { char: ' ', step: 2, top: 0 }, { char: '}', step: 3, top: 6, width: 3 }]), 'a }');
});

test('a sentence end and a capital with a word-wide blank between them become two words', () => {
  const sentence = (capitalStep: number) => corrected([
    { char: 'y', step: 1, top: 9 }, { char: '.', step: 2, top: 15, width: 2 }, { char: 'I', step: capitalStep, top: 6, width: 4 },
  ]);
  assert.equal(sentence(4), 'y. I');
  assert.equal(sentence(3), 'y.I', 'a tight gap (code such as obj.Name) stays one word');
});

test('a comma or semicolon and a letter, digit or quote with a word-wide blank between them become two words; a tight pair stays one', () => {
  const clause = (mark: string, letterStep: number, after = 't') => corrected([
    { char: 'p', step: 1, top: 9 }, { char: mark, step: 2, top: 15, width: 2 }, { char: after, step: letterStep, top: 6, width: 4 },
  ]);
  assert.equal(clause(',', 4), 'p, t');
  assert.equal(clause(';', 4), 'p; t');
  assert.equal(clause(',', 4, '3'), 'p, 3', 'a list of numbers ("Banshee, 3, 4")');
  assert.equal(clause(',', 4, '"'), 'p, "', 'a list of quoted words');
  assert.equal(clause(',', 3), 'p,t', 'code such as f(a,b) keeps its tight comma');
  assert.equal(clause(',', 3, '3'), 'p,3', 'and 1,000 its tight one');
  // A closing quote or bracket and a word or an opening bracket, the same way; an apostrophe never ("what's").
  assert.equal(clause('"', 4), 'p" t');
  assert.equal(clause(')', 4), 'p) t');
  assert.equal(clause("'", 4), "p't");
  assert.equal(clause('>', 4, '['), 'p> [', 'a synopsis: "<name> [<value-pattern>]"');
});

test('a blank between two letters as wide as the box\'s word spaces is marked for the lexicon, the text unchanged', () => {
  const letters = (steps: number[]) => steps.map((step) => ({ char: 'n', step, top: 9 }));
  const { image, seq } = scene([...letters([1, 2, 3]), { char: ' ', step: 4, top: 0 }, ...letters([5, 6, 7, 9, 10])], 12);
  const rules = { ...ALL_PIXEL_RULES, wordGaps: false, markWideGaps: true };
  const out = correctWithPixels(seq, image, [0, 0, image.width, HEIGHT], STEP, image.width, rules).chars;
  assert.equal(out.map((c) => c.char).join(''), 'nnn nnnnn');
  assert.deepEqual(out.flatMap((c, i) => (c.wideGapBefore ? [i] : [])), [7], 'only the letter after the wide blank');
  const unmarked = correctWithPixels(seq, image, [0, 0, image.width, HEIGHT], STEP, image.width, { ...rules, markWideGaps: false }).chars;
  assert.ok(unmarked.every((c) => !c.wideGapBefore));
});

test('the widest blank in a run of small letters, wider than the rest, is marked for the lexicon; a tie or a capital marks none', () => {
  const letters = (steps: number[], char = 'n') => steps.map((step) => ({ char, step, top: 9 }));
  const marks = (glyphs: Glyph[], steps: number) => {
    const { image, seq } = scene(glyphs, steps);
    const out = correctWithPixels(seq, image, [0, 0, image.width, HEIGHT], STEP, image.width, ALL_PIXEL_RULES).chars;
    assert.equal(out.map((c) => c.char).join(''), glyphs.map((g) => g.char).join(''), 'the text is unchanged');
    return out.flatMap((c, i) => (c.widestGapBefore ? [i] : []));
  };
  assert.deepEqual(marks(letters([1, 2, 3, 4, 6, 7, 8]), 10), [4]);
  assert.deepEqual(marks(letters([1, 2, 4, 5, 7, 8]), 10), [], 'two blanks as wide');
  assert.deepEqual(marks([...letters([1, 2, 3, 4]), ...letters([6], 'N'), ...letters([7, 8])], 10), [], 'a camel-case capital');
  assert.deepEqual(marks(letters([1, 3, 4, 5, 6]), 8), [], 'a one-letter piece');
  assert.deepEqual(marks([...letters([1, 2, 3, 4]), ...letters([6], '1')], 8), [4], 'a number after a word');
  assert.deepEqual(marks([...letters([1, 2]), { char: '.', step: 3, top: 16, width: 2 }, ...letters([5, 6])], 8), [3], 'a word after a clause\'s end');
});

test('a full stop with no dot above a link\'s underline is the underline\'s stub and goes; a real full stop stays', () => {
  // Five letters on baseline row 17, underlined at row 20 from the first letter to past the last; "." read at step 6.
  const read = (realDot: boolean, rules = ALL_PIXEL_RULES) => {
    const glyphs = [...[1, 2, 3, 4, 5].map((step) => ({ char: 'n', step, top: 9 })), { char: '.', step: 6, top: 16, width: 2 }];
    const { image, seq } = scene(realDot ? glyphs : glyphs.slice(0, 5), 10);
    const chars = realDot ? seq.chars : [...seq.chars, { char: '.', start: 6, end: 6, prob: 0.9 }];
    for (let x = 6; x < 58; x++) image.data.fill(20, (20 * image.width + x) * 3, (20 * image.width + x) * 3 + 3);
    return correctWithPixels({ ...seq, chars }, image, [0, 0, image.width, HEIGHT], STEP, image.width, rules).chars.map((c) => c.char).join('');
  };
  assert.equal(read(false), 'nnnnn');
  assert.equal(read(true), 'nnnnn.');
  assert.equal(read(false, { ...ALL_PIXEL_RULES, underlineStubs: false }), 'nnnnn.');
});

test('an "_" on a link\'s underline with a word space\'s blank and no underscore of the text on it is a space; a real underscore stays', () => {
  const read = (underscore: boolean) => {
    const glyphs = [{ char: 'n', step: 1, top: 9 }, { char: 'n', step: 2, top: 9 }, { char: ' ', step: 3, top: 0 }, { char: 'n', step: 4, top: 9 }, { char: 'n', step: 5, top: 9 },
      { char: '_', step: 6, top: 0 }, { char: 'n', step: 7, top: 9 }, { char: 'n', step: 8, top: 9 }];
    const { image, seq } = scene(glyphs.filter((g) => g.char !== '_'), 10);
    // The link's underline two rows under the baseline, under all the words; an underscore of the text a row below it.
    image.data.fill(20, (19 * image.width + 8) * 3, (19 * image.width + 72) * 3);
    if (underscore) image.data.fill(20, (20 * image.width + 48) * 3, (20 * image.width + 56) * 3);
    const chars = glyphs.map((g) => ({ char: g.char, start: g.step, end: g.step, prob: 0.9 }));
    return correctWithPixels({ ...seq, chars }, image, [0, 0, image.width, HEIGHT], STEP, image.width, ALL_PIXEL_RULES).chars.map((c) => c.char).join('');
  };
  assert.equal(read(false), 'nn nn nn');
  assert.equal(read(true), 'nn nn_nn');
});

test('a space on a link\'s underline inside a name with a sigil is the name\'s hidden underscore; without the underline it stays', () => {
  const read = (underline: boolean) => {
    const glyphs = [{ char: '$', step: 1, top: 6, width: 4, bottom: 19 }, { char: 'n', step: 2, top: 9 }, { char: 'n', step: 3, top: 9 }, { char: ' ', step: 4, top: 0 },
      { char: 'n', step: 5, top: 9 }, { char: 'n', step: 6, top: 9 }];
    const { image, seq } = scene(glyphs, 8);
    if (underline) image.data.fill(20, (21 * image.width + 8) * 3, (21 * image.width + 56) * 3);
    return correctWithPixels(seq, image, [0, 0, image.width, HEIGHT], STEP, image.width, ALL_PIXEL_RULES).chars.map((c) => c.char).join('');
  };
  assert.equal(read(true), '$nn_nn');
  assert.equal(read(false), '$nn nn');
});

test('a bracket at the end of a box that is a cell border running the box\'s whole height is dropped; a real bracket stays', () => {
  const read = (border: boolean) => {
    const glyphs = [{ char: '[', step: 1, top: border ? 0 : 6, width: 2, bottom: border ? HEIGHT - 1 : 19 }, { char: ' ', step: 2, top: 0 },
      { char: 'n', step: 3, top: 9 }, { char: 'n', step: 4, top: 9 }, { char: 'n', step: 5, top: 9 }];
    const { image, seq } = scene(glyphs, 7);
    return correctWithPixels(seq, image, [0, 0, image.width, HEIGHT], STEP, image.width, ALL_PIXEL_RULES).chars.map((c) => c.char).join('');
  };
  assert.equal(read(true), 'nnn');
  assert.equal(read(false), '[ nnn');
});

test('a full stop whose dot hangs a tail below the baseline is a comma; a dot on the baseline stays a full stop', () => {
  const read = (tail: boolean) => {
    const glyphs = [{ char: 'n', step: 1, top: 9 }, { char: 'n', step: 2, top: 9 }, { char: '.', step: 3, top: 16, width: 2, bottom: tail ? 20 : 17 },
      { char: ' ', step: 4, top: 0 }, { char: 'n', step: 5, top: 9 }, { char: 'n', step: 6, top: 9 }];
    return correctWithPixels(scene(glyphs, 8).seq, scene(glyphs, 8).image, [0, 0, 8 * STEP, HEIGHT], STEP, 8 * STEP, ALL_PIXEL_RULES).chars.map((c) => c.char).join('');
  };
  assert.equal(read(true), 'nn, nn');
  assert.equal(read(false), 'nn. nn');
  // At the end of a box too (a list of names in a table cell, "append_at_myorigin,").
  const last = (tail: boolean) => corrected([{ char: 'n', step: 1, top: 9 }, { char: 'n', step: 2, top: 9 }, { char: 'n', step: 3, top: 9 }, { char: '.', step: 4, top: 16, width: 2, bottom: tail ? 20 : 17 }]);
  assert.equal(last(true), 'nnn,');
  assert.equal(last(false), 'nnn.');
});

test('a lone > whose ink is two chevrons is a breadcrumb\'s »; a single chevron stays >', () => {
  const read = (chevrons: number, mark = '>') => {
    const glyphs = [{ char: 'n', step: 1, top: 9 }, { char: 'n', step: 2, top: 9 }, { char: ' ', step: 3, top: 0 }, { char: mark, step: 4, top: 0 },
      { char: ' ', step: 5, top: 0 }, { char: 'n', step: 6, top: 9 }, { char: 'n', step: 7, top: 9 }];
    const { image, seq } = scene(glyphs.filter((g) => g.char !== mark), 9);
    // Each chevron: two strokes two pixels thick meeting at a tip on the middle row of the x-height band (rows 9–17).
    for (let k = 0; k < chevrons; k++) {
      for (let y = 9; y <= 17; y++) {
        const x = 31 + 5 * k + (4 - Math.abs(y - 13));
        image.data.fill(20, (y * image.width + x) * 3, (y * image.width + x + 2) * 3);
      }
    }
    const chars = glyphs.map((g) => ({ char: g.char, start: g.step, end: g.step, prob: 0.9 }));
    return correctWithPixels({ ...seq, chars }, image, [0, 0, image.width, HEIGHT], STEP, image.width, ALL_PIXEL_RULES).chars.map((c) => c.char).join('');
  };
  assert.equal(read(2), 'nn » nn');
  assert.equal(read(1), 'nn > nn');
  // The recognizer reads "«" as an alpha too ("α previous | up | next"); one stroke pair is a real α.
  assert.equal(read(2, 'α'), 'nn « nn');
  assert.equal(read(1, 'α'), 'nn α nn');
});

test('a "(" ending a box with a mirror-image stroke beside it is "()"; a shorter stroke or none leaves "("', () => {
  const read = (second: { top: number; bottom: number } | null) => {
    const glyphs = [{ char: 'n', step: 1, top: 9 }, { char: 'n', step: 2, top: 9 }, { char: ' ', step: 3, top: 0 }, { char: '(', step: 4, top: 6, width: 2, bottom: 20 }];
    const { image, seq } = scene(glyphs, 7);
    // The ")" the recognizer missed: two pixels wide, two pixels right of the "(" (columns 35–36).
    if (second) for (let y = second.top; y <= second.bottom; y++) image.data.fill(20, (y * image.width + 39) * 3, (y * image.width + 41) * 3);
    return correctWithPixels(seq, image, [0, 0, image.width, HEIGHT], STEP, image.width, ALL_PIXEL_RULES).chars.map((c) => c.char).join('');
  };
  assert.equal(read({ top: 6, bottom: 20 }), 'nn ()');
  assert.equal(read({ top: 9, bottom: 17 }), 'nn (', 'a stroke of the x-height');
  assert.equal(read(null), 'nn (');
  assert.equal(correctWithPixels(scene([{ char: 'n', step: 1, top: 9 }, { char: '(', step: 2, top: 6, width: 2, bottom: 20 }], 7).seq, scene([{ char: 'n', step: 1, top: 9 }, { char: '(', step: 2, top: 6, width: 2, bottom: 20 }, { char: ')', step: 3, top: 6, width: 2, bottom: 20 }], 7).image, [0, 0, 7 * STEP, HEIGHT], STEP, 7 * STEP, ALL_PIXEL_RULES).chars.map((c) => c.char).join(''), 'n(', 'a call\'s "(" glued to its name is not a word of its own');
});

test('a colon whose ink is two colons side by side is "::"; one colon, or a colon beside a letter\'s stroke, stays ":"', () => {
  const read = (second: 'colon' | 'stroke' | null) => {
    const glyphs = [{ char: 'n', step: 2, top: 9 }, { char: ':', step: 4, top: 0 }, { char: 'n', step: 6, top: 9 }];
    const { image, seq } = scene(glyphs.filter((g) => g.char !== ':'), 8);
    const dot = (x: number, y: number) => { for (const yy of [y, y + 1]) image.data.fill(20, (yy * image.width + x) * 3, (yy * image.width + x + 2) * 3); };
    // A colon: a dot at the top of the x-height band (rows 9–17) and one on the baseline.
    dot(33, 9); dot(33, 16);
    if (second === 'colon') { dot(37, 9); dot(37, 16); }
    if (second === 'stroke') for (let y = 9; y <= 17; y++) image.data.fill(20, (y * image.width + 37) * 3, (y * image.width + 39) * 3);
    const chars = glyphs.map((g) => ({ char: g.char, start: g.step, end: g.step, prob: 0.9 }));
    return correctWithPixels({ ...seq, chars }, image, [0, 0, image.width, HEIGHT], STEP, image.width, ALL_PIXEL_RULES).chars.map((c) => c.char).join('');
  };
  assert.equal(read('colon'), 'n::n');
  assert.equal(read(null), 'n:n');
  assert.equal(read('stroke'), 'n:n');
});

test('two bowed strokes where one "(" was read are "(("; a bracket\'s straight stroke beside it is not', () => {
  const read = (second: 'paren' | 'bracket') => {
    const glyphs = [{ char: '(', step: 4, top: 0 }, { char: 'n', step: 6, top: 9 }];
    const { image, seq } = scene(glyphs.filter((g) => g.char !== '('), 8);
    const ink = (x: number, y: number) => image.data.fill(20, (y * image.width + x) * 3, (y * image.width + x + 2) * 3);
    // A parenthesis from row 6 to row 20 (the x-height band is rows 9–17), its middle rows a pixel left of its ends.
    const paren = (x: number) => { for (let y = 6; y <= 20; y++) ink(y >= 10 && y <= 16 ? x : x + 1, y); };
    paren(32);
    if (second === 'paren') paren(37);
    else for (let y = 6; y <= 20; y++) { ink(37, y); if (y === 6 || y === 20) ink(39, y); }
    const chars = glyphs.map((g) => ({ char: g.char, start: g.step, end: g.step, prob: 0.9 }));
    return correctWithPixels({ ...seq, chars }, image, [0, 0, image.width, HEIGHT], STEP, image.width, ALL_PIXEL_RULES).chars.map((c) => c.char).join('');
  };
  assert.equal(read('paren'), '((n');
  assert.equal(read('bracket'), '(n');
  // Mirrored: two closing parentheses read as one, unless the recognizer read the second stroke as a character of its own.
  const closing = (own: boolean) => {
    const glyphs = [{ char: 'n', step: 1, top: 9 }, { char: ')', step: 3, top: 0 }, ...(own ? [{ char: '}', step: 4, top: 0 }] : [])];
    const { image, seq } = scene(glyphs.filter((g) => g.char === 'n'), 8);
    const paren = (x: number) => { for (let y = 6; y <= 20; y++) image.data.fill(20, (y * image.width + (y >= 10 && y <= 16 ? x + 1 : x)) * 3, (y * image.width + (y >= 10 && y <= 16 ? x + 3 : x + 2)) * 3); };
    paren(26);
    paren(33);
    const chars = glyphs.map((g) => ({ char: g.char, start: g.step, end: g.step, prob: 0.9 }));
    return correctWithPixels({ ...seq, chars }, image, [0, 0, image.width, HEIGHT], STEP, image.width, ALL_PIXEL_RULES).chars.map((c) => c.char).join('');
  };
  assert.equal(closing(false), 'n))');
  assert.equal(closing(true), 'n)}');
});

test('an ellipsis read as two full stops is three where three dots stand on the baseline; a lone full stop stays one', () => {
  const read = (dots: number, read: string) => {
    const glyphs = [{ char: 'n', step: 1, top: 9 }, { char: 'n', step: 2, top: 9 }, ...[...read].map((char, k) => ({ char, step: 3 + k, top: 0 }))];
    const { image, seq } = scene(glyphs.filter((g) => g.char === 'n'), 8);
    // Dots of 2 × 2 pixels on the baseline (row 17), 4 pixels apart, from x = 27.
    for (let k = 0; k < dots; k++) for (const y of [16, 17]) image.data.fill(20, (y * image.width + 27 + 4 * k) * 3, (y * image.width + 29 + 4 * k) * 3);
    const chars = glyphs.map((g) => ({ char: g.char, start: g.step, end: g.step, prob: 0.9 }));
    return correctWithPixels({ ...seq, chars }, image, [0, 0, image.width, HEIGHT], STEP, image.width, ALL_PIXEL_RULES).chars.map((c) => c.char).join('');
  };
  assert.equal(read(3, '..'), 'nn...');
  assert.equal(read(1, '.'), 'nn.');
  assert.equal(read(2, '..'), 'nn..');
});

test('a lone dash is a hyphen, an en dash or an em dash by its length against the x-height', () => {
  const read = (length: number) => {
    const glyphs = [{ char: 'n', step: 1, top: 9 }, { char: 'n', step: 2, top: 9 }, { char: ' ', step: 3, top: 0 }, { char: '-', step: 5, top: 0 },
      { char: ' ', step: 7, top: 0 }, { char: 'n', step: 8, top: 9 }, { char: 'n', step: 9, top: 9 }];
    const { image, seq } = scene(glyphs.filter((g) => g.char !== '-'), 11);
    // The dash: two rows in the middle of the x-height band (rows 9–17), centred on step 5 (x = 44).
    const x0 = 44 - Math.floor(length / 2);
    for (const y of [13, 14]) image.data.fill(20, (y * image.width + x0) * 3, (y * image.width + x0 + length) * 3);
    const chars = glyphs.map((g) => ({ char: g.char, start: g.step, end: g.step, prob: 0.9 }));
    return correctWithPixels({ ...seq, chars }, image, [0, 0, image.width, HEIGHT], STEP, image.width, ALL_PIXEL_RULES).chars.map((c) => c.char).join('');
  };
  assert.equal(read(4), 'nn - nn');
  assert.equal(read(9), 'nn – nn');
  assert.equal(read(16), 'nn — nn');
});

test('a lone stroke reaching below the baseline between two items is a separator bar; the pronoun and a plain I are not', () => {
  const line = (stroke: Glyph, next: string) => corrected([
    { char: 'A', step: 1, top: 6 }, { char: ' ', step: 2, top: 0 }, stroke, { char: ' ', step: 4, top: 0 }, { char: next, step: 5, top: next === 't' ? 7 : 6 },
  ]);
  const bar: Glyph = { char: 'I', step: 3, top: 4, bottom: 21, width: 2 };
  assert.equal(line(bar, 'B'), 'A | B', '"Modules | Directives"');
  assert.equal(line({ ...bar, char: 'l' }, 'B'), 'A | B');
  assert.equal(line(bar, 't'), 'A I t', 'before a small letter it is the pronoun ("5.1. I tried")');
  assert.equal(line({ char: 'I', step: 3, top: 6, width: 2 }, 'B'), 'A I B', 'an I standing on the baseline');
});

test('a space beside an underscore that meets the letters is dropped; one with a word-wide blank stays', () => {
  // The underscore is a one-row stroke on the baseline, a whole step wide; the letters are a step wide too.
  const word = (underscoreStep: number, bStep: number) => corrected([
    { char: 'a', step: 1, top: 9, width: 8 }, { char: ' ', step: 2, top: 0 },
    { char: '_', step: underscoreStep, top: BASELINE, width: 8 }, { char: 'b', step: bStep, top: 9, width: 8 },
  ]);
  assert.equal(word(2, 3), 'a_b', 'get _marks: the stroke touches the letter before it');
  assert.equal(word(4, 5), 'a _b', 'the __init__ method: a blank as wide as a word space before the underscore');
});

test('a box opening with a lone 0 or O no taller than the x-height, then a word, opens with a hollow bullet; a digit or capital stays', () => {
  const opening = (char: string, top: number) => corrected([
    { char, step: 0, top }, { char: ' ', step: 1, top: 0 }, { char: 'M', step: 2, top: 6 }, ...[...'eanse'].map((c, k) => ({ char: c, step: 3 + k, top: 9 })),
  ]);
  assert.equal(opening('0', 10), '◦ Meanse', 'a ring inside the x-height band');
  assert.equal(opening('O', 9), '◦ Meanse');
  assert.equal(opening('α', 10), '◦ Meanse');
  assert.equal(opening('0', 6), '0 Meanse', 'a digit stands as tall as the capital beside it');
  assert.equal(opening('O', 6), 'O Meanse');
  // Not before a word (a table's "0 | 0x47"), nor within the box.
  assert.equal(corrected([{ char: '0', step: 0, top: 10 }, { char: ' ', step: 1, top: 0 }, { char: '|', step: 2, top: 6, width: 2 }]), '0 |');
  const { image, seq } = scene([{ char: '0', step: 0, top: 10 }, { char: ' ', step: 1, top: 0 }, { char: 'n', step: 2, top: 9 }]);
  assert.equal(correctWithPixels(seq, image, [0, 0, image.width, HEIGHT], STEP, image.width, { ...ALL_PIXEL_RULES, ringBullets: false }).chars.map((c) => c.char).join(''), '0 n');
});

test('a flat or low-contrast box is left alone', () => {
  const data = new Uint8Array(40 * HEIGHT * 3).fill(128);
  assert.equal(inkProfile({ data, width: 40, height: HEIGHT, channels: 3, source: 'flat', format: 'raw' }, [0, 0, 40, HEIGHT]), null);
});

after(() => disposeOcrSessions());

test('real small monospace text keeps its small letters (no invented capitals: "NOrth", "SOuth")', async () => {
  const png = await renderTextPng(['Close window? Yes. No. Off. On. North, South.', 'zero-cost access, seven cows, six owls'], { fontSize: 13, width: 460, fontFamily: 'Liberation Mono' });
  const { text } = await (await getOcrEngine()).recognize(await decodeImage({ kind: 'bytes', bytes: new Uint8Array(png), label: 'mono' }));
  // The capital correction is off (it cost word recall on the held-out set), so "Off. On." may read in small
  // letters; what must hold is that no small letter turns capital.
  assert.match(text, /off\. on\./i);
  assert.match(text, /North, South\./);
  assert.match(text, /zero-cost access, seven cows, six owls/);
});

test('real small text: an empty pair of parentheses after a function name stays "()", and round letters in words stay letters', async () => {
  const png = await renderTextPng(['GtkWidget * gtk_window_new ()', 'void gtk_window_set_gravity ()', 'Options for HTML output', 'o dquilt new bugname.patch'], { fontSize: 13, width: 420, fontFamily: 'Liberation Serif' });
  const { text } = await (await getOcrEngine()).recognize(await decodeImage({ kind: 'bytes', bytes: new Uint8Array(png), label: 'parens' }));
  assert.match(text, /gtk_window_new \(\)/);
  assert.match(text, /gtk_window_set_gravity \(\)/);
  assert.match(text, /HTML output/);
  assert.doesNotMatch(text, /\(\)utput|\(\) dquilt/);
});

test('a lone glyph box far shorter than the usual line is grown, centred, to the usual height; others are kept', () => {
  const lines: Box[] = [[10, 10, 300, 40], [10, 60, 200, 42], [10, 110, 250, 44]];
  const brace: Box = [20, 170, 18, 24];
  const grown = widenShortBoxes([...lines, brace, [0, 0, 10, 12]], { width: 400, height: 300 });
  assert.deepEqual(grown.slice(0, 3), lines);
  assert.deepEqual(grown[3], [12, 162, 34, 40], 'grown to the median height, 40');
  assert.deepEqual(grown[4], [0, 0, 24, 26], 'clamped at the image edge');
  const word: Box = [20, 170, 60, 24];
  assert.deepEqual(widenShortBoxes([...lines, word], { width: 400, height: 300 })[3], word, 'a short but wide box is a word, not a lone glyph');
});
