import { READING_LANGUAGES, type ScriptCode } from '../../../common/languages';
import type { TextItem } from '../lineAssembly';

/**
 * Which recognizer's reading of a line is kept (pure decisions; multilingual.ts runs the recognizers).
 * PP-OCR reads every line first: its dictionary is Chinese and English, so for users who read only those nothing
 * else ever runs. For every other chosen language Tesseract's LSTM for that language reads the lines PP-OCR may
 * have got wrong, one script at a time.
 */

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
  // Latin words inside Cyrillic or Greek text (names, "rgb", "GTK") are read by English where the first model fails.
  return [...groups].map(([script, tesseract]) => ({ script, tesseract: script === 'Latn' ? tesseract : [...tesseract, LATIN_HELPER] }));
}

/** Tesseract's English model, added to every non-Latin group. */
export const LATIN_HELPER = 'eng';

const LETTER = /\p{L}/u;

/** A line worth a second reading: one with letters (numbers, prices and symbols PP-OCR reads in any language). */
export function needsSecondReading(item: TextItem | null): boolean {
  return item === null || LETTER.test(item.text);
}

/**
 * Tesseract's reading in the chosen language wins when it is at least this sure: PP-OCR has no letters for most of
 * these languages (it reads "Größe" as "GrOBe" and Cyrillic as Latin look-alikes) yet reports them confidently.
 */
export const TESSERACT_ACCEPT = 0.6;

/** The reading to keep: the surest Tesseract reading when it reaches TESSERACT_ACCEPT, else PP-OCR's. */
export function chooseReading(ppocr: TextItem | null, others: readonly (TextItem | null)[]): TextItem | null {
  let best: TextItem | null = null;
  for (const other of others) if (other && (!best || other.confidence > best.confidence)) best = other;
  return best && (best.confidence >= TESSERACT_ACCEPT || !ppocr) ? best : ppocr;
}
