// `npm run bench:ocr-ablation`: each layout rule and pixel correction switched off in turn, on the tuning and the
// held-out sets, so a rule stays only where it helps the held-out set (issue 15). The screens are read once per
// variant of boxes (recognition is the cost); pixel corrections and reading order are re-run per variant on the
// same recognizer output. Mirrors ocrEngine.recognizeWith without the direction model (few lines need it).
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeImage, type DecodedImage } from '../../electron/core/image/intake';
import { buildCharset } from '../../electron/core/ocr/ctcDecode';
import { detectText } from '../../electron/core/ocr/detector';
import { withoutTwins } from '../../electron/core/ocr/geometry';
import { CELLS_NOT_DIVIDERS, dividerFinder, findPaneDividers, PANE_SHARE_OF_TEXT, rowRuleFinder, SHORT_TWIN_EDGES, textSpanOf } from '../../electron/core/ocr/dividers';
import { correctWithPixels, PIXEL_RULES, type PixelRules } from '../../electron/core/ocr/glyphGeometry';
import { itemFromSequence, lineFromOrder, WORD_RULES, type TextItem, type WordRules } from '../../electron/core/ocr/lineAssembly';
import { NARROW_CUT_GAP, splitLongBoxes, splitTallBoxes } from '../../electron/core/ocr/longBoxes';
import { LOST_SPACE_RULES } from '../../electron/core/ocr/wordSpaces';
import { cutAtCellRules } from '../../electron/core/ocr/cellRules';
import { cutAtGrids, EMPTY_CELL_GLYPHS, JOIN_GAP, type RuledGrid } from '../../electron/core/ocr/gridTables';
import { neighbourKeepRows } from '../../electron/core/ocr/lineNeighbours';
import { ocrModelDir, ocrModelPath } from '../../electron/core/ocr/modelFiles';
import { BLANK_NEIGHBOUR_LINES, BLANK_RULE_ROWS, DROP_CHECK_GLYPHS, ERASE_UNDERLINES, SPLIT_TALL_BOXES, widenShortBoxes } from '../../electron/core/ocr/ocrEngine';
import { BARE_TICKS, labelBesideLoneItem, withoutCheckGlyphs } from '../../electron/core/ocr/checkGlyphs';
import { keepRowsWithoutRules } from '../../electron/core/ocr/ruleRows';
import { findUnderline, underlineEraser } from '../../electron/core/ocr/underlines';
import { DEFAULT_READING_ORDER, LAYOUT_RULES, readingLayout, type ReadingOrderOptions } from '../../electron/core/ocr/readingOrder';
import { targetWidth } from '../../electron/core/ocr/cropWidth';
import { recognizeBoxes, type Recognized } from '../../electron/core/ocr/recognizer';
import { loadSession } from '../../electron/core/ocr/sessions';
import type { Box } from '../../electron/core/ocr/types';
import { loadCorpusSet } from './ocr/corpusSets';
import { scoreScreen, summarize, type ScreenScore } from './ocr/scoring';

const root = path.resolve(__dirname, '..', '..', '..');
const SETS = (process.env.OCR_BENCH_SETS ?? 'held-out,tuning').split(',').filter(Boolean);

interface Variant {
  readonly name: string;
  readonly rules?: Partial<PixelRules>;
  readonly words?: Partial<WordRules>;
  readonly order?: Partial<ReadingOrderOptions>;
  readonly lone?: boolean;
  readonly tall?: boolean;
  /** Rules of framed cells this many text heights apart are joined (gridTables.ts JOIN_GAP). */
  readonly joinGap?: number;
  /** Boxes for the glyphs the detector missed in empty grid cells (gridTables.ts boxesForEmptyCells). */
  readonly emptyCells?: boolean;
  readonly pieces?: boolean;
  /** A squeezed box with no word-wide blank near a cut's target is cut at a narrower one (longBoxes.ts NARROW_CUT_GAP). */
  readonly narrowCuts?: boolean;
  readonly panes?: boolean;
  /** Boxes cut at a ruled table's vertical rules (cellRules.ts). */
  readonly cellRules?: boolean;
  /** Ruled grids found (gridTables.ts): boxes kept within their cells, and the grids given to reading order. */
  readonly grids?: boolean;
  /** Rules broken by a few pixels between separately framed cells joined (gridTables.ts JOIN_GAP). */
  readonly framedCells?: boolean;
  /** A ruled grid's column rules count as pane dividers in corridors (as before GRID_NOT_DIVIDER). */
  readonly gridDividers?: boolean;
  /** Rows beyond the midpoints to the neighbouring lines above and below blanked in each crop (lineNeighbours.ts). */
  readonly blankNeighbours?: boolean;
  /** Links' underlines erased before recognition and pixel corrections (underlines.ts). */
  readonly eraseUnderlines?: boolean;
  /** A ruled table's horizontal rules left out of each crop (ruleRows.ts). */
  readonly ruleRows?: boolean;
  /** A pane edge's least length measured against the text's height, not the image's (dividers.ts). */
  readonly textSpan?: boolean;
  /** A column of filled table cells is no pane edge or divider (dividers.ts CELLS_NOT_DIVIDERS). */
  readonly filledCells?: boolean;
  /** Short pane edges kept where two face each other (dividers.ts SHORT_TWIN_EDGES). */
  readonly shortTwins?: boolean;
  /** Checkboxes read as a letter dropped from the text (checkGlyphs.ts). */
  readonly checkGlyphs?: boolean;
  /** A bare tick read as a letter before its label dropped as a checked checkbox (checkGlyphs.ts BARE_TICKS). */
  readonly bareTicks?: boolean;
  /** A lone ticked checkbox dropped where its label's box starts just right of it (checkGlyphs.ts labelBeside). */
  readonly labelBeside?: boolean;
}

/** OCR_ABLATION_DUMP=dir writes each variant's text per screen there (dir/set/variant/screen.txt). */
const DUMP = process.env.OCR_ABLATION_DUMP;
const dumps: Array<Promise<void>> = [];
const writeText = async (dir: string, name: string, text: string) => {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, name), text);
};
const SHOW_SCREENS = process.env.OCR_ABLATION_SCREENS === '1';
const ONLY = process.env.OCR_ABLATION_VARIANTS?.split(',');
const ALL_VARIANTS: readonly Variant[] = [
  { name: 'shipped rules' },
  { name: '+ capitals', rules: { capitals: true } },
  { name: '- sentence spaces', rules: { sentenceSpace: false } },
  { name: '- clause spaces', rules: { clauseSpace: false } },
  { name: '- no space before ; ,', rules: { noSpaceBefore: false } },
  { name: `${PIXEL_RULES.separators ? '-' : '+'} separator bars`, rules: { separators: !PIXEL_RULES.separators } },
  { name: '+ lost word spaces', rules: { wordGaps: true } },
  { name: `${PIXEL_RULES.underlineStubs ? '-' : '+'} underline stubs dropped`, rules: { underlineStubs: !PIXEL_RULES.underlineStubs } },
  { name: `${PIXEL_RULES.cellBorders ? '-' : '+'} cell borders`, rules: { cellBorders: !PIXEL_RULES.cellBorders } },
  { name: `${PIXEL_RULES.commaTails ? '-' : '+'} comma tails`, rules: { commaTails: !PIXEL_RULES.commaTails } },
  { name: `${PIXEL_RULES.doubleChevrons ? '-' : '+'} double chevrons`, rules: { doubleChevrons: !PIXEL_RULES.doubleChevrons } },
  { name: '- empty parentheses', rules: { emptyParens: false } },
  { name: '- last parentheses', rules: { lastParens: false } },
  { name: '- doubled marks', rules: { doubledMarks: false } },
  { name: '- dash lengths', rules: { dashLengths: false } },
  { name: '- underline spaces', rules: { underlineSpaces: false } },
  { name: '- sigil underscores', rules: { sigilUnderscores: false } },
  { name: '- underscore spaces', rules: { underscoreSpaces: false } },
  { name: '- bullets apart', words: { bulletApart: false } },
  { name: '- hollow bullets', words: { hollowBullets: false } },
  { name: '- ring bullets', rules: { ringBullets: false } },
  { name: '- lone dots joined', words: { loneDots: false } },
  { name: '- double dashes joined', words: { doubleDashes: false } },
  { name: '- underscores in names', words: { underscores: false } },
  { name: '- section numbers apart', words: { sectionNumbers: false } },
  { name: '- title underscores', words: { titleUnderscores: false } },
  { name: '- tall capitals', words: { tallCapitals: false } },
  { name: `${WORD_RULES.initialCapitals ? '-' : '+'} initial capitals`, words: { initialCapitals: !WORD_RULES.initialCapitals } },
  { name: '- digits in codes and numbers', words: { digits: false } },
  { name: '- contractions', words: { contractions: false } },
  { name: `${WORD_RULES.capitalWords ? '-' : '+'} capitals in capital words`, words: { capitalWords: !WORD_RULES.capitalWords } },
  { name: `${WORD_RULES.letterIndex ? '-' : '+'} letter index bars`, words: { letterIndex: !WORD_RULES.letterIndex } },
  { name: `${WORD_RULES.lexiconSpaces ? '-' : '+'} lexicon spaces`, words: { lexiconSpaces: !WORD_RULES.lexiconSpaces } },
  { name: `${WORD_RULES.slips ? '-' : '+'} slips undone`, words: { slips: !WORD_RULES.slips } },
  { name: `${WORD_RULES.camelCapitals ? '-' : '+'} camel-case capitals`, words: { camelCapitals: !WORD_RULES.camelCapitals }, rules: { markCapitals: !WORD_RULES.camelCapitals } },
  ...(['afterPunctuation', 'pixelGaps', 'joinPieces', 'numberWords', 'widestGaps'] as const).map((rule) => ({
    name: `${LOST_SPACE_RULES[rule] ? '-' : '+'} lexicon spaces ${rule}`,
    words: { lostSpaces: { ...LOST_SPACE_RULES, [rule]: !LOST_SPACE_RULES[rule] } },
    // The pixel corrections mark word-wide blanks only where the lexicon rule reads the marks.
    ...(rule === 'pixelGaps' ? { rules: { markWideGaps: !LOST_SPACE_RULES.pixelGaps } } : {}),
    ...(rule === 'widestGaps' ? { rules: { markWidestGaps: !LOST_SPACE_RULES.widestGaps } } : {}),
  })),
  { name: '- captions under cards', order: { captionUnderCards: false } },
  { name: `${WORD_RULES.iOrL ? '-' : '+'} I/l word prior`, words: { iOrL: !WORD_RULES.iOrL } },
  { name: '- look-alikes (丨 ≤ ≥ 》 。)', words: { lookAlikes: false } },
  { name: '- pane edges', panes: false },
  { name: `${PANE_SHARE_OF_TEXT ? '-' : '+'} pane edges by text height`, textSpan: !PANE_SHARE_OF_TEXT },
  { name: `${SPLIT_TALL_BOXES ? '-' : '+'} tall boxes split`, tall: !SPLIT_TALL_BOXES },
  { name: `${NARROW_CUT_GAP > 0 ? '-' : '+'} squeezed lines cut at narrow blanks`, narrowCuts: !(NARROW_CUT_GAP > 0) },
  { name: '+ cut at cell rules', cellRules: true },
  { name: '- ruled grids', grids: false },
  { name: '- framed cells joined', framedCells: false },
  { name: '- framed cells joined within 0.4 heights (not 0.6)', joinGap: 0.4 },
  { name: '- glyphs in empty grid cells', emptyCells: false },
  { name: '- grid rules not dividers', gridDividers: true },
  { name: `${CELLS_NOT_DIVIDERS ? '-' : '+'} filled cells not dividers`, filledCells: !CELLS_NOT_DIVIDERS },
  { name: `${SHORT_TWIN_EDGES ? '-' : '+'} short facing borders`, shortTwins: !SHORT_TWIN_EDGES },
  { name: `${BLANK_NEIGHBOUR_LINES ? '-' : '+'} neighbour lines blanked`, blankNeighbours: !BLANK_NEIGHBOUR_LINES },
  { name: `${BLANK_RULE_ROWS ? '-' : '+'} rule rows blanked`, ruleRows: !BLANK_RULE_ROWS },
  { name: `${ERASE_UNDERLINES ? '-' : '+'} underlines erased`, eraseUnderlines: !ERASE_UNDERLINES },
  { name: `${DROP_CHECK_GLYPHS ? '-' : '+'} checkbox glyphs dropped`, checkGlyphs: !DROP_CHECK_GLYPHS },
  { name: '- ticked box beside its label', labelBeside: false },
  { name: `${BARE_TICKS ? '-' : '+'} bare ticks before a label`, bareTicks: !BARE_TICKS },
  ...(Object.keys(LAYOUT_RULES) as Array<keyof typeof LAYOUT_RULES>)
    .map((rule) => ({ name: `${LAYOUT_RULES[rule] ? '-' : '+'} layout ${rule}`, order: { rules: { [rule]: !LAYOUT_RULES[rule] } } })),
  { name: '+ lone glyphs widened', lone: true },
  // Long lines in pieces is not switched off here: without it full-width lines are read squeezed, which costs as
  // much as the rest of the run (tuning, before and after pieces and pane edges came in: word recall 92.4 % → 95.8 %).
];
/** OCR_ABLATION_VARIANTS=a,b runs only the variants whose names contain one of those words (and "all rules"). */
const VARIANTS = ALL_VARIANTS.filter((v, k) => k === 0 || !ONLY || ONLY.some((w) => v.name.includes(w)));

const key = (b: Box) => b.map((v) => v.toFixed(2)).join(',');
const readKey = (b: Box, keep: readonly [number, number] | null, erased: boolean) =>
  `${keep ? `${key(b)}|${keep.map((v) => v.toFixed(2)).join(',')}` : key(b)}${erased ? '|u' : ''}`;

async function main(): Promise<void> {
  const dir = ocrModelDir();
  const det = await loadSession(ocrModelPath('detection', dir), true);
  const rec = await loadSession(ocrModelPath('recognition', dir));
  const charset = buildCharset(await readFile(ocrModelPath('dictionary', dir), 'utf8'));
  const results: Record<string, Record<string, ReturnType<typeof summarize>>> = {};
  for (const set of SETS) {
    // OCR_ABLATION_ONLY=word: only the screens whose id contains it (a quick look at one kind of screen).
    const screens = (await loadCorpusSet(set, path.join(root, '.bench'))).filter((s) => !process.env.OCR_ABLATION_ONLY || s.id.includes(process.env.OCR_ABLATION_ONLY));
    const scores: ScreenScore[][] = VARIANTS.map(() => []);
    for (const screen of screens) {
      const image = await decodeImage({ kind: 'path', path: screen.png });
      const cache = await openCache(screen.png);
      const detectedNow = cache.detected === null;
      const found = cache.detected ?? (cache.detected = (await detectText(det, image, undefined)).map((d) => d.box));
      // Readings cached before strips' twin boxes were dropped (detector.ts withoutTwins) still hold them.
      const detected = withoutTwins(found.map((box) => ({ box }))).map((d) => d.box);
      // Every box any variant reads, recognized once. The boxes and the rows kept in each crop depend on a few of a
      // variant's switches only: each combination is worked out once per screen.
      const boxesFor = new Map<string, readonly Box[]>();
      const gridsFor = new Map<string, readonly RuledGrid[]>();
      const gridSets: Array<readonly RuledGrid[]> = [];
      const keepsFor = new Map<string, ReturnType<typeof neighbourKeepRows>>();
      const boxSets: Array<readonly Box[]> = [];
      const keeps: Array<ReturnType<typeof neighbourKeepRows> | null> = [];
      for (const v of VARIANTS) {
        const lone = v.lone === true, cellRules = v.cellRules === true, tall = v.tall ?? SPLIT_TALL_BOXES, pieces = v.pieces !== false, ruled = v.grids !== false;
        const narrowGap = (v.narrowCuts ?? NARROW_CUT_GAP > 0) ? NARROW_CUT_GAP : 0;
        const joinGap = v.joinGap ?? (v.framedCells === false ? 0 : JOIN_GAP), emptyCells = v.emptyCells ?? EMPTY_CELL_GLYPHS;
        const pipeline = `${lone},${cellRules},${tall},${pieces},${narrowGap},${ruled},${joinGap},${emptyCells}`;
        let boxes = boxesFor.get(pipeline);
        if (!boxes) {
          const widened = lone ? widenShortBoxes(detected, image) : [...detected];
          const cut = cellRules ? cutAtCellRules(widened, image) : widened;
          const rows = tall ? splitTallBoxes(cut, image) : cut;
          const split = pieces ? splitLongBoxes(rows, image, narrowGap) : rows;
          const inGrids = ruled ? cutAtGrids(split, image, joinGap, emptyCells) : { boxes: split, grids: [] };
          boxes = inGrids.boxes;
          boxesFor.set(pipeline, boxes);
          gridsFor.set(pipeline, inGrids.grids);
        }
        boxSets.push(boxes);
        gridSets.push(gridsFor.get(pipeline)!);
        // A crop with neighbouring lines blanked reads differently from the whole box: its key says so.
        const neighbours = v.blankNeighbours ?? BLANK_NEIGHBOUR_LINES, rules = v.ruleRows ?? BLANK_RULE_ROWS;
        if (!neighbours && !rules) { keeps.push(null); continue; }
        const keepKey = `${pipeline}|${neighbours}|${rules}`;
        let keep = keepsFor.get(keepKey);
        if (!keep) {
          const around = neighbours ? neighbourKeepRows(boxes) : boxes.map(() => null);
          keepsFor.set(keepKey, (keep = rules ? keepRowsWithoutRules(boxes, around, image) : around));
        }
        keeps.push(keep);
      }
      // A box whose underline is erased reads differently too (boxes without one share the plain reading).
      const erasing = VARIANTS.map((v) => v.eraseUnderlines ?? ERASE_UNDERLINES);
      // (Cached readings of erased crops are keyed "|u": clear them from the cache after changing underlines.ts.)
      const distinct = [...new Map(boxSets.flat().map((b) => [key(b), b])).values()];
      const lined = erasing.some(Boolean) ? distinct.filter((b) => findUnderline(image, b)) : [];
      const underlined = new Set(lined.map(key));
      // The eraser paints over the original image's pixels, so one copy of each underlined box erases the same.
      const glyphs = lined.length > 0 ? underlineEraser(image)(lined) : image;
      const readKeys: string[][] = [];
      const unique = new Map<string, { box: Box; keep: readonly [number, number] | null; erased: boolean }>();
      boxSets.forEach((boxes, k) => {
        readKeys.push(boxes.map((b, n) => {
          const keep = keeps[k]?.[n] ?? null, erased = erasing[k]! && underlined.has(key(b));
          const rk = readKey(b, keep, erased);
          unique.set(rk, { box: b, keep, erased });
          return rk;
        }));
      });
      const missing = [...unique.entries()].filter(([rk]) => !cache.read.has(rk));
      for (const erased of [false, true]) {
        const some = missing.filter(([, m]) => m.erased === erased);
        if (some.length === 0) continue;
        const read = await recognizeBoxes(rec, erased ? glyphs : image, some.map(([, m]) => m.box), charset, undefined, new Set(), some.map(([, m]) => m.keep));
        some.forEach(([rk], i) => cache.read.set(rk, read[i]!));
      }
      if (missing.length > 0 || detectedNow) await cache.save();
      const byKey = cache.read;
      VARIANTS.forEach((v, k) => {
        const text = readVariant(erasing[k] ? glyphs : image, image, boxSets[k]!, gridSets[k]!, readKeys[k]!, byKey, v);
        scores[k]!.push(scoreScreen(screen, { text, ms: null, firstMs: null }));
        if (DUMP) dumps.push(writeText(path.join(DUMP, set, v.name.replace(/[^A-Za-z0-9]+/g, '-')), `${screen.id}.txt`, text));
      });
      // OCR_ABLATION_SCREENS=1: each screen where a variant's CER or blocks differ from the shipped rules.
      if (SHOW_SCREENS) {
        const base = scores[0]!.at(-1)!;
        VARIANTS.forEach((v, k) => {
          const s = scores[k]!.at(-1)!;
          if (k > 0 && (s.edits !== base.edits || s.intact !== base.intact)) process.stderr.write(`\n  ${screen.id}: ${v.name}: CER ${(base.cer * 100).toFixed(1)} → ${(s.cer * 100).toFixed(1)} %, intact ${base.intact} → ${s.intact} of ${s.blocks}`);
        });
      }
      process.stderr.write('.');
    }
    process.stderr.write('\n');
    results[set] = Object.fromEntries(VARIANTS.map((v, k) => [v.name, summarize(screens, scores[k]!)]));
    // Each set's table as soon as it is done (the held-out set first).
    for (const v of VARIANTS) {
      const r = results[set]![v.name]!;
      console.log(`${set.padEnd(9)} ${v.name.padEnd(30)} CER ${(r.cer * 100).toFixed(2)}%  recall ${(r.recall * 100).toFixed(2)}%  intact ${(r.blockIntegrity * 100).toFixed(2)}%  blockCER ${(r.meanBlockCer * 100).toFixed(2)}%`);
    }
  }
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`.padStart(8);
  console.log(`${'variant'.padEnd(26)}${SETS.map((s) => `${s}: CER / recall / intact / blockCER`.padEnd(44)).join('')}`);
  for (const v of VARIANTS) {
    console.log(`${v.name.padEnd(26)}${SETS.map((s) => { const r = results[s]![v.name]!; return `${pct(r.cer)}${pct(r.recall)}${pct(r.blockIntegrity)}${pct(r.meanBlockCer)}`.padEnd(44); }).join('')}`);
  }
  await Promise.all(dumps);
  await det.release();
  await rec.release();
}

/**
 * Detection and recognition of each screen are kept in .bench/ablation-cache (keyed by the screenshot's and the
 * models' bytes), so a second run re-runs only pixel corrections and reading order: seconds, not minutes.
 */
async function openCache(png: string): Promise<{ detected: Box[] | null; read: Map<string, Recognized>; save: () => Promise<void> }> {
  const hash = createHash('sha256').update(await readFile(png)).update(await modelsKey()).update(CACHE_VERSION).digest('hex').slice(0, 16);
  const dir = path.join(root, '.bench', 'ablation-cache');
  const file = path.join(dir, `${path.basename(png, '.png')}.${hash}.json`);
  let stored: { detected: Box[] | null; detector?: string; read: Array<[string, Recognized]> } = { detected: null, read: [] };
  try { stored = JSON.parse(await readFile(file, 'utf8')); } catch { /* not cached yet */ }
  const cache = {
    // Boxes found by an older detector are found again; readings stay, keyed by their box.
    detected: stored.detector === DETECTOR_VERSION ? stored.detected : null,
    read: new Map(stored.read),
    save: async () => {
      await mkdir(dir, { recursive: true });
      await writeFile(`${file}.tmp`, JSON.stringify({ detected: cache.detected, detector: DETECTOR_VERSION, read: [...cache.read] }));
      await rename(`${file}.tmp`, file);
    },
  };
  return cache;
}

/** Raised when the detector finds other boxes (strips planned from the pixels: stripPlan.ts). */
const DETECTOR_VERSION = 'strips planned';

/** Raised when what a cached reading holds changes (2: each character's space evidence, DecodedChar.spaceBefore). */
const CACHE_VERSION = 'readings 2';

let modelsHash: Promise<string> | null = null;
function modelsKey(): Promise<string> {
  const dir = ocrModelDir();
  modelsHash ??= Promise.all((['detection', 'recognition', 'dictionary'] as const).map((m) => readFile(ocrModelPath(m, dir))))
    .then((files) => files.reduce((h, f) => h.update(f), createHash('sha256')).digest('hex'));
  return modelsHash;
}

/** `glyphs`: the image the pixel corrections read (underlines erased or not); layout reads `image`. */
function readVariant(glyphs: DecodedImage, image: DecodedImage, boxes: readonly Box[], grids: readonly RuledGrid[], readKeys: readonly string[], byKey: ReadonlyMap<string, Recognized>, v: Variant): string {
  const rules = { ...PIXEL_RULES, ...v.rules };
  const items: Array<TextItem | null> = boxes.map((box, n) => {
    const r = byKey.get(readKeys[n]!)!;
    // Readings cached before crops carried their width were all made at the default stretch.
    const cropW = r.cropW ?? targetWidth(box);
    const read = itemFromSequence(box, correctWithPixels(r.sequence, glyphs, box, r.pxPerStep, cropW, rules), r.pxPerStep, cropW, { ...WORD_RULES, ...v.words });
    const beside = (v.labelBeside ?? true) ? labelBesideLoneItem(read, box, boxes) : null;
    const item = read && (v.checkGlyphs ?? DROP_CHECK_GLYPHS) ? withoutCheckGlyphs(read, image, beside, v.bareTicks ?? BARE_TICKS) : read;
    return item && item.confidence >= 0.5 ? item : null;
  });
  const textHeight = [...boxes.map((b) => b[3])].sort((a, b) => a - b)[boxes.length >> 1] ?? 0;
  const cells = v.filledCells ?? CELLS_NOT_DIVIDERS;
  const options: ReadingOrderOptions = { ...DEFAULT_READING_ORDER, grids, hasDivider: dividerFinder(image, { skipGrid: v.gridDividers !== true, skipCells: cells, textHeight }), rowRules: rowRuleFinder(image), paneDividers: v.panes === false ? [] : findPaneDividers(image, textHeight, (v.textSpan ?? PANE_SHARE_OF_TEXT) ? textSpanOf(boxes) : undefined, cells, v.shortTwins ?? SHORT_TWIN_EDGES), ...v.order };
  const layout = readingLayout(boxes, options);
  return layout.lines.map((l) => lineFromOrder(l, items)?.text).filter((t): t is string => !!t).join('\n');
}

main().catch((err: unknown) => {
  console.error(`bench:ocr-ablation: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});

