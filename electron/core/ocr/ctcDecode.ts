/**
 * Greedy CTC decoding of PP-OCR's recognizer output, keeping each character's time step so words get x ranges.
 * Class 0 is the CTC blank; classes 1..n are the dictionary's lines; the last class is a space.
 */

export interface DecodedChar {
  readonly char: string;
  /** Time step where the character was emitted (first step of its run). */
  readonly start: number;
  /** Last time step of its run. */
  readonly end: number;
  readonly prob: number;
  /**
   * The space class's strongest probability at the blank steps between the previous character and this one (0 when
   * none): weaker than SPACE_EVIDENCE, it still tells a lost word space from a letter gap where a lexicon agrees.
   */
  readonly spaceBefore?: number;
  /**
   * Set by the pixel corrections (glyphGeometry.ts): the blank before this letter is as wide as the box's word spaces,
   * or held an underline's stub that was read as "." and dropped.
   */
  readonly wideGapBefore?: boolean;
  /**
   * Set by the pixel corrections: the blank before this letter is the widest in its run of letters, wider than the
   * box's letter spacing (weaker than wideGapBefore: small text sets a lost word space a pixel or two wider, no more).
   */
  readonly widestGapBefore?: boolean;
  /** Set by the pixel corrections: a size-cased small letter (c o s v w x z) standing as tall as a capital. */
  readonly capitalHeight?: boolean;
}

export interface DecodedSequence {
  readonly chars: readonly DecodedChar[];
  readonly steps: number;
  readonly confidence: number;
}

/** Builds the class → character table: blank, the dictionary, then the space that PP-OCR appends. */
export function buildCharset(dictionaryText: string): readonly string[] {
  const keys = dictionaryText.split(/\r?\n/);
  if (keys.length > 0 && keys[keys.length - 1] === '') keys.pop();
  return Object.freeze(['', ...keys, ' ']);
}

/**
 * Tight UI text leaves a word space only a fraction of a time step, so the blank wins the argmax there although
 * the space class is clearly present: a space is inserted between two characters when the space class reached
 * this probability at any step between them (and the greedy path emitted none).
 */
export const SPACE_EVIDENCE = 0.2;

/**
 * Greedy CTC merges a doubled letter ("ff" in "Off") into one when the blank between the two is only runner-up.
 * A step inside a run where the blank still has this probability is read as that blank.
 */
export const REPEAT_SPLIT = 0.2;

/** Weaker space evidence than this is noise: not recorded. */
const MIN_SPACE_RECORDED = 0.001;

/** Decodes one sequence from `probs` (steps × classes, row-major) starting at `offset`. */
export function ctcGreedy(probs: Float32Array, offset: number, steps: number, classes: number, charset: readonly string[], usedSteps = steps): DecodedSequence {
  const chars: DecodedChar[] = [];
  const space = classes - 1;
  let prev = 0;
  let open: { char: string; start: number; end: number; prob: number; spaceBefore?: number } | null = null;
  let gapSpace = 0; // strongest space evidence since the last emitted character
  for (let t = 0; t < usedSteps; t++) {
    const row = offset + t * classes;
    let best = 0, bestP = probs[row]!;
    // Probabilities sum to 1, so a class above one half is the argmax: most steps are a confident blank or
    // character, and the scan over 6,625 classes stops there.
    if (bestP <= 0.5) {
      for (let k = 1; k < classes; k++) {
        const p = probs[row + k]!;
        if (p > bestP) {
          bestP = p; best = k;
          if (p > 0.5) break;
        }
      }
    }
    if (best !== 0 && best === prev && open && probs[row]! >= REPEAT_SPLIT) {
      chars.push(open);
      open = null;
      prev = 0;
      continue;
    }
    if (best === 0) gapSpace = Math.max(gapSpace, probs[row + space]!);
    if (best !== 0 && best === prev && open) {
      open.end = t;
    } else if (best !== 0) {
      if (open) chars.push(open);
      const last = open ?? chars[chars.length - 1];
      if (best !== space && last && last.char !== ' ' && gapSpace >= SPACE_EVIDENCE) {
        chars.push({ char: ' ', start: t, end: t, prob: gapSpace });
      }
      const before = gapSpace;
      gapSpace = 0;
      open = { char: charset[best] ?? '', start: t, end: t, prob: bestP, ...(before >= MIN_SPACE_RECORDED ? { spaceBefore: before } : {}) };
    } else if (open) {
      chars.push(open);
      open = null;
    }
    prev = best;
  }
  if (open) chars.push(open);
  const visible = chars.filter((c) => c.char !== ' ');
  const confidence = visible.length ? visible.reduce((s, c) => s + c.prob, 0) / visible.length : 0;
  return { chars, steps: usedSteps, confidence };
}
