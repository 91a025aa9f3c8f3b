import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { LIMITS } from '../common/limits';
import type { ImageInput } from '../image/intake';
import { BoundedLru } from './lru';

/**
 * Images this host has seen, by imageId, so a follow-up `ask` can name an image without sending it again.
 * What is kept is the input (a path, or the encoded bytes), not decoded pixels: a 1080p screenshot is ~200 kB
 * encoded and 6 MB decoded, and a cached vision encoding usually makes decoding again unnecessary.
 */
const store = new BoundedLru<string, ImageInput>(LIMITS.maxStoredImages, LIMITS.maxStoredImageBytes);

const inputSize = (input: ImageInput) => (input.kind === 'bytes' ? input.bytes.byteLength : 256);

export function rememberImage(imageId: string, input: ImageInput): void {
  store.set(imageId, input, inputSize(input));
}

export function recallImage(imageId: string): ImageInput | undefined {
  return store.get(imageId);
}

/**
 * A stable id for an image when the caller gave none: the content hash for bytes, and path + size + mtime for a
 * file (the same file asked about twice reuses its encoding; an edited file does not).
 */
export async function imageIdFor(input: ImageInput): Promise<string> {
  const hash = createHash('sha1');
  if (input.kind === 'bytes') {
    hash.update(input.bytes);
  } else {
    const resolved = path.resolve(input.path);
    hash.update(resolved);
    try {
      const s = await stat(resolved);
      hash.update(`:${s.size}:${s.mtimeMs}`);
    } catch { /* decodeImage reports the missing file with its own message */ }
  }
  return `img-${hash.digest('hex').slice(0, 16)}`;
}

export function forgetAllImages(): void {
  store.clear();
}
