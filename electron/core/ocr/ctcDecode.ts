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

/** Decodes one sequence from `probs` (steps × classes, row-major) starting at `offset`. */
export function ctcGreedy(probs: Float32Array, offset: number, steps: number, classes: number, charset: readonly string[], usedSteps = steps): DecodedSequence {
  const chars: DecodedChar[] = [];
  let prev = 0;
  let open: { char: string; start: number; end: number; prob: number } | null = null;
  for (let t = 0; t < usedSteps; t++) {
    const row = offset + t * classes;
    let best = 0, bestP = probs[row]!;
    for (let k = 1; k < classes; k++) {
      const p = probs[row + k]!;
      if (p > bestP) { bestP = p; best = k; }
    }
    if (best !== 0 && best === prev && open) {
      open.end = t;
    } else if (best !== 0) {
      if (open) chars.push(open);
      open = { char: charset[best] ?? '', start: t, end: t, prob: bestP };
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
