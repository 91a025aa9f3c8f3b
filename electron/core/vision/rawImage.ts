import type { DecodedImage } from '../image/intake';
import type { Hf } from './runtime';

/** The decoded pixels as Transformers.js's RawImage, without copying (both are packed RGB, 8 bits). */
export function toRawImage(t: Hf, image: DecodedImage) {
  const data = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return new t.RawImage(data, image.width, image.height, 3);
}
