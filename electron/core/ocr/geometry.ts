import type { DecodedImage } from '../image/intake';
import type { Box } from './types';

/** The upper median (0 for none): what every OCR rule takes as "the usual" height, size or background. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  return [...values].sort((a, b) => a - b)[values.length >> 1]!;
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
