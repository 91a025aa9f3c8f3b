import type { DecodedImage } from '../../image/intake';
import type { Box } from '../types';

/**
 * One detected line as Tesseract reads best: grey, dark text on a light background, text about
 * TARGET_HEIGHT pixels tall, with a margin of background around it. Written as a binary PGM, which the engine's
 * Leptonica reads without any codec.
 */

/** Box height (detector boxes are about 1.5 text heights) the crop is scaled to: ~22-px capitals, Tesseract's comfort. */
export const TARGET_HEIGHT = 40;
/** Never shrink text (HiDPI lines are read at their own size up to this height) and never blow a line up past ×4. */
const MAX_HEIGHT = 64;
const MAX_SCALE = 4;
/** Background margin, in output pixels, on every side: Tesseract drops strokes that touch the border. */
const MARGIN = 10;

export interface LineImage {
  /** PGM bytes. */
  readonly pgm: Uint8Array;
  /** Output pixels per image pixel. */
  readonly scale: number;
  /** Output x of the box's left edge (the margin). */
  readonly margin: number;
}

/** How much larger than the box a line is scaled (1 for text already big enough). */
export function lineScale(box: Box): number {
  const h = Math.max(1, box[3]);
  if (h >= TARGET_HEIGHT && h <= MAX_HEIGHT) return 1;
  return Math.min(MAX_SCALE, (h > MAX_HEIGHT ? MAX_HEIGHT : TARGET_HEIGHT) / h);
}

/**
 * Luma of the box, bilinear-resampled by lineScale times `rescale`; inverted when the background (the commonest
 * tone) is dark.
 */
export function lineImage(img: DecodedImage, box: Box, rescale = 1): LineImage {
  const scale = lineScale(box) * rescale;
  const x0 = Math.max(0, Math.floor(box[0])), y0 = Math.max(0, Math.floor(box[1]));
  const x1 = Math.min(img.width, Math.ceil(box[0] + box[2])), y1 = Math.min(img.height, Math.ceil(box[1] + box[3]));
  const sw = Math.max(1, x1 - x0), sh = Math.max(1, y1 - y0);
  const grey = new Uint8Array(sw * sh);
  const histogram = new Uint32Array(256);
  for (let y = 0; y < sh; y++) {
    for (let x = 0; x < sw; x++) {
      const i = ((y0 + y) * img.width + x0 + x) * 3;
      const v = (img.data[i]! * 77 + img.data[i + 1]! * 150 + img.data[i + 2]! * 29) >> 8;
      grey[y * sw + x] = v;
      histogram[v]!++;
    }
  }
  // The background is the most frequent tone; text drawn lighter than it (dark mode) is turned dark-on-light.
  let background = 0;
  for (let v = 1; v < 256; v++) if (histogram[v]! > histogram[background]!) background = v;
  const invert = background < 128;
  const paper = invert ? 255 - background : background;
  const [top, bottom] = ownRows(grey, sw, sh, background);
  for (let y = 0; y < sh; y++) if (y < top || y > bottom) grey.fill(background, y * sw, (y + 1) * sw);
  const ow = Math.max(1, Math.round(sw * scale)), oh = Math.max(1, Math.round(sh * scale));
  const W = ow + 2 * MARGIN, H = oh + 2 * MARGIN;
  const header = new TextEncoder().encode(`P5\n${W} ${H}\n255\n`);
  const pgm = new Uint8Array(header.length + W * H);
  pgm.set(header);
  const out = pgm.subarray(header.length);
  out.fill(paper);
  for (let oy = 0; oy < oh; oy++) {
    const fy = Math.min(Math.max((oy + 0.5) / scale - 0.5, 0), sh - 1);
    const ya = Math.floor(fy), yb = Math.min(ya + 1, sh - 1), wy = fy - ya;
    for (let ox = 0; ox < ow; ox++) {
      const fx = Math.min(Math.max((ox + 0.5) / scale - 0.5, 0), sw - 1);
      const xa = Math.floor(fx), xb = Math.min(xa + 1, sw - 1), wx = fx - xa;
      const v = (grey[ya * sw + xa]! * (1 - wx) + grey[ya * sw + xb]! * wx) * (1 - wy) + (grey[yb * sw + xa]! * (1 - wx) + grey[yb * sw + xb]! * wx) * wy;
      out[(oy + MARGIN) * W + ox + MARGIN] = invert ? 255 - Math.round(v) : Math.round(v);
    }
  }
  return { pgm, scale, margin: MARGIN };
}

/** A pixel this far from the background tone is ink. */
const INK_CONTRAST = 60;
/** Rows with at least this share of the densest row's ink are the line's own body (its x-height band). */
const BODY_SHARE = 0.25;
/** A blank gap this tall (in body heights, at least 2 px) separates the line from a neighbour's strokes. */
const GAP_SHARE = 0.2;

/**
 * The rows that belong to the line itself. Detector boxes are grown 1.5× around the text, so in dense paragraphs
 * they take in the tops and tails of the neighbouring lines; PP-OCR shrugs them off, Tesseract reads them as
 * letters. From the body rows outward, ink is kept until a blank gap; what lies beyond it is blanked.
 */
export function ownRows(grey: Uint8Array, w: number, h: number, background: number): [number, number] {
  const ink = new Uint32Array(h);
  let densest = 0;
  for (let y = 0; y < h; y++) {
    let n = 0;
    for (let x = 0; x < w; x++) if (Math.abs(grey[y * w + x]! - background) > INK_CONTRAST) n++;
    ink[y] = n;
    densest = Math.max(densest, n);
  }
  if (densest === 0) return [0, h - 1];
  let bodyTop = -1, bodyBottom = -1;
  for (let y = 0; y < h; y++) {
    if (ink[y]! >= BODY_SHARE * densest) {
      if (bodyTop < 0) bodyTop = y;
      bodyBottom = y;
    }
  }
  const gap = Math.max(2, Math.round(GAP_SHARE * (bodyBottom - bodyTop + 1)));
  const reach = (from: number, step: 1 | -1) => {
    let last = from, blank = 0;
    for (let y = from + step; y >= 0 && y < h; y += step) {
      if (ink[y]! > 0) { last = y; blank = 0; } else if (++blank >= gap) break;
    }
    return last;
  };
  return [reach(bodyTop, -1), reach(bodyBottom, 1)];
}
