import type { DecodedSequence } from './ctcDecode';
import { DEFAULT_READING_ORDER, readingOrder, TABLE_CELL_SEPARATOR, type ReadingOrderOptions } from './readingOrder';
import { unionBox } from './blocks';
import type { Box, OcrLine, OcrWord } from './types';

/** One recognized text box before reading order. */
export interface TextItem {
  readonly box: Box;
  readonly text: string;
  readonly confidence: number;
  readonly words: readonly OcrWord[];
  /** Visible characters, to weight confidences when items join a line. */
  readonly weight: number;
}

const round = (n: number) => Math.round(n);
const roundBox = (b: Box): Box => [round(b[0]), round(b[1]), round(b[2]), round(b[3])];

/** The recognizer's Chinese dictionary writes full-width punctuation for screen ASCII; NFKC folds it back. */
const normalizeChar = (c: string) => c.normalize('NFKC');

/**
 * Turns a decoded sequence into text and word boxes. Character time steps map back to image x through the crop's
 * scale (crop width `cropW` px at the recognizer's input height for `box`).
 */
export function itemFromSequence(box: Box, seq: DecodedSequence, pxPerStep: number, cropW: number): TextItem | null {
  const scale = box[2] / cropW;
  const words: OcrWord[] = [];
  let current: { text: string; x0: number; x1: number } | null = null;
  const flush = () => {
    if (current && current.text.trim()) {
      words.push({ text: current.text, box: roundBox([current.x0, box[1], Math.max(1, current.x1 - current.x0), box[3]]) });
    }
    current = null;
  };
  for (const c of seq.chars) {
    const ch = normalizeChar(c.char);
    if (ch.trim() === '') { flush(); continue; }
    const x0 = box[0] + c.start * pxPerStep * scale;
    const x1 = box[0] + Math.min(cropW, (c.end + 1) * pxPerStep) * scale;
    if (current) { current.text += ch; current.x1 = Math.max(current.x1, x1); } else current = { text: ch, x0, x1 };
  }
  flush();
  if (words.length === 0) return null;
  return { box: roundBox(box), text: words.map((w) => w.text).join(' '), confidence: seq.confidence, words, weight: words.reduce((n, w) => n + w.text.length, 0) };
}


/** Orders items for reading and joins them into lines: fragments with spaces, table cells with the separator. */
export function assembleLines(items: readonly TextItem[], hasDivider?: ReadingOrderOptions['hasDivider'], paneDividers?: ReadingOrderOptions['paneDividers']): OcrLine[] {
  return readingOrder(items.map((i) => i.box), { ...DEFAULT_READING_ORDER, hasDivider, paneDividers }).map((line) => {
    const members = line.cells.flat().map((i) => items[i]!);
    const weight = members.reduce((n, m) => n + m.weight, 0);
    const cells = line.cells.map((cell) => cell.map((i) => items[i]!.text).join(' '));
    return {
      text: cells.join(line.tableRow ? TABLE_CELL_SEPARATOR : ' '),
      confidence: Math.round((members.reduce((s, m) => s + m.confidence * m.weight, 0) / Math.max(1, weight)) * 1e4) / 1e4,
      box: unionBox(members.map((m) => m.box)),
      words: members.flatMap((m) => m.words),
      block: line.block,
      ...(line.tableRow ? { cells } : {}),
    };
  });
}
