import type { DecodedChar } from './ctcDecode';
import { median } from './geometry';

/** Widest blanks are marked in runs of this many letters or more, and only when this many pixels wide or wider. */
const WIDEST_RUN = 4;
const WIDEST_MIN = 2;

/**
 * Where a lost word space would be, for the lexicon (wordSpaces.ts `widestGaps`): indexes of the characters after
 * such a blank. `gapAt(a, b)` is the blank in pixels between characters a and b; `letterGap` the box's usual one.
 */
export function widestGapMarks(chars: readonly DecodedChar[], gapAt: (a: number, b: number) => number, letterGap: number): Set<number> {
  // In each run of small letters, the letter after its widest blank, where that blank is wider than any other in the
  // run and than the box's letter spacing by two pixels: where a lost word space would be.
  const widestGaps = new Set<number>();
  for (let a = 0; a < chars.length;) {
    if (!/\p{L}/u.test(chars[a]!.char)) { a++; continue; }
    let b = a;
    while (b < chars.length && /\p{L}/u.test(chars[b]!.char)) b++;
    if (b - a >= WIDEST_RUN) {
      const gapsIn = Array.from({ length: b - a - 1 }, (_, k) => gapAt(a + k, a + k + 1));
      const order = [...gapsIn].sort((x, y) => y - x);
      const most = order[0]!, next = order[1] ?? 0;
      // Small letters only after the first (a camel-case name's capital is no evidence of a space).
      const small = chars.slice(a + 1, b).every((c) => c.char === c.char.toLowerCase());
      const at = a + 1 + gapsIn.indexOf(most);
      // Not an option's name ("--param"), and no one-letter piece ("a met" in Latin).
      const option = chars[a - 1]?.char === '-';
      if (small && !option && at - a >= 2 && b - at >= 2 && most >= Math.max(WIDEST_MIN, letterGap + 2) && most >= next + 1) widestGaps.add(at);
    }
    a = b;
  }
  // A word and a number glued together ("page1", "Page1"), or two words after a clause's end ("version.If"), the
  // blank between them the widest in the word.
  for (let a = 0; a < chars.length;) {
    if (chars[a]!.char === ' ') { a++; continue; }
    let b = a;
    while (b < chars.length && chars[b]!.char !== ' ') b++;
    const word = chars.slice(a, b).map((c) => c.char).join('');
    const m = /^(\p{L}{2,})\d+$/u.exec(word) ?? /^(\d+)\p{L}{2,}$/u.exec(word) ?? /^(\p{L}{2,}[.,;])\p{L}{2,}$/u.exec(word);
    if (m) {
      const at = a + [...m[1]!].length;
      const gapsIn = Array.from({ length: b - a - 1 }, (_, k) => gapAt(a + k, a + k + 1));
      const gap = gapAt(at - 1, at);
      // The word's own letter spacing, without the blank in question: in a short word that blank is a quarter of the
      // box's gaps and lifts their median ("Page1": gaps 2, 3, 2 and 4 px, a median of 3).
      const others = gapsIn.filter((_, k) => a + k + 1 !== at);
      const spacing = others.length >= 2 ? Math.min(letterGap, median(others)) : letterGap;
      if (gap >= Math.max(WIDEST_MIN, spacing + 2) && gapsIn.every((g, k) => a + k + 1 === at || g < gap)) widestGaps.add(at);
    }
    a = b;
  }
  return widestGaps;
}
