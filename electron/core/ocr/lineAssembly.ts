import type { ControlMark } from '../../common/ipc';
import type { DecodedChar, DecodedSequence } from './ctcDecode';
import { englishLexicon, type Lexicon } from './lexicon';
import { LOST_SPACE_RULES, lostSpaceSplits, spuriousSpaces, type LostSpaceRules } from './wordSpaces';
import { TABLE_CELL_SEPARATOR, type OrderedLine } from './readingOrder';
import { unionBox } from './geometry';
import { camelCapitals, fixCapitals, fixContractions, fixDigits, fixIl, fixUnderscores, isUpper, repairSlips, SIZE_CASED } from './wordPrior';
import type { Box, OcrLine, OcrWord } from './types';

/** One recognized text box before reading order. */
export interface TextItem {
  readonly box: Box;
  readonly text: string;
  readonly confidence: number;
  readonly words: readonly OcrWord[];
  /** Visible characters, to weight confidences when items join a line. */
  readonly weight: number;
  /** A checkbox or radio button that led the item and left its text (checkGlyphs.ts). */
  readonly marker?: ControlMark;
}

const round = (n: number) => Math.round(n);
const roundBox = (b: Box): Box => [round(b[0]), round(b[1]), round(b[2]), round(b[3])];

/** The recognizer's Chinese dictionary writes full-width punctuation for screen ASCII; NFKC folds it back. */
const normalizeChar = (c: string) => c.normalize('NFKC');

/**
 * Look-alikes the Chinese dictionary offers for ASCII, put back where the text around them is Latin: the CJK
 * stroke 丨 for a separator bar, ≤ and ≥ for the angle brackets of "<Directory>" (a comparison sign is never glued
 * to the letters of a word), the CJK double angle brackets 《 》 for the guillemets of a breadcrumb ("Docs » Usage"),
 * and the ideographic full stop 。 that starts a word of Latin text for the hollow bullet ◦ of a nested list item.
 */
const LATIN = /[A-Za-z0-9]/;
/** Kana, ideographs and Hangul: text where 《 》 are the brackets they look like. */
const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;
const GUILLEMETS: Readonly<Record<string, string>> = Object.freeze({ '《': '«', '》': '»' });
export function fixLookAlikes(text: string): string {
  if (!/[丨≤≥《》。]/.test(text)) return text;
  const chars = [...text];
  return chars.map((c, i) => {
    const before = chars[i - 1] ?? ' ', after = chars[i + 1] ?? ' ';
    if (c === '丨' && !/[\u3400-\u9fff]/.test(before + after)) return '|';
    if (GUILLEMETS[c] && !CJK.test(before + after)) return GUILLEMETS[c]!;
    // An arrow's head too ("<-previous"): no comparison has a minus sign and a word after it.
    if (c === '≤' && (LATIN.test(after) || after === '/' || (after === '-' && /[A-Za-z]/.test(chars[i + 2] ?? '')))) return '<';
    if (c === '≥' && LATIN.test(before)) return '>';
    if (c === '。' && before === ' ' && (after === ' ' || LATIN.test(after))) return '◦';
    return c;
  }).join('');
}

/**
 * Word-level corrections after decoding, each measured on the bench's held-out set: the look-alikes stay (with 《 》
 * as guillemets, held-out recall 94.20 → 94.31 %) and so do bullets apart (93.94 → 94.31 %) and lone dots joined
 * (fifth round: tuning recall 96.53 → 96.54 %, held-out 94.31 → 94.32 %). The I/l prior (wordPrior.ts) was off
 * (first round, held-out word recall 93.33 % with it, 93.34 % without) until the sixth round found its two faults on
 * the tuning pages ("All" read as AII, "Filter" as FiIter); without them it is on: tuning recall 96.64 → 96.73 %,
 * desktop tuning 96.60 → 96.66 %, held-out 94.30 → 94.34 %, desktop held-out 93.77 → 93.82 %. Capitals in capital
 * words (eighth round): tuning recall 96.76 → 96.81 %, held-out 94.46 → 94.51 %, both desktop sets unchanged: on.
 * Letter index bars (eighth round): tuning recall 96.81 → 96.88 %, blocks intact 99.48 → 99.54 % (Apache's
 * directive index), the other three sets unchanged: on. Lexicon spaces (tenth round, evidence 0.05 chosen on the
 * tuning sets): tuning recall 96.87 → 96.94 %, desktop tuning 96.24 → 96.36 %, held-out 94.51 → 94.87 % (CER 4.17 →
 * 4.14 %), desktop held-out unchanged: on. Double dashes (eleventh round): tuning recall 97.41 → 97.43 %, held-out
 * 95.09 → 95.11 %, desktop sets unchanged: on. Underscores in names (eleventh round): tuning 97.43 → 97.46 %, the
 * other three sets unchanged: on. Section numbers apart (eleventh round): tuning 97.52 → 97.56 %, held-out 95.11 →
 * 95.16 %, desktop sets unchanged: on. Tall capitals (eleventh round): tuning 97.56 → 97.58 %, held-out 95.16 →
 * 95.17 %, desktop sets unchanged: on. The eleventh round's other rules and their figures: electron/core/ocr/README.md.
 */
export interface WordRules {
  readonly lookAlikes: boolean;
  readonly iOrL: boolean;
  /** "·Remember": a list bullet the recognizer glued to the first word of its box is a word of its own. */
  readonly bulletApart: boolean;
  /** "o Exercise 1": a nested list's hollow bullet read as the letter o at the start of a box. */
  readonly hollowBullets: boolean;
  /** "manage . py": a full stop read as a word of its own between a word and a lower-case one is part of both. */
  readonly loneDots: boolean;
  /** "PoST", "GNoME": a size-cased small letter inside a word of capitals is a capital (wordPrior.ts). */
  readonly capitalWords: boolean;
  /** "AIBICID": an index bar of letters ("A | B | C | D") read without its spaces, the bars as I. */
  readonly letterIndex: boolean;
  /** "firesbefore": a lost word space put back where the recognizer saw a little of it and the lexicon agrees (wordSpaces.ts). */
  readonly lexiconSpaces: boolean;
  /** Which further lost spaces the lexicon rule puts back (wordSpaces.ts). */
  readonly lostSpaces: LostSpaceRules;
  /** "setings", "fle", "kermel": one slip of small text undone where it gives the one common word (wordPrior.ts). */
  readonly slips: boolean;
  /** "Indexoptions": a size-cased small letter that parts an unknown run into common words is a capital (wordPrior.ts). */
  readonly camelCapitals: boolean;
  /** "- -merged", "- - list": a long option's two hyphens in monospace, read with spaces between them and the word. */
  readonly doubleDashes: boolean;
  /** "gtk_entry-get_text": an underscore under descenders read as a hyphen in a name of underscores (wordPrior.ts). */
  readonly underscores: boolean;
  /** "3.1.The": a section number glued to its title's first word. */
  readonly sectionNumbers: boolean;
  /** "Getting_started": a link title's word space that its underline filled, read as "_", between common words. */
  readonly titleUnderscores: boolean;
  /** "DEPENDs", "TLs": a size-cased small letter as tall as a capital, in a word of capitals, is a capital. */
  readonly tallCapitals: boolean;
  /** "off" for "Off", "overview" for "Overview": a word's first letter, size-cased and as tall as a capital, before small letters. */
  readonly initialCapitals: boolean;
  /** "#fof8ff", "(5o%)": a letter read for a digit where only digits stand (wordPrior.ts fixDigits). */
  readonly digits: boolean;
  /** "dont", "youll": a contraction's lost apostrophe, where the word without it is none (wordPrior.ts). */
  readonly contractions: boolean;
}
/** Whether any of `rules` reads the English word lists (lexicon.ts). */
export const usesLexicon = (rules: WordRules) => rules.lexiconSpaces || rules.camelCapitals || rules.slips || rules.titleUnderscores;
export const WORD_RULES: WordRules = Object.freeze({ lookAlikes: true, iOrL: true, bulletApart: true, hollowBullets: true, loneDots: true, capitalWords: true, letterIndex: true, lexiconSpaces: true, lostSpaces: LOST_SPACE_RULES, camelCapitals: true, slips: true, doubleDashes: true, underscores: true, sectionNumbers: true, titleUnderscores: true, tallCapitals: true, initialCapitals: false, digits: true, contractions: true });

/** The rules that hold for English only: those that take a word no English word for a misread one, and hollow bullets ("o" is a word in other languages). */
const ENGLISH_WORD_RULES = ['lexiconSpaces', 'camelCapitals', 'slips', 'titleUnderscores', 'contractions', 'hollowBullets'] as const;

/**
 * The word rules for the reading languages: with a language besides English and Chinese ("de,en"), a word the
 * English lists do not know may be that language's ("oder", "vers", "grande" had become "odder", "veers",
 * "grandee"), so the rules that read the lists are off.
 */
export function wordRulesFor(languages: readonly string[] | undefined, rules: WordRules = WORD_RULES): WordRules {
  if (!languages || languages.every((code) => code === 'en' || code === 'zh')) return rules;
  return Object.freeze({ ...rules, ...Object.fromEntries(ENGLISH_WORD_RULES.map((rule) => [rule, false])) });
}
/**
 * The recognizer sets spaces round a full stop in monospace file and module names ("manage . py", "index . html"):
 * the glyph's wide side bearings look like word spaces. Prose never has a space before a full stop, so a lone "."
 * between a word ending in a letter or digit and one starting with a small letter or digit joins them.
 */
function joinLoneDots(words: OcrWord[]): void {
  for (let k = words.length - 2; k >= 1; k--) {
    if (words[k]!.text !== '.' || !/[\p{L}\p{N}]$/u.test(words[k - 1]!.text) || !/^[\p{Ll}\p{N}]/u.test(words[k + 1]!.text)) continue;
    const a = words[k - 1]!, b = words[k + 1]!;
    const x1 = b.box[0] + b.box[2];
    words.splice(k - 1, 3, { text: `${a.text}.${b.text}`, box: [a.box[0], a.box[1], Math.max(1, x1 - a.box[0]), a.box[3]] });
    k--;
  }
}

/**
 * A monospace hyphen stands in a cell as wide as a letter's, so "--merged" has a gap between its hyphens, and often
 * one after them, as wide as a word space: the recognizer reads "- -merged" or "- - merged". Two lone hyphens in a
 * row never start anything in prose, so a hyphen word followed by a hyphen and a word that starts with a letter are
 * one option.
 */
function joinDoubleDashes(words: OcrWord[]): void {
  for (let k = words.length - 2; k >= 0; k--) {
    if (words[k]!.text !== '-') continue;
    const glued = /^-\p{L}/u.test(words[k + 1]!.text);
    const apart = words[k + 1]!.text === '-' && /^\p{L}/u.test(words[k + 2]?.text ?? '');
    if (!glued && !apart) continue;
    const parts = words.slice(k, k + (glued ? 2 : 3));
    const last = parts[parts.length - 1]!;
    const x1 = last.box[0] + last.box[2];
    words.splice(k, parts.length, { text: parts.map((w) => w.text).join(''), box: [words[k]!.box[0], words[k]!.box[1], Math.max(1, x1 - words[k]!.box[0]), words[k]!.box[3]] });
  }
}

/** Word k split into `first` and `second` (its text), each box a share of its width by characters. */
function splitWord(words: OcrWord[], k: number, first: string, second: string): void {
  const [x, y, w, h] = words[k]!.box;
  const share = Math.max(1, Math.round((w * [...first].length) / ([...first].length + [...second].length)));
  words.splice(k, 1, { text: first, box: [x, y, share, h] }, { text: second, box: [x + share, y, Math.max(1, w - share), h] });
}

/** A section number ("3.", "4.10.") and then a capitalised word. */
const NUMBERED_TITLE = /^(\d{1,3}(?:\.\d{1,3})*\.)(\p{Lu}\p{Ll}.*)$/u;

/**
 * A numbered heading's number and title are read as one word when the space after the number's last dot is narrow
 * ("3.1.The", "4.10.Pgp"): a number never runs on into a capitalised word, so the word is split after the dot.
 */
function splitSectionNumbers(words: OcrWord[]): void {
  for (let k = words.length - 1; k >= 0; k--) {
    const word = words[k]!;
    const m = NUMBERED_TITLE.exec(word.text);
    if (!m) continue;
    splitWord(words, k, m[1]!, m[2]!);
  }
}

/** A capitalised word, an underscore and a word, with prose's punctuation around them. */
const TITLE_UNDERSCORE = /^([("“]?\p{Lu}\p{Ll}+)_(\p{L}\p{Ll}+[.,;:!?)"”]*)$/u;

/**
 * A link's underline runs through the word spaces of its title, and the recognizer reads the blank over it as "_"
 * ("Getting_started", "Writing_extensions", "Defining_Aliases"). A name never starts with a capitalised English word
 * before an underscore and another word (constants are in capitals, C and Python names in small letters), so where
 * both are common words the underscore is the space.
 */
function splitTitleUnderscores(words: OcrWord[], lexicon: Lexicon): void {
  for (let k = words.length - 1; k >= 0; k--) {
    const word = words[k]!;
    const m = TITLE_UNDERSCORE.exec(word.text);
    if (!m) continue;
    const bare = (s: string) => s.replace(/[^\p{L}]/gu, '').toLowerCase();
    if (!lexicon.common.has(bare(m[1]!)) || !lexicon.common.has(bare(m[2]!))) continue;
    splitWord(words, k, m[1]!, m[2]!);
  }
}

/** Capitals alternating with a bar the recognizer read as I, l or 丨: four letters at least. */
const LETTER_BAR = /^[A-Z](?:[Il|丨][A-Z]){3,}$/;

/**
 * An index bar of letters ("A | B | C | … | X", each a link) comes out as one word, "AIBICIDIEIF…", when the
 * spaces are tight: the bars read as I and the spaces lost. Letters and bars alternate, and the letters run in
 * alphabetical order (no word does that), so the word is split back into its letters.
 */
function splitLetterIndex(words: OcrWord[]): void {
  for (let k = words.length - 1; k >= 0; k--) {
    const word = words[k]!;
    // A bar may lead the run too ("| N | O | P": "INIOIP"), read as I like the others.
    const lead = [0, 1].find((n) => (n === 0 || /^[Il|丨]/.test(word.text)) && isLetterIndex(word.text.slice(n)));
    if (lead === undefined) continue;
    const letters = [...word.text.slice(lead)].filter((_, i) => i % 2 === 0);
    const [x, y, w, h] = word.box;
    const share = w / (2 * letters.length - 1 + lead);
    const part = (text: string, n: number) => ({ text, box: roundBox([x + n * share, y, Math.max(1, share), h]) });
    const parts = [...(lead ? [part('|', 0)] : []), ...letters.flatMap((c, i) => [...(i > 0 ? [part('|', lead + 2 * i - 1)] : []), part(c, lead + 2 * i)])];
    words.splice(k, 1, ...parts);
  }
}

/** Capitals alternating with bars, the capitals in alphabetical order. */
function isLetterIndex(run: string): boolean {
  if (!LETTER_BAR.test(run)) return false;
  const letters = [...run].filter((_, i) => i % 2 === 0);
  return letters.every((c, i) => i === 0 || c > letters[i - 1]!);
}

/** A bullet glyph glued to the letter, digit or quote after it at the start of a box. */
const GLUED_BULLET = /^([·•◦▪‣])(?=[\p{L}\p{N}'"‘“])/u;

/** The box's first word split after a glued bullet, the bullet's box one character's share of the word's width. */
function bulletApart(words: OcrWord[]): void {
  const first = words[0];
  const m = first && GLUED_BULLET.exec(first.text);
  if (!first || !m) return;
  const [x, y, w, h] = first.box;
  const share = Math.max(1, Math.round(w / [...first.text].length));
  words.splice(0, 1, { text: m[1]!, box: [x, y, share, h] }, { text: first.text.slice(m[1]!.length), box: [x + share, y, Math.max(1, w - share), h] });
}

/**
 * A nested list's hollow bullet (CSS "circle") is a small ring, and the recognizer reads it as the letter o: "o
 * Exercise 1 - Building a Basic Project". No English word is a lone small o, so one that opens a box before a word is
 * the bullet ◦ (screen readers say "white bullet", and the line becomes a list item). In Portuguese, Spanish, Italian
 * or Polish "o" is a word: the rule is one of the English-only ones (wordRulesFor).
 */
function hollowBullet(words: OcrWord[]): void {
  if (words.length >= 2 && words[0]!.text === 'o' && /^[\p{L}\p{N}"'“‘(\[<]/u.test(words[1]!.text)) words[0] = { ...words[0]!, text: '◦' };
}

/** Each run of letters with its camel-case capitals put back (wordPrior.ts camelCapitals). */
function withCamelCapitals(chars: readonly DecodedChar[], lexicon: Lexicon): readonly DecodedChar[] {
  return withCapitalsInRuns(chars, (run) => camelCapitals(run.map((c) => c.char), (n) => run[n]!.capitalHeight === true, lexicon));
}

/**
 * The capitals of words of capitals that the pixels show: fixCapitals leaves a word's last letter alone ("URLs" is
 * spelt so), but where a size-cased small letter stands as tall as a capital (glyphGeometry's capitalHeight) in a
 * word of two capitals or more and no other small letters ("DEPENDs", "TLs", "CFLAGs"), it is a capital.
 */
function withTallCapitals(chars: readonly DecodedChar[]): readonly DecodedChar[] {
  return withCapitalsInRuns(chars, (run) => {
    const small = run.flatMap((c, k) => (isUpper(c.char) ? [] : [k]));
    const tall = small.length > 0 && run.length - small.length >= 2 && small.every((k) => SIZE_CASED.has(run[k]!.char) && run[k]!.capitalHeight);
    return tall ? small : [];
  });
}

/**
 * Small text loses the height that tells C O S V W X Z from c o s v w x z, and a word's capital comes out small
 * ("off", "overview", "since"). Where the pixels show such a letter opening a word as tall as a capital
 * (glyphGeometry's capitalHeight) and two or more small letters follow, where a capital is due (a box's first word,
 * after a sentence's end), it is a capital. Only a word's first letter: inside a word the same height test made
 * "NOrth"; anywhere in a line, it also capitalised "--onto", "[options]" and Sphinx's "create" (tuning recall
 * 97.84 → 97.82 %). Off (`initialCapitals`, sixteenth round): where a capital is due it helped the desktop tuning
 * set (recall 97.30 → 97.33 %), left the documentation tuning set the same to two decimals (three screens better,
 * one worse) and cost the held-out documentation (recall 96.00 → 95.96 %).
 */
function withInitialCapitals(chars: readonly DecodedChar[]): readonly DecodedChar[] {
  if (!chars.some((c) => c.capitalHeight)) return chars;
  const letter = (c: DecodedChar | undefined) => c !== undefined && /^\p{L}$/u.test(c.char);
  return chars.map((c, i) => {
    if (!c.capitalHeight || !SIZE_CASED.has(c.char) || !(i === 0 || WORD_OPENERS.has(chars[i - 1]!.char))) return c;
    // Where a capital is due: the box's first word, or after a sentence's end.
    let j = i - 1;
    while (j >= 0 && WORD_OPENERS.has(chars[j]!.char)) j--;
    if (j >= 0 && !SENTENCE_ENDS.has(chars[j]!.char)) return c;
    let k = i + 1;
    while (letter(chars[k]) && !isUpper(chars[k]!.char)) k++;
    const runsOn = letter(chars[k]) || /^[\p{N}_]$/u.test(chars[k]?.char ?? '');
    return k - i >= 3 && !runsOn ? { ...c, char: c.char.toUpperCase() } : c;
  });
}
const SENTENCE_ENDS: ReadonlySet<string> = new Set(['.', '!', '?', ':']);
/** What may stand before a word's first letter. */
const WORD_OPENERS: ReadonlySet<string> = new Set([' ', '(', '[', '"', "'", '“', '‘', '«']);

/** The characters with the letters that `capitalsOf` names in each run of letters (its indexes in the run) made capitals. */
function withCapitalsInRuns(chars: readonly DecodedChar[], capitalsOf: (run: readonly DecodedChar[]) => readonly number[]): readonly DecodedChar[] {
  if (!chars.some((c) => c.capitalHeight)) return chars;
  const out = [...chars];
  let from = 0;
  for (let i = 0; i <= chars.length; i++) {
    if (i < chars.length && /^\p{L}$/u.test(chars[i]!.char)) continue;
    if (i - from > 0) {
      const run = chars.slice(from, i);
      for (const k of capitalsOf(run)) out[from + k] = { ...run[k]!, char: run[k]!.char.toUpperCase() };
    }
    from = i + 1;
  }
  return out;
}

/** The characters without the spaces at `drop`. */
function withoutSpaces(chars: readonly DecodedChar[], drop: readonly number[]): readonly DecodedChar[] {
  if (drop.length === 0) return chars;
  const gone = new Set(drop);
  return chars.filter((_, i) => !gone.has(i));
}

/** The characters with a space before each that `splitsOf` names within its word (a run between spaces). */
function withLostSpaces(chars: readonly DecodedChar[], splitsOf: (word: readonly DecodedChar[]) => number[]): readonly DecodedChar[] {
  const out: DecodedChar[] = [];
  let from = 0;
  const word = (to: number) => {
    const run = chars.slice(from, to);
    const splits = new Set(run.length > 0 ? splitsOf(run) : []);
    run.forEach((c, i) => {
      if (splits.has(i)) out.push({ char: ' ', start: c.start, end: c.start, prob: 0 });
      out.push(c);
    });
  };
  chars.forEach((c, i) => {
    if (normalizeChar(c.char).trim() !== '') return;
    word(i);
    out.push(c);
    from = i + 1;
  });
  word(chars.length);
  return out;
}

/**
 * Turns a decoded sequence into text and word boxes. Character time steps map back to image x through the crop's
 * scale (crop width `cropW` px at the recognizer's input height for `box`).
 */
export function itemFromSequence(box: Box, seq: DecodedSequence, pxPerStep: number, cropW: number, rules: WordRules = WORD_RULES): TextItem | null {
  const scale = box[2] / cropW;
  const words: OcrWord[] = [];
  let current: { text: string; x0: number; x1: number } | null = null;
  const flush = () => {
    if (current && current.text.trim()) {
      words.push({ text: current.text, box: roundBox([current.x0, box[1], Math.max(1, current.x1 - current.x0), box[3]]) });
    }
    current = null;
  };
  const lexicon = usesLexicon(rules) ? englishLexicon() : null;
  const joined = lexicon && rules.lexiconSpaces && rules.lostSpaces.joinPieces ? withoutSpaces(seq.chars, spuriousSpaces(seq.chars, lexicon)) : seq.chars;
  const spaced = lexicon && rules.lexiconSpaces ? withLostSpaces(joined, (run) => lostSpaceSplits(run, lexicon, rules.lostSpaces)) : joined;
  const camel = lexicon && rules.camelCapitals ? withCamelCapitals(spaced, lexicon) : spaced;
  const tallCased = rules.tallCapitals ? withTallCapitals(camel) : camel;
  const cased = rules.initialCapitals ? withInitialCapitals(tallCased) : tallCased;
  for (const c of cased) {
    const ch = normalizeChar(c.char);
    if (ch.trim() === '') { flush(); continue; }
    const x0 = box[0] + c.start * pxPerStep * scale;
    const x1 = box[0] + Math.min(cropW, (c.end + 1) * pxPerStep) * scale;
    if (current) { current.text += ch; current.x1 = Math.max(current.x1, x1); } else current = { text: ch, x0, x1 };
  }
  flush();
  if (words.length === 0) return null;
  for (let k = 0; k < words.length; k++) {
    let text = words[k]!.text;
    if (rules.lookAlikes) text = fixLookAlikes(text);
    if (rules.iOrL) text = fixIl(text);
    if (rules.capitalWords) text = fixCapitals(text);
    if (rules.underscores) text = fixUnderscores(text);
    if (rules.digits) text = fixDigits(text);
    if (rules.contractions) text = fixContractions(text);
    if (rules.slips && lexicon) text = repairSlips(text, lexicon);
    if (text !== words[k]!.text) words[k] = { ...words[k]!, text };
  }
  if (rules.bulletApart) bulletApart(words);
  if (rules.hollowBullets) hollowBullet(words);
  if (rules.loneDots) joinLoneDots(words);
  if (rules.doubleDashes) joinDoubleDashes(words);
  if (rules.sectionNumbers) splitSectionNumbers(words);
  if (rules.titleUnderscores && lexicon) splitTitleUnderscores(words, lexicon);
  if (rules.letterIndex) splitLetterIndex(words);
  return { box: roundBox(box), text: words.map((w) => w.text).join(' '), confidence: seq.confidence, words, weight: words.reduce((n, w) => n + w.text.length, 0) };
}


/**
 * One ordered line's text from its recognized items: fragments joined with spaces, table cells with the separator.
 * Items that were dropped (icons, textures: null) leave no trace; a line with none left is null.
 */
export function lineFromOrder(line: OrderedLine, items: readonly (TextItem | null | undefined)[]): OcrLine | null {
  const read = line.cells.map((cell) => cell.map((i) => items[i]).filter((m): m is TextItem => !!m));
  // The line's first item may be a checkbox read alone (checkGlyphs.ts): no text, but the line's marker.
  const marker = read.flat()[0]?.marker;
  const cellItems = read.map((cell) => cell.filter((m) => m.text !== '')).filter((cell) => cell.length > 0);
  if (cellItems.length === 0) return null;
  const members = cellItems.flat();
  const weight = members.reduce((n, m) => n + m.weight, 0);
  const cells = cellItems.map((cell) => cell.map((m) => m.text).join(' '));
  const tableRow = line.tableRow && cells.length > 1;
  return {
    text: cells.join(tableRow ? TABLE_CELL_SEPARATOR : ' '),
    confidence: Math.round((members.reduce((s, m) => s + m.confidence * m.weight, 0) / Math.max(1, weight)) * 1e4) / 1e4,
    box: unionBox(members.map((m) => m.box)),
    words: members.flatMap((m) => m.words),
    block: line.block,
    ...(tableRow ? { cells } : {}),
    ...(marker ? { marker } : {}),
  };
}

