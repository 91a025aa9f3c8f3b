/**
 * Speech output contract. The Electron main process, the harness and the CLI code against these types;
 * the implementation is `createSpeechService` in ./speechService.
 */
export type SpeechEngineName = 'say' | 'speech-dispatcher' | 'espeak-ng';

/** Higher priorities interrupt or jump ahead of lower ones. */
export type SpeechPriority = 'low' | 'normal' | 'high';

export interface SpeakOptions {
  /** Default 'normal'. A higher priority than what is speaking interrupts it. */
  readonly priority?: SpeechPriority;
  /** Stop current speech and drop the queue before speaking this (a new description, Escape then speak). */
  readonly interrupt?: boolean;
  /** BCP 47 language of the text (a block's `lang`): spoken with the voice for that language (languageVoice.ts). */
  readonly lang?: string;
}

export type SpeechState =
  | {
      readonly type: 'speaking';
      readonly text: string;
      readonly engine: SpeechEngineName | 'screen-reader';
      /** The language asked for and the voice used ('' = the engine's default), when an engine speaks. */
      readonly lang?: string;
      readonly voice?: string;
    }
  | { readonly type: 'idle' }
  | { readonly type: 'error'; readonly message: string };

export interface SpeechServiceOptions {
  /** Engine to use; 'auto' picks by platform and availability. Default 'auto'. */
  readonly engine?: SpeechEngineName | 'auto';
  /** Engine-specific voice name ('' = engine default). Validated; never reaches a shell or interpreter raw. */
  readonly voice?: string;
  /** Words per minute (80–450). Default 180. */
  readonly rate?: number;
  /**
   * Screen-reader mode: Sightline speaks nothing itself and hands each sentence to this callback (the renderer's
   * live regions), so the user's own screen reader speaks it once.
   */
  readonly screenReader?: boolean;
  readonly announce?: (text: string, assertive: boolean) => void;
  /** The voice fixed per language ({ de: 'de+f3' }); see languageVoice.ts for how a language's voice is chosen. */
  readonly languageVoices?: Readonly<Record<string, string>>;
}

/** A handle on one utterance (or one token stream) queued with the service. */
export interface Utterance {
  /** Resolves when it has been spoken fully, or was interrupted/dropped (then `completed` is false). */
  readonly done: Promise<{ readonly completed: boolean }>;
}

/** A text stream being spoken as it arrives: sentences are spoken as soon as each is complete. */
export interface SpeechStream extends Utterance {
  push(tokens: string): void;
  /** No more tokens: the remainder is spoken. */
  end(): void;
}

export interface SpeechService {
  /** Queues text; long text is split into sentences and spoken one by one. */
  speak(text: string, options?: SpeakOptions): Utterance;
  /** Starts speaking a token stream at its first complete sentence. */
  speakStream(options?: SpeakOptions): SpeechStream;
  /** Stops current speech and empties the queue; kills only processes this service started. */
  stop(): Promise<void>;
  onState(listener: (state: SpeechState) => void): () => void;
  /** Engines usable on this machine, in preference order. */
  engines(): Promise<readonly SpeechEngineName[]>;
  /** Voices of the selected engine. */
  voices(): Promise<readonly string[]>;
  /**
   * Null when `engine` ('auto': the engine this service speaks with) can speak with `voice` ('' is always fine),
   * else a one-line reason. Settings are checked with this before they are saved.
   */
  checkVoice(engine: SpeechEngineName | 'auto', voice: string): Promise<string | null>;
  /** The engine in use ('screen-reader' in screen-reader mode). */
  readonly engine: SpeechEngineName | 'screen-reader';
  /** Applies new settings; current speech is stopped if the engine changes. */
  configure(options: Partial<SpeechServiceOptions>): void;
  dispose(): Promise<void>;
}
