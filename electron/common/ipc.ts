/**
 * The one typed contract between Electron's main process, the preload bridge and the renderer
 * (and the browser harness, which bridges the same calls over a WebSocket).
 * Pure data types and frozen tables only: no Node, DOM or Electron imports, so every side can compile it.
 */

export type Detail = 'brief' | 'normal' | 'full';
export type CaptureTarget = 'screen' | 'window';
export type SpeechEngineName = 'say' | 'speech-dispatcher' | 'espeak-ng';
export type Verbosity = 'brief' | 'normal' | 'full';
export type AnnounceMode = 'polite' | 'assertive';
/** Screen-reader mode as the user chose it: follow the screen reader ('auto'), or always on or off. */
export type ScreenReaderChoice = 'auto' | 'on' | 'off';

/**
 * Input limits the page checks before sending anything (the core checks again). They mirror the core's LIMITS
 * (electron/core/common/limits.ts), which the page cannot import; a test keeps the two equal.
 */
export const INPUT_LIMITS = Object.freeze({
  /** Largest image file accepted, in bytes (200 MB). */
  maxImageBytes: 200 * 1024 * 1024,
  /** Longest typed question, in characters. */
  maxQuestionChars: 500,
  /** Longest spoken question, in seconds. */
  maxAudioSeconds: 30,
});

/** An encoded image handed over by the renderer (file picker, drag-and-drop, paste, camera frame). */
export interface EncodedImage {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** A box in image pixels: left, top, width, height. */
export type BoxView = readonly [number, number, number, number];

export interface LineView {
  readonly text: string;
  readonly confidence: number;
  readonly box: BoxView;
  readonly block: number;
}

/** What a block of recognized text is, so the renderer can build a document people browse by heading and table. */
export type BlockKind = 'heading' | 'paragraph' | 'list-item' | 'table' | 'control';
export type ControlRole = 'button' | 'checkbox' | 'radio' | 'toggle' | 'link' | 'text-field';
/** `mixed`: a tri-state checkbox or radio button partly set (a bar across it, not a tick or a dot). */
export type ControlState = 'checked' | 'unchecked' | 'mixed' | 'on' | 'off';

/** A checkbox or radio button drawn at the start of a line (a checklist's row), with its state. */
export interface ControlMark {
  readonly role: Extract<ControlRole, 'checkbox' | 'radio'>;
  readonly state: Extract<ControlState, 'checked' | 'unchecked' | 'mixed'>;
}

interface BlockCommon {
  readonly box: BoxView;
  /** Index into the result's `panes`: the region (body, sidebar, panel) the block sits in. */
  readonly pane: number;
  /** Indices into the result's `lines`, in reading order. */
  readonly lines: readonly number[];
  /** BCP 47 language of the text when known ('de', 'en'), so a screen reader switches voice. */
  readonly lang?: string;
}

export type BlockView =
  | (BlockCommon & { readonly kind: 'heading'; readonly level: 1 | 2 | 3 | 4 | 5 | 6; readonly text: string })
  | (BlockCommon & { readonly kind: 'paragraph'; readonly text: string })
  | (BlockCommon & { readonly kind: 'list-item'; readonly text: string })
  | (BlockCommon & {
    readonly kind: 'table';
    readonly rows: readonly (readonly string[])[];
    readonly headerRows: number;
    /** Where rows start with a checkbox or radio button (a checklist): each row's, or null; as long as `rows`. */
    readonly rowMarks?: readonly (ControlMark | null)[];
  })
  | (BlockCommon & { readonly kind: 'control'; readonly role: ControlRole; readonly text: string; readonly state?: ControlState });

/** A region of the screen read as a whole: the main body, a sidebar, a panel with its own background. */
export interface PaneView {
  readonly kind: 'main' | 'sidebar' | 'panel';
  readonly box: BoxView;
}

export interface DescribeView {
  /** Identifies the image in later `ask` calls (follow-ups reuse its encoding). */
  readonly imageId: string;
  readonly source: string;
  readonly width: number;
  readonly height: number;
  readonly caption: string;
  readonly text: string;
  readonly lines: readonly LineView[];
  /** The text as typed blocks in reading order (headings, paragraphs, list items, tables, controls). */
  readonly blocks: readonly BlockView[];
  readonly panes: readonly PaneView[];
  /** What the user hears: heading first, then the text in reading order, bounded by the detail level. */
  readonly description: string;
  readonly mostlyText: boolean;
  readonly models: { readonly caption: string | null; readonly ocr: string };
  readonly device: string;
  readonly warnings: readonly string[];
  readonly timings: Readonly<Record<string, number>>;
}

export interface ReadView {
  readonly imageId: string;
  readonly source: string;
  readonly lines: readonly LineView[];
  readonly blocks: readonly BlockView[];
  readonly panes: readonly PaneView[];
  readonly text: string;
  readonly timings: Readonly<Record<string, number>>;
}

export interface ConversationTurn {
  readonly question: string;
  readonly answer: string;
}

export interface AskView {
  readonly imageId: string;
  readonly question: string;
  readonly answer: string;
  readonly turns: readonly ConversationTurn[];
  readonly models: { readonly vqa: string };
  readonly device: string;
  readonly timings: Readonly<Record<string, number>>;
}

export interface TranscriptView {
  readonly text: string;
  readonly durationMs: number;
  /** True when the recording held no speech: the UI says "no speech heard", not an error. */
  readonly noSpeech: boolean;
}

export interface Settings {
  readonly speechEngine: SpeechEngineName | 'auto';
  readonly voice: string;
  /** Words per minute. */
  readonly rate: number;
  /**
   * Whether screen-reader mode is in force now: Sightline does not speak, results go to live regions and the
   * document for the user's own screen reader. The core derives it from `screenReader` (and, for 'auto', from
   * whether a screen reader runs); a patch that sets it is taken as the explicit choice 'on' or 'off'.
   */
  readonly screenReaderMode: boolean;
  /** The user's choice: 'auto' follows the screen reader (Electron's accessibility support), 'on' and 'off' hold. */
  readonly screenReader: ScreenReaderChoice;
  readonly verbosity: Verbosity;
  readonly announce: AnnounceMode;
  readonly theme: 'system' | 'light' | 'dark' | 'high-contrast';
  readonly largeText: boolean;
  readonly pack: string;
  readonly device: 'auto' | 'cpu' | 'gpu';
  readonly shortcuts: Readonly<Record<ShortcutAction, string>>;
  /**
   * Languages text is read in, BCP 47 codes of READING_LANGUAGES (electron/common/languages.ts), in the user's order
   * (the first one wins where text could be either). Empty: automatic, the system's language plus English.
   */
  readonly readingLanguages: readonly string[];
  /**
   * The voice for text in a language ({ de: 'de+f3' }), each checked by the speech engine like `voice`. A language
   * without one is spoken with the engine's own voice for that language, else with `voice`.
   */
  readonly languageVoices: Readonly<Record<string, string>>;
}

export type ShortcutAction = 'describeScreen' | 'readScreen' | 'askImage' | 'stopSpeech';

export const DEFAULT_SHORTCUTS: Readonly<Record<ShortcutAction, string>> = Object.freeze({
  describeScreen: 'Control+Alt+D',
  readScreen: 'Control+Alt+R',
  askImage: 'Control+Alt+A',
  stopSpeech: 'Control+Alt+S',
});

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  speechEngine: 'auto',
  voice: '',
  rate: 180,
  screenReaderMode: false,
  screenReader: 'auto',
  verbosity: 'normal',
  announce: 'polite',
  theme: 'system',
  largeText: false,
  pack: 'default',
  device: 'auto',
  shortcuts: DEFAULT_SHORTCUTS,
  readingLanguages: Object.freeze([]) as readonly string[],
  languageVoices: Object.freeze({}),
});

export interface HistoryEntry {
  readonly id: string;
  readonly at: string;
  readonly kind: 'describe' | 'read' | 'ask';
  readonly source: string;
  readonly summary: string;
  /** The conversation this entry belongs to (its image's description and every question), for 'open-conversation'. */
  readonly conversationId?: string;
}

/** A conversation reopened from history: what the image was found to show, then every question and answer. */
export interface ConversationView {
  readonly conversationId: string;
  readonly at: string;
  readonly source: string;
  readonly start: { readonly kind: 'describe'; readonly view: DescribeView } | { readonly kind: 'read'; readonly view: ReadView };
  readonly turns: readonly ConversationTurn[];
  /** True while the image is still kept for follow-up questions (under `start.view.imageId`); false after a restart. */
  readonly askable: boolean;
}

export interface ModelState {
  readonly pack: string;
  readonly task: 'ocr' | 'caption' | 'vqa' | 'transcribe';
  readonly state: 'missing' | 'verifying' | 'ready' | 'loading' | 'loaded' | 'corrupt' | 'error';
  readonly detail: string;
}

export interface DownloadProgress {
  readonly file: string;
  readonly receivedBytes: number;
  readonly totalBytes: number;
  readonly bytesPerSecond: number;
  readonly etaSeconds: number | null;
}

/** One task's load-and-run smoke in `sightline doctor` (and Settings): where its sessions actually run, and how fast. */
export interface DoctorTaskView {
  readonly task: 'caption' | 'vqa' | 'transcribe';
  readonly model: string;
  readonly ok: boolean;
  /** The device the sessions run on after any fallback, e.g. "cpu" or "cuda"; null when loading failed. */
  readonly device: string | null;
  /** Devices tried first and why each was not used (no driver, file set not installed…). */
  readonly skipped: readonly { readonly device: string; readonly reason: string }[];
  readonly loadMs: number;
  readonly runMs: number;
  /** What the model said about the built-in image or audio, or the error. */
  readonly output: string;
}

/** `sightline doctor`: the installed pack, which files verify, and a smoke run of each task. */
export interface DoctorView {
  readonly pack: string;
  readonly root: string;
  /** Device preference ($SIGHTLINE_DEVICE / Settings) and the file set it needs. */
  readonly preference: string;
  readonly fileSet: 'cpu' | 'gpu';
  readonly files: readonly { readonly model: string; readonly path: string; readonly state: string; readonly reason: string }[];
  readonly tasks: readonly DoctorTaskView[];
  readonly ok: boolean;
}

/** Renderer → main calls (ipcRenderer.invoke / ipcMain.handle). Each carries a requestId so it can be cancelled. */
export interface InvokeMap {
  'describe-screen': { request: { requestId: string; target: CaptureTarget; detail: Detail }; response: DescribeView };
  'read-screen': { request: { requestId: string; target: CaptureTarget }; response: ReadView };
  'describe-image': { request: { requestId: string; image: EncodedImage; detail: Detail }; response: DescribeView };
  'ask': { request: { requestId: string; imageId: string; question: string }; response: AskView };
  'transcribe': { request: { requestId: string; pcm16k: Float32Array }; response: TranscriptView };
  'cancel': { request: { requestId: string }; response: { cancelled: boolean } };
  /** `lang` (BCP 47, optional): speak with the voice for that language (a block's `lang`). */
  'speak': { request: { text: string; interrupt: boolean; lang?: string }; response: { spoken: boolean } };
  'stop-speech': { request: Record<string, never>; response: { stopped: boolean } };
  'open-image-dialog': { request: Record<string, never>; response: EncodedImage | null };
  'get-settings': { request: Record<string, never>; response: Settings };
  'set-settings': { request: { patch: Partial<Settings> }; response: Settings };
  'list-history': { request: Record<string, never>; response: readonly HistoryEntry[] };
  'clear-history': { request: Record<string, never>; response: { cleared: number } };
  'model-status': { request: Record<string, never>; response: readonly ModelState[] };
  'fetch-models': { request: { requestId: string; pack: string }; response: { installed: boolean } };
  'list-voices': { request: Record<string, never>; response: readonly string[] };
  'doctor': { request: Record<string, never>; response: DoctorView };
  'open-conversation': { request: { conversationId: string }; response: ConversationView };
}

/** Main → renderer events (webContents.send / ipcRenderer.on). */
export interface EventMap {
  /** A global shortcut fired; the renderer runs the action so focus and announcements stay in one place. */
  'shortcut': { action: ShortcutAction };
  /** A streamed fragment of a caption or answer, in order. */
  'token': { requestId: string; text: string };
  /**
   * Blocks of a screen's text as soon as each is recognised (read-screen, describe-screen, describe-image), in
   * reading order and each only once it is complete; the request's result holds them all again. `blocks[i]` is the
   * result's block `from + i`. Their `lines` index the result's lines, which this event does not carry.
   */
  'text-blocks': { requestId: string; from: number; blocks: readonly BlockView[] };
  'progress': { requestId: string; stage: string; fraction: number | null; message: string };
  'download-progress': { requestId: string } & DownloadProgress;
  /**
   * Something the user must hear even if nothing is focused (model state, shortcut failures). `fallback` marks
   * speech that could not be sounded (no engine, or the harness without sound): it goes to the live regions
   * only and is never spoken again.
   */
  'announce': { message: string; assertive: boolean; fallback?: boolean };
  'model-state': ModelState;
  /** Speech started (`text`: the sentence being spoken) or went quiet. */
  'speech-state': { speaking: boolean; text?: string };
  /** A screen reader started or stopped (`running`), and whether screen-reader mode is now in force (`active`). */
  'screen-reader': { running: boolean; active: boolean };
}

export type InvokeChannel = keyof InvokeMap;
export type EventChannel = keyof EventMap;
export type InvokeRequest<C extends InvokeChannel> = InvokeMap[C]['request'];
export type InvokeResponse<C extends InvokeChannel> = InvokeMap[C]['response'];

export const INVOKE_CHANNELS: readonly InvokeChannel[] = Object.freeze([
  'describe-screen', 'read-screen', 'describe-image', 'ask', 'transcribe', 'cancel', 'speak', 'stop-speech',
  'open-image-dialog', 'get-settings', 'set-settings', 'list-history', 'clear-history', 'model-status',
  'fetch-models', 'list-voices', 'doctor', 'open-conversation',
] as const);

export const EVENT_CHANNELS: readonly EventChannel[] = Object.freeze([
  'shortcut', 'token', 'text-blocks', 'progress', 'download-progress', 'announce', 'model-state', 'speech-state', 'screen-reader',
] as const);

/** Errors cross the bridge as plain data, never as Error instances. */
export interface BridgeError {
  readonly kind: string;
  readonly message: string;
}

export type BridgeResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: BridgeError };

/** What the preload exposes as `window.sightline` (and what the harness's bridge implements too). */
export interface SightlineBridge {
  invoke<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<BridgeResult<InvokeResponse<C>>>;
  on<C extends EventChannel>(channel: C, listener: (payload: EventMap[C]) => void): () => void;
}
