import type { InkProfile } from './glyphGeometry';

/**
 * Marks read from the pixels of one box (glyphGeometry.ts's ink profile): what a colon, a parenthesis, a full stop's
 * dot and a dash look like in the x-height band, so that a mark the recognizer read once, or as the wrong dash, can be
 * checked against the ink around it.
 */

/** A parenthesis's stroke is at most this many x-heights wide (an o is about one). */
export const PAREN_STROKE = 0.75;
/** Doubled marks: a colon is at most this many x-heights wide, its dots this far into the band from its edges, and
 * nothing of it this far beyond the band; the two marks stand at most DOUBLE_GAP x-heights apart, looked for within
 * DOUBLE_REACH of the one read. */
const COLON_WIDTH = 0.4;
const COLON_GAP = 0.3;
const COLON_SLACK = 0.15;
const DOUBLE_GAP = 0.8;
const DOUBLE_REACH = 1.2;
/** A full stop's dot is at most this many x-heights wide and tall. */
const DOT_WIDTH = 0.35;
/** An ellipsis's dots are looked for this many x-heights either side of the full stops read (three span about two). */
const ELLIPSIS_REACH = 2;
/** A dash at least this many x-heights long is an en dash (a hyphen's ink is about half an x-height), and this many an em dash. */
const EN_DASH = 0.8;
const EM_DASH = 1.5;
export type MarkKind = 'colon' | 'opening' | 'closing';
/** The marks whose doubles the recognizer reads as one, and the shape each is checked for. */
export const DOUBLED_MARKS: Readonly<Record<string, MarkKind>> = Object.freeze({ ':': 'colon', '(': 'opening', ')': 'closing' });

/**
 * The mark checks for one box, given its ink profile, its x-height and the image x of each character's centre.
 * `isDoubled(i, kind)`: two marks of `kind` stand where character i was read as one. `dotsAt(i, j)`: how many dots
 * stand on the baseline where the full stops i..j were read (0 when the ink is no such row). `dashOf(i)`: the dash
 * the ink of the "-" at i is, by its length.
 */
export function markReader(profile: InkProfile, xHeight: number, centres: readonly number[]) {
  // CTC writes a character twice only with a blank step between, and "::" or "((" in small text often has none: the
  // pixels show two marks where one was read. Runs of inked columns near the mark, each classified.
  const inkedColumn = (x: number) => x >= profile.x0 && x - profile.x0 < profile.top.length && profile.top[x - profile.x0]! >= 0;
  const columnRunsNear = (centre: number, reach: number) => {
    const runs: Array<[number, number]> = [];
    for (let x = Math.floor(centre - reach); x <= Math.ceil(centre + reach); x++) {
      if (!inkedColumn(x)) continue;
      const last = runs[runs.length - 1];
      if (last && last[1] === x - 1) last[1] = x; else runs.push([x, x]);
    }
    return runs;
  };
  // A colon: narrow, a dot at the x-height's top and one on the baseline, nothing between or beyond them.
  const colonLike = ([a, b]: readonly [number, number]) => {
    if (b - a + 1 > COLON_WIDTH * xHeight) return false;
    const mid0 = profile.bandTop + COLON_GAP * xHeight, mid1 = profile.bandBottom - COLON_GAP * xHeight;
    let upper = false, lower = false;
    for (let x = a; x <= b; x++) {
      const t = profile.top[x - profile.x0]!, btm = profile.bottom[x - profile.x0]!;
      if (t < profile.bandTop - COLON_SLACK * xHeight || btm > profile.bandBottom + COLON_SLACK * xHeight) return false;
      for (let y = Math.ceil(mid0); y <= Math.floor(mid1); y++) if (profile.inkAt(x, y)) return false;
      if (t < mid0) upper = true;
      if (btm > mid1) lower = true;
    }
    return upper && lower;
  };
  // A parenthesis: a narrow stroke reaching above the x-height and below the baseline, bowed: its middle further out
  // than both its ends, left for "(" and right for ")" ("[" stands straight at its outer edge, "/" leans, a letter
  // stays in the band).
  const bowedLike = (side: 1 | -1) => ([a, b]: readonly [number, number]) => {
    if (b - a + 1 > PAREN_STROKE * xHeight) return false;
    let highest = Infinity, lowest = -Infinity;
    for (let x = a; x <= b; x++) { highest = Math.min(highest, profile.top[x - profile.x0]!); lowest = Math.max(lowest, profile.bottom[x - profile.x0]!); }
    if (!(highest < profile.bandTop && lowest > profile.bandBottom)) return false;
    // The stroke's outer edge (its left one for "(", its right one for ")") in row y, as a distance outwards.
    const outer = (y: number) => {
      for (let k = 0; k <= b - a; k++) if (profile.inkAt(side > 0 ? a + k : b - k, y)) return -k;
      return -Infinity;
    };
    const middle = outer(Math.round((highest + lowest) / 2));
    return middle >= outer(highest) + 1 && middle >= outer(lowest) + 1;
  };
  const shapes = { colon: colonLike, opening: bowedLike(1), closing: bowedLike(-1) } as const;
  // Two of one mark: as tall, over the same rows, and as wide.
  const sameSize = (a: readonly [number, number], b: readonly [number, number]) => {
    const extentOf = ([from, to]: readonly [number, number]) => {
      let highest = Infinity, lowest = -Infinity;
      for (let x = from; x <= to; x++) { highest = Math.min(highest, profile.top[x - profile.x0]!); lowest = Math.max(lowest, profile.bottom[x - profile.x0]!); }
      return [highest, lowest] as const;
    };
    const [ta, ba] = extentOf(a), [tb, bb] = extentOf(b);
    return Math.abs(ta - tb) <= 1 && Math.abs(ba - bb) <= 1 && Math.abs((a[1] - a[0]) - (b[1] - b[0])) <= 1;
  };
  const isDoubled = (i: number, kind: MarkKind) => {
    const like = shapes[kind];
    const runs = columnRunsNear(centres[i]!, DOUBLE_REACH * xHeight);
    for (let k = 0; k + 1 < runs.length; k++) {
      const [a, b] = [runs[k]!, runs[k + 1]!];
      if (b[0] - a[1] - 1 > DOUBLE_GAP * xHeight || !like(a) || !like(b) || !sameSize(a, b)) continue;
      // The pair holds the mark the recognizer placed (its centre lies between the pair's outer edges), and no other
      // character it read: "sqrt(x) }" has a brace beside the parenthesis, bowed the same way.
      const holds = (k: number) => centres[k] !== undefined && centres[k]! >= a[0] - 1 && centres[k]! <= b[1] + 1;
      if (holds(i) && !holds(i - 1) && !holds(i + 1) && !holds(i - 2) && !holds(i + 2)) return true;
    }
    return false;
  };
  // An ellipsis's dots read as two, or one ("More..", "etc.;" for "More...", "etc...;"): the dots on the baseline in
  // a tight row around the full stops read, each a small blob low in the band (a comma's tail or a colon's upper dot
  // is not), at most three.
  const dotLike = ([a, b]: readonly [number, number]) => {
    if (b - a + 1 > DOT_WIDTH * xHeight) return false;
    for (let x = a; x <= b; x++) {
      if (profile.top[x - profile.x0]! < profile.bandBottom - DOT_WIDTH * xHeight || profile.bottom[x - profile.x0]! > profile.bandBottom + COLON_SLACK * xHeight) return false;
    }
    return true;
  };
  const dotsAt = (i: number, j: number) => {
    const runs = columnRunsNear((centres[i]! + centres[j]!) / 2, (centres[j]! - centres[i]!) / 2 + ELLIPSIS_REACH * xHeight);
    for (let k = 0; k < runs.length; k++) {
      if (!dotLike(runs[k]!)) continue;
      let end = k;
      while (end + 1 < runs.length && dotLike(runs[end + 1]!) && runs[end + 1]![0] - runs[end]![1] - 1 <= DOUBLE_GAP * xHeight) end++;
      const group = runs.slice(k, end + 1);
      // The group must be the one read: the full stops' centres inside it, and no other character's.
      const inside = (n: number) => centres[n] !== undefined && centres[n]! >= group[0]![0] - 1 && centres[n]! <= group[group.length - 1]![1] + 1;
      if (inside(i) && inside(j) && !inside(i - 1) && !inside(j + 1)) return Math.min(3, group.length);
      k = end;
    }
    return 0;
  };
  // A dash's length from its ink: the run of inked columns through its centre, every one of them inked only inside
  // the x-height band (a letter read as "-" reaches its top or bottom).
  const dashOf = (i: number): string => {
    const centre = Math.round(centres[i]!);
    const flat = (x: number) => inkedColumn(x) && profile.top[x - profile.x0]! > profile.bandTop && profile.bottom[x - profile.x0]! < profile.bandBottom;
    if (!flat(centre)) return '-';
    let from = centre, to = centre;
    while (flat(from - 1)) from--;
    while (flat(to + 1)) to++;
    const length = (to - from + 1) / xHeight;
    return length >= EM_DASH ? '—' : length >= EN_DASH ? '–' : '-';
  };
  return { isDoubled, dotsAt, dashOf };
}
