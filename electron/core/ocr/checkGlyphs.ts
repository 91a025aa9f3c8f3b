import type { ControlState } from '../../common/ipc';
import type { DecodedImage } from '../image/intake';
import type { TextItem } from './lineAssembly';
import { edgeBackground, inkBlobs, luminance } from './geometry';
import type { Box } from './types';

/**
 * A checkbox the detector took into a line of text: the recognizer reads its empty square as a letter ("0 AE |
 * United Arab Emirates" in a GTK checklist, "O", "D", "□"). Such a one-character word is no text: it is dropped, and
 * the line's box then starts at its label, where the control typing (controls.ts) looks for a marker left of it.
 */

/** Luminance difference from the line's background that counts as the square's ink (GTK draws light grey frames). */
const FRAME_CONTRAST = 20;
/** Share of each side's middle that must be ink: a square's sides are straight, a "0" or "O" is round there. */
const SIDE_COVER = 0.9;
/** Interior ink share at most this: an empty square. */
const EMPTY_INSIDE = 0.03;

/** A checkbox's states of the IPC contract's control states. */
export type CheckState = Extract<ControlState, 'checked' | 'unchecked'>;

/**
 * Whether the pixels under `word` (a one-character word of the line box `line`) are a checkbox's square, and its
 * state: an empty frame is unchecked, a frame with a mark inside (a tick, a cross) checked. A filled square without
 * a mark (a bullet "■") is no checkbox: null.
 */
export function checkboxUnder(img: DecodedImage, word: Box, line: Box): CheckState | null {
  return checkboxAt(img, word, line)?.state ?? null;
}

/** checkboxUnder's verdict with the square's image x range (inclusive). */
function checkboxAt(img: DecodedImage, word: Box, line: Box): { readonly state: CheckState; readonly x0: number; readonly x1: number } | null {
  const h = line[3];
  const y0 = Math.max(0, Math.floor(line[1])), y1 = Math.min(img.height, Math.ceil(line[1] + line[3]));
  const x0 = Math.max(0, Math.floor(word[0] - 0.5 * h)), x1 = Math.min(img.width, Math.ceil(word[0] + word[2] + 0.5 * h));
  const w = x1 - x0, wh = y1 - y0;
  if (w < 8 || wh < 8) return null;
  const background = edgeBackground(img, x0, x1, y0, y1);
  const ink = new Uint8Array(w * wh);
  for (let y = 0; y < wh; y++) for (let x = 0; x < w; x++) ink[y * w + x] = Math.abs(luminance(img.data, ((y0 + y) * img.width + x0 + x) * 3) - background) >= FRAME_CONTRAST ? 1 : 0;
  const centre = word[0] + word[2] / 2 - x0;
  const blob = inkBlobs(w, wh, (x, y) => ink[y * w + x] === 1)
    .filter((b) => b.minX <= centre + 0.25 * h && b.maxX >= centre - 0.25 * h)
    .sort((a, b) => (b.maxX - b.minX) * (b.maxY - b.minY) - (a.maxX - a.minX) * (a.maxY - a.minY))[0];
  if (!blob) return null;
  const bw = blob.maxX - blob.minX + 1, bh = blob.maxY - blob.minY + 1;
  if (bw < 8 || bh < 8 || bw > 1.25 * bh || bh > 1.25 * bw || bh < 0.35 * h || bh > 1.1 * h) return null;
  // A checkbox lies inside the line's box; a frame the window cuts is larger (a button round a one-character label).
  if (blob.minX === 0 || blob.minY === 0 || blob.maxX === w - 1 || blob.maxY === wh - 1) return null;
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
  const at = (x: number, y: number) => ink[y * w + x] === 1;
  const sides = covered(blob.minX, blob.maxX, (x, d) => at(x, blob.minY + d))
    && covered(blob.minX, blob.maxX, (x, d) => at(x, blob.maxY - d))
    && covered(blob.minY, blob.maxY, (y, d) => at(blob.minX + d, y))
    && covered(blob.minY, blob.maxY, (y, d) => at(blob.maxX - d, y));
  if (!sides) return null;
  // …and its corners are ink too: a radio button's circle and a "D" pass the sides' test but leave corners blank.
  const corner = Math.max(2, Math.round(0.15 * Math.max(bw, bh)));
  const inkIn = (cx0: number, cy0: number) => {
    for (let y = cy0; y < cy0 + corner; y++) for (let x = cx0; x < cx0 + corner; x++) if (at(x, y)) return true;
    return false;
  };
  if (!inkIn(blob.minX, blob.minY) || !inkIn(blob.maxX - corner + 1, blob.minY) || !inkIn(blob.minX, blob.maxY - corner + 1) || !inkIn(blob.maxX - corner + 1, blob.maxY - corner + 1)) return null;
  const inset = stroke + 1;
  let inside = 0, area = 0;
  for (let y = blob.minY + inset; y <= blob.maxY - inset; y++) for (let x = blob.minX + inset; x <= blob.maxX - inset; x++) { area++; inside += ink[y * w + x]!; }
  if (area < 4) return null;
  const share = inside / area;
  const state = share <= EMPTY_INSIDE ? 'unchecked' : share >= 0.1 && share <= 0.85 ? 'checked' : null;
  return state && { state, x0: x0 + blob.minX, x1: x0 + blob.maxX };
}

/**
 * The item without the one-character words whose pixels are a checkbox; when one led the item, its box starts
 * midway between the square and the next word (where the control typing looks left for a marker). An empty square
 * never hides a label, so it goes wherever it stands; a marked one only beside other words (alone, it may be a small
 * button round its one-character label: a calculator's key). Null when nothing else was read; the item itself when
 * nothing changed.
 */
export function withoutCheckGlyphs(item: TextItem, img: DecodedImage): TextItem | null {
  const found = item.words.map((w) => {
    if ([...w.text].length !== 1) return null;
    const box = checkboxAt(img, w.box, item.box);
    return box && (box.state === 'unchecked' || item.words.length > 1) ? box : null;
  });
  if (found.every((f) => f === null)) return item;
  const words = item.words.filter((_, k) => !found[k]);
  if (words.length === 0) return null;
  const [x, y, w, h] = item.box;
  const lead = found[0];
  const start = lead ? Math.max(x, Math.round((lead.x1 + 1 + words[0]!.box[0]) / 2)) : x;
  return {
    ...item,
    box: [start, y, x + w - start, h],
    text: words.map((word) => word.text).join(' '),
    words,
    weight: words.reduce((n, word) => n + word.text.length, 0),
  };
}
