import type { BlockView, PaneView } from '../../common/ipc';
import type { DecodedImage } from '../image/intake';
import { controlAround, markerBefore, type ControlGuess } from './controls';
import { letterMetrics, type LetterMetrics } from './letterMetrics';
import type { Box, OcrLine } from './types';
import { luminance, median, unionBox } from './geometry';

/**
 * Typed blocks from lines in reading order, so a user can move by heading, list item or table:
 *  - a table: consecutive table rows of one reading-order block (rows of cells; a first row in bolder or larger
 *    type is its header);
 *  - a heading: a short line clearly larger than the body text (level by how much), or as large but bolder;
 *  - a list item: a line opening with a bullet or a number, with the lines that wrap under it;
 *  - a control, where the pixels show one: a button, checkbox or toggle with its state, a text field, a link;
 *  - a paragraph: lines of one column, one size, close together, each line but the last running to the column's
 *    width (short lines such as menu items stay blocks of their own).
 */

export interface BlockLayout {
  readonly width: number;
  readonly height: number;
  /** Panes from reading order; a main pane covering the image when absent. */
  readonly panes?: readonly PaneView[];
  /** Each line's pane index (0 when absent). */
  readonly linePane?: readonly number[];
  /** The body text's letter size (px, letterSize); the median line's when absent. */
  readonly bodySize?: number;
  /** The pixels, for weight (bold headings) and controls; without them only geometry types blocks. */
  readonly image?: DecodedImage;
}

/**
 * Text size (x-height) over the body's from which a short line is a heading, and the level for each step
 * (measured on the project's blocks page: 30 px over 15 px reads 1.89, 21 px over 15 px 1.33).
 */
const HEADING_LEVELS: ReadonlyArray<readonly [ratio: number, level: 1 | 2 | 3 | 4]> = Object.freeze([[1.75, 1], [1.3, 2], [1.18, 3]] as const);
/** Ink density over the body's that makes a body-sized short line bold (a level-4 heading), with… */
const BOLD_DENSITY = 1.3;
/**
 * …stems this much wider than the body's (over the size, letterMetrics.ts): density alone took capitals, code and
 * labels for bold (documentation tuning set: level-4 headings the truth lacks 200 → 126, the truth's found 90 → 91).
 */
const BOLD_STEM = 1.2;
const HEADING_MAX_WORDS = 14;
/** A line continues the paragraph above when the gap between them is under this many line heights… */
const PARAGRAPH_GAP = 0.75;
/** …and the line above runs to at least this share of the paragraph's width (it wrapped). */
const WRAPPED_SHARE = 0.8;
/** Bullets and numbers that open a list item. */
const LIST_OPENER = /^(?:[•·◦▪‣■□●○]|[–\-*](?:\s|$)|\(?\d{1,3}[.)](?:\s|$)|\(?[a-z][.)]\s)/u;

const top = (b: Box) => b[1];
const bottom = (b: Box) => b[1] + b[3];
const wordsOf = (text: string) => text.split(/\s+/).filter(Boolean).length;


/** Share of a box's pixels that are ink (differ from the box's border colour), on a sparse grid. */
function inkDensity(img: DecodedImage, box: Box): number {
  const [x, y, w, h] = box;
  const at = (px: number, py: number) => {
    const i = (Math.min(img.height - 1, Math.max(0, Math.round(py))) * img.width + Math.min(img.width - 1, Math.max(0, Math.round(px)))) * 3;
    return luminance(img.data, i);
  };
  const border: number[] = [];
  for (let k = 0; k <= 20; k++) border.push(at(x + (k * w) / 20, y), at(x + (k * w) / 20, y + h - 1));
  const bg = median(border);
  // Solid ink only (over half the strongest contrast): anti-aliased edges are as wide in bold as in regular type.
  const samples: number[] = [];
  const sx = Math.max(1, w / 400), sy = Math.max(1, h / 24);
  for (let py = y + h * 0.15; py < y + h * 0.85; py += sy) for (let px = x; px < x + w; px += sx) samples.push(Math.abs(at(px, py) - bg));
  const strongest = Math.max(0, ...samples);
  if (strongest < 40) return 0;
  return samples.filter((v) => v >= 0.5 * strongest).length / samples.length;
}

/**
 * Pixel measures per line object: streaming types the growing list of lines after every chunk, and a line's
 * pixels do not change, so each is measured once.
 */
const densities = new WeakMap<OcrLine, number>();
const controls = new WeakMap<OcrLine, (ControlGuess & { readonly skipWords?: number }) | null>();
function cached<T>(cache: WeakMap<OcrLine, T>, line: OcrLine, compute: () => T): T {
  if (!cache.has(line)) cache.set(line, compute());
  return cache.get(line) as T;
}

interface LineInfo {
  readonly line: OcrLine;
  readonly index: number;
  readonly pane: number;
  /** Box height: for gaps between lines. */
  readonly h: number;
  /** Letter size (x-height from the pixels, else box height) and weight: for headings. */
  readonly size: number;
  readonly weight: number;
  readonly density: number;
}

/** The body text's measures, that a heading is set apart from. */
interface Body {
  readonly size: number;
  readonly density: number;
  readonly weight: number;
}

const metrics = new WeakMap<OcrLine, LetterMetrics>();

export function blocksFromLines(lines: readonly OcrLine[], layoutOrWidth: BlockLayout | number, heightArg?: number): { blocks: BlockView[]; panes: PaneView[] } {
  const layout: BlockLayout = typeof layoutOrWidth === 'number' ? { width: layoutOrWidth, height: heightArg ?? 0 } : layoutOrWidth;
  const panes: PaneView[] = layout.panes ? [...layout.panes] : [{ kind: 'main', box: [0, 0, layout.width, layout.height] }];
  const img = layout.image;
  const infos: LineInfo[] = lines.map((line, index) => {
    const m = line.cells ? { size: line.box[3], weight: 0 } : cached(metrics, line, () => letterMetrics(img, line.box, line.text));
    return { line, index, pane: layout.linePane?.[index] ?? 0, h: line.box[3], size: m.size, weight: m.weight, density: img && !line.cells ? cached(densities, line, () => inkDensity(img, line.box)) : 0 };
  });
  const plain = infos.filter((i) => !i.line.cells);
  const size = layout.bodySize ?? median(plain.map((i) => i.size).filter((v) => v > 0));
  // The body's density and weight: lines of body size that are long (running text, not labels).
  const running = plain.filter((i) => Math.abs(i.size - size) <= 0.15 * size && wordsOf(i.line.text) >= 5);
  const body: Body = { size, density: median(running.map((i) => i.density)), weight: median(running.map((i) => i.weight)) };
  return { blocks: typeBlocks(infos, body, img), panes };
}

function headingLevel(info: LineInfo, body: Body): 1 | 2 | 3 | 4 | null {
  if (wordsOf(info.line.text) > HEADING_MAX_WORDS || !/\p{L}/u.test(info.line.text)) return null;
  if (info.size <= 0) return null;
  const ratio = body.size > 0 ? info.size / body.size : 1;
  for (const [r, level] of HEADING_LEVELS) if (ratio >= r) return level;
  const bold = body.density > 0 && info.density >= BOLD_DENSITY * body.density && body.weight > 0 && info.weight >= BOLD_STEM * body.weight;
  if (bold && ratio >= 0.92 && !LIST_OPENER.test(info.line.text)) return 4;
  return null;
}

function typeBlocks(infos: readonly LineInfo[], body: Body, img: DecodedImage | undefined): BlockView[] {
  const blocks: BlockView[] = [];
  // The block being grown: a paragraph or list item that later lines may continue.
  let open: { kind: 'paragraph' | 'list-item'; infos: LineInfo[]; width: number; left: number } | null = null;
  const close = () => {
    if (!open) return;
    const ls = open.infos.map((i) => i.line);
    blocks.push({ kind: open.kind, text: ls.map((l) => l.text).join(' '), box: unionBox(ls.map((l) => l.box)), pane: open.infos[0]!.pane, lines: open.infos.map((i) => i.index) });
    open = null;
  };
  for (let k = 0; k < infos.length; k++) {
    const info = infos[k]!, line = info.line;
    if (line.cells && line.cells.length > 1) {
      close();
      const rows: LineInfo[] = [info];
      while (k + 1 < infos.length && infos[k + 1]!.line.cells && infos[k + 1]!.line.block === line.block) rows.push(infos[++k]!);
      blocks.push(tableBlock(rows, img));
      continue;
    }
    // Controls first: a link's underline or a button's frame would otherwise pass for bold type.
    // A marker taken out of the line's text (checkGlyphs.ts) says what it is; else the pixels around the line.
    const control: ReturnType<typeof controlAround> = line.marker ?? (img ? cached(controls, line, () => controlAround(img, line.box, line.words)) : null);
    const level = control ? null : headingLevel(info, body);
    if (level !== null) {
      // A heading that wraps: the next line of the same size and block directly under it continues it.
      close();
      const parts = [info];
      while (k + 1 < infos.length) {
        const next = infos[k + 1]!;
        if (next.line.block !== line.block || next.line.cells || Math.abs(next.size - info.size) > 0.15 * info.size || top(next.line.box) - bottom(parts[parts.length - 1]!.line.box) > 0.5 * info.h || headingLevel(next, body) !== level) break;
        parts.push(next); k++;
      }
      blocks.push({ kind: 'heading', level, text: parts.map((p) => p.line.text).join(' '), box: unionBox(parts.map((p) => p.line.box)), pane: info.pane, lines: parts.map((p) => p.index) });
      continue;
    }
    if (control) {
      close();
      // A link's underline is read as "_" in its word gaps; a marker taken for a letter is not part of the label.
      const label = line.words.slice(control.skipWords ?? 0).map((w) => w.text).join(' ');
      const text = control.role === 'link' ? label.replace(/(?<=\p{L})_(?=\p{L})/gu, ' ') : label;
      blocks.push({ kind: 'control', role: control.role, text, ...(control.state ? { state: control.state } : {}), box: line.box, pane: info.pane, lines: [info.index] });
      continue;
    }
    const opener = LIST_OPENER.test(line.text);
    if (open && !opener && continues(open, info)) {
      open.infos.push(info);
      open.width = Math.max(open.width, line.box[2]);
      continue;
    }
    close();
    open = { kind: opener ? 'list-item' : 'paragraph', infos: [info], width: line.box[2], left: line.box[0] };
  }
  close();
  return blocks;
}

/** Whether `info` wraps on from the open block: same column, size and pane, close under it, the line above full. */
function continues(open: { infos: LineInfo[]; width: number; left: number }, info: LineInfo): boolean {
  const prev = open.infos[open.infos.length - 1]!;
  const h = Math.max(prev.h, info.h);
  if (prev.line.block !== info.line.block || prev.pane !== info.pane || Math.abs(prev.h - info.h) > 0.2 * h) return false;
  const gap = top(info.line.box) - bottom(prev.line.box);
  if (gap > PARAGRAPH_GAP * h || gap < -0.5 * h) return false;
  if (Math.abs(info.line.box[0] - open.left) > 2.5 * h) return false;
  const width = Math.max(open.width, info.line.box[2]);
  return prev.line.box[2] >= WRAPPED_SHARE * width && prev.line.box[2] >= 12 * h;
}

function tableBlock(rows: readonly LineInfo[], img: DecodedImage | undefined): BlockView {
  // A header row is set apart by weight or size: bolder or taller than the rows under it.
  let headerRows = 0;
  if (rows.length >= 3) {
    const first = rows[0]!, rest = rows.slice(1);
    const restH = median(rest.map((r) => r.h));
    const density = (line: OcrLine) => cached(densities, line, () => inkDensity(img!, line.box));
    const heavier = img ? density(first.line) >= BOLD_DENSITY * median(rest.map((r) => density(r.line))) : false;
    if (heavier || first.h >= 1.2 * restH) headerRows = 1;
  }
  // A checklist: where some rows' markers were taken out of their text, the other rows' are looked for left of them.
  const taken = rows.map((r) => r.line.marker ?? null);
  const marks = taken.some((m) => m !== null) && img ? taken.map((m, k) => m ?? markerBefore(img, rows[k]!.line.box)) : taken;
  return {
    kind: 'table', rows: rows.map((r) => [...(r.line.cells ?? [r.line.text])]), headerRows,
    box: unionBox(rows.map((r) => r.line.box)), pane: rows[0]!.pane, lines: rows.map((r) => r.index),
    ...(marks.some((m) => m !== null) ? { rowMarks: marks } : {}),
  };
}

