import type { DecodedImage } from '../image/intake';
import type { DecodedChar, DecodedSequence } from './ctcDecode';
import { LOST_SPACE_RULES } from './wordSpaces';
import { dotAboveUnderline, findUnderline, underscoresOnUnderline } from './underlines';
import type { Box } from './types';
import { inkBlobs, luminance } from './geometry';
import { CHEVRONS, DOUBLED_MARKS, markReader } from './markShapes';
import { widestGapMarks } from './gapMarks';
import { SIZE_CASED } from './wordPrior';

/**
 * What the recognizer cannot see after its crop is squeezed to 48 px: how tall a glyph is next to its neighbours
 * and how wide the blank between two glyphs is. Both are read from the image pixels of the box.
 */
export interface InkProfile {
  /** Image x of column 0. */
  readonly x0: number;
  /** Topmost ink row (image y) per column, or -1 for a blank column. */
  readonly top: Int32Array;
  /** Lowest ink row (image y) per column, or -1 for a blank column. */
  readonly bottom: Int32Array;
  /** The x-height band (image rows where most glyphs have ink), inclusive. */
  readonly bandTop: number;
  readonly bandBottom: number;
  /** Whether the pixel at image (x, y) inside the box is ink. */
  readonly inkAt: (x: number, y: number) => boolean;
}

/** Below this luminance difference from the background nothing counts as ink (flat boxes are left alone). */
const MIN_CONTRAST = 48;
/** A pixel is ink when it differs from the background by this share of the box's strongest contrast. */
const INK_SHARE = 0.45;
/** A row with an unbroken ink run this many box heights long is an underline or rule, not glyphs. */
const UNDERLINE_RUN = 1.2;
/** Rows whose ink count reaches this share of the busiest row form the x-height band. */
export const BAND_SHARE = 0.5;


/**
 * The box's ink, against its background (the median of its border pixels: text boxes have a margin). Runs once or
 * twice for every box of a screen (the body size, the pixel corrections, the blocks), so it works on typed arrays
 * and keeps a one-byte ink mask, not the luminances.
 */
export function inkProfile(img: DecodedImage, box: Box): InkProfile | null {
  const x0 = Math.max(0, Math.floor(box[0])), y0 = Math.max(0, Math.floor(box[1]));
  const x1 = Math.min(img.width, Math.ceil(box[0] + box[2])), y1 = Math.min(img.height, Math.ceil(box[1] + box[3]));
  const w = x1 - x0, h = y1 - y0;
  if (w < 4 || h < 6) return null;
  const { data, width } = img;
  const lum = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0, i = ((y0 + y) * width + x0) * 3, k = y * w; x < w; x++, i += 3, k++) lum[k] = luminance(data, i);
  }
  // Same order as the rows then the columns were read before: only the median is used, so any order gives it.
  const border = new Float32Array(2 * w + 2 * (h - 2));
  let n = 0;
  for (let x = 0; x < w; x++) { border[n++] = lum[x]!; border[n++] = lum[(h - 1) * w + x]!; }
  for (let y = 1; y < h - 1; y++) { border[n++] = lum[y * w]!; border[n++] = lum[y * w + w - 1]!; }
  border.sort();
  const background = border[border.length >> 1]!;
  let strongest = 0;
  for (let k = 0; k < lum.length; k++) { const d = Math.abs(lum[k]! - background); if (d > strongest) strongest = d; }
  if (strongest < MIN_CONTRAST) return null;
  const threshold = strongest * INK_SHARE;
  const ink = new Uint8Array(w * h);
  for (let k = 0; k < lum.length; k++) if (Math.abs(lum[k]! - background) >= threshold) ink[k] = 1;
  // Underlines (links) and rules are rows of long unbroken ink: left out, or they would pass for the baseline.
  const rule = new Uint8Array(h);
  const minRule = Math.max(8, UNDERLINE_RUN * h);
  for (let y = 0; y < h; y++) {
    let run = 0;
    for (let x = 0, k = y * w; x < w; x++, k++) {
      run = ink[k] ? run + 1 : 0;
      if (run >= minRule) { rule[y] = 1; break; }
    }
  }
  const top = new Int32Array(w).fill(-1), bottom = new Int32Array(w).fill(-1);
  const rowInk = new Int32Array(h);
  let busiest = 0;
  for (let y = 0; y < h; y++) {
    if (rule[y]) continue;
    let count = 0;
    for (let x = 0, k = y * w; x < w; x++, k++) {
      if (!ink[k]) continue;
      count++;
      if (top[x] === -1) top[x] = y0 + y;
      bottom[x] = y0 + y;
    }
    rowInk[y] = count;
    if (count > busiest) busiest = count;
  }
  let bandTop = -1, bandBottom = -1;
  for (let y = 0; y < h; y++) {
    if (rowInk[y]! < busiest * BAND_SHARE) continue;
    if (bandTop < 0) bandTop = y0 + y;
    bandBottom = y0 + y;
  }
  const inkAt = (x: number, y: number) => x >= x0 && x < x1 && y >= y0 && y < y1 && ink[(y - y0) * w + x - x0] === 1;
  return bandTop < 0 ? null : { x0, top, bottom, bandTop, bandBottom, inkAt };
}

/** Longest run of blank columns within image x [from, to). */
export function widestGap(profile: InkProfile, from: number, to: number): number {
  let best = 0, run = 0;
  const a = Math.max(0, Math.floor(from - profile.x0)), b = Math.min(profile.top.length, Math.ceil(to - profile.x0));
  for (let x = a; x < b; x++) {
    run = profile.top[x] === -1 ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

/**
 * Tops of the ink within image x [from, to): `highest` is the tallest column's top (an ascender), `median` the
 * middle inked column's (a small letter's own top, even when a neighbour's edge leaks into the window). Null if blank.
 */
export function inkTops(profile: InkProfile, from: number, to: number): { highest: number; median: number } | null {
  const tops: number[] = [];
  const a = Math.max(0, Math.floor(from - profile.x0)), b = Math.min(profile.top.length, Math.max(Math.floor(from - profile.x0) + 1, Math.ceil(to - profile.x0)));
  for (let x = a; x < b; x++) if (profile.top[x]! >= 0) tops.push(profile.top[x]!);
  if (tops.length === 0) return null;
  tops.sort((p, q) => p - q);
  return { highest: tops[0]!, median: tops[(tops.length - 1) >> 1]! };
}

/**
 * "Thursday.I": a sentence end followed by a capital with at least this many x-heights of blank between them is
 * two words (code such as "obj.Name" in a monospace font leaves about 0.57).
 */
export const SENTENCE_GAP = 0.65;
/** Small letters with neither ascender nor descender whose middle columns reach the x-height (not u v w x). */
const X_HEIGHT_LETTERS = new Set([...'acemnorsz']);
/** Small letters with an ascender: about as tall as a capital. */
const ASCENDER_LETTERS = new Set([...'bdfhkl']);
/** A size-cased letter at least this many times the x-height (and 2 px taller) is a capital; overshoot stays under. */
const CAPITAL_OVER_X_HEIGHT = 1.18;
/** A hollow bullet's ring stands no taller than this many x-heights; a digit 0 or a capital O stands a capital's height. */
const RING_OVER_X_HEIGHT = 1.1;
/** What the recognizer reads a hollow bullet as when it does not read it as the letter o (lineAssembly.ts hollowBullet). */
const RING_LIKE: ReadonlySet<string> = new Set(['0', 'O', 'α']);
/** Without x-height letters beside it, a size-cased letter this close to the ascender height is a capital. */
const CAPITAL_OF_ASCENDER = 0.88;
/** Glyphs the recognizer gives a separator bar: a capital I, a small l, the CJK stroke (a lone 1 is a digit in a
 * table: a calendar's or a spreadsheet's). */
const STROKE_LIKE = new Set(['I', 'l', '丨', '!']);
/** A bar reaches this many x-heights below the baseline (descender depth is about 0.4). */
const SEPARATOR_DESCENT = 0.1;
/** Punctuation that never follows a word space in English text or code ("{ a }" and "( a )" do occur). */
const NO_SPACE_BEFORE = new Set([';', ',']);

const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1]!;

/**
 * Which pixel corrections run. Each was measured on the bench's held-out set (`npm run bench:ocr-ablation`,
 * electron/core/ocr/README.md): sentence spaces and underscore spaces (recall 94.29 → 94.31 %) helped there and run;
 * the capital and separator-bar corrections did not (the capitals one hurt: word recall 92.62 % with it, 93.31 %
 * without) and were off; the capitals one still is, kept only so the ablation can measure it again. Re-measured in the fifth round on the
 * corrected truth: lost word spaces now cost both tuning sets (recall 96.58 → 96.52 %, desktop 97.84 → 97.50 %) and
 * the desktop held-out set (93.77 → 93.67 %), with the documentation held-out set mixed (CER 4.71 → 4.75 %, recall
 * 94.30 → 94.32 %): off. No space before ; or , helped the tuning set (96.52 → 96.57 %) and changed neither
 * held-out set: on. Clause spaces (eighth round) helped all four sets: recall 96.73 → 96.76 % tuning, 94.34 → 94.46 %
 * held-out, 93.82 → 93.93 % desktop held-out (desktop tuning unchanged): on. Separator bars (eighth round), after two
 * faults found on the tuning sets (a lone 1 in a calendar or spreadsheet became "|", and so did the pronoun in
 * "5.1. I tried"): tuning CER 1.39 → 1.37 %, blocks intact 99.35 → 99.48 % (Apache's "Modules | Directives | FAQ"
 * bar), desktop tuning and both held-out sets unchanged: on.
 */
export interface PixelRules {
  readonly capitals: boolean;
  readonly sentenceSpace: boolean;
  /** "groups,then": a word space after a comma or semicolon where the image shows a word-wide blank. */
  readonly clauseSpace: boolean;
  readonly noSpaceBefore: boolean;
  readonly separators: boolean;
  readonly wordGaps: boolean;
  /** Letters after a word-wide blank marked (wideGapBefore) for the lexicon's lost spaces; the text is unchanged. */
  readonly markWideGaps: boolean;
  /** The widest blank in each run of letters, wider than the letter spacing, marked (widestGapBefore); the text is unchanged. */
  readonly markWidestGaps: boolean;
  /**
   * Size-cased small letters as tall as a capital marked (capitalHeight) for the camel-case word rule
   * (lineAssembly.ts WORD_RULES.camelCapitals, which decides with the lexicon); the text is unchanged.
   */
  readonly markCapitals: boolean;
  /** "FAQ.": a full stop or comma with no ink above a link's underline is the underline's stub, dropped. */
  readonly underlineStubs: boolean;
  /** "Getting_started": an "_" on a link's underline where no underscore of the text lies is a word space. */
  readonly underlineSpaces: boolean;
  /** "$read inc", "#legend info": a space on a link's underline inside a name with a sigil is its hidden underscore. */
  readonly sigilUnderscores: boolean;
  /** "[standard form": a table cell's border inside the box, read as a bracket or bar at either end, is dropped. */
  readonly cellBorders: boolean;
  /** "efficiency. you": a full stop whose dot has a tail below the baseline is a comma. */
  readonly commaTails: boolean;
  /** "Docs > Usage": a lone > or < whose ink is two chevrons is » or « (a breadcrumb's separator). */
  readonly doubleChevrons: boolean;
  /** "()" read as one round letter: an O, o or 0 standing alone whose ink is two tall narrow strokes is "()". */
  readonly emptyParens: boolean;
  /** "XML:LibXML", "(int)" for "((int)": two colons or opening parentheses read as one (CTC needs a blank step between two of a kind). */
  readonly doubledMarks: boolean;
  /** "Usage - Sphinx": a lone hyphen as long as an en dash (an x-height or more) is "–", longer still "—". */
  readonly dashLengths: boolean;
  /** "gtk_cell_area_remove (": a "(" ending the box whose ink is two tall narrow strokes is "()" (the ")" at the crop's edge lost). */
  readonly lastParens: boolean;
  /** "get _marks": a space the recognizer put beside an underscore whose stroke touches the letter on that side. */
  readonly underscoreSpaces: boolean;
  /** "0 Attributes": a nested list's hollow bullet read as 0, O or α, known by its ink no taller than the x-height. */
  readonly ringBullets: boolean;
}
export const PIXEL_RULES: PixelRules = Object.freeze({ capitals: false, sentenceSpace: true, clauseSpace: true, noSpaceBefore: true, separators: true, wordGaps: false, markWideGaps: LOST_SPACE_RULES.pixelGaps, markWidestGaps: LOST_SPACE_RULES.widestGaps, markCapitals: true, underlineStubs: true, underlineSpaces: true, sigilUnderscores: true, cellBorders: true, commaTails: true, doubleChevrons: true, emptyParens: true, lastParens: true, doubledMarks: true, dashLengths: true, underscoreSpaces: true, ringBullets: true });
/** Every correction on: for the ablation bench and the tests of each rule. */
export const ALL_PIXEL_RULES: PixelRules = Object.freeze({ capitals: true, sentenceSpace: true, clauseSpace: true, noSpaceBefore: true, separators: true, wordGaps: true, markWideGaps: true, markWidestGaps: true, markCapitals: true, underlineStubs: true, underlineSpaces: true, sigilUnderscores: true, cellBorders: true, commaTails: true, doubleChevrons: true, emptyParens: true, lastParens: true, doubledMarks: true, dashLengths: true, underscoreSpaces: true, ringBullets: true });
/** What an underline's stub is read as; a real dot is looked for this many line heights either side (time steps are coarse). */
const STUB_LIKE: ReadonlySet<string> = new Set(['.', ',', '。', '，']);
const STUB_REACH = 0.4;
/** An underscore on an underline is looked for this many line heights either side of the "_" read there. */
const UNDERSCORE_REACH = 0.3;
/** A name with a sigil, a space, and a small letter: where a link's underline may hide an underscore. */
const SIGIL_NAME_SPACE = /(?:^|\s)[$#][A-Za-z][A-Za-z0-9_]* [a-z]/;
/** The blank under such an "_" is this many of the box's word spaces wide, which are this many pixels at least. */
const SPACE_LIKE = [0.8, 1.6] as const;
const MIN_WORD_GAP = 3;
/** Round letters the recognizer gives an empty pair of parentheses in small text ("gtk_widget_show ()" → "… O"). */
const ROUND_LETTERS = new Set(['O', 'o', '0']);
/** What the recognizer reads a cell's border as; a border's ink covers this share of the box's rows. */
const BORDER_LIKE: ReadonlySet<string> = new Set(['[', ']', '|', '丨']);
const BORDER_SPAN = 0.95;
/** A comma's tail reaches this many x-heights below the baseline (a full stop's overshoot does not); its dot is looked for this far either side. */
const COMMA_TAIL = 0.2;
const COMMA_REACH = 0.8;
/** A space beside an underscore is real only where the blank between the underscore and the letter is this many
 * x-heights wide ("the __init__ method"); an identifier's underscore meets its letters ("gtk_text_iter_get_marks"). */
const UNDERSCORE_SPACE = 0.3;
/** A lost word space is at least this share of the box's recognized word spaces wide. */
const WORD_GAP_SHARE = 0.8;

/**
 * Corrects a decoded sequence with the box's pixels, where the squeezed crop hid the difference:
 * - the capital of a size-cased letter (c o s v w x z) whose ink is clearly taller than the line's small letters
 *   ("On", "Off", "readScreen" on small UI text);
 * - a word space after a sentence end when the image shows a word-wide blank ("Thursday. I");
 * - a word space after a comma or semicolon before a letter, on the same evidence ("groups, then");
 * - no space before closing punctuation ("speak(text);").
 */
export function correctWithPixels(seq: DecodedSequence, img: DecodedImage, box: Box, pxPerStep: number, cropW: number, rules: PixelRules = PIXEL_RULES): DecodedSequence {
  const profile = inkProfile(img, box);
  if (!profile) return seq;
  const xHeight = profile.bandBottom - profile.bandTop + 1;
  if (xHeight < 4) return seq;
  const scale = box[2] / cropW;
  const chars = seq.chars;
  const centres = chars.map((c) => box[0] + ((c.start + c.end + 1) / 2) * pxPerStep * scale);
  // Each glyph is measured on the middle half of the span between its neighbours' centres, up from the baseline
  // (descenders play no part): small letters by their middle column, ascenders by their tallest.
  const tops = chars.map((c, i) => {
    if (c.char === ' ') return null;
    const left = i > 0 ? centres[i]! - centres[i - 1]! : pxPerStep * scale;
    const right = i + 1 < chars.length ? centres[i + 1]! - centres[i]! : pxPerStep * scale;
    const reach = Math.max(0.5, Math.min(left, right) / 4);
    return inkTops(profile, centres[i]! - reach, centres[i]! + reach);
  });
  const height = (i: number, tallest: boolean) => {
    const t = tops[i];
    return t ? profile.bandBottom - (tallest ? t.highest : t.median) + 1 : 0;
  };
  const reference = (letters: ReadonlySet<string>, tallest: boolean, except: number) => {
    const found = chars.flatMap((c, i) => (i !== except && letters.has(c.char) && height(i, tallest) > 0 ? [height(i, tallest)] : []));
    return found.length > 0 ? median(found) : 0;
  };
  const isCapital = (i: number) => {
    const h = height(i, false);
    const small = reference(X_HEIGHT_LETTERS, false, i);
    if (small > 0) return h >= small * CAPITAL_OVER_X_HEIGHT && h - small >= 2;
    const tall = reference(ASCENDER_LETTERS, true, i);
    return tall > 0 && h >= tall * CAPITAL_OF_ASCENDER;
  };
  // A lone upright stroke between spaces ("Modules | FAQ") is a separator bar when its ink reaches below the
  // baseline, where neither I nor l nor 1 go.
  const isSeparator = (i: number) => {
    const before = chars[i - 1]?.char, after = chars[i + 1]?.char;
    if ((before !== undefined && before !== ' ') || (after !== undefined && after !== ' ')) return false;
    // The pronoun: "I tried", "I strongly suggest" (a bar stands between items, not before a verb).
    if (chars[i]!.char === 'I' && /\p{Ll}/u.test(chars[i + 2]?.char ?? '')) return false;
    // Between the spaces on either side (the gap holds nothing but the bar; a step's centre may sit off the ink).
    const from = i > 0 ? centres[i - 1]! : centres[i]! - 2 * pxPerStep * scale, to = i + 1 < chars.length ? centres[i + 1]! : centres[i]! + 2 * pxPerStep * scale;
    let lowest = -1;
    for (let x = Math.max(0, Math.floor(from - profile.x0)); x < Math.min(profile.bottom.length, Math.ceil(to - profile.x0)); x++) lowest = Math.max(lowest, profile.bottom[x]!);
    return lowest >= profile.bandBottom + Math.max(1, SEPARATOR_DESCENT * xHeight);
  };
  // Word spaces the recognizer lost in small text ("allthe"): a blank between two letters as wide as this box's own
  // word spaces, where the box's letter gaps are clearly narrower than its word gaps.
  const gapAt = (a: number, b: number) => widestGap(profile, centres[a]!, centres[b]!);
  const spaceGaps: number[] = [], letterGaps: number[] = [];
  for (let i = 0; i + 1 < chars.length; i++) {
    if (chars[i]!.char !== ' ' && chars[i + 1]!.char !== ' ') letterGaps.push(gapAt(i, i + 1));
    else if (chars[i]!.char === ' ' && i > 0 && chars[i - 1]!.char !== ' ' && chars[i + 1]!.char !== ' ') spaceGaps.push(gapAt(i - 1, i + 1));
  }
  const wordGap = spaceGaps.length > 0 ? median([...spaceGaps]) : 0, letterGap = letterGaps.length >= 4 ? median([...letterGaps]) : Infinity;
  const wideGap = (i: number) => wordGap >= 2 * letterGap + 2 && /\p{L}/u.test(chars[i]!.char) && /\p{L}/u.test(chars[i + 1]!.char)
    && gapAt(i, i + 1) >= Math.max(WORD_GAP_SHARE * wordGap, 2 * letterGap + 1);
  const lostSpace = (i: number) => rules.wordGaps && wideGap(i);
  const widestGaps = rules.markWidestGaps && Number.isFinite(letterGap) ? widestGapMarks(chars, gapAt, letterGap) : new Set<number>();
  // The recognizer often writes an identifier's underscore as a new word ("gtk_text_iter_get _marks"): the stroke sits
  // below the letters, so the crop shows a blank above it. The pixels show whether the stroke meets the letter.
  const spuriousUnderscoreSpace = (i: number) => {
    const before = chars[i - 1]?.char, after = chars[i + 1]?.char;
    if (before === undefined || after === undefined || (before === '_') === (after === '_')) return false;
    if (!/[\p{L}\p{N}_]/u.test(before) || !/[\p{L}\p{N}_]/u.test(after)) return false;
    return gapAt(i - 1, i + 1) < Math.min(letterGap + 1.5, Math.max(1, UNDERSCORE_SPACE * xHeight));
  };
  const marks = markReader(profile, xHeight, centres);
  // A full stop's dot sits on the baseline; a comma's tail hangs below it. The dot is the small blob nearest the
  // character in the lower half of the x-height band and below, clear of the window's sides (a "y" before it is not).
  const hasCommaTail = (i: number) => {
    const reach = COMMA_REACH * xHeight;
    const x0 = Math.floor(centres[i]! - reach), x1 = Math.ceil(centres[i]! + reach);
    const y0 = Math.round(profile.bandBottom - 0.5 * xHeight), y1 = Math.round(profile.bandBottom + 0.9 * xHeight);
    const w = x1 - x0 + 1, h = y1 - y0 + 1;
    let best: { distance: number; bottom: number } | null = null;
    for (const { minX, maxX, minY, maxY } of inkBlobs(w, h, (x, y) => profile.inkAt(x0 + x, y0 + y))) {
      // Its head reaches the baseline (a next line's ascender, inside the box's bottom rows, starts below it).
      if (minX === 0 || maxX === w - 1 || minY === 0 || maxX - minX + 1 > 0.5 * xHeight || y0 + minY > profile.bandBottom) continue;
      const distance = Math.abs((minX + maxX) / 2 + x0 - centres[i]!);
      if (!best || distance < best.distance) best = { distance, bottom: y0 + maxY };
    }
    return best !== null && best.bottom >= profile.bandBottom + Math.max(2, COMMA_TAIL * xHeight);
  };
  // A cell's border runs the box's whole height (the detector's box reaches past the text, over the border); no
  // glyph does. Looked for between the character's neighbours' centres.
  const isBorder = (i: number) => {
    const top = Math.ceil(box[1]), bottom = Math.floor(box[1] + box[3]) - 1;
    const from = Math.floor(i > 0 ? (centres[i - 1]! + centres[i]!) / 2 : box[0]);
    const to = Math.ceil(i + 1 < chars.length ? (centres[i]! + centres[i + 1]!) / 2 : box[0] + box[2]);
    for (let x = from; x < to; x++) {
      let inked = 0;
      for (let y = top; y <= bottom; y++) if (profile.inkAt(x, y)) inked++;
      if (inked >= BORDER_SPAN * (bottom - top + 1)) return true;
    }
    return false;
  };
  /** A word of its own: "gtk_widget_show ()", not the o of "output". */
  const standalone = (i: number) => (chars[i - 1]?.char ?? ' ') === ' ' && /^[\s,.;:]?$/u.test(chars[i + 1]?.char === ' ' ? '' : chars[i + 1]?.char ?? '');
  // A link's underline, found only where a full stop or comma might be its stub.
  const text = chars.map((c) => c.char).join('');
  const sigilNames = rules.sigilUnderscores && SIGIL_NAME_SPACE.test(text);
  const line = (rules.underlineStubs && chars.some((c) => STUB_LIKE.has(c.char))) || (rules.underlineSpaces && chars.some((c) => c.char === '_')) || sigilNames ? findUnderline(img, box) : null;
  // "$read inc" in a link: the underline hides the underscore of a variable's or an anchor's name, and the blank it
  // leaves reads as a space. A name with a sigil before it ("$", "#") runs on through the link to a small letter.
  const isHiddenUnderscore = (i: number) => {
    if (!line || centres[i]! < line.x0 || centres[i]! >= line.x1) return false;
    let a = i;
    while (a > 0 && chars[a - 1]!.char !== ' ') a--;
    return /^[$#][A-Za-z][A-Za-z0-9_]*$/.test(text.slice(a, i)) && /^[a-z]/.test(chars[i + 1]?.char ?? '');
  };
  // "Getting_started": the underline seen through a word space of a link, with no underscore of the text on it.
  // The blank there is as wide as the box's word spaces: an underscore is wider than a space, and one the underline
  // hides leaves a blank of its own width (or none, where its stroke was read as the rule).
  let underscoreAt: ((x0: number, x1: number) => boolean) | null = null;
  const isUnderlineSpace = (i: number) => {
    if (!line || centres[i]! < line.x0 || centres[i]! >= line.x1) return false;
    if (wordGap < MIN_WORD_GAP) return false;
    const gap = gapAt(i - 1, i + 1);
    if (gap < SPACE_LIKE[0] * wordGap || gap > SPACE_LIKE[1] * wordGap) return false;
    const reach = UNDERSCORE_REACH * line.boxHeight;
    underscoreAt ??= underscoresOnUnderline(img, line);
    return !underscoreAt(centres[i]! - reach, centres[i]! + reach);
  };
  const isStub = (i: number) => {
    if (!line) return false;
    // Time steps are coarse: a stub at the rule's end ("FAQ." after a "Q" whose tail skip-ink went round) may be
    // placed up to a reach past it.
    const reach = STUB_REACH * line.boxHeight;
    if (centres[i]! < line.x0 - reach || centres[i]! >= line.x1 + reach) return false;
    return !dotAboveUnderline(img, box, line, centres[i]! - reach, centres[i]! + reach);
  };
  const out: DecodedChar[] = [];
  let stubBefore = -1;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!, next = chars[i + 1];
    if (sigilNames && c.char === ' ' && isHiddenUnderscore(i)) { out.push({ ...c, char: '_' }); continue; }
    if (rules.underlineSpaces && c.char === '_' && i > 0 && chars[i - 1]!.char !== ' ' && next && /\p{L}/u.test(next.char) && isUnderlineSpace(i)) {
      out.push({ ...c, char: ' ' });
      continue;
    }
    if (rules.underlineStubs && STUB_LIKE.has(c.char) && isStub(i)) {
      // A stub in a word space ("Connecting.to") or between descenders ("Ty.pe"): the lexicon's lost spaces decide
      // which, told that something stood in the gap.
      if (next && /\p{L}/u.test(next.char) && i > 0 && chars[i - 1]!.char !== ' ') {
        // After a closing bracket no word goes on without a space ("git-branch(1).to").
        if (/^[)\]"'”’]$/u.test(chars[i - 1]!.char)) out.push({ char: ' ', start: next.start, end: next.start, prob: 0 });
        else stubBefore = i + 1;
      }
      continue;
    }
    if (rules.cellBorders && (i === 0 || i === chars.length - 1) && BORDER_LIKE.has(c.char) && chars.length > 1 && isBorder(i)) {
      if (next?.char === ' ') i++; // the space between the border and the text goes with it
      continue;
    }
    if (rules.commaTails && c.char === '.' && (next === undefined || next.char === ' ') && hasCommaTail(i)) { out.push({ ...c, char: ',' }); continue; }
    if (rules.doubledMarks && c.char === '.' && chars[i - 1]?.char !== '.') {
      let j = i;
      while (chars[j + 1]?.char === '.') j++;
      const dots = marks.dotsAt(i, j);
      if (dots > j - i + 1) {
        for (let k = 0; k < dots; k++) out.push({ ...chars[Math.min(j, i + k)]!, char: '.' });
        i = j;
        continue;
      }
    }
    if (rules.doubledMarks && DOUBLED_MARKS[c.char] && chars[i - 1]?.char !== c.char && next?.char !== c.char && marks.isDoubled(i, DOUBLED_MARKS[c.char]!)) {
      out.push(c, { ...c });
      continue;
    }
    if (rules.dashLengths && c.char === '-' && standalone(i) && chars[i + 1]?.char === ' ') {
      const dash = marks.dashOf(i);
      if (dash !== '-') { out.push({ ...c, char: dash }); continue; }
    }
    if (rules.doubleChevrons && CHEVRONS[c.char] && standalone(i) && marks.isDoubleChevron(i)) { out.push({ ...c, char: CHEVRONS[c.char]! }); continue; }
    if (rules.lastParens && c.char === '(' && i === chars.length - 1 && i > 0 && chars[i - 1]!.char === ' ' && marks.closedAfter(i)) {
      out.push(c, { ...c, char: ')' });
      continue;
    }
    if (rules.emptyParens && ROUND_LETTERS.has(c.char) && standalone(i) && marks.isEmptyParens(i)) {
      out.push({ ...c, char: '(' }, { ...c, char: ')' });
      continue;
    }
    // A box that opens with a lone round glyph and then a word, the glyph as short as a small letter: a bullet.
    if (rules.ringBullets && i === 0 && RING_LIKE.has(c.char) && next?.char === ' ' && /\p{L}/u.test(chars[2]?.char ?? '')) {
      const h = height(0, true);
      if (h > 0 && h <= RING_OVER_X_HEIGHT * xHeight) { out.push({ ...c, char: '◦' }); continue; }
    }
    if (rules.underscoreSpaces && c.char === ' ' && spuriousUnderscoreSpace(i)) continue;
    if (rules.noSpaceBefore && c.char === ' ' && next && NO_SPACE_BEFORE.has(next.char.normalize('NFKC')) && out.length > 0) continue;
    if (rules.separators && STROKE_LIKE.has(c.char) && isSeparator(i)) { out.push({ ...c, char: '|' }); continue; }
    const tall = (rules.capitals || rules.markCapitals) && SIZE_CASED.has(c.char) && isCapital(i);
    const kept = tall && rules.capitals ? { ...c, char: c.char.toUpperCase() } : tall ? { ...c, capitalHeight: true } : c;
    // Marked for the lexicon's lost spaces (wordSpaces.ts), which decide with the words on both sides.
    const widest = widestGaps.has(i);
    const gapBefore = stubBefore === i || (rules.markWideGaps && i > 0 && chars[i - 1]!.char !== ' ' && c.char !== ' ' && wideGap(i - 1));
    out.push(gapBefore || widest ? { ...kept, ...(gapBefore ? { wideGapBefore: true } : {}), ...(widest ? { widestGapBefore: true } : {}) } : kept);
    if (next && next.char !== ' ' && c.char !== ' ' && lostSpace(i)) { out.push({ char: ' ', start: next.start, end: next.start, prob: 0 }); continue; }
    const before = chars[i - 1]?.char ?? '';
    if (!next) continue;
    const mark = c.char.normalize('NFKC');
    const sentenceEnd = rules.sentenceSpace && /[.!?]/.test(mark) && /\p{Ll}/u.test(before) && /\p{Lu}/u.test(next.char);
    const clauseEnd = rules.clauseSpace && /[,;]/.test(mark) && /[\p{L}\p{N})\]"']/u.test(before) && /[\p{L}\p{N}"'“‘]/u.test(next.char);
    // A closing quote or bracket and the next word or bracket ('file"or', "<name>[<value>]"); not an apostrophe ("what's").
    const closingEnd = rules.clauseSpace && /[")\]”>]/.test(mark) && /[\p{L}\p{N}.,!?]/u.test(before) && /[\p{L}[(<]/u.test(next.char);
    if ((sentenceEnd || clauseEnd || closingEnd) && widestGap(profile, centres[i]!, centres[i + 1]!) >= SENTENCE_GAP * xHeight) {
      out.push({ char: ' ', start: next.start, end: next.start, prob: 0 });
    }
  }
  return out.length === chars.length && out.every((c, i) => c === chars[i]) ? seq : { ...seq, chars: out };
}
