import { editDistance } from './metrics';

/**
 * Typed headings against the truth's, for jumping by heading: a heading found counts when its letters and digits
 * match a truth heading not matched yet, within this share of edits (recognition errors are scored elsewhere).
 */
const HEADING_EDIT_SHARE = 0.2;

export interface HeadingCounts {
  readonly found: number;
  /** Headings found that the truth does not have. */
  readonly falsePositives: number;
  /** Truth headings not found. */
  readonly missed: number;
}

const letters = (text: string) => text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

export function matchHeadings(truth: readonly string[], typed: readonly string[]): HeadingCounts {
  const want = truth.map(letters);
  const used = new Set<number>();
  let found = 0;
  for (const heading of typed.map(letters)) {
    const k = want.findIndex((t, i) => !used.has(i) && editDistance(t, heading) <= HEADING_EDIT_SHARE * Math.max(1, t.length));
    if (k < 0) continue;
    used.add(k);
    found++;
  }
  return { found, falsePositives: typed.length - found, missed: want.length - found };
}

/** Precision and recall over a set's screens (null where nothing was typed or the truth has no headings). */
export function headingRates(counts: readonly HeadingCounts[]): { precision: number | null; recall: number | null; typed: number } {
  const sum = (f: (c: HeadingCounts) => number) => counts.reduce((n, c) => n + f(c), 0);
  const found = sum((c) => c.found), typed = found + sum((c) => c.falsePositives), truth = found + sum((c) => c.missed);
  return { precision: typed ? found / typed : null, recall: truth ? found / truth : null, typed };
}
