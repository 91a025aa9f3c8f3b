import type { DecodedImage } from '../image/intake';
import type { Box } from './types';
import { squeezedWhole } from './cropWidth';
import { edgeBackground, luminance, withoutTwins } from './geometry';

/**
 * A line wider than this many of its heights is read in pieces: the recognizer's crop is capped in width, and a
 * full-width line of small text squeezed into it loses letters and word spaces ("Thischapteecribs…"). Pieces are
 * cut in word gaps, so reading order joins them back with a space.
 */
export const MAX_PIECE_ASPECT = 28;
/** A blank run at least this share of the box height is a word gap worth cutting in. */
const MIN_CUT_GAP = 0.2;
/**
 * In a box too wide to be read whole without being squeezed to the crop's width cap, where no blank that wide lies
 * near a cut's target, the widest blank near it down to this share will do: small serif text in a tall box (Postfix's
 * README in dark mode, words 4–5 px apart in a 27-px box) had no blank run of 0.2 anywhere and its 1850-px line was
 * read whole, squeezed ("adresis udliverable" for "address is undeliverable"). Boxes cut before are cut as before.
 */
export const NARROW_CUT_GAP = 0.15;
/** Luminance difference from the box's background that counts as ink. */
const INK_CONTRAST = 40;


/** Splits each too-wide box into pieces at blank columns near evenly spaced targets; others pass unchanged. */
export function splitLongBoxes(boxes: readonly Box[], img: DecodedImage, narrowGap = NARROW_CUT_GAP): Box[] {
  return boxes.flatMap((box) => (box[2] > MAX_PIECE_ASPECT * box[3] ? splitBox(box, img, narrowGap) : [box]));
}

function splitBox(box: Box, img: DecodedImage, narrowGap: number): Box[] {
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
  // Candidate cuts: centres of blank runs wide enough to be word gaps; narrower ones where no such run is near.
  const cutsWider = (share: number) => {
    const minGap = Math.max(2, share * box[3]);
    const cuts: Array<{ at: number; width: number }> = [];
    for (let x = 0; x < blank.length;) {
      if (!blank[x]) { x++; continue; }
      let end = x;
      while (end < blank.length && blank[end]) end++;
      if (end - x >= minGap && x > 0 && end < blank.length) cuts.push({ at: x0 + (x + end) / 2, width: end - x });
      x = end;
    }
    return cuts;
  };
  const wide = cutsWider(MIN_CUT_GAP), narrow = narrowGap > 0 && squeezedWhole(box) ? cutsWider(narrowGap) : [];
  const pieces = Math.ceil(box[2] / (MAX_PIECE_ASPECT * box[3] * 0.8));
  const chosen: number[] = [];
  const reach = box[2] / pieces / 2;
  for (let k = 1; k < pieces; k++) {
    const target = box[0] + (k * box[2]) / pieces;
    const inReach = (c: { at: number }) => Math.abs(c.at - target) < reach;
    const free = (cuts: ReadonlyArray<{ at: number; width: number }>) => cuts.filter((c) => inReach(c) && !chosen.includes(c.at));
    const distance = (c: { at: number }) => Math.abs(c.at - target);
    // A wide blank nearest the target; where none is near, the widest narrow one (a word gap, not a gap in a word).
    const cut = wide.some(inReach)
      ? free(wide).sort((a, b) => distance(a) - distance(b))[0]
      : free(narrow).sort((a, b) => b.width - a.width || distance(a) - distance(b))[0];
    if (cut) chosen.push(cut.at);
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
const TALL_RATIO = 1.5;
/** A run of ink rows shorter than this share of the usual box height is part of a line (an underline, a dot). */
const MIN_LINE_SHARE = 0.4;
/** Rows kept above and below a split line's ink, in usual box heights (the detector's own margin is about this). */
const LINE_MARGIN = 0.15;

/**
 * Splits boxes that hold several lines at the blank rows between them. The detector runs short words set one under
 * another together ("AE", "AF", "AG" in a table's code column, 10 px apart: one box five rows tall, read as one of
 * them); tight lines of underlined links likewise. A blank row across a whole box never falls inside one line of
 * text, so only the runs of ink between blank rows, each tall enough to be a line, become boxes; a tall box without
 * blank rows (a large heading, lines whose ascenders and descenders touch) passes unchanged.
 */
export function splitTallBoxes(boxes: readonly Box[], img: DecodedImage): Box[] {
  if (boxes.length < 3) return [...boxes];
  const heights = boxes.map((b) => b[3]).sort((a, b) => a - b);
  const usual = heights[heights.length >> 1]!;
  let split = false;
  const out = boxes.flatMap((box) => {
    if (box[3] < TALL_RATIO * usual) return [box];
    const lines = splitAtBlankRows(box, img, usual);
    split ||= lines.length !== 1 || lines[0] !== box;
    return lines;
  });
  // A line cut out of a tall box may be one the detector also found on its own.
  return split ? withoutTwins(out.map((b) => ({ box: b }))).map((b) => b.box) : out;
}

function splitAtBlankRows(box: Box, img: DecodedImage, usual: number): Box[] {
  const x0 = Math.max(0, Math.floor(box[0])), x1 = Math.min(img.width, Math.ceil(box[0] + box[2]));
  const y0 = Math.max(0, Math.floor(box[1])), y1 = Math.min(img.height, Math.ceil(box[1] + box[3]));
  if (x1 - x0 < 4 || y1 - y0 < 4) return [box];
  const background = edgeBackground(img, x0, x1, y0, y1, 2);
  const inked = (y: number) => {
    for (let x = x0; x < x1; x++) if (Math.abs(luminance(img.data, (y * img.width + x) * 3) - background) >= INK_CONTRAST) return true;
    return false;
  };
  // Runs of ink rows, [from, to) in image rows.
  const runs: Array<[number, number]> = [];
  for (let y = y0; y < y1; y++) {
    if (!inked(y)) continue;
    const last = runs[runs.length - 1];
    if (last && last[1] === y) last[1] = y + 1;
    else runs.push([y, y + 1]);
  }
  // A short run at the box's edge is a neighbouring line's cut-off part (the detector's box reaches into the row
  // above): left out. A short run inside joins the nearer of its neighbours: a line's underline, an "i"'s dot.
  const minLine = MIN_LINE_SHARE * usual;
  const short = (run: [number, number]) => run[1] - run[0] < minLine;
  const found = runs.length;
  while (runs.length > 1 && short(runs[0]!) && runs[0]![0] === y0) runs.shift();
  while (runs.length > 1 && short(runs[runs.length - 1]!) && runs[runs.length - 1]![1] === y1) runs.pop();
  const trimmed = runs.length < found;
  for (let k = 0; k < runs.length && runs.length > 1;) {
    const run = runs[k]!;
    if (!short(run)) { k++; continue; }
    const before = k > 0 ? run[0] - runs[k - 1]![1] : Infinity, after = k + 1 < runs.length ? runs[k + 1]![0] - run[1] : Infinity;
    if (before <= after) runs[k - 1]![1] = run[1];
    else runs[k + 1]![0] = run[0];
    runs.splice(k, 1);
    k = Math.max(0, k - 1);
  }
  if (runs.length < 2 && !trimmed) return [box];
  // Each line gets a detector's margin around its ink, up to half the blank rows between it and the next.
  const margin = LINE_MARGIN * usual;
  return runs.map((run, k) => {
    const up = k > 0 ? (run[0] - runs[k - 1]![1]) / 2 : run[0] - box[1];
    const down = k + 1 < runs.length ? (runs[k + 1]![0] - run[1]) / 2 : box[1] + box[3] - run[1];
    const from = run[0] - Math.min(margin, up), to = run[1] + Math.min(margin, down);
    return [box[0], from, box[2], to - from];
  });
}
