import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SightlineError } from '../common/errors';
import { createLogger } from '../common/logger';
import { loadWithFallback } from '../models/device';
import type { DecodedImage } from '../image/intake';
import { buildCharset } from './ctcDecode';
import { detectText } from './detector';
import { dividerFinder, findPaneDividers, PANE_SHARE_OF_TEXT, rowRuleFinder, textSpanOf } from './dividers';
import { correctWithPixels } from './glyphGeometry';
import { labelBesideLoneItem, withoutCheckGlyphs } from './checkGlyphs';
import { itemFromSequence, lineFromOrder, usesLexicon, WORD_RULES, wordRulesFor, type TextItem } from './lineAssembly';
import { englishLexicon } from './lexicon';
import { cutAtGrids } from './gridTables';
import { DEFAULT_READING_ORDER, readingLayout } from './readingOrder';
import { ocrModelDir, ocrModelPath } from './modelFiles';
import { recognizeBoxes, upsideDownProbability, type Recognized } from './recognizer';
import { loadSession, type ort } from './sessions';
import type { Box, OcrLine, OcrTextEvent } from './types';
import { blocksFromLines } from './blocks';
import { letterSize } from './letterMetrics';
import { splitLongBoxes, splitTallBoxes } from './longBoxes';
import { neighbourKeepRows } from './lineNeighbours';
import { keepRowsWithoutRules } from './ruleRows';
import { underlineEraser } from './underlines';
import type { BlockView, PaneView } from '../../common/ipc';
import { readInLanguages } from './recognizers/multilingual';
import { disposeTesseract } from './recognizers/tesseractCore';
import { withLanguages } from '../language/blockLanguages';
import { median } from './geometry';

/** Blocks tagged with their language (electron/core/language) when reading languages were given. */
const withBlockLanguages = (found: { blocks: BlockView[]; panes: PaneView[] }, languages: readonly string[] | undefined, lines: readonly OcrLine[]) =>
  languages ? { ...found, blocks: withLanguages(found.blocks, languages, lines) } : found;

const log = createLogger('ocr');

/** Lines the recognizer is unsure of get the direction model's opinion; a confident 180° verdict is re-read. */
const CHECK_DIRECTION_BELOW = 0.8;
const UPSIDE_DOWN_AT = 0.9;
/** Neighbouring lines' ink blanked in each crop (lineNeighbours.ts): helped both tuning sets (desktop word recall 95.6 → 97.5 %). */
export const BLANK_NEIGHBOUR_LINES = true;
/** A ruled table's horizontal rules left out of each crop (ruleRows.ts): tuning recall 97.88 → 97.90 %, held-out 95.59 → 95.65 %, desktop sets unchanged. */
export const BLANK_RULE_ROWS = true;
/**
 * Links' underlines erased before recognition and pixel corrections (underlines.ts): off. On the tuning set it fixed
 * "Report a bug." and "Getting_started" (word recall 96.45 → 96.88 %), but it cost both held-out sets a little
 * (documentation CER 11.48 → 11.51 %, blocks intact 89.60 → 89.43 %; desktop recall 93.67 → 93.62 %). Measured again
 * in the eighth round, after the eraser learnt to leave an underscore lying on the rule ("cg_annotate"): tuning recall
 * 96.76 → 97.03 %, but held-out 94.46 → 94.43 % (intact 90.27 → 90.10 %) and desktop held-out 93.93 → 93.87 %. Tenth
 * round, with the lexicon's spaces (which mend "AddHand ler", a space erasing opens in monospace links): tuning 97.05 →
 * 97.36 %, held-out 94.88 → 94.84 % (intact 90.44 → 90.27 %), desktop held-out 93.93 → 93.87 %. Still off.
 */
export const ERASE_UNDERLINES = false;

/**
 * Boxes holding several lines cut at the blank rows between them (longBoxes.ts splitTallBoxes): a table's column of
 * short codes ("AE", "AF"…) came out of the detector as boxes each holding one code and part of the next, and only
 * one was read. Tuning: desktop CER 1.95 → 1.62 %, documentation 0.99 → 0.98 %; held-out: desktop CER 7.22 →
 * 6.57 %, documentation unchanged. (Cutting at the emptiest rows near evenly spaced lines, tried earlier, split
 * large headings; a blank row across a whole box never falls inside one line.)
 */
export const SPLIT_TALL_BOXES = true;
/**
 * Checkboxes the detector took into a line, read as a letter ("0 AE"), are dropped from the text (checkGlyphs.ts):
 * desktop tuning CER 2.70 → 2.60 % in the ablation (zenity's checklist 9.8 → 2.5 %), the other three sets unchanged.
 */
export const DROP_CHECK_GLYPHS = true;
/** Below this mean confidence a box is an icon or a texture, not text. */
const MIN_CONFIDENCE = 0.5;

export interface OcrRecognition {
  readonly lines: OcrLine[];
  readonly blocks: readonly BlockView[];
  readonly panes: readonly PaneView[];
  readonly text: string;
  /** Detection, recognition, and (from the start of detection) the first line's time. */
  readonly timings: { readonly detectMs: number; readonly recognizeMs: number; readonly firstLineMs: number };
}

/** What the caller asks of one recognition. */
export interface RecognizeOptions {
  /** Reading languages (BCP 47 codes of electron/common/languages.ts); absent or English/Chinese only: PP-OCR alone. */
  readonly languages?: readonly string[];
  /** Receives lines and completed blocks in reading order as they are recognized (speech can start on the first). */
  readonly onText?: (event: OcrTextEvent) => void;
  /** Dense boxes read again wider (readDenseWider); true unless a bench or test measures without it. */
  readonly denseReread?: boolean;
}

export interface OcrEngine {
  /** Reads the image; `options.onText` receives lines and blocks in reading order as they are recognized. */
  recognize(image: DecodedImage, signal?: AbortSignal, options?: RecognizeOptions): Promise<OcrRecognition>;
  dispose(): Promise<void>;
}

interface Sessions {
  readonly det: ort.InferenceSession;
  readonly rec: ort.InferenceSession;
  /** The direction model is needed only for doubtful lines: loaded on first use. */
  readonly cls: () => Promise<ort.InferenceSession>;
  readonly charset: readonly string[];
  /** The direction session's load, if it was ever started. */
  readonly loaded: () => Promise<ort.InferenceSession> | null;
}

async function loadSessions(): Promise<Sessions> {
  const dir = ocrModelDir();
  const files = { det: ocrModelPath('detection', dir), rec: ocrModelPath('recognition', dir), cls: ocrModelPath('direction', dir), keys: ocrModelPath('dictionary', dir) };
  const started = performance.now();
  // Settle every load before reporting a failure: a worker torn down while a session is still being built in
  // native code aborts the whole process.
  // OCR runs on a GPU only when one is asked for by name (SIGHTLINE_DEVICE=gpu, webgpu, cuda…), not on "auto":
  // measured on an H200 against its 16 CPU cores, reading the 9-screen corpus took 3.9 s warm on WebGPU against
  // 4.7 s on the CPU (the same text), but 6.2 s in a fresh process while shaders compiled. The rarely used
  // direction model stays on the CPU.
  const asked = process.env.SIGHTLINE_DEVICE;
  const preference = !asked || asked === 'auto' ? 'cpu' : asked;
  const onDevice = (file: string, memPattern: boolean) =>
    loadWithFallback(`OCR model ${path.basename(file)}`, (device) => loadSession(file, memPattern, device), preference).then((r) => {
      log.debug(`${path.basename(file)} on ${r.device}`);
      return r.value;
    });
  const settled = await Promise.allSettled([onDevice(files.det, true), onDevice(files.rec, false)]);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.all(settled.map((r) => (r.status === 'fulfilled' ? r.value.release().catch(() => undefined) : undefined)));
    throw failed.reason;
  }
  const [det, rec] = settled.map((r) => (r as PromiseFulfilledResult<ort.InferenceSession>).value) as [ort.InferenceSession, ort.InferenceSession];
  const keys = await readFile(files.keys, 'utf8');
  const charset = buildCharset(keys);
  const classes = rec.outputMetadata[0];
  const expected = classes && 'shape' in classes ? classes.shape[2] : undefined;
  if (typeof expected === 'number' && expected !== charset.length) {
    throw new SightlineError('model-missing', `${files.keys}: dictionary has ${charset.length - 2} entries, the recognizer expects ${expected - 2}`);
  }
  // The word lists (about 50 ms to read) are read now, so the first screen's first line does not wait for them.
  if (usesLexicon(WORD_RULES)) englishLexicon();
  log.debug(`OCR sessions loaded from ${dir} in ${Math.round(performance.now() - started)} ms`);
  let cls: Promise<ort.InferenceSession> | null = null;
  const loadCls = () => {
    if (!cls) {
      const loading = loadSession(files.cls);
      cls = loading;
      loading.catch(() => { if (cls === loading) cls = null; });
    }
    return cls;
  };
  return { det, rec, cls: loadCls, loaded: () => cls, charset };
}

async function recognizeWithDirection(s: Sessions, image: DecodedImage, boxes: readonly Box[], signal?: AbortSignal, keepRows?: ReadonlyArray<readonly [number, number] | null>, denseReread = true): Promise<Recognized[]> {
  const read = await recognizeBoxes(s.rec, image, boxes, s.charset, signal, new Set(), keepRows);
  const first = denseReread ? await readDenseWider(s, image, boxes, read, signal, keepRows) : read;
  const doubtful = first.map((r, i) => (r.sequence.confidence < CHECK_DIRECTION_BELOW ? i : -1)).filter((i) => i >= 0);
  if (doubtful.length === 0) return first;
  signal?.throwIfAborted();
  const upside = await upsideDownProbability(await s.cls(), image, doubtful.map((i) => boxes[i]!));
  const flip = doubtful.filter((_, n) => upside[n]! >= UPSIDE_DOWN_AT);
  if (flip.length === 0) return first;
  const again = await recognizeBoxes(s.rec, image, flip.map((i) => boxes[i]!), s.charset, signal, new Set(flip.map((_, n) => n)), keepRows && flip.map((i) => keepRows[i] ?? null));
  const result = [...first];
  flip.forEach((i, n) => { if (again[n]!.sequence.confidence > first[i]!.sequence.confidence) result[i] = { ...again[n]!, flipped: true }; });
  return result;
}

/**
 * Narrow text (a condensed font, small type) gives each letter under two of the recognizer's time steps, and double
 * letters and thin ones run together ("fiters", "atribute"). A box read at more than DENSE_AT characters per box
 * height is read again stretched by DENSE_STRETCH, and the new reading kept when the recognizer is at least as sure.
 * Measured with bench:ocr (without → with): tuning word recall 96.49 → 96.70 %; desktop held-out recall 93.72 →
 * 94.08 %, blocks intact 89.13 → 90.22 %; the documentation held-out set unchanged within 0.05 % (intact 90.27 →
 * 90.44 %). It costs about 0.1 s on a text-dense 1920×1080 page.
 * Tried in the seventh round and not kept: 4.0 instead of 3.6 (on the tuning set the reread cost 8 % more recognizer
 * steps instead of 17 %, for a net 69 words gained instead of 80; 6 % fewer steps on the held-out 1920×1080 screens),
 * but GTK's "gtk_print_settings_get_double_with_default" sits between the two and came back as "setings".
 */
const DENSE_AT = 3.6;
export const DENSE_STRETCH = 1.4;
/** A dense box the recognizer is this sure of is left as read (a sample of tuning pages: no reading above it changed for the better in 5 of 6). */
const DENSE_SURE = 0.99;
async function readDenseWider(s: Sessions, image: DecodedImage, boxes: readonly Box[], first: Recognized[], signal?: AbortSignal, keepRows?: ReadonlyArray<readonly [number, number] | null>): Promise<Recognized[]> {
  const dense = first.map((r, i) => (r.sequence.confidence < DENSE_SURE && r.sequence.chars.length * boxes[i]![3] >= DENSE_AT * boxes[i]![2] ? i : -1)).filter((i) => i >= 0);
  if (dense.length === 0) return first;
  signal?.throwIfAborted();
  const again = await recognizeBoxes(s.rec, image, dense.map((i) => boxes[i]!), s.charset, signal, new Set(), keepRows && dense.map((i) => keepRows[i] ?? null), DENSE_STRETCH);
  const result = [...first];
  dense.forEach((i, n) => { if (again[n]!.sequence.confidence >= first[i]!.sequence.confidence) result[i] = again[n]!; });
  return result;
}

/**
 * A lone narrow glyph ("}" on its own line of code) gets a box far shorter than the lines around it, and the
 * recognizer, seeing it stretched to 48 px, misreads it. Such boxes can be grown to the image's usual line height;
 * measured on the held-out set this did not help (see recognizeWith), so only the ablation bench uses it.
 */
export function widenShortBoxes(boxes: readonly Box[], image: { readonly width: number; readonly height: number }): Box[] {
  if (boxes.length < 3) return [...boxes];
  const heights = boxes.map((b) => b[3]).sort((a, b) => a - b);
  const usual = heights[heights.length >> 1]!;
  return boxes.map((b) => {
    if (b[3] >= 0.7 * usual || b[2] > b[3]) return b;
    const grow = (usual - b[3]) / 2;
    const x = Math.max(0, b[0] - grow), y = Math.max(0, b[1] - grow);
    return [x, y, Math.min(image.width, b[0] + b[2] + grow) - x, Math.min(image.height, b[1] + b[3] + grow) - y] as const;
  });
}

/**
 * The first chunk is the first line alone (the first line's time); a small second chunk completes the first block
 * (a block goes out only when the next line shows it has ended), so speech starts early on short screens too; later
 * chunks batch this many boxes.
 */
const SECOND_CHUNK_BOXES = 8;
const CHUNK_BOXES = 40;

/** The body text's letter size: the median of the wide boxes' (running text), before any recognition. */
function bodySizeOf(boxes: readonly Box[], image: DecodedImage): number {
  const wide = boxes.filter((b) => b[2] >= 8 * b[3]);
  return median((wide.length >= 3 ? wide : boxes).slice(0, 400).map((b) => letterSize(image, b)).filter((size) => size > 0));
}

/**
 * Detect, order the detected boxes for reading (layout needs only boxes and pixels), then recognize them in reading
 * order, chunk by chunk, streaming each chunk's final lines and completed blocks through `onText`.
 */
async function recognizeWith(s: Sessions, image: DecodedImage, signal?: AbortSignal, options: RecognizeOptions = {}): Promise<OcrRecognition> {
  const { languages, onText } = options;
  const wordRules = wordRulesFor(languages);
  signal?.throwIfAborted();
  const t0 = performance.now();
  const detected = await detectText(s.det, image, signal);
  const t1 = performance.now();
  // Lone glyphs are not widened (widenShortBoxes) and boxes not cut at any rule that runs past them (cellRules.ts):
  // on the held-out set neither helped (widening cost block integrity: 88.9 % without, 87.9 % with; cutting at rules
  // 89.4 % without, 88.4 % with, though it helped the tuning set). Boxes are cut only at the column rules of a ruled
  // grid (gridTables.ts), whose lattice says they are a table's. Tall boxes are cut at blank rows (SPLIT_TALL_BOXES).
  // Ruled grids give tables their rows and cells; boxes that reach over a grid's column rule are cut there.
  const found = detected.map((d) => d.box);
  const { boxes, grids, textHeight } = cutAtGrids(splitLongBoxes(SPLIT_TALL_BOXES ? splitTallBoxes(found, image) : found, image), image);
  // Each crop without the neighbouring lines' ascenders and descenders (tightly set text), and (chunk by chunk, so
  // the first line does not wait for every box's pixels to be looked at) without a ruled table's rules above and
  // below the text.
  const around = BLANK_NEIGHBOUR_LINES ? neighbourKeepRows(boxes) : boxes.map(() => null);
  const keepRowsOf = (ids: readonly number[]) => {
    const near = ids.map((i) => around[i] ?? null);
    return BLANK_RULE_ROWS ? keepRowsWithoutRules(ids.map((i) => boxes[i]!), near, image) : near;
  };
  // With ERASE_UNDERLINES, recognition reads the text without links' underlines, chunk by chunk; layout sees every rule.
  const eraseUnderlines = ERASE_UNDERLINES ? underlineEraser(image) : () => image;
  const layout = readingLayout(boxes, { ...DEFAULT_READING_ORDER, grids, hasDivider: dividerFinder(image, { textHeight }), rowRules: rowRuleFinder(image), paneDividers: findPaneDividers(image, textHeight, PANE_SHARE_OF_TEXT ? textSpanOf(boxes) : undefined) }, [0, 0, image.width, image.height]);
  const panes: PaneView[] = layout.panes.map((p) => ({ kind: p.kind, box: p.box }));
  const blockLayout = { width: image.width, height: image.height, panes, image, bodySize: bodySizeOf(boxes, image) };

  const items: Array<TextItem | null> = new Array(boxes.length).fill(null);
  const lines: OcrLine[] = [];
  const linePane: number[] = [];
  const blockIds = new Map<number, number>();
  let emittedBlocks = 0, firstLineAt: number | null = null;
  // Blocks are tagged with their language when reading languages were given (electron/core/language).
  const typedBlocks = () => withBlockLanguages(blocksFromLines(lines, { ...blockLayout, linePane }), languages, lines);
  // Blocks as last typed for these lines, so the final result does not type them all again.
  let typed: { lines: number; found: ReturnType<typeof typedBlocks> } | null = null;
  const currentBlocks = () => {
    if (typed?.lines !== lines.length) typed = { lines: lines.length, found: typedBlocks() };
    return typed.found;
  };
  const emit = (from: number, final: boolean) => {
    if (!onText) return;
    const { blocks } = currentBlocks();
    // The last block may still grow with the next chunk's lines; it goes out with them (or at the end).
    const ready = final ? blocks.length : Math.max(emittedBlocks, blocks.length - 1);
    onText({ kind: 'text', from, lines: lines.slice(from), blocks: blocks.slice(emittedBlocks, ready), ...(from === 0 && emittedBlocks === 0 ? { panes } : {}) });
    emittedBlocks = ready;
  };
  let next = 0, chunks = 0;
  while (next < layout.lines.length) {
    let end = next + 1;
    let count = layout.lines[next]!.cells.flat().length;
    const size = chunks === 1 ? SECOND_CHUNK_BOXES : CHUNK_BOXES;
    if (next > 0) while (end < layout.lines.length && count < size) count += layout.lines[end++]!.cells.flat().length;
    chunks++;
    const chunk = layout.lines.slice(next, end);
    const ids = chunk.flatMap((l) => l.cells.flat());
    const chunkBoxes = ids.map((i) => boxes[i]!);
    const glyphs = eraseUnderlines(chunkBoxes);
    const recognized = await recognizeWithDirection(s, glyphs, chunkBoxes, signal, keepRowsOf(ids), options.denseReread !== false);
    // Pixel corrections read the box left to right: not for a crop that was read turned round.
    const sequences = recognized.map((r, n) => (r.flipped ? r.sequence : correctWithPixels(r.sequence, glyphs, chunkBoxes[n]!, r.pxPerStep, r.cropW)));
    const read = sequences.map((sequence, n) => {
      const item = itemFromSequence(chunkBoxes[n]!, sequence, recognized[n]!.pxPerStep, recognized[n]!.cropW, wordRules);
      return item && DROP_CHECK_GLYPHS ? withoutCheckGlyphs(item, image, labelBesideLoneItem(item, chunkBoxes[n]!, boxes)) : item;
    });
    // Languages PP-OCR cannot read (recognizers/): other recognizers re-read the lines that need it.
    const reread = languages ? await readInLanguages(glyphs, chunkBoxes, { items: read, sequences, charset: s.charset }, languages, signal) : read;
    reread.forEach((item, n) => {
      if (item && item.confidence >= MIN_CONFIDENCE) items[ids[n]!] = item;
    });
    const from = lines.length;
    for (const ordered of chunk) {
      const line = lineFromOrder(ordered, items);
      if (!line) continue;
      // Block numbers stay dense from 0 although lines with nothing readable were dropped.
      if (!blockIds.has(line.block)) blockIds.set(line.block, blockIds.size);
      lines.push(line.block === blockIds.get(line.block) ? line : { ...line, block: blockIds.get(line.block)! });
      linePane.push(ordered.pane);
    }
    if (lines.length > 0 && firstLineAt === null) firstLineAt = performance.now();
    next = end;
    if (lines.length > from) emit(from, next >= layout.lines.length);
    // A last chunk with nothing readable still lets go of the block held back for it.
    else if (next >= layout.lines.length && lines.length > 0) emit(lines.length, true);
  }
  const t2 = performance.now();
  return {
    lines,
    ...currentBlocks(),
    text: lines.map((l) => l.text).join('\n'),
    timings: { detectMs: Math.round(t1 - t0), recognizeMs: Math.round(t2 - t1), firstLineMs: Math.round((firstLineAt ?? t2) - t0) },
  };
}

let shared: Promise<Sessions> | null = null;

/** The worker's one set of sessions, loaded on first use; a failed load is retried on the next call. */
function sharedSessions(): Promise<Sessions> {
  if (!shared) {
    const loading = loadSessions();
    shared = loading;
    loading.catch(() => { if (shared === loading) shared = null; });
  }
  return shared;
}

/**
 * One facade over the shared sessions, so every holder (the `ocr` task, the describe task) stays valid: after
 * any holder disposes, the next recognize() simply loads the sessions again.
 */
const engine: OcrEngine = Object.freeze({
  recognize: async (image: DecodedImage, signal?: AbortSignal, options?: RecognizeOptions) => recognizeWith(await sharedSessions(), image, signal, options),
  dispose: () => disposeOcrSessions(),
});

/** Releases the shared sessions if they are loaded (never loads them just to free them). */
export async function disposeOcrSessions(): Promise<void> {
  const loading = shared;
  shared = null;
  const s = loading ? await loading.catch(() => null) : null;
  const cls = s ? await s.loaded()?.catch(() => null) : null;
  if (s) await Promise.all([s.det.release(), s.rec.release(), cls?.release()]);
  await disposeTesseract();
}

/** The OCR engine: sessions load once (lazily, on the first call) and are reused by every caller in the process. */
export async function getOcrEngine(): Promise<OcrEngine> {
  await sharedSessions();
  return engine;
}
