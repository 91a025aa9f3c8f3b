import type { Box } from './types';

/** Two boxes are neighbouring lines of one column when they share this share of the narrower one's width. */
const SHARED_WIDTH = 0.5;
/** A box keeps at least this share of its rows (one that would keep fewer is left whole). */
const MIN_KEPT = 0.5;
/** A box whose centre is closer than this share of the height is the same line found twice, not a neighbour. */
const SAME_LINE = 0.4;

/**
 * Detector boxes are about 1.5 text heights tall, so in tightly set text (small type, 1.45× line spacing) a line's
 * box takes in the descenders of the line above and the ascenders of the line below, and the recognizer, seeing parts
 * of three lines in one squeezed crop, reads none of them ("Redistributinndnsourceandbnarfo…"). For each box, the
 * rows to keep: up to the midpoints to the lines directly above and below it in the same column (null: keep all).
 * The box itself is not changed: its height sets the crop's scale, which word spaces depend on.
 */
export function neighbourKeepRows(boxes: readonly Box[]): Array<readonly [number, number] | null> {
  const cy = (b: Box) => b[1] + b[3] / 2;
  return boxes.map((b) => {
    let top = b[1], bottom = b[1] + b[3];
    for (const o of boxes) {
      if (o === b) continue;
      const shared = Math.min(b[0] + b[2], o[0] + o[2]) - Math.max(b[0], o[0]);
      if (shared < SHARED_WIDTH * Math.min(b[2], o[2])) continue;
      const d = cy(o) - cy(b);
      if (Math.abs(d) < SAME_LINE * b[3]) continue;
      if (d > 0 && d < b[3] && o[1] < bottom) bottom = Math.min(bottom, cy(b) + d / 2);
      else if (d < 0 && -d < b[3] && o[1] + o[3] > top) top = Math.max(top, cy(b) + d / 2);
    }
    if (bottom - top < MIN_KEPT * b[3] || (top === b[1] && bottom === b[1] + b[3])) return null;
    return [top, bottom] as const;
  });
}
