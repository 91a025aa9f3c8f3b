import type { DecodedImage } from '../image/intake';

/** Summed RGB difference between horizontal neighbours that counts as an edge (a 1-px rule, a pane's background change). */
const EDGE_STRENGTH = 12;
/** Share of the rows that must show the edge in one pixel column for a divider running the corridor's height. */
const EDGE_COVERAGE = 0.85;

/**
 * Looks for a vertical divider in the empty corridor x0..x1 over rows y0..y1: a pixel column where nearly every row
 * changes colour from its left neighbour. Panes are separated by rules or background changes; table cells are not.
 */
export function dividerFinder(img: DecodedImage): (x0: number, x1: number, y0: number, y1: number) => boolean {
  const { data, width, height } = img;
  return (x0, x1, y0, y1) => {
    const xa = Math.max(1, Math.ceil(x0)), xb = Math.min(width - 1, Math.floor(x1));
    const ya = Math.max(0, Math.floor(y0)), yb = Math.min(height - 1, Math.ceil(y1));
    const step = Math.max(1, Math.floor((yb - ya) / 200)); // ~200 sampled rows are plenty
    let rows = 0;
    for (let y = ya; y <= yb; y += step) rows++;
    if (rows === 0) return false;
    for (let x = xa; x <= xb; x++) {
      let edges = 0;
      for (let y = ya; y <= yb; y += step) {
        const i = (y * width + x) * 3, j = i - 3;
        if (Math.abs(data[i]! - data[j]!) + Math.abs(data[i + 1]! - data[j + 1]!) + Math.abs(data[i + 2]! - data[j + 2]!) >= EDGE_STRENGTH) edges++;
      }
      if (edges >= EDGE_COVERAGE * rows) return true;
    }
    return false;
  };
}
