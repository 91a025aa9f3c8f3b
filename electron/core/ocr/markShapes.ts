import type { InkProfile } from './glyphGeometry';

/**
 * Marks read from the pixels of one box (glyphGeometry.ts's ink profile): what a colon, a parenthesis, an empty pair
 * of them, a full stop's dot, a dash and a breadcrumb's chevrons look like in the x-height band, so that a mark the
 * recognizer read once, or as the wrong character, can be checked against the ink around it.
 */

/** The blank inside "()" is at most this many x-heights (a word space is wider)… */
const PAREN_GAP = 0.35;
/** …each parenthesis's stroke at most this many x-heights wide (an o is about one)… */
const PAREN_STROKE = 0.75;
/** …and "()" rises at least this many x-heights above the x-height band. */
const PAREN_RISE = 0.3;
/** Single chevrons the recognizer writes for a breadcrumb's double ones; a blank this many x-heights wide ends the glyph. */
const CHEVRON_GAP = 0.3;
/** Glyphs the recognizer writes for a breadcrumb's double chevrons: single ones, and an alpha for "«" ("α previous"). */
export const CHEVRONS: Readonly<Record<string, string>> = Object.freeze({ '>': '»', '<': '«', 'α': '«' });
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
 * the ink of the "-" at i is, by its length. `isEmptyParens(i)`: the round letter at i is "()". `closedAfter(i)`: the
 * "(" at i has its ")" beside it. `isDoubleChevron(i)`: the ">" or "<" at i is two chevrons.
 */
export function markReader(profile: InkProfile, xHeight: number, centres: readonly number[]) {
  // CTC writes a character twice only with a blank step between, and "::" or "((" in small text often has none: the
  // pixels show two marks where one was read. Runs of inked columns near the mark, each classified.
  // Columns are counted from the profile's x0 (`inColumn`, `extent`) or in image x (`inkedColumn`).
  const inColumn = (x: number) => x >= 0 && x < profile.top.length && profile.top[x]! >= 0;
  const inkedColumn = (x: number) => inColumn(x - profile.x0);
  /** The highest and lowest ink rows of profile columns a to b. */
  const extent = ([a, b]: readonly [number, number]) => {
    let highest = Infinity, lowest = -Infinity;
    for (let x = a; x <= b; x++) { highest = Math.min(highest, profile.top[x]!); lowest = Math.max(lowest, profile.bottom[x]!); }
    return [highest, lowest] as const;
  };
  const imageExtent = ([a, b]: readonly [number, number]) => extent([a - profile.x0, b - profile.x0]);
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
    const [highest, lowest] = imageExtent([a, b]);
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
    const [ta, ba] = imageExtent(a), [tb, bb] = imageExtent(b);
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
  // An O, o or 0 is a closed ring: one run of inked columns about an x-height wide. "()" is two narrow runs (each a
  // stroke) with a blank between them, set apart from the rest of the line by wider blanks.
  // The middle rows of the x-height band: two parentheses whose tops touch are still apart there.
  const atMiddle = (x: number) => {
    if (!inColumn(x)) return false;
    const mid = Math.round((profile.bandTop + profile.bandBottom) / 2);
    for (let y = mid - 1; y <= mid + 1; y++) if (profile.inkAt(profile.x0 + x, y)) return true;
    return false;
  };
  /** The two strokes near character i's centre, closer to each other than a word space, each narrow; or null. */
  const strokePair = (i: number, inked: (x: number) => boolean): Array<[number, number]> | null => {
    const centre = Math.round(centres[i]! - profile.x0);
    const reach = Math.ceil(1.2 * xHeight), inner = Math.max(1, Math.floor(PAREN_GAP * xHeight));
    // Ink runs near the glyph's centre, in order.
    const runs: Array<[number, number]> = [];
    for (let x = centre - reach; x <= centre + reach; x++) {
      if (!inked(x)) continue;
      const last = runs[runs.length - 1];
      if (last && last[1] === x - 1) last[1] = x; else runs.push([x, x]);
    }
    // The runs around the centre that are closer to each other than a word space.
    const k = runs.findIndex(([a, b]) => b >= centre - inner - 1 && a <= centre + inner + 1);
    if (k < 0) return null;
    let from = k, to = k;
    while (from > 0 && runs[from]![0] - runs[from - 1]![1] - 1 <= inner) from--;
    while (to + 1 < runs.length && runs[to + 1]![0] - runs[to]![1] - 1 <= inner) to++;
    const glyph = runs.slice(from, to + 1);
    return glyph.length === 2 && glyph.every(([a, b]) => b - a + 1 <= PAREN_STROKE * xHeight) ? glyph : null;
  };
  const isEmptyParens = (i: number) => {
    const glyph = strokePair(i, inColumn);
    if (!glyph) return false;
    // Parentheses reach above the x-height and below the baseline; a hollow bullet or a small o stays inside.
    const [highest, lowest] = glyph.map(extent).reduce((m, e) => [Math.min(m[0], e[0]), Math.max(m[1], e[1])]);
    return profile.bandTop - highest >= PAREN_RISE * xHeight && lowest > profile.bandBottom;
  };
  // A "(" read at the end of a box, and beside it a stroke its mirror image: as tall, over the same rows, taller than
  // the x-height. Two parentheses whose tops touch are told apart in the band's middle rows.
  const closedAfter = (i: number) => [inColumn, atMiddle].some((inked) => {
    const glyph = strokePair(i, inked);
    if (!glyph) return false;
    const [[top0, bottom0], [top1, bottom1]] = glyph.map(extent) as [readonly [number, number], readonly [number, number]];
    return Math.abs(top0 - top1) <= 1 && Math.abs(bottom0 - bottom1) <= 1 && bottom0 - top0 + 1 > xHeight;
  });
  // "»" is two chevrons side by side: along the middle of the x-height band its ink is two runs of about the same
  // width, a ">" one (its tip). The glyph is the inked columns around its centre, up to a blank wider than a stroke
  // gap (so a button's frame beside "Next >" stays out).
  const isDoubleChevron = (i: number) => {
    const y = Math.round((profile.bandTop + profile.bandBottom) / 2);
    const gap = Math.max(2, Math.round(CHEVRON_GAP * xHeight));
    let from = Math.round(centres[i]!), to = from;
    for (let x = from, blank = 0; x >= profile.x0 && blank <= gap; x--) { if (inkedColumn(x)) { from = x; blank = 0; } else blank++; }
    for (let x = to, blank = 0; x - profile.x0 < profile.top.length && blank <= gap; x++) { if (inkedColumn(x)) { to = x; blank = 0; } else blank++; }
    const runs: number[] = [];
    let run = 0, highest = Infinity, lowest = -Infinity;
    for (let x = from; x <= to + 1; x++) {
      if (x <= to && profile.inkAt(x, y)) run++;
      else if (run > 0) { runs.push(run); run = 0; }
      if (x <= to && inkedColumn(x)) { highest = Math.min(highest, profile.top[x - profile.x0]!); lowest = Math.max(lowest, profile.bottom[x - profile.x0]!); }
    }
    // Chevrons stay about the x-height tall (a frame's edge runs the box's height) and two of them are no wider.
    return runs.length === 2 && Math.max(...runs) <= 2 * Math.min(...runs) && to - from + 1 <= 1.5 * xHeight && lowest - highest + 1 <= 1.4 * xHeight;
  };
  return { isDoubled, dotsAt, dashOf, isEmptyParens, closedAfter, isDoubleChevron };
}
