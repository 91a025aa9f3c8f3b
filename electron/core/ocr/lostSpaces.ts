import type { DecodedChar } from './ctcDecode';
import type { Lexicon } from './lexicon';

/**
 * Word spaces the recognizer lost in small text ("allthe", "digitsis", "FurtherInformation"): the blank between the
 * two words was narrower than a time step, so the space class never won a step. Where it still showed at a blank
 * step (at least LEXICON_SPACE_EVIDENCE, below the decoder's SPACE_EVIDENCE) and the lexicon agrees, the space is put
 * back: the run is no English word, and the split gives two or three common words. Code names that are no words
 * ("isdigit", "getattr") leave no such evidence in the gap between their parts: their letters are set as one word.
 */
/**
 * Set on the tuning sets: from 0.005 to 0.02 Apache's directive names came apart too ("Force Type", "Set Handler":
 * 0.005 to 0.03 between their parts), and 0.1 lost "or virtual" (0.057).
 */
export const LEXICON_SPACE_EVIDENCE = 0.05;

/** A split gives two or three pieces, each a common word. */
const MAX_PIECES = 3;
/** Shorter runs are abbreviations or names as often as joined words. */
const MIN_RUN = 4;
/** One-letter words that may stand alone. */
const ONE_LETTER_WORDS: ReadonlySet<string> = new Set(['a', 'A', 'I']);

const isLetter = (c: string) => /^\p{L}$/u.test(c);
const isUpper = (c: string) => c !== c.toLowerCase();

/** A piece of a split: a common word, written as words are (all small, or a capital first). */
function isPiece(piece: string, lexicon: Lexicon): boolean {
  if (piece.length === 1) return ONE_LETTER_WORDS.has(piece);
  if ([...piece].slice(1).some(isUpper)) return false;
  return lexicon.common.has(piece.toLowerCase());
}

/**
 * Where spaces go back in one word's characters (no spaces among them): indexes of the characters a space goes
 * before, or none. Only runs of letters are taken apart (between hyphens and the punctuation at the ends).
 */
export function lostSpaceSplits(chars: readonly DecodedChar[], lexicon: Lexicon, evidence = LEXICON_SPACE_EVIDENCE): number[] {
  if (chars.map((c) => c.char).join('').endsWith('()')) return []; // a function's name: "isdigit()"
  const splits: number[] = [];
  let start = 0;
  // Leading punctuation ("(allthe"), then runs of letters parted by hyphens, then trailing punctuation.
  while (start < chars.length && !isLetter(chars[start]!.char)) start++;
  let end = chars.length;
  while (end > start && !isLetter(chars[end - 1]!.char)) end--;
  for (let from = start; from < end;) {
    let to = from;
    while (to < end && isLetter(chars[to]!.char)) to++;
    if (to < end && chars[to]!.char !== '-') return []; // digits, dots, underscores: a name, not words
    splits.push(...splitRun(chars, from, to, lexicon, evidence));
    from = to + 1;
  }
  return splits;
}

/** The fewest pieces (then the strongest weakest evidence) that split chars[from, to) into common words. */
function splitRun(chars: readonly DecodedChar[], from: number, to: number, lexicon: Lexicon, evidence: number): number[] {
  const run = chars.slice(from, to).map((c) => c.char).join('');
  if (run.length < MIN_RUN || lexicon.known.has(run.toLowerCase())) return [];
  // Small letters after the first, or one capital that starts the second piece ("FurtherInformation").
  const capitals = [...run].map((c, i) => (i > 0 && isUpper(c) ? i : -1)).filter((i) => i > 0);
  if (capitals.length > 1) return [];
  const cuts = [...run].map((_, i) => i).filter((i) => i > 0 && (chars[from + i]!.spaceBefore ?? 0) >= evidence);
  let best: { cuts: number[]; weakest: number } | null = null;
  const consider = (chosen: number[]) => {
    const bounds = [0, ...chosen, run.length];
    for (let k = 0; k + 1 < bounds.length; k++) if (!isPiece(run.slice(bounds[k], bounds[k + 1]), lexicon)) return;
    if (capitals.length === 1 && !chosen.includes(capitals[0]!)) return;
    const weakest = Math.min(...chosen.map((i) => chars[from + i]!.spaceBefore ?? 0));
    if (!best || chosen.length < best.cuts.length || (chosen.length === best.cuts.length && weakest > best.weakest)) best = { cuts: chosen, weakest };
  };
  for (const a of cuts) {
    consider([a]);
    if (MAX_PIECES >= 3) for (const b of cuts) if (b > a) consider([a, b]);
  }
  return best ? (best as { cuts: number[] }).cuts.map((i) => from + i) : [];
}
