import { READING_LANGUAGES, type ScriptCode } from '../../../common/languages';
import type { TextItem } from '../lineAssembly';
import type { Reading } from './tesseractLines';
import { mergeReadings } from './wordMerge';

/**
 * Which recognizer's reading of a line is kept (pure decisions; multilingual.ts runs the recognizers).
 * PP-OCR reads every line first: its dictionary is Chinese and English, so for users who read only those nothing
 * else ever runs. For every other chosen language Tesseract's LSTM for that language reads the lines with letters,
 * one script group at a time, and the two readings are merged word by word.
 */

export type { Reading } from './tesseractLines';

/** Tesseract models of the chosen languages, grouped by script, in the user's order. */
export interface ScriptGroup {
  readonly script: ScriptCode;
  readonly tesseract: readonly string[];
}

export function scriptGroups(languages: readonly string[]): ScriptGroup[] {
  const groups = new Map<ScriptCode, string[]>();
  for (const code of languages) {
    const lang = READING_LANGUAGES[code];
    if (!lang?.tesseract) continue;
    const list = groups.get(lang.script) ?? [];
    list.push(lang.tesseract);
    groups.set(lang.script, list);
  }
  return [...groups].map(([script, tesseract]) => ({ script, tesseract }));
}

const LETTER = /\p{L}/u;

/** A line worth a second reading: one with letters (numbers, prices and symbols PP-OCR reads in any language). */
export function needsSecondReading(item: TextItem | null): boolean {
  return item === null || LETTER.test(item.text);
}

/**
 * Below this Tesseract is not trusted with the line at all (an icon, a texture, a script none of the chosen
 * languages writes): PP-OCR's reading stands.
 */
export const TESSERACT_ACCEPT = 0.6;

/** The surest of the Tesseract readings (one per script group), with its group's script. */
export function surest(readings: readonly (Reading | null)[], groups: readonly ScriptGroup[]): { reading: Reading; script: ScriptCode } | null {
  let best: { reading: Reading; script: ScriptCode } | null = null;
  readings.forEach((r, g) => {
    if (r && (!best || r.item.confidence > best.reading.item.confidence)) best = { reading: r, script: groups[g]!.script };
  });
  return best;
}

/**
 * The reading to keep: PP-OCR's and the surest Tesseract reading merged word by word (wordMerge.ts) when Tesseract
 * is at least TESSERACT_ACCEPT sure; else PP-OCR's alone (Tesseract's alone where PP-OCR read nothing).
 */
export function chooseReading(
  ppocr: Reading | null, readings: readonly (Reading | null)[], groups: readonly ScriptGroup[], ppocrCanWrite: (ch: string) => boolean,
): TextItem | null {
  const best = surest(readings, groups);
  if (!best) return ppocr?.item ?? null;
  if (!ppocr) return best.reading.item;
  return best.reading.item.confidence >= TESSERACT_ACCEPT ? mergeReadings(ppocr, best.reading, best.script, ppocrCanWrite) : ppocr.item;
}
