import type { OcrLine } from '../ocr/types';
import type { Detail } from './types';

/**
 * Turns a caption and OCR lines into what the user hears: the title or heading first, then the text in reading
 * order, bounded by the detail level. When text covers most of the image the caption is left out and the
 * description says what the image is ("A screen with mostly text."), because captioners invent scenes for pages.
 */

/** How much the user hears per detail level: lines of text and characters in all. */
const BUDGET: Readonly<Record<Detail, { readonly lines: number; readonly chars: number }>> = Object.freeze({
  brief: { lines: 3, chars: 240 },
  normal: { lines: 40, chars: 2_000 },
  full: { lines: Infinity, chars: 20_000 },
});

/** Text boxes covering at least this share of the image make it "mostly text". */
const MOSTLY_TEXT_COVERAGE = 0.12;
/** …or this many lines with at least half that coverage (dense small print on a large screen). */
const MOSTLY_TEXT_LINES = 15;
/** A line this much taller than the median line, near the top, is read as the title. */
const TITLE_HEIGHT_RATIO = 1.3;

export interface CompositionInput {
  readonly width: number;
  readonly height: number;
  readonly caption: string | null;
  readonly lines: readonly OcrLine[];
  readonly detail: Detail;
  /** The decoded image, when available: lets sparse text on a plain background count as a page. */
  readonly pixels?: Pixels;
}

export interface Composition {
  readonly description: string;
  readonly mostlyText: boolean;
  readonly title: string | null;
}

export function textCoverage(lines: readonly OcrLine[], width: number, height: number): number {
  const area = lines.reduce((sum, l) => sum + Math.max(0, l.box[2]) * Math.max(0, l.box[3]), 0);
  return width > 0 && height > 0 ? Math.min(1, area / (width * height)) : 0;
}

/** Pixels this far (max channel difference) from the background colour count as picture content. */
const BUSY_DIFFERENCE = 48;
/** Text on a background that is this plain everywhere else is a page or a screen of text, however sparse. */
const PLAIN_BACKGROUND_BUSY = 0.04;
const MIN_LINES_FOR_PAGE = 3;

export interface Pixels {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/**
 * Share of the image outside the text boxes that is not plain background: about 0 for text on a page or a flat
 * UI, high for a photo. Sampled on a grid (~20 000 points), so it costs well under a millisecond at 1080p.
 */
export function pictureShare(lines: readonly OcrLine[], image: Pixels): number {
  const { data, width, height } = image;
  const step = Math.max(1, Math.floor(Math.sqrt((width * height) / 20_000)));
  const pad = 4;
  const inText = (x: number, y: number) => lines.some(({ box: [bx, by, bw, bh] }) => x >= bx - pad && x < bx + bw + pad && y >= by - pad && y < by + bh + pad);
  const samples: number[] = [];
  const histogram = new Map<number, number>();
  for (let y = 0; y < height; y += step) {
    for (let x = 0; x < width; x += step) {
      if (inText(x, y)) continue;
      const i = (y * width + x) * 3;
      samples.push(i);
      const key = ((data[i]! >> 4) << 8) | ((data[i + 1]! >> 4) << 4) | (data[i + 2]! >> 4);
      histogram.set(key, (histogram.get(key) ?? 0) + 1);
    }
  }
  if (samples.length === 0) return 0;
  let mode = 0;
  let best = -1;
  for (const [key, count] of histogram) if (count > best) [mode, best] = [key, count];
  const bg = [((mode >> 8) << 4) + 8, (((mode >> 4) & 15) << 4) + 8, ((mode & 15) << 4) + 8];
  const busy = samples.filter((i) => Math.max(Math.abs(data[i]! - bg[0]!), Math.abs(data[i + 1]! - bg[1]!), Math.abs(data[i + 2]! - bg[2]!)) > BUSY_DIFFERENCE).length;
  return busy / samples.length;
}

export function isMostlyText(lines: readonly OcrLine[], width: number, height: number, pixels?: Pixels): boolean {
  const coverage = textCoverage(lines, width, height);
  if (coverage >= MOSTLY_TEXT_COVERAGE || (lines.length >= MOSTLY_TEXT_LINES && coverage >= MOSTLY_TEXT_COVERAGE / 2)) return true;
  return !!pixels && lines.length >= MIN_LINES_FOR_PAGE && pictureShare(lines, pixels) <= PLAIN_BACKGROUND_BUSY;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/** The first clearly larger line in the top third of the image, else null. */
export function findTitle(lines: readonly OcrLine[], height: number): OcrLine | null {
  if (lines.length < 2) return null;
  const typical = median(lines.map((l) => l.box[3]));
  const candidates = lines.filter((l) => l.box[1] < height / 3 && l.box[3] >= typical * TITLE_HEIGHT_RATIO && l.text.trim().length > 1);
  if (candidates.length === 0) return null;
  return candidates.reduce((best, l) => (l.box[3] > best.box[3] ? l : best));
}

const sentence = (text: string) => {
  const t = text.trim();
  return t && !/[.!?:…]$/.test(t) ? `${t}.` : t;
};

function boundedText(lines: readonly string[], detail: Detail): string {
  const budget = BUDGET[detail];
  const kept: string[] = [];
  let chars = 0;
  for (const line of lines) {
    if (kept.length >= budget.lines || chars + line.length > budget.chars) break;
    kept.push(line);
    chars += line.length + 1;
  }
  if (kept.length === 0 && lines.length > 0) kept.push(`${lines[0]!.slice(0, budget.chars - 1)}…`);
  const rest = lines.length - kept.length;
  return rest > 0 ? `${kept.join('\n')}\n… and ${rest} more line${rest === 1 ? '' : 's'}.` : kept.join('\n');
}

export function composeDescription(input: CompositionInput): Composition {
  const { lines, width, height, detail } = input;
  const mostlyText = isMostlyText(lines, width, height, input.pixels);
  const title = findTitle(lines, height);
  const body = lines.filter((l) => l !== title).map((l) => l.text.trim()).filter(Boolean);
  const parts: string[] = [];
  if (mostlyText) {
    // A wide, large image full of text is almost always a screen; anything else reads as a page.
    parts.push(width >= 800 && width / height >= 1.2 ? 'A screen with mostly text.' : 'A page of text.');
  } else if (input.caption) {
    parts.push(sentence(input.caption));
  }
  if (title) parts.push(`Title: ${sentence(title.text)}`);
  if (body.length > 0) parts.push(`${mostlyText || !input.caption ? '' : 'Text: '}${boundedText(body, detail)}`);
  if (parts.length === 0) parts.push('No text found.');
  return { description: parts.join('\n'), mostlyText, title: title?.text ?? null };
}
