import { READING_LANGUAGES, type ScriptCode } from '../../../common/languages';
import type { TextItem } from '../lineAssembly';
import type { Reading } from './tesseractLines';
import { mergeReadings, mergeScripts } from './wordMerge';

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
export const TESSERACT_ACCEPT = 0.4;

/**
 * Tesseract's confidence in a short line swings with its scale: "τιμής" read right at every scale from ×0.7 to
 * ×1.5, at 0.30-0.68, and a box two pixels taller moved it from 0.85 to 0.30. A reading between RECHECK_FLOOR and
 * TESSERACT_ACCEPT is read again at RECHECK_SCALES, and one that comes out the same at each is accepted: a texture
 * or an icon does not read the same twice.
 */
export const RECHECK_FLOOR = 0.2;
export const RECHECK_SCALES: readonly number[] = Object.freeze([0.85, 1.2]);

/** A PP-OCR word whose weakest character is at least this probable is a sure word. */
export const SURE_WORD = 0.95;
/** A line whose PP-OCR words are at least this share sure is Latin-script text PP-OCR has read. */
export const SURE_LINE_SHARE = 0.6;
/** ...unless a Cyrillic or Greek model is at least this sure of it. */
export const OTHER_SCRIPT_SURE = 0.9;

/**
 * Whether PP-OCR read the line as surely Latin text. A Cyrillic or Greek model reads English as look-alike letters
 * ("name" as "пате", "Carian" as "Сапап") and is often sure of single words, but PP-OCR is sure of nearly every word
 * of a Latin line and of few words of a line in another script (tuning split: Latin lines 67-100 % sure words,
 * Cyrillic and Greek lines 67 % at most, and those were read at least 0.96 sure by their own model).
 */
export function surelyLatin(ppocr: Reading): boolean {
  const sure = ppocr.wordConfidence.filter((c) => c >= SURE_WORD).length;
  return ppocr.wordConfidence.length > 0 && sure / ppocr.wordConfidence.length >= SURE_LINE_SHARE;
}

/** The readings chooseReading weighs: a Cyrillic or Greek one of a line PP-OCR read surely as Latin is dropped. */
export function weighedReadings(ppocr: Reading | null, readings: readonly (Reading | null)[], groups: readonly ScriptGroup[]): (Reading | null)[] {
  const latin = ppocr !== null && surelyLatin(ppocr);
  return readings.map((r, g) => (r && latin && groups[g]!.script !== 'Latn' && r.item.confidence < OTHER_SCRIPT_SURE ? null : r));
}

/** Whether a reading is worth reading again at RECHECK_SCALES. */
export const worthRecheck = (r: Reading | null): boolean =>
  r !== null && r.steady === undefined && r.item.confidence >= RECHECK_FLOOR && r.item.confidence < TESSERACT_ACCEPT;

/**
 * The reading to keep: the script groups' Tesseract readings merged (mergeScripts), then merged word by word with
 * PP-OCR's (mergeReadings) when Tesseract is at least TESSERACT_ACCEPT sure or read the line steadily; else PP-OCR's
 * alone (Tesseract's alone where PP-OCR read nothing). Readings are weighed as weighedReadings says.
 */
export function chooseReading(
  ppocr: Reading | null, readings: readonly (Reading | null)[], groups: readonly ScriptGroup[], ppocrCanWrite: (ch: string) => boolean,
): TextItem | null {
  const kept = weighedReadings(ppocr, readings, groups);
  const best = mergeScripts(kept.flatMap((r, g) => (r ? [{ reading: r, script: groups[g]!.script }] : [])));
  if (!best) return ppocr?.item ?? null;
  if (!ppocr) return best.reading.item;
  const accepted = best.reading.item.confidence >= TESSERACT_ACCEPT || best.reading.steady === true;
  return accepted ? mergeReadings(ppocr, best.reading, best.script, ppocrCanWrite) : ppocr.item;
}
