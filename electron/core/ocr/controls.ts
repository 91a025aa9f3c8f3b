import type { ControlRole, ControlState } from '../../common/ipc';
import type { DecodedImage } from '../image/intake';
import type { Box } from './types';

/**
 * What the pixels around a short line of text say it is: a button (text on its own filled or outlined rectangle),
 * a checkbox or toggle (a small square or pill beside the text, filled or marked when on), a text field (an outlined
 * box that runs well past its text), a link (underlined text). Null when the text stands on the page itself.
 */
export interface ControlGuess {
  readonly role: ControlRole;
  readonly state?: ControlState;
}

const luminance = (d: Uint8Array, i: number) => (d[i]! * 299 + d[i + 1]! * 587 + d[i + 2]! * 114) / 1000;

/** Summed RGB difference that counts as a different colour (an edge, a fill). */
const EDGE = 40;

interface Probe {
  readonly img: DecodedImage;
  at(x: number, y: number): number;
  /** Share of pixels along a horizontal segment that differ from `ref` by EDGE. */
  hLine(y: number, x0: number, x1: number, ref: number): number;
  vLine(x: number, y0: number, y1: number, ref: number): number;
}

function probe(img: DecodedImage): Probe {
  const at = (x: number, y: number) => {
    const cx = Math.min(img.width - 1, Math.max(0, Math.round(x))), cy = Math.min(img.height - 1, Math.max(0, Math.round(y)));
    return luminance(img.data, (cy * img.width + cx) * 3);
  };
  const share = (n: number, f: (k: number) => boolean) => {
    let hit = 0;
    for (let k = 0; k < n; k++) if (f(k)) hit++;
    return n > 0 ? hit / n : 0;
  };
  return {
    img, at,
    hLine: (y, x0, x1, ref) => share(Math.max(1, Math.round(x1 - x0)), (k) => Math.abs(at(x0 + k, y) - ref) >= EDGE / 3),
    vLine: (x, y0, y1, ref) => share(Math.max(1, Math.round(y1 - y0)), (k) => Math.abs(at(x, y0 + k) - ref) >= EDGE / 3),
  };
}

/** The page colour around a box: median luminance of a ring two text heights out. */
function pageColour(p: Probe, box: Box, reach: number): number {
  const [x, y, w, h] = box;
  const v: number[] = [];
  for (let k = 0; k <= 16; k++) {
    v.push(p.at(x + (k * w) / 16, y - reach), p.at(x + (k * w) / 16, y + h + reach));
  }
  v.push(p.at(x - reach, y + h / 2), p.at(x + w + reach, y + h / 2));
  v.sort((a, b) => a - b);
  return v[v.length >> 1]!;
}

/**
 * A rectangle round the box within `maxPad`: a button when it closes tightly round the text (outline or own fill)
 * and ends there; a text field when its outline runs on well past the text (the rest of the field is empty).
 */
function enclosingRect(p: Probe, box: Box, page: number, maxPad: number): ControlGuess | null {
  const [x, y, w, h] = box;
  for (let pad = 1; pad <= maxPad; pad++) {
    const top = p.hLine(y - pad, x, x + w, page), bottom = p.hLine(y + h + pad, x, x + w, page);
    const leftS = p.vLine(x - pad, y, y + h, page);
    if (top < 0.9 || bottom < 0.9 || leftS < 0.9) continue;
    // The rectangle must end a step further out above and below (not a whole panel's or bar's background).
    const out = pad + Math.max(3, Math.round(h / 3));
    if (p.hLine(y - out, x, x + w, page) >= 0.5 || p.hLine(y + h + out, x, x + w, page) >= 0.5) continue;
    if (p.vLine(x + w + pad, y, y + h, page) >= 0.9) {
      // …and at its ends: a code block or bar running far past the text is not a button.
      const reach = pad + Math.max(4, 1.5 * h);
      if (p.vLine(x - reach, y, y + h, page) < 0.5 || p.vLine(x + w + reach, y, y + h, page) < 0.5) return { role: 'button' };
      continue;
    }
    const inside = p.vLine(x + w + 2 * h, y, y + h, page) < 0.2;
    if (inside && p.hLine(y - pad, x + w, x + w + 3 * h, page) >= 0.9 && p.hLine(y + h + pad, x + w, x + w + 3 * h, page) >= 0.9) return { role: 'text-field' };
  }
  return null;
}

/** A small square or pill just left of the text: a checkbox or toggle. */
function markerLeft(p: Probe, box: Box, page: number): ControlGuess | null {
  const [x, y, , h] = box;
  const cy = y + h / 2;
  const differs = (px: number, py: number) => Math.abs(p.at(px, py) - page) >= EDGE / 2;
  for (let gap = 1; gap <= Math.round(1.2 * h); gap++) {
    const xr = x - gap;
    if (!differs(xr, cy)) continue;
    // Its left end: the last differing pixel before a page-coloured run of a third of the text height.
    let xl = xr, quiet = 0;
    for (let px = xr - 1; px > xr - 3 * h && quiet < Math.max(2, h / 3); px--) {
      if (differs(px, cy)) { xl = px; quiet = 0; } else quiet++;
    }
    let yt = cy, yb = cy;
    while (yt > cy - h && differs(xr, yt - 1)) yt--;
    while (yb < cy + h && differs(xr, yb + 1)) yb++;
    const mw = xr - xl + 1, mh = yb - yt + 1;
    if (mh < 0.35 * h || mh > 1.3 * h || mw < 0.35 * h) return null;
    if (mw >= 0.7 * mh && mw <= 1.4 * mh) {
      return { role: 'checkbox', state: differs((xl + xr) / 2, (yt + yb) / 2) ? 'checked' : 'unchecked' };
    }
    if (mw >= 1.5 * mh && mw <= 2.6 * mh) {
      // The knob (page-like, light) sits at the right end when on; compare the two ends' luminance.
      const rightEnd = p.at(xr - mh / 2, cy), leftEnd = p.at(xl + mh / 2, cy);
      return { role: 'toggle', state: Math.abs(rightEnd - leftEnd) >= EDGE / 2 && Math.abs(rightEnd - page) < Math.abs(leftEnd - page) ? 'on' : 'off' };
    }
    return null;
  }
  return null;
}

/** An underline: a run of ink just under the text's baseline across most of its width. */
function underlined(p: Probe, box: Box, page: number): boolean {
  const [x, y, w, h] = box;
  for (let dy = Math.round(0.55 * h); dy <= Math.round(0.95 * h); dy++) {
    if (p.hLine(y + dy, x + 0.1 * w, x + 0.9 * w, page) >= 0.92 && p.hLine(y + dy + 2, x + 0.1 * w, x + 0.9 * w, page) < 0.5
      && p.hLine(y + dy - 2, x + 0.1 * w, x + 0.9 * w, page) < 0.9) return true;
  }
  return false;
}

/** Classifies a short line from the pixels around its box (the detector's box, a little larger than the ink). */
export function controlAround(img: DecodedImage, box: Box, words: number): ControlGuess | null {
  if (words > 5 || box[3] < 6) return null;
  const p = probe(img);
  const h = box[3];
  const page = pageColour(p, box, 2 * h);
  const rect = enclosingRect(p, box, page, Math.round(1.2 * h));
  if (rect) return rect;
  const marker = markerLeft(p, box, page);
  if (marker) return marker;
  return underlined(p, box, page) ? { role: 'link' } : null;
}
