import type { DecodedImage } from '../../image/intake';
import type { TextItem } from '../lineAssembly';
import type { DecodedSequence } from '../ctcDecode';
import type { Box } from '../types';
import { chooseReading, needsSecondReading, RECHECK_SCALES, scriptGroups, weighedReadings, worthRecheck } from './routing';
import { createLogger } from '../../common/logger';
import { readLineWithTesseract, type Reading } from './tesseractLines';

const log = createLogger('ocr');

/** What PP-OCR made of the boxes: its items (null where nothing usable), the decoded sequences, its dictionary. */
export interface PpocrReadings {
  readonly items: readonly (TextItem | null)[];
  readonly sequences: readonly DecodedSequence[];
  readonly charset: readonly string[];
}

/** Each word's weakest character probability, in the order itemFromSequence makes the words. */
export function wordConfidences(sequence: DecodedSequence): number[] {
  const out: number[] = [];
  let current: number | null = null;
  for (const c of sequence.chars) {
    if (c.char.normalize('NFKC').trim() === '') {
      if (current !== null) out.push(current);
      current = null;
    } else current = Math.min(current ?? 1, c.prob);
  }
  if (current !== null) out.push(current);
  return out;
}

/** The characters PP-OCR's dictionary can write, folded as its output is: built once per loaded dictionary. */
const writable = new WeakMap<readonly string[], ReadonlySet<string>>();
function writableBy(charset: readonly string[]): ReadonlySet<string> {
  let set = writable.get(charset);
  if (!set) writable.set(charset, (set = new Set(charset.map((c) => c.normalize('NFKC')))));
  return set;
}

/** The reading, marked steady when `languages` read the line to the same text at each of RECHECK_SCALES. */
async function withSteadiness(image: DecodedImage, box: Box, reading: Reading, languages: readonly string[], signal?: AbortSignal): Promise<Reading> {
  for (const rescale of RECHECK_SCALES) {
    signal?.throwIfAborted();
    const again = await readLineWithTesseract(image, box, languages, rescale);
    if (again?.item.text !== reading.item.text) return { ...reading, steady: false };
  }
  return { ...reading, steady: true };
}

/**
 * The hook between recognition and reading order: for each line PP-OCR read (`items[i]` for `boxes[i]`, null where
 * it read nothing usable), the chosen languages' recognizers give their reading where routing.ts says so, and the
 * reading routing.ts prefers is kept. Without a language PP-OCR cannot read, the items come back untouched.
 */
export async function readInLanguages(
  image: DecodedImage, boxes: readonly Box[], ppocr: PpocrReadings, languages: readonly string[], signal?: AbortSignal,
): Promise<(TextItem | null)[]> {
  const { items } = ppocr;
  const groups = scriptGroups(languages);
  if (groups.length === 0) return [...items];
  const known = writableBy(ppocr.charset);
  const ppocrCanWrite = (ch: string) => known.has(ch) || /\s/.test(ch);
  const out: (TextItem | null)[] = [];
  for (let i = 0; i < boxes.length; i++) {
    const first = items[i] ?? null;
    if (!needsSecondReading(first)) {
      out.push(first);
      continue;
    }
    const firstReading = first && { item: first, wordConfidence: wordConfidences(ppocr.sequences[i]!) };
    const readings: (Reading | null)[] = [];
    for (const group of groups) {
      signal?.throwIfAborted();
      readings.push(await readLineWithTesseract(image, boxes[i]!, group.tesseract));
    }
    const weighed = weighedReadings(firstReading, readings, groups);
    for (let g = 0; g < groups.length; g++) {
      if (worthRecheck(weighed[g]!)) readings[g] = await withSteadiness(image, boxes[i]!, weighed[g]!, groups[g]!.tesseract, signal);
    }
    const chosen = chooseReading(firstReading, readings, groups, ppocrCanWrite);
    log.debug(`line ${i} [${boxes[i]!.map(Math.round).join(', ')}]: pp-ocr ${first ? `${first.confidence.toFixed(3)} "${first.text}"` : '-'} | ${readings.map((r, g) => `${groups[g]!.tesseract.join('+')} ${r ? `${r.item.confidence.toFixed(3)}${r.steady ? ' steady' : ''} "${r.item.text}"` : '-'}`).join(' | ')} => ${chosen === first ? 'pp-ocr' : `"${chosen?.text}"`}`);
    out.push(chosen);
  }
  return out;
}
