import type { DecodedImage } from '../image/intake';
import type { Box } from './types';

/** Summed RGB difference between horizontal neighbours that counts as an edge (a 1-px rule, a pane's background change). */
export const EDGE_STRENGTH = 12;
/** Share of the rows that must show the edge in one pixel column for a divider running the corridor's height. */
const EDGE_COVERAGE = 0.85;

/**
 * Looks for a vertical divider in the empty corridor x0..x1 over rows y0..y1: a pixel column where nearly every row
 * changes colour from its left neighbour. Panes are separated by rules or background changes; table cells are not.
 */
export function dividerFinder(img: DecodedImage, rules: DividerRules = {}): (x0: number, x1: number, y0: number, y1: number) => boolean {
  const { data, width, height } = img;
  const skipGrid = rules.skipGrid ?? GRID_NOT_DIVIDER;
  const cells = rules.textHeight !== undefined && (rules.skipCells ?? CELLS_NOT_DIVIDERS) ? rules.textHeight : 0;
  let page: readonly number[] | null = null;
  return (x0, x1, y0, y1) => {
    const xa = Math.max(1, Math.ceil(x0)), xb = Math.min(width - 1, Math.floor(x1));
    const ya = Math.max(0, Math.floor(y0)), yb = Math.min(height - 1, Math.ceil(y1));
    const step = Math.max(1, Math.floor((yb - ya) / 200)); // ~200 sampled rows are plenty
    let rows = 0;
    for (let y = ya; y <= yb; y += step) rows++;
    if (rows === 0) return false;
    for (let x = xa; x <= xb; x++) {
      let edges = 0;
      for (let y = ya; y <= yb; y += step) {
        const i = (y * width + x) * 3, j = i - 3;
        if (diff(data, i, j) >= EDGE_STRENGTH) edges++;
      }
      if (edges < EDGE_COVERAGE * rows) continue;
      const side = sideColours(img, x, ya, yb, step);
      // A ruled table's column rule is crossed by its row rules: the cells on its two sides are one table's.
      if (skipGrid && side === 'rule' && gridCrossings(img, x, ya, yb) >= GRID_CROSSINGS) continue;
      // So is the edge of a column of shaded cells, the page's colour showing between them.
      if (cells > 0 && side === 'background') {
        page ??= pageColour(img);
        if (filledCells(img, x, ya, yb, filledSide(img, x, ya, yb, step, page), page, cells)) continue;
      }
      return true;
    }
    return false;
  };
}

export interface DividerRules {
  readonly skipGrid?: boolean;
  /** Whether a column of filled cells (CELLS_NOT_DIVIDERS) is no divider; `textHeight` sizes its cells. */
  readonly skipCells?: boolean;
  readonly textHeight?: number;
}

/**
 * Whether the edge of a column of filled table cells (each cell its own shaded box, a few pixels of the page between
 * them, as Exim's option tables are drawn) is kept from counting as a pane edge: such a column's edges run the
 * table's height, and its columns were read one after the other, each as a pane ("add_environment bi_command …"
 * and only then "environment variables to run for -bi …"). A panel's fill runs unbroken down its edge.
 */
export const CELLS_NOT_DIVIDERS = true;
/** The page's colour between two filled cells is at most this many text heights tall; each cell at most CELL_MAX_ROWS. */
const CELL_MAX_GAP = 0.5;
const CELL_MAX_ROWS = 4;

/**
 * Whether the filled side of the background edge at column x, over rows y0..y1, is a stack of cells: its fill breaks
 * into the page's colour at GRID_CROSSINGS or more places, each break shorter than CELL_MAX_GAP text heights, with no
 * fill run between two breaks taller than CELL_MAX_ROWS text heights.
 */
function filledCells(img: DecodedImage, x: number, y0: number, y1: number, fill: 'west' | 'east', page: readonly number[], textHeight: number): boolean {
  const { data, width } = img;
  const col = fill === 'west' ? Math.max(0, x - 4) : Math.min(width - 1, x + 3);
  const maxGap = Math.max(2, CELL_MAX_GAP * textHeight), maxCell = CELL_MAX_ROWS * textHeight;
  const isPage = (y: number) => {
    const i = (y * width + col) * 3;
    return Math.abs(data[i]! - page[0]!) + Math.abs(data[i + 1]! - page[1]!) + Math.abs(data[i + 2]! - page[2]!) < 3 * BACKGROUND_CHANGE;
  };
  let breaks = 0, fillStart = -1, gapStart = -1;
  for (let y = y0; y <= y1; y++) {
    if (isPage(y)) {
      if (gapStart < 0) gapStart = y;
      continue;
    }
    if (gapStart >= 0 && fillStart >= 0) {
      // A break between two fill runs: short enough for cell spacing, after a run short enough for a cell.
      if (y - gapStart > maxGap || gapStart - fillStart > maxCell) return false;
      breaks++;
      fillStart = y;
    } else if (fillStart < 0) fillStart = y;
    gapStart = -1;
  }
  return breaks >= GRID_CROSSINGS;
}

/**
 * Whether ruled grids are kept from counting as pane dividers in corridors (`skipGrid: false` restores the old way for the
 * ablation): a spreadsheet's or a ruled table's columns were read as panes, column by column.
 */
export const GRID_NOT_DIVIDER = true;

/** 'background' when the two sides of column x differ in colour over rows y0..y1 (a pane's own fill), else 'rule'. */
function sideColours(img: DecodedImage, x: number, y0: number, y1: number, step: number): 'background' | 'rule' {
  const { data, width } = img;
  const xl = Math.max(0, x - 4), xr = Math.min(width - 1, x + 3);
  const sumL = [0, 0, 0], sumR = [0, 0, 0];
  let n = 0;
  for (let y = y0; y <= y1; y += step) {
    const l = (y * width + xl) * 3, r = (y * width + xr) * 3;
    for (let c = 0; c < 3; c++) { sumL[c]! += data[l + c]!; sumR[c]! += data[r + c]!; }
    n++;
  }
  if (n === 0) return 'rule';
  const d = Math.abs(sumL[0]! - sumR[0]!) + Math.abs(sumL[1]! - sumR[1]!) + Math.abs(sumL[2]! - sumR[2]!);
  return d / n >= BACKGROUND_CHANGE ? 'background' : 'rule';
}

/** The page's own colour: the commonest colour (to 4 bits a channel) on a grid of about 40 000 sampled pixels. */
function pageColour(img: DecodedImage): readonly number[] {
  const { data, width, height } = img;
  const step = Math.max(1, Math.round(Math.sqrt((width * height) / 40_000)));
  const counts = new Map<number, number>();
  let best = 0, bestCount = 0;
  for (let y = 0; y < height; y += step) {
    for (let x = 0; x < width; x += step) {
      const i = (y * width + x) * 3;
      const key = ((data[i]! >> 4) << 8) | ((data[i + 1]! >> 4) << 4) | (data[i + 2]! >> 4);
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      if (n > bestCount) { best = key; bestCount = n; }
    }
  }
  return [((best >> 8) & 15) * 16 + 8, ((best >> 4) & 15) * 16 + 8, (best & 15) * 16 + 8];
}

/** Which side of the background edge at column x is further from the page's colour over rows y0..y1. */
function filledSide(img: DecodedImage, x: number, y0: number, y1: number, step: number, page: readonly number[]): 'west' | 'east' {
  const { data, width } = img;
  const xl = Math.max(0, x - 4), xr = Math.min(width - 1, x + 3);
  let west = 0, east = 0;
  for (let y = y0; y <= y1; y += step) {
    const l = (y * width + xl) * 3, r = (y * width + xr) * 3;
    for (let c = 0; c < 3; c++) { west += Math.abs(data[l + c]! - page[c]!); east += Math.abs(data[r + c]! - page[c]!); }
  }
  return west > east ? 'west' : 'east';
}

/** Rows where horizontal lines reach column x from both sides (a grid's row rules), over rows y0..y1. */
function gridCrossings(img: DecodedImage, x: number, y0: number, y1: number): number {
  const { data, width } = img;
  const xl = Math.max(0, x - 4), xr = Math.min(width - 1, x + 3);
  let crossings = 0, lastCross = -Infinity;
  for (let y = Math.max(1, y0 + 1); y <= y1; y++) {
    const l = (y * width + xl) * 3, r = (y * width + xr) * 3;
    if (diff(data, l, l - width * 3) >= EDGE_STRENGTH && diff(data, r, r - width * 3) >= EDGE_STRENGTH && y - lastCross > 2) { crossings++; lastCross = y; }
  }
  return crossings;
}

/** Share of a table's width a horizontal rule or fill edge must cross to part two of its rows. */
const ROW_RULE_COVERAGE = 0.9;
/** Edge rows this close together are one rule (a 1-px line's two edges, two cells' facing borders). */
const ROW_RULE_CLUSTER = 4;

/**
 * Finds horizontal rules across x0..x1 between rows y0 and y1: rows where nearly every column changes colour from the
 * row above (a ruled table's row borders, the edge between two rows' fills). Text never does that over a table's
 * whole width (word spaces and letter gaps break it). Returns each rule's middle row, top to bottom.
 */
export function rowRuleFinder(img: DecodedImage): (x0: number, x1: number, y0: number, y1: number) => number[] {
  const { data, width, height } = img;
  return (x0, x1, y0, y1) => {
    const xa = Math.max(0, Math.ceil(x0)), xb = Math.min(width - 1, Math.floor(x1));
    const ya = Math.max(1, Math.floor(y0)), yb = Math.min(height - 1, Math.ceil(y1));
    if (xb - xa < 8) return [];
    const step = Math.max(1, Math.floor((xb - xa) / 400));
    const rules: Array<[number, number]> = [];
    for (let y = ya; y <= yb; y++) {
      let n = 0, edges = 0;
      for (let x = xa; x <= xb; x += step) {
        const i = (y * width + x) * 3;
        n++;
        if (diff(data, i, i - width * 3) >= EDGE_STRENGTH) edges++;
      }
      if (edges < ROW_RULE_COVERAGE * n) continue;
      const last = rules[rules.length - 1];
      if (last && y - last[1] <= ROW_RULE_CLUSTER) last[1] = y; else rules.push([y, y]);
    }
    return rules.map(([a, b]) => (a + b) / 2);
  };
}

/** A long vertical pane edge found in the pixels: a 1-px rule or the boundary of a pane's own background. */
export interface PaneDivider {
  readonly x: number;
  readonly y0: number;
  readonly y1: number;
  /**
   * 'background': the colours on the two sides differ (a sidebar's own background); 'rule': a thin line; 'gutter':
   * white space only, found by reading order in the boxes (a sidebar set close to the body).
   */
  readonly kind: 'background' | 'rule' | 'gutter';
  /**
   * For a background edge, the side whose colour is not the page's (the panel's own fill): a boxed sidebar is the
   * filled side of its edge, while a code block's edge has the page's colour on the side away from the block.
   */
  readonly fill?: 'west' | 'east';
}

/** A pane edge runs at least this many text heights and this share of the image height. */
const PANE_MIN_TEXT_HEIGHTS = 6;
const PANE_MIN_SHARE = 0.25;
/**
 * Shorter edges count where two run side by side, more than a border's width and at most TWIN_EDGE_GAP text heights
 * apart, over nearly the same rows: the facing borders of two framed boxes (Qt's group boxes of three lines each,
 * shorter than PANE_MIN_TEXT_HEIGHTS). Reading order reads such boxes one after the other (readingOrder.ts twinFrames).
 */
export const SHORT_TWIN_EDGES = true;
const TWIN_MIN_TEXT_HEIGHTS = 3;
const TWIN_EDGE_GAP = 0.8;
/** Share of the longer of two facing borders that the shorter runs beside. */
const TWIN_OVERLAP = 0.8;
/** Sampled rows without the edge that a run may skip (text touching a rule, a one-row gap in a border). */
const PANE_MAX_BREAK = 2;
/** Summed RGB difference between the two sides' mean colours that makes an edge a background change. */
const BACKGROUND_CHANGE = 9;
/** Horizontal lines crossing a thin rule on both sides at this many places make it a table's grid, not a pane edge. */
const GRID_CROSSINGS = 3;

/** Summed RGB difference between the pixels at byte offsets i and j. */
export const diff = (d: Uint8Array, i: number, j: number) => Math.abs(d[i]! - d[j]!) + Math.abs(d[i + 1]! - d[j + 1]!) + Math.abs(d[i + 2]! - d[j + 2]!);

/** The top of the highest box and the bottom of the lowest: how tall the screen's text is. */
export function textSpanOf(boxes: readonly Box[]): [number, number] {
  if (boxes.length === 0) return [0, 0];
  return [Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[1] + b[3]))];
}

/**
 * Whether a pane edge's least length is a share of the text's height on the screen (from its first line's top to its
 * last line's bottom) rather than of the whole image's: a dialog in the middle of a large screen has group boxes
 * far shorter than a quarter of the screen (Qt's calendar example on a 1920×1080 screen), and its panes were read as
 * one table. Shorter edges then include a ruled grid's shaded column: measured this way, a background edge that
 * row rules cross on both sides is a table's, like a thin rule's (the calendar's week numbers). Off (`textSpan` not
 * given) restores the image's height and thin rules only, for the ablation.
 */
export const PANE_SHARE_OF_TEXT = true;

/**
 * Long vertical pane edges: pixel columns where nearly every row changes colour from the column to the left over a
 * long run. Text never makes such a run (line gaps break it); a sidebar's background, a pane's border and a
 * splitter do. Thin rules that horizontal rules cross on both sides are a table's grid and are left out, and so are
 * the edges of a column of filled cells (CELLS_NOT_DIVIDERS; `skipCells: false` keeps them, for the ablation).
 * `textSpan`: the text's top and bottom, when the edge's least length is measured against it (PANE_SHARE_OF_TEXT).
 */
export function findPaneDividers(img: DecodedImage, textHeight: number, textSpan?: readonly [number, number], skipCells = CELLS_NOT_DIVIDERS, shortTwins = SHORT_TWIN_EDGES): PaneDivider[] {
  const { data, width, height } = img;
  const step = Math.max(1, Math.round(textHeight / 8));
  const span = textSpan ? Math.max(0, Math.min(height, textSpan[1]) - Math.max(0, textSpan[0])) : height;
  const minRun = Math.max(PANE_MIN_TEXT_HEIGHTS * textHeight, PANE_MIN_SHARE * span);
  const leastRun = shortTwins ? Math.min(minRun, TWIN_MIN_TEXT_HEIGHTS * textHeight) : minRun;
  const runs: Array<{ x: number; y0: number; y1: number }> = [];
  for (let x = 1; x < width; x++) {
    let start = -1, last = -1;
    const close = () => { if (start >= 0 && last - start >= leastRun) runs.push({ x, y0: start, y1: last }); start = -1; };
    for (let y = 0; y < height; y += step) {
      const i = (y * width + x) * 3;
      if (diff(data, i, i - 3) < EDGE_STRENGTH) {
        if (start >= 0 && y - last > PANE_MAX_BREAK * step) close();
        continue;
      }
      if (start < 0) start = y;
      last = y;
    }
    close();
  }
  // A 1-px rule shows as two edges a pixel apart, a soft border as several: one divider per cluster.
  runs.sort((a, b) => a.x - b.x || a.y0 - b.y0);
  const merged: Array<{ x: number; y0: number; y1: number }> = [];
  for (const r of runs) {
    const m = merged.find((p) => r.x - p.x <= 3 && Math.min(p.y1, r.y1) - Math.max(p.y0, r.y0) > 0.5 * Math.min(p.y1 - p.y0, r.y1 - r.y0));
    if (m) { m.y0 = Math.min(m.y0, r.y0); m.y1 = Math.max(m.y1, r.y1); m.x = Math.max(m.x, r.x); } else merged.push({ ...r });
  }
  const length = (m: { y0: number; y1: number }) => m.y1 - m.y0;
  const facing = (m: { x: number; y0: number; y1: number }) => merged.some((t) => t !== m && Math.abs(t.x - m.x) > 3 && Math.abs(t.x - m.x) <= TWIN_EDGE_GAP * textHeight
    && Math.min(t.y1, m.y1) - Math.max(t.y0, m.y0) >= TWIN_OVERLAP * Math.max(length(t), length(m)));
  const kept = merged.filter((m) => length(m) >= minRun || facing(m));
  const result: PaneDivider[] = [];
  const page = kept.length > 0 ? pageColour(img) : [0, 0, 0];
  for (const m of kept) {
    const kind = sideColours(img, m.x, m.y0, m.y1, step);
    const gridChecked = kind === 'rule' || textSpan !== undefined;
    if (gridChecked && gridCrossings(img, m.x, m.y0, m.y1) >= GRID_CROSSINGS) continue;
    const y1 = Math.min(height - 1, m.y1 + step);
    if (kind !== 'background') { result.push({ x: m.x, y0: m.y0, y1, kind }); continue; }
    const fill = filledSide(img, m.x, m.y0, m.y1, step, page);
    if (skipCells && filledCells(img, m.x, m.y0, m.y1, fill, page, textHeight)) continue;
    result.push({ x: m.x, y0: m.y0, y1, kind, fill });
  }
  return result.sort((a, b) => (b.y1 - b.y0) - (a.y1 - a.y0) || a.x - b.x);
}
