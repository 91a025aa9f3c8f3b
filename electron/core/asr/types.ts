import type { TaskTypes } from '../host/protocol';

/**
 * Speech input: what the `transcribe` host task takes and returns.
 * Audio is either a file the host reads itself (WAV, any rate/width/channels) or PCM already captured by the
 * renderer (any rate, mono); both are brought to 16 kHz mono and trimmed of silence before Whisper sees them.
 */
export type AudioInput =
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'pcm'; readonly samples: Float32Array; readonly sampleRate: number };

export interface TranscribeRequest {
  readonly audio: AudioInput;
}

export interface TranscribeTimings {
  /** Reading and decoding the WAV (0 for PCM input). */
  readonly decodeMs: number;
  /** Resampling, down-mixing and voice-activity trimming. */
  readonly prepareMs: number;
  /** Whisper (feature extraction, encoder, decoding); 0 when no speech was found. */
  readonly transcribeMs: number;
  readonly totalMs: number;
}

export interface TranscribeResult {
  /** The words heard, trimmed; empty when nothing was said. */
  readonly text: string;
  /** Length of the audio as given, before trimming, in milliseconds. */
  readonly durationMs: number;
  /** True when voice-activity detection found no speech or Whisper heard no words: "no speech heard", not an error. */
  readonly noSpeech: boolean;
  /** Model directory (or pack entry) that produced the text. */
  readonly model: string;
  readonly timings: TranscribeTimings;
}

declare module '../host/protocol' {
  interface HostTasks {
    transcribe: TaskTypes<TranscribeRequest, TranscribeResult>;
  }
}
