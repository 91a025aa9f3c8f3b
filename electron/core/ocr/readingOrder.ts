import type { PaneDivider } from './dividers';
import { cellAt, gridRowAt, type GridRow, type RuledGrid } from './gridTables';
import type { Box } from './types';
import { median, unionBox } from './geometry';

/**
 * Reading order for screen text: a recursive XY-cut on line boxes that tells layout columns from table columns.
 *
 * A node's boxes are grouped into horizontal bands (boxes sharing a text row). Consecutive bands that share an
 * empty vertical corridor form a region; the corridor cuts the region into columns. Columns are then
 *  - a table when their rows line up one-to-one and span the same height: each row becomes ONE line, cells left
 *    to right joined by TABLE_CELL_SEPARATOR;
 *  - row annotations when a narrow right column only holds items that sit on rows of the left one (times in a
 *    message list, sizes in a file list): read row by row, each item its own line;
 *  - layout columns otherwise (sidebar, panes): each read completely, top to bottom, before the next.
 * Pure and deterministic: the same boxes always give the same order.
 */

/** Between the cells of a table row. Chosen over a tab so it survives whitespace folding and reads as a pause. */
export const TABLE_CELL_SEPARATOR = ' | ';

export interface OrderedLine {
  /** Cells left to right; each cell lists item indices left to right (fragments of one run of text). */
  readonly cells: ReadonlyArray<readonly number[]>;
  readonly block: number;
  /** True when the cells are a table row's cells (joined with TABLE_CELL_SEPARATOR). */
  readonly tableRow: boolean;
  /** Index into the layout's panes: 0 is the main pane, others were split off at a pane edge. */
  readonly pane: number;
}

/** A pane found at a pane edge: the narrower side of the edge (the wider one stays in its parent's pane). */
export interface OrderedPane {
  readonly kind: 'main' | 'sidebar' | 'panel';
  readonly box: Box;
}

export interface ReadingOrderOptions {
  /** An empty corridor must be at least this many median text heights wide to separate columns. */
  readonly minGapRatio: number;
  /** Two items are on the same row when their centres differ by less than this many heights. */
  readonly rowTolerance: number;
  /** Share of each column's rows that must match the neighbour's for a table. */
  readonly tableMatch: number;
  /**
   * Whether the image shows a pane divider (a vertical rule or a background change) in the empty corridor
   * x0..x1 over rows y0..y1. Panes have them; a table's columns do not (or, in a ruled grid, all of them do).
   */
  readonly hasDivider?: (x0: number, x1: number, y0: number, y1: number) => boolean;
  /**
   * Long vertical pane edges seen in the image (a sidebar's own background, a splitter), longest first. Text on
   * the two sides of one is never read as one line or one table, however close or well aligned.
   */
  readonly paneDividers?: readonly PaneDivider[];
  /**
   * Horizontal rules seen in the image across x0..x1 between rows y0 and y1 (a ruled table's row borders, the edges
   * of its rows' fills), top to bottom: they part a table's rows where its cells wrap and are centred in their rows.
   */
  readonly rowRules?: (x0: number, x1: number, y0: number, y1: number) => readonly number[];
  /** Ruled grids seen in the image (gridTables.ts): each is read as a table whose rows and cells its rules give. */
  readonly grids?: readonly RuledGrid[];
  /** Whether a line between a row of cards and a table, closer to the table, is read as the table's caption. */
  readonly captionUnderCards?: boolean;
  /** Layout rules that can be switched off for the ablation bench (all on when absent). */
  readonly rules?: Partial<LayoutRules>;
}

/** Layout rules added for issue 15, each measured on the held-out set by `npm run bench:ocr-ablation`. */
export interface LayoutRules {
  /** A band joins items by its first item's extent, not the growing union. */
  readonly bandSeed: boolean;
  /** Table cells share their row within TABLE_ROW_TOLERANCE (else the looser rowTolerance). */
  readonly tightRows: boolean;
  /** Tables whose cells wrap. */
  readonly wrappedTables: boolean;
  /** A short pane edge takes out a boxed sidebar. */
  readonly insetPanes: boolean;
  /** A short pane edge where the background changes (a panel with its own fill) takes out that panel. */
  readonly filledPanes: boolean;
  /** A wrapped table's row may start without a line in its first column (a cell the detector missed). */
  readonly keylessRows: boolean;
  /** A table may end at a heading below it with more columns after that (two member tables, one under the other). */
  readonly tableEnds: boolean;
  /** Up to three single-run lines at different places are read top down. */
  readonly staggeredLines: boolean;
  /** A column region ends where its last column gap closes. */
  readonly regionEnds: boolean;
  /** Corridors with nothing side by side across them are not columns. */
  readonly stackedNotColumns: boolean;
  /** Text above everything in the other columns heads them. */
  readonly headAbove: boolean;
  /** Body text that runs on below a side pane (beside a floated sidebar) is read with the body, before the pane. */
  readonly bodyContinues: boolean;
  /** A narrow column of lines beside a long left-aligned column, across a gutter no line crosses, is a sidebar. */
  readonly gutters: boolean;
  /** A line crossing a pane edge near its top or bottom end (a header bar the edge starts in) does not void the edge. */
  readonly edgeEnds: boolean;
  /** Two columns whose matched lines all sit a fifth of a line or more the same way off each other are not a table. */
  readonly offsetColumns: boolean;
  /** Boxes one above the other that overlap by less than STACKED_OVERLAP are two lines, never one band. */
  readonly stackedLines: boolean;
  /**
   * A short background edge takes out the narrow side's text when that side is the filled one and the panel is
   * closed (none of its side's lines just above or below the edge) with body lines beside it: a boxed sidebar.
   */
  readonly closedPanels: boolean;
  /** A line whose box holds a pane edge's end (a header bar the edge starts in) does not void the edge. */
  readonly barEnds: boolean;
  /**
   * Two drawn edges side by side, closer than a text height (the facing borders of two framed boxes, a dialog's
   * group boxes), split the node however short they are: each box is read whole, the left one first.
   */
  readonly twinFrames: boolean;
  /** A sidebar's lines that run on below its edge's foot (below a short page's body) stay in the sidebar. */
  readonly sideContinues: boolean;
  /**
   * The line just above two framed boxes side by side (a group box's title sits on or over its top border) is read
   * with the box below it, not as one row across both titles ("Group 1 | Group 2").
   */
  readonly frameTitles: boolean;
  /**
   * Two sides of a corridor are columns only if some line of one sits beside some line of the other, not merely
   * when their spans overlap; and lines of the two sides that alternate down the page are read top down, band by
   * band, not one side first (Apache's "Available Languages" line right under the module's title).
   */
  readonly linesBeside: boolean;
  /**
   * Columns whose lines drawn rules part into rows (each row's lines between two rules, in two or more columns) are a
   * table read row by row, however its cells wrap or sit in their rows (Postfix's tables centre them).
   */
  readonly ruledRows: boolean;
  /**
   * Columns right of the first whose every line sits on a line of the first, with lines of the first's own between
   * them (a revision history: "Revision 2.0 | 10 Mar 2008 | efw" over a description line), are read band by band:
   * each such row as one table row, the first column's own lines as lines.
   */
  readonly sparseColumns: boolean;
  /**
   * Framed boxes in rows and columns (a dialog's group boxes two by two): a column cut made by the boxes' drawn edges
   * ends where those edges break between two bands of text, and what follows is laid out afresh, so the boxes are
   * read row by row (top left, top right, then the next row), as the frames group them.
   */
  readonly frameRows: boolean;
  /**
   * A ruled grid found in the pixels (gridTables.ts) is read as one table, row by row, each cell's lines together,
   * whatever white space its cells leave: its rules, not column gaps, say where each cell is.
   */
  readonly gridTables: boolean;
  /**
   * Lines beside a grid that sit inside its rows (and in half of them or more) are those rows' further cells: a
   * spreadsheet's frozen column is ruled, the columns beside it not.
   */
  readonly gridRowsBeside: boolean;
  /** Unruled rows right above a grid, each line within one of its cells (a spreadsheet's column header), are its rows. */
  readonly gridRowsAbove: boolean;
  /**
   * A label set beside the middle of a stack of lines (a form's "Time zone" centred on its list of three zones) is
   * read before the stack, not after the stack's first line.
   */
  readonly centredLabels: boolean;
}
/**
 * Which run. Measured on the held-out set (electron/core/ocr/README.md): stackedNotColumns, headAbove, bodyContinues
 * and gutters helped there; wrappedTables and staggeredLines made no difference there and helped on tuning pages;
 * bandSeed, tightRows, insetPanes and regionEnds helped tuning pages but cost held-out block integrity (regionEnds most: 85.9 % with it,
 * 88.8 % without; insetPanes, measured again with bodyContinues and gutters: tuning CER 5.0 → 2.4 % with it, held-out
 * 10.9 → 11.9 %); edgeEnds fixed a Sphinx page of the tuning set (CER 3.5 → 3.1 % there) but cost the held-out set
 * (CER 10.5 → 11.5 %, blocks intact 89.6 → 87.8 %)), so they are off, kept only for the ablation to measure again.
 * filledPanes is insetPanes for background edges only (a panel with its own fill): on the tuning set it gave all of
 * insetPanes' gain (CER 3.38 → 1.72 %, blocks intact 98.75 → 99.20 %) but cost the held-out set as much as insetPanes
 * (CER 10.35 → 11.51 %, blocks intact 89.93 → 89.43 %), so it is off too. tableEnds (tuning, 81 screens: CER 2.26 →
 * 2.15 %, blocks intact 98.72 → 98.99 %) and keylessRows (CER 2.15 → 1.97 %, 98.99 → 99.18 %) each fixed one javadoc
 * page and changed nothing on either held-out set, so they run. stackedLines (fourth round) split tight dialog and
 * Apache lines read across each other: tuning CER 3.22 → 2.88 %, desktop tuning 3.85 → 2.80 %, held-out 10.26 →
 * 9.92 % (desktop held-out unchanged). offsetColumns changes no screen of any set; it keeps a menu offset from the
 * body from passing for a two-row table once stackedLines stops such columns chaining into one band. closedPanels
 * (fifth round) is filledPanes narrowed to boxes: the fill on the narrow side and none of that side's lines just
 * beyond the edge. Tuning CER 2.78 → 2.00 % (all of filledPanes' gain: Apache's boxed sidebars), both held-out sets
 * unchanged (filledPanes, measured the same day, cost the held-out documentation set 9.92 → 10.99 %). barEnds is
 * edgeEnds narrowed to a line whose box holds the edge's end: tuning CER 2.00 → 1.75 % (edgeEnds' whole gain, the
 * Sphinx page), both held-out sets unchanged (edgeEnds, the same day: held-out CER 9.92 → 10.95 %, intact 90.27 → 88.42 %).
 * twinFrames read Qt's gallery group box by group box: desktop tuning CER 2.80 → 1.54 %, documentation tuning and
 * both held-out sets unchanged. sideContinues (measured on the corrected truth, electron/core/ocr/README.md): tuning
 * CER 1.97 → 1.86 %, held-out 4.94 → 4.75 %, desktop sets unchanged. Sixth round, on the desktop tuning set grown to
 * 28 screens: frameTitles (Qt's calendar and styles examples) desktop tuning CER 4.43 → 4.05 %, and linesBeside
 * (Apache's "Available Languages" line, Qt's toolbox pages) tuning 1.53 → 1.40 %, desktop tuning 4.05 → 3.77 %;
 * neither changes a screen of either held-out set. Ninth round, on the tuning sets grown by Exim's, Postfix's,
 * X.Org's, BIND's and D-Bus's manuals and eight Qt examples: ruledRows tuning CER 1.57 → 1.39 %, intact 98.81 →
 * 99.03 % (Postfix's summary table, mutt's reference); held-out 4.23 → 4.17 %, intact 90.27 → 90.44 %; desktop
 * held-out 7.71 → 7.48 % (galculator's keypad, read row by row); desktop tuning unchanged; the project's own screens
 * unchanged once its rows take the table's own corridors and row annotations come first (a mail list's separators had
 * made each message one row). sparseColumns tuning CER 1.45 → 1.39 %, intact 98.68 → 99.03 % (revision histories);
 * both held-out sets and desktop tuning unchanged. Tenth round: frameRows desktop tuning CER 5.11 → 4.77 % (Qt's group
 * boxes two by two, 42 → 17 %), desktop held-out 7.46 → 7.44 %, tuning and held-out unchanged, the project's screens
 * 0.34 → 0.31 %. Twelfth round: gridTables held-out CER 4.19 → 2.14 %, blocks intact 89.93 → 95.81 % (with the boxes
 * cut at the grids' rules in both arms), tuning 1.25 → 1.18 %, desktop tuning 4.61 → 4.68 % (Qt's spreadsheet header),
 * desktop held-out unchanged; gridRowsBeside desktop tuning 4.68 → 3.03 % (Qt's frozen column), gridRowsAbove 3.03 →
 * 2.91 % (the spreadsheet's and the frozen column's headers), the other sets unchanged by either.
 */
export const LAYOUT_RULES: LayoutRules = Object.freeze({ bandSeed: false, tightRows: false, wrappedTables: true, insetPanes: false, filledPanes: false, tableEnds: true, keylessRows: true, staggeredLines: true, regionEnds: false, stackedNotColumns: true, headAbove: true, bodyContinues: true, gutters: true, edgeEnds: false, offsetColumns: true, stackedLines: true, closedPanels: true, barEnds: true, twinFrames: true, sideContinues: true, frameTitles: true, linesBeside: true, ruledRows: true, sparseColumns: true, frameRows: true, gridTables: true, gridRowsBeside: true, gridRowsAbove: true, centredLabels: true });
const ruleOn = (opts: ReadingOrderOptions, rule: keyof LayoutRules) => opts.rules?.[rule] ?? LAYOUT_RULES[rule];
const on = (ctx: Ctx, rule: keyof LayoutRules) => ruleOn(ctx.opts, rule);

export const DEFAULT_READING_ORDER: ReadingOrderOptions = Object.freeze({ minGapRatio: 1.1, rowTolerance: 0.45, tableMatch: 0.75 });

type Interval = readonly [number, number];

interface Ctx {
  readonly boxes: readonly Box[];
  readonly opts: ReadingOrderOptions;
  readonly out: OrderedLine[];
  block: number;
  blockUsed: boolean;
  pane: number;
  readonly panes: OrderedPane[];
  /** Boxes from this index on stand each for a whole ruled grid: grids[i - real]. */
  readonly real: number;
  readonly grids: readonly PlacedGrid[];
}

/** A ruled grid with the items inside it: rows of cells, each cell's items. */
interface PlacedGrid {
  readonly rows: ReadonlyArray<ReadonlyArray<readonly number[]>>;
}

const gridItems = (g: PlacedGrid) => g.rows.flat(2);

const left = (b: Box) => b[0];
const right = (b: Box) => b[0] + b[2];
const top = (b: Box) => b[1];
const bottom = (b: Box) => b[1] + b[3];
const cy = (b: Box) => b[1] + b[3] / 2;
/** A box a pane edge at x does not cross lies wholly on one side of it, give or take an anti-aliased border's 2 px. */
const westOf = (b: Box, x: number) => right(b) <= x + 2;
const eastOf = (b: Box, x: number) => left(b) >= x - 2;
const sideOf = (b: Box, x: number, west: boolean) => (west ? westOf(b, x) : eastOf(b, x));


/**
 * Detection boxes are about 1.6 text heights tall, so in tightly set text (a dialog's paragraph, line pitch 1.2 text
 * heights) a line's box overlaps the next line's by about 0.4 of its height, as much as two columns whose lines
 * are offset (a menu beside body text). Boxes one above the other in the same column are two lines unless they
 * overlap by more than this share of the shorter one; without it, tight lines joined one band and were read piece
 * by piece across both ("…provided that the following conditions are met: 1. of conditions and…").
 */
const STACKED_OVERLAP = 0.6;

/** Whether two boxes share columns but too few rows to be one line. */
function stacked(a: Box, b: Box): boolean {
  if (Math.min(right(a), right(b)) - Math.max(left(a), left(b)) <= 0) return false;
  return Math.min(bottom(a), bottom(b)) - Math.max(top(a), top(b)) <= STACKED_OVERLAP * Math.min(a[3], b[3]);
}

/** Groups items into bands of shared rows, top to bottom; within a band, items left to right. */
function bands(ctx: Ctx, items: readonly number[]): number[][] {
  const { boxes } = ctx;
  const sorted = [...items].sort((a, b) => cy(boxes[a]!) - cy(boxes[b]!) || left(boxes[a]!) - left(boxes[b]!) || a - b);
  const result: number[][] = [];
  let current: number[] = [];
  let bandTop = 0, bandBottom = 0;
  for (const i of sorted) {
    const b = boxes[i]!;
    const overlap = Math.min(bandBottom, bottom(b)) - Math.max(bandTop, top(b));
    // Measured against the band's first item, not the growing union: two columns whose lines are offset by half a
    // line (a menu beside body text) would otherwise chain every row into one band.
    if (current.length > 0 && overlap > 0.4 * Math.min(b[3], bandBottom - bandTop) && !(on(ctx, 'stackedLines') && current.some((j) => stacked(boxes[j]!, b)))) {
      current.push(i);
      if (!on(ctx, 'bandSeed')) { bandTop = Math.min(bandTop, top(b)); bandBottom = Math.max(bandBottom, bottom(b)); }
    } else {
      if (current.length) result.push(current);
      current = [i];
      bandTop = top(b);
      bandBottom = bottom(b);
    }
  }
  if (current.length) result.push(current);
  for (const band of result) band.sort((a, b) => left(boxes[a]!) - left(boxes[b]!) || a - b);
  return on(ctx, 'centredLabels') ? withCentredLabels(boxes, result) : result;
}

/** Lines of one stack start within this many line heights of each other and follow within this many. */
const STACK_ALIGN = 0.5;
const STACK_GAP = 1;
/** A label centred on a stack sits at least this many line heights lower than the line beside it. */
const CENTRED_DROP = 0.25;

/**
 * Bands with each label set beside the middle of a stack of lines moved into a band of its own before the stack's
 * first line. A label is the left one of a band of two, as tall as the line beside it (within a third), set lower
 * than that line by CENTRED_DROP and lying wholly below the line above it; the stack is that line and the
 * single-line bands right above it in its column, each starting where it starts and following close under the last.
 */
function withCentredLabels(boxes: readonly Box[], input: readonly number[][]): number[][] {
  const result = input.map((band) => [...band]);
  for (let k = 1; k < result.length; k++) {
    const band = result[k]!;
    if (band.length !== 2) continue;
    const label = boxes[band[0]!]!, beside = boxes[band[1]!]!;
    // Centred on the stack, the label sits lower than the line beside it (not on its baseline: a "#define" before
    // its macro's name is no such label).
    if (Math.abs(label[3] - beside[3]) > beside[3] / 3 || right(label) >= left(beside) || cy(label) - cy(beside) < CENTRED_DROP * beside[3]) continue;
    let first = k;
    while (first > 0) {
      const above = result[first - 1]!;
      if (above.length !== 1) break;
      const line = boxes[above[0]!]!, below = boxes[result[first]![result[first]!.length - 1]!]!;
      if (Math.abs(left(line) - left(beside)) > STACK_ALIGN * beside[3] || top(below) - bottom(line) > STACK_GAP * beside[3]) break;
      first--;
    }
    if (first === k || top(label) < bottom(boxes[result[k - 1]![0]!]!)) continue;
    result.splice(k, 1, [band[1]!]);
    result.splice(first, 0, [band[0]!]);
    k++;
  }
  return result;
}

/** Empty x-intervals of at least minGap inside [x0, x1] not covered by the given items. */
function gaps(ctx: Ctx, items: readonly number[], x0: number, x1: number, minGap: number): Interval[] {
  const spans = items.map((i) => [left(ctx.boxes[i]!), right(ctx.boxes[i]!)] as const).sort((a, b) => a[0] - b[0]);
  const result: Interval[] = [];
  let cursor = x0;
  for (const [a, b] of spans) {
    if (a - cursor >= minGap) result.push([cursor, a]);
    cursor = Math.max(cursor, b);
  }
  if (x1 - cursor >= minGap) result.push([cursor, x1]);
  return result;
}

/**
 * Corridors shared by two bands. A shared corridor must keep at least half of the narrower of the two, so a
 * sidebar-only band (whose corridor is the whole content area) joins the sidebar's gulf, while the gaps between
 * cards and the unrelated gaps between a table's cells below them do not make one region.
 */
function intersect(a: readonly Interval[], b: readonly Interval[], minGap: number, keepHalf = true): Interval[] {
  const result: Interval[] = [];
  for (const [a0, a1] of a) for (const [b0, b1] of b) {
    const lo = Math.max(a0, b0), hi = Math.min(a1, b1);
    if (hi - lo >= minGap && (!keepHalf || hi - lo >= 0.5 * Math.min(a1 - a0, b1 - b0))) result.push([lo, hi]);
  }
  return result;
}

/** Row centres of a column: its items' bands. */
function rowsOf(ctx: Ctx, items: readonly number[]): Array<{ y: number; h: number }> {
  return bands(ctx, items).map((band) => ({
    y: median(band.map((i) => cy(ctx.boxes[i]!))),
    h: median(band.map((i) => ctx.boxes[i]![3])),
  }));
}

/** One-to-one matches between two columns' rows (greedy in y order; rows are sorted). */
function matchedRows(ctx: Ctx, a: ReturnType<typeof rowsOf>, b: ReturnType<typeof rowsOf>, tolerance = ctx.opts.rowTolerance): number {
  return rowMatches(a, b, tolerance).length;
}

/** The matched rows' offsets (a's centre minus b's) over the shorter row's height, in y order. */
function rowMatches(a: ReturnType<typeof rowsOf>, b: ReturnType<typeof rowsOf>, tolerance: number): number[] {
  let i = 0, j = 0;
  const offsets: number[] = [];
  while (i < a.length && j < b.length) {
    const h = Math.min(a[i]!.h, b[j]!.h);
    const d = a[i]!.y - b[j]!.y;
    if (Math.abs(d) <= tolerance * h) { offsets.push(d / h); i++; j++; } else if (d < 0) i++; else j++;
  }
  return offsets;
}

/**
 * Two columns whose matched lines all sit the same way off each other by more than a table's jitter are two
 * columns of text at the same line pitch (a menu beside body text), not a table's cells sharing their rows.
 */
function offsetColumns(offsets: readonly number[]): boolean {
  if (offsets.length < 2) return false;
  const below = offsets.filter((d) => d >= TABLE_ROW_TOLERANCE).length, above = offsets.filter((d) => d <= -TABLE_ROW_TOLERANCE).length;
  return Math.max(below, above) >= OFFSET_SHARE * offsets.length;
}
/** Share of matched lines offset the same way that makes two columns offset. */
const OFFSET_SHARE = 0.75;

function newBlock(ctx: Ctx): void {
  if (ctx.blockUsed) { ctx.block++; ctx.blockUsed = false; }
}

function emit(ctx: Ctx, cells: number[][], tableRow: boolean): void {
  const grids = cells.flat().filter((i) => i >= ctx.real);
  if (grids.length === 0) {
    ctx.out.push({ cells, block: ctx.block, tableRow, pane: ctx.pane });
    ctx.blockUsed = true;
    return;
  }
  // A grid stands in its place in reading order as one item; here it is read as its table.
  const rest = cells.map((cell) => cell.filter((i) => i < ctx.real)).filter((cell) => cell.length > 0);
  if (rest.length > 0) emit(ctx, rest, tableRow && rest.length > 1);
  for (const g of grids) {
    newBlock(ctx);
    for (const row of ctx.grids[g - ctx.real]!.rows) {
      const filled = row.filter((cell) => cell.length > 0).map((cell) => bands(ctx, cell).flat());
      if (filled.length > 0) emit(ctx, filled, true);
    }
    newBlock(ctx);
  }
}

/**
 * The grids that hold text as tables: each item whose centre lies in a grid's row goes to its cell. A grid is kept
 * when two or more of its rows hold text and some row holds text in two or more cells (a framed box is no table).
 */
function placeGrids(boxes: readonly Box[], grids: readonly RuledGrid[], options: ReadingOrderOptions): PlacedGrid[] {
  const taken = new Set<number>();
  const placed: PlacedGrid[] = [];
  for (const ruled of grids) {
    const grid = ruleOn(options, 'gridRowsAbove') ? withRowsAbove(boxes, ruled, taken) : ruled;
    const rows = grid.rows.map((row) => row.cols.slice(1).map(() => [] as number[]));
    boxes.forEach((b, i) => {
      if (taken.has(i)) return;
      const x = cx(b), row = gridRowAt(grid, x, cy(b));
      if (!row) return;
      rows[grid.rows.indexOf(row)]![cellAt(row, x)]!.push(i);
    });
    const filled = rows.map((row) => row.filter((cell) => cell.length > 0).length);
    if (filled.filter((n) => n > 0).length < 2 || !filled.some((n) => n >= 2)) continue;
    const inGrid = new Set(rows.flat(2));
    const free = boxes.map((_, i) => i).filter((i) => !taken.has(i) && !inGrid.has(i));
    // Cells of the same rows drawn without rules beside the grid (a spreadsheet's frozen column is ruled, the rest not).
    const sides = ruleOn(options, 'gridRowsBeside') ? (['west', 'east'] as const).map((side) => cellsBeside(boxes, grid, free, side, options.minGapRatio)) : [null, null];
    const withSides: PlacedGrid = { rows: rows.map((row, k) => [...(sides[0]?.[k] ?? []), ...row, ...(sides[1]?.[k] ?? [])]) };
    for (const i of gridItems(withSides)) taken.add(i);
    placed.push(withSides);
  }
  return placed;
}

/** A row above a grid is at most this many of its rows' median heights tall, and this close above the row below it. */
const ABOVE_HEIGHT = 1.2;
const ABOVE_GAP = 0.3;
/** At most this many rows above a grid are taken in (a header row, a first row ruled apart with it). */
const ABOVE_ROWS = 2;

/**
 * The grid with the unruled rows right above it taken in: a band of lines over the grid's width that touches its top
 * (within ABOVE_GAP of a row's height), is no taller than a row, and whose every line lies within one cell of the
 * grid's first row. A spreadsheet's column header is a widget of its own, ruled apart from the grid; a table's
 * caption stands further off, or reaches over a column rule.
 */
function withRowsAbove(boxes: readonly Box[], grid: RuledGrid, taken: ReadonlySet<number>): RuledGrid {
  const [gx, , gw] = grid.box;
  const first = grid.rows[0]!;
  const pitch = median(grid.rows.map((row) => row.y1 - row.y0));
  const above: GridRow[] = [];
  let edge = first.y0;
  for (let n = 0; n < ABOVE_ROWS; n++) {
    const near = boxes.map((_, i) => i).filter((i) => {
      const b = boxes[i]!;
      return !taken.has(i) && cx(b) > gx && cx(b) < gx + gw && bottom(b) <= edge + 2 && bottom(b) > edge - 2 * pitch;
    });
    if (near.length === 0) break;
    const y1 = Math.max(...near.map((i) => bottom(boxes[i]!)));
    // The band: the lines whose middles lie within a row's height above the lowest one's foot.
    const band = near.filter((i) => cy(boxes[i]!) > y1 - 0.75 * pitch);
    const y0 = Math.min(...band.map((i) => top(boxes[i]!)));
    if (edge - y1 > ABOVE_GAP * pitch || y1 - y0 > ABOVE_HEIGHT * pitch) break;
    const inCell = (b: Box) => first.cols.slice(1).some((c, k) => left(b) >= first.cols[k]![1] - 2 && right(b) <= c[0] + 2);
    if (!band.every((i) => inCell(boxes[i]!))) break;
    // The row reaches as high as the lines of its band beside the grid do (cells a spreadsheet draws unruled).
    const rowTop = Math.min(y0, ...boxes.filter((b, i) => !taken.has(i) && cy(b) >= y0 && cy(b) <= y1).map(top));
    const row: GridRow = { y0: rowTop - 1, y1: edge, cols: first.cols };
    above.unshift(row);
    edge = row.y0;
  }
  if (above.length === 0) return grid;
  const [, gy, , gh] = grid.box;
  return { box: [gx, edge, gw, gy + gh - edge], rows: [...above, ...grid.rows] };
}

/** Lines beside a grid stand in at least this share of its rows for them to be its cells. */
const BESIDE_ROWS = 0.5;

/**
 * The cells beside a grid, on one side, in its rows: every line on that side within the grid's height must sit inside
 * one of its rows (running text beside a table crosses its rules somewhere), and lines must stand in half its rows or
 * more. Each row's lines on that side become its cells, lines closer than a word gap joined. Null when there are none.
 */
function cellsBeside(boxes: readonly Box[], grid: RuledGrid, free: readonly number[], side: 'west' | 'east', minGapRatio: number): number[][][] | null {
  const [gx, gy, gw, gh] = grid.box;
  const beside = free.filter((i) => {
    const b = boxes[i]!;
    return cy(b) > gy && cy(b) < gy + gh && (side === 'east' ? left(b) >= gx + gw - 2 : right(b) <= gx + 2);
  });
  if (beside.length === 0) return null;
  const byRow: number[][] = grid.rows.map(() => []);
  for (const i of beside) {
    const b = boxes[i]!;
    const k = grid.rows.findIndex((row) => cy(b) >= row.y0 && cy(b) < row.y1);
    if (k < 0 || top(b) < grid.rows[k]!.y0 - 2 || bottom(b) > grid.rows[k]!.y1 + 2) return null;
    byRow[k]!.push(i);
  }
  const used = byRow.filter((r) => r.length > 0).length;
  if (used < 2 || used < BESIDE_ROWS * grid.rows.length) return null;
  const h = median(beside.map((i) => boxes[i]![3]));
  return byRow.map((row) => {
    const cells: number[][] = [];
    for (const i of [...row].sort((a, b) => left(boxes[a]!) - left(boxes[b]!))) {
      const last = cells[cells.length - 1];
      if (last && left(boxes[i]!) - right(boxes[last[last.length - 1]!]!) < minGapRatio * h) last.push(i); else cells.push([i]);
    }
    return cells;
  });
}

/** Splits items into columns at the given corridors (sorted left to right). */
function splitColumns(ctx: Ctx, items: readonly number[], corridors: readonly Interval[]): number[][] {
  const columns: number[][] = corridors.map(() => []).concat([[]]);
  for (const i of items) {
    const c = cx(ctx.boxes[i]!);
    let k = 0;
    while (k < corridors.length && c > corridors[k]![0]) k++;
    columns[k]!.push(i);
  }
  return columns.filter((col) => col.length > 0);
}
const cx = (b: Box) => b[0] + b[2] / 2;

/** Which column (index into corridors' gaps) an item falls in. */
function columnOf(ctx: Ctx, i: number, corridors: readonly Interval[]): number {
  const c = cx(ctx.boxes[i]!);
  let k = 0;
  while (k < corridors.length && c > corridors[k]![0]) k++;
  return k;
}

function isTable(ctx: Ctx, columns: readonly number[][]): boolean {
  if (columns.length < 2) return false;
  const rows = columns.map((col) => rowsOf(ctx, col));
  if (rows.some((r) => r.length < 2)) return false;
  // Cells of one column share a font; a card's label over its big number does not.
  if (rows.some((r) => Math.max(...r.map((x) => x.h)) > 1.6 * Math.min(...r.map((x) => x.h)))) return false;
  const h = median(columns.flat().map((i) => ctx.boxes[i]![3]));
  const tops = columns.map((col) => Math.min(...col.map((i) => top(ctx.boxes[i]!))));
  const bottoms = columns.map((col) => Math.max(...col.map((i) => bottom(ctx.boxes[i]!))));
  if (Math.max(...tops) - Math.min(...tops) > 1.5 * h || Math.max(...bottoms) - Math.min(...bottoms) > 1.5 * h) return false;
  // Table rows repeat at a steady pitch; chat messages or paragraphs beside a sidebar do not.
  for (const r of rows) {
    const pitches = r.slice(1).map((row, k) => row.y - r[k]!.y);
    const p = median(pitches);
    if (pitches.some((d) => d < 0.6 * p || d > 1.6 * p)) return false;
  }
  for (let k = 0; k + 1 < rows.length; k++) {
    // A table's cells share their row's line; lines a quarter of a line or more apart are two columns of text.
    const offsets = rowMatches(rows[k]!, rows[k + 1]!, on(ctx, 'tightRows') ? TABLE_ROW_TOLERANCE : ctx.opts.rowTolerance);
    const m = offsets.length;
    if (m < ctx.opts.tableMatch * rows[k]!.length || m < ctx.opts.tableMatch * rows[k + 1]!.length) return false;
    if (on(ctx, 'offsetColumns') && offsetColumns(offsets)) return false;
  }
  return true;
}

/** Row centres of two table columns differ by at most this many text heights. */
const TABLE_ROW_TOLERANCE = 0.2;

interface TableSplit {
  /** Bands above the table (a heading, cards): read before it. */
  readonly before: number[];
  /** The band just above the table that labels it (its caption), read right before it. */
  readonly caption: number[];
  readonly table: number[];
  readonly after: number[];
  /** True when cells wrap: rows are grouped by the first column's lines, not one band each. */
  readonly wrapped: boolean;
  /** True when drawn rules part the rows (ruledRows). */
  readonly ruled: boolean;
}

/** A caption is closer to the table below it than to the band above it by at least this factor. */
const CAPTION_PROXIMITY = 0.7;

/**
 * Finds a table among the region's items: the columns must be a table once single-column bands at the top and
 * bottom (captions, headings, a total below) are set aside.
 */
function findTable(ctx: Ctx, region: readonly number[], corridors: readonly Interval[]): TableSplit | null {
  const regionBands = bands(ctx, region);
  const spread = (band: number[]) => new Set(band.map((i) => columnOf(ctx, i, corridors))).size;
  const ruledLikePanes = (core: readonly number[]) => {
    const { hasDivider } = ctx.opts;
    if (!hasDivider) return false;
    const y0 = Math.min(...core.map((i) => top(ctx.boxes[i]!))), y1 = Math.max(...core.map((i) => bottom(ctx.boxes[i]!)));
    const x0 = Math.min(...core.map((i) => left(ctx.boxes[i]!))), x1 = Math.max(...core.map((i) => right(ctx.boxes[i]!)));
    const ruled = corridors.filter(([a, b]) => a > x0 && b < x1).map(([a, b]) => hasDivider(a, b, y0, y1));
    const count = ruled.filter(Boolean).length;
    return count > 0 && (count < ruled.length || ruled.length === 1);
  };
  const split = (first: number, last: number, core: number[], wrapped: boolean, ruled: boolean): TableSplit => {
    // Under a row of cards, the table's caption would otherwise end the first card's column.
    const above = regionBands.slice(0, first);
    const label = ctx.opts.captionUnderCards !== false && above.length >= 2 && spread(above[above.length - 1]!) === 1
      && closerBelow(ctx, above[above.length - 2]!, above[above.length - 1]!, regionBands[first]!);
    return {
      before: (label ? above.slice(0, -1) : above).flat(), caption: label ? above[above.length - 1]! : [],
      table: core, after: regionBands.slice(last + 1).flat(), wrapped, ruled,
    };
  };
  // Rows parted by drawn rules count only where no table is found without them (a table whose rows pair up is read
  // as before): the first such table is kept while the search goes on.
  let byRules: TableSplit | null = null;
  // A caption or heading above the table is never one of its rows.
  let start = 0;
  while (start < regionBands.length && spread(regionBands[start]!) === 1) start++;
  // Bands above the table may be anything (cards over a table); bands below must be single-column (a total).
  for (let first = start; first + 1 < regionBands.length; first++) {
    let last = regionBands.length - 1;
    let cut = false;
    for (;;) {
      if (last - first < 1) break;
      const core = regionBands.slice(first, last + 1).flat();
      const columns = splitColumns(ctx, core, corridors);
      const strict = isTable(ctx, columns);
      const wrapped = !strict && on(ctx, 'wrappedTables') && wrappedRows(ctx, columns) !== null;
      // Times at a message list's right edge stay row annotations, even between drawn separators.
      const ruled = !strict && !wrapped && !byRules && on(ctx, 'ruledRows') && !isRowAnnotation(ctx, columns) && ruledRows(ctx, columns) !== null;
      if ((strict || wrapped || ruled) && !ruledLikePanes(core) && (!cut || raggedCells(ctx, columns))) {
        if (!ruled) return split(first, last, core, wrapped, false);
        byRules = split(first, last, core, false, true);
      }
      if (spread(regionBands[last]!) === 1) { last--; continue; }
      // A heading between two tables ("Field Summary" under a member table): the first table ends above it, and
      // what follows is laid out afresh. Only for a table whose cells do not fill their columns (two columns of
      // running text, whose lines pair up as well as a table's, fill theirs).
      if (!on(ctx, 'tableEnds')) break;
      let end = last - 1;
      while (end - first >= 1 && spread(regionBands[end + 1]!) !== 1) end--;
      if (end - first < 1) break;
      last = end;
      cut = true;
    }
  }
  return byRules;
}

/** A column's cells fill at most this share of its width (median) in a table ended at a heading. */
const CELL_FILL = 0.7;

/** Whether some column's cells are short for their column (a table's), not lines that fill it (running text). */
function raggedCells(ctx: Ctx, columns: readonly number[][]): boolean {
  return columns.some((col) => {
    const x0 = Math.min(...col.map((i) => left(ctx.boxes[i]!))), x1 = Math.max(...col.map((i) => right(ctx.boxes[i]!)));
    return median(col.map((i) => ctx.boxes[i]![2])) <= CELL_FILL * (x1 - x0);
  });
}

/** Whether `band` sits clearly closer to the band below it than to the band above it (it labels what follows). */
function closerBelow(ctx: Ctx, above: readonly number[], band: readonly number[], below: readonly number[]): boolean {
  const topOf = (b: readonly number[]) => Math.min(...b.map((i) => top(ctx.boxes[i]!)));
  const bottomOf = (b: readonly number[]) => Math.max(...b.map((i) => bottom(ctx.boxes[i]!)));
  const gapAbove = topOf(band) - bottomOf(above), gapBelow = topOf(below) - bottomOf(band);
  return gapBelow >= 0 && gapBelow < CAPTION_PROXIMITY * gapAbove;
}

/** A narrow right column whose every row sits on a row of the left column: annotations of those rows. */
function isRowAnnotation(ctx: Ctx, columns: readonly number[][]): boolean {
  if (columns.length !== 2) return false;
  const [l, r] = columns as [number[], number[]];
  const width = (col: number[]) => Math.max(...col.map((i) => right(ctx.boxes[i]!))) - Math.min(...col.map((i) => left(ctx.boxes[i]!)));
  if (width(r) > 0.6 * width(l)) return false;
  const rr = rowsOf(ctx, r);
  if (rr.length === 0 || matchedRows(ctx, rowsOf(ctx, l), rr) < 0.9 * rr.length) return false;
  // Annotations (times, counts, sizes) hug the right edge: their right edges agree more than their left edges.
  const spread = (values: number[]) => Math.max(...values) - Math.min(...values);
  const h = median(r.map((i) => ctx.boxes[i]![3]));
  const rightSpread = spread(r.map((i) => right(ctx.boxes[i]!))), leftSpread = spread(r.map((i) => left(ctx.boxes[i]!)));
  return r.length === 1 || (rightSpread <= 0.5 * h && leftSpread >= rightSpread);
}

/** A lone sparse column's lines stand at least this many of the first column's line pitches apart. */
const SPARSE_PITCH = 2.5;

/**
 * Whether the columns right of the first hold only cells of some of its rows: every line of theirs sits on a line
 * of the first column (within a table's row tolerance), and between any two of them the first column has a line of
 * its own. A single such column must also be sparse by pitch: a sidebar whose items fall on every other body line
 * is a column of its own.
 */
function sparseColumns(ctx: Ctx, columns: readonly number[][]): boolean {
  if (columns.length < 2) return false;
  const [first, ...rest] = columns as [number[], ...number[][]];
  // Lines above the first column's first line head the region (a title off to the right), read first band by band.
  const left = rowsOf(ctx, first);
  const right = rowsOf(ctx, rest.flat()).filter((r) => left.length > 0 && r.y >= left[0]!.y - TABLE_ROW_TOLERANCE * r.h);
  if (right.length < 2 || left.length < right.length + 2) return false;
  if (rowMatches(left, right, TABLE_ROW_TOLERANCE).length < right.length) return false;
  const own = (a: { y: number; h: number }, b: { y: number; h: number }) =>
    left.some((r) => r.y > a.y + TABLE_ROW_TOLERANCE * a.h && r.y < b.y - TABLE_ROW_TOLERANCE * b.h);
  if (!right.slice(1).every((r, k) => own(right[k]!, r))) return false;
  if (rest.length > 1) return true;
  const pitch = median(left.slice(1).map((r, k) => r.y - left[k]!.y));
  return (right[right.length - 1]!.y - right[0]!.y) / (right.length - 1) >= SPARSE_PITCH * pitch;
}

/** Extra space between rows, over the line gap inside a wrapped cell, that marks a new row (in text heights). */
const ROW_SPACING = 0.15;

/**
 * A table whose cells wrap onto several lines: rows start where the first column has a line (every row names
 * itself there), the other columns' lines up to the next such start are that row's cells. Returns the rows (each
 * a list of bands) or null when the columns are not such a table: every row must start with lines top-aligned in
 * at least two columns, wrapped lines must follow one another closely, and each new row must stand further from the
 * line above it than wrapped lines do (cell padding), which body text beside a sidebar never does throughout.
 */
function wrappedRows(ctx: Ctx, columns: readonly number[][]): number[][][] | null {
  if (columns.length < 2 || columns.length > 12) return null;
  const { boxes } = ctx;
  const all = columns.flat();
  const h = median(all.map((i) => boxes[i]![3]));
  if (columns.some((col) => col.some((i) => boxes[i]![3] > 1.8 * h))) return null;
  const colOf = new Map<number, number>();
  columns.forEach((col, k) => col.forEach((i) => colOf.set(i, k)));
  const allBands = bands(ctx, all);
  const topOf = (band: number[]) => Math.min(...band.map((i) => top(boxes[i]!)));
  const bottomOf = (band: number[]) => Math.max(...band.map((i) => bottom(boxes[i]!)));
  const gaps = allBands.slice(1).map((band, k) => topOf(band) - bottomOf(allBands[k]!));
  const tightest = gaps.length > 0 ? Math.min(...gaps) : 0;
  // Lines that start together (tops within 0.4 text heights) in two or more columns.
  const alignedStart = (band: number[]) => new Set(band.map((i) => colOf.get(i))).size >= 2 && Math.max(...band.map((i) => top(boxes[i]!))) - topOf(band) <= 0.4 * h;
  // A row whose first cell is empty or was not found (a one-letter type, "V") still starts a row where lines start
  // together in two or more columns after a row's spacing.
  const opensRow = (band: number[], k: number) => on(ctx, 'keylessRows') && k > 0 && gaps[k - 1]! >= tightest + ROW_SPACING * h + 1 && alignedStart(band);
  const rows: number[][][] = [];
  allBands.forEach((band, k) => {
    const key = band.some((i) => colOf.get(i) === 0) || opensRow(band, k);
    if (key || rows.length === 0) rows.push([band]); else rows[rows.length - 1]!.push(band);
  });
  if (rows.length < 2 || rows.every((r) => r.length === 1)) return null;
  // Every row opens with top-aligned lines in two or more columns.
  if (!rows.every((r) => alignedStart(r[0]!))) return null;
  // Wrapped lines follow closely; rows stand apart by more than that.
  const inner = rows.flatMap((r) => r.slice(1).map((band, k) => topOf(band) - bottomOf(r[k]!)));
  if (inner.length === 0 || Math.max(...inner) > 0.6 * h) return null;
  const lineGap = median(inner);
  for (let k = 1; k < rows.length; k++) {
    const prev = rows[k - 1]!;
    if (topOf(rows[k]![0]!) - bottomOf(prev[prev.length - 1]!) < lineGap + ROW_SPACING * h) return null;
  }
  return rows;
}

/** A ruled table has at least this many rows, none taller than RULED_ROW_HEIGHTS text heights. */
const RULED_MIN_ROWS = 3;
const RULED_ROW_HEIGHTS = 8;
/** A rule crosses a line's box only inside its middle: detection boxes reach a little past tightly ruled cells. */
const RULE_CROSSING = 0.25;
/** Share of a ruled table's rows with lines in two or more columns. */
const RULED_SPREAD = 0.75;

/**
 * A table whose rows are parted by drawn rules: each row is the lines between two rules, whatever their heights or
 * positions in the row. Returns the rows (each a list of items) or null when no rules part the columns so: rules
 * must cross no line, and the rows must be short and, most of them, have lines in two or more columns.
 */
function ruledRows(ctx: Ctx, columns: readonly number[][]): number[][] | null {
  const find = ctx.opts.rowRules;
  if (!find || columns.length < 2 || columns.length > 12) return null;
  const { boxes } = ctx;
  const all = columns.flat();
  const x0 = Math.min(...all.map((i) => left(boxes[i]!))), x1 = Math.max(...all.map((i) => right(boxes[i]!)));
  const y0 = Math.min(...all.map((i) => top(boxes[i]!))), y1 = Math.max(...all.map((i) => bottom(boxes[i]!)));
  const rules = find(x0, x1, y0, y1);
  if (rules.length < RULED_MIN_ROWS - 1) return null;
  const crosses = (b: Box, y: number) => y > top(b) + RULE_CROSSING * b[3] && y < bottom(b) - RULE_CROSSING * b[3];
  if (all.some((i) => rules.some((y) => crosses(boxes[i]!, y)))) return null;
  const byRow = new Map<number, number[]>();
  for (const i of all) {
    const k = rules.filter((y) => y <= cy(boxes[i]!)).length;
    const row = byRow.get(k);
    if (row) row.push(i); else byRow.set(k, [i]);
  }
  const rows = [...byRow.entries()].sort((a, b) => a[0] - b[0]).map(([, row]) => row);
  if (rows.length < RULED_MIN_ROWS) return null;
  const h = median(all.map((i) => boxes[i]![3]));
  const tall = (row: number[]) => Math.max(...row.map((i) => bottom(boxes[i]!))) - Math.min(...row.map((i) => top(boxes[i]!))) > RULED_ROW_HEIGHTS * h;
  if (rows.some(tall)) return null;
  const colOf = new Map<number, number>();
  columns.forEach((col, k) => col.forEach((i) => colOf.set(i, k)));
  const spread = rows.filter((row) => new Set(row.map((i) => colOf.get(i))).size >= 2).length;
  return spread >= RULED_SPREAD * rows.length ? rows : null;
}

/** Corridors of at least minGap inside x0..x1 that are empty in every one of the groups (a table's own columns). */
function ownCorridors(ctx: Ctx, groups: ReadonlyArray<readonly number[]>, x0: number, x1: number, minGap: number): Interval[] {
  let own: Interval[] = [[x0, x1]];
  for (const group of groups) own = intersect(own, gaps(ctx, group, x0, x1, minGap), minGap, false);
  return own.filter(([a, b]) => a > x0 && b < x1);
}

function emitTable(ctx: Ctx, items: readonly number[], corridors: readonly Interval[], wrapped = false, ruled = false): void {
  const x0 = Math.min(...items.map((i) => left(ctx.boxes[i]!))), x1 = Math.max(...items.map((i) => right(ctx.boxes[i]!)));
  const minGap = ctx.opts.minGapRatio * median(items.map((i) => ctx.boxes[i]![3]));
  const inner = corridors.filter(([a, b]) => a > x0 && b < x1);
  // Rows of several lines: parted by drawn rules, or opened by the first column's lines (cells that wrap).
  const rows = ruled ? ruledRows(ctx, splitColumns(ctx, items, inner))
    : wrapped ? wrappedRows(ctx, splitColumns(ctx, items, inner))?.map((row) => row.flat()) ?? null : null;
  if (rows) {
    // A ruled table's own corridors, empty in every row, part its cells (the region's may be fewer).
    const cuts = ruled ? ownCorridors(ctx, rows, x0, x1, minGap) : inner;
    newBlock(ctx);
    // Each cell reads its lines top to bottom, fragments left to right.
    for (const row of rows) emit(ctx, splitColumns(ctx, row, cuts).map((cell) => bands(ctx, cell).flat()), true);
    newBlock(ctx);
    return;
  }
  newBlock(ctx);
  // The table's own corridors separate its cells (the region's may be fewer: cards above share only some).
  const own = ownCorridors(ctx, bands(ctx, items).filter((band) => band.length > 1), x0, x1, minGap);
  for (const band of bands(ctx, items)) {
    emit(ctx, splitColumns(ctx, band, own).map((cell) => cell.sort((a, b) => left(ctx.boxes[a]!) - left(ctx.boxes[b]!) || a - b)), true);
  }
  newBlock(ctx);
}

/**
 * When the region's columns are not one table, looks for the widest run of adjacent columns that is (a sidebar
 * beside a file list), and returns the layout groups: columns before the run, the run, columns after it.
 */
function tableRun(ctx: Ctx, region: readonly number[], corridors: readonly Interval[]): number[][] | null {
  const n = corridors.length + 1;
  const byColumn: number[][] = Array.from({ length: n }, () => []);
  for (const i of region) byColumn[columnOf(ctx, i, corridors)]!.push(i);
  for (let size = n - 1; size >= 2; size--) {
    for (let from = 0; from + size <= n; from++) {
      const items = byColumn.slice(from, from + size).flat();
      if (items.length === 0 || !findTable(ctx, items, corridors.slice(from, from + size - 1))) continue;
      return [byColumn.slice(0, from).flat(), items, byColumn.slice(from + size).flat()].filter((g) => g.length > 0);
    }
  }
  return null;
}

/** Whether some corridor has text of the region on both sides. */
function hasInterior(ctx: Ctx, region: readonly number[], corridors: readonly Interval[]): boolean {
  const rx0 = Math.min(...region.map((i) => left(ctx.boxes[i]!))), rx1 = Math.max(...region.map((i) => right(ctx.boxes[i]!)));
  return corridors.some(([a, b]) => a > rx0 && b < rx1);
}

/** Whether a drawn divider separates the region's columns (then they are panes, whatever their alignment). */
function dividedPanes(ctx: Ctx, region: readonly number[], corridors: readonly Interval[]): boolean {
  const { hasDivider } = ctx.opts;
  if (!hasDivider) return false;
  const y0 = Math.min(...region.map((i) => top(ctx.boxes[i]!))), y1 = Math.max(...region.map((i) => bottom(ctx.boxes[i]!)));
  return corridors.some(([a, b]) => hasDivider(a, b, y0, y1));
}

/** Reads one region whose columns are separated by the given corridors (none: one line per band). */
/** A stack of this many single-run lines at different places (a header's links, title and breadcrumb) is read top down. */
const LINE_STACK = 3;

/** Whether every band is one run of text (no column gap inside it), so the region's columns are only staggered lines. */
function staggeredLines(ctx: Ctx, region: readonly number[]): boolean {
  const regionBands = bands(ctx, region);
  if (regionBands.length > LINE_STACK) return false;
  const minGap = ctx.opts.minGapRatio * median(region.map((i) => ctx.boxes[i]![3]));
  return regionBands.every((band) => {
    const bx0 = Math.min(...band.map((i) => left(ctx.boxes[i]!))), bx1 = Math.max(...band.map((i) => right(ctx.boxes[i]!)));
    return gaps(ctx, band, bx0, bx1, minGap).every(([a, b]) => a <= bx0 || b >= bx1);
  });
}

/**
 * Whether the text on the two sides of a corridor sits side by side somewhere. A title above the left column's
 * text, off to the right, leaves an empty corridor between them, but nothing is beside anything: no columns.
 */
function sideBySide(ctx: Ctx, region: readonly number[], corridor: Interval): boolean {
  const west = region.filter((i) => cx(ctx.boxes[i]!) < corridor[0]), east = region.filter((i) => cx(ctx.boxes[i]!) >= corridor[0]);
  if (west.length === 0 || east.length === 0) return false;
  const span = (part: number[]) => [Math.min(...part.map((i) => top(ctx.boxes[i]!))), Math.max(...part.map((i) => bottom(ctx.boxes[i]!)))] as const;
  const [wa, wb] = span(west), [ea, eb] = span(east);
  if (Math.min(wb, eb) - Math.max(wa, ea) <= 0) return false;
  if (!on(ctx, 'linesBeside')) return true;
  const { boxes } = ctx;
  return west.some((i) => east.some((j) => Math.min(bottom(boxes[i]!), bottom(boxes[j]!)) - Math.max(top(boxes[i]!), top(boxes[j]!)) > 0));
}

function orderRegion(ctx: Ctx, region: readonly number[], givenCorridors: readonly Interval[], depth: number, singleBand: boolean): void {
  const corridors = on(ctx, 'stackedNotColumns') ? givenCorridors.filter((c) => sideBySide(ctx, region, c)) : givenCorridors;
  if (corridors.length === 0 && givenCorridors.length > 0 && depth <= 50) {
    // Stacked, not side by side (a title above a menu and body text, off to one side): read what lies above first,
    // then lay out the rest afresh, where the real columns start.
    const c = givenCorridors[0]!;
    const west = region.filter((i) => cx(ctx.boxes[i]!) < c[0]), east = region.filter((i) => cx(ctx.boxes[i]!) >= c[0]);
    const bottomOf = (part: number[]) => Math.max(...part.map((i) => bottom(ctx.boxes[i]!)));
    const upper = west.length > 0 && east.length > 0 ? (bottomOf(west) <= bottomOf(east) ? west : east) : [];
    // Lines of the two sides that alternate down the page (none beside another) are read top down, band by band.
    const topOf = (part: number[]) => Math.min(...part.map((i) => top(ctx.boxes[i]!)));
    const interleaved = on(ctx, 'linesBeside') && upper.length > 0 && bottomOf(upper) > topOf(upper === west ? east : west);
    if (upper.length > 0 && upper.length < region.length && !interleaved) {
      const above = new Set(upper);
      orderNode(ctx, upper, depth + 1);
      orderNode(ctx, region.filter((i) => !above.has(i)), depth + 1);
      return;
    }
  }
  if (corridors.length === 0 || depth > 50 || (!singleBand && on(ctx, 'staggeredLines') && staggeredLines(ctx, region))) {
    // No column gap: each band is one line, fragments left to right.
    for (const band of singleBand ? [[...region]] : bands(ctx, region)) emit(ctx, [band], false);
    return;
  }
  const columns = splitColumns(ctx, region, corridors);
  const table = findTable(ctx, region, corridors);
  // Row annotations (times at a message list's right edge) are read as before, each on a line of its own.
  const annotated = !table && isRowAnnotation(ctx, columns);
  const sparse = !table && !annotated && on(ctx, 'sparseColumns') && sparseColumns(ctx, columns) && !dividedPanes(ctx, region, corridors);
  const run = table || sparse ? null : tableRun(ctx, region, corridors);
  if (sparse) {
    newBlock(ctx);
    for (const band of bands(ctx, region)) {
      const cells = splitColumns(ctx, band, corridors);
      emit(ctx, cells, cells.length > 1);
    }
    newBlock(ctx);
  } else if (table) {
    orderNode(ctx, table.before, depth + 1);
    orderNode(ctx, table.caption, depth + 1);
    emitTable(ctx, table.table, corridors, table.wrapped, table.ruled);
    orderNode(ctx, table.after, depth + 1);
  } else if (run) {
    // A table beside other columns (a sidebar): the table's columns stay together as one layout column.
    for (const group of run) {
      newBlock(ctx);
      orderNode(ctx, group, depth + 1);
      newBlock(ctx);
    }
  } else if (annotated && !dividedPanes(ctx, region, corridors)) {
    for (const band of bands(ctx, region)) for (const i of band) emit(ctx, [[i]], false);
  } else {
    // Text in one column that lies above everything in the others (a page title off to one side) heads them all.
    const tops = columns.map((col) => Math.min(...col.map((i) => top(ctx.boxes[i]!))));
    const head = columns.flatMap((col, k) => {
      const others = Math.min(...tops.filter((_, j) => j !== k));
      return col.filter((i) => bottom(ctx.boxes[i]!) <= others);
    });
    const headSet = new Set(head);
    if (on(ctx, 'headAbove') && head.length > 0 && head.length < region.length) {
      newBlock(ctx);
      orderNode(ctx, head, depth + 1);
    }
    for (const column of columns) {
      newBlock(ctx);
      orderNode(ctx, on(ctx, 'headAbove') && headSet.size < region.length ? column.filter((i) => !headSet.has(i)) : column, depth + 1);
      newBlock(ctx);
    }
  }
}

/**
 * Corridors that run the node's full height: empty in every band. A band that spans several of them with one
 * gap (a title bar over three panes) is set aside as a header or footer first.
 */
function fullHeightCut(ctx: Ctx, allBands: readonly number[][], x0: number, x1: number, minGap: number) {
  const interiorOf = (corridors: readonly Interval[], items: readonly number[]) => {
    const rx0 = Math.min(...items.map((i) => left(ctx.boxes[i]!))), rx1 = Math.max(...items.map((i) => right(ctx.boxes[i]!)));
    return corridors.filter(([a, b]) => a > rx0 && b < rx1);
  };
  const bandGaps = allBands.map((band) => gaps(ctx, band, x0, x1, minGap));
  // A band whose single corridor holds two or more of the others' column gaps crosses the columns' structure.
  const crosses = (k: number, cuts: readonly Interval[]) => bandGaps[k]!.some(([a, b]) => cuts.filter(([c, d]) => c >= a - 1 && d <= b + 1).length >= 2)
    && interiorOf(bandGaps[k]!, allBands[k]!).length > 0;
  // Pane corridors: empty in every band and, when the image can tell, drawn as a divider (panes have rules or
  // background changes; the gaps between cards and a table's cells below them only happen to overlap).
  const paneCuts = (from: number, to: number) => {
    let cuts: Interval[] = [[x0, x1]];
    for (let k = from; k <= to; k++) cuts = intersect(cuts, bandGaps[k]!, minGap, false);
    const items = allBands.slice(from, to + 1).flat();
    const y0 = Math.min(...items.map((i) => top(ctx.boxes[i]!))), y1 = Math.max(...items.map((i) => bottom(ctx.boxes[i]!)));
    const { hasDivider } = ctx.opts;
    return interiorOf(cuts, items).filter(([a, b]) => !hasDivider || hasDivider(a, b, y0, y1));
  };
  let first = 0, last = allBands.length - 1;
  let inner = paneCuts(first, last);
  // Title bars and status bars cross the panes: set them aside while that reveals more panes or they span two.
  for (let attempt = 0; attempt < 6 && last - first >= 2; attempt++) {
    const withoutFirst = paneCuts(first + 1, last), withoutLast = paneCuts(first, last - 1);
    if (withoutFirst.length > inner.length || (inner.length > 0 && crosses(first, inner))) { first++; inner = withoutFirst; continue; }
    if (withoutLast.length > inner.length || (inner.length > 0 && crosses(last, inner))) { last--; inner = withoutLast; continue; }
    break;
  }
  if (inner.length === 0) return null;
  if (on(ctx, 'frameRows') && ctx.opts.hasDivider) {
    // The first gap between bands where every cut's drawn edge breaks off ends the body.
    const { hasDivider } = ctx.opts;
    for (let k = first; k < last; k++) {
      const gapTop = Math.max(...allBands[k]!.map((i) => bottom(ctx.boxes[i]!))), gapBottom = Math.min(...allBands[k + 1]!.map((i) => top(ctx.boxes[i]!)));
      if (gapBottom - gapTop < 2 || inner.some(([a, b]) => hasDivider(a, b, gapTop, gapBottom))) continue;
      const cuts = paneCuts(first, k);
      if (cuts.length === 0) break;
      return { before: allBands.slice(0, first).flat(), body: allBands.slice(first, k + 1).flat(), after: allBands.slice(k + 1).flat(), corridors: cuts };
    }
  }
  return { before: allBands.slice(0, first).flat(), body: allBands.slice(first, last + 1).flat(), after: allBands.slice(last + 1).flat(), corridors: inner };
}

/** A pane edge must run beside at least this share of the node's height to split it top to bottom. */
const PANE_SPAN = 0.6;
/** A shorter pane (a boxed sidebar beside the top of a long page) is at most this share of the node's width. */
const INSET_WIDTH = 0.4;

interface PaneSplit {
  /** The parts in reading order. */
  readonly parts: readonly number[][];
  /** Which part is a pane of its own (the narrower side of the edge); -1 for none (two framed boxes side by side). */
  readonly pane: number;
  readonly kind: 'sidebar' | 'panel';
}

/**
 * Splits a node at the longest pane edge that cuts it cleanly: no text box crosses the edge over its run and there
 * is text on both sides. An edge along most of the node's height splits it into the text above, the two sides and
 * the text below. A shorter one (a boxed sidebar beside the top of a long page) takes out only the narrow side's
 * text, read before the rest when it is on the left and after it when on the right, unless the two sides' lines
 * pair up as a table's rows (a table with a shaded column).
 */
function paneSplit(ctx: Ctx, items: readonly number[]): PaneSplit | null {
  const drawn = ctx.opts.paneDividers ?? [];
  const dividers = on(ctx, 'gutters') && items.length >= 2 * GUTTER_LINES ? drawn.concat(gutters(ctx, items)) : drawn;
  if (dividers.length === 0 || items.length < 2) return null;
  const { boxes } = ctx;
  const y0 = Math.min(...items.map((i) => top(boxes[i]!))), y1 = Math.max(...items.map((i) => bottom(boxes[i]!)));
  const x0 = Math.min(...items.map((i) => left(boxes[i]!))), x1 = Math.max(...items.map((i) => right(boxes[i]!)));
  const twinGap = TWIN_GAP * median(items.map((i) => boxes[i]![3]));
  for (const found of dividers) {
    if (found.x <= x0 || found.x >= x1) continue;
    const twin = on(ctx, 'twinFrames') ? frameTwin(drawn, found, twinGap) : null;
    const edge = twin ?? found;
    const d = on(ctx, 'edgeEnds') ? trimmedAtEnds(ctx, items, edge, 'near') : on(ctx, 'barEnds') ? trimmedAtEnds(ctx, items, edge, 'holding') : edge;
    const before: number[] = [], west: number[] = [], east: number[] = [], after: number[] = [];
    let crossed = false;
    for (const i of items) {
      const b = boxes[i]!, c = cy(b);
      if (c < d.y0) before.push(i);
      else if (c > d.y1) after.push(i);
      else if (westOf(b, d.x)) west.push(i);
      else if (eastOf(b, d.x)) east.push(i);
      else { crossed = true; break; }
    }
    if (crossed || west.length === 0 || east.length === 0) continue;
    if (twin) {
      if (!on(ctx, 'frameTitles')) return { parts: [before, west, east, after], pane: -1, kind: 'panel' };
      const titles = frameTitles(ctx, before, d, west, east);
      const taken = new Set([...titles.west, ...titles.east]);
      const above = before.filter((i) => !taken.has(i));
      return { parts: [above, titles.west.concat(west), titles.east.concat(east), after], pane: -1, kind: 'panel' };
    }
    const westW = d.x - x0, eastW = x1 - d.x;
    const narrowWest = westW <= eastW;
    const narrowW = Math.min(westW, eastW);
    // A gutter is only white space: it makes a sidebar of the narrow side, never of a table's columns.
    if (d.kind === 'gutter' && (narrowW > INSET_WIDTH * (x1 - x0) || Math.min(west.length, east.length) < GUTTER_LINES || rowMates(ctx, west, east))) continue;
    if (Math.min(d.y1, y1) - Math.max(d.y0, y0) >= PANE_SPAN * (y1 - y0)) {
      const kind = narrowW <= INSET_WIDTH * (x1 - x0) ? 'sidebar' : 'panel';
      // Top down (then left to right): what runs on below the edge is taken from the front.
      after.sort((a, b) => top(boxes[a]!) - top(boxes[b]!) || left(boxes[a]!) - left(boxes[b]!));
      const runOn = on(ctx, 'bodyContinues') ? bodyRunningOn(ctx, after, d.x, narrowWest) : [];
      if (runOn.length === 0) {
        const narrow = narrowWest ? west : east;
        const tail = on(ctx, 'sideContinues') ? sideRunningOn(ctx, after, narrow, d.x, narrowWest) : [];
        const side = narrow.concat(tail), rest = after.slice(tail.length);
        return { parts: narrowWest ? [before, side, east, rest] : [before, west, side, rest], pane: narrowWest ? 1 : 2, kind };
      }
      const wide = (narrowWest ? east : west).concat(runOn);
      const rest = after.slice(runOn.length);
      return narrowWest ? { parts: [before, west, wide, rest], pane: 1, kind } : { parts: [before, wide, east, rest], pane: 2, kind };
    }
    const narrow = narrowWest ? west : east;
    const closed = on(ctx, 'closedPanels') && closedPanel(ctx, d, narrowWest, before.concat(after), narrowWest ? east : west);
    if (!on(ctx, 'insetPanes') && !(on(ctx, 'filledPanes') && d.kind === 'background') && !closed) continue;
    if (narrowW > INSET_WIDTH * (x1 - x0) || narrow.length < 2) continue;
    const columns = [west, east];
    if (isTable(ctx, columns) || wrappedRows(ctx, columns) !== null) continue;
    const inPane = new Set(narrow);
    const rest = items.filter((i) => !inPane.has(i) && !before.includes(i));
    return narrowWest ? { parts: [before, narrow, rest], pane: 1, kind: 'sidebar' } : { parts: [before, rest, narrow], pane: 2, kind: 'sidebar' };
  }
  return null;
}

/** Two edges at most this many text heights apart, with nothing between them, are two boxes' facing borders. */
const TWIN_GAP = 0.8;

/**
 * The edge between two framed boxes side by side: d and a drawn edge parallel to it, more than a border's width and
 * less than `gap` away, running beside it over at least half the shorter one's length. Returned as one edge midway
 * over both runs; null when d has no such twin.
 */
function frameTwin(drawn: readonly PaneDivider[], d: PaneDivider, gap: number): PaneDivider | null {
  if (d.kind === 'gutter') return null;
  const t = drawn.find((e) => e !== d && Math.abs(e.x - d.x) > 3 && Math.abs(e.x - d.x) <= gap
    && Math.min(e.y1, d.y1) - Math.max(e.y0, d.y0) >= 0.5 * Math.min(e.y1 - e.y0, d.y1 - d.y0));
  return t ? { x: (t.x + d.x) / 2, y0: Math.min(t.y0, d.y0), y1: Math.max(t.y1, d.y1), kind: d.kind } : null;
}

/** A framed box's title ends at most this many of its own heights above the box's top border. */
const TITLE_REACH = 0.5;

/**
 * The lines of `before` that title the two framed boxes meeting at edge d: each no further above the edge's top than
 * TITLE_REACH of its height and wholly on one side of it. A side whose first line starts at the edge's top already
 * has its title (drawn across the border, as in Qt's gallery): what is above it is the window's.
 */
function frameTitles(ctx: Ctx, before: readonly number[], d: PaneDivider, west: readonly number[], east: readonly number[]): { west: number[]; east: number[] } {
  const { boxes } = ctx;
  const near = before.filter((i) => d.y0 - bottom(boxes[i]!) <= TITLE_REACH * boxes[i]![3]);
  const untitled = (side: readonly number[]) => side.length > 0 && Math.min(...side.map((i) => top(boxes[i]!))) > d.y0;
  return {
    west: untitled(west) ? near.filter((i) => westOf(boxes[i]!, d.x)) : [],
    east: untitled(east) ? near.filter((i) => eastOf(boxes[i]!, d.x)) : [],
  };
}

/** A closed panel has none of its side's lines within this many text heights beyond its edge's ends. */
const CLOSED_GAP = 2;

/**
 * Whether the short background edge d bounds a boxed panel on the narrow side: that side is the filled one (a code
 * block's edge has its fill on the far side), no line of that side sits just above or below the edge (the panel is
 * closed; the rest of a sidebar running on past a code block is not), and the body beside it has lines of its own.
 */
function closedPanel(ctx: Ctx, d: PaneDivider, narrowWest: boolean, beyond: readonly number[], wide: readonly number[]): boolean {
  if (d.kind !== 'background' || d.fill !== (narrowWest ? 'west' : 'east') || wide.length < 2) return false;
  const { boxes } = ctx;
  const reach = CLOSED_GAP * median(beyond.concat(wide).map((i) => boxes[i]![3]));
  return !beyond.some((i) => {
    const b = boxes[i]!;
    return sideOf(b, d.x, narrowWest) && top(b) < d.y1 + reach && bottom(b) > d.y0 - reach;
  });
}

/** A line may cross a pane edge within this many text heights of either end (a bar the edge starts or ends in). */
const EDGE_END = 1.5;

/**
 * The pane edge without its ends where a line crossing it stands at an end: a sidebar's border often starts inside
 * the header or breadcrumb bar above it, whose text runs across; that line belongs above the panes, not to either
 * side. 'near' (edgeEnds) trims at any crossing line whose middle is within EDGE_END text heights of an end;
 * 'holding' (barEnds) only at a line whose box holds the end, so a line wholly inside the edge's run (a table's first
 * row, a paragraph's first line) still voids it.
 */
function trimmedAtEnds(ctx: Ctx, items: readonly number[], d: PaneDivider, mode: 'near' | 'holding'): PaneDivider {
  const { boxes } = ctx;
  const reach = mode === 'near' ? EDGE_END * median(items.map((i) => boxes[i]![3])) : 0;
  const inRun = (b: Box) => cy(b) >= d.y0 && cy(b) <= d.y1;
  const atTop = (b: Box) => (mode === 'near' ? inRun(b) && cy(b) - d.y0 <= reach : top(b) <= d.y0 && bottom(b) >= d.y0);
  const atFoot = (b: Box) => (mode === 'near' ? inRun(b) && d.y1 - cy(b) <= reach : top(b) <= d.y1 && bottom(b) >= d.y1);
  let y0 = d.y0, y1 = d.y1;
  for (const i of items) {
    const b = boxes[i]!;
    if (westOf(b, d.x) || eastOf(b, d.x)) continue;
    if (atTop(b)) y0 = Math.max(y0, bottom(b));
    else if (atFoot(b)) y1 = Math.min(y1, top(b));
  }
  return y0 === d.y0 && y1 === d.y1 ? d : { ...d, y0, y1 };
}

/** Lines on the two sides of a gutter that mostly share their rows are a table's columns (a label beside its value). */
function rowMates(ctx: Ctx, west: number[], east: number[]): boolean {
  if (isTable(ctx, [west, east]) || wrappedRows(ctx, [west, east]) !== null) return true;
  if (on(ctx, 'ruledRows') && ruledRows(ctx, [west, east]) !== null) return true;
  const a = rowsOf(ctx, west), b = rowsOf(ctx, east);
  return matchedRows(ctx, a, b, TABLE_ROW_TOLERANCE) >= ctx.opts.tableMatch * Math.min(a.length, b.length);
}

/** A gutter needs this many lines starting at its right edge, and as many on each side. */
const GUTTER_LINES = 5;
/** Left edges this close line up. */
const ALIGNED = 4;

/**
 * White-space gutters: a left edge where at least GUTTER_LINES lines start, over a run of rows that no line
 * crosses, with lines ending left of it in that run. Narrower than a corridor (a sidebar set close to the body in a
 * layout table), but a left-aligned column of many lines beside another column of lines is a column; paneSplit
 * takes one only as a sidebar that is not a table's column.
 */
function gutters(ctx: Ctx, items: readonly number[]): PaneDivider[] {
  const { boxes } = ctx;
  const byLeft = [...items].sort((a, b) => left(boxes[a]!) - left(boxes[b]!));
  const found: PaneDivider[] = [];
  for (let k = 0; k < byLeft.length;) {
    let end = k + 1;
    while (end < byLeft.length && left(boxes[byLeft[end]!]!) - left(boxes[byLeft[k]!]!) <= ALIGNED) end++;
    const column = byLeft.slice(k, end);
    k = end;
    if (column.length < GUTTER_LINES) continue;
    const x = Math.min(...column.map((i) => left(boxes[i]!))) - 1;
    // Rows where a line crosses x break the gutter; the column's lines between two such rows make one run.
    const crossing = items.filter((i) => left(boxes[i]!) < x - 1 && right(boxes[i]!) > x + 1);
    const sorted = column.sort((a, b) => top(boxes[a]!) - top(boxes[b]!));
    let run: number[] = [];
    const close = () => {
      if (run.length >= GUTTER_LINES) {
        const y0 = top(boxes[run[0]!]!), y1 = bottom(boxes[run[run.length - 1]!]!);
        const beside = items.filter((i) => right(boxes[i]!) <= x + 1 && bottom(boxes[i]!) > y0 && top(boxes[i]!) < y1);
        if (beside.length >= GUTTER_LINES && !found.some((f) => f.x === x && f.y0 === y0)) found.push({ x, y0, y1, kind: 'gutter' });
      }
      run = [];
    };
    for (const i of sorted) {
      const prev = run[run.length - 1];
      if (prev !== undefined && crossing.some((c) => bottom(boxes[c]!) > bottom(boxes[prev]!) && top(boxes[c]!) < top(boxes[i]!))) close();
      run.push(i);
    }
    close();
  }
  return found.sort((a, b) => (b.y1 - b.y0) - (a.y1 - a.y0) || a.x - b.x);
}

/**
 * The text below a pane edge that stays on the wide side of it, from the top down to the first box that reaches
 * across (a footer under both), by its tops: a page's body runs on below a floated sidebar, and the sentence cut at
 * the sidebar's foot goes on in the next line (`after` sorted by top; the caller drops what this returns from it).
 */
function bodyRunningOn(ctx: Ctx, after: readonly number[], x: number, narrowWest: boolean): number[] {
  const { boxes } = ctx;
  const firstAcross = after.findIndex((i) => !sideOf(boxes[i]!, x, !narrowWest));
  return after.slice(0, firstAcross < 0 ? after.length : firstAcross);
}

/**
 * The text below a pane edge that goes on down the narrow side, line after line, from the top of `after` down to the
 * first box that is not on that side or stands apart from the line above it: a sidebar whose list runs on below the
 * foot of a short page's body (white space alone bounds it there, and the gutter ends with the body's last line).
 * `after` is sorted by top; the caller drops what this returns from its front.
 */
function sideRunningOn(ctx: Ctx, after: readonly number[], narrow: readonly number[], x: number, narrowWest: boolean): number[] {
  const { boxes } = ctx;
  if (narrow.length === 0) return [];
  const reach = SIDE_LINE_GAP * median(narrow.map((i) => boxes[i]![3]));
  let foot = Math.max(...narrow.map((i) => bottom(boxes[i]!)));
  const tail: number[] = [];
  for (const i of after) {
    const b = boxes[i]!;
    if (!sideOf(b, x, narrowWest) || top(b) - foot > reach) break;
    tail.push(i);
    foot = Math.max(foot, bottom(b));
  }
  return tail;
}

/** A sidebar's next line is at most this many text heights below the one before it. */
const SIDE_LINE_GAP = 1.5;

function orderNode(ctx: Ctx, items: readonly number[], depth: number): void {
  if (items.length === 0) return;
  const { boxes } = ctx;
  const split = depth <= 50 ? paneSplit(ctx, items) : null;
  if (split) {
    const parent = ctx.pane;
    split.parts.forEach((part, k) => {
      newBlock(ctx);
      if (k === split.pane && part.length > 0) {
        ctx.panes.push({ kind: split.kind, box: unionBox(part.map((i) => boxes[i]!)) });
        ctx.pane = ctx.panes.length - 1;
      }
      orderNode(ctx, part, depth + 1);
      ctx.pane = parent;
      newBlock(ctx);
    });
    return;
  }
  const minGap = ctx.opts.minGapRatio * median(items.map((i) => boxes[i]![3]));
  const x0 = Math.min(...items.map((i) => left(boxes[i]!)));
  const x1 = Math.max(...items.map((i) => right(boxes[i]!)));
  const allBands = bands(ctx, items);
  const cut = depth <= 50 ? fullHeightCut(ctx, allBands, x0, x1, minGap) : null;
  if (cut) {
    orderNode(ctx, cut.before, depth + 1);
    orderRegion(ctx, cut.body, cut.corridors, depth, false);
    orderNode(ctx, cut.after, depth + 1);
    return;
  }

  let k = 0;
  while (k < allBands.length) {
    let region = allBands[k]!;
    let common = gaps(ctx, region, x0, x1, minGap);
    let end = k + 1;
    while (common.length > 0 && end < allBands.length) {
      const band = allBands[end]!;
      const bandGaps = gaps(ctx, band, x0, x1, minGap);
      const next = intersect(common, bandGaps, minGap);
      if (next.length === 0) break;
      // A region that is still one run of text (a title bar: its only corridor is the margin beside it) must not
      // swallow the next band's columns: it joins only if every column gap of that band survives.
      if (!hasInterior(ctx, region, common)) {
        const bx0 = Math.min(...band.map((i) => left(boxes[i]!))), bx1 = Math.max(...band.map((i) => right(boxes[i]!)));
        const inner = bandGaps.filter(([a, b]) => a > bx0 && b < bx1);
        if (!inner.every(([a, b]) => next.some(([c, d]) => Math.min(b, d) > Math.max(a, c)))) break;
      } else if (on(ctx, 'regionEnds') && !hasInterior(ctx, region.concat(band), next)) {
        // A region of columns ends where its last column gap closes: growing on by the margin alone would make the
        // columns above one run of text (a menu beside body text, then a full-width line).
        break;
      }
      common = next;
      region = region.concat(allBands[end]!);
      end++;
    }
    // Only corridors with text on both sides cut; margins are not columns.
    const regionX0 = Math.min(...region.map((i) => left(boxes[i]!)));
    const regionX1 = Math.max(...region.map((i) => right(boxes[i]!)));
    const corridors = common.filter(([a, b]) => a > regionX0 && b < regionX1);

    orderRegion(ctx, region, corridors, depth, end - k === 1);
    k = end;
  }
}

/**
 * Orders boxes for reading and names the panes found at pane edges. Every input index appears in exactly one cell
 * of one line. `bounds` is the main pane's box (the image); the boxes' union when absent.
 */
export function readingLayout(boxes: readonly Box[], options: ReadingOrderOptions = DEFAULT_READING_ORDER, bounds?: Box): { lines: OrderedLine[]; panes: OrderedPane[] } {
  const main: Box = bounds ?? (boxes.length ? unionBox(boxes) : [0, 0, 0, 0]);
  const grids = ruleOn(options, 'gridTables') && options.grids ? placeGrids(boxes, options.grids, options) : [];
  // Each grid takes part in the layout as one item, the union of its text's boxes.
  const inGrid = new Set(grids.flatMap(gridItems));
  const all = [...boxes, ...grids.map((g) => unionBox(gridItems(g).map((i) => boxes[i]!)))];
  const ctx: Ctx = { boxes: all, opts: options, out: [], block: 0, blockUsed: false, pane: 0, panes: [{ kind: 'main', box: main }], real: boxes.length, grids };
  orderNode(ctx, all.map((_, i) => i).filter((i) => !inGrid.has(i)), 0);
  // Renumber blocks densely from 0 in reading order.
  const ids = new Map<number, number>();
  const lines = ctx.out.map((line) => {
    if (!ids.has(line.block)) ids.set(line.block, ids.size);
    return { ...line, block: ids.get(line.block)! };
  });
  return { lines, panes: ctx.panes };
}

/** Orders boxes for reading. Every input index appears in exactly one cell of one line. */
export function readingOrder(boxes: readonly Box[], options: ReadingOrderOptions = DEFAULT_READING_ORDER): OrderedLine[] {
  return readingLayout(boxes, options).lines;
}
