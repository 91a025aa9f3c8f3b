import type { DecodedImage } from '../image/intake';
import type { Box } from './types';

/** The upper median (0 for none): what every OCR rule takes as "the usual" height, size or background. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  return [...values].sort((a, b) => a - b)[values.length >> 1]!;
}

/** Share of the smaller box's height and width that another box covering it must cover for the two to be one line. */
const TWIN_COVER = 0.6;

/**
 * Drops the smaller of two boxes that cover one another (TWIN_COVER of the smaller's height and width): one line
 * found by two neighbouring strips. Each strip keeps the regions whose centre lies in the rows it owns, but a line
 * at the border between two owned ranges has a slightly different box in each strip, and both centres can fall on
 * their own side: the line was read twice ("…PCRE regular Postfix supports a built-in filter…"). Regions of one
 * strip never cover one another like that. A line cut out of a tall box (longBoxes.ts) may likewise be one the
 * detector also found on its own.
 */
export function withoutTwins<T extends { readonly box: Box }>(found: readonly T[]): T[] {
  const area = (b: Box) => b[2] * b[3];
  const order = found.map((_, i) => i).sort((a, b) => area(found[b]!.box) - area(found[a]!.box) || a - b);
  const kept: number[] = [];
  for (const i of order) {
    const b = found[i]!.box;
    const twin = kept.some((k) => {
      const a = found[k]!.box;
      const ox = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]), oy = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]);
      return ox >= TWIN_COVER * b[2] && oy >= TWIN_COVER * b[3];
    });
    if (!twin) kept.push(i);
  }
  return kept.sort((a, b) => a - b).map((i) => found[i]!);
}

/** The smallest box holding all of `boxes`. */
export function unionBox(boxes: readonly Box[]): Box {
  const x0 = Math.min(...boxes.map((b) => b[0])), y0 = Math.min(...boxes.map((b) => b[1]));
  const x1 = Math.max(...boxes.map((b) => b[0] + b[2])), y1 = Math.max(...boxes.map((b) => b[1] + b[3]));
  return [x0, y0, x1 - x0, y1 - y0];
}

/** Luminance (ITU-R 601 weights, 0–255) of the packed RGB pixel starting at byte `i`. */
export const luminance = (d: Uint8Array, i: number) => (d[i]! * 299 + d[i + 1]! * 587 + d[i + 2]! * 114) / 1000;

/**
 * A box's background: the median luminance along its rows `top` and `bottom − 1` over x0..x1, every `step`
 * pixels (text boxes keep a margin, so those rows are mostly page).
 */
export function edgeBackground(img: DecodedImage, x0: number, x1: number, top: number, bottom: number, step = 1): number {
  const edge: number[] = [];
  for (let x = x0; x < x1; x += step) edge.push(luminance(img.data, (top * img.width + x) * 3), luminance(img.data, ((bottom - 1) * img.width + x) * 3));
  return median(edge);
}

/**
 * A box's background: the median luminance of about `samples` pixels spread over x0..x1, y0..y1 (most of a text box
 * is background, so the median is, whatever its edge rows cross).
 */
export function boxBackground(img: DecodedImage, x0: number, x1: number, y0: number, y1: number, samples: number): number {
  const { data, width } = img;
  const found: number[] = [];
  const step = Math.max(1, Math.floor(Math.sqrt(((x1 - x0) * (y1 - y0)) / samples)));
  for (let y = y0; y < y1; y += step) for (let x = x0; x < x1; x += step) found.push(luminance(data, (y * width + x) * 3));
  return median(found);
}

/** A blob's bounding box, inclusive, in the window's own coordinates. */
export interface BlobBounds { readonly minX: number; readonly maxX: number; readonly minY: number; readonly maxY: number }

const FOUR = [[-1, 0], [1, 0], [0, -1], [0, 1]] as const;
const EIGHT = [...FOUR, [-1, -1], [1, -1], [-1, 1], [1, 1]] as const;

/**
 * The four-connected (or, with `diagonal`, eight-connected) blobs of ink in a w × h window (`ink(x, y)` in window
 * coordinates), in scan order.
 */
export function inkBlobs(w: number, h: number, ink: (x: number, y: number) => boolean, diagonal = false): BlobBounds[] {
  const steps = diagonal ? EIGHT : FOUR;
  const seen = new Uint8Array(w * h);
  const blobs: BlobBounds[] = [];
  for (let start = 0; start < w * h; start++) {
    if (seen[start] || !ink(start % w, Math.floor(start / w))) continue;
    let minX = w, maxX = -1, minY = h, maxY = -1;
    const stack = [start];
    seen[start] = 1;
    while (stack.length > 0) {
      const k = stack.pop()!, x = k % w, y = (k - x) / w;
      minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
      for (const [dx, dy] of steps) {
        const nx = x + dx, ny = y + dy, n = ny * w + nx;
        if (nx >= 0 && nx < w && ny >= 0 && ny < h && !seen[n] && ink(nx, ny)) { seen[n] = 1; stack.push(n); }
      }
    }
    blobs.push({ minX, maxX, minY, maxY });
  }
  return blobs;
}
