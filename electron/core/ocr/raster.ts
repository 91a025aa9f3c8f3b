import type { DecodedImage } from '../image/intake';

/**
 * Pixel sampling for the models, written for speed on packed RGB (no per-crop sharp round trip).
 * Paddle's models were trained on BGR images read by OpenCV, so tensors are written B, G, R.
 */

export interface Normalization {
  readonly mean: readonly [number, number, number];
  readonly std: readonly [number, number, number];
}

/**
 * Resamples the source rectangle (x, y, w, h) of `img` to outW×outH and writes it normalized, channel-planar BGR,
 * into `tensor` at `offset` with row stride `strideW` (the batch's padded width). Downscales average areas so
 * HiDPI text does not alias; upscales interpolate. `flip` rotates the crop by 180°. `keepRows` (image y, from–to):
 * rows outside it are painted with the crop's background (a neighbouring line's ascenders and descenders).
 */
export function writeCropTensor(
  img: DecodedImage, rect: readonly [number, number, number, number], outW: number, outH: number,
  tensor: Float32Array, offset: number, strideW: number, norm: Normalization, flip = false, keepRows?: readonly [number, number],
): void {
  writeResampled(img, rect, outW, outH, tensor, offset, strideW, norm, flip);
  if (keepRows) blankOutside(img, rect, outH, tensor, offset, strideW, norm, flip, outW, keepRows);
}

/**
 * Paints the crop's rows whose source row lies outside `keep` (image y) with the crop's background: the median
 * colour of its left and right edge columns over the kept rows (text boxes have a margin there).
 */
function blankOutside(
  img: DecodedImage, rect: readonly [number, number, number, number], outH: number, tensor: Float32Array, offset: number,
  strideW: number, norm: Normalization, flip: boolean, outW: number, keep: readonly [number, number],
): void {
  const [x, y, w, h] = rect;
  const { data, width, height } = img;
  const k0 = Math.max(0, Math.floor(keep[0])), k1 = Math.min(height, Math.ceil(keep[1]));
  const xl = Math.max(0, Math.min(width - 1, Math.floor(x))), xr = Math.max(0, Math.min(width - 1, Math.ceil(x + w) - 1));
  const samples: [number[], number[], number[]] = [[], [], []];
  for (let sy = k0; sy < k1; sy++) for (const sx of [xl, xr]) for (let c = 0; c < 3; c++) samples[c]!.push(data[(sy * width + sx) * 3 + c]!);
  if (samples[0].length === 0) return;
  const mid = (v: number[]) => v.sort((a, b) => a - b)[v.length >> 1]!;
  const [red, green, blue] = samples.map(mid) as [number, number, number];
  const [mb, mg, mr] = norm.mean, [sb, sg, sr] = norm.std;
  const values = [(blue / 255 - mb) / sb, (green / 255 - mg) / sg, (red / 255 - mr) / sr];
  const plane = strideW * outH;
  for (let oy = 0; oy < outH; oy++) {
    const sy = y + (oy + 0.5) * (h / outH);
    if (sy >= k0 && sy < k1) continue;
    const rowOut = offset + (flip ? outH - 1 - oy : oy) * strideW;
    for (let c = 0; c < 3; c++) tensor.fill(values[c]!, rowOut + c * plane, rowOut + c * plane + outW);
  }
}

function writeResampled(
  img: DecodedImage, rect: readonly [number, number, number, number], outW: number, outH: number,
  tensor: Float32Array, offset: number, strideW: number, norm: Normalization, flip: boolean,
): void {
  const [x, y, w, h] = rect;
  const scaleX = w / outW, scaleY = h / outH;
  const plane = strideW * outH;
  // mean/std are given in B, G, R order (the order the tensor is written in): v ↦ v·k + c per channel.
  const [mb, mg, mr] = norm.mean, [sb, sg, sr] = norm.std;
  const kb = 1 / (255 * sb), kg = 1 / (255 * sg), kr = 1 / (255 * sr);
  const cb = -mb / sb, cg = -mg / sg, cr = -mr / sr;
  const { data, width, height } = img;
  if (scaleX > 1.5 || scaleY > 1.5) {
    // Area average over whole source pixels; column spans are computed once per crop.
    const xa = new Int32Array(outW), xb = new Int32Array(outW);
    for (let ox = 0; ox < outW; ox++) {
      xa[ox] = Math.max(0, Math.floor(x + ox * scaleX));
      xb[ox] = Math.min(width, Math.max(xa[ox]! + 1, Math.ceil(x + (ox + 1) * scaleX)));
    }
    for (let oy = 0; oy < outH; oy++) {
      const ty = flip ? outH - 1 - oy : oy;
      const ya = Math.max(0, Math.floor(y + oy * scaleY)), yb = Math.min(height, Math.max(ya + 1, Math.ceil(y + (oy + 1) * scaleY)));
      const rowOut = offset + ty * strideW;
      for (let ox = 0; ox < outW; ox++) {
        const x0 = xa[ox]!, x1 = xb[ox]!;
        let red = 0, green = 0, blue = 0;
        for (let sy = ya; sy < yb; sy++) {
          for (let i = (sy * width + x0) * 3, end = (sy * width + x1) * 3; i < end; i += 3) {
            red += data[i]!; green += data[i + 1]!; blue += data[i + 2]!;
          }
        }
        const n = 1 / ((yb - ya) * (x1 - x0));
        const o = rowOut + (flip ? outW - 1 - ox : ox);
        tensor[o] = blue * n * kb + cb;
        tensor[o + plane] = green * n * kg + cg;
        tensor[o + 2 * plane] = red * n * kr + cr;
      }
    }
    return;
  }
  // Bilinear, separable: column taps and weights are computed once per crop, not once per pixel (the hot loop
  // of recognition's input preparation).
  const col0 = new Int32Array(outW), col1 = new Int32Array(outW), wx = new Float32Array(outW);
  for (let ox = 0; ox < outW; ox++) {
    const fx = Math.min(Math.max(x + (ox + 0.5) * scaleX - 0.5, 0), width - 1);
    const x0 = Math.floor(fx);
    col0[ox] = x0 * 3; col1[ox] = Math.min(x0 + 1, width - 1) * 3; wx[ox] = fx - x0;
  }
  for (let oy = 0; oy < outH; oy++) {
    const ty = flip ? outH - 1 - oy : oy;
    const fy = Math.min(Math.max(y + (oy + 0.5) * scaleY - 0.5, 0), height - 1);
    const y0 = Math.floor(fy), ay = fy - y0;
    const r0 = y0 * width * 3, r1 = Math.min(y0 + 1, height - 1) * width * 3;
    const rowOut = offset + ty * strideW;
    for (let ox = 0; ox < outW; ox++) {
      const a = col0[ox]!, b = col1[ox]!, ax = wx[ox]!;
      const w00 = (1 - ax) * (1 - ay), w01 = ax * (1 - ay), w10 = (1 - ax) * ay, w11 = ax * ay;
      const i00 = r0 + a, i01 = r0 + b, i10 = r1 + a, i11 = r1 + b;
      const red = data[i00]! * w00 + data[i01]! * w01 + data[i10]! * w10 + data[i11]! * w11;
      const green = data[i00 + 1]! * w00 + data[i01 + 1]! * w01 + data[i10 + 1]! * w10 + data[i11 + 1]! * w11;
      const blue = data[i00 + 2]! * w00 + data[i01 + 2]! * w01 + data[i10 + 2]! * w10 + data[i11 + 2]! * w11;
      const o = rowOut + (flip ? outW - 1 - ox : ox);
      tensor[o] = blue * kb + cb;
      tensor[o + plane] = green * kg + cg;
      tensor[o + 2 * plane] = red * kr + cr;
    }
  }
}
