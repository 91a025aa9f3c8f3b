import { promises as fs } from 'node:fs';
import sharp from 'sharp';
import { LIMITS } from '../common/limits';
import { SightlineError } from '../common/errors';
import { printable } from '../common/printable';

/** An image ready for the models: packed RGB, 8 bits per channel, EXIF orientation applied. */
export interface DecodedImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly channels: 3;
  /** What the user would call it: the file path, or a label such as "screen" or "camera frame". */
  readonly source: string;
  readonly format: string;
}

/** Where an image comes from: a file on disk, or encoded bytes (paste, drag-and-drop, camera, screen capture). */
export type ImageInput =
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array; readonly label: string };

export interface IntakeOptions {
  readonly maxPixels?: number;
  readonly maxBytes?: number;
}

sharp.cache(false); // decoded images are used once; libvips' cache only grows RSS across a long session
sharp.concurrency(1);

const badInput = (source: string, reason: string) => new SightlineError('bad-input', `${printable(source)}: ${reason}`);

function describeSharpFailure(message: string): string {
  if (/unsupported image format/i.test(message)) return 'not an image (unknown or unsupported format)';
  if (/premature end|libpng read error|truncated|unexpected end|end of (file|stream)|incomplete|not enough data/i.test(message)) return 'truncated or corrupt image data';
  if (/pixel limit/i.test(message)) return `image exceeds the ${LIMITS.maxImagePixels.toLocaleString('en-US')}-pixel limit`;
  return `corrupt image data (${message.split('\n')[0]})`;
}

async function readInput(input: ImageInput, maxBytes: number): Promise<{ bytes: Uint8Array; source: string }> {
  if (input.kind === 'bytes') {
    if (input.bytes.byteLength === 0) throw badInput(input.label, 'empty image (0 bytes)');
    if (input.bytes.byteLength > maxBytes) throw badInput(input.label, `image is ${input.bytes.byteLength} bytes, over the ${maxBytes}-byte limit`);
    return { bytes: input.bytes, source: input.label };
  }
  const source = input.path;
  let stat;
  try {
    stat = await fs.stat(source);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw badInput(source, 'file not found');
    if (code === 'EACCES') throw badInput(source, 'permission denied');
    throw badInput(source, `cannot read file (${code ?? String(err)})`);
  }
  if (!stat.isFile()) throw badInput(source, 'not a regular file');
  if (stat.size === 0) throw badInput(source, 'empty file (0 bytes)');
  if (stat.size > maxBytes) throw badInput(source, `file is ${stat.size} bytes, over the ${maxBytes}-byte limit`);
  try {
    return { bytes: await fs.readFile(source), source };
  } catch (err) {
    throw badInput(source, `cannot read file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

/**
 * Decodes anything sharp decodes (PNG, JPEG, WebP, GIF's first frame, TIFF, AVIF, HEIF where licensed, SVG).
 * The pixel, side and aspect limits are checked against the header before any pixel is allocated, so a PNG that
 * declares 30000×30000, or a 1 × 39,000,000 strip, is refused in milliseconds.
 */
export async function decodeImage(input: ImageInput, options: IntakeOptions = {}): Promise<DecodedImage> {
  const maxPixels = options.maxPixels ?? LIMITS.maxImagePixels;
  const { bytes, source } = await readInput(input, options.maxBytes ?? LIMITS.maxImageBytes);
  const open = () => sharp(bytes, { limitInputPixels: maxPixels, failOn: 'truncated', sequentialRead: true });

  let meta: sharp.Metadata;
  try {
    // metadata() reads only the header, so no pixel limit is needed to stay cheap here; the check follows.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw badInput(source, describeSharpFailure((err as Error).message));
  }
  const { width, height } = meta;
  if (!width || !height) throw badInput(source, 'image has no dimensions');
  if (width * height > maxPixels) {
    throw badInput(source, `image is ${width}×${height} (${(width * height / 1e6).toFixed(1)} megapixels), over the ${maxPixels / 1e6}-megapixel limit`);
  }
  // Within the pixel limit, a long thin strip still costs seconds (per-row work) or gigabytes (per-column buffers).
  if (Math.max(width, height) > LIMITS.maxImageSide) {
    throw badInput(source, `image is ${width}×${height}, over the ${LIMITS.maxImageSide}-pixel limit for a side`);
  }
  if (Math.max(width, height) / Math.min(width, height) > LIMITS.maxImageAspect) {
    throw badInput(source, `image is ${width}×${height}, more elongated than the ${LIMITS.maxImageAspect}:1 limit`);
  }

  try {
    const { data, info } = await open()
      .rotate() // applies EXIF orientation, then drops the tag
      .flatten({ background: '#ffffff' }) // transparent screenshots read as on a white page
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`unexpected channel count ${info.channels}`);
    return Object.freeze({
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
      channels: 3 as const,
      source,
      format: meta.format ?? 'unknown',
    });
  } catch (err) {
    throw badInput(source, describeSharpFailure((err as Error).message));
  }
}

export const pathInput = (path: string): ImageInput => ({ kind: 'path', path });
