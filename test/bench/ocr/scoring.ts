import { headingRates, matchHeadings, type HeadingCounts } from './headingScore';
import { bestSubstringDistance, editDistance, scoringText, wordRecallOf } from './metrics';
import type { TruthBlock } from './docCorpus';

/** One screen as the bench scores it: its truth blocks in DOM order. */
export interface BenchScreen {
  readonly id: string;
  readonly set: string;
  readonly png: string;
  readonly imageWidth: number;
  readonly imageHeight: number;
  readonly blocks: ReadonlyArray<Pick<TruthBlock, 'text' | 'pane' | 'kind'> & { readonly box?: TruthBlock['box'] }>;
}

/** What one engine gave for one screen. */
export interface EngineOutput {
  readonly text: string;
  /** Whole screen, ms (null when the engine does not say). */
  readonly ms: number | null;
  /** First line available, ms (the whole screen for engines that give everything at the end). */
  readonly firstMs: number | null;
  /** CPU ms the screen took, all threads (null when the engine does not say). */
  readonly cpuMs?: number | null;
  /** The headings the engine typed; absent for engines that give plain text. */
  readonly headings?: readonly string[];
}

export interface ScreenScore {
  readonly id: string;
  readonly cer: number;
  readonly edits: number;
  readonly chars: number;
  readonly words: number;
  readonly found: number;
  readonly foundIgnoringCase: number;
  /** Blocks of at least MIN_BLOCK_WORDS words, and how many of them were read intact. */
  readonly blocks: number;
  readonly intact: number;
  readonly blockCerSum: number;
  readonly ms: number | null;
  readonly firstMs: number | null;
  readonly cpuMs: number | null;
  /** The worst blocks, for reading the report. */
  readonly failing: ReadonlyArray<{ readonly kind: string; readonly cer: number; readonly text: string }>;
  /** Typed headings against the truth's; null for engines that give plain text. */
  readonly headings: HeadingCounts | null;
}

/** A truth block counts for integrity from this many words; it is intact at or under this CER. */
export const MIN_BLOCK_WORDS = 4;
export const INTACT_CER = 0.1;

type Block = BenchScreen['blocks'][number];

/**
 * Two blocks are on one line when their middles are at most this share of the lower one's height apart (a link's
 * padding makes its box taller than the text beside it, not its middle higher) and they overlap by half of it.
 */
const SAME_LINE_MIDDLES = 0.3;

/**
 * The truth in the order a sighted reader takes it, where DOM order is not that order (blocks without boxes, as the
 * project's own screens have, stay as they are):
 * - consecutive blocks of one pane that sit on one line are read left to right: a row of links floated right is
 *   "index", "next", "previous" in the DOM and "previous | next | index" on the screen;
 * - a sidebar is one column: navigation lists nested in it, each tall and narrow enough to count as a sidebar of its
 *   own, are parts of the pane whose column they share (else each could be moved apart from the rest).
 */
export function readingTruth(blocks: BenchScreen['blocks']): Block[] {
  if (!blocks.every((b) => b.box)) return [...blocks];
  const column = new Map<number, [number, number]>();
  for (const b of blocks) {
    if (b.pane <= 0) continue;
    const [x, , w] = b.box!;
    const c = column.get(b.pane);
    column.set(b.pane, c ? [Math.min(c[0], x), Math.max(c[1], x + w)] : [x, x + w]);
  }
  const sharesColumn = (p: number, q: number) => {
    const [a0, a1] = column.get(p)!, [b0, b1] = column.get(q)!;
    return Math.min(a1, b1) - Math.max(a0, b0) >= 0.5 * Math.min(a1 - a0, b1 - b0);
  };
  // Each pane joins the first earlier pane, itself no part of another, whose column it shares.
  const paneOf = new Map<number, number>();
  const ids = [...column.keys()].sort((a, b) => a - b);
  for (const q of ids) paneOf.set(q, ids.find((o) => o < q && paneOf.get(o) === o && sharesColumn(o, q)) ?? q);
  const merged = blocks.map((b) => (b.pane > 0 && paneOf.get(b.pane) !== b.pane ? { ...b, pane: paneOf.get(b.pane)! } : b));
  const oneLine = (a: Block, b: Block) => {
    const [, ay, , ah] = a.box!, [, by, , bh] = b.box!;
    return a.pane === b.pane && Math.abs(ay + ah / 2 - (by + bh / 2)) <= SAME_LINE_MIDDLES * Math.min(ah, bh) && Math.min(ay + ah, by + bh) - Math.max(ay, by) >= 0.5 * Math.min(ah, bh);
  };
  const out: Block[] = [];
  for (let k = 0; k < merged.length;) {
    let end = k + 1;
    while (end < merged.length && oneLine(merged[k]!, merged[end]!)) end++;
    out.push(...merged.slice(k, end).sort((a, b) => a.box![0] - b.box![0]));
    k = end;
  }
  return out;
}

/**
 * The truth's acceptable reading orders: the reading order of readingTruth, and each sidebar read whole before or
 * after everything else, or right after the blocks that lie wholly above it (a page's header bars: a sighted reader
 * takes those first, then the sidebar beside the body). A sidebar is a pane of its own; any of these places is right,
 * interleaving is not.
 */
export function referenceOrders(truth: BenchScreen['blocks']): string[] {
  const blocks = readingTruth(truth);
  const sidebars = [...new Set(blocks.map((b) => b.pane).filter((p) => p > 0))].slice(0, 3);
  let orders: Array<ReadonlyArray<BenchScreen['blocks'][number]>> = [blocks];
  for (const pane of sidebars) {
    orders = orders.flatMap((order) => {
      const own = order.filter((b) => b.pane === pane), rest = order.filter((b) => b.pane !== pane);
      const top = Math.min(...own.map((b) => b.box?.[1] ?? -Infinity));
      let header = 0;
      while (header < rest.length && rest[header]!.box && rest[header]!.box![1] + rest[header]!.box![3] <= top) header++;
      const afterHeader = header > 0 && header < rest.length ? [[...rest.slice(0, header), ...own, ...rest.slice(header)]] : [];
      return [order, [...own, ...rest], [...rest, ...own], ...afterHeader];
    });
  }
  return [...new Set(orders.map((o) => scoringText(o.map((b) => b.text).join('\n'))))];
}

export function scoreScreen(screen: BenchScreen, out: EngineOutput): ScreenScore {
  const hyp = scoringText(out.text);
  const refs = referenceOrders(screen.blocks);
  const edits = Math.min(...refs.map((r) => editDistance(r, hyp)));
  const chars = [...refs[0]!].length;
  const recall = wordRecallOf(refs[0]!, hyp, false), recallCi = wordRecallOf(refs[0]!, hyp, true);
  let blocks = 0, intact = 0, blockCerSum = 0;
  const failing: Array<{ kind: string; cer: number; text: string }> = [];
  for (const b of screen.blocks) {
    const text = scoringText(b.text);
    if (text.split(' ').length < MIN_BLOCK_WORDS) continue;
    const cer = Math.min(1, bestSubstringDistance(text, hyp) / [...text].length);
    blocks++;
    blockCerSum += cer;
    if (cer <= INTACT_CER) intact++;
    else failing.push({ kind: b.kind, cer, text: text.slice(0, 90) });
  }
  failing.sort((a, b) => b.cer - a.cer);
  return {
    id: screen.id, cer: chars ? edits / chars : 0, edits, chars, words: recall.total, found: recall.found, foundIgnoringCase: recallCi.found,
    blocks, intact, blockCerSum, ms: out.ms, firstMs: out.firstMs, cpuMs: out.cpuMs ?? null, failing: failing.slice(0, 5),
    headings: out.headings ? matchHeadings(screen.blocks.filter((b) => b.kind === 'heading').map((b) => b.text), out.headings) : null,
  };
}

export interface SetScore {
  readonly cer: number;
  readonly recall: number;
  readonly recallIgnoringCase: number;
  readonly blockIntegrity: number;
  readonly meanBlockCer: number;
  readonly blocks: number;
  readonly medianMs: number | null;
  readonly medianFirstMs: number | null;
  /** Medians over the set's 1920×1080 screens (the text-dense desktop screen). */
  readonly medianMs1080: number | null;
  readonly medianFirstMs1080: number | null;
  readonly medianCpuMs1080: number | null;
  /** Typed headings against the truth's (engines that type blocks); null rates where there is nothing to divide. */
  readonly headings: { readonly precision: number | null; readonly recall: number | null; readonly typed: number } | null;
}

const median = (values: number[]) => {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export function summarize(screens: readonly BenchScreen[], scores: readonly ScreenScore[]): SetScore {
  const sum = (f: (s: ScreenScore) => number) => scores.reduce((n, s) => n + f(s), 0);
  const blocks = sum((s) => s.blocks);
  const is1080 = (i: number) => screens[i]!.imageWidth === 1920 && screens[i]!.imageHeight === 1080;
  const times = (f: (s: ScreenScore) => number | null, only: boolean) => scores.flatMap((s, i) => (f(s) !== null && (!only || is1080(i)) ? [f(s)!] : []));
  return {
    cer: sum((s) => s.edits) / Math.max(1, sum((s) => s.chars)),
    recall: sum((s) => s.found) / Math.max(1, sum((s) => s.words)),
    recallIgnoringCase: sum((s) => s.foundIgnoringCase) / Math.max(1, sum((s) => s.words)),
    blockIntegrity: blocks ? sum((s) => s.intact) / blocks : 1,
    meanBlockCer: blocks ? sum((s) => s.blockCerSum) / blocks : 0,
    blocks,
    medianMs: median(times((s) => s.ms, false)),
    medianFirstMs: median(times((s) => s.firstMs, false)),
    medianMs1080: median(times((s) => s.ms, true)),
    medianFirstMs1080: median(times((s) => s.firstMs, true)),
    medianCpuMs1080: median(times((s) => s.cpuMs, true)),
    headings: scores.every((s) => s.headings) ? headingRates(scores.map((s) => s.headings!)) : null,
  };
}
