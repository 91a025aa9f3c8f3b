import type { ControlMark, ControlRole, ControlState } from '../../common/ipc';
import type { DecodedImage } from '../image/intake';
import type { Box, OcrWord } from './types';
import { barMark, inkShare, markerShape, roundShape } from './checkGlyphs';
import { luminance } from './geometry';

/**
 * What the pixels around a short line of text say it is: a button (text on its own filled or outlined rectangle),
 * a checkbox, radio button or toggle (a small square, ring or pill beside the text, filled or marked when on), a
 * text field (an outlined box that runs well past its text), a link (underlined text). Null when the text stands on
 * the page itself.
 */
export interface ControlGuess {
  readonly role: ControlRole;
  readonly state?: ControlState;
}


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

/**
 * The page colour around a box: the most common luminance on rings one and two text heights out (a median would
 * fall between the page and a neighbouring button's fill).
 */
function pageColour(p: Probe, box: Box, reach: number): number {
  const [x, y, w, h] = box;
  const bins = new Map<number, number[]>();
  const add = (v: number) => {
    const k = Math.round(v / 8);
    const list = bins.get(k);
    if (list) list.push(v); else bins.set(k, [v]);
  };
  for (const r of [reach / 2, reach]) {
    for (let k = 0; k <= 16; k++) { add(p.at(x + (k * w) / 16, y - r)); add(p.at(x + (k * w) / 16, y + h + r)); }
    for (let k = 0; k <= 4; k++) { add(p.at(x - r, y + (k * h) / 4)); add(p.at(x + w + r, y + (k * h) / 4)); }
  }
  const best = [...bins.values()].sort((a, b) => b.length - a.length)[0]!;
  return best.reduce((n, v) => n + v, 0) / best.length;
}

/** A short label's button may reach this many text heights past it on each side… */
const WIDE_BUTTON_PAD = 3;
/** …when the two sides' reaches differ by at most this share of their mean (the label is centred). */
const CENTRED_SLACK = 0.25;

/**
 * A rectangle round the box within `maxPad`: a button when it closes tightly round the text (outline or own fill)
 * and ends there; a text field when its outline runs on well past the text (the rest of the field is empty).
 */
function enclosingRect(p: Probe, box: Box, page: number, maxPad: number): ControlGuess | null {
  const [x, y, w, h] = box;
  // Each side's outline is searched on its own: the detector's box is seldom centred in its frame.
  const find = (line: (pad: number) => number) => {
    for (let pad = 1; pad <= maxPad; pad++) if (line(pad) >= 0.9) return pad;
    return -1;
  };
  const top = find((pad) => p.hLine(y - pad, x, x + w, page)), bottom = find((pad) => p.hLine(y + h + pad, x, x + w, page));
  if (top < 0 || bottom < 0) return null;
  let leftSide = find((pad) => p.vLine(x - pad, y, y + h, page));
  let centredRight = -1;
  if (leftSide < 0) {
    // A short label centred in a dialog's button of the toolkit's least width ("OK", "No", "Add"): the frame's sides
    // lie further out, as far on both sides; a label set left in a wider frame (a table's header cell) is not.
    const wide = (line: (pad: number) => number) => {
      for (let pad = maxPad + 1; pad <= WIDE_BUTTON_PAD * h; pad++) if (line(pad) >= 0.9) return pad;
      return -1;
    };
    const left = wide((pad) => p.vLine(x - pad, y, y + h, page)), right = wide((pad) => p.vLine(x + w + pad, y, y + h, page));
    if (left < 0 || right < 0 || Math.abs(left - right) > Math.max(3, CENTRED_SLACK * (left + right) / 2)) return null;
    // An underlined label in a framed cell is a link (a page's navigation bar), not a button's label.
    if (underlined(p, box, page)) return null;
    leftSide = left;
    centredRight = right;
  }
  // The frame must end a step further out above and below (not a whole panel's or bar's background).
  const out = Math.max(3, Math.round(h / 3));
  if (p.hLine(y - top - out, x, x + w, page) >= 0.5 || p.hLine(y + h + bottom + out, x, x + w, page) >= 0.5) return null;
  const rightSide = centredRight >= 0 ? centredRight : find((pad) => p.vLine(x + w + pad, y, y + h, page));
  if (rightSide >= 0) {
    // …and at its ends: a code block or bar running far past the text is not a button.
    const reach = Math.max(4, 1.5 * h);
    return p.vLine(x - leftSide - reach, y, y + h, page) < 0.5 || p.vLine(x + w + rightSide + reach, y, y + h, page) < 0.5 ? { role: 'button' } : null;
  }
  // A field's frame runs on past its text, empty inside.
  const inside = p.vLine(x + w + 2 * h, y, y + h, page) < 0.2;
  const runsOn = p.hLine(y - top, x + w, x + w + 3 * h, page) >= 0.9 && p.hLine(y + h + bottom, x + w, x + w + 3 * h, page) >= 0.9;
  return inside && runsOn ? { role: 'text-field' } : null;
}

/** A first word starting this many text heights inside its line's box may leave a marker there. */
const LEADING_BLANK = 0.3;
const LEADING_SLACK = 0.3;
/** A marker may run this many text heights under the text's box (its left edge). */
const MARKER_UNDER_BOX = 0.25;

const NEIGHBOURS = Object.freeze([[1, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [1, -1], [-1, 1], [-1, -1]] as const);

/** The connected shape of non-page pixels nearest a box's left edge, its bounds inclusive, and the ink test. */
interface LeftShape {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  readonly differs: (x: number, y: number) => boolean;
}

/**
 * The shape just left of the text, flooded within a window of three text heights left of it; `under` runs the window
 * a quarter of one on under the text's box, where the detector's box starts on the marker's right edge (GTK's check
 * buttons). Null where nothing is there, or the shape touches the window (part of something larger: a picture, a
 * frame) or is far from a line's height.
 */
function shapeLeft(p: Probe, box: Box, page: number, under: boolean): LeftShape | null {
  const [x, y, , h] = box;
  const cy = Math.round(y + h / 2);
  const differs = (px: number, py: number) => Math.abs(p.at(px, py) - page) >= EDGE / 3;
  let seed = -1;
  for (let gap = 1; gap <= Math.round(1.2 * h) && seed < 0; gap++) if (differs(x - gap, cy)) seed = Math.round(x - gap);
  if (seed < 0) return null;
  const wx0 = Math.max(0, Math.round(x - 3.5 * h)), wy0 = Math.max(0, Math.round(cy - h));
  const ww = Math.min(p.img.width, Math.round(x + (under ? MARKER_UNDER_BOX * h : 0))) - wx0, wh = Math.min(p.img.height - wy0, Math.round(2 * h));
  if (ww <= 0 || wh <= 0) return null;
  const seen = new Uint8Array(ww * wh);
  const stack = [(cy - wy0) * ww + (seed - wx0)];
  seen[stack[0]!] = 1;
  let x0 = seed, x1 = seed, y0 = cy, y1 = cy, count = 0;
  while (stack.length > 0) {
    const k = stack.pop()!;
    const px = wx0 + (k % ww), py = wy0 + Math.floor(k / ww);
    count++;
    x0 = Math.min(x0, px); x1 = Math.max(x1, px); y0 = Math.min(y0, py); y1 = Math.max(y1, py);
    // 8-connected: a toggle's ring round its knob is a pixel or two thin and anti-aliased.
    for (const [dx, dy] of NEIGHBOURS) {
      const nx = px + dx - wx0, ny = py + dy - wy0;
      if (nx < 0 || ny < 0 || nx >= ww || ny >= wh || seen[ny * ww + nx]) continue;
      seen[ny * ww + nx] = 1;
      if (differs(px + dx, py + dy)) stack.push(ny * ww + nx);
    }
  }
  const mh = y1 - y0 + 1;
  if (x0 <= wx0 || x1 >= wx0 + ww - 1 || y0 <= wy0 || y1 >= wy0 + wh - 1 || mh < 0.35 * h || mh > 1.3 * h || count < 8) return null;
  return { x0, y0, x1, y1, differs };
}

/**
 * A checkbox's square or a radio button's ring just left of the text, as checkGlyphs knows them (markerShape), looked
 * for a quarter of a text height on under the box too; nothing else will do (an icon in a search field is neither).
 */
function squareOrRingLeft(p: Probe, box: Box, page: number): ControlMark | null {
  const s = shapeLeft(p, box, page, true);
  return s && markerShape(s.differs, s.x0, s.y0, s.x1, s.y1, box[3]);
}

/** English words of one letter: read as a line's first word, a bare mark left of the rest is not taken for a marker. */
const ONE_LETTER_WORDS: ReadonlySet<string> = new Set(['A', 'a', 'I']);

/** A box at least this share ink is filled (GTK's), not a bare mark. */
const FILLED_BOX = 0.65;

/**
 * A small square, ring or pill just left of the text: a checkbox, radio button or toggle. The marker is the
 * connected shape of non-page pixels nearest the text (a toggle's page-coloured knob lies inside its track's
 * bounds).
 */
function markerLeft(p: Probe, box: Box, page: number, readAsWord = false): ControlGuess | null {
  const s = shapeLeft(p, box, page, false);
  if (!s) return null;
  const { x0, y0, x1, y1, differs } = s;
  const shape = markerShape(differs, x0, y0, x1, y1, box[3]);
  if (shape) return shape;
  const mw = x1 - x0 + 1, mh = y1 - y0 + 1, my = (y0 + y1) / 2, mx = (x0 + x1) / 2;
  if (mw >= 0.7 * mh && mw <= 1.4 * mh) {
    // Marked: at the middle (a tick, a dot: high-contrast themes draw no box round them) or, around it, a fill with
    // a light mark at its centre (GTK's ticked box is blue with a white tick). A bar across a filled box is partly
    // set; filled, since a bare mark's bar is a letter's stroke as often ("A screen": an "A" covers about half its
    // bounds, GTK's ticked and barred boxes 0.7-0.85).
    const around = [[-0.3, 0], [0.3, 0], [0, -0.3], [0, 0.3]].filter(([u, v]) => differs(mx + u! * mw, my + v! * mh)).length;
    if (!differs(mx, my) && around < 3) return { role: 'checkbox', state: 'unchecked' };
    const filled = inkShare(differs, x0, y0, x1, y1) >= FILLED_BOX;
    // A bare mark read as a one-letter word ("A screen", "I tried") is that word.
    if (readAsWord && !filled) return null;
    const barred = filled && barMark(differs, x0, y0, x1, y1);
    // Round, with clear corners: a radio button whose ring and dot markerShape could not tell apart (GTK's
    // insensitive one is a pale disc round a paler dot). A bare tick leaves its corners clear too (Qt's dark theme
    // draws the box round it too faint to see), but a disc or a ring is inked at its top's middle, a tick is not.
    const topMiddle = differs(mx, y0) || differs(mx, y0 + 1);
    return { role: roundShape(differs, x0, y0, x1, y1) && topMiddle ? 'radio' : 'checkbox', state: barred ? 'mixed' : 'checked' };
  }
  if (mw > 1.4 * mh && mw <= 3 * mh) {
    // The knob (the page-like round part) sits at the right end when on.
    const rightEnd = Math.abs(p.at(x1 - mh / 2, my) - page), leftEnd = Math.abs(p.at(x0 + mh / 2, my) - page);
    return { role: 'toggle', state: rightEnd < leftEnd ? 'on' : 'off' };
  }
  return null;
}

/**
 * A checkbox's square or a radio button's ring just left of the box, or null: a checklist's row whose marker the
 * detector did not box, where other rows' markers show the column.
 */
export function markerBefore(img: DecodedImage, box: Box): ControlMark | null {
  if (box[3] < 6) return null;
  const p = probe(img);
  return squareOrRingLeft(p, box, pageColour(p, box, 2 * box[3]));
}

/**
 * An underline: a run of ink just under the text's baseline across most of its width that ends with the text. A
 * thin rule running on past either end is a border (a table header's), not a link's underline; another colour
 * beyond the text (a sidebar's edge, a field) is no rule.
 */
function underlined(p: Probe, box: Box, page: number): boolean {
  const [x, y, w, h] = box;
  const rule = (ry: number, x0: number, x1: number) => p.hLine(ry, x0, x1, page) >= 0.9 && p.hLine(ry + 2, x0, x1, page) < 0.5 && p.hLine(ry - 2, x0, x1, page) < 0.5;
  for (let dy = Math.round(0.55 * h); dy <= Math.round(0.95 * h); dy++) {
    if (p.hLine(y + dy, x + 0.1 * w, x + 0.9 * w, page) >= 0.92 && p.hLine(y + dy + 2, x + 0.1 * w, x + 0.9 * w, page) < 0.5
      && p.hLine(y + dy - 2, x + 0.1 * w, x + 0.9 * w, page) < 0.9) {
      return !rule(y + dy, x + w + 0.5 * h, x + w + 1.5 * h) && !rule(y + dy, x - 1.5 * h, x - 0.5 * h);
    }
  }
  return false;
}

/**
 * Classifies a short line from the pixels around its box (the detector's box, a little larger than the ink).
 * A checkbox or toggle the detector took into the line is read as a one-character first word ("p Dark theme"):
 * then the marker is looked for under that word, and `skipWords` says the label starts after it.
 */
export function controlAround(img: DecodedImage, box: Box, words: readonly OcrWord[]): (ControlGuess & { readonly skipWords?: number }) | null {
  if (words.length > 5 || box[3] < 6) return null;
  const p = probe(img);
  const h = box[3];
  const page = pageColour(p, box, 2 * h);
  const rect = enclosingRect(p, box, page, Math.round(1.2 * h));
  if (rect) return rect;
  const marker = markerLeft(p, box, page);
  if (marker) return marker;
  if (words.length >= 2 && [...words[0]!.text].length === 1) {
    // From the middle of the gap between the marker's "letter" and the label.
    const x = (words[0]!.box[0] + words[0]!.box[2] + words[1]!.box[0]) / 2;
    const inner = markerLeft(p, [x, box[1], box[0] + box[2] - x, h], page, ONE_LETTER_WORDS.has(words[0]!.text));
    if (inner) return { ...inner, skipWords: 1 };
  }
  const first = words[0]?.box[0] ?? box[0];
  if (first - box[0] >= LEADING_BLANK * h) {
    // The box takes in a marker the recognizer read as nothing, or starts on its edge: the label starts inside the
    // box. A word's start is known to a time step (about 0.15 text heights), so the look starts a little further
    // left; only a checkbox's square or a radio button's ring will do there.
    const x = Math.max(box[0], first - LEADING_SLACK * h);
    const inner = squareOrRingLeft(p, [x, box[1], box[0] + box[2] - x, h], page);
    if (inner) return inner;
  }
  return underlined(p, box, page) ? { role: 'link' } : null;
}
