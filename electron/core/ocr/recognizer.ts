import type { DecodedImage } from '../image/intake';
import { REC_HEIGHT, STRETCH, targetWidth } from './cropWidth';
import { ctcGreedy, type DecodedSequence } from './ctcDecode';
import { writeCropTensor, type Normalization } from './raster';
import { runSingle, type ort } from './sessions';
import type { Box } from './types';

/**
 * Bounds one batch (N × steps, each step 8 input columns): the model's working memory grows with it. Measured on the
 * tuning sets, 400 steps instead of 800 cut peak RSS by about 90 MB (599 → 505 MB) at the same accuracy and speed.
 */
const MAX_BATCH_STEPS = 400;
const MAX_BATCH = 16;
/** Crops whose widths differ by more than this factor go to different batches (padding is wasted work). */
const WIDTH_SPREAD = 1.1;
const REC_NORM: Normalization = { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] };
const CLS_NORM = REC_NORM;
const CLS_WIDTH = 192;

export interface Recognized {
  readonly sequence: DecodedSequence;
  /** Crop pixels per recognizer time step, for mapping characters back to image x. */
  readonly pxPerStep: number;
  /** The crop's width at the recognizer's height (the box scaled, with its stretch). */
  readonly cropW: number;
  /** Read from the crop turned by 180° (the direction model's verdict). */
  readonly flipped?: boolean;
}


/**
 * Recognizes each box's text; crops of similar width share a batch. `flipped` rotates the given crops by 180°;
 * `keepRows[i]` (image y range) blanks box i's rows outside it (lineNeighbours.ts).
 */
export async function recognizeBoxes(
  session: ort.InferenceSession, img: DecodedImage, boxes: readonly Box[], charset: readonly string[],
  signal: AbortSignal | undefined, flipped: ReadonlySet<number> = new Set(), keepRows?: ReadonlyArray<readonly [number, number] | null>,
  stretch = STRETCH,
): Promise<Recognized[]> {
  const order = boxes.map((b, i) => ({ i, w: targetWidth(b, stretch) })).sort((a, b) => a.w - b.w || a.i - b.i);
  const results: Recognized[] = new Array(boxes.length);
  let start = 0;
  while (start < order.length) {
    signal?.throwIfAborted();
    let end = start + 1;
    while (end < order.length && end - start < MAX_BATCH && order[end]!.w <= order[start]!.w * WIDTH_SPREAD
      && ((end - start + 1) * order[end]!.w) / 8 <= MAX_BATCH_STEPS) end++;
    const batch = order.slice(start, end);
    const width = Math.ceil(batch[batch.length - 1]!.w / 8) * 8;
    const plane = REC_HEIGHT * width;
    const input = new Float32Array(batch.length * 3 * plane); // zeros = mid-grey padding, as Paddle pads
    batch.forEach(({ i, w }, n) => writeCropTensor(img, boxes[i]!, w, REC_HEIGHT, input, n * 3 * plane, width, REC_NORM, flipped.has(i), keepRows?.[i] ?? undefined));
    const { data, dims } = await runSingle(session, input, [batch.length, 3, REC_HEIGHT, width]);
    const steps = dims[1]!, classes = dims[2]!;
    const pxPerStep = width / steps;
    batch.forEach(({ i, w }, n) => {
      const used = Math.min(steps, Math.ceil(w / pxPerStep) + 1);
      results[i] = { sequence: ctcGreedy(data, n * steps * classes, steps, classes, charset, used), pxPerStep, cropW: w };
    });
    start = end;
  }
  return results;
}

/** Probability that each crop is upside down (the direction model's 180° class), in one batch. */
export async function upsideDownProbability(session: ort.InferenceSession, img: DecodedImage, boxes: readonly Box[]): Promise<number[]> {
  if (boxes.length === 0) return [];
  const plane = REC_HEIGHT * CLS_WIDTH;
  const input = new Float32Array(boxes.length * 3 * plane);
  boxes.forEach((b, n) => writeCropTensor(img, b, Math.min(CLS_WIDTH, targetWidth(b)), REC_HEIGHT, input, n * 3 * plane, CLS_WIDTH, CLS_NORM));
  const { data } = await runSingle(session, input, [boxes.length, 3, REC_HEIGHT, CLS_WIDTH]);
  return boxes.map((_, n) => data[n * 2 + 1]!);
}

