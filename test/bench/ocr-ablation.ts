// `npm run bench:ocr-ablation`: each layout rule and pixel correction switched off in turn, on the tuning and the
// held-out sets, so a rule stays only where it helps the held-out set (issue 15). The screens are read once per
// variant of boxes (recognition is the cost); pixel corrections and reading order are re-run per variant on the
// same recognizer output. Mirrors ocrEngine.recognizeWith without the direction model (few lines need it).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeImage, type DecodedImage } from '../../electron/core/image/intake';
import { buildCharset } from '../../electron/core/ocr/ctcDecode';
import { detectText } from '../../electron/core/ocr/detector';
import { dividerFinder, findPaneDividers } from '../../electron/core/ocr/dividers';
import { correctWithPixels, PIXEL_RULES, type PixelRules } from '../../electron/core/ocr/glyphGeometry';
import { itemFromSequence, lineFromOrder, WORD_RULES, type TextItem, type WordRules } from '../../electron/core/ocr/lineAssembly';
import { splitLongBoxes, splitTallBoxes } from '../../electron/core/ocr/longBoxes';
import { ocrModelDir, ocrModelPath } from '../../electron/core/ocr/modelFiles';
import { widenShortBoxes } from '../../electron/core/ocr/ocrEngine';
import { DEFAULT_READING_ORDER, LAYOUT_RULES, readingLayout, type ReadingOrderOptions } from '../../electron/core/ocr/readingOrder';
import { recognizeBoxes, targetWidth, type Recognized } from '../../electron/core/ocr/recognizer';
import { loadSession } from '../../electron/core/ocr/sessions';
import type { Box } from '../../electron/core/ocr/types';
import { renderDocCorpus } from './ocr/docCorpus';
import { scoreScreen, summarize, type ScreenScore } from './ocr/scoring';

const root = path.resolve(__dirname, '..', '..', '..');
const SETS = (process.env.OCR_BENCH_SETS ?? 'held-out,tuning').split(',').filter(Boolean) as Array<'tuning' | 'held-out'>;

interface Variant {
  readonly name: string;
  readonly rules?: Partial<PixelRules>;
  readonly words?: Partial<WordRules>;
  readonly order?: Partial<ReadingOrderOptions>;
  readonly lone?: boolean;
  readonly tall?: boolean;
  readonly pieces?: boolean;
  readonly panes?: boolean;
}

const ONLY = process.env.OCR_ABLATION_VARIANTS?.split(',');
const ALL_VARIANTS: readonly Variant[] = [
  { name: 'shipped rules' },
  { name: '+ capitals', rules: { capitals: true } },
  { name: '- sentence spaces', rules: { sentenceSpace: false } },
  { name: '+ no space before ; ,', rules: { noSpaceBefore: true } },
  { name: '+ separator bars', rules: { separators: true } },
  { name: '- lost word spaces', rules: { wordGaps: false } },
  { name: '- captions under cards', order: { captionUnderCards: false } },
  { name: '+ I/l word prior', words: { iOrL: true } },
  { name: '- look-alikes (丨 ≤ ≥)', words: { lookAlikes: false } },
  { name: '- pane edges', panes: false },
  { name: '+ tall boxes split', tall: true },
  ...(['bandSeed', 'tightRows', 'wrappedTables', 'insetPanes', 'staggeredLines', 'regionEnds', 'stackedNotColumns', 'headAbove'] as const)
    .map((rule) => ({ name: `${LAYOUT_RULES[rule] ? '-' : '+'} layout ${rule}`, order: { rules: { [rule]: !LAYOUT_RULES[rule] } } })),
  { name: '+ lone glyphs widened', lone: true },
  // Long lines in pieces is not switched off here: without it full-width lines are read squeezed, which costs as
  // much as the rest of the run (tuning, before and after pieces and pane edges came in: word recall 92.4 % → 95.8 %).
];
/** OCR_ABLATION_VARIANTS=a,b runs only the variants whose names contain one of those words (and "all rules"). */
const VARIANTS = ALL_VARIANTS.filter((v, k) => k === 0 || !ONLY || ONLY.some((w) => v.name.includes(w)));

const key = (b: Box) => b.map((v) => v.toFixed(2)).join(',');

async function main(): Promise<void> {
  const dir = ocrModelDir();
  const det = await loadSession(ocrModelPath('detection', dir), true);
  const rec = await loadSession(ocrModelPath('recognition', dir));
  const charset = buildCharset(await readFile(ocrModelPath('dictionary', dir), 'utf8'));
  const results: Record<string, Record<string, ReturnType<typeof summarize>>> = {};
  for (const set of SETS) {
    const screens = await renderDocCorpus(path.join(root, '.bench', 'doc-screens'), set);
    const scores: ScreenScore[][] = VARIANTS.map(() => []);
    for (const screen of screens) {
      const image = await decodeImage({ kind: 'path', path: screen.png });
      const detected = (await detectText(det, image, undefined)).map((d) => d.box);
      // Every box any variant reads, recognized once.
      const boxSets = VARIANTS.map((v) => {
        const widened = v.lone === true ? widenShortBoxes(detected, image) : [...detected];
        const rows = v.tall === true ? splitTallBoxes(widened, image) : widened;
        return v.pieces === false ? rows : splitLongBoxes(rows, image);
      });
      const unique = new Map<string, Box>();
      for (const boxes of boxSets) for (const b of boxes) unique.set(key(b), b);
      const all = [...unique.values()];
      const read = await recognizeBoxes(rec, image, all, charset, undefined);
      const byKey = new Map<string, Recognized>(all.map((b, i) => [key(b), read[i]!]));
      VARIANTS.forEach((v, k) => {
        const text = readVariant(image, boxSets[k]!, byKey, v);
        scores[k]!.push(scoreScreen(screen, { text, ms: null, firstMs: null }));
      });
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
  await det.release();
  await rec.release();
}

function readVariant(image: DecodedImage, boxes: readonly Box[], byKey: ReadonlyMap<string, Recognized>, v: Variant): string {
  const rules = { ...PIXEL_RULES, ...v.rules };
  const items: Array<TextItem | null> = boxes.map((box) => {
    const r = byKey.get(key(box))!;
    const cropW = targetWidth(box);
    const item = itemFromSequence(box, correctWithPixels(r.sequence, image, box, r.pxPerStep, cropW, rules), r.pxPerStep, cropW, { ...WORD_RULES, ...v.words });
    return item && item.confidence >= 0.5 ? item : null;
  });
  const textHeight = [...boxes.map((b) => b[3])].sort((a, b) => a - b)[boxes.length >> 1] ?? 0;
  const options: ReadingOrderOptions = { ...DEFAULT_READING_ORDER, hasDivider: dividerFinder(image), paneDividers: v.panes === false ? [] : findPaneDividers(image, textHeight), ...v.order };
  const layout = readingLayout(boxes, options);
  return layout.lines.map((l) => lineFromOrder(l, items)?.text).filter((t): t is string => !!t).join('\n');
}

main().catch((err: unknown) => {
  console.error(`bench:ocr-ablation: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});

