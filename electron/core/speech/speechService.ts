import { SightlineError, toSightlineError } from '../common/errors';
import { createLogger } from '../common/logger';
import { printable } from '../common/printable';
import { ENGINES, availableEngines, enginePreference } from './engines';
import type { VoiceSettings } from './engines/engine';
import type { EngineProcess } from './processes';
import { voiceSettingsFor } from './languageVoice';
import { SentenceAccumulator, splitSentences } from './sentences';
import { checkRate, DEFAULT_RATE_WPM, normalizeForSpeech } from './textSafety';
import type {
  SpeakOptions,
  SpeechEngineName,
  SpeechPriority,
  SpeechService,
  SpeechServiceOptions,
  SpeechState,
  SpeechStream,
  Utterance,
} from './types';

export type { SpeechService, SpeechServiceOptions, SpeakOptions, SpeechState, SpeechEngineName, SpeechPriority, Utterance, SpeechStream } from './types';

const log = createLogger('speech');

/** Lines engines print when no audio came out although they exit 0 (no sound card, no sound server). */
const AUDIO_FAILURE = /^error:|audio open error|can't open \/dev\/dsp|SIOD ERROR/i;

const PRIORITY_RANK: Readonly<Record<SpeechPriority, number>> = Object.freeze({ low: 0, normal: 1, high: 2 });

/** Options the CLI, tests and benchmarks add to the public ones. */
export interface SpeechServiceInternals extends SpeechServiceOptions {
  /** Environment for engine processes (tests give festival a temporary HOME whose .festivalrc writes audio to a file). */
  readonly env?: NodeJS.ProcessEnv;
}

/** One queued utterance or stream: sentences still to speak, and whether more may arrive. */
interface Item {
  readonly priority: number;
  readonly lang?: string;
  readonly assertive: boolean;
  readonly sentences: string[];
  open: boolean;
  resolve: (value: { completed: boolean }) => void;
  /** Wakes the speaking loop when a stream gets a sentence or ends. */
  wake?: () => void;
  /** The voice chosen for this item's language, once per item and settings (finding it may list every voice). */
  voiced?: { readonly engine: SpeechEngineName; readonly settings: VoiceSettings; readonly value: Promise<VoiceSettings> };
}

function sentencesOf(text: string): string[] {
  return splitSentences(normalizeForSpeech(text));
}

/**
 * The speech-output service. One queue, ordered by priority; an item with `interrupt` (a new description, Escape
 * then speak) or a higher priority than what is speaking cuts it off. Text is spoken sentence by sentence, one
 * engine process per sentence, so the first sentence starts at once and stopping is immediate.
 * In screen-reader mode nothing is spoken: sentences go to `announce` for the renderer's live regions.
 */
export function createSpeechService(initial: SpeechServiceInternals = {}): SpeechService {
  let options: SpeechServiceInternals = { ...initial };
  let settings: VoiceSettings = validateSettings(options);
  let resolvedEngine: SpeechEngineName | undefined = options.engine && options.engine !== 'auto' ? options.engine : undefined;
  const queue: Item[] = [];
  let current: Item | undefined;
  let currentProcess: EngineProcess | undefined;
  let loopRunning = false;
  let disposed = false;
  const listeners = new Set<(state: SpeechState) => void>();

  /** The voice is checked by the engine that will use it (checkVoice), so a stored name can never stop a start. */
  function validateSettings(o: SpeechServiceInternals): VoiceSettings {
    return {
      voice: o.voice ?? '',
      rate: checkRate(o.rate ?? DEFAULT_RATE_WPM),
      env: o.env,
    };
  }

  function emit(state: SpeechState): void {
    for (const listener of listeners) {
      try {
        listener(state);
      } catch (err) {
        log.warn(`speech state listener failed: ${(err as Error).message}`);
      }
    }
  }

  async function engineName(): Promise<SpeechEngineName> {
    if (resolvedEngine) return resolvedEngine;
    const usable = await availableEngines(options.env);
    const chosen = usable[0];
    if (!chosen) throw new SightlineError('speech', `no speech engine can speak here; install one of: ${enginePreference().join(', ')}`);
    resolvedEngine = chosen;
    log.info(`speech engine: ${chosen}`);
    return chosen;
  }

  function enqueue(item: Item, interrupt: boolean): void {
    if (disposed) {
      item.resolve({ completed: false });
      return;
    }
    if (interrupt) void cancelAll();
    else if (current && item.priority > current.priority) void cancelCurrent();
    // Stable insert: after every item of the same or higher priority.
    const index = queue.findIndex((queued) => queued.priority < item.priority);
    if (index < 0) queue.push(item);
    else queue.splice(index, 0, item);
    void runLoop();
  }

  async function nextSentence(item: Item): Promise<string | undefined> {
    while (item.sentences.length === 0 && item.open && current === item) {
      await new Promise<void>((resolve) => (item.wake = resolve));
      item.wake = undefined;
    }
    return current === item ? item.sentences.shift() : undefined;
  }

  async function speakSentence(item: Item, sentence: string): Promise<void> {
    if (current !== item) return;
    if (options.screenReader) {
      emit({ type: 'speaking', text: sentence, engine: 'screen-reader' });
      options.announce?.(sentence, item.assertive);
      return;
    }
    const name = await engineName();
    if (item.voiced?.engine !== name || item.voiced.settings !== settings) {
      item.voiced = { engine: name, settings, value: voiceSettingsFor(ENGINES[name], settings, item.lang, options.languageVoices) };
    }
    const voiced = await item.voiced.value;
    if (current !== item) return;
    emit({ type: 'speaking', text: sentence, engine: name, voice: voiced.voice, ...(item.lang ? { lang: item.lang } : {}) });
    const proc = ENGINES[name].speak(sentence, voiced);
    currentProcess = proc;
    const exit = await proc.exited;
    if (currentProcess === proc) currentProcess = undefined;
    if (exit.stopped) return;
    // espeak-ng and festival exit 0 even when they could not open the sound device; their stderr says so.
    const deviceError = exit.stderr.split('\n').find((line) => AUDIO_FAILURE.test(line));
    if (exit.code !== 0 || deviceError) {
      throw new SightlineError('speech', `${name} failed: ${deviceError ?? (exit.stderr.split('\n')[0] || `exit code ${exit.code}`)}`);
    }
  }

  async function runLoop(): Promise<void> {
    if (loopRunning) return;
    loopRunning = true;
    try {
      while (!disposed) {
        const item = queue.shift();
        if (!item) break;
        current = item;
        let completed = true;
        try {
          for (;;) {
            const sentence = await nextSentence(item);
            if (sentence === undefined) break;
            await speakSentence(item, sentence);
          }
          completed = current === item;
        } catch (err) {
          completed = false;
          const message = toSightlineError(err).message;
          // Whoever listens shows it (the app announces it, the CLI prints it); the log keeps a quiet copy.
          log.info(message);
          emit({ type: 'error', message });
        }
        if (current === item) current = undefined;
        item.resolve({ completed });
      }
    } finally {
      loopRunning = false;
      current = undefined;
      if (!disposed) emit({ type: 'idle' });
    }
  }

  async function cancelCurrent(): Promise<void> {
    const item = current;
    if (!item) return;
    current = undefined;
    item.open = false;
    item.wake?.();
    const proc = currentProcess;
    currentProcess = undefined;
    // Resolved only once its audio has really stopped, so callers can rely on silence.
    if (proc) await proc.stop();
    item.resolve({ completed: false });
  }

  async function cancelAll(): Promise<void> {
    for (const item of queue.splice(0)) {
      item.open = false;
      item.resolve({ completed: false });
    }
    await cancelCurrent();
  }

  function makeItem(options: SpeakOptions | undefined, sentences: string[], open: boolean) {
    let resolve!: Item['resolve'];
    const done = new Promise<{ completed: boolean }>((r) => (resolve = r));
    const priority = PRIORITY_RANK[options?.priority ?? 'normal'];
    const item: Item = { priority, assertive: priority >= PRIORITY_RANK.high || Boolean(options?.interrupt), sentences, open, resolve, ...(options?.lang ? { lang: options.lang } : {}) };
    return { item, done };
  }

  return {
    speak(text: string, speakOptions?: SpeakOptions): Utterance {
      const { item, done } = makeItem(speakOptions, sentencesOf(text), false);
      if (item.sentences.length === 0) item.resolve({ completed: true });
      else enqueue(item, Boolean(speakOptions?.interrupt));
      return { done };
    },

    speakStream(speakOptions?: SpeakOptions): SpeechStream {
      const { item, done } = makeItem(speakOptions, [], true);
      const accumulator = new SentenceAccumulator();
      enqueue(item, Boolean(speakOptions?.interrupt));
      return {
        done,
        push(tokens: string) {
          if (!item.open) return;
          const ready = accumulator.push(tokens);
          if (ready.length === 0) return;
          item.sentences.push(...ready.map((s) => normalizeForSpeech(s)).filter(Boolean));
          item.wake?.();
        },
        end() {
          if (!item.open) return;
          item.sentences.push(...accumulator.end().map((s) => normalizeForSpeech(s)).filter(Boolean));
          item.open = false;
          item.wake?.();
        },
      };
    },

    stop: cancelAll,

    onState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    engines: () => availableEngines(options.env),

    async checkVoice(engine, voice) {
      if (!voice) return null;
      let name: SpeechEngineName;
      try {
        name = engine === 'auto' ? await engineName() : engine;
      } catch (err) {
        return toSightlineError(err).message;
      }
      try {
        ENGINES[name].checkVoice(voice);
      } catch (err) {
        return `"${printable(voice.slice(0, 40))}" cannot be used by ${name} (${toSightlineError(err).message})`;
      }
      // An installed voice is the proof; an engine that cannot list its voices in time is given the benefit.
      const known = await ENGINES[name].knowsVoice(voice, { env: settings.env }).catch(() => null);
      return known === false ? `"${printable(voice.slice(0, 40))}" is not a voice of ${name}` : null;
    },

    async voices() {
      if (options.screenReader) return [];
      return ENGINES[await engineName()].voices({ env: settings.env });
    },

    get engine(): SpeechEngineName | 'screen-reader' {
      if (options.screenReader) return 'screen-reader';
      return resolvedEngine ?? (options.engine && options.engine !== 'auto' ? options.engine : enginePreference()[0] ?? 'espeak-ng');
    },

    configure(next) {
      const merged: SpeechServiceInternals = { ...options, ...next };
      const nextSettings = validateSettings(merged);
      const engineChanged = merged.engine !== options.engine || merged.screenReader !== options.screenReader;
      options = merged;
      settings = nextSettings;
      if (engineChanged) {
        resolvedEngine = merged.engine && merged.engine !== 'auto' ? merged.engine : undefined;
        void cancelAll();
      }
    },

    async dispose() {
      await cancelAll();
      disposed = true;
      listeners.clear();
    },
  };
}
