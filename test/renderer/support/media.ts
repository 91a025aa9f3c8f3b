import { runSync } from '../../helpers/deadline';
import { writeFile } from 'node:fs/promises';
import sharp from 'sharp';

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A PNG of large dark text lines on white, drawn by sharp (librsvg), for OCR to read back. */
export async function textImage(lines: readonly string[], width = 960, height = 540): Promise<Buffer> {
  const rows = lines
    .map((line, i) => `<text x="60" y="${140 + i * 110}" font-family="DejaVu Sans, sans-serif" font-size="72" font-weight="bold" fill="#111">${escapeXml(line)}</text>`)
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>${rows}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** A PNG of one solid colour (the fixture captioner and VQA model name the colour). */
export function solidImage(rgb: { r: number; g: number; b: number }, width = 320, height = 240): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: rgb } }).png().toBuffer();
}

/**
 * Writes a YUV4MPEG2 video for Chromium's fake camera (--use-file-for-fake-video-capture): the header, then
 * `frames` identical I420 frames converted from the image with full-range BT.601 (the "C420jpeg" colour space).
 */
export async function writeY4m(file: string, png: Buffer, frames = 5): Promise<void> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const width = info.width - (info.width % 2);
  const height = info.height - (info.height % 2);
  const y = Buffer.alloc(width * height);
  const u = Buffer.alloc((width / 2) * (height / 2));
  const v = Buffer.alloc((width / 2) * (height / 2));
  const clamp = (x: number) => Math.max(0, Math.min(255, Math.round(x)));
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const o = (row * info.width + col) * 3;
      const r = data[o] ?? 0;
      const g = data[o + 1] ?? 0;
      const b = data[o + 2] ?? 0;
      y[row * width + col] = clamp(0.299 * r + 0.587 * g + 0.114 * b);
      if (row % 2 === 0 && col % 2 === 0) {
        const c = (row / 2) * (width / 2) + col / 2;
        u[c] = clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
        v[c] = clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
      }
    }
  }
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, u, v]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  await writeFile(file, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}

/** Speaks the text into a WAV with espeak-ng (argument array, no shell), for Chromium's fake microphone. */
export function speechWav(file: string, text: string): void {
  const result = runSync('espeak-ng', ['-w', file, '-s', '150', '--', text], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (result.status !== 0) throw new Error(`espeak-ng failed: ${result.stderr?.toString() ?? result.error?.message}`);
}

/**
 * A PNG of a table: columns far apart with no rules, the way a screen shows a file list or a grid of figures, its
 * first row in bold as a header row. (All rows bold, the header was found only while its box came out a fifth
 * taller than the others, which a change in detection strips undid.)
 */
export async function tableImage(rows: readonly (readonly string[])[], columnX: readonly number[] = [60, 420, 720]): Promise<Buffer> {
  const cells = rows
    .flatMap((row, r) => row.map((cell, c) => `<text x="${columnX[c] ?? 60 + c * 300}" y="${140 + r * 90}" font-family="DejaVu Sans, sans-serif" font-size="54" font-weight="${r === 0 ? 'bold' : 'normal'}" fill="#111">${escapeXml(cell)}</text>`))
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="${140 + rows.length * 90}"><rect width="100%" height="100%" fill="#fff"/>${cells}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

const NOTE_WORDS = Object.freeze(['river', 'garden', 'lantern', 'meadow', 'copper', 'violet', 'harbour', 'window', 'pebble', 'thunder', 'orchard', 'candle']);

/**
 * A tall page of text, as a screen: a heading, then `paragraphs` paragraphs of three lines each, every line marked
 * "Item N line L" so a test can tell which line was said and whether twice. Over about 40 lines the OCR engine reads
 * it in several chunks, streaming the first blocks while it reads on.
 */
export async function notesImage(paragraphs: number): Promise<Buffer> {
  const parts = ['<text x="40" y="60" font-family="DejaVu Sans, sans-serif" font-size="40" font-weight="bold" fill="#111">Harbour council minutes</text>'];
  let y = 130;
  for (let p = 0; p < paragraphs; p++) {
    for (let l = 0; l < 3; l++) {
      const word = (k: number) => NOTE_WORDS[(p * 7 + l * 3 + k) % NOTE_WORDS.length];
      parts.push(`<text x="40" y="${y}" font-family="DejaVu Sans, sans-serif" font-size="22" fill="#111">Item ${p + 1} line ${l + 1}: the ${word(0)} and the ${word(1)} near the ${word(2)}</text>`);
      y += 32;
    }
    y += 50;
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="${y + 40}"><rect width="100%" height="100%" fill="#fff"/>${parts.join('')}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
