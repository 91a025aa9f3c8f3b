import type { ImageInput } from '../image/intake';
import type { BlockView, PaneView } from '../../common/ipc';
import type { OcrLine, OcrTextEvent } from '../ocr/types';
import type { TaskTypes } from '../host/protocol';

/**
 * The `describe` and `ask` host tasks: what callers (CLI, Electron main, browser harness) send and get back.
 * Shapes map one to one onto DescribeView / AskView in electron/common/ipc.ts.
 */

export type Detail = 'brief' | 'normal' | 'full';

/** The device a model session actually runs on, after fallback (e.g. "cpu", "cuda"). */
export type DeviceName = 'cpu' | 'cuda' | 'dml' | 'webgpu' | 'coreml';

/** Streamed while a caption or answer is generated, so a caller can speak the first sentence early. */
export interface TokenEvent {
  readonly kind: 'token';
  /** New text since the previous token event (a word or word piece, never the whole text so far). */
  readonly text: string;
}

export interface DescribeRequest {
  readonly image: ImageInput;
  readonly detail: Detail;
  /** Caller's id for this image; later `ask` requests name it to reuse the image and its encoding. Generated when absent. */
  readonly imageId?: string;
  /** Reading languages for the text (BCP 47, electron/common/languages.ts); absent: English and Chinese. */
  readonly languages?: readonly string[];
}

export interface DescribeTimings {
  readonly decodeMs: number;
  readonly ocrMs: number;
  /** Whole caption generation, including the vision encoder (0 when no caption model is installed). */
  readonly captionMs: number;
  /** From request start to the first streamed caption token (0 when no caption was generated). */
  readonly firstTokenMs: number;
  readonly totalMs: number;
}

export interface DescribeResult {
  readonly imageId: string;
  /** The file path or label the image came from (same as `source`; the CLI's JSON calls it `file`). */
  readonly file: string;
  readonly source: string;
  readonly width: number;
  readonly height: number;
  /** The captioner's words; null when no caption model is installed or the image is mostly text. */
  readonly caption: string | null;
  /** OCR text in reading order. */
  readonly text: string;
  readonly lines: readonly OcrLine[];
  readonly blocks: readonly BlockView[];
  readonly panes: readonly PaneView[];
  /** What the user hears: heading or caption first, then text in reading order, bounded by the detail level. */
  readonly description: string;
  /** True when text covers most of the image: the description says "A page of text." rather than a scene. */
  readonly mostlyText: boolean;
  readonly models: { readonly caption: string | null; readonly ocr: string };
  readonly device: string;
  /** Non-fatal problems, e.g. the caption model is not installed (names `sightline models fetch`). */
  readonly warnings: readonly string[];
  readonly timings: DescribeTimings;
}

export interface ConversationTurn {
  readonly question: string;
  readonly answer: string;
}

export interface AskRequest {
  /** An image described or asked about before in this host; its decoded pixels and vision features are reused. */
  readonly imageId?: string;
  /** The image itself; needed when imageId is absent or no longer cached. */
  readonly image?: ImageInput;
  readonly question: string;
  /** The conversation so far about this image, oldest first. */
  readonly history?: readonly ConversationTurn[];
}

export interface AskTimings {
  readonly decodeMs: number;
  /** Vision encoder time; 0 when the image's features came from the cache. */
  readonly encodeMs: number;
  readonly firstTokenMs: number;
  readonly generateMs: number;
  readonly totalMs: number;
}

export interface AskResult {
  readonly imageId: string;
  readonly file: string;
  readonly question: string;
  readonly answer: string;
  readonly models: { readonly vqa: string };
  readonly device: string;
  /** True when the image's vision encoding was reused from an earlier request. */
  readonly reusedEncoding: boolean;
  readonly timings: AskTimings;
}

declare module '../host/protocol' {
  interface HostTasks {
    /** Streams the caption's tokens and, before them, the screen's text in reading order as it is recognized. */
    describe: TaskTypes<DescribeRequest, DescribeResult, TokenEvent | OcrTextEvent>;
    ask: TaskTypes<AskRequest, AskResult, TokenEvent>;
  }
}
