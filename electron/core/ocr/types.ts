import type { BlockView, ControlMark, PaneView } from '../../common/ipc';
import type { ImageInput } from '../image/intake';
import type { TaskTypes } from '../host/protocol';

/** A box in image pixel coordinates: left, top, width, height. */
export type Box = readonly [x: number, y: number, w: number, h: number];

export interface OcrWord {
  readonly text: string;
  readonly box: Box;
}

/** One screen line: text that a sighted reader sees as one run, never merged across columns. */
export interface OcrLine {
  readonly text: string;
  /** Mean recognition confidence, 0..1. */
  readonly confidence: number;
  readonly box: Box;
  /** Words with approximate boxes, so a user can move through a line word by word. */
  readonly words: readonly OcrWord[];
  /** Index of the reading-order block (column, panel, table) this line belongs to. */
  readonly block: number;
  /** A table row's cells, left to right (the text joins them with TABLE_CELL_SEPARATOR); absent for other lines. */
  readonly cells?: readonly string[];
  /** A checkbox or radio button the line starts with, taken out of its text (a checklist's row); absent for most. */
  readonly marker?: ControlMark;
}

/**
 * Streamed while a screen is read: the lines recognized since the last event (final, in reading order, numbered
 * from `from`), and the typed blocks that are complete, so speech can start before the whole screen is read.
 */
export interface OcrTextEvent {
  readonly kind: 'text';
  readonly from: number;
  readonly lines: readonly OcrLine[];
  readonly blocks: readonly BlockView[];
  /** The panes, sent with the first event (the layout is known before any text). */
  readonly panes?: readonly PaneView[];
}

export interface OcrTimings {
  readonly decodeMs: number;
  /** From the request's start to the first line of text (the whole read when the screen has none). */
  readonly firstLineMs?: number;
  /** CPU time the reading took in this process, all threads (a measure that other load on the machine barely moves). */
  readonly cpuMs?: number;
  readonly detectMs: number;
  readonly recognizeMs: number;
  readonly totalMs: number;
}

export interface OcrResult {
  readonly width: number;
  readonly height: number;
  /** Lines in reading order: column by column, each top to bottom; a table row is one line. */
  readonly lines: readonly OcrLine[];
  /** The lines as typed blocks (headings, paragraphs, tables…) within panes, in reading order. */
  readonly blocks: readonly BlockView[];
  readonly panes: readonly PaneView[];
  /** The lines joined with newlines, in reading order. */
  readonly text: string;
  readonly timings: OcrTimings;
}

export interface OcrRequest {
  readonly image: ImageInput;
  /** Reading languages (BCP 47, electron/common/languages.ts); absent: English and Chinese, PP-OCR alone. */
  readonly languages?: readonly string[];
}

declare module '../host/protocol' {
  interface HostTasks {
    ocr: TaskTypes<OcrRequest, OcrResult, OcrTextEvent>;
  }
}
