import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile, chmod } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { decodeImage, pathInput } from '../../electron/core/image/intake';
import { SightlineError } from '../../electron/core/common/errors';
import { LIMITS } from '../../electron/core/common/limits';
import { tempDir } from '../helpers/tmp';
import { blackPng, pngDeclaring } from '../helpers/png';

async function refusal(promise: Promise<unknown>): Promise<SightlineError> {
  const err = await promise.then(() => assert.fail('expected the image to be refused'), (e: unknown) => e);
  assert.ok(err instanceof SightlineError);
  assert.equal(err.kind, 'bad-input');
  assert.doesNotMatch(err.message, /\n/, 'errors are one line');
  return err;
}

/** A 60×30 image: left half red, right half blue, so orientation and channel order are observable. */
function halves() {
  const width = 60;
  const height = 30;
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      if (x < width / 2) data[i] = 255;
      else data[i + 2] = 255;
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } });
}

function pixel(image: { data: Uint8Array; width: number }, x: number, y: number): number[] {
  const i = (y * image.width + x) * 3;
  return [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!];
}

const FORMATS = Object.freeze({
  png: (s: sharp.Sharp) => s.png(),
  jpeg: (s: sharp.Sharp) => s.jpeg({ quality: 95 }),
  webp: (s: sharp.Sharp) => s.webp({ lossless: true }),
  gif: (s: sharp.Sharp) => s.gif(),
  tiff: (s: sharp.Sharp) => s.tiff(),
  avif: (s: sharp.Sharp) => s.avif({ lossless: true }),
});

for (const [format, encode] of Object.entries(FORMATS)) {
  test(`decodes ${format} to packed RGB with the right size and colours`, async () => {
    const dir = await tempDir();
    const file = path.join(dir, `halves.${format}`);
    await encode(halves()).toFile(file);
    const image = await decodeImage(pathInput(file));
    assert.equal(image.width, 60);
    assert.equal(image.height, 30);
    assert.equal(image.channels, 3);
    assert.equal(image.data.length, 60 * 30 * 3);
    assert.equal(image.source, file);
    const [r, , b] = pixel(image, 5, 15);
    assert.ok(r! > 200 && b! < 60, `left is red in ${format}: ${pixel(image, 5, 15)}`);
    const [r2, , b2] = pixel(image, 55, 15);
    assert.ok(b2! > 200 && r2! < 60, `right is blue in ${format}: ${pixel(image, 55, 15)}`);
  });
}

test('applies EXIF orientation (a phone photo taken sideways comes out upright)', async () => {
  const dir = await tempDir();
  const file = path.join(dir, 'rotated.jpg');
  // Orientation 6: the stored pixels must be rotated 90° clockwise for display.
  await halves().jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toFile(file);
  const image = await decodeImage(pathInput(file));
  assert.equal(image.width, 30);
  assert.equal(image.height, 60);
  assert.ok(pixel(image, 15, 5)[0]! > 200, 'red (the stored left half) is on top after rotating clockwise');
  assert.ok(pixel(image, 15, 55)[2]! > 200, 'blue is at the bottom');
});

test('takes encoded bytes (paste, camera frame) with a label naming them in errors', async () => {
  const bytes = await halves().png().toBuffer();
  const image = await decodeImage({ kind: 'bytes', bytes, label: 'pasted image' });
  assert.equal(image.source, 'pasted image');
  assert.equal(image.width, 60);
  const err = await refusal(decodeImage({ kind: 'bytes', bytes: new Uint8Array(0), label: 'camera frame' }));
  assert.match(err.message, /^camera frame: empty/);
});

test('flattens transparency onto white, as a page would show it', async () => {
  const transparent = await sharp({ create: { width: 4, height: 4, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
  const image = await decodeImage({ kind: 'bytes', bytes: transparent, label: 't' });
  assert.deepEqual(pixel(image, 1, 1), [255, 255, 255]);
});

test('refuses a missing file, naming it', async () => {
  const err = await refusal(decodeImage(pathInput('/no/such/dir/photo.png')));
  assert.equal(err.message, '/no/such/dir/photo.png: file not found');
});

test('refuses a zero-byte file', async () => {
  const dir = await tempDir();
  const file = path.join(dir, 'empty.png');
  await writeFile(file, '');
  const err = await refusal(decodeImage(pathInput(file)));
  assert.equal(err.message, `${file}: empty file (0 bytes)`);
});

test('refuses truncated data', async () => {
  const dir = await tempDir();
  for (const format of ['png', 'jpeg'] as const) {
    const noise = Buffer.alloc(200 * 200 * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    const whole = await FORMATS[format](sharp(noise, { raw: { width: 200, height: 200, channels: 3 } })).toBuffer();
    const file = path.join(dir, `cut.${format}`);
    await writeFile(file, whole.subarray(0, Math.floor(whole.length / 2)));
    const err = await refusal(decodeImage(pathInput(file)));
    assert.match(err.message, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: (truncated|corrupt)`));
  }
});

test('refuses corrupt data inside a valid header', async () => {
  const dir = await tempDir();
  const whole = await halves().png().toBuffer();
  const corrupt = Buffer.from(whole);
  for (let i = 40; i < corrupt.length - 20; i++) corrupt[i] = (corrupt[i]! * 31 + 7) & 0xff;
  const file = path.join(dir, 'corrupt.png');
  await writeFile(file, corrupt);
  const err = await refusal(decodeImage(pathInput(file)));
  assert.match(err.message, /corrupt|truncated/);
});

test('refuses a file that is not an image', async () => {
  const dir = await tempDir();
  const file = path.join(dir, 'notes.png');
  await writeFile(file, 'These are my shopping notes, not a picture.\n');
  const err = await refusal(decodeImage(pathInput(file)));
  assert.equal(err.message, `${file}: not an image (unknown or unsupported format)`);
});

test('refuses a directory', async () => {
  const dir = await tempDir();
  const err = await refusal(decodeImage(pathInput(dir)));
  assert.equal(err.message, `${dir}: not a regular file`);
});

test('refuses an unreadable file', { skip: process.getuid?.() === 0 ? 'root can read any file' : false }, async () => {
  const dir = await tempDir();
  const file = path.join(dir, 'secret.png');
  await halves().png().toFile(file);
  await chmod(file, 0o000);
  const err = await refusal(decodeImage(pathInput(file)));
  assert.match(err.message, /permission denied/);
});

test('refuses a 30000×30000 PNG from its header alone, fast and without allocating its pixels', async () => {
  const dir = await tempDir();
  const file = path.join(dir, 'huge.png');
  await writeFile(file, pngDeclaring(30000, 30000));
  const rssBefore = process.memoryUsage().rss;
  const started = process.hrtime.bigint();
  const err = await refusal(decodeImage(pathInput(file)));
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  const grewMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
  assert.match(err.message, /30000×30000 \(900\.0 megapixels\), over the 40-megapixel limit/);
  // 30000×30000 RGB would be 2.5 GiB; the refusal must not come near it. (Generous bound: not a timing target.)
  assert.ok(grewMb < 200, `RSS grew ${grewMb.toFixed(0)} MB`);
  assert.ok(elapsedMs < 1000, `refusal took ${elapsedMs.toFixed(0)} ms`);
  assert.ok(30000 * 30000 > LIMITS.maxImagePixels);
});

test('long thin strips within the pixel limit are refused from the header: side and aspect limits', async () => {
  const cases: Array<[number, number, RegExp]> = [
    [1, 39_000_000, /1×39000000, over the 16384-pixel limit for a side/],
    [39_000_000, 1, /39000000×1, over the 16384-pixel limit for a side/],
    [16_000, 400, /16000×400, more elongated than the 32:1 limit/],
    [300, 12_000, /300×12000, more elongated than the 32:1 limit/],
  ];
  for (const [w, h, message] of cases) {
    const err = await refusal(decodeImage({ kind: 'bytes', bytes: pngDeclaring(w, h), label: `${w}x${h}.png` }));
    assert.equal(err.kind, 'bad-input');
    assert.match(err.message, message);
  }
  // At the limits exactly, an image is accepted.
  const edge = await decodeImage({ kind: 'bytes', bytes: blackPng(16_384, 512), label: 'edge.png' });
  assert.deepEqual([edge.width, edge.height], [16_384, 512]);
});

test('a file name with a newline or a right-to-left override is escaped in the message', async () => {
  for (const label of ['evil\nname.png', 'photo\u202egnp.exe', 'zero\u200bwidth.png']) {
    const err = await refusal(decodeImage({ kind: 'bytes', bytes: Buffer.from('not an image'), label }));
    assert.doesNotMatch(err.message, /[\n\u202e\u200b]/);
    assert.match(err.message, /^(evil\\nname\.png|photo\\u\{202e\}gnp\.exe|zero\\u\{200b\}width\.png): not an image/);
  }
});

test('the pixel limit is configurable per call', async () => {
  const bytes = await halves().png().toBuffer();
  const err = await refusal(decodeImage({ kind: 'bytes', bytes, label: 'small' }, { maxPixels: 100 }));
  assert.match(err.message, /^small: image is 60×30/);
});
