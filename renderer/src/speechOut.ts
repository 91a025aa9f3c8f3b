import type { Bridge } from './bridge.js';

/** Whoever asked Sightline to speak: told when its utterance finished or was cut off by another. */
export interface SpeechOwner {
  spoken(): void;
  interrupted(): void;
}

const NOBODY: SpeechOwner = Object.freeze({ spoken: () => undefined, interrupted: () => undefined });

/**
 * Sightline's own voice, as the page uses it: every utterance interrupts the one before unless it is queued (either
 * way the previous owner is told, so a reader pauses where it was), and the core's speech-state events say when the
 * current one has been spoken. An idle report counts only after this utterance was heard to start, so a late report
 * of the previous one is ignored.
 */
export class SpeechOut {
  private owner: SpeechOwner = NOBODY;
  private started = false;
  private speakingNow = false;
  private readonly listeners = new Set<(speaking: boolean, text: string | undefined) => void>();

  constructor(private readonly bridge: Bridge) {
    bridge.on('speech-state', ({ speaking, text }) => {
      this.speakingNow = speaking;
      for (const listener of this.listeners) listener(speaking, text);
      if (speaking) {
        this.started = true;
        return;
      }
      if (!this.started) return;
      const owner = this.owner;
      this.owner = NOBODY;
      this.started = false;
      owner.spoken();
    });
  }

  /** True while the core reports speech (between a sentence starting and the queue going quiet). */
  get speaking(): boolean {
    return this.speakingNow || this.owner !== NOBODY;
  }

  /** Whether `owner`'s utterance is the one Sightline is saying (or about to). */
  owns(owner: SpeechOwner): boolean {
    return this.owner === owner;
  }

  onState(listener: (speaking: boolean, text: string | undefined) => void): void {
    this.listeners.add(listener);
  }

  /**
   * `lang`: the text's language, so the core picks a voice of it (the user's voice when it has none).
   * `queued`: the core speaks it after what it is saying now instead of cutting that off (a streamed screen's next
   * block, asked for once its previous block was spoken); without it, an utterance interrupts the one before.
   * Either way the new owner is the one told when it has been spoken.
   */
  async speak(text: string, owner: SpeechOwner = NOBODY, lang?: string, options: { queued?: boolean } = {}): Promise<boolean> {
    const previous = this.owner;
    this.owner = owner;
    this.started = false;
    if (previous !== owner) previous.interrupted();
    const interrupt = options.queued !== true;
    try {
      await this.bridge.call('speak', lang ? { text, interrupt, lang } : { text, interrupt });
      return true;
    } catch {
      if (this.owner === owner) this.owner = NOBODY;
      owner.interrupted();
      return false;
    }
  }

  /** Stops Sightline's speech; true when something was being spoken (so "Stopped." is only said when it was). */
  async stop(): Promise<boolean> {
    const was = this.speaking;
    const owner = this.owner;
    this.owner = NOBODY;
    this.started = false;
    owner.interrupted();
    try {
      await this.bridge.call('stop-speech', {});
    } catch {
      // Nothing was speaking, or speech is unavailable: silence is already the state the user wants.
    }
    this.speakingNow = false;
    return was;
  }
}
