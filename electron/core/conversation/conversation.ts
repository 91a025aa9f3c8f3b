import { SightlineError } from '../common/errors';
import { LIMITS } from '../common/limits';
import type { AudioInput, TranscribeResult } from '../asr/types';
import '../asr/types';
import type { ImageInput } from '../image/intake';
import type { EventOf, RequestOf, ResultOf } from '../host/protocol';
import type { SpeechService } from '../speech/types';
import type { AskResult, ConversationTurn } from '../vision/types';
import '../vision/types';

/** What the conversation needs from the inference host: the `transcribe` and `ask` tasks (InferenceHost fits). */
export interface ConversationHost {
  run<T extends 'transcribe' | 'ask'>(
    task: T,
    request: RequestOf<T>,
    options?: { signal?: AbortSignal; onEvent?: (event: EventOf<T>) => void },
  ): Promise<ResultOf<T>>;
}

export interface ConversationOptions {
  readonly host: ConversationHost;
  /** Speaks answers (sentence by sentence as tokens stream). Absent: nothing is spoken (the caller shows text). */
  readonly speech?: SpeechService;
  /** Shows and announces what was heard and what is happening (the renderer's live regions, or stderr in a CLI). */
  readonly announce?: (text: string, assertive: boolean) => void;
}

export interface VoiceAnswer {
  /** What Whisper heard (empty when nothing was said). */
  readonly transcript: TranscribeResult;
  /** The answer, or null when no speech was heard and so nothing was asked. */
  readonly answer: AskResult | null;
}

/** Said when a recording held no speech: not an error, the user simply tries again. */
export const NO_SPEECH_MESSAGE = 'No speech heard. Hold the key and ask again.';

/**
 * The spoken-question flow, free of Electron: it keeps the current image and the conversation about it.
 * askByVoice: audio → transcript (announced, so the user knows what was heard) → `ask` on the current image with
 * the turns so far → the answer spoken as it is generated. A new image starts a new conversation.
 */
export class Conversation {
  private image: ImageInput | undefined;
  private imageId: string | undefined;
  private history: ConversationTurn[] = [];
  private readonly options: ConversationOptions;

  constructor(options: ConversationOptions) {
    this.options = options;
  }

  /** Makes this the image questions are about; forgets the previous conversation. */
  setImage(image: { readonly image?: ImageInput; readonly imageId?: string }): void {
    if (!image.image && !image.imageId) throw new SightlineError('usage', 'setImage needs an image or an imageId');
    this.image = image.image;
    this.imageId = image.imageId;
    this.history = [];
  }

  get hasImage(): boolean {
    return this.image !== undefined || this.imageId !== undefined;
  }

  get turns(): readonly ConversationTurn[] {
    return [...this.history];
  }

  /** Asks a typed (or already transcribed) question about the current image; the answer is spoken if speech is set. */
  async ask(question: string, signal?: AbortSignal): Promise<AskResult> {
    return this.askAndSpeak(question, signal, true);
  }

  private async askAndSpeak(question: string, signal: AbortSignal | undefined, interrupt: boolean): Promise<AskResult> {
    const trimmed = question.replace(/\s+/g, ' ').trim();
    if (!trimmed) throw new SightlineError('bad-input', 'question: empty');
    if (trimmed.length > LIMITS.maxQuestionChars) {
      throw new SightlineError('bad-input', `question: ${trimmed.length} characters; the limit is ${LIMITS.maxQuestionChars}`);
    }
    if (!this.hasImage) throw new SightlineError('usage', 'no image to ask about: describe or open an image first');
    const { speech } = this.options;
    // A typed question interrupts whatever was being said (the previous answer, a description); a spoken one
    // queues its answer after "You asked: …".
    const stream = speech?.speakStream({ interrupt });
    let streamed = false;
    try {
      const result = await this.options.host.run(
        'ask',
        { imageId: this.imageId, image: this.image, question: trimmed, history: this.turns },
        {
          signal,
          onEvent: (event) => {
            if (event.kind === 'token' && event.text) {
              streamed = true;
              stream?.push(event.text);
            }
          },
        },
      );
      if (!streamed) stream?.push(result.answer);
      stream?.end();
      // Follow-ups name the image by id so the host reuses its encoding; the image itself stays as a fallback.
      this.imageId = result.imageId;
      this.history.push({ question: trimmed, answer: result.answer });
      if (this.history.length > LIMITS.maxConversationTurns) this.history.splice(0, this.history.length - LIMITS.maxConversationTurns);
      return result;
    } catch (err) {
      // Whatever was already said of a partial answer stays said; the caller reports the failure.
      stream?.end();
      throw err;
    }
  }

  /** Transcribes a spoken question, announces what was heard, asks it, and speaks the answer. */
  async askByVoice(audio: AudioInput, signal?: AbortSignal): Promise<VoiceAnswer> {
    if (!this.hasImage) throw new SightlineError('usage', 'no image to ask about: describe or open an image first');
    const transcript = await this.options.host.run('transcribe', { audio }, { signal });
    if (transcript.noSpeech || !transcript.text) {
      this.options.announce?.(NO_SPEECH_MESSAGE, true);
      if (this.options.speech && this.options.speech.engine !== 'screen-reader') this.options.speech.speak(NO_SPEECH_MESSAGE, { interrupt: true });
      return { transcript, answer: null };
    }
    const heard = `You asked: ${transcript.text}`;
    this.options.announce?.(heard, false);
    // In screen-reader mode the speech service announces too; say each thing once.
    const selfVoiced = this.options.speech && this.options.speech.engine !== 'screen-reader';
    if (selfVoiced) this.options.speech?.speak(heard, { interrupt: true });
    const answer = await this.askAndSpeak(transcript.text, signal, !selfVoiced);
    if (!this.options.speech) this.options.announce?.(answer.answer, false);
    return { transcript, answer };
  }
}
