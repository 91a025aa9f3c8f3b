/** OCR quality metrics for the benchmark and the corpus tests. */

/** Whitespace folded to single spaces (line breaks included), trimmed. */
export const foldWhitespace = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Levenshtein distance over code points, two rows of memory. */
export function editDistance(a: string, b: string): number {
  const x = [...a], y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  let cur = new Array<number>(y.length + 1);
  for (let i = 1; i <= x.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    [prev, cur] = [cur, prev];
  }
  return prev[y.length]!;
}

/** Reading-order character error rate: order-sensitive edit distance on folded text over the reference length. */
export function readingOrderCer(reference: string, hypothesis: string): number {
  const ref = foldWhitespace(reference);
  return ref.length === 0 ? 0 : editDistance(ref, foldWhitespace(hypothesis)) / [...ref].length;
}

/** How many reference words (as a multiset) the hypothesis holds, in any order. */
function wordsFound(reference: readonly string[], hypothesis: readonly string[]): number {
  const pool = new Map<string, number>();
  for (const w of hypothesis) pool.set(w, (pool.get(w) ?? 0) + 1);
  let found = 0;
  for (const w of reference) {
    const n = pool.get(w) ?? 0;
    if (n > 0) { found++; pool.set(w, n - 1); }
  }
  return found;
}

/** Order-free word recall: the share of reference words (as a multiset) found in the hypothesis. */
export function wordRecall(reference: string, hypothesis: string): number {
  const words = (s: string) => foldWhitespace(s).split(' ').filter((w) => w && w !== '|');
  const ref = words(reference);
  return ref.length === 0 ? 1 : wordsFound(ref, words(hypothesis)) / ref.length;
}

/**
 * Text as the doc-corpus metrics compare it, the same for every engine: NFKC, curly quotes as straight ones,
 * whitespace folded, and tokens that only mark structure dropped (a table's " | " between cells, list bullets),
 * so an engine is neither rewarded nor punished for separators the truth writes and the pixels do not show.
 */
export function scoringText(text: string): string {
  return foldWhitespace(text.normalize('NFKC').replace(/[‘’‚‛]/g, "'").replace(/[“”„‟]/g, '"'))
    .split(' ').filter((w) => w && !/^[|•·◦▪‣■]+$/.test(w)).join(' ');
}

/** Word recall on scoring text, optionally ignoring case. */
export function wordRecallOf(reference: string, hypothesis: string, ignoreCase: boolean): { found: number; total: number } {
  const words = (s: string) => (s ? (ignoreCase ? s.toLowerCase() : s).split(' ') : []);
  const ref = words(reference);
  return { found: wordsFound(ref, words(hypothesis)), total: ref.length };
}

/**
 * Edit distance from `pattern` to its best-matching substring of `text` (semi-global alignment: the match may
 * start and end anywhere in the text). A block read contiguously has a small distance; a block whose words are
 * interleaved with another column's has every foreign word between its own as an error.
 */
export function bestSubstringDistance(pattern: string, text: string): number {
  const p = [...pattern], t = [...text];
  if (p.length === 0) return 0;
  // Columns are pattern positions, so memory is O(|pattern|); rows walk the text.
  let prev = Array.from({ length: p.length + 1 }, (_, i) => i);
  let cur = new Array<number>(p.length + 1);
  let best = prev[p.length]!;
  for (let j = 1; j <= t.length; j++) {
    cur[0] = 0;
    const c = t[j - 1];
    for (let i = 1; i <= p.length; i++) {
      cur[i] = Math.min(prev[i]! + 1, cur[i - 1]! + 1, prev[i - 1]! + (p[i - 1] === c ? 0 : 1));
    }
    best = Math.min(best, cur[p.length]!);
    [prev, cur] = [cur, prev];
  }
  return best;
}
