import type { DecodedImage } from '../image/intake';

/**
 * Pixel sampling for the models, written for speed on packed RGB (no per-crop sharp round trip).
 * Paddle's models were trained on BGR images read by OpenCV, so tensors are written B, G, R.
 */

/** Area-averaged sample of channel c over the source rectangle [x0,x1)×[y0,y1) (coordinates in source pixels). */
function sampleArea(img: DecodedImage, x0: number, y0: number, x1: number, y1: number, out: Float32Array): void {
  const { data, width, height } = img;
  const xa = Math.max(0, Math.floor(x0)), xb = Math.min(width, Math.max(xa + 1, Math.ceil(x1)));
  const ya = Math.max(0, Math.floor(y0)), yb = Math.min(height, Math.max(ya + 1, Math.ceil(y1)));
  let r = 0, g = 0, b = 0, n = 0;
  for (let y = ya; y < yb; y++) {
    let i = (y * width + xa) * 3;
    for (let x = xa; x < xb; x++, i += 3) {
      r += data[i]!; g += data[i + 1]!; b += data[i + 2]!; n++;
    }
  }
  out[0] = r / n; out[1] = g / n; out[2] = b / n;
}

/** Bilinear sample at a source position (pixel centres at integer + 0.5). */
function sampleBilinear(img: DecodedImage, sx: number, sy: number, out: Float32Array): void {
  const { data, width, height } = img;
  const fx = Math.min(Math.max(sx - 0.5, 0), width - 1);
  const fy = Math.min(Math.max(sy - 0.5, 0), height - 1);
  const x0 = Math.floor(fx), y0 = Math.floor(fy);
  const x1 = Math.min(x0 + 1, width - 1), y1 = Math.min(y0 + 1, height - 1);
  const ax = fx - x0, ay = fy - y0;
  const i00 = (y0 * width + x0) * 3, i01 = (y0 * width + x1) * 3, i10 = (y1 * width + x0) * 3, i11 = (y1 * width + x1) * 3;
  for (let c = 0; c < 3; c++) {
    const top = data[i00 + c]! * (1 - ax) + data[i01 + c]! * ax;
    const bottom = data[i10 + c]! * (1 - ax) + data[i11 + c]! * ax;
    out[c] = top * (1 - ay) + bottom * ay;
  }
}

export interface Normalization {
  readonly mean: readonly [number, number, number];
  readonly std: readonly [number, number, number];
}

/**
 * Resamples the source rectangle (x, y, w, h) of `img` to outW×outH and writes it normalized, channel-planar BGR,
 * into `tensor` at `offset` with row stride `strideW` (the batch's padded width). Downscales average areas so
 * HiDPI text does not alias; upscales interpolate. `flip` rotates the crop by 180°.
 */
export function writeCropTensor(
  img: DecodedImage, rect: readonly [number, number, number, number], outW: number, outH: number,
  tensor: Float32Array, offset: number, strideW: number, norm: Normalization, flip = false,
): void {
  const [x, y, w, h] = rect;
  const scaleX = w / outW, scaleY = h / outH;
  const area = scaleX > 1.5 || scaleY > 1.5;
  const px = new Float32Array(3);
  const plane = strideW * outH;
  // mean/std are given in B, G, R order (the order the tensor is written in).
  const [mb, mg, mr] = norm.mean, [sb, sg, sr] = norm.std;
  for (let oy = 0; oy < outH; oy++) {
    const ty = flip ? outH - 1 - oy : oy;
    for (let ox = 0; ox < outW; ox++) {
      const tx = flip ? outW - 1 - ox : ox;
      if (area) sampleArea(img, x + ox * scaleX, y + oy * scaleY, x + (ox + 1) * scaleX, y + (oy + 1) * scaleY, px);
      else sampleBilinear(img, x + (ox + 0.5) * scaleX, y + (oy + 0.5) * scaleY, px);
      const o = offset + ty * strideW + tx;
      tensor[o] = (px[2]! / 255 - mb) / sb;
      tensor[o + plane] = (px[1]! / 255 - mg) / sg;
      tensor[o + 2 * plane] = (px[0]! / 255 - mr) / sr;
    }
  }
}
