import type { DecodedImage } from '../image/intake';
import type { Box } from './types';
import { boxBackground, luminance } from './geometry';

/** Luminance difference from the box's background that a rule's pixels show (light grey grid lines included). */
export const RULE_CONTRAST = 30;
/** A rule runs on at least this far above and below the box (a glyph never leaves its own box)… */
const BEYOND = 3;
/** …and on one side at least this many box heights (it is a grid's: the next row's cell, the one above). */
const REACH = 1;
/** Rows without ink a rule may skip (the spacing between two cells' own borders). */
const MAX_BREAK = 2;
/** Rule columns this close together are one rule (a double border, an antialiased edge). */
const CLUSTER = 6;
/** How far outside a rule (in pixels) a column of background is looked for. */
const BESIDE = [3, 2, 4, 5];
/** A piece narrower than this share of the box height holds no text worth reading. */
const MIN_PIECE = 0.3;

/**
 * Cuts detected boxes at the vertical rules of a ruled table. The detector joins text in neighbouring cells into one
 * box when the cell padding is tight ("config::ifupdownstandardized tool…"), and a box that takes in a cell's own
 * border reads the rule as a glyph ("|14803" → "314803", "I:428"). A pixel column inside the box that is ink over
 * the box's whole height and runs on beyond its top and bottom is a rule, not a letter: text never reaches outside
 * its box, and a table's rule does. Each box is cut there and the rule's columns are left out.
 */
export function cutAtCellRules(boxes: readonly Box[], img: DecodedImage): Box[] {
  return boxes.flatMap((box) => cutBox(box, img));
}

function cutBox(box: Box, img: DecodedImage): Box[] {
  const { width, height, data } = img;
  const x0 = Math.max(0, Math.floor(box[0])), x1 = Math.min(width, Math.ceil(box[0] + box[2]));
  const y0 = Math.max(0, Math.floor(box[1])), y1 = Math.min(height, Math.ceil(box[1] + box[3]));
  if (x1 - x0 < 4 || y1 - y0 < 4 || y0 < BEYOND || y1 + BEYOND > height) return [box];
  // Most of a text box is background: its median, not its edge rows (which may cross a neighbour's underline).
  const background = boxBackground(img, x0, x1, y0, y1, 2000);
  const ink = (x: number, y: number) => Math.abs(luminance(data, (y * width + x) * 3) - background) >= RULE_CONTRAST;
  /** How many rows from `from` (going by `dir`, at most `limit`) the ink runs, skipping at most MAX_BREAK blank rows. */
  const run = (x: number, from: number, limit: number, dir: 1 | -1) => {
    let blank = 0, k = 0;
    for (; k < limit && from + dir * k >= 0 && from + dir * k < height; k++) {
      if (ink(x, from + dir * k)) blank = 0;
      else if (++blank > MAX_BREAK) return k - blank + 1;
    }
    return k - blank;
  };
  const boxH = y1 - y0, reach = Math.ceil(REACH * boxH);
  const ruleColumns: number[] = [];
  for (let x = x0; x < x1; x++) {
    if (run(x, y0, boxH, 1) < boxH) continue;
    const up = run(x, y0 - 1, reach, -1), down = run(x, y1, reach, 1);
    if (up >= BEYOND && down >= BEYOND && Math.max(up, down) >= reach) ruleColumns.push(x);
  }
  if (ruleColumns.length === 0) return [box];
  const rules: Array<[number, number]> = [];
  for (const x of ruleColumns) {
    const last = rules[rules.length - 1];
    if (last && x - last[1] <= CLUSTER) last[1] = x;
    else rules.push([x, x]);
  }
  // A rule is thin: just outside it the box shows its background on most rows (else the ink is the box's own fill).
  // Some column a few pixels out will do: text set against a cell's border (Postfix's tables) inks the nearest ones.
  const blankBeside = (x: number) => x < x0 || x >= x1 || Array.from({ length: boxH }, (_, k) => ink(x, y0 + k)).filter(Boolean).length <= 0.3 * boxH;
  const blankNear = (x: number, dir: 1 | -1) => BESIDE.some((k) => blankBeside(x + dir * k));
  const thin = rules.filter(([a, b]) => b - a <= CLUSTER && blankNear(a, -1) && blankNear(b, 1));
  if (thin.length === 0) return [box];
  rules.splice(0, rules.length, ...thin);
  const pieces: Box[] = [];
  let from = box[0];
  for (const [a, b] of [...rules, [box[0] + box[2] + 1, box[0] + box[2] + 1] as [number, number]]) {
    const to = Math.min(a - 1, box[0] + box[2]);
    if (to - from >= MIN_PIECE * box[3]) pieces.push([from, box[1], to - from, box[3]]);
    from = b + 2;
  }
  return pieces;
}
