import type { ScriptCode } from '../../../common/languages';
import type { TextItem } from '../lineAssembly';
import type { OcrWord } from '../types';

import type { Reading } from './tesseractLines';

/**
 * Merges two readings of one line word by word (pure). PP-OCR reads the shapes of Latin letters, digits and small
 * UI text better; Tesseract's model for the chosen language has the letters PP-OCR lacks. Words are paired by their
 * x ranges; for each pair that differs:
 *  - the same letters once accents and case are set aside ("Ruckgangig" / "Rückgängig"): Tesseract's, which has the
 *    accents PP-OCR's dictionary lacks or missed (treating I, l and 1 or O and 0 as the same too was tried: it
 *    fixed no word of the tuning split and broke three, "GIcon", "PrintDlgEx", "0=nee");
 *  - Tesseract's word holds a character PP-OCR cannot write (ß, ı, ł, Cyrillic, Greek): Tesseract's, unless PP-OCR
 *    read digits and signs more surely ("-1", not "-Ί"), or, in Cyrillic and Greek text, a Latin word more surely
 *    with a letter that looks like nothing in that script ("rgb", which the Greek model can only write in Greek
 *    letters; but "Av" for "Αν" or "He" for "Не" are look-alikes, so Tesseract's reading stands);
 *  - otherwise (both could have written either): the surer of the two ("GdkRGBA" over "GAkRGBA", "yükseklik" over
 *    "yikseklik").
 * Where the two split the line into words differently, Tesseract's words are kept.
 * Thresholds were set on the tuning split of the gettext corpus (test/fixtures/lang).
 */

/** PP-OCR this sure beats a less sure Tesseract reading when the word has a letter with no look-alike there. */
export const PPOCR_SURE = 0.8;

/**
 * Latin letters and digits PP-OCR writes for letters of another script that look the same or nearly (it has no
 * Cyrillic or Greek of its own): "Pe)KHMbl" for "Режимы", "npoemAeyμevn" for "προεπιλεγμένη".
 */
const LOOK_ALIKES: Readonly<Partial<Record<ScriptCode, ReadonlySet<string>>>> = Object.freeze({
  Cyrl: new Set('ABCEHKMNOPRTXYabceijkmnoprsuxy036'),
  Grek: new Set('ABEHIKMNOPTXYZacehiklnoptuvwxy0'),
});

/** Latin letters or none, with a letter that looks like nothing in `script` ("bgr" in Greek, not "Av"). */
function unlikeScript(text: string, script: ScriptCode): boolean {
  const alike = LOOK_ALIKES[script];
  return alike !== undefined && LATIN_OR_NONE.test(text) && [...text].some((c) => /\p{L}/u.test(c) && !alike.has(c));
}

/** Letters only, accents removed, lower case: what two readings must share to differ only in accents. */
export const baseLetters = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();


/** A letter of each script. */
export const SCRIPT_TEST: Readonly<Record<ScriptCode, RegExp>> = Object.freeze({
  Latn: /\p{Script=Latin}/u,
  Cyrl: /\p{Script=Cyrillic}/u,
  Grek: /\p{Script=Greek}/u,
  Hans: /\p{Script=Han}/u,
});

/** Latin letters, or no letters at all (digits, signs). */
const LATIN_OR_NONE = /^(\p{Script=Latin}|[^\p{L}])+$/u;

const overlap = (a: OcrWord, b: OcrWord) => {
  const lo = Math.max(a.box[0], b.box[0]), hi = Math.min(a.box[0] + a.box[2], b.box[0] + b.box[2]);
  return Math.max(0, hi - lo) / Math.max(1, Math.min(a.box[2], b.box[2]));
};

/** Pairs are words overlapping by at least half of the narrower one. */
const PAIRED = 0.5;

export interface WordReading {
  readonly text: string;
  readonly confidence: number;
}

/** Tesseract is trusted to add what PP-OCR dropped only when it is this sure of the word. */
const TESSERACT_ADDS_AT = 0.8;

/** True when `short` is `long` with some characters left out (PP-OCR dropping a glyph it cannot shape: "," for "€,"). */
function dropsFrom(short: string, long: string): boolean {
  const s = [...short], l = [...long];
  if (s.length >= l.length) return false;
  let i = 0;
  for (const ch of l) if (ch === s[i]) i++;
  return i === s.length;
}

export function chooseWord(ppocr: WordReading, tesseract: WordReading, script: ScriptCode, ppocrCanWrite: (ch: string) => boolean): string {
  const p = ppocr.text, t = tesseract.text;
  if (p === t) return p;
  if (baseLetters(p) === baseLetters(t)) return t;
  if (tesseract.confidence >= TESSERACT_ADDS_AT && dropsFrom(p, t)) return t;
  if (![...t].every(ppocrCanWrite)) {
    if (!LATIN_OR_NONE.test(p) || ppocr.confidence <= tesseract.confidence) return t;
    const letters = [...p].filter((c) => /\p{L}/u.test(c));
    // Digits and signs never turn into letters ("-1" is not "-Ί").
    if (letters.length === 0) return p;
    const alike = LOOK_ALIKES[script];
    return ppocr.confidence >= PPOCR_SURE && alike !== undefined && letters.some((c) => !alike.has(c)) ? p : t;
  }
  return ppocr.confidence >= tesseract.confidence ? p : t;
}

/**
 * One line's readings by the models of several scripts (a Russian and a Greek word on one line): the surest line
 * reading, with each word replaced by another script's reading of it where that model is clearly surer of it
 * (by CROSS_SCRIPT_MARGIN) and wrote it in its own script.
 */
export const CROSS_SCRIPT_MARGIN = 0.15;

export function mergeScripts(readings: ReadonlyArray<{ reading: Reading; script: ScriptCode }>): { reading: Reading; script: ScriptCode } | null {
  const ranked = [...readings].sort((a, b) => b.reading.item.confidence - a.reading.item.confidence);
  const first = ranked[0];
  if (!first || ranked.length === 1) return first ?? null;
  const tw = first.reading.item.words;
  const wordConfidence = [...first.reading.wordConfidence];
  const words = tw.map((t, ti) => {
    let best = { word: t, confidence: first.reading.wordConfidence[ti] ?? 0 };
    for (const other of ranked.slice(1)) {
      const ow = other.reading.item.words;
      const pairs = ow.map((o, i) => (overlap(t, o) >= PAIRED ? i : -1)).filter((i) => i >= 0);
      if (pairs.length !== 1) continue;
      const o = ow[pairs[0]!]!, confidence = other.reading.wordConfidence[pairs[0]!] ?? 0;
      if (confidence >= best.confidence + CROSS_SCRIPT_MARGIN && SCRIPT_TEST[other.script].test(o.text)) best = { word: { ...t, text: o.text }, confidence };
    }
    wordConfidence[ti] = best.confidence;
    return best.word;
  });
  const weight = words.reduce((n, w) => n + [...w.text].length, 0);
  return { script: first.script, reading: { ...first.reading, item: { ...first.reading.item, text: words.map((w) => w.text).join(' '), words, weight }, wordConfidence } };
}

/**
 * The merged line: Tesseract's words in order, each replaced by its PP-OCR partner where chooseWord says so, with
 * the higher of the two line confidences.
 */
export function mergeReadings(ppocr: Reading, tesseract: Reading, script: ScriptCode, ppocrCanWrite: (ch: string) => boolean): TextItem {
  const pw = ppocr.item.words, tw = tesseract.item.words;
  const partners = (w: OcrWord, others: readonly OcrWord[]) => others.map((o, i) => (overlap(w, o) >= PAIRED ? i : -1)).filter((i) => i >= 0);
  // Each Tesseract word's one PP-OCR partner (index), where each is the other's only one.
  const partnerAt = tw.map((t) => {
    const ps = partners(t, pw);
    return ps.length === 1 && partners(pw[ps[0]!]!, tw).length === 1 ? ps[0]! : -1;
  });
  const partnerOf = (ti: number) => pw[partnerAt[ti] ?? -1];
  const chosen = tw.map((t, ti) => {
    const p = partnerOf(ti);
    if (!p) return t.text;
    return chooseWord(
      { text: p.text, confidence: ppocr.wordConfidence[partnerAt[ti]!] ?? ppocr.item.confidence },
      { text: t.text, confidence: tesseract.wordConfidence[ti] ?? tesseract.item.confidence },
      script,
      ppocrCanWrite,
    );
  });
  // A Latin word between two Latin words kept from PP-OCR ("rgb, bgr, vrgb" in Greek text) is Latin too, where its
  // reading has a letter the script has no look-alike for: the other model could only force it into its letters.
  const latinKept = (ti: number) => {
    const p = partnerOf(ti);
    return p !== undefined && chosen[ti] === p.text && unlikeScript(p.text, script);
  };
  const words = tw.map((t, ti) => {
    const p = partnerOf(ti);
    const text = p && chosen[ti] !== p.text && unlikeScript(p.text, script) && latinKept(ti - 1) && latinKept(ti + 1) ? p.text : chosen[ti]!;
    return text === t.text ? t : { ...t, text };
  });
  const weight = words.reduce((n, w) => n + [...w.text].length, 0);
  // The line is text as surely as the surer recognizer says: PP-OCR's confidence is what the engine's floor for
  // keeping a line (MIN_CONFIDENCE) was set on, and Tesseract's runs lower on short lines.
  const confidence = Math.max(ppocr.item.confidence, tesseract.item.confidence);
  return { ...tesseract.item, text: words.map((w) => w.text).join(' '), words, weight, confidence };
}
