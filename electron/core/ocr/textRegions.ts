/**
 * DB post-processing for horizontal screen text, without OpenCV: threshold the probability map, label connected
 * components, score each by its mean probability, split any component across a wide empty gap (so two columns
 * never become one line), and grow ("unclip") the shrunk kernel back to the text's full extent.
 */

export interface ProbabilityMap {
  readonly data: Float32Array;
  readonly width: number;
  readonly height: number;
}

export interface RegionOptions {
  /** Pixels above this probability are text. */
  readonly threshold: number;
  /** A component whose mean probability is below this is dropped. */
  readonly minScore: number;
  /** DB's unclip ratio: the kernel grows by area × ratio / perimeter on every side. */
  readonly unclipRatio: number;
  /** Empty columns wider than this many kernel heights split a component. */
  readonly splitGapRatio: number;
  /** Components thinner than this (map pixels) are noise. */
  readonly minSide: number;
}

export const DEFAULT_REGION_OPTIONS: RegionOptions = Object.freeze({
  threshold: 0.3,
  minScore: 0.6,
  unclipRatio: 2.0,
  splitGapRatio: 1.6,
  minSide: 2,
});

/** A text region in map pixels (fractional after unclip). */
export interface Region {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly score: number;
}

interface Component {
  x0: number; y0: number; x1: number; y1: number; // inclusive pixel bounds
  count: number;
  sum: number;
}

/**
 * Two reusable work buffers (labels, fill stack): strips come one after another, and reallocating megabytes per
 * strip only churns memory. Returned zeroed, sized exactly.
 */
const buffers: Int32Array[] = [new Int32Array(0), new Int32Array(0)];
function scratch(slot: 0 | 1, length: number): Int32Array {
  if (buffers[slot]!.length < length) buffers[slot] = new Int32Array(length);
  const view = buffers[slot]!.subarray(0, length);
  view.fill(0);
  return view;
}

/** Labels 4-connected components of p > threshold with an explicit stack (no recursion, no per-pixel objects). */
function labelComponents(map: ProbabilityMap, threshold: number): { labels: Int32Array; components: Component[] } {
  const { data, width, height } = map;
  const labels = scratch(0, width * height); // 0 = background, k+1 = component k
  const components: Component[] = [];
  const stack = scratch(1, width * height);
  for (let start = 0; start < data.length; start++) {
    if (labels[start] !== 0 || data[start]! <= threshold) continue;
    const label = components.length + 1;
    const c: Component = { x0: width, y0: height, x1: -1, y1: -1, count: 0, sum: 0 };
    let top = 0;
    stack[top++] = start;
    labels[start] = label;
    while (top > 0) {
      const i = stack[--top]!;
      const x = i % width, y = (i - x) / width;
      c.count++; c.sum += data[i]!;
      if (x < c.x0) c.x0 = x; if (x > c.x1) c.x1 = x;
      if (y < c.y0) c.y0 = y; if (y > c.y1) c.y1 = y;
      if (x > 0 && labels[i - 1] === 0 && data[i - 1]! > threshold) { labels[i - 1] = label; stack[top++] = i - 1; }
      if (x < width - 1 && labels[i + 1] === 0 && data[i + 1]! > threshold) { labels[i + 1] = label; stack[top++] = i + 1; }
      if (y > 0 && labels[i - width] === 0 && data[i - width]! > threshold) { labels[i - width] = label; stack[top++] = i - width; }
      if (y < height - 1 && labels[i + width] === 0 && data[i + width]! > threshold) { labels[i + width] = label; stack[top++] = i + width; }
    }
    components.push(c);
  }
  return { labels, components };
}

/** Splits a component at runs of empty columns wider than `maxGap`; returns column spans [from, to] inclusive. */
function columnSpans(labels: Int32Array, width: number, label: number, c: Component, maxGap: number): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let spanStart = -1, lastInk = -1;
  for (let x = c.x0; x <= c.x1; x++) {
    let ink = false;
    for (let y = c.y0; y <= c.y1 && !ink; y++) ink = labels[y * width + x] === label;
    if (!ink) continue;
    if (spanStart < 0) spanStart = x;
    else if (x - lastInk - 1 > maxGap) { spans.push([spanStart, lastInk]); spanStart = x; }
    lastInk = x;
  }
  if (spanStart >= 0) spans.push([spanStart, lastInk]);
  return spans;
}

/** Statistics of one column span of a component: tight vertical bounds and mean probability. */
function spanStats(map: ProbabilityMap, labels: Int32Array, label: number, c: Component, x0: number, x1: number) {
  let y0 = c.y1, y1 = c.y0, sum = 0, count = 0;
  for (let y = c.y0; y <= c.y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const i = y * map.width + x;
      if (labels[i] !== label) continue;
      sum += map.data[i]!; count++;
      if (y < y0) y0 = y; if (y > y1) y1 = y;
    }
  }
  return { y0, y1, score: count ? sum / count : 0 };
}

export function extractRegions(map: ProbabilityMap, options: RegionOptions = DEFAULT_REGION_OPTIONS): Region[] {
  const { labels, components } = labelComponents(map, options.threshold);
  const regions: Region[] = [];
  components.forEach((c, k) => {
    const kernelH = c.y1 - c.y0 + 1;
    if (kernelH < options.minSide || c.x1 - c.x0 + 1 < options.minSide) return;
    const spans = columnSpans(labels, map.width, k + 1, c, Math.max(3, options.splitGapRatio * kernelH));
    for (const [x0, x1] of spans) {
      const s = spans.length === 1 ? { y0: c.y0, y1: c.y1, score: c.sum / c.count } : spanStats(map, labels, k + 1, c, x0, x1);
      const w = x1 - x0 + 1, h = s.y1 - s.y0 + 1;
      if (s.score < options.minScore || h < options.minSide || w < options.minSide) continue;
      const d = (w * h * options.unclipRatio) / (2 * (w + h));
      regions.push({ x: x0 - d, y: s.y0 - d, w: w + 2 * d, h: h + 2 * d, score: s.score });
    }
  });
  return regions;
}
