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

/** Order-free word recall: the share of reference words (as a multiset) found in the hypothesis. */
export function wordRecall(reference: string, hypothesis: string): number {
  const words = (s: string) => foldWhitespace(s).split(' ').filter((w) => w && w !== '|');
  const pool = new Map<string, number>();
  for (const w of words(hypothesis)) pool.set(w, (pool.get(w) ?? 0) + 1);
  const ref = words(reference);
  let found = 0;
  for (const w of ref) {
    const n = pool.get(w) ?? 0;
    if (n > 0) { found++; pool.set(w, n - 1); }
  }
  return ref.length === 0 ? 1 : found / ref.length;
}
