import type { DecodedImage } from '../image/intake';
import type { Box } from './types';
import { edgeBackground, luminance } from './geometry';

/**
 * A line wider than this many of its heights is read in pieces: the recognizer's crop is capped in width, and a
 * full-width line of small text squeezed into it loses letters and word spaces ("Thischapteecribs…"). Pieces are
 * cut in word gaps, so reading order joins them back with a space.
 */
export const MAX_PIECE_ASPECT = 28;
/** A blank run at least this share of the box height is a word gap worth cutting in. */
const MIN_CUT_GAP = 0.2;
/** Luminance difference from the box's background that counts as ink. */
const INK_CONTRAST = 40;


/** Splits each too-wide box into pieces at blank columns near evenly spaced targets; others pass unchanged. */
export function splitLongBoxes(boxes: readonly Box[], img: DecodedImage): Box[] {
  return boxes.flatMap((box) => (box[2] > MAX_PIECE_ASPECT * box[3] ? splitBox(box, img) : [box]));
}

function splitBox(box: Box, img: DecodedImage): Box[] {
  const x0 = Math.max(0, Math.floor(box[0])), x1 = Math.min(img.width, Math.ceil(box[0] + box[2]));
  const y0 = Math.max(0, Math.floor(box[1] + box[3] * 0.15)), y1 = Math.min(img.height, Math.ceil(box[1] + box[3] * 0.85));
  if (x1 - x0 < 4 || y1 - y0 < 2) return [box];
  const background = edgeBackground(img, x0, x1, y0, y1);
  const blank = new Uint8Array(x1 - x0);
  for (let x = x0; x < x1; x++) {
    let ink = false;
    for (let y = y0; y < y1 && !ink; y++) ink = Math.abs(luminance(img.data, (y * img.width + x) * 3) - background) >= INK_CONTRAST;
    blank[x - x0] = ink ? 0 : 1;
  }
  // Candidate cuts: centres of blank runs wide enough to be word gaps.
  const minGap = Math.max(2, MIN_CUT_GAP * box[3]);
  const cuts: number[] = [];
  for (let x = 0; x < blank.length;) {
    if (!blank[x]) { x++; continue; }
    let end = x;
    while (end < blank.length && blank[end]) end++;
    if (end - x >= minGap && x > 0 && end < blank.length) cuts.push(x0 + (x + end) / 2);
    x = end;
  }
  const pieces = Math.ceil(box[2] / (MAX_PIECE_ASPECT * box[3] * 0.8));
  const chosen: number[] = [];
  for (let k = 1; k < pieces; k++) {
    const target = box[0] + (k * box[2]) / pieces;
    let best = -1;
    for (const c of cuts) if (best < 0 || Math.abs(c - target) < Math.abs(best - target)) best = c;
    if (best >= 0 && !chosen.includes(best) && Math.abs(best - target) < box[2] / pieces / 2) chosen.push(best);
  }
  if (chosen.length === 0) return [box];
  chosen.sort((a, b) => a - b);
  const out: Box[] = [];
  let from = box[0];
  for (const c of [...chosen, box[0] + box[2]]) {
    out.push([from, box[1], c - from, box[3]]);
    from = c;
  }
  return out;
}

/** A box this many times the screen's usual box height may hold several lines the detector ran together. */
const TALL_RATIO = 1.7;
/** A row with at most this share of the busiest row's ink separates two lines. */
const VALLEY_SHARE = 0.12;

/**
 * Splits boxes that hold several lines (tight lines of underlined links run together in detection: one crop then
 * reads "Home Introduction Documentation") at the near-empty rows between them. A tall box without such rows
 * (a large heading) passes unchanged.
 */
export function splitTallBoxes(boxes: readonly Box[], img: DecodedImage): Box[] {
  if (boxes.length < 3) return [...boxes];
  const heights = boxes.map((b) => b[3]).sort((a, b) => a - b);
  const usual = heights[heights.length >> 1]!;
  return boxes.flatMap((box) => (box[3] >= TALL_RATIO * usual ? splitRows(box, img, usual) : [box]));
}

function splitRows(box: Box, img: DecodedImage, usual: number): Box[] {
  const x0 = Math.max(0, Math.floor(box[0])), x1 = Math.min(img.width, Math.ceil(box[0] + box[2]));
  const y0 = Math.max(0, Math.floor(box[1])), y1 = Math.min(img.height, Math.ceil(box[1] + box[3]));
  if (x1 - x0 < 4 || y1 - y0 < 4) return [box];
  const background = edgeBackground(img, x0, x1, y0, y1, 2);
  const ink = new Array<number>(y1 - y0).fill(0);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (Math.abs(luminance(img.data, (y * img.width + x) * 3) - background) >= INK_CONTRAST) ink[y - y0]!++;
  const busiest = Math.max(...ink);
  if (busiest === 0) return [box];
  const lines = Math.round(box[3] / usual);
  if (lines < 2) return [box];
  // Cut at the emptiest row near each expected boundary.
  const cuts: number[] = [];
  for (let k = 1; k < lines; k++) {
    const target = (k * (y1 - y0)) / lines;
    let best = -1;
    for (let y = Math.max(1, Math.round(target - usual / 2)); y < Math.min(y1 - y0 - 1, Math.round(target + usual / 2)); y++) {
      if (ink[y]! <= VALLEY_SHARE * busiest && (best < 0 || ink[y]! < ink[best]! || (ink[y] === ink[best] && Math.abs(y - target) < Math.abs(best - target)))) best = y;
    }
    if (best < 0) return [box];
    cuts.push(best);
  }
  const out: Box[] = [];
  let from = 0;
  for (const c of [...cuts, y1 - y0]) {
    out.push([box[0], y0 + from, box[2], c - from]);
    from = c;
  }
  return out;
}
