import type { DecodedChar } from './ctcDecode';
import type { Lexicon } from './lexicon';
import { isUpper } from './wordPrior';

/**
 * Word spaces the recognizer lost in small text ("allthe", "digitsis", "FurtherInformation"): the blank between the
 * two words was narrower than a time step, so the space class never won a step. Where it still showed at a blank
 * step (at least LEXICON_SPACE_EVIDENCE, below the decoder's SPACE_EVIDENCE) and the lexicon agrees, the space is put
 * back: the run is no English word, and the split gives two or three common words. Code names that are no words
 * ("isdigit", "getattr") leave no such evidence in the gap between their parts: their letters are set as one word.
 * Set on the tuning sets: from 0.005 to 0.02 Apache's directive names came apart too ("Force Type", "Set Handler":
 * 0.005 to 0.03 between their parts), and 0.1 lost "or virtual" (0.057). The pixels are evidence too: a blank as wide
 * as the box's word spaces, or (eleventh round) the one widest blank of a run of small letters, two pixels wider than
 * the letter spacing ("waysthan", "ifit"; on the tuning sets seven such spaces back, and "re base", "end comment" for
 * git's "rebase" and Django's "endcomment": jargon the lexicon does not know).
 */
export const LEXICON_SPACE_EVIDENCE = 0.05;
/** Shorter runs are abbreviations or names as often as joined words. */
const MIN_RUN = 4;
/** One-letter words that may stand alone. */
const ONE_LETTER_WORDS: ReadonlySet<string> = new Set(['a', 'A', 'I']);

const isLetter = (c: string) => /^\p{L}$/u.test(c);

/** A piece of a split: a common word, written as words are (all small, or a capital first). */
function isPiece(piece: string, lexicon: Lexicon): boolean {
  if (piece.length === 1) return ONE_LETTER_WORDS.has(piece);
  if ([...piece].slice(1).some(isUpper)) return false;
  return lexicon.common.has(piece.toLowerCase());
}

/** Which kinds of lost space are put back (each measured on its own in the ablation bench). */
export interface LostSpaceRules {
  /** After a full stop, comma or semicolon between two common words, on the recognizer's evidence ("table.It"). */
  readonly afterPunctuation: boolean;
  /** A blank as wide as the box's word spaces (the pixel corrections' wideGapBefore) is evidence too. */
  readonly pixelGaps: boolean;
  /** A space inside a word dropped where the lexicon knows the word whole ("AddHand ler"; spuriousSpaces). */
  readonly joinPieces: boolean;
  /** A number and a word glued together ("3Sex", "Page1") parted on the recognizer's evidence. */
  readonly numberWords: boolean;
  /** The widest blank in a run of letters (the pixel corrections' widestGapBefore) is evidence for two pieces. */
  readonly widestGaps: boolean;
}
export const LOST_SPACE_RULES: LostSpaceRules = Object.freeze({ afterPunctuation: true, pixelGaps: true, joinPieces: true, numberWords: true, widestGaps: true });

/**
 * Prose's punctuation before and after a word, and a section's number before a heading ("6.1.SidebarVariables");
 * anything else ("\\", "$", "_", "/") makes the word a name or a pattern, never taken apart.
 */
const OPENING = /^[(\["'“‘«0-9.]$/u;
const CLOSING = /^[.,;:!?)\]"'”’»]$/u;

/** Punctuation a space follows in prose; before a capital only the full stop. */
const CLAUSE_END = /^[.,;]$/;

/**
 * Where spaces go back in one word's characters (no spaces among them): indexes of the characters a space goes
 * before, or none. Runs of letters are taken apart (between hyphens and the punctuation at the ends), and with
 * `afterPunctuation` a word is first parted after a clause's end.
 */
export function lostSpaceSplits(chars: readonly DecodedChar[], lexicon: Lexicon, rules: LostSpaceRules = LOST_SPACE_RULES, evidence = LEXICON_SPACE_EVIDENCE): number[] {
  if (chars.map((c) => c.char).join('').endsWith('()')) return []; // a function's name: "isdigit()"
  const strong = (c: DecodedChar) => (c.spaceBefore ?? 0) >= evidence || (rules.pixelGaps && c.wideGapBefore === true);
  const seen = (c: DecodedChar) => strong(c) || (rules.widestGaps && c.widestGapBefore === true);
  if (rules.numberWords) {
    const cut = numberWordCut(chars, strong, rules.widestGaps ? lexicon : null);
    if (cut !== null) return [cut];
  }
  const parts = rules.afterPunctuation ? clauseCuts(chars, lexicon, seen) : [];
  const bounds = [0, ...parts, chars.length];
  const splits = [...parts];
  for (let k = 0; k + 1 < bounds.length; k++) splits.push(...splitsInPart(chars, bounds[k]!, bounds[k + 1]!, lexicon, seen));
  return splits.sort((a, b) => a - b);
}

/**
 * A run of digits and a run of two or more letters, either way round, with a space seen between them ("3Sex"); on the
 * weaker evidence of the word's widest blank (with `lexicon`), only where the letters are a common word ("page1", not
 * "libxml2" or "SIGUSR1").
 */
function numberWordCut(chars: readonly DecodedChar[], seen: (c: DecodedChar) => boolean, lexicon: Lexicon | null): number | null {
  const text = chars.map((c) => c.char).join('');
  const m = /^(\d+)(\p{L}{2,})[.,;:!?)]*$/u.exec(text) ?? /^(\p{L}{2,})(\d+)[.,;:!?)]*$/u.exec(text);
  if (!m) return null;
  const at = [...m[1]!].length;
  if (seen(chars[at]!)) return at;
  const letters = /\p{L}/u.test(m[1]!) ? m[1]! : m[2]!;
  return lexicon && chars[at]!.widestGapBefore === true && isPiece(letters, lexicon) ? at : null;
}

/** "characters.These", "groups,then": the letters on each side a common word, and the recognizer saw a space. */
function clauseCuts(chars: readonly DecodedChar[], lexicon: Lexicon, seen: (c: DecodedChar) => boolean): number[] {
  const text = chars.map((c) => c.char);
  const cuts: number[] = [];
  for (let i = 2; i < text.length; i++) {
    if (!CLAUSE_END.test(text[i - 1]!) || !isLetter(text[i]!) || !seen(chars[i]!)) continue;
    let a = i - 1;
    while (a > 0 && isLetter(text[a - 1]!)) a--;
    let b = i;
    while (b < text.length && isLetter(text[b]!)) b++;
    const before = text.slice(a, i - 1).join(''), after = text.slice(i, b).join('');
    // The word before starts the word (after opening punctuation); the one after ends it (before closing punctuation).
    if (!text.slice(0, a).every((c) => OPENING.test(c)) || !text.slice(b).every((c) => CLOSING.test(c))) continue;
    if (isUpper(after[0]!) !== (text[i - 1] === '.')) continue;
    if ([...before].some(isUpper) || !isPiece(before, lexicon) || !isPiece(after, lexicon) || before.length < 2) continue;
    cuts.push(i);
  }
  return cuts;
}

/** Splits inside chars[from, to): runs of letters between hyphens, opening and closing punctuation left out. */
function splitsInPart(chars: readonly DecodedChar[], from: number, to: number, lexicon: Lexicon, seen: (c: DecodedChar) => boolean): number[] {
  let start = from;
  while (start < to && OPENING.test(chars[start]!.char)) start++;
  let end = to;
  while (end > start && CLOSING.test(chars[end - 1]!.char)) end--;
  const splits: number[] = [];
  for (let a = start; a < end;) {
    let b = a;
    while (b < end && isLetter(chars[b]!.char)) b++;
    if (b < end && chars[b]!.char !== '-') return []; // digits, dots, underscores inside: a name, not words
    splits.push(...splitRun(chars, a, b, lexicon, seen));
    a = b + 1;
  }
  return splits;
}

/** The fewest pieces (then the strongest weakest evidence) that split chars[from, to) into common words. */
function splitRun(chars: readonly DecodedChar[], from: number, to: number, lexicon: Lexicon, seen: (c: DecodedChar) => boolean): number[] {
  const run = chars.slice(from, to).map((c) => c.char).join('');
  if (run.length < MIN_RUN || lexicon.known.has(run.toLowerCase())) return [];
  // Small letters after the first, or one capital that starts the second piece ("FurtherInformation").
  const capitals = [...run].map((c, i) => (i > 0 && isUpper(c) ? i : -1)).filter((i) => i > 0);
  if (capitals.length > 1) return [];
  const cuts = [...run].map((_, i) => i).filter((i) => i > 0 && seen(chars[from + i]!));
  let best: { cuts: number[]; weakest: number } | null = null;
  const consider = (chosen: number[]) => {
    const bounds = [0, ...chosen, run.length];
    for (let k = 0; k + 1 < bounds.length; k++) if (!isPiece(run.slice(bounds[k], bounds[k + 1]), lexicon)) return;
    if (capitals.length === 1 && !chosen.includes(capitals[0]!)) return;
    const weakest = Math.min(...chosen.map((i) => chars[from + i]!.spaceBefore ?? 0));
    if (!best || chosen.length < best.cuts.length || (chosen.length === best.cuts.length && weakest > best.weakest)) best = { cuts: chosen, weakest };
  };
  // Two pieces, or three.
  for (const a of cuts) {
    consider([a]);
    for (const b of cuts) if (b > a) consider([a, b]);
  }
  return best ? (best as { cuts: number[] }).cuts.map((i) => from + i) : [];
}

/**
 * Spaces the recognizer put inside a word: a monospace "l" or "i" stands in a wide cell, and the blank beside it
 * looks like a word space ("AddHand ler", "<Fi lesMatch>", "St ring"). A space goes when the letters on one side of
 * it (after it up to the next capital, before it back to their capital) are no English word but, joined, the two
 * are one. Indexes of the spaces to drop.
 */
export function spuriousSpaces(chars: readonly DecodedChar[], lexicon: Lexicon): number[] {
  const text = chars.map((c) => c.char);
  const drop: number[] = [];
  for (let i = 1; i + 1 < text.length; i++) {
    if (text[i] !== ' ' || !isLetter(text[i - 1]!) || !isLetter(text[i + 1]!) || isUpper(text[i + 1]!)) continue;
    let a = i - 1;
    while (a > 0 && isLetter(text[a - 1]!) && !isUpper(text[a]!)) a--;
    let b = i + 1;
    while (b < text.length && isLetter(text[b]!) && !isUpper(text[b]!)) b++;
    const before = text.slice(a, i).join(''), after = text.slice(i + 1, b).join('');
    if (before.length + after.length < MIN_RUN || (lexicon.known.has(after.toLowerCase()) && lexicon.known.has(before.toLowerCase()))) continue;
    if (lexicon.known.has((before + after).toLowerCase())) drop.push(i);
  }
  return drop;
}
