import type { ControlMark, ControlState } from '../../common/ipc';
import type { DecodedImage } from '../image/intake';
import type { TextItem } from './lineAssembly';
import { edgeBackground, inkBlobs, luminance, type BlobBounds } from './geometry';
import type { Box } from './types';

/**
 * A checkbox the detector took into a line of text: the recognizer reads its empty square as a letter ("0 AE |
 * United Arab Emirates" in a GTK checklist, "O", "D", "□"), and a radio button's ring as "O" or "o". Such a
 * one-character word is no text: it is dropped, and the line's box then starts at its label, where the control
 * typing (controls.ts) looks for a marker left of it.
 */

/** Luminance difference from the line's background that counts as the square's ink (GTK draws light grey frames). */
const FRAME_CONTRAST = 20;
/** The window a marker is looked for in reaches this share of the line's height above and below it. */
const GLYPH_MARGIN = 0.15;
/** Share of each side's middle that must be ink: a square's sides are straight, a "0" or "O" is round there. */
const SIDE_COVER = 0.9;
/** Interior ink share at most this: an empty square. */
const EMPTY_INSIDE = 0.03;

/** A checkbox's states of the IPC contract's control states. */
export type CheckState = Extract<ControlState, 'checked' | 'unchecked' | 'mixed'>;

/** A radio button's ring is at least this share of the line's height (a list's hollow bullet is far smaller). */
const RING_MIN_HEIGHT = 0.45;
/**
 * A ring read as a word before its label is this many times as tall as the label's first glyph or more: radio
 * buttons are drawn larger than capitals (GTK 16 px, Qt 14 px beside 10–11 px capitals), a letter O is a capital.
 */
const RING_OVER_LABEL = 1.15;
/** A ring is a circle: its width and height differ by at most this share (a "0" is narrower, an "O" often too). */
const RING_ASPECT = 0.12;
/** Share of points just inside a ring's outer edge that must be ink. */
const RING_COVER = 0.9;
/**
 * Steps along each diagonal from a shape's bounding-box corner to its first ink, as a share of its size, from which
 * the shape is round: a circle leaves 0.146 of its diameter, a checkbox's rounded corner (radius 3 px of 14) 0.06.
 */
const ROUND_CLEARANCE = 0.1;

/** Whether the shape in x0..x1 × y0..y1 (inclusive) leaves all four corners clear along the diagonals: a circle. */
export function roundShape(inkAt: (x: number, y: number) => boolean, x0: number, y0: number, x1: number, y1: number): boolean {
  const size = Math.min(x1 - x0, y1 - y0) + 1;
  const need = Math.max(1, Math.ceil(ROUND_CLEARANCE * size));
  for (const [cx, cy, dx, dy] of [[x0, y0, 1, 1], [x1, y0, -1, 1], [x0, y1, 1, -1], [x1, y1, -1, -1]] as const) {
    for (let k = 0; k < need; k++) if (inkAt(cx + k * dx, cy + k * dy)) return false;
  }
  return true;
}

/** Share of ink among the mask's pixels between radii r0 and r1 (shares of r) of the circle at cx, cy. */
function ringShare(at: (x: number, y: number) => boolean, cx: number, cy: number, r: number, r0: number, r1: number): number {
  let ink = 0, all = 0;
  for (let y = Math.floor(cy - r1 * r); y <= Math.ceil(cy + r1 * r); y++) {
    for (let x = Math.floor(cx - r1 * r); x <= Math.ceil(cx + r1 * r); x++) {
      const d = Math.hypot(x - cx, y - cy) / r;
      if (d < r0 || d > r1) continue;
      all++;
      if (at(x, y)) ink++;
    }
  }
  return all > 0 ? ink / all : 0;
}

/** The share of the pixels of x0..x1 × y0..y1 (inclusive) that `at` says are ink. */
export function inkShare(at: (x: number, y: number) => boolean, x0: number, y0: number, x1: number, y1: number): number {
  let ink = 0;
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) if (at(x, y)) ink++;
  return ink / ((x1 - x0 + 1) * (y1 - y0 + 1));
}

/** The middle of a marker looked at for its mark: this share of its size in from each side. */
const MARK_INSET = 0.2;
/** A bar's rows are each marked in one run of this share of the width or more; it is BAR_HEIGHT of the middle's height at most. */
const BAR_ROW = 0.5;
const BAR_HEIGHT = 0.45;

/**
 * Whether the mark in the middle of a marker is a horizontal bar: a tri-state control partly set ("−"), drawn as a
 * light bar on a filled box or disc (GTK) or a dark one in an empty frame. The mark is the minority of the middle's
 * pixels (light on a fill, ink on an empty frame). A tick's strokes cross each row thinly and a dot is as tall as it
 * is wide; a bar fills a few rows, centred, most of the way across, and nothing else is marked.
 */
export function barMark(at: (x: number, y: number) => boolean, minX: number, minY: number, maxX: number, maxY: number): boolean {
  const bw = maxX - minX + 1, bh = maxY - minY + 1;
  const x0 = Math.round(minX + MARK_INSET * bw), x1 = Math.round(maxX - MARK_INSET * bw);
  const y0 = Math.round(minY + MARK_INSET * bh), y1 = Math.round(maxY - MARK_INSET * bh);
  const w = x1 - x0 + 1, h = y1 - y0 + 1;
  if (w < 4 || h < 4) return false;
  const markIsInk = inkShare(at, x0, y0, x1, y1) <= 0.5;
  // Each row's marked pixels, and its longest run of them: a bar's row is one run, a tick's two arms are two.
  const rowMarks: number[] = [], rowRuns: number[] = [];
  for (let y = y0; y <= y1; y++) {
    let n = 0, run = 0, longest = 0;
    for (let x = x0; x <= x1; x++) {
      if (at(x, y) === markIsInk) { n++; longest = Math.max(longest, ++run); } else run = 0;
    }
    rowMarks.push(n);
    rowRuns.push(longest);
  }
  const total = rowMarks.reduce((a, b) => a + b, 0);
  const barRows = rowRuns.map((n, k) => (n >= BAR_ROW * w ? k : -1)).filter((k) => k >= 0);
  if (total === 0 || barRows.length === 0 || barRows.length > BAR_HEIGHT * h) return false;
  const first = barRows[0]!, last = barRows[barRows.length - 1]!;
  if (last - first + 1 !== barRows.length || Math.abs((first + last) / 2 - (h - 1) / 2) > 0.2 * h) return false;
  const inBar = barRows.reduce((a, k) => a + rowMarks[k]!, 0);
  // The bar's own anti-aliased rows beside it are marked a little too.
  const near = (rowMarks[first - 1] ?? 0) + (rowMarks[last + 1] ?? 0);
  return inBar + near >= 0.85 * total;
}

/**
 * A radio button's state from its ring (the blob's bounds): an empty ring is unchecked; a dot inside a ring (Qt) or
 * a filled disc with a light dot at its centre (GTK) is checked; a bar across either is mixed (barMark); a plain
 * disc ("●") or a round letter is none.
 */
function radioState(at: (x: number, y: number) => boolean, minX: number, minY: number, maxX: number, maxY: number): CheckState | null {
  const cx = (minX + maxX) / 2, cy = (minY + maxY) / 2, r = (maxX - minX + maxY - minY + 2) / 4;
  let edge = 0;
  for (let k = 0; k < 24; k++) {
    const a = (k * Math.PI) / 12;
    // A 1-px ring lies half a pixel either side of r − 1 depending on how the centre rounds: look a pixel deep.
    if ([0.5, 1, 1.5].some((d) => at(Math.round(cx + (r - d) * Math.cos(a)), Math.round(cy + (r - d) * Math.sin(a))))) edge++;
  }
  if (edge < RING_COVER * 24) return null;
  const centre = ringShare(at, cx, cy, r, 0, 0.3), inner = ringShare(at, cx, cy, r, 0.5, 0.65);
  if (centre <= 0.1 && inner <= 0.1) return 'unchecked';
  if (barMark(at, minX, minY, maxX, maxY)) return 'mixed';
  if ((centre >= 0.6 && inner <= 0.25) || (centre <= 0.25 && inner >= 0.6)) return 'checked';
  return null;
}

/**
 * Whether the pixels under `word` (a one-character word of the line box `line`) are a checkbox's square, and its
 * state: an empty frame is unchecked, a frame with a mark inside (a tick, a cross) checked. A filled square without
 * a mark (a bullet "■") is no checkbox: null.
 */
export function checkboxUnder(img: DecodedImage, word: Box, line: Box): CheckState | null {
  return checkboxAt(img, word, line)?.state ?? null;
}

/** Whether the pixels under `word` are a radio button's ring, and its state (see checkboxUnder). */
export function radioUnder(img: DecodedImage, word: Box, line: Box): CheckState | null {
  const found = controlGlyphAt(img, word, line);
  return found?.role === 'radio' ? found.state : null;
}

interface GlyphControl extends ControlMark {
  /** The marker's image x range (inclusive). */
  readonly x0: number;
  readonly x1: number;
  /** Its height in pixels. */
  readonly height: number;
}

/** checkboxUnder's verdict with the square's image x range (inclusive). */
function checkboxAt(img: DecodedImage, word: Box, line: Box): GlyphControl | null {
  const found = controlGlyphAt(img, word, line);
  return found?.role === 'checkbox' ? found : null;
}

/** A window of the image across a line, x0..x1 (exclusive) in image pixels, with its ink against its own background. */
interface InkWindow {
  readonly x0: number;
  readonly w: number;
  readonly h: number;
  /** Ink at window coordinates. */
  readonly at: (x: number, y: number) => boolean;
}

/**
 * The window x0..x1 across the line, reaching GLYPH_MARGIN of its height above and below it (a box the detector drew
 * round a marker alone is as tall as the marker); null when narrower than `minWidth`.
 */
function inkWindow(img: DecodedImage, line: Box, xFrom: number, xTo: number, minWidth: number): InkWindow | null {
  const h = line[3];
  const y0 = Math.max(0, Math.floor(line[1] - GLYPH_MARGIN * h)), y1 = Math.min(img.height, Math.ceil(line[1] + (1 + GLYPH_MARGIN) * h));
  const x0 = Math.max(0, Math.floor(xFrom)), x1 = Math.min(img.width, Math.ceil(xTo));
  const w = x1 - x0, wh = y1 - y0;
  if (w < minWidth || wh < 8) return null;
  const background = edgeBackground(img, x0, x1, y0, y1);
  const ink = new Uint8Array(w * wh);
  for (let y = 0; y < wh; y++) for (let x = 0; x < w; x++) ink[y * w + x] = Math.abs(luminance(img.data, ((y0 + y) * img.width + x0 + x) * 3) - background) >= FRAME_CONTRAST ? 1 : 0;
  return { x0, w, h: wh, at: (x, y) => ink[y * w + x] === 1 };
}

/**
 * The checkbox or radio button under a one-character word, with its state and x range; null for anything else. The
 * word's box is a time step's guess at its glyph (two pixels wide for a 16-pixel box round a ticked square), so for a
 * word `alone` in its line the look takes in the whole line's box too.
 */
function controlGlyphAt(img: DecodedImage, word: Box, line: Box, alone = false): GlyphControl | null {
  const found = glyphBlob(img, word, line, alone);
  if (!found) return null;
  const { win, blob } = found;
  const shape = markerShape(win.at, blob.minX, blob.minY, blob.maxX, blob.maxY, line[3]);
  return shape && { ...shape, x0: win.x0 + blob.minX, x1: win.x0 + blob.maxX, height: blob.maxY - blob.minY + 1 };
}

/**
 * The largest blob of ink under a one-character word (its window reaching half the line's height either side of it;
 * the whole line's box too for a word `alone` in its line), or null: none, or one the window cuts (a frame larger
 * than a marker: a button round a one-character label).
 */
function glyphBlob(img: DecodedImage, word: Box, line: Box, alone: boolean): { win: InkWindow; blob: BlobBounds } | null {
  const h = line[3];
  const from = word[0] - 0.5 * h, to = word[0] + word[2] + 0.5 * h;
  const win = alone ? inkWindow(img, line, Math.min(from, line[0] - 0.25 * h), Math.max(to, line[0] + line[2] + 0.25 * h), 8) : inkWindow(img, line, from, to, 8);
  if (!win) return null;
  const centre = word[0] + word[2] / 2 - win.x0;
  // Eight-connected: a small ring's anti-aliased edge steps diagonally where it is faint.
  const blob = inkBlobs(win.w, win.h, win.at, true)
    .filter((b) => b.minX <= centre + 0.25 * h && b.maxX >= centre - 0.25 * h)
    .sort((a, b) => (b.maxX - b.minX) * (b.maxY - b.minY) - (a.maxX - a.minX) * (a.maxY - a.minY))[0];
  if (!blob || blob.minX === 0 || blob.minY === 0 || blob.maxX === win.w - 1 || blob.maxY === win.h - 1) return null;
  return { win, blob };
}

/**
 * Whether a bare tick read as a letter before its label is dropped as a checked checkbox (`tickAt`); off keeps the
 * letter, for the ablation.
 */
export const BARE_TICKS = true;
/** What the recognizer reads a bare tick as (Qt's dark theme draws the box round it too faint to see). */
const TICK_READINGS: ReadonlySet<string> = new Set(['V', 'v', '√', '✓', '✔']);
/** The share of a tick's width and height, from its top-left corner, that its short arm leaves blank (a V fills it). */
const TICK_CLEAR = 0.3;

/**
 * Whether the blob of ink under `word` (read as a V or a tick, leading its line `line`) is a tick: about as wide as it
 * is tall, thin, with nothing in its top-left corner, where a letter V's left arm stands, and its long arm reaching
 * the top-right corner. Its x range (inclusive) when it is; null otherwise.
 */
function tickAt(img: DecodedImage, word: Box, line: Box): { x0: number; x1: number } | null {
  const h = line[3];
  const found = glyphBlob(img, word, line, false);
  if (!found) return null;
  const { win, blob: { minX, minY, maxX, maxY } } = found;
  const bw = maxX - minX + 1, bh = maxY - minY + 1;
  if (bh < 0.25 * h || bh > 0.8 * h || bw < 0.6 * bh || bw > 1.4 * bh || inkShare(win.at, minX, minY, maxX, maxY) >= 0.6) return null;
  const cw = Math.max(1, Math.floor(TICK_CLEAR * bw)), ch = Math.max(1, Math.floor(TICK_CLEAR * bh));
  if (inkShare(win.at, minX, minY, minX + cw - 1, minY + ch - 1) > 0) return null;
  if (inkShare(win.at, maxX - cw + 1, minY, maxX, minY + ch - 1) === 0) return null;
  return { x0: win.x0 + minX, x1: win.x0 + maxX };
}

/**
 * The height of the first glyph of what a ring's word `k` of `item` would label: the item's next word when the ring
 * leads it, the first of `label`'s box when the ring is the item's only word; 0 for a ring after a word or alone.
 */
function labelGlyphHeight(img: DecodedImage, item: TextItem, k: number, label: Box | null): number {
  if (k === 0 && item.words.length > 1) return firstGlyphHeight(img, item.words[1]!.box, item.box);
  return label && item.words.length === 1 ? firstGlyphHeight(img, label, label) : 0;
}

/** The height in pixels of the first glyph of `word` (a box of the line `line`), or 0 when none is found. */
function firstGlyphHeight(img: DecodedImage, word: Box, line: Box): number {
  const h = line[3];
  const win = inkWindow(img, line, word[0] - 0.2 * h, Math.min(word[0] + word[2], word[0] + 0.8 * h), 2);
  if (!win) return 0;
  // A rule through the window (a table's column rule before the cell) is no glyph.
  const glyph = inkBlobs(win.w, win.h, win.at, true).filter((b) => b.maxY - b.minY + 1 >= 0.2 * h && b.minY > 0 && b.maxY < win.h - 1).sort((a, b) => a.minX - b.minX)[0];
  return glyph ? glyph.maxY - glyph.minY + 1 : 0;
}

/**
 * What a marker beside a label is, from its pixels: `at` says which pixels are ink, minX..maxY (inclusive) bound the
 * marker, `lineHeight` is its line's. A square with straight inked sides and inked corners is a checkbox (empty
 * inside: unchecked; marked: checked); a ring with clear corners is a radio button (radioState). Null for anything
 * else: a letter, a filled square or disc, an icon.
 */
export function markerShape(at: (x: number, y: number) => boolean, minX: number, minY: number, maxX: number, maxY: number, lineHeight: number): ControlMark | null {
  const h = lineHeight;
  const bw = maxX - minX + 1, bh = maxY - minY + 1;
  if (bw < 8 || bh < 8 || bw > 1.25 * bh || bh > 1.25 * bw || bh < 0.35 * h || bh > 1.1 * h) return null;
  if (bh >= RING_MIN_HEIGHT * h && Math.abs(bw - bh) <= RING_ASPECT * Math.max(bw, bh) && roundShape(at, minX, minY, maxX, maxY)) {
    const state = radioState(at, minX, minY, maxX, maxY);
    return state && { role: 'radio', state };
  }
  // Each side: ink within a stroke's width of the bounding box's edge along the middle 60 % of that side.
  const stroke = Math.max(1, Math.round(0.12 * Math.max(bw, bh)));
  const covered = (from: number, to: number, inkAt: (a: number, d: number) => boolean) => {
    const a0 = Math.round(from + 0.2 * (to - from)), a1 = Math.round(from + 0.8 * (to - from));
    let hit = 0;
    for (let a = a0; a <= a1; a++) {
      let found = false;
      for (let d = 0; d < stroke && !found; d++) found = inkAt(a, d);
      if (found) hit++;
    }
    return hit / Math.max(1, a1 - a0 + 1) >= SIDE_COVER;
  };
  const sides = covered(minX, maxX, (x, d) => at(x, minY + d))
    && covered(minX, maxX, (x, d) => at(x, maxY - d))
    && covered(minY, maxY, (y, d) => at(minX + d, y))
    && covered(minY, maxY, (y, d) => at(maxX - d, y));
  if (!sides) return null;
  // …and its corners are ink too: a radio button's circle and a "D" pass the sides' test but leave corners blank.
  const corner = Math.max(2, Math.round(0.15 * Math.max(bw, bh)));
  const inkIn = (cx0: number, cy0: number) => {
    for (let y = cy0; y < cy0 + corner; y++) for (let x = cx0; x < cx0 + corner; x++) if (at(x, y)) return true;
    return false;
  };
  if (!inkIn(minX, minY) || !inkIn(maxX - corner + 1, minY) || !inkIn(minX, maxY - corner + 1) || !inkIn(maxX - corner + 1, maxY - corner + 1)) return null;
  const inset = stroke + 1;
  let inside = 0, area = 0;
  for (let y = minY + inset; y <= maxY - inset; y++) for (let x = minX + inset; x <= maxX - inset; x++) { area++; if (at(x, y)) inside++; }
  if (area < 4) return null;
  const share = inside / area;
  const state = share <= EMPTY_INSIDE ? 'unchecked' : share >= 0.1 && share <= 0.85 ? (barMark(at, minX, minY, maxX, maxY) ? 'mixed' : 'checked') : null;
  return state && { role: 'checkbox', state };
}

/** A label starts within this many of the box's heights right of a lone marker (GTK's starts about 0.4 on). */
export const LABEL_GAP = 1;

/**
 * The box that starts just right of `box` on its row, or null: a checkbox the detector boxed apart from its label has
 * the label's box there (starting on the marker's right edge or up to LABEL_GAP heights on); a calculator's keys
 * stand further apart than that.
 */
export function labelBeside(box: Box, boxes: readonly Box[]): Box | null {
  const [x, y, w, h] = box;
  return boxes.find((o) => {
    if (o === box || o[0] <= x + w / 2 || o[0] - (x + w) > LABEL_GAP * h) return false;
    const overlap = Math.min(y + h, o[1] + o[3]) - Math.max(y, o[1]);
    return overlap >= 0.5 * Math.min(h, o[3]);
  }) ?? null;
}

/**
 * The label's box beside `box` (labelBeside) for an item of one one-character word, the only kind a marker boxed
 * apart from its label is read as; null for any other item, without scanning the boxes.
 */
export function labelBesideLoneItem(item: TextItem | null, box: Box, boxes: readonly Box[]): Box | null {
  return item !== null && item.words.length === 1 && [...item.text].length === 1 ? labelBeside(box, boxes) : null;
}

/**
 * The item without the one-character words whose pixels are a checkbox or a radio button; when one led the item,
 * its box starts midway between the marker and the next word (where the control typing looks left for a marker).
 * An empty square never hides a label, so it goes wherever it stands; a marked one only beside other words, in its
 * item or in `label`, the next box on its row (labelBeside above; alone, it may be a small button round its
 * one-character label: a calculator's key). A ring goes only before other words, as a radio button leads its label
 * (in its item, or alone before `label`: a list's column of radio buttons), and only when larger than the label's
 * first glyph (alone with nothing beside it, after a word, or the size of the capitals beside it, it may be the
 * letter O). A marker that led the item is kept as its `marker`, so a checklist's row keeps its state; where nothing
 * else was read the item keeps only that (no text, no words). The item itself when nothing changed.
 */
export function withoutCheckGlyphs(item: TextItem, img: DecodedImage, label: Box | null = null, ticks = BARE_TICKS): TextItem | null {
  const found = item.words.map((w, k): GlyphControl | null => {
    if ([...w.text].length !== 1) return null;
    if (ticks && k === 0 && item.words.length > 1 && TICK_READINGS.has(w.text)) {
      const tick = tickAt(img, w.box, item.box);
      if (tick) return { role: 'checkbox', state: 'checked', ...tick, height: 0 };
    }
    const box = controlGlyphAt(img, w.box, item.box, item.words.length === 1);
    if (!box) return null;
    if (box.role === 'radio') {
      const glyph = labelGlyphHeight(img, item, k, label);
      return glyph > 0 && box.height >= RING_OVER_LABEL * glyph ? box : null;
    }
    return box.state === 'unchecked' || item.words.length > 1 || label !== null ? box : null;
  });
  if (found.every((f) => f === null)) return item;
  const words = item.words.filter((_, k) => !found[k]);
  const lead = found[0];
  const marker = lead ? { marker: { role: lead.role, state: lead.state } } : {};
  // Only a marker was read (the detector drew its box round the checkbox alone): no text, but its state.
  if (words.length === 0) return lead ? { ...item, text: '', words: [], weight: 0, ...marker } : null;
  const [x, y, w, h] = item.box;
  const start = lead ? Math.max(x, Math.round((lead.x1 + 1 + words[0]!.box[0]) / 2)) : x;
  return {
    ...item,
    box: [start, y, x + w - start, h],
    text: words.map((word) => word.text).join(' '),
    words,
    weight: words.reduce((n, word) => n + word.text.length, 0),
    ...marker,
  };
}
