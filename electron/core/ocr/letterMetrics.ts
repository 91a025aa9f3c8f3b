import type { DecodedImage } from '../image/intake';
import { BAND_SHARE, inkProfile, type InkProfile } from './glyphGeometry';
import { median } from './geometry';
import type { Box } from './types';

/**
 * A line's letter size and weight, for telling headings from body text.
 *
 * Size is the x-height. The x-height band (the rows where most of the ink is) is the x-height only when lower-case
 * letters make most of the ink; in "OK", "Top" or "Row 1" it is the capitals' height, and a body-sized label measured
 * a third larger than the body's running text (a heading).
 *
 * Weight is the vertical strokes' width over the size. The share of a box that is ink depends on the letters too
 * (capitals and monospace code fill more of it than prose), so it took labels and code for bold type.
 */
export interface LetterMetrics {
  /** x-height in px (the box height without pixels); 0 when the box's pixels show no letters to measure. */
  readonly size: number;
  /** Mean stem width over the size; 0 when unknown. */
  readonly weight: number;
}

/** Capital height over x-height in common UI and document fonts (DejaVu Sans 1.33, Liberation Sans 1.38). */
const CAP_PER_X = 1.35;
/**
 * Over this share of ink the box is not letters on a background but straddles two backgrounds (a shaded table row
 * that ends inside the box): its band is the shading's height.
 */
const MAX_FILL = 0.6;
/** A column's connected ink reaching this share of the band above it is a capital's or an ascender's. */
const TALL_SHARE = 0.25;
/** Letters whose ink rises above the x-height (a line with none of them measures only its x-height). */
const TALL_LETTER = /[\p{Lu}\p{N}bdfhklt]/u;
/** Ink runs across a row longer than this share of the x-height are bars or touching letters, not one stem. */
const STEM_MAX_SHARE = 0.6;
/** A run across a row this many times the line's median run (a stem) is a bar: an underscore, an underline. */
const BAR_STEMS = 3;
/** A row at the band's edge with this share of its ink in bars is underscores or an underline… */
const UNDERLINE_SHARE = 0.8;
/** …when a row with under this share of the busiest row's ink sets it off from the letters. */
const FAINT_SHARE = 0.25;

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

interface Band {
  readonly top: number;
  readonly bottom: number;
  /** Share of the band's pixels that are ink. */
  readonly fill: number;
  /** The ink runs across its rows. */
  readonly runs: readonly number[];
}

/**
 * Top of the ink connected upwards from the band's top row in column x (8-connected, so slanted strokes count):
 * accents, i's dots, quotes and a neighbouring line's descenders are not joined to the band, so they are left out.
 */
function connectedTop(p: InkProfile, band: Band, x: number): number {
  if (!p.inkAt(x, band.top)) return band.top;
  let cx = x, y = band.top;
  for (;;) {
    const next = [cx, cx - 1, cx + 1].find((c) => p.inkAt(c, y - 1));
    if (next === undefined) return y;
    cx = next; y--;
  }
}

/**
 * The line's own x-height band. Left out: a neighbouring line's descenders or ascenders that reach into the box
 * past a blank row, and underscores or underlines under a letter or two ("Na_me:", "__str__") below it or a line
 * above's above it. Too short to be taken for rules, their rows can hold half the ink of the busiest and stretch the
 * band. Rows at an edge of the band whose ink is mostly in bars, set off from the letters by a faint row, are left
 * out, with the faint rows after them.
 */
function ownBand(p: InkProfile): Band {
  const end = p.x0 + p.top.length;
  const runs: number[][] = [];
  for (let y = p.bandTop; y <= p.bandBottom; y++) {
    const row: number[] = [];
    let run = 0;
    for (let x = p.x0; x <= end; x++) {
      if (x < end && p.inkAt(x, y)) { run++; continue; }
      if (run > 0) row.push(run);
      run = 0;
    }
    runs.push(row);
  }
  // Most runs across a row are one stem wide; an underscore is several stems.
  const bar = BAR_STEMS * median(runs.flat());
  const rowInk = runs.map(sum), barInk = runs.map((row) => sum(row.filter((r) => r > bar)));
  const count = (y: number) => rowInk[y - p.bandTop]!;
  const busiest = Math.max(...rowInk), busiestRow = p.bandTop + rowInk.indexOf(busiest);
  const isBar = (y: number) => count(y) > 0 && barInk[y - p.bandTop]! >= UNDERLINE_SHARE * count(y);
  const inBand = (y: number) => count(y) >= BAND_SHARE * busiest;
  // From the busiest row outwards (step ±1): a blank row ends the line's own letters; a neighbouring line's
  // descenders or ascenders beyond it are left out.
  const ownEdge = (step: 1 | -1, limit: number): number => {
    let last = busiestRow;
    for (let y = busiestRow; y !== limit + step; y += step) {
      if (count(y) === 0) return last;
      if (inBand(y)) last = y;
    }
    return limit;
  };
  // From one edge inwards: past the bar rows, a faint row, then rows under the band's share of ink.
  const edge = (from: number, step: 1 | -1, limit: number): number => {
    let y = from;
    while (y !== limit && isBar(y)) y += step;
    if (y === from || y === limit || count(y) >= FAINT_SHARE * busiest) return from;
    while (y !== limit && !inBand(y)) y += step;
    return y;
  };
  const top0 = ownEdge(-1, p.bandTop), bottom = edge(ownEdge(1, p.bandBottom), -1, top0), top = edge(top0, 1, bottom);
  const from = top - p.bandTop, to = bottom - p.bandTop + 1;
  return { top, bottom, fill: sum(rowInk.slice(from, to)) / ((to - from) * p.top.length), runs: runs.slice(from, to).flat() };
}

/**
 * When no ink rises above the band but the line's reading (`text`) has capitals, digits or ascenders, the band is
 * their height and is scaled down to an x-height. Boxes not yet read (running text, for the body's size) keep it.
 */
function xHeight(p: InkProfile, band: Band, text: string | undefined): number {
  const height = band.bottom - band.top + 1;
  if (text === undefined || !TALL_LETTER.test(text)) return height;
  const rise = Math.max(2, TALL_SHARE * height);
  for (let x = p.x0; x < p.x0 + p.top.length; x++) if (band.top - connectedTop(p, band, x) >= rise) return height;
  return height / CAP_PER_X;
}

/**
 * Mean length of the ink runs across the band's rows that are short enough to be one stem: up to this share of the
 * x-height (a capitals' band would let E's and T's bars in).
 */
function stemWidth(band: Band, size: number): number {
  const stems = band.runs.filter((r) => r <= STEM_MAX_SHARE * size);
  return stems.length ? sum(stems) / stems.length : 0;
}

export function letterMetrics(img: DecodedImage | undefined, box: Box, text?: string): LetterMetrics {
  const p = img ? inkProfile(img, box) : null;
  if (!p) return { size: box[3], weight: 0 };
  const band = ownBand(p);
  if (band.fill > MAX_FILL) return { size: 0, weight: 0 };
  const size = xHeight(p, band, text);
  return { size, weight: stemWidth(band, size) / size };
}

export const letterSize = (img: DecodedImage | undefined, box: Box, text?: string): number => letterMetrics(img, box, text).size;
