import type { DecodedImage } from '../image/intake';
import { inkBlobs, luminance } from './geometry';
import type { Box } from './types';

/** An underline is at least this many box heights long (no glyph's foot is; "FAQ" underlined is about 1.4). */
const MIN_LENGTH = 1.2;
/**
 * …and its longest unbroken piece at least this many (glyphs' feet on the baseline are shorter pieces). 1.0 until the
 * eighteenth round: "FAQ"'s underline, broken by the Q's tail, is 25 px long under a box of 24 to 26 rows, found or
 * not by a fraction of a pixel of the box (tuning recall 97.87 → 97.88 %, held-out unchanged).
 */
const MIN_PIECE = 0.9;
/** Share of the rule's columns that may hold ink in the gap between the text and its underline (descenders). */
const GAP_COVERAGE = 0.25;
/** Share of the rule's columns that must hold glyph ink above the gap: a link's text, not a row of "____". */
const TEXT_COVERAGE = 0.3;
/** An underline is at most this share of the box height thick (antialiased rows included), or 2 rows. */
const MAX_THICKNESS = 0.15;
/** Skip-ink breaks an underline around descenders: parts this many box heights apart are one underline. */
const STUB_REACH = 0.5;
/** A row next to the rule with ink over this share of it is part of the rule (antialiasing). */
const BAND_COVERAGE = 0.5;
/** A descender's hook is at most this many box heights wide. */
const GLYPH_PART = 0.6;
/** Below this luminance contrast a box holds no text worth checking. */
const MIN_CONTRAST = 48;

/** One underline found in a box: image rows `top`–`bottom` (inclusive), erased between x0 and x1 (exclusive). */
export interface Underline {
  readonly top: number;
  readonly bottom: number;
  readonly x0: number;
  readonly x1: number;
  /** Pieces of ink in the rule's rows no wider than this that join ink above or below are glyphs' (a "g"'s hook). */
  readonly glyphWidth: number;
  /** Height of the box the underline was found in (the text's line height). */
  readonly boxHeight: number;
}

/**
 * A link's underline, drawn through the bottom of the crop, is read as text: its stubs beside a descender become
 * "." or "," ("Report a bug." for "Report a bug", "Using, DHAT"), and "_" ends up in front of words. Finds a thin,
 * long run of ink below the text of `box`, separated from the glyphs by a row that only descenders cross.
 */
export function findUnderline(img: DecodedImage, box: Box): Underline | null {
  const { data, width, height } = img;
  const x0 = Math.max(0, Math.floor(box[0])), x1 = Math.min(width, Math.ceil(box[0] + box[2]));
  const y0 = Math.max(0, Math.floor(box[1])), y1 = Math.min(height, Math.ceil(box[1] + box[3]));
  const h = y1 - y0, w = x1 - x0;
  if (h < 8 || w < MIN_LENGTH * h) return null;
  const ink = inkMask(data, width, x0, x1, y0, y1);
  if (!ink) return null;
  // Mask rows: the lower half is scanned from the bottom up, so the rule lowest under the text is taken.
  for (let r = h - 1; r >= h >> 1; r--) {
    const parts = runsOf(ink, w, r);
    const longest = parts.reduce((best, part) => (part[1] - part[0] > best[1] - best[0] ? part : best), [0, 0]);
    // A line through the whole crop is a table cell's or a pane's border, drawn past the text on both sides; the
    // link's own underline may lie above it ("fbdev(4)." in a bordered cell).
    if (longest[0] === 0 && longest[1] === w) continue;
    // Measured with skip-ink's breaks: a "Q"'s tail cuts "FAQ"'s short underline in two.
    const joined = withBrokenParts(parts, longest, STUB_REACH * h);
    if (longest[1] - longest[0] < MIN_PIECE * h || joined[1] - joined[0] < MIN_LENGTH * h) continue;
    const run = longest;
    // A frame's bottom edge (a button, a field) turns up at its ends; an underline does not.
    if (risesAt(ink, w, run[0], r, h) || risesAt(ink, w, run[1] - 1, r, h)) continue;
    const cover = (row: number) => spanCoverage(ink, w, run, row);
    // The rule's thickness: rows above it whose ink spans most of the same run.
    let top = r;
    while (top > 1 && cover(top - 1) >= 0.7) top--;
    if (r - top + 1 > Math.max(2, MAX_THICKNESS * h)) return null;
    // A gap between the glyphs and the rule that only descenders cross (serif feet on the baseline leave none).
    let gap = top - 1;
    while (gap > 0 && cover(gap) > GAP_COVERAGE) gap--;
    if (gap <= 0 || top - 1 - gap > Math.max(1, 0.1 * h)) return null;
    // Glyphs above the gap over much of the run.
    let textCols = 0;
    for (let c = run[0]; c < run[1]; c++) {
      for (let row = 0; row < gap; row++) if (ink[row * w + c] === 1) { textCols++; break; }
    }
    if (textCols < TEXT_COVERAGE * (run[1] - run[0])) return null;
    const [from, to] = joined;
    // Its antialiased ends fall under the mask's threshold: a stub left there reads as "." after the word.
    const margin = Math.max(2, Math.round(0.15 * h));
    return { top: y0 + top, bottom: y0 + r, x0: x0 + Math.max(0, from - margin), x1: x0 + Math.min(w, to + margin), glyphWidth: GLYPH_PART * h, boxHeight: h };
  }
  return null;
}

/** A full stop's or comma's dot is at most this share of the line height wide and tall, and stands this near the rule. */
const DOT_SIZE = 0.3;
const DOT_NEAR_RULE = 0.3;

/**
 * Whether a full stop's or comma's dot stands above an underline between image columns x0 and x1: a small blob of
 * ink ending near the rule, clear of the window's sides (not the edge of a letter). The stub of an underline that the
 * recognizer read as "." has none: the window holds only letters' ink, or nothing.
 */
export function dotAboveUnderline(img: DecodedImage, box: Box, line: Underline, x0: number, x1: number): boolean {
  const from = Math.max(0, Math.floor(x0)), to = Math.min(img.width, Math.ceil(x1));
  const top = Math.max(0, Math.floor(box[1])), bottom = line.top - 1;
  const w = to - from, h = bottom - top;
  if (w < 2 || h < 2) return true;
  const ink = inkMask(img.data, img.width, from, to, top, bottom);
  if (!ink) return false;
  const most = DOT_SIZE * line.boxHeight, near = h - DOT_NEAR_RULE * line.boxHeight;
  return inkBlobs(w, h, (x, y) => ink[y * w + x] === 1)
    .some(({ minX, maxX, minY, maxY }) => minX > 0 && maxX < w - 1 && maxX - minX + 1 <= most && maxY - minY + 1 <= most && maxY >= near);
}

/**
 * Erases the underlines of the boxes it is given: each painted in the colour just above it, except where a glyph's
 * stroke runs through it (ink directly above and below) and a descender's hook that skip-ink left standing. The source image is not changed; a copy is made when the
 * first underline is found (screens without links cost nothing), and each call returns the image as erased so far,
 * so boxes are cleaned chunk by chunk as they are recognized.
 */
export function underlineEraser(img: DecodedImage): (boxes: readonly Box[]) => DecodedImage {
  let erased: DecodedImage = img;
  return (boxes) => {
    for (const box of boxes) {
      const line = findUnderline(img, box);
      if (!line) continue;
      if (erased === img) erased = { ...img, data: Uint8Array.from(img.data) };
      paintOver(img, erased.data, line);
    }
    return erased;
  };
}

/** The rule's rows with its faint antialiased neighbours (the mask's threshold is stricter than this one), and its background. */
function ruleBand(img: DecodedImage, line: Underline): { readonly bg: Background; readonly top: number; readonly bottom: number; readonly inkAt: (x: number, y: number) => boolean } {
  const { data, width, height } = img;
  const bg = background(data, width, line, Math.max(0, line.top - 1));
  const inkAt = (x: number, y: number) => y >= 0 && y < height && isInk(data, (y * width + x) * 3, bg);
  const coverage = (y: number) => {
    let n = 0;
    for (let x = line.x0; x < line.x1; x++) if (inkAt(x, y)) n++;
    return n / Math.max(1, line.x1 - line.x0);
  };
  let top = line.top, bottom = line.bottom;
  if (top - 1 >= 0 && coverage(top - 1) >= BAND_COVERAGE) top--;
  if (bottom + 1 < height && coverage(bottom + 1) >= BAND_COVERAGE) bottom++;
  return { bg, top, bottom, inkAt };
}

/**
 * For one underline, whether an underscore of the link's own text lies on it between image columns x0 and x1 (the
 * rule's columns are measured once). Where none does, a "_" read there is the underline seen through a word space
 * ("Getting_started" for "Getting started").
 */
export function underscoresOnUnderline(img: DecodedImage, line: Underline): (x0: number, x1: number) => boolean {
  const { bg, top, bottom } = ruleBand(img, line);
  const keep = underscoreColumns(img, line, bg, top, bottom);
  return (x0, x1) => {
    for (let x = Math.max(line.x0, Math.floor(x0)); x < Math.min(line.x1, Math.ceil(x1)); x++) if (keep[x - line.x0]) return true;
    return false;
  };
}

function paintOver(img: DecodedImage, out: Uint8Array, line: Underline): void {
  const { width } = img;
  const { bg, top, bottom, inkAt } = ruleBand(img, line);
  const inBand = (x: number) => {
    for (let y = top; y <= bottom; y++) if (inkAt(x, y)) return true;
    return false;
  };
  const joined = (x: number) => inkAt(x, top - 1) || inkAt(x, bottom + 1);
  // A stroke that runs through the rule (ink above and below) is a descender drawn across it.
  const crossed = (x: number) => inkAt(x, top - 1) && inkAt(x, bottom + 1);
  const keep = underscoreColumns(img, line, bg, top, bottom);
  const paint = (c: number) => {
    if (!crossed(c) && !keep[c - line.x0]) for (let y = top; y <= bottom; y++) out.set(bg.rgb, (y * width + c) * 3);
  };
  for (let x = line.x0; x < line.x1;) {
    // Between pieces too: an antialiased end too faint to count as ink still reads as a dot.
    if (!inBand(x)) { paint(x++); continue; }
    let end = x, touches = false;
    for (; end < line.x1 && inBand(end); end++) if (joined(end)) touches = true;
    // A short piece that runs on above or below is a descender's hook ("g"), which skip-ink left whole.
    if (!(touches && end - x <= line.glyphWidth)) for (let c = x; c < end; c++) paint(c);
    x = end;
  }
}

/** An underscore in a link ("cg_annotate") is at least this many box heights long, and at most MAX… */
const UNDERSCORE_MIN = 0.2, UNDERSCORE_MAX = 1.2;
/** …and darkens the rows around the rule by at least this much more than the bare rule does (one row of full ink is 1). */
const UNDERSCORE_EXCESS = 0.2;

/**
 * The columns of the rule where an underscore of the link's own text lies on it: the underscore is drawn at about
 * the rule's height (on it, or a row above or below), so erasing the rule erased it too and "cg_annotate" was read
 * "cg annotate". Such a column is darker around the rule than the bare rule, over an underscore's length, with no
 * glyph stroke running up out of it (a descender's is).
 */
function underscoreColumns(img: DecodedImage, line: Underline, bg: Background, top: number, bottom: number): Uint8Array {
  const { data, width, height } = img;
  const n = line.x1 - line.x0;
  const keep = new Uint8Array(n);
  // The rule's own contrast: the median over its columns of the strongest pixel in its rows.
  const core: number[] = [];
  for (let x = line.x0; x < line.x1; x++) {
    let c = 0;
    for (let y = line.top; y <= line.bottom; y++) c = Math.max(c, Math.abs(luminance(data, (y * width + x) * 3) - bg.lum));
    core.push(c);
  }
  core.sort((a, b) => a - b);
  const full = Math.max(bg.threshold, core[core.length >> 1]!);
  const dark = (x: number, y: number) => (y < 0 || y >= height ? 0 : Math.min(1, Math.abs(luminance(data, (y * width + x) * 3) - bg.lum) / full));
  const rows: number[] = [];
  for (let y = top - 1; y <= bottom + 2; y++) rows.push(y);
  // The bare rule's darkness per row: the median over its columns (most columns are bare rule).
  const bare = rows.map((y) => {
    const v: number[] = [];
    for (let x = line.x0; x < line.x1; x++) v.push(dark(x, y));
    v.sort((a, b) => a - b);
    return v[v.length >> 1]!;
  });
  // A column that may hold an underscore: darker than the bare rule, and no stroke running up out of it.
  const marked = Array.from({ length: n }, (_, k) => {
    const x = line.x0 + k;
    return dark(x, top - 3) < 0.5 && rows.reduce((sum, y, r) => sum + Math.max(0, dark(x, y) - bare[r]!), 0) >= UNDERSCORE_EXCESS;
  });
  const min = Math.max(3, UNDERSCORE_MIN * line.boxHeight), max = UNDERSCORE_MAX * line.boxHeight;
  for (let k = 0; k < n;) {
    if (!marked[k]) { k++; continue; }
    let end = k;
    while (end < n && marked[end]) end++;
    if (end - k >= min && end - k <= max) keep.fill(1, k, end);
    k = end;
  }
  return keep;
}

interface Background { readonly rgb: readonly [number, number, number]; readonly lum: number; readonly threshold: number }

/** The most common colour of the row above the rule (background between descenders), and an ink threshold. */
function background(d: Uint8Array, width: number, line: Underline, row: number): Background {
  const counts = new Map<number, number>();
  for (let x = line.x0; x < line.x1; x++) {
    const i = (row * width + x) * 3;
    const key = (d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let best = 0, bestN = -1;
  for (const [k, n] of counts) if (n > bestN) { best = k; bestN = n; }
  const rgb = [(best >> 16) & 255, (best >> 8) & 255, best & 255] as const;
  const lum = (rgb[0] * 299 + rgb[1] * 587 + rgb[2] * 114) / 1000;
  const rule = luminance(d, (line.bottom * width + ((line.x0 + line.x1) >> 1)) * 3);
  return { rgb, lum, threshold: Math.max(24, 0.4 * Math.abs(rule - lum)) };
}

const isInk = (d: Uint8Array, i: number, bg: Background) => Math.abs(luminance(d, i) - bg.lum) > bg.threshold;

/**
 * Ink of the box as 0/1 per pixel: luminance more than a third of the strongest contrast away from the box's median
 * (text boxes are mostly background). Null when the box has too little contrast.
 */
function inkMask(d: Uint8Array, width: number, x0: number, x1: number, y0: number, y1: number): Uint8Array | null {
  const w = x1 - x0, h = y1 - y0;
  const lum = new Uint8Array(w * h);
  const counts = new Uint32Array(256);
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const v = Math.round(luminance(d, (y * width + x) * 3));
      lum[(y - y0) * w + (x - x0)] = v;
      counts[v]!++;
    }
  }
  let median = 0, seen = 0, lo = 255, hi = 0;
  for (let v = 0; v < 256; v++) {
    if (counts[v] === 0) continue;
    lo = Math.min(lo, v); hi = v;
    if (seen <= lum.length >> 1) median = v;
    seen += counts[v]!;
  }
  const contrast = Math.max(median - lo, hi - median);
  if (contrast < MIN_CONTRAST) return null;
  const limit = contrast / 3;
  const ink = new Uint8Array(w * h);
  for (let i = 0; i < ink.length; i++) ink[i] = Math.abs(lum[i]! - median) > limit ? 1 : 0;
  return ink;
}

/** The runs of ink in mask row `r`, as [from, to) mask columns, left to right. */
function runsOf(ink: Uint8Array, w: number, r: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let start = -1;
  for (let x = 0; x <= w; x++) {
    const on = x < w && ink[r * w + x] === 1;
    if (on && start < 0) start = x;
    else if (!on && start >= 0) {
      runs.push([start, x]);
      start = -1;
    }
  }
  return runs;
}

/** The run grown over the row's other runs that follow each other with gaps under `maxGap` (skip-ink's breaks). */
function withBrokenParts(runs: ReadonlyArray<readonly [number, number]>, run: readonly [number, number], maxGap: number): [number, number] {
  let [from, to] = run;
  const k = runs.findIndex((r) => r[0] === run[0]);
  for (let i = k - 1; i >= 0 && from - runs[i]![1] <= maxGap; i--) from = runs[i]![0];
  for (let i = k + 1; i < runs.length && runs[i]![0] - to <= maxGap; i++) to = runs[i]![1];
  return [from, to];
}

/** Share of the run's columns with ink in mask row `row`. */
function spanCoverage(ink: Uint8Array, w: number, run: readonly [number, number], row: number): number {
  let n = 0;
  for (let c = run[0]; c < run[1]; c++) n += ink[row * w + c]!;
  return n / Math.max(1, run[1] - run[0]);
}

/** Whether ink runs up from mask row `r` at column `c` (or its neighbour) for half the box height: a frame's corner. */
function risesAt(ink: Uint8Array, w: number, c: number, r: number, h: number): boolean {
  for (const col of [c - 1, c, c + 1]) {
    if (col < 0 || col >= w) continue;
    let row = r;
    while (row > 0 && ink[(row - 1) * w + col] === 1) row--;
    if (r - row >= h / 2) return true;
  }
  return false;
}
