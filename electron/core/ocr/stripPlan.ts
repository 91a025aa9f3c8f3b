import type { DecodedImage } from '../image/intake';

/**
 * Where the detector's strips start and end. Two neighbouring strips must share enough rows that every line crossing
 * the cut between them lies whole in the strip that keeps it (the one holding its centre). A fixed STRIP_OVERLAP on
 * each side covers lines up to 96 rows tall wherever the cut falls, but with 256-row strips on a 1920-px screen it
 * had the detector look at 1.65 rows for every row of the screen. Most cuts can fall between lines, or through
 * small text only, so each cut is placed where the ink crossing it is shortest and the overlap is fitted to that ink.
 */

/**
 * One strip of the detector's map: the rows it covers (`height`, a multiple of ALIGN), how many of them from the top
 * show the image (`rows`; the rest are painted with the background, so no line is cut at its foot), and the rows whose
 * regions (by centre) it keeps.
 */
export interface Strip {
  readonly top: number;
  readonly height: number;
  readonly rows: number;
  readonly ownStart: number;
  readonly ownEnd: number;
}

/** The most rows two strips share on each side of a cut (map rows): what they shared everywhere before cuts were placed. */
export const STRIP_OVERLAP = 48;
/** Rows kept between the ink crossing a cut and a strip's edge (map rows), so the detector sees text with its surroundings. */
export const CUT_MARGIN = 8;
/** A strip owns at least this many rows past its top (map rows). */
const MIN_OWNED = 64;
/** Detector inputs are multiples of this. */
const ALIGN = 32;

const roundUp = (n: number) => Math.ceil(n / ALIGN) * ALIGN;

/** RGB difference (sum over channels) of two neighbouring pixels that counts as an edge: faint, so pale text counts. */
const EDGE_CONTRAST = 24;
/** An edge that runs straight down this many image rows is a line (a pane's divider, a table's border), not text. */
const LONG_LINE = 64;
/** Ink is followed down and up within columns this wide (image pixels). */
const BLOCK = 32;
/** Ink heights are counted up to this (image rows); taller ink takes STRIP_OVERLAP anyway. */
const MAX_REACH = 255;

/**
 * For each image row, how far the ink crossing it reaches up or down (image rows; 0 for a blank row). Ink is any
 * horizontal contrast edge but those of long straight lines, followed within BLOCK-wide columns, so a row between two
 * lines of body text is 0 even beside a sidebar's line, and a row through 13-px text reaches about 13.
 */
export function inkReach(img: DecodedImage): Uint8Array {
  const { data, width, height } = img;
  // Top down: the length (up to LONG_LINE) of the vertical run of edges ending at each pixel.
  const run = new Uint8Array(width * height);
  for (let y = 0, i = 3, e = 1; y < height; y++, i += 3, e++) {
    for (let x = 1; x < width; x++, i += 3, e++) {
      if (Math.abs(data[i]! - data[i - 3]!) + Math.abs(data[i + 1]! - data[i - 2]!) + Math.abs(data[i + 2]! - data[i - 1]!) > EDGE_CONTRAST) {
        run[e] = y > 0 ? Math.min(LONG_LINE, run[e - width]! + 1) : 1;
      }
    }
  }
  // Bottom up: each run's pixels take its verdict (LONG_LINE: a line; 1: ink), and columns of ink are marked.
  const blocks = Math.ceil(width / BLOCK);
  const inked = new Uint8Array(blocks * height);
  for (let y = height - 1; y >= 0; y--) {
    for (let x = 0, e = y * width; x < width; x++, e++) {
      if (run[e] === 0) continue;
      const below = y + 1 < height ? run[e + width]! : 0;
      run[e] = below > 0 ? below : run[e] === LONG_LINE ? LONG_LINE : 1;
      if (run[e] === 1) inked[y * blocks + Math.floor(x / BLOCK)] = 1;
    }
  }
  const up = new Uint8Array(blocks * height), reach = new Uint8Array(height);
  for (let y = 0; y < height; y++) {
    for (let b = 0; b < blocks; b++) {
      const i = y * blocks + b;
      if (inked[i]) up[i] = Math.min(MAX_REACH, (y > 0 ? up[i - blocks]! : 0) + 1);
    }
  }
  const down = new Uint8Array(blocks);
  for (let y = height - 1; y >= 0; y--) {
    let most = 0;
    for (let b = 0; b < blocks; b++) {
      const i = y * blocks + b;
      down[b] = inked[i] ? Math.min(MAX_REACH, down[b]! + 1) : 0;
      if (inked[i]) most = Math.max(most, up[i]!, down[b]!);
    }
    reach[y] = most;
  }
  return reach;
}

/** Per map row, the ink reach of the image rows it spans, in map rows (rounded up). */
function mapReachOf(reach: Uint8Array, mapHeight: number, rowScale: number): Uint16Array {
  const out = new Uint16Array(mapHeight);
  for (let m = 0; m < mapHeight; m++) {
    let most = 0;
    const end = Math.min(reach.length, Math.ceil((m + 1) * rowScale));
    for (let y = Math.min(reach.length - 1, Math.floor(m * rowScale)); y < end; y++) most = Math.max(most, reach[y]!);
    out[m] = Math.ceil(most / rowScale);
  }
  return out;
}

/**
 * Plans strips of at most `maxHeight` map rows over a map of `mapHeight` rows, from `inkReach` of the image
 * (`rowScale` image rows per map row; read only when the map needs more than one strip). A strip ends at the cut
 * that lets the next one start lowest. Both strips reach past the cut by the ink crossing it plus CUT_MARGIN
 * (STRIP_OVERLAP at most), and on to the next blank row, so neither edge cuts a line in two: a line cut at a strip's
 * edge, just beside a line the strip keeps, broke that line into pieces. Blank rows before a strip's first ink are
 * left out of it; the strips end where the ink does.
 */
export function planStrips(reach: () => Uint8Array, mapHeight: number, maxHeight: number, rowScale: number): Strip[] {
  // An image one strip covers is detected whole, as it always was, without reading its pixels for the reach.
  if (mapHeight <= maxHeight) return [{ top: 0, height: mapHeight, rows: mapHeight, ownStart: -Infinity, ownEnd: Infinity }];
  const mapReach = mapReachOf(reach(), mapHeight, rowScale);
  const blank = (m: number) => m >= mapHeight || mapReach[m] === 0;
  const nextBlank = (m: number, limit: number) => {
    for (let r = m; r < limit; r++) if (blank(r)) return r;
    return limit;
  };
  const previousBlank = (m: number, limit: number) => {
    for (let r = m; r > limit; r--) if (blank(r)) return r;
    return limit;
  };
  const nextInk = (m: number) => {
    for (let r = Math.max(0, m); r < mapHeight; r++) if (!blank(r)) return r;
    return Infinity;
  };
  const strips: Strip[] = [];
  let top = 0, ownStart = -Infinity;
  while (true) {
    const ink = nextInk(top);
    if (ink === Infinity) {
      // Only blank rows below: the last strip keeps whatever the detector finds there.
      if (strips.length > 0) strips[strips.length - 1] = { ...strips[strips.length - 1]!, ownEnd: Infinity };
      return strips;
    }
    top = Math.max(top, ink - CUT_MARGIN);
    if (top + maxHeight >= mapHeight) {
      strips.push({ top, height: roundUp(mapHeight - top), rows: mapHeight - top, ownStart, ownEnd: Infinity });
      return strips;
    }
    let best: { cut: number; bottom: number; next: number } | null = null;
    for (let cut = top + MIN_OWNED; cut <= top + maxHeight - CUT_MARGIN; cut++) {
      const overlap = Math.min(STRIP_OVERLAP, mapReach[cut]! + CUT_MARGIN);
      const bottom = nextBlank(cut + overlap, cut + STRIP_OVERLAP);
      if (bottom + 1 - top > maxHeight) continue;
      const next = previousBlank(cut - overlap, cut - STRIP_OVERLAP);
      if (!best || next >= best.next) best = { cut, bottom, next };
    }
    // A cut STRIP_OVERLAP past MIN_OWNED always fits, since strips are taller than both together.
    const { cut, bottom, next } = best!;
    strips.push({ top, height: roundUp(bottom + 1 - top), rows: bottom + 1 - top, ownStart, ownEnd: cut });
    ownStart = cut;
    top = next;
  }
}
