import { INPUT_LIMITS } from '../../electron/common/ipc.js';
import { playEarcon } from './earcon.js';

/** Longest question recorded (LIMITS.maxAudioSeconds in the core, which checks again). */
export const MAX_QUESTION_SECONDS = INPUT_LIMITS.maxAudioSeconds;
const SAMPLE_RATE = 16_000;
/** A press shorter than this is a tap: it toggles recording (on now, off at the next press) instead of holding. */
export const TAP_MS = 400;
/** Shorter than this is a slip of the key, not a question. */
const MIN_SECONDS = 0.3;

export type MicState = 'idle' | 'opening' | 'recording';

/** Decodes recorded audio and returns it as 16 kHz mono samples, the rate Whisper expects. */
export async function toMono16k(encoded: ArrayBuffer): Promise<Float32Array> {
  // decodeAudioData resamples to its context's rate, so a 16 kHz context does the resampling.
  const decoded = await new OfflineAudioContext(1, 1, SAMPLE_RATE).decodeAudioData(encoded);
  const mono = new Float32Array(decoded.length);
  for (let c = 0; c < decoded.numberOfChannels; c++) {
    const channel = decoded.getChannelData(c);
    for (let i = 0; i < mono.length; i++) mono[i] = (mono[i] ?? 0) + (channel[i] ?? 0) / decoded.numberOfChannels;
  }
  return mono.length > MAX_QUESTION_SECONDS * SAMPLE_RATE ? mono.slice(0, MAX_QUESTION_SECONDS * SAMPLE_RATE) : mono;
}

/** What the microphone tells the rest of the page. */
export interface MicEvents {
  /** May the microphone open now? Returns why not (then nothing is recorded), or null. */
  canStart(): string | null;
  /** The microphone is on: say "Listening" (once per recording), show the indicator. */
  started(): void;
  /** The microphone is off and the question is ready; `atLimit` when it stopped by itself at the time limit. */
  finished(pcm16k: Float32Array, atLimit: boolean): void;
  /** The microphone is off without a question: discarded, too short, or it failed (message says which). */
  ended(message: string, failure?: unknown): void;
  /** The state changed (for the indicator and the button). */
  state(state: MicState, latched: boolean): void;
}

interface Take {
  stream: MediaStream | null;
  recorder: MediaRecorder | null;
  chunks: Blob[];
  pressedAt: number;
  /** When the key was let go during opening; decided once the microphone is open. */
  releasedAt: number | null;
  latched: boolean;
  recordingSince: number;
  limit: ReturnType<typeof setTimeout> | undefined;
  discarded: boolean;
}

/**
 * The microphone, so that it never surprises: any press length works — a tap (shorter than TAP_MS) turns it on
 * until the next tap, holding records until the key is let go — and a release that arrives while the device is
 * still opening is honoured. Start and end are marked by an earcon and the `started`/`ended` events (spoken
 * "Listening", "Stopped" and a visible indicator); it never records longer than MAX_QUESTION_SECONDS; discard()
 * (Escape) throws the recording away.
 */
export class Microphone {
  private take: Take | null = null;

  constructor(private readonly events: MicEvents, private readonly now: () => number = () => performance.now()) {}

  get state(): MicState {
    if (!this.take) return 'idle';
    return this.take.recorder ? 'recording' : 'opening';
  }

  get on(): boolean {
    return this.take !== null;
  }

  /** F2 went down (not a repeat), or the button was pressed. */
  press(): void {
    const take = this.take;
    if (!take) {
      void this.open();
      return;
    }
    // A second tap while latched (or a press while opening after a tap) ends the recording and sends it.
    if (take.latched || take.releasedAt !== null) void this.finish();
  }

  /** F2 came up. */
  release(): void {
    const take = this.take;
    if (!take || take.latched) return;
    if (take.releasedAt !== null) return;
    take.releasedAt = this.now();
    if (!take.recorder) return; // still opening: decided in open()
    this.decideAfterRelease(take);
  }

  /** The button: one click on, the next click off (like a tap). */
  toggle(): void {
    if (!this.take) {
      void this.open(true);
      return;
    }
    void this.finish();
  }

  /** Escape: throws the recording away. True when the microphone was on. */
  discard(): boolean {
    const take = this.take;
    if (!take) return false;
    take.discarded = true;
    this.close(take);
    playEarcon('discard');
    this.events.ended('Recording discarded.');
    return true;
  }

  private async open(latched = false): Promise<void> {
    const refusal = this.events.canStart();
    if (refusal) {
      this.events.ended(refusal, true);
      return;
    }
    const take: Take = { stream: null, recorder: null, chunks: [], pressedAt: this.now(), releasedAt: null, latched, recordingSince: 0, limit: undefined, discarded: false };
    this.take = take;
    this.events.state('opening', latched);
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: { channelCount: 1, echoCancellation: true, noiseSuppression: false, autoGainControl: true },
      });
    } catch (err) {
      if (this.take === take) this.take = null;
      this.events.state('idle', false);
      if (!take.discarded) this.events.ended('', err);
      return;
    }
    if (take.discarded || this.take !== take) {
      stream.getTracks().forEach((t) => t.stop());
      return;
    }
    // Released before the device opened: a tap latches; a longer press that already ended recorded nothing.
    if (take.releasedAt !== null && take.releasedAt - take.pressedAt >= TAP_MS) {
      stream.getTracks().forEach((t) => t.stop());
      this.take = null;
      this.events.state('idle', false);
      this.events.ended('Too short: hold F2 while you speak, or tap F2 once to start and again to send.');
      return;
    }
    const recorder = new MediaRecorder(stream);
    recorder.addEventListener('dataavailable', (e) => {
      if (e.data.size > 0) take.chunks.push(e.data);
    });
    take.stream = stream;
    take.recorder = recorder;
    take.recordingSince = this.now();
    recorder.start(250);
    take.limit = setTimeout(() => void this.finish(true), MAX_QUESTION_SECONDS * 1000);
    if (take.releasedAt !== null) take.latched = true;
    playEarcon('start');
    this.events.state('recording', take.latched);
    this.events.started();
  }

  private decideAfterRelease(take: Take): void {
    if ((take.releasedAt ?? 0) - take.pressedAt < TAP_MS) {
      take.latched = true;
      this.events.state('recording', true);
      return;
    }
    void this.finish();
  }

  /** Ends the recording and hands the question on. */
  private async finish(atLimit = false): Promise<void> {
    const take = this.take;
    if (!take) return;
    const recorder = take.recorder;
    if (!recorder) {
      // Still opening: the user asked for it to end, so it ends without recording.
      take.discarded = true;
      this.close(take);
      this.events.ended('Stopped before the microphone was on. Nothing was recorded.');
      return;
    }
    const seconds = (this.now() - take.recordingSince) / 1000;
    const stopped = new Promise<void>((resolve) => recorder.addEventListener('stop', () => resolve(), { once: true }));
    this.close(take);
    playEarcon('stop');
    await stopped;
    const blob = new Blob(take.chunks, { type: recorder.mimeType });
    if (seconds < MIN_SECONDS || blob.size === 0) {
      this.events.ended('Too short: nothing to send. Speak after the tone, then tap F2 or let it go.');
      return;
    }
    try {
      this.events.finished(await toMono16k(await blob.arrayBuffer()), atLimit);
    } catch (err) {
      this.events.ended(`The recording could not be read: ${(err as Error).message}`);
    }
  }

  /** Turns the device off at once (tracks stopped, so the browser's recording indicator goes out too). */
  private close(take: Take): void {
    clearTimeout(take.limit);
    if (take.recorder && take.recorder.state !== 'inactive') take.recorder.stop();
    take.stream?.getTracks().forEach((t) => t.stop());
    if (this.take === take) this.take = null;
    this.events.state('idle', false);
  }
}
