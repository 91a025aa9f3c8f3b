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
