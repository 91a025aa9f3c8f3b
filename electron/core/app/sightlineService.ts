/**
 * The application service behind every IPC channel, free of Electron: Electron's ipcMain and the browser
 * harness's WebSocket both hand it `(channel, request, sender)` and relay its events. It validates every
 * payload, keeps images for follow-up questions, cancels by requestId, records history, streams tokens, text
 * blocks and progress, and turns every failure into `{ kind, message }` so nothing but data crosses the bridge.
 */
import { randomUUID } from 'node:crypto';
import type {
  AskView,
  BridgeResult,
  CaptureTarget,
  ConversationTurn,
  ConversationView,
  DescribeView,
  Detail,
  EventChannel,
  EventMap,
  InvokeChannel,
  InvokeRequest,
  InvokeResponse,
  LineView,
  ReadView,
  Settings,
} from '../../common/ipc';
import { serializeError, SightlineError, toSightlineError } from '../common/errors';
import { LIMITS } from '../common/limits';
import { createLogger } from '../common/logger';
import type { InferenceHost } from '../host/inferenceHost';
import type { RequestOf } from '../host/protocol';
import type { ImageInput } from '../image/intake';
import type { OcrLine } from '../ocr/types';
import '../ocr/types';
import '../vision/types';
import '../asr/types';
import { type ConversationRecord, type ConversationStore, createConversationStore } from './conversationStore';
import { createHistoryStore, type HistoryStore, type NewHistoryEntry } from './historyStore';
import { ImageStore, type ImageStoreLimits } from './imageStore';
import type { SpeechState } from '../speech/types';
import type { CaptureProvider, ModelsPort, OpenImageDialog, SpeechPort } from './ports';
import { runDoctor } from './doctor';
import { applySettingsPatch, createSettingsStore, type SettingsStore } from './settingsStore';
import { streamedBlocksOf } from './streamedBlocks';
import { validateRequest, type SettingsPatch } from './validate';
import { effectiveReadingLanguages } from '../../common/languages';
import { systemLocale } from '../common/locale';

export interface SightlineServiceDeps {
  readonly host: InferenceHost;
  readonly speech: SpeechPort;
  readonly capture: CaptureProvider;
  /** The user-data folder; settings.json and history.json live here unless stores are given. */
  readonly userDataDir: string;
  readonly settingsStore?: SettingsStore;
  /** Settings the caller already loaded from `settingsStore` (main reads them first for the host's environment). */
  readonly settings?: Settings;
  readonly historyStore?: HistoryStore;
  readonly conversationStore?: ConversationStore;
  readonly openImageDialog?: OpenImageDialog;
  readonly models?: ModelsPort;
  /** The models root the host loads from; enables the `doctor` call. */
  readonly modelsRoot?: string;
  readonly imageLimits?: Partial<ImageStoreLimits>;
}

/** An event for the renderer(s): `target` is the sender that started the request, or null for everyone. */
export type ServiceEvent = {
  [C in EventChannel]: { readonly channel: C; readonly payload: EventMap[C]; readonly target: string | null };
}[EventChannel];

interface CallContext {
  readonly sender: string;
  readonly signal: AbortSignal;
  readonly requestId: string | null;
}

type Handlers = { readonly [C in InvokeChannel]: (request: InvokeRequest<C>, ctx: CallContext) => Promise<InvokeResponse<C>> };

interface InFlight {
  readonly sender: string;
  readonly controller: AbortController;
}

const log = createLogger('app');

/** What the user hears when the inference host died under a request; the host restarts on the next one. */
export const HOST_FAILED_MESSAGE = 'The request failed because the recognition engine stopped. It has been restarted; please try again.';

const CAPTURE_LABELS: Readonly<Record<CaptureTarget, string>> = Object.freeze({ screen: 'Capturing the screen', window: 'Capturing the active window' });

const toLineView = (line: OcrLine): LineView => Object.freeze({ text: line.text, confidence: line.confidence, box: line.box, block: line.block });

const firstLine = (text: string) => text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';

/** Screen-reader mode in force: the user's choice, or for 'auto' whether a screen reader runs. */
export function effectiveScreenReaderMode(settings: Settings, screenReaderRunning: boolean): boolean {
  return settings.screenReader === 'on' || (settings.screenReader === 'auto' && screenReaderRunning);
}

/** Older callers patch `screenReaderMode` itself: that is an explicit choice, kept as 'on' or 'off'. */
function choiceFromPatch(patch: SettingsPatch): SettingsPatch {
  if (patch.screenReaderMode === undefined || patch.screenReader !== undefined) return patch;
  const { screenReaderMode, ...rest } = patch;
  return { ...rest, screenReader: screenReaderMode ? 'on' : 'off' };
}

/** Conversations the service keeps in memory per image, for the follow-up questions; bounded like the images. */
const MAX_OPEN_CONVERSATIONS = LIMITS.maxStoredImages * 2;

export class SightlineService {
  private readonly listeners = new Set<(event: ServiceEvent) => void>();
  private readonly settingsListeners = new Set<(settings: Settings, previous: Settings) => void>();
  private readonly inFlight = new Map<string, InFlight>();
  private readonly images: ImageStore;
  private readonly settingsStore: SettingsStore;
  private readonly historyStore: HistoryStore;
  private readonly conversations: ConversationStore;
  /** imageId → the conversation its description started, so each answer joins it. */
  private readonly conversationOfImage = new Map<string, string>();
  private readonly stopSpeechState: () => void;
  private current: Settings;
  private screenReaderRunning = false;
  private disposed = false;

  /** Loads settings and history (a corrupt file is reported as an announcement, then defaults are used). */
  static async create(deps: SightlineServiceDeps): Promise<SightlineService> {
    const problems: string[] = [];
    const onProblem = (message: string) => problems.push(message);
    const settingsStore = deps.settingsStore ?? createSettingsStore(deps.userDataDir, { onProblem });
    const historyStore = deps.historyStore ?? createHistoryStore(deps.userDataDir, { onProblem });
    const conversationStore = deps.conversationStore ?? createConversationStore(deps.userDataDir);
    // Loaded once: a load that had to set a damaged file aside would find nothing the second time.
    const [loaded] = await Promise.all([deps.settings ?? settingsStore.load(), historyStore.load(), conversationStore.load()]);
    const settings = await usableVoice(loaded, deps.speech, settingsStore, onProblem);
    const service = new SightlineService(deps, settingsStore, historyStore, conversationStore, settings);
    service.startupProblems = Object.freeze(problems);
    return service;
  }

  /** Problems found while loading settings and history; main announces them once the window is up. */
  startupProblems: readonly string[] = [];

  private constructor(
    private readonly deps: SightlineServiceDeps,
    settingsStore: SettingsStore,
    historyStore: HistoryStore,
    conversationStore: ConversationStore,
    settings: Settings,
  ) {
    this.settingsStore = settingsStore;
    this.historyStore = historyStore;
    this.conversations = conversationStore;
    // Whatever the file says, no screen reader is known to run until the host says so (setScreenReaderRunning).
    this.current = Object.freeze({ ...settings, screenReaderMode: effectiveScreenReaderMode(settings, false) });
    this.images = new ImageStore(deps.imageLimits);
    this.stopSpeechState = deps.speech.onState((state) => {
      this.emit('speech-state', state.type === 'speaking' ? { speaking: true, text: state.text } : { speaking: false }, null);
      this.reportSpeechFailure(state);
    });
    this.configureSpeech(this.current);
  }

  get settings(): Settings {
    return this.current;
  }

  /**
   * Runs one call. Never throws: malformed payloads, cancellation, missing models and crashed hosts all come
   * back as `{ ok: false, error: { kind, message } }`.
   */
  async handle<C extends InvokeChannel>(channel: C, request: unknown, sender: string): Promise<BridgeResult<InvokeResponse<C>>>;
  async handle(channel: unknown, request: unknown, sender: string): Promise<BridgeResult<unknown>>;
  async handle(channel: unknown, request: unknown, sender: string): Promise<BridgeResult<unknown>> {
    let registered: string | null = null;
    try {
      if (this.disposed) throw new SightlineError('cancelled', 'Sightline is closing');
      const valid = validateRequest(channel, request) as InvokeRequest<InvokeChannel>;
      const name = channel as InvokeChannel;
      const requestId = name !== 'cancel' && 'requestId' in valid && typeof valid.requestId === 'string' ? valid.requestId : null;
      const controller = new AbortController();
      if (requestId !== null) {
        if (this.inFlight.has(requestId)) throw new SightlineError('usage', `${name}: requestId "${requestId}" is already in use`);
        this.inFlight.set(requestId, { sender, controller });
        registered = requestId;
      }
      const handler = this.handlers[name] as (r: unknown, ctx: CallContext) => Promise<unknown>;
      const value = await handler(valid, { sender, signal: controller.signal, requestId });
      return { ok: true, value };
    } catch (err) {
      const error = serializeError(err);
      if (error.kind === 'host-crashed' || error.kind === 'timeout') this.announce(HOST_FAILED_MESSAGE, true);
      if (error.kind === 'internal') log.error(`${String(channel)}: ${(toSightlineError(err).stack ?? error.message).split('\n').slice(0, 3).join(' | ')}`);
      return { ok: false, error };
    } finally {
      if (registered !== null) this.inFlight.delete(registered);
    }
  }

  /** Subscribes to every event; returns the unsubscribe function. */
  onEvent(listener: (event: ServiceEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Told after settings change (main re-registers shortcuts; the speech service is reconfigured here). */
  onSettingsChange(listener: (settings: Settings, previous: Settings) => void): () => void {
    this.settingsListeners.add(listener);
    return () => this.settingsListeners.delete(listener);
  }

  emit<C extends EventChannel>(channel: C, payload: EventMap[C], target: string | null = null): void {
    const event = Object.freeze({ channel, payload, target }) as ServiceEvent;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        log.warn(`event listener failed on ${channel}: ${(err as Error).message}`);
      }
    }
  }

  /** Something every window must hear (model state, a shortcut that could not be registered, a failed request). */
  announce(message: string, assertive = false): void {
    this.emit('announce', { message, assertive }, null);
  }

  /**
   * Speech that could not be sounded (no engine, or the harness without sound) goes to the live regions instead,
   * marked so the page shows and announces it but never asks to speak it again.
   */
  relaySpeech(message: string, assertive = false): void {
    this.emit('announce', { message, assertive, fallback: true }, null);
  }

  /**
   * Electron's main process reports whether a screen reader (any assistive technology) is running, at start and
   * whenever it changes; with the choice 'auto', screen-reader mode follows it, so Sightline never speaks over it.
   */
  setScreenReaderRunning(running: boolean): void {
    const wasActive = this.current.screenReaderMode;
    const changed = running !== this.screenReaderRunning;
    this.screenReaderRunning = running;
    const active = effectiveScreenReaderMode(this.current, running);
    if (active !== wasActive) {
      this.current = Object.freeze({ ...this.current, screenReaderMode: active });
      this.configureSpeech(this.current);
    }
    if (changed || active !== wasActive) this.emit('screen-reader', { running, active }, null);
  }

  get screenReaderState(): { readonly running: boolean; readonly active: boolean } {
    return { running: this.screenReaderRunning, active: this.current.screenReaderMode };
  }

  /** A window or WebSocket went away: its requests are cancelled so no work runs for nobody. */
  releaseSender(sender: string): number {
    let cancelled = 0;
    for (const entry of this.inFlight.values()) {
      if (entry.sender === sender) {
        entry.controller.abort();
        cancelled++;
      }
    }
    return cancelled;
  }

  /** Cancels everything in flight and stops listening; the host and speech service belong to the caller. */
  dispose(): void {
    this.disposed = true;
    for (const entry of this.inFlight.values()) entry.controller.abort();
    this.stopSpeechState();
    this.listeners.clear();
    this.settingsListeners.clear();
    this.images.clear();
  }

  private readonly handlers: Handlers = Object.freeze({
    'describe-screen': async (req, ctx) => {
      const shot = await this.captureScreen(req.target, ctx);
      return this.describe(shot.bytes, shot.label, req.detail, ctx);
    },
    'read-screen': async (req, ctx) => {
      const shot = await this.captureScreen(req.target, ctx);
      return this.read(shot.bytes, shot.label, ctx);
    },
    'describe-image': (req, ctx) => this.describe(req.image.bytes, req.image.name, req.detail, ctx),
    ask: (req, ctx) => this.ask(req.imageId, req.question, ctx),
    transcribe: async (req, ctx) => {
      this.progress(ctx, 'transcribe', 'Listening to your question');
      // A private copy that can be moved into the worker; the caller's buffer may be shared or pooled.
      const samples = new Float32Array(req.pcm16k);
      const result = await this.run('transcribe', { audio: { kind: 'pcm', samples, sampleRate: LIMITS.pcmSampleRate } }, ctx, [samples.buffer]);
      return Object.freeze({ text: result.text, durationMs: result.durationMs, noSpeech: result.noSpeech });
    },
    cancel: async (req, ctx) => {
      const entry = this.inFlight.get(req.requestId);
      // A renderer may cancel only its own work.
      if (!entry || entry.sender !== ctx.sender || entry.controller.signal.aborted) return { cancelled: false };
      entry.controller.abort();
      return { cancelled: true };
    },
    speak: async (req) => {
      // Resolves once queued; the speech service streams its own state ('speech-state' events).
      this.deps.speech.speak(req.text, { interrupt: req.interrupt, priority: req.interrupt ? 'high' : 'normal', ...(req.lang ? { lang: req.lang } : {}) });
      return { spoken: true };
    },
    'stop-speech': async () => {
      await this.deps.speech.stop();
      return { stopped: true };
    },
    'open-image-dialog': async () => {
      if (!this.deps.openImageDialog) throw new SightlineError('usage', 'open-image-dialog: no file dialog here; drop or paste an image instead');
      return this.deps.openImageDialog();
    },
    'get-settings': async () => this.current,
    'set-settings': async (req) => this.updateSettings(req.patch as SettingsPatch),
    'list-history': async () => this.historyStore.list(),
    'clear-history': async () => {
      const cleared = await this.historyStore.clear();
      this.conversationOfImage.clear();
      await this.conversations.clear().catch((err: unknown) => log.warn(`conversations not cleared: ${(err as Error).message}`));
      return { cleared };
    },
    'model-status': async () => (this.deps.models ? this.deps.models.status(this.current.pack, this.current.device) : []),
    'fetch-models': async (req, ctx) => {
      const models = this.deps.models;
      if (!models) throw new SightlineError('usage', `fetch-models: downloads are not available here; run "sightline models fetch ${req.pack}"`);
      await models.fetch(req.pack, {
        device: this.current.device,
        signal: ctx.signal,
        onProgress: (p) => this.emit('download-progress', { requestId: req.requestId, ...p }, ctx.sender),
      });
      for (const state of await models.status(req.pack, this.current.device)) this.emit('model-state', state, null);
      return { installed: true };
    },
    'list-voices': async () => this.deps.speech.voices(),
    doctor: async (_req, ctx) => {
      if (!this.deps.modelsRoot) throw new SightlineError('usage', 'doctor: model checks are not available here; run "sightline doctor"');
      return runDoctor({ host: this.deps.host, root: this.deps.modelsRoot, pack: this.current.pack, preference: this.current.device, signal: ctx.signal });
    },
    'open-conversation': async (req) => {
      const record = await this.conversations.get(req.conversationId);
      if (!record) throw new SightlineError('bad-input', 'open-conversation: this conversation was not kept (only the newest ones are); its summary is still in the history');
      const imageId = record.start.view.imageId;
      const askable = this.images.get(imageId) !== undefined;
      if (askable) this.rememberConversation(imageId, record.conversationId);
      const view: ConversationView = Object.freeze({ ...record, askable });
      return view;
    },
  });

  private async captureScreen(target: CaptureTarget, ctx: CallContext) {
    this.progress(ctx, 'capture', CAPTURE_LABELS[target]);
    const shot = await this.deps.capture.capture(target, ctx.signal);
    if (ctx.signal.aborted) throw new SightlineError('cancelled', 'cancelled');
    return shot;
  }

  private async describe(bytes: Uint8Array, label: string, detail: Detail, ctx: CallContext): Promise<DescribeView> {
    const imageId = `img-${randomUUID()}`;
    this.progress(ctx, 'describe', `Describing ${label}`);
    const result = await this.run('describe', { image: bytesInput(bytes, label), detail, imageId, languages: this.readingLanguages() }, ctx);
    // Keep the image under the id the host actually used, so follow-ups hit its encoding cache.
    this.images.put(result.imageId, label, bytes);
    const view: DescribeView = Object.freeze({
      imageId: result.imageId,
      source: result.source,
      width: result.width,
      height: result.height,
      caption: result.caption ?? '',
      text: result.text,
      lines: Object.freeze(result.lines.map(toLineView)),
      blocks: result.blocks,
      panes: result.panes,
      description: result.description,
      mostlyText: result.mostlyText,
      models: Object.freeze({ caption: result.models.caption, ocr: result.models.ocr }),
      device: result.device,
      warnings: Object.freeze([...result.warnings]),
      timings: Object.freeze({ ...result.timings }),
    });
    const conversationId = await this.startConversation(label, { kind: 'describe', view });
    await this.record({ kind: 'describe', source: label, summary: firstLine(view.description) || view.caption || '(nothing recognised)', ...conversationId });
    return view;
  }

  private async read(bytes: Uint8Array, label: string, ctx: CallContext): Promise<ReadView> {
    this.progress(ctx, 'read', `Reading the text of ${label}`);
    const result = await this.run('ocr', { image: bytesInput(bytes, label), languages: this.readingLanguages() }, ctx);
    const imageId = `img-${randomUUID()}`;
    this.images.put(imageId, label, bytes);
    const view: ReadView = Object.freeze({
      imageId,
      source: label,
      lines: Object.freeze(result.lines.map(toLineView)),
      blocks: result.blocks,
      panes: result.panes,
      text: result.text,
      timings: Object.freeze({ ...result.timings }),
    });
    const conversationId = await this.startConversation(label, { kind: 'read', view });
    await this.record({ kind: 'read', source: label, summary: firstLine(view.text) || '(no text found)', ...conversationId });
    return view;
  }

  private async ask(imageId: string, question: string, ctx: CallContext): Promise<AskView> {
    const image = this.images.get(imageId);
    if (!image) throw new SightlineError('bad-input', `ask: image "${imageId}" is not open any more; describe or open it again`);
    this.progress(ctx, 'ask', 'Thinking about your question');
    const result = await this.run('ask', { imageId, image: bytesInput(image.bytes, image.label), question, history: image.turns }, ctx);
    const turns = this.images.addTurn(imageId, { question, answer: result.answer });
    const view: AskView = Object.freeze({
      imageId,
      question,
      answer: result.answer,
      turns,
      models: Object.freeze({ vqa: result.models.vqa }),
      device: result.device,
      timings: Object.freeze({ ...result.timings }),
    });
    const conversationId = await this.continueConversation(imageId, turns);
    await this.record({ kind: 'ask', source: image.label, summary: `${question} — ${result.answer}`, ...conversationId });
    return view;
  }

  /** The languages text is read in: the user's choice, or the system's language plus English. */
  private readingLanguages(): readonly string[] {
    return effectiveReadingLanguages(this.current.readingLanguages, systemLocale());
  }

  /**
   * Runs a host task under the call's signal and streams its events to the caller: caption and answer tokens, and
   * the blocks of text as the OCR completes them ('text-blocks', numbered from the first block of the result).
   * Events are checked like requests: a token that is not text is dropped; a text event whose blocks are malformed
   * is dropped and ends this request's block stream (the blocks after it would leave a hole in the reading order;
   * the result still carries every block).
   */
  private run<T extends 'ocr' | 'describe' | 'ask' | 'transcribe'>(
    task: T,
    request: RequestOf<T>,
    ctx: CallContext,
    transfer?: ArrayBuffer[],
  ) {
    let streamedBlocks = 0;
    let blocksBroken = false;
    return this.deps.host.run(task, request, {
      signal: ctx.signal,
      transfer,
      onEvent: (event: unknown) => {
        const e = event as { kind?: unknown; text?: unknown } | null;
        if (!ctx.requestId || !e || typeof e !== 'object') return;
        if (e.kind === 'token' && typeof e.text === 'string') {
          this.emit('token', { requestId: ctx.requestId, text: e.text }, ctx.sender);
          return;
        }
        if (e.kind !== 'text' || blocksBroken || ctx.signal.aborted) return;
        const blocks = streamedBlocksOf(e);
        if (!blocks) {
          blocksBroken = true;
          log.warn(`${task}: a malformed text event was dropped; the rest of the text comes with the result`);
          return;
        }
        if (blocks.length === 0) return;
        const from = streamedBlocks;
        streamedBlocks += blocks.length;
        this.emit('text-blocks', Object.freeze({ requestId: ctx.requestId, from, blocks }), ctx.sender);
      },
    });
  }

  private progress(ctx: CallContext, stage: string, message: string): void {
    if (ctx.requestId) this.emit('progress', { requestId: ctx.requestId, stage, fraction: null, message }, ctx.sender);
  }

  /** Like history, conversations are a convenience: a failed save is logged, never fails the result. */
  private async startConversation(source: string, start: ConversationRecord['start']): Promise<{ conversationId?: string }> {
    try {
      const record = await this.conversations.start(source, start);
      this.rememberConversation(start.view.imageId, record.conversationId);
      return { conversationId: record.conversationId };
    } catch (err) {
      log.warn(`conversation not saved: ${(err as Error).message}`);
      return {};
    }
  }

  private async continueConversation(imageId: string, turns: readonly ConversationTurn[]): Promise<{ conversationId?: string }> {
    const conversationId = this.conversationOfImage.get(imageId);
    if (!conversationId) return {};
    try {
      return (await this.conversations.update(conversationId, turns)) ? { conversationId } : {};
    } catch (err) {
      log.warn(`conversation not saved: ${(err as Error).message}`);
      return { conversationId };
    }
  }

  private rememberConversation(imageId: string, conversationId: string): void {
    this.conversationOfImage.delete(imageId);
    this.conversationOfImage.set(imageId, conversationId);
    for (const oldest of this.conversationOfImage.keys()) {
      if (this.conversationOfImage.size <= MAX_OPEN_CONVERSATIONS) break;
      this.conversationOfImage.delete(oldest);
    }
  }

  /** History is a convenience: failing to save it must not fail the description the user is waiting for. */
  private async record(entry: NewHistoryEntry): Promise<void> {
    try {
      await this.historyStore.add(entry);
    } catch (err) {
      log.warn(`history not saved: ${(err as Error).message}`);
    }
  }

  /** A patch is checked by what will use it (the voice by its engine) before anything is saved. */
  private async updateSettings(patch: SettingsPatch): Promise<Settings> {
    const previous = this.current;
    const chosen = applySettingsPatch(previous, choiceFromPatch(patch));
    let next: Settings = Object.freeze({ ...chosen, screenReaderMode: effectiveScreenReaderMode(chosen, this.screenReaderRunning) });
    if (next.voice && (next.voice !== previous.voice || next.speechEngine !== previous.speechEngine)) {
      const problem = await this.deps.speech.checkVoice(next.speechEngine, next.voice);
      if (problem && patch.voice !== undefined) throw new SightlineError('usage', `set-settings: voice ${problem}`);
      if (problem) {
        // The engine changed and cannot use the old voice: its own default voice follows the engine.
        next = applySettingsPatch(next, { voice: '' });
        this.announce(`Voice reset to the engine's default: ${problem}.`, false);
      }
    }
    for (const [lang, voice] of Object.entries(patch.languageVoices ?? {})) {
      if (voice === previous.languageVoices[lang] && next.speechEngine === previous.speechEngine) continue;
      const problem = await this.deps.speech.checkVoice(next.speechEngine, voice);
      if (problem) throw new SightlineError('usage', `set-settings: languageVoices.${lang} ${problem}`);
    }
    await this.settingsStore.save(next);
    this.current = next;
    this.configureSpeech(next);
    if (next.screenReaderMode !== previous.screenReaderMode) this.emit('screen-reader', { running: this.screenReaderRunning, active: next.screenReaderMode }, null);
    for (const listener of this.settingsListeners) {
      try {
        listener(next, previous);
      } catch (err) {
        log.warn(`settings listener failed: ${(err as Error).message}`);
      }
    }
    return next;
  }

  /** A user who hears nothing must be told why, once per kind of failure, on the live regions (never by voice). */
  private lastSpeechFailure: string | null = null;

  private reportSpeechFailure(state: SpeechState): void {
    if (state.type === 'speaking') this.lastSpeechFailure = null;
    if (state.type !== 'error' || state.message === this.lastSpeechFailure) return;
    this.lastSpeechFailure = state.message;
    log.warn(`speech failed: ${state.message}`);
    this.announce(`Speech failed: ${state.message}. Change the speech engine or voice in Settings.`, true);
  }

  private configureSpeech(settings: Settings): void {
    try {
      this.deps.speech.configure({
        engine: settings.speechEngine,
        voice: settings.voice,
        rate: settings.rate,
        screenReader: settings.screenReaderMode,
        languageVoices: settings.languageVoices,
      });
    } catch (err) {
      // Every value was validated before it got here; if an engine still refuses, speech reports it, start goes on.
      log.error(`speech settings not applied: ${toSightlineError(err).message}`);
    }
  }
}

const bytesInput = (bytes: Uint8Array, label: string): ImageInput => ({ kind: 'bytes', bytes, label });

/** How long start-up waits for the speech engine to judge the stored voice (it may be slow to list its voices). */
const VOICE_CHECK_MS = 2000;

/**
 * A stored voice the engine cannot use (hand-edited, or the engine changed since) falls back to the engine's
 * default, is reported once and saved, so it can never stop a start or fail every utterance. An engine that does not
 * answer in time is not a verdict: the voice is kept and the engine judges it when it speaks.
 */
async function usableVoice(settings: Settings, speech: SpeechPort, store: SettingsStore, report: (message: string) => void): Promise<Settings> {
  if (!settings.voice) return settings;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), VOICE_CHECK_MS)));
  const problem = await Promise.race([speech.checkVoice(settings.speechEngine, settings.voice).catch(() => null), late]).finally(() => clearTimeout(timer));
  if (!problem) return settings;
  const fixed = applySettingsPatch(settings, { voice: '' });
  report(`The saved voice setting was not usable: ${problem}; using the engine's default voice`);
  await store.save(fixed).catch((err: unknown) => log.warn(`settings not saved: ${(err as Error).message}`));
  return fixed;
}

/** Convenience for callers that prefer a function: `await createSightlineService(deps)`. */
export const createSightlineService = (deps: SightlineServiceDeps) => SightlineService.create(deps);
