/**
 * Truth for the desktop corpus: turns one AT-SPI dump (test/bench/ocr/atspi_dump.py) and its screenshot into the
 * screen's visible text blocks in reading order, and the places to paint over so that every word the screenshot
 * shows is in the truth and no truth block is half shown (the desktop counterpart of truthInPage.ts).
 *
 * Rules, in order:
 *  - An accessible counts when it is showing and visible, at least 3 px wide and high, and on screen.
 *  - Its text is its Text interface's text where it has one, else its name for the roles that draw their name
 *    (buttons, check boxes, menu items, tabs, table cells and headers, labels…); window titles, container names and
 *    icon names ("view-refresh-symbolic") are never text, unless a name shaped like an icon's is drawn as text as
 *    wide as the name ("common-licenses" on a path bar's button). A group box's (Qt's named panel; GTK's panels are
 *    never titled) or an expander's name is its title, at its top left. An entry's text not found at the extents
 *    given for it (Qt puts a right-aligned entry's at its left edge) is looked for in the whole entry.
 *  - Multi-line text (a text view, a document) is one block per paragraph (a run between line breaks).
 *  - Table cells are joined into rows, left to right with TABLE_CELL_SEPARATOR (column headers are a row of their
 *    own; a row header is the row's first cell); a one-column table or tree is a list, one list item per row.
 *  - A block cut by a scrolled or windowed ancestor, or by another window on top, is left out and its visible part
 *    painted over; so is text an application elides ("Flight …": the name is wider, in the app's font, than its
 *    box), an entry scrolled sideways, an empty entry's placeholder, a password, and the value text that sliders
 *    and progress bars draw without naming it.
 *  - A name the screenshot does not show as text is left out (not painted): no ink in its box, or ink that is not
 *    one line of text (an icon: taller than 1.1 lines, narrower than half the name would be, or not a row of glyphs).
 *  - Kinds: heading (role heading), control (buttons, check boxes, menu items, tabs, combo boxes, links),
 *    table-row, list-item (one-column tables, list items), sidebar-item (in a tall, narrow list or scrolled pane at
 *    a window's side: pane > 0), paragraph (everything else).
 *  - Reading order: each container's children are read top to bottom and left to right by recursive XY cuts of their
 *    boxes (horizontal cuts first), each child whole; windows likewise.
 */
import { median, unionBox } from '../../../electron/core/ocr/geometry';
import { TABLE_CELL_SEPARATOR } from '../../../electron/core/ocr/readingOrder';
import type { Box } from '../../../electron/core/ocr/types';
import type { TruthBlock, TruthKind } from './docCorpus';
import type { Toolkit } from './desktopScenarios';
import { foldWhitespace } from './metrics';

export type { Box };

/** Bumped whenever these rules change (the cached screenshots are painted again). */
export const TRUTH_VERSION = 4;

export interface DumpNode {
  readonly i: number;
  readonly parent: number | null;
  readonly role: string;
  readonly name: string;
  readonly ext: Box;
  readonly cell?: readonly [number, number];
  readonly image?: readonly [number, number];
  readonly text?: string;
  readonly textExt?: Box;
  readonly paragraphs?: ReadonlyArray<{ readonly start: number; readonly text: string; readonly ext: Box; readonly measured: readonly [number, number] }>;
  /** The label's width and height in the application's font, device pixels. */
  readonly measured?: readonly [number, number];
}

export interface AtspiDump {
  readonly screen: readonly [number, number];
  readonly windows: ReadonlyArray<{ readonly id: number; readonly pid: number | null; readonly override: boolean; readonly rect: Box; readonly name?: string }>;
  /** One line of the application's font, device pixels. */
  readonly lineH: number;
  readonly nodes: readonly DumpNode[];
}

export interface Pixels {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly data: Uint8Array;
}

export interface DesktopTruth {
  readonly blocks: TruthBlock[];
  /** Device-pixel rectangles to paint with their surroundings' colour. */
  readonly masks: Box[];
  /** Why candidate texts were left out, counted. */
  readonly dropped: Record<string, number>;
  /** The first texts left out, with why, for reading beside the screenshot. */
  readonly notes: string[];
}

const CLIP_ROLES = new Set(['scroll pane', 'viewport', 'table', 'tree table', 'tree', 'list', 'list box', 'frame', 'dialog', 'window', 'alert', 'file chooser', 'internal frame']);
const WINDOW_ROLES = new Set(['frame', 'dialog', 'window', 'alert', 'file chooser']);
/** Roles that draw their name as text. */
const NAMED_ROLES = new Set([
  'push button', 'toggle button', 'check box', 'radio button', 'menu item', 'check menu item', 'radio menu item', 'menu', 'page tab',
  'combo box', 'link', 'push button menu', 'table cell', 'table column header', 'table row header', 'column header', 'row header',
  'list item', 'tree item', 'label', 'heading', 'static', 'caption', 'grouping', 'status bar',
]);
const CONTROL_ROLES = new Set(['push button', 'toggle button', 'check box', 'radio button', 'menu item', 'check menu item', 'radio menu item', 'menu', 'page tab', 'combo box', 'link', 'push button menu']);
/** Roles whose text never counts (titles are drawn by no one here: there is no window manager). */
const SILENT_ROLES = new Set(['application', 'frame', 'dialog', 'window', 'alert', 'file chooser', 'filler', 'panel', 'scroll pane', 'viewport', 'menu bar', 'tool bar', 'page tab list', 'table', 'tree table', 'tree', 'list', 'list box', 'icon', 'image', 'animation', 'separator', 'scroll bar', 'split pane', 'layered pane', 'canvas', 'drawing area', 'tool tip', 'unknown', 'redundant object', 'internal frame', 'desktop frame', 'option pane', 'root pane', 'glass pane']);
/** Widgets that draw values (a progress bar's "50%", a scale's "50.0") their accessible does not name. */
const PAINTED_ROLES = new Set(['progress bar', 'slider', 'level bar', 'dial', 'calendar']);
const ENTRY_ROLES = new Set(['text', 'entry', 'spin button', 'editbar', 'password text']);
const TABLE_ROLES = new Set(['table', 'tree table', 'tree', 'list']);
const CELL_ROLES = new Set(['table cell', 'table row header', 'row header', 'list item', 'tree item']);
const HEADER_ROLES = new Set(['table column header', 'column header']);
const SIDEBAR_ROLES = new Set(['scroll pane', 'list box', 'tree', 'tree table', 'list', 'table']);
const GROUP_ROLES = new Set(['panel', 'grouping', 'check box', 'radio button', 'toggle button']);
/**
 * Group boxes whose title is their name and not a child's: Qt's QGroupBox is a named panel. GTK draws a frame's title
 * with a label of its own, and names panels it never draws ("Browse Header Revealer" in the file chooser).
 */
const TITLED_PANELS: Readonly<Record<Toolkit, boolean>> = Object.freeze({ qt5: true, gtk3: false });
const ICON_NAME = /^[a-z0-9]+(-[a-z0-9]+)+$/;

/** Whitespace folded; object replacement characters (an inline image) and Qt's frame marks taken out. */
const fold = (s: string) => foldWhitespace(s.replace(/[\uFFFC\uFDD0-\uFDDF]/g, ' '));
const area = (b: Box) => Math.max(0, b[2]) * Math.max(0, b[3]);
const right = (b: Box) => b[0] + b[2];
const bottom = (b: Box) => b[1] + b[3];

export function intersect(a: Box, b: Box): Box {
  const x0 = Math.max(a[0], b[0]), y0 = Math.max(a[1], b[1]);
  return [x0, y0, Math.max(0, Math.min(right(a), right(b)) - x0), Math.max(0, Math.min(bottom(a), bottom(b)) - y0)];
}

/** a lies inside b, give or take `tol` pixels. */
export const inside = (a: Box, b: Box, tol = 2) => a[0] >= b[0] - tol && a[1] >= b[1] - tol && right(a) <= right(b) + tol && bottom(a) <= bottom(b) + tol;

/** a with b taken out, as up to four rectangles. */
function subtract(a: Box, b: Box): Box[] {
  const c = intersect(a, b);
  if (area(c) === 0) return [a];
  const out: Box[] = [];
  if (c[1] > a[1]) out.push([a[0], a[1], a[2], c[1] - a[1]]);
  if (bottom(c) < bottom(a)) out.push([a[0], bottom(c), a[2], bottom(a) - bottom(c)]);
  if (c[0] > a[0]) out.push([a[0], c[1], c[0] - a[0], c[3]]);
  if (right(c) < right(a)) out.push([right(c), c[1], right(a) - right(c), c[3]]);
  return out.filter((r) => area(r) > 0);
}

const iou = (a: Box, b: Box) => area(intersect(a, b)) / Math.max(1, area(a) + area(b) - area(intersect(a, b)));

/** The dominant colour of a region (5 bits a channel), as [r, g, b]. */
export function dominantColour(px: Pixels, region: Box): [number, number, number] {
  const counts = new Map<number, number>();
  const sums = new Map<number, [number, number, number]>();
  const [x0, y0, w, h] = region;
  for (let y = Math.max(0, y0); y < Math.min(px.height, y0 + h); y++) {
    for (let x = Math.max(0, x0); x < Math.min(px.width, x0 + w); x++) {
      const o = (y * px.width + x) * px.channels;
      const r = px.data[o]!, g = px.data[o + 1]!, b = px.data[o + 2]!;
      const key = ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);
      counts.set(key, (counts.get(key) ?? 0) + 1);
      const s = sums.get(key) ?? [0, 0, 0];
      s[0] += r; s[1] += g; s[2] += b;
      sums.set(key, s);
    }
  }
  let best = -1, bestN = 0;
  for (const [k, n] of counts) if (n > bestN) { best = k; bestN = n; }
  if (best < 0) return [0, 0, 0];
  const s = sums.get(best)!;
  return [Math.round(s[0] / bestN), Math.round(s[1] / bestN), Math.round(s[2] / bestN)];
}

/**
 * The ink in a region (pixels far from its dominant colour), leaving out lines and frames that span most of it (a
 * widget's border, an underline): its horizontal extent (and right end) and the height of its main band (the run of
 * inked rows, gaps of a sixth of a line allowed, holding the most ink), and how many pieces are glyph-sized (a
 * third of a line to 1.3 lines high, at most 1.5 lines wide). Null: no ink.
 */
export function inkOf(px: Pixels, region: Box, lineH: number): { width: number; right: number; band: number; glyphs: number } | null {
  const gap = Math.max(2, Math.round(lineH / 6));
  const bg = dominantColour(px, region);
  const x0 = Math.max(0, region[0]), y0 = Math.max(0, region[1]);
  const w = Math.min(px.width, region[0] + region[2]) - x0, h = Math.min(px.height, region[1] + region[3]) - y0;
  if (w <= 0 || h <= 0) return null;
  // Ink is at least halfway from the background to the strongest contrast in the region (so that anti-aliased
  // fringes do not join neighbouring letters), and never closer to it than 96 (of 765).
  const diff = new Uint16Array(w * h);
  let strongest = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = ((y0 + y) * px.width + x0 + x) * px.channels;
      const d = Math.abs(px.data[o]! - bg[0]) + Math.abs(px.data[o + 1]! - bg[1]) + Math.abs(px.data[o + 2]! - bg[2]);
      diff[y * w + x] = d;
      if (d > strongest) strongest = d;
    }
  }
  const threshold = Math.max(96, strongest / 2);
  const inked = diff.map((d) => (d > threshold ? 1 : 0));
  // Connected pieces (8-neighbours). Lines along the region (a border, an underline: long and thin) and frames
  // around it are not text.
  const label = new Int32Array(w * h).fill(-1);
  const keep: boolean[] = [];
  let glyphs = 0;
  const stack: number[] = [];
  for (let start = 0; start < w * h; start++) {
    if (!inked[start] || label[start]! >= 0) continue;
    const id = keep.length;
    let minX = w, maxX = -1, minY = h, maxY = -1;
    label[start] = id;
    stack.push(start);
    while (stack.length) {
      const p = stack.pop()!;
      const x = p % w, y = (p - x) / w;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx, ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
          const q = ny * w + nx;
          if (inked[q] && label[q]! < 0) { label[q] = id; stack.push(q); }
        }
      }
    }
    const cw = maxX - minX + 1, ch = maxY - minY + 1;
    const thin = Math.min(cw, ch) <= Math.max(2, 0.15 * lineH);
    keep.push(!((cw >= 0.8 * w && ch >= 0.8 * h) || ((cw >= 0.8 * w || ch >= 0.8 * h) && thin)));
    if (ch >= 0.3 * lineH && ch <= lineH && cw <= lineH) glyphs++;
  }
  const rows = new Array<number>(h).fill(0);
  let minX = Infinity, maxX = -Infinity;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const id = label[y * w + x]!;
      if (id < 0 || !keep[id]) continue;
      rows[y]!++;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
    }
  }
  if (maxX < minX) return null;
  let band = 0, bestInk = -1, start = -1, ink = 0, blank = 0;
  const close = (end: number) => { if (start >= 0 && ink > bestInk) { bestInk = ink; band = end - start; } };
  rows.forEach((n, y) => {
    if (n > 0) {
      if (start < 0) { start = y; ink = 0; }
      ink += n;
      blank = 0;
    } else if (start >= 0 && ++blank > gap) {
      close(y - blank + 1);
      start = -1;
      blank = 0;
    }
  });
  close(rows.length - blank);
  return { width: maxX - minX + 1, right: x0 + maxX + 1, band, glyphs };
}

interface Candidate {
  readonly node: number;
  readonly text: string;
  readonly box: Box;
  readonly kind: TruthKind;
}

interface Unit {
  readonly box: Box;
  readonly blocks: TruthBlock[];
}

/**
 * The horizontal shift (device pixels, within two lines either way) that best puts a column of text boxes on their
 * ink: most ink inside the boxes, least in the two pixels either side of them. 0 unless clearly better than none.
 */
export function columnShift(px: Pixels, boxes: readonly Box[], lineH: number): number {
  const reach = Math.round(2 * lineH);
  const scores = new Map<number, number>();
  let total = 0;
  for (const b of boxes) {
    const x0 = Math.max(0, b[0] - reach - 3), x1 = Math.min(px.width, b[0] + b[2] + reach + 3);
    const y0 = Math.max(0, b[1]), y1 = Math.min(px.height, b[1] + b[3]);
    if (x1 <= x0 || y1 <= y0) continue;
    const bg = dominantColour(px, [x0, y0, x1 - x0, y1 - y0]);
    const prefix = new Array<number>(x1 - x0 + 1).fill(0);
    for (let x = x0; x < x1; x++) {
      let n = 0;
      for (let y = y0; y < y1; y++) {
        const o = (y * px.width + x) * px.channels;
        if (Math.abs(px.data[o]! - bg[0]) + Math.abs(px.data[o + 1]! - bg[1]) + Math.abs(px.data[o + 2]! - bg[2]) > 192) n++;
      }
      prefix[x - x0 + 1] = prefix[x - x0]! + n;
    }
    const sum = (a: number, z: number) => prefix[Math.max(0, Math.min(x1, z) - x0)]! - prefix[Math.max(0, Math.min(x1, a) - x0)]!;
    total += sum(b[0], b[0] + b[2]);
    for (let dx = -reach; dx <= reach; dx++) {
      const l = b[0] + dx, r = l + b[2];
      scores.set(dx, (scores.get(dx) ?? 0) + sum(l, r) - 3 * (sum(l - 2, l) + sum(r, r + 2)));
    }
  }
  let best = 0;
  for (const [dx, v] of scores) if (v > scores.get(best)! || (v === scores.get(best)! && Math.abs(dx) < Math.abs(best))) best = dx;
  return best !== 0 && scores.get(best)! - (scores.get(0) ?? 0) > 0.1 * total ? best : 0;
}

/** Splits units where no box spans the gap along `axis` (1: bands top to bottom; 0: columns left to right). */
function cuts<T extends { box: Box }>(units: readonly T[], axis: 0 | 1): T[][] {
  const sorted = [...units].sort((a, b) => a.box[axis] - b.box[axis]);
  const groups: T[][] = [];
  let end = -Infinity;
  for (const u of sorted) {
    const far = u.box[axis] + u.box[axis + 2]!;
    if (groups.length === 0 || u.box[axis] >= end - 2) { groups.push([u]); end = far; }
    else { groups[groups.length - 1]!.push(u); end = Math.max(end, far); }
  }
  return groups;
}

/** Recursive XY cut: bands top to bottom, each band's columns left to right, and so on down. */
export function xyCut<T extends { box: Box }>(units: readonly T[]): T[] {
  if (units.length <= 1) return [...units];
  const bands = cuts(units, 1);
  if (bands.length > 1) return bands.flatMap((g) => xyCut(g));
  // A grid with a key two or so rows high (a calculator's "="): the rows the others make, the tall one read with the
  // row it starts in.
  const medianH = median(units.map((u) => u.box[3]));
  const tall = units.filter((u) => u.box[3] > 1.6 * medianH && u.box[3] <= 2.5 * medianH);
  const rest = units.filter((u) => !tall.includes(u));
  if (tall.length > 0 && tall.length <= 2 && rest.length >= 2) {
    const rows = cuts(rest, 1);
    if (rows.length > 1) {
      for (const t of tall) {
        const k = rows.findIndex((r) => t.box[1] < Math.max(...r.map((u) => u.box[1] + u.box[3])));
        rows[k < 0 ? rows.length - 1 : k]!.push(t);
      }
      return rows.flatMap((g) => xyCut(g));
    }
  }
  const columns = cuts(units, 0);
  if (columns.length > 1) return columns.flatMap((g) => xyCut(g));
  // Neither axis cuts (overlapping boxes): top to bottom, then left to right.
  return [...units].sort((a, b) => a.box[1] - b.box[1] || a.box[0] - b.box[0]);
}

/**
 * Builds the truth for one dump. `scale`: device pixels per AT-SPI pixel (GDK_SCALE, QT_SCALE_FACTOR); the dump's
 * `measured` widths and `lineH` are in device pixels already.
 */
export function desktopTruth(dump: AtspiDump, scale: number, px: Pixels, toolkit: Toolkit = 'qt5'): DesktopTruth {
  const dev = (b: Box): Box => [Math.round(b[0] * scale), Math.round(b[1] * scale), Math.round(b[2] * scale), Math.round(b[3] * scale)];
  const nodes: Array<DumpNode & { ext: Box; textExt?: Box }> = dump.nodes.map((n) => ({ ...n, ext: dev(n.ext), textExt: n.textExt ? dev(n.textExt) : undefined }));
  const byId = new Map(nodes.map((n) => [n.i, n]));
  const children = new Map<number | null, number[]>();
  for (const n of nodes) children.set(n.parent, [...(children.get(n.parent) ?? []), n.i]);
  const screenBox: Box = [0, 0, dump.screen[0], dump.screen[1]];
  const lineH = dump.lineH;
  // GTK 3 places a tree's expander column's cells an expander's width off: each table column is moved to its ink.
  const columns = new Map<string, typeof nodes>();
  for (const n of nodes) {
    if (n.role !== 'table cell' || !n.textExt || n.parent === null) continue;
    const key = `${n.parent}:${Math.round(n.ext[0] / 4)}`;
    columns.set(key, [...(columns.get(key) ?? []), n]);
  }
  for (const cells of columns.values()) {
    const dx = columnShift(px, cells.map((c) => c.textExt!), lineH);
    if (dx === 0) continue;
    for (const c of cells) {
      c.ext = [c.ext[0] + dx, c.ext[1], c.ext[2], c.ext[3]];
      c.textExt = [c.textExt![0] + dx, c.textExt![1], c.textExt![2], c.textExt![3]];
    }
  }
  const dropped: Record<string, number> = {};
  const notes: string[] = [];
  const drop = (why: string, text = '') => {
    dropped[why] = (dropped[why] ?? 0) + 1;
    if (text && notes.length < 200) notes.push(`${why}: ${text.slice(0, 80)}`);
  };
  let masks: Box[] = [];

  // Clip (what scrolled and windowed ancestors let show), window, pane, and list-item ancestry, parents first.
  const clip = new Map<number, Box>(), windowOf = new Map<number, number>(), paneOf = new Map<number, number>(), inListItem = new Set<number>();
  let panes = 0;
  for (const n of nodes) {
    const p = n.parent === null ? undefined : byId.get(n.parent);
    const outer = p ? (CLIP_ROLES.has(p.role) ? intersect(clip.get(p.i)!, p.ext) : clip.get(p.i)!) : screenBox;
    clip.set(n.i, outer);
    windowOf.set(n.i, p ? windowOf.get(p.i)! : n.i);
    if (p && (inListItem.has(p.i) || p.role === 'list item')) inListItem.add(n.i);
    let pane = p ? paneOf.get(p.i)! : 0;
    const win = byId.get(windowOf.get(n.i)!)!.ext;
    if (pane === 0 && p && SIDEBAR_ROLES.has(n.role)) {
      const vis = intersect(n.ext, outer);
      const atSide = n.ext[0] - win[0] < 0.15 * win[2] || right(win) - right(n.ext) < 0.15 * win[2];
      if (n.ext[2] >= 0.08 * win[2] && n.ext[2] <= 0.3 * win[2] && vis[3] >= 0.4 * win[3] && atSide) pane = ++panes;
    }
    paneOf.set(n.i, pane);
  }

  // Windows stacked above each accessible window (X stacking, bottom to top) cover it.
  const occluders = new Map<number, Box[]>();
  for (const n of nodes.filter((m) => m.parent === null)) {
    // The X window with the accessible window's title, and the most overlap among those (else among all).
    const score = (w: AtspiDump['windows'][number]) => iou(w.rect, n.ext) + (w.name && w.name === n.name ? 1 : 0);
    const idx = dump.windows.map(score).reduce((best, v, k, all) => (v > (all[best] ?? 0) ? k : best), -1);
    occluders.set(n.i, idx < 0 ? [] : dump.windows.slice(idx + 1).map((w) => w.rect));
  }

  const maskVisible = (box: Box, n: DumpNode & { ext: Box }) => {
    let parts: Box[] = [intersect(box, clip.get(n.i)!)];
    for (const o of occluders.get(windowOf.get(n.i)!) ?? []) parts = parts.flatMap((r) => subtract(r, o));
    masks.push(...parts.filter((r) => area(r) > 0));
  };

  /** Checks one text's box; returns the reason to leave it out, masking what must not show. */
  const check = (n: (typeof nodes)[number], box: Box, text: string, measured: readonly [number, number] | undefined, source: 'name' | 'text', multiline: boolean): string | null => {
    if (box[2] < 3 || box[3] < 3) return 'zero-size';
    const c = clip.get(n.i)!;
    const vis = intersect(box, c);
    if (area(vis) === 0) return 'off-screen';
    if (!inside(box, c)) { maskVisible(box, n); return 'cut'; }
    for (const o of occluders.get(windowOf.get(n.i)!) ?? []) {
      if (area(intersect(box, o)) === 0) continue;
      if (!inside(box, o, 0)) maskVisible(box, n);
      return 'covered';
    }
    const lines = multiline ? Math.max(1, Math.round(n.ext[3] / lineH)) : 1;
    const region: Box = [box[0] + 1, box[1] + 1, box[2] - 2, box[3] - 2];
    const ink = inkOf(px, region, lineH);
    if (!ink) return 'no ink';
    // A name may be an icon's; a Text interface's text is drawn as text (in whatever size).
    if (source === 'name' && /[\p{L}\p{N}]/u.test(text)) {
      const want = Math.min(measured?.[0] ?? 0, region[2]);
      if (!multiline && (ink.band > 1.1 * lineH || ink.band < 0.35 * lineH)) return 'not a text line';
      if (ink.width < 0.5 * want) return 'too little ink';
      // Text is a row of glyphs; an icon is one or two pieces (or thin strokes).
      // (Of the characters that fit: an elided text shows fewer; it is painted over below.)
      const shown = text.replace(/\s/g, '').length * Math.min(1, measured ? n.ext[2] / Math.max(1, measured[0]) : 1);
      if (ink.glyphs < Math.max(1, Math.round(0.4 * shown))) return 'not glyphs';
    }
    // A name drawn otherwise than it reads (Qt names a date cell "2007-01-05T12:01:00.000" and shows "5 Jan 2007
    // 12:01:00"; it shortens "Flight (Munich)" to "Flight …" within a cell's margins): its ink is clearly narrower
    // than the name set in the app's font, as far as the box allows. Painted over.
    if (source === 'name' && !multiline && measured && text.replace(/[^\p{L}\p{N}]/gu, '').length >= 8 && ink.width < 0.9 * Math.min(measured[0], region[2]) - 2) {
      maskVisible(n.ext, n);
      return 'not as named';
    }
    // Drawn, but shortened or clipped: the whole text, in the app's font, is wider than the widget. Painted over
    // where it is plainly text (two glyphs or more).
    if (measured && measured[0] > (multiline ? lines * n.ext[2] + 3 : n.ext[2] + 3)) {
      if (ink.glyphs >= 2) maskVisible(n.ext, n);
      return 'elided';
    }
    return null;
  };

  // A group box (Qt's QGroupBox: a named panel, or a check box when it can be switched off; GTK's expander: a toggle
  // button) draws its name as a title at its top left; its box is the whole group.
  const isGroup = (n: (typeof nodes)[number]) => GROUP_ROLES.has(n.role) && (n.role !== 'panel' || TITLED_PANELS[toolkit])
    && (children.get(n.i)?.length ?? 0) > 0 && n.ext[3] > 2.5 * lineH;

  const kindFor = (n: (typeof nodes)[number], base: TruthKind): TruthKind => {
    if (base === 'heading' || base === 'control' || base === 'table-row') return base;
    const k: TruthKind = inListItem.has(n.i) ? 'list-item' : base;
    return paneOf.get(n.i)! > 0 ? 'sidebar-item' : k;
  };

  // A name shaped like an icon's ("go-previous") is text only where the widget shows it as text, as wide as the name
  // set in the app's font: a file chooser's path bar button for "common-licenses".
  const drawnAsNamed = (n: (typeof nodes)[number], name: string) => {
    if (!n.measured || n.measured[0] > n.ext[2]) return false;
    const ink = inkOf(px, [n.ext[0] + 1, n.ext[1] + 1, n.ext[2] - 2, n.ext[3] - 2], lineH);
    return !!ink && ink.band <= 1.1 * lineH && Math.abs(ink.width - n.measured[0]) <= 0.1 * n.measured[0] + 2 && ink.glyphs >= 0.6 * name.replace(/-/g, '').length;
  };

  // Candidates per node (children first, so a container's name that repeats a child's text is not said twice).
  const own = new Map<number, Candidate[]>();
  const tableCells = new Map<number, Array<{ node: number; row: string | null; x: number; text: string; box: Box }>>();
  const tableOf = (n: (typeof nodes)[number]) => {
    for (let p = n.parent === null ? undefined : byId.get(n.parent); p; p = p.parent === null ? undefined : byId.get(p.parent)) if (TABLE_ROLES.has(p.role)) return p.i;
    return null;
  };
  const emitted = new Map<number, Set<string>>();
  const note = (i: number, text: string) => {
    for (let p: number | null = i; p !== null; p = byId.get(p)?.parent ?? null) {
      const s = emitted.get(p) ?? new Set<string>();
      s.add(text);
      emitted.set(p, s);
    }
  };
  for (const n of [...nodes].reverse()) {
    const out: Candidate[] = [];
    const text = fold(n.text ?? '');
    if (PAINTED_ROLES.has(n.role)) {
      maskVisible(n.ext, n);
      drop('painted over');
    } else if (n.paragraphs && n.paragraphs.length > 0) {
      // Paragraphs come in reading order: one whose box is wider than the widget, or lies wholly above a paragraph
      // before it, is not where its text is (Qt puts a rich-text table's cells in the viewport's corner). Where such
      // paragraphs are is only known to be between their good neighbours: that band is painted over.
      const paras = n.paragraphs.map((para) => ({ box: dev(para.ext), text: fold(para.text), bad: false }));
      let top = -Infinity;
      for (const p of paras) {
        p.bad = p.box[2] > n.ext[2] * 1.05 + 4 || bottom(p.box) < top - lineH;
        if (!p.bad) top = Math.max(top, p.box[1]);
      }
      for (let k = 0; k < paras.length; k++) {
        const p = paras[k]!;
        if (!p.text) continue;
        if (p.bad) {
          drop('bad extents', p.text);
          if (k > 0 && paras[k - 1]!.bad) continue;
          let next = k;
          while (next < paras.length && paras[next]!.bad) next++;
          const y0 = k > 0 ? bottom(paras[k - 1]!.box) : n.ext[1];
          const y1 = next < paras.length ? paras[next]!.box[1] : bottom(n.ext);
          if (y1 > y0) maskVisible([n.ext[0], y0, n.ext[2], y1 - y0], n);
          continue;
        }
        // A text view shows its document only inside itself: a paragraph that runs past it is scrolled out of
        // sight or cut (Qt's gallery lists a poem's last two lines below its text edit, over the next page's tab).
        if (!inside(p.box, n.ext)) {
          const seen = intersect(p.box, n.ext);
          if (area(seen) > 0) maskVisible(seen, n);
          drop(area(seen) > 0 ? 'cut' : 'off-screen', p.text);
          continue;
        }
        const why = check(n, p.box, p.text, undefined, 'text', true);
        if (why) { drop(why, p.text); continue; }
        out.push({ node: n.i, text: p.text, box: p.box, kind: kindFor(n, 'paragraph') });
        note(n.i, p.text);
      }
    } else if (ENTRY_ROLES.has(n.role) && (!text || n.role === 'password text')) {
      // An empty entry may show a placeholder, a password entry shows dots: the inside is painted over.
      if (n.ext[3] >= 8 && n.ext[2] >= 8) maskVisible([n.ext[0] + 3, n.ext[1] + 3, n.ext[2] - 6, n.ext[3] - 6], n);
    } else if (!SILENT_ROLES.has(n.role) || isGroup(n)) {
      const name = fold(n.name);
      const source: 'name' | 'text' | null = text ? 'text' : name && (NAMED_ROLES.has(n.role) || isGroup(n)) ? 'name' : null;
      const t = source === 'text' ? text : name;
      if (source && emitted.get(n.i)?.has(t)) {
        drop('repeats a child', t);
      } else if (source === 'name' && ICON_NAME.test(t) && !drawnAsNamed(n, t)) {
        drop('icon name', t);
      } else if (source) {
        const entry = ENTRY_ROLES.has(n.role);
        if (entry && n.textExt && !inside(n.textExt, n.ext, 2)) {
          maskVisible(n.ext, n);
          drop('scrolled entry', t);
        } else {
          let box = source === 'text' && n.textExt && n.textExt[2] >= 3 && n.textExt[3] >= 3 && inside(n.textExt, n.ext, 4) ? intersect(n.textExt, n.ext)
            : isGroup(n) ? intersect([n.ext[0], n.ext[1], (n.measured?.[0] ?? n.ext[2]) + 2 * lineH, Math.round(1.6 * lineH)], n.ext) : n.ext;
          const multiline = !CONTROL_ROLES.has(n.role) && !CELL_ROLES.has(n.role) && !HEADER_ROLES.has(n.role) && !entry;
          let why = check(n, box, t, n.measured, source, multiline);
          // Qt gives a right-aligned entry's text extents at its left edge (a calculator's display): the text is
          // looked for in the whole entry.
          if (why === 'no ink' && entry && box !== n.ext) {
            why = check(n, n.ext, t, n.measured, source, multiline);
            if (!why) box = n.ext;
          }
          if (why) drop(why, t);
          else {
            const table = CELL_ROLES.has(n.role) || HEADER_ROLES.has(n.role) ? tableOf(n) : null;
            if (table !== null) {
              const header = HEADER_ROLES.has(n.role);
              const row = header ? 'header' : n.cell ? `r${n.cell[0]}` : null;
              tableCells.set(table, [...(tableCells.get(table) ?? []), { node: n.i, row, x: box[0], text: t, box }]);
            } else {
              const base: TruthKind = n.role === 'heading' ? 'heading' : CONTROL_ROLES.has(n.role) ? 'control' : CELL_ROLES.has(n.role) ? 'list-item' : 'paragraph';
              out.push({ node: n.i, text: t, box, kind: kindFor(n, base) });
            }
            note(n.i, t);
          }
        }
      }
    }
    own.set(n.i, out);
  }

  // Texts (and table cells) a mask would paint into are left out too (and painted whole), until nothing changes.
  const kept = new Map<number, Candidate[]>();
  for (const [i, cs] of own) kept.set(i, [...cs]);
  // Boxes of neighbouring lines overlap by a pixel or two: only a real overlap counts.
  const inner = (b: Box): Box => { const d = Math.min(3, Math.floor(b[3] / 4)); return [b[0] + d, b[1] + d, b[2] - 2 * d, b[3] - 2 * d]; };
  const masked = (b: Box) => masks.some((m) => area(intersect(m, inner(b))) > 0.02 * area(b));
  for (let round = 0; round < 4; round++) {
    let changed = false;
    const sift = <T extends { node: number; text: string; box: Box }>(cs: T[]): T[] => {
      const keep = cs.filter((c) => !masked(c.box));
      if (keep.length === cs.length) return cs;
      for (const c of cs) if (!keep.includes(c)) { maskVisible(c.box, byId.get(c.node)!); drop('under a mask', c.text); }
      changed = true;
      return keep;
    };
    for (const [i, cs] of kept) kept.set(i, sift(cs));
    for (const [i, cs] of tableCells) tableCells.set(i, sift(cs));
    if (!changed) break;
  }

  // Table rows: cells grouped by row, left to right; a table whose rows have one cell each is a list.
  for (const [table, cells] of tableCells) {
    const rows = new Map<string, typeof cells>();
    for (const c of cells) if (c.row !== null) rows.set(c.row, [...(rows.get(c.row) ?? []), c]);
    // Cells that do not say their row (Qt's) join the row whose middle their middle is nearest, within half a cell.
    const mid = (b: Box) => b[1] + b[3] / 2;
    const loose = cells.filter((c) => c.row === null).sort((a, b) => mid(a.box) - mid(b.box));
    let current: typeof cells = [];
    for (const c of loose) {
      const last = current[current.length - 1];
      if (last && Math.abs(mid(c.box) - mid(last.box)) < 0.5 * Math.min(c.box[3], last.box[3])) current.push(c);
      else { current = [c]; rows.set(`g${rows.size}`, current); }
    }
    const wide = [...rows.values()].some((r) => r.length > 1);
    const tn = byId.get(table)!;
    const out = kept.get(table) ?? [];
    for (const r of [...rows.values()].sort((a, b) => mid(unionBox(a.map((c) => c.box))) - mid(unionBox(b.map((c) => c.box))))) {
      r.sort((a, b) => a.x - b.x);
      const kind = wide ? 'table-row' : kindFor(tn, 'list-item');
      out.push({ node: table, text: r.map((c) => c.text).join(TABLE_CELL_SEPARATOR), box: unionBox(r.map((c) => c.box)), kind });
    }
    kept.set(table, out);
  }

  masks = masks.filter((m) => area(m) > 0);

  // Reading order: each node's own blocks and its children's (each child whole), by XY cuts.
  const order = (i: number): Unit | null => {
    const n = byId.get(i)!;
    const units: Unit[] = (kept.get(i) ?? []).map((c) => ({
      box: c.box,
      blocks: [{ kind: c.kind, text: c.text, box: c.box, pane: paneOf.get(n.i)! }],
    }));
    for (const k of children.get(i) ?? []) {
      const u = order(k);
      if (u) units.push(u);
    }
    if (units.length === 0) return null;
    return { box: unionBox(units.map((u) => u.box)), blocks: xyCut(units).flatMap((u) => u.blocks) };
  };
  const windows = (children.get(null) ?? []).map(order).filter((u): u is Unit => u !== null);
  const blocks = xyCut(windows).flatMap((u) => u.blocks).filter((b) => {
    if (inside(b.box, screenBox, 0)) return true;
    drop('outside the screenshot', b.text);
    return false;
  });
  return { blocks, masks, dropped, notes };
}

/** Paints each mask over with its own dominant colour (the background its text or value is drawn on), in place. */
export function paintMasks(px: Pixels, masks: readonly Box[]): void {
  for (const m of masks) {
    const colour = dominantColour(px, m);
    for (let y = Math.max(0, m[1]); y < Math.min(px.height, bottom(m)); y++) {
      for (let x = Math.max(0, m[0]); x < Math.min(px.width, right(m)); x++) {
        const o = (y * px.width + x) * px.channels;
        px.data[o] = colour[0]; px.data[o + 1] = colour[1]; px.data[o + 2] = colour[2];
      }
    }
  }
}
