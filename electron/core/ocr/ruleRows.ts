import type { DecodedImage } from '../image/intake';
import { RULE_CONTRAST } from './cellRules';
import { boxBackground, luminance } from './geometry';
import type { Box } from './types';

/** Share of the box's columns a rule's row inks (a row of text has gaps between its letters and words). */
const RULE_COVER = 0.97;
/** The rule runs on this many pixels past both sides of the box (a link's underline ends with its text). */
const BEYOND = 3;
/** Rules are looked for in this share of the box's rows at its top and at its bottom (the text is in between). */
const EDGE_SHARE = 0.4;
/** Pixels sampled for the box's background (its median: most of a text box is background). */
const BACKGROUND_SAMPLES = 300;
/** Boxes narrower than this many of their heights are not looked at. */
const MIN_WIDTH = 2;
/** A box keeps at least this share of its rows. */
const MIN_KEPT = 0.5;

type KeepRows = readonly [number, number] | null;

/**
 * The rows of each box's crop to keep (neighbourKeepRows' ranges, image y), without a ruled table's horizontal rules.
 * A box in a ruled table often takes in the rule above or below its text (the detector's boxes stand about 1.5 text
 * heights tall and cells are tight), and the recognizer, seeing a line across the whole crop, loses word spaces
 * ("Linuxframebuffer", "3DfxVoodooBanshee"). A row inked across the box's whole width that runs on past both its
 * sides is a rule: no glyph leaves its box, and a link's underline ends where its text does. The box itself is not
 * changed (its height sets the crop's scale).
 */
export function keepRowsWithoutRules(boxes: readonly Box[], keep: readonly KeepRows[], img: DecodedImage): KeepRows[] {
  return boxes.map((box, i) => withoutRules(box, keep[i] ?? null, img));
}

function withoutRules(box: Box, keep: KeepRows, img: DecodedImage): KeepRows {
  const { width, height, data } = img;
  const x0 = Math.max(0, Math.floor(box[0])), x1 = Math.min(width, Math.ceil(box[0] + box[2]));
  const y0 = Math.max(0, Math.floor(box[1])), y1 = Math.min(height, Math.ceil(box[1] + box[3]));
  // A box of a glyph or two is left whole: a stroke of its own can span it.
  if (x1 - x0 < MIN_WIDTH * (y1 - y0) || y1 - y0 < 6 || x0 < BEYOND || x1 + BEYOND > width) return keep;
  const background = boxBackground(img, x0, x1, y0, y1, BACKGROUND_SAMPLES);
  const ink = (x: number, y: number) => Math.abs(luminance(data, (y * width + x) * 3) - background) >= RULE_CONTRAST;
  const isRule = (y: number) => {
    for (let k = 1; k <= BEYOND; k++) if (!ink(x0 - k, y) || !ink(x1 - 1 + k, y)) return false;
    let inked = 0;
    for (let x = x0; x < x1; x++) if (ink(x, y)) inked++;
    return inked >= RULE_COVER * (x1 - x0);
  };
  const edge = Math.max(1, Math.floor(EDGE_SHARE * (y1 - y0)));
  let top = keep ? keep[0] : box[1], bottom = keep ? keep[1] : box[1] + box[3];
  // The rule nearest the text on each side: the crop keeps the rows between them.
  for (let y = y0 + edge - 1; y >= y0; y--) if (isRule(y)) { top = Math.max(top, y + 1); break; }
  for (let y = y1 - edge; y < y1; y++) if (isRule(y)) { bottom = Math.min(bottom, y); break; }
  if (bottom - top < MIN_KEPT * box[3]) return keep;
  if (top <= box[1] && bottom >= box[1] + box[3]) return keep;
  return [top, bottom];
}
