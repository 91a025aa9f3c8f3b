import type { DecodedImage } from '../image/intake';
import { diff, EDGE_STRENGTH } from './dividers';
import { boxBackground, luminance, median } from './geometry';
import type { Box } from './types';

/**
 * Ruled grids: tables drawn with a rule around every cell (DocBook's and Texinfo's bordered tables, GIMP's manual, a
 * spreadsheet). Their cells can sit closer than any column gap the boxes show ("…after the | 3": a justified
 * description ends a few pixels from the next cell's rule), so columns are not found from white space. The rules
 * themselves say where each row and cell is, and that is what a grid gives reading order.
 *
 * A grid is found as a lattice: three or more horizontal rules of one extent, joined one to the next by vertical rules
 * at both ends (the frame of each row), and inside the frames column rules at the same places in two or more rows.
 * A widget's frame has no column rules; framed widgets stacked in a dialog have gaps between their frames; a zebra
 * table has fills but no column rules: none is a grid. Cells framed each on their own a few pixels apart (JOIN_GAP)
 * are one grid: their rules, broken only by the spacing, are taken whole.
 */

/**
 * One row of a grid: its top and bottom rules (their middles) and the rules that bound its cells, left to right, each
 * as the pixel columns its edges span (a 1-px line's two edges, a double border's four).
 */
export interface GridRow {
  readonly y0: number;
  readonly y1: number;
  readonly cols: ReadonlyArray<readonly [number, number]>;
}

export interface RuledGrid {
  readonly box: Box;
  readonly rows: readonly GridRow[];
}

/** Pixels without the edge a rule may skip: two cells' borders meet with a few pixels of spacing between them. */
const MAX_BREAK = 3;
/**
 * Two rules on one line with a gap of at most this many text heights are one: cells framed each on their own, a few
 * pixels apart (Qt's rich-text tables, HTML's cell spacing, a calculator's keys 8 px apart beside 16-px text: 0.4
 * until the eighteenth round, which left the keys apart; no other screen of the four sets changed). Only rules are
 * joined so, never text's shorter edge runs: letting every run break for longer made rows of dense text into rules
 * (exim's option table).
 */
export const JOIN_GAP = 0.6;
/** Edge rows (columns) this close, overlapping, are one rule: a 1-px line's two edges, a double border. */
const CLUSTER = 4;
/** A horizontal rule is at least this many text heights long (and 30 px); a vertical one this many. */
const MIN_RULE_WIDTH = 2;
const MIN_RULE_HEIGHT = 0.8;
/** Rule ends and positions this many text heights apart (and 4 px) are the same. */
const SAME_PLACE = 0.3;
/** A grid's row is at most this many text heights tall; a rule this share of the grid's width inside it parts it. */
const MAX_ROW_HEIGHTS = 8;
const CROSSING_WIDTH = 0.9;
/** A column rule covers at least this share of its row's height. */
const RULE_COVER = 0.8;
/** A column rule is at the same place in at least this many of the grid's rows. */
const COLUMN_ROWS = 2;

interface Rule { a: number; b: number; from: number; to: number }

interface Rect { readonly x0: number; readonly y0: number; readonly x1: number; readonly y1: number }

/**
 * Runs of edge pixels along one direction inside a rectangle: for each line (a row for horizontal rules, a column for
 * vertical ones), runs of at least minLen with breaks of at most MAX_BREAK, and two such runs with a gap of at most
 * `joinGap` between them as one. `at` is the line's position, from..to the run's extent along it.
 */
function edgeRuns(img: DecodedImage, horizontal: boolean, minLen: number, r: Rect, joinGap = 0): Array<{ at: number; from: number; to: number }> {
  const { data, width } = img;
  const [lineFrom, lineTo, from, to] = horizontal ? [Math.max(1, r.y0), r.y1, r.x0, r.x1] : [Math.max(1, r.x0), r.x1, r.y0, r.y1];
  const stride = horizontal ? 3 : width * 3, back = horizontal ? width * 3 : 3;
  const out: Array<{ at: number; from: number; to: number }> = [];
  const push = (at: number, from: number, to: number) => {
    const prev = out[out.length - 1];
    if (prev && prev.at === at && from - prev.to - 1 <= joinGap) prev.to = to; else out.push({ at, from, to });
  };
  for (let at = lineFrom; at < lineTo; at++) {
    let start = -1, last = -1;
    let i = horizontal ? (at * width + from) * 3 : (from * width + at) * 3;
    for (let p = from; p < to; p++, i += stride) {
      if (diff(data, i, i - back) < EDGE_STRENGTH) continue;
      if (start >= 0 && p - last > MAX_BREAK + 1) {
        if (last - start + 1 >= minLen) push(at, start, last);
        start = p;
      } else if (start < 0) start = p;
      last = p;
    }
    if (start >= 0 && last - start + 1 >= minLen) push(at, start, last);
  }
  return out;
}

/** Edge runs this close across and overlapping along, as one rule each (a..b across, from..to along). */
function clusterRuns(runs: ReadonlyArray<{ at: number; from: number; to: number }>): Rule[] {
  const rules: Rule[] = [];
  const open: Rule[] = [];
  for (const r of runs) {
    const overlaps = (q: Rule) => r.at - q.b <= CLUSTER && Math.min(q.to, r.to) - Math.max(q.from, r.from) > 0.5 * Math.min(q.to - q.from, r.to - r.from);
    const q = open.find(overlaps);
    if (q) { q.b = r.at; q.from = Math.min(q.from, r.from); q.to = Math.max(q.to, r.to); continue; }
    const rule = { a: r.at, b: r.at, from: r.from, to: r.to };
    rules.push(rule);
    open.push(rule);
    // Rules left behind can take no more runs.
    for (let k = open.length - 1; k >= 0; k--) if (r.at - open[k]!.b > CLUSTER) open.splice(k, 1);
  }
  return rules;
}

const mid = (r: Rule) => (r.a + r.b) / 2;

/** The vertical rules near x that cover y0..y1 (give or take `slack`), joined across breaks of at most CLUSTER; null if none do. */
function coveringRules(verticals: readonly Rule[], x: number, y0: number, y1: number, near: number, slack: number): Rule[] | null {
  const spans = verticals.filter((v) => Math.abs(mid(v) - x) <= near && v.to >= y0 && v.from <= y1).sort((p, q) => p.from - q.from);
  let reach = y0 + slack;
  const used: Rule[] = [];
  for (const v of spans) {
    if (v.from > reach + CLUSTER) break;
    if (v.to > reach - CLUSTER) used.push(v);
    reach = Math.max(reach, v.to);
  }
  return reach >= y1 - slack ? used : null;
}

/** The column rules inside one row, each covering RULE_COVER of the row's height, as [first, last] edge columns. */
function rowColumnRules(verticals: readonly Rule[], x0: number, x1: number, y0: number, y1: number, near: number): Array<[number, number]> {
  const inner = (y1 - y0) * (1 - RULE_COVER) / 2;
  const rules = verticals
    .filter((v) => mid(v) > x0 + near && mid(v) < x1 - near && v.from <= y0 + inner + CLUSTER && v.to >= y1 - inner - CLUSTER)
    .sort((p, q) => p.a - q.a);
  const merged: Array<[number, number]> = [];
  for (const v of rules) {
    const last = merged[merged.length - 1];
    if (last && v.a - last[1] <= 2 * CLUSTER) last[1] = Math.max(last[1], v.b); else merged.push([v.a, v.b]);
  }
  return merged;
}

/** A chain of framed rows as a grid, when column rules recur in its rows; null when they do not. */
function gridOf(chain: readonly Rule[], sides: readonly Rule[][], verticals: readonly Rule[], near: number): RuledGrid | null {
  const x0 = Math.min(...chain.map((r) => r.from)), x1 = Math.max(...chain.map((r) => r.to));
  const westRule = span(sides[0]!), eastRule = span(sides[1]!);
  const rows = chain.slice(1).map((r, k) => ({ y0: mid(chain[k]!), y1: mid(r), inner: rowColumnRules(verticals, x0, x1, mid(chain[k]!), mid(r), near) }));
  // Column rules that recur in COLUMN_ROWS rows or more are the table's; a glyph's stroke never lines up so.
  const at = (c: readonly [number, number]) => (c[0] + c[1]) / 2;
  const recurring = (c: readonly [number, number]) => rows.filter((row) => row.inner.some((d) => Math.abs(at(d) - at(c)) <= near)).length >= COLUMN_ROWS;
  const gridRows = rows.map((row) => ({ y0: row.y0, y1: row.y1, cols: [westRule, ...row.inner.filter(recurring), eastRule] }));
  if (gridRows.filter((row) => row.cols.length > 2).length < COLUMN_ROWS) return null;
  return { box: [westRule[0], mid(chain[0]!), eastRule[1] - westRule[0], mid(chain[chain.length - 1]!) - mid(chain[0]!)], rows: gridRows };
}

const span = (rules: readonly Rule[]): [number, number] => [Math.min(...rules.map((r) => r.a)), Math.max(...rules.map((r) => r.b))];

/**
 * The ruled grids in an image, each with its rows and every row's cell bounds. `textHeight` (the median text box's
 * height) sizes the least rule lengths and what counts as the same place. Vertical rules are looked for only where
 * three horizontal rules of one extent are stacked, so a screen without such a stack costs one pass over its rows.
 */
export function findRuledGrids(img: DecodedImage, textHeight: number, joinGap = JOIN_GAP): RuledGrid[] {
  if (!(textHeight > 0)) return [];
  const near = Math.max(4, SAME_PLACE * textHeight);
  /** Rules this close across are one border between two rows. */
  const border = Math.max(CLUSTER, joinGap * textHeight);
  const whole = { x0: 0, y0: 0, x1: img.width, y1: img.height };
  const horizontals = clusterRuns(edgeRuns(img, true, Math.max(30, MIN_RULE_WIDTH * textHeight), whole, joinGap * textHeight)).sort((p, q) => mid(p) - mid(q));
  const sameExtent = (p: Rule, q: Rule) => Math.abs(p.from - q.from) <= near && Math.abs(p.to - q.to) <= near;
  const grids: RuledGrid[] = [];
  const used = new Set<Rule>();
  for (const first of horizontals) {
    if (used.has(first)) continue;
    // Every rule of this extent is looked at once, with the vertical rules of the area they span.
    const stack = horizontals.filter((r) => !used.has(r) && mid(r) >= mid(first) && sameExtent(first, r));
    for (const r of stack) used.add(r);
    if (stack.length < 3) continue;
    const x0 = Math.min(...stack.map((r) => r.from)), x1 = Math.max(...stack.map((r) => r.to));
    const area = { x0: Math.max(0, Math.floor(x0 - near)), x1: Math.min(img.width, Math.ceil(x1 + near) + 1), y0: Math.floor(mid(first)), y1: Math.ceil(mid(stack[stack.length - 1]!)) + 1 };
    const verticals = clusterRuns(edgeRuns(img, false, Math.max(8, MIN_RULE_HEIGHT * textHeight), area));
    // Chains of these rules, each joined to the one before by the frame's two sides.
    let chain = [first];
    let sides: Rule[][] = [[], []];
    for (const r of [...stack.slice(1), null]) {
      const last = chain[chain.length - 1]!;
      // Separately framed cells: one row's bottom rule and the next row's top rule, a few pixels apart, are one border.
      if (r && mid(r) <= mid(last) + border) continue;
      // A row holds at least a line of text, at most MAX_ROW_HEIGHTS of them, with no rule across it inside (a
      // spreadsheet's header and its body, each ruled, are no one row), and its frame's sides are drawn down it.
      const crossed = r !== null && horizontals.some((q) => mid(q) > mid(last) + border && mid(q) < mid(r) - border && q.to - q.from >= CROSSING_WIDTH * (x1 - x0) && q.from < x1 && q.to > x0);
      const tall = r !== null && !crossed && mid(r) - mid(last) >= MIN_RULE_HEIGHT * textHeight && mid(r) - mid(last) <= MAX_ROW_HEIGHTS * textHeight;
      const west = tall && coveringRules(verticals, x0, mid(last), mid(r!), near, near), east = tall && coveringRules(verticals, x1, mid(last), mid(r!), near, near);
      if (r && west && east && west.length > 0 && east.length > 0) {
        sides[0]!.push(...west);
        sides[1]!.push(...east);
        chain.push(r);
        continue;
      }
      const grid = chain.length >= 3 ? gridOf(chain, sides, verticals, near) : null;
      if (grid) grids.push(grid);
      if (!r) break;
      chain = [r];
      sides = [[], []];
    }
  }
  return grids;
}

/** A piece of a box cut at a column rule narrower than this many text heights is a border's sliver, not text. */
const MIN_PIECE = 0.3;

/** The row of a grid that holds the point, or null. */
export function gridRowAt(grid: RuledGrid, x: number, y: number): GridRow | null {
  const [gx, , gw] = grid.box;
  if (x < gx || x > gx + gw) return null;
  return grid.rows.find((row) => y >= row.y0 && y < row.y1) ?? null;
}

/** The cell of a grid row (index into its cells, left to right) that holds x. */
export function cellAt(row: GridRow, x: number): number {
  for (let k = 1; k < row.cols.length - 1; k++) if (x < (row.cols[k]![0] + row.cols[k]![1]) / 2) return k - 1;
  return row.cols.length - 2;
}

/**
 * Boxes inside a grid's row kept within its cells: a box that reaches over a column rule (the detector joins text of
 * cells set close, and takes in the rule) is cut there and the rule's columns left out, so the rule is not read as
 * "|" or "l" and each cell's text is its own box. Pieces narrower than MIN_PIECE text heights are dropped.
 */
export function clipToGrids(boxes: readonly Box[], grids: readonly RuledGrid[], textHeight: number): Box[] {
  if (grids.length === 0) return [...boxes];
  return boxes.flatMap((box): Box[] => {
    const [x, y, w, h] = box;
    const row = grids.map((g) => gridRowAt(g, x + w / 2, y + h / 2)).find((r) => r !== null);
    if (!row) return [box];
    const pieces: Box[] = [];
    for (let k = 0; k + 1 < row.cols.length; k++) {
      const a = Math.max(x, row.cols[k]![1] + 1), b = Math.min(x + w, row.cols[k + 1]![0]);
      if (b - a >= MIN_PIECE * textHeight) pieces.push([a, y, b - a, h]);
    }
    return pieces.length > 0 ? pieces : [box];
  });
}

/** A cell's ink is looked for this many text heights (and 2 px) inside its rules: a key's frame and shading are not. */
const CELL_INSET = 0.15;
/** Luminance difference from the cell's background that counts as a glyph's ink. */
const GLYPH_CONTRAST = 45;
/** A missed glyph's ink is at most this many text heights tall (one line), and holds at least this many pixels. */
const MAX_GLYPH = 1.2;
const MIN_INK = 3;
/** The box given to a missed glyph reaches this many text heights beyond its ink on either side. */
const GLYPH_MARGIN = 0.3;

/**
 * Boxes for text the detector missed in a grid's cells. A lone glyph in a cell of its own ("1", "÷", "=" on a
 * calculator's keys; "-" or "x" in a table) is where DB detection is weakest: whether it finds one depends on the
 * strip around it. A cell holding no box's centre, whose ink is one line clear of the cell's edges, gets a box round
 * that ink, on the line its row's other boxes share.
 */
export function boxesForEmptyCells(grids: readonly RuledGrid[], boxes: readonly Box[], img: DecodedImage, textHeight: number): Box[] {
  const found: Box[] = [];
  const inset = Math.max(2, Math.round(CELL_INSET * textHeight));
  for (const grid of grids) {
    for (const row of grid.rows) {
      for (let k = 0; k + 1 < row.cols.length; k++) {
        const cx0 = row.cols[k]![1] + 1, cx1 = row.cols[k + 1]![0];
        if (boxes.some((b) => b[0] + b[2] / 2 >= cx0 && b[0] + b[2] / 2 < cx1 && b[1] + b[3] / 2 >= row.y0 && b[1] + b[3] / 2 < row.y1)) continue;
        const x0 = Math.max(0, Math.ceil(cx0 + inset)), x1 = Math.min(img.width, Math.floor(cx1 - inset));
        const y0 = Math.max(0, Math.ceil(row.y0 + inset)), y1 = Math.min(img.height, Math.floor(row.y1 - inset));
        const ink = x1 - x0 >= 4 && y1 - y0 >= 4 ? inkBounds(img, x0, x1, y0, y1) : null;
        if (!ink || ink.count < MIN_INK || ink.y1 - ink.y0 > MAX_GLYPH * textHeight) continue;
        // Ink at the inset's edge runs on past it: the cell's frame or shading, or text cut by the window.
        if (ink.x0 === x0 || ink.x1 === x1 || ink.y0 === y0 || ink.y1 === y1) continue;
        // Lines of one row share their baseline: the box spans what the row's other boxes span ("-" sits at the
        // middle of "MS"'s letters, not of its own box); in a row without any, a text box's height round the ink.
        const margin = GLYPH_MARGIN * textHeight, middle = (ink.y0 + ink.y1) / 2;
        const mates = boxes.filter((b) => b[1] + b[3] / 2 >= row.y0 && b[1] + b[3] / 2 < row.y1 && b[1] <= ink.y0 && b[1] + b[3] >= ink.y1);
        const height = Math.max(textHeight, ink.y1 - ink.y0 + 2 * margin);
        const by0 = Math.max(row.y0, mates.length > 0 ? median(mates.map((b) => b[1])) : middle - height / 2);
        const by1 = Math.min(row.y1, mates.length > 0 ? median(mates.map((b) => b[1] + b[3])) : middle + height / 2);
        const bx0 = Math.max(cx0, ink.x0 - margin), bx1 = Math.min(cx1, ink.x1 + margin);
        found.push([bx0, by0, bx1 - bx0, by1 - by0]);
      }
    }
  }
  return found;
}

/** The bounds (x1, y1 exclusive) and pixel count of the ink in a region, against its median luminance; null if none. */
function inkBounds(img: DecodedImage, x0: number, x1: number, y0: number, y1: number) {
  const background = boxBackground(img, x0, x1, y0, y1, 256);
  let minX = x1, maxX = x0 - 1, minY = y1, maxY = y0 - 1, count = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      if (Math.abs(luminance(img.data, (y * img.width + x) * 3) - background) < GLYPH_CONTRAST) continue;
      count++;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return count === 0 ? null : { x0: minX, x1: maxX + 1, y0: minY, y1: maxY + 1, count };
}

/** Whether grid cells the detector left empty are looked at for the glyphs it missed (boxesForEmptyCells). */
export const EMPTY_CELL_GLYPHS = true;

/**
 * The ruled grids of an image and the boxes as reading order takes them: each cut at the column rules of the grid it
 * lies in, and (`emptyCells`) a box for each glyph the detector missed in a cell. `textHeight` is the boxes' median
 * height, which also sizes the rules looked for.
 */
export function cutAtGrids(boxes: readonly Box[], img: DecodedImage, joinGap = JOIN_GAP, emptyCells = EMPTY_CELL_GLYPHS): { boxes: Box[]; grids: RuledGrid[]; textHeight: number } {
  const textHeight = median(boxes.map((b) => b[3]));
  const grids = findRuledGrids(img, textHeight, joinGap);
  const clipped = clipToGrids(boxes, grids, textHeight);
  return { boxes: emptyCells ? [...clipped, ...boxesForEmptyCells(grids, clipped, img, textHeight)] : clipped, grids, textHeight };
}
