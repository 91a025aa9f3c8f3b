import type { DecodedImage } from '../../image/intake';
import type { TextItem } from '../lineAssembly';
import type { Box, OcrWord } from '../types';
import { lineImage } from './lineImage';
import { INPUT_FILE, tesseractApi, tesseractModule } from './tesseractCore';

/** Tesseract's page segmentation mode 7: the image is one line of text (the detector already found the line). */
const PSM_SINGLE_LINE = 7;

/** A line as Tesseract read it, in image coordinates, with its confidence and each word's on 0..1. */
export interface Reading {
  readonly item: TextItem;
  readonly wordConfidence: readonly number[];
  /** Read to the same text at other scales too (routing.ts RECHECK_SCALES): set only where that was checked. */
  readonly steady?: boolean;
}

/** Word rows of Tesseract's TSV output (level 5): left, top, width, height, confidence 0..100, text. */
export function wordsFromTsv(tsv: string): Array<{ left: number; top: number; width: number; height: number; conf: number; text: string }> {
  const words = [];
  for (const row of tsv.split('\n')) {
    const cols = row.split('\t');
    if (cols[0] !== '5' || cols.length < 12) continue;
    const text = cols.slice(11).join('\t').trim();
    if (!text) continue;
    words.push({ left: Number(cols[6]), top: Number(cols[7]), width: Number(cols[8]), height: Number(cols[9]), conf: Number(cols[10]), text });
  }
  return words;
}

const round = (b: Box): Box => [Math.round(b[0]), Math.round(b[1]), Math.round(b[2]), Math.round(b[3])];

/**
 * Reads one detected line with Tesseract's LSTM for `languages` (Tesseract codes, the first preferred), at
 * `rescale` times lineImage's usual scale. Word boxes map back to the image through the line image's scale; the
 * confidence is the character-weighted mean of the words'. Null when nothing was read.
 */
export async function readLineWithTesseract(image: DecodedImage, box: Box, languages: readonly string[], rescale = 1): Promise<Reading | null> {
  const [module, api] = await Promise.all([tesseractModule(), tesseractApi(languages)]);
  const line = lineImage(image, box, rescale);
  module.FS.writeFile(INPUT_FILE, line.pgm);
  api.SetPageSegMode(PSM_SINGLE_LINE);
  api.SetImageFile(1, 0);
  api.Recognize(null);
  const found = wordsFromTsv(api.GetTSVText(0));
  api.Clear();
  if (found.length === 0) return null;
  const words: OcrWord[] = found.map((w) => ({
    // NFKC, as PP-OCR's text: the Greek model writes the micro sign (U+00B5) for μ, which a reader must not hear.
    text: w.text.normalize('NFKC'),
    box: round([box[0] + (w.left - line.margin) / line.scale, box[1], Math.max(1, w.width / line.scale), box[3]]),
  }));
  const weight = words.reduce((n, w) => n + [...w.text].length, 0);
  const confidence = found.reduce((s, w) => s + Math.max(0, w.conf) * [...w.text].length, 0) / Math.max(1, weight) / 100;
  return {
    item: { box: round(box), text: words.map((w) => w.text).join(' '), confidence, words, weight },
    wordConfidence: found.map((w) => Math.max(0, w.conf) / 100),
  };
}
