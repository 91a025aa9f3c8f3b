import { SightlineError } from '../common/errors';
import { LIMITS } from '../common/limits';
import type { AudioInput } from '../asr/types';
import { downmix, resample, TARGET_SAMPLE_RATE } from './resample';
import { trimSilence } from './vad';
import { readWavFile } from './wav';

export interface PreparedAudio {
  /** 16 kHz mono, silence trimmed; empty when there was no speech. */
  readonly samples: Float32Array;
  readonly hasSpeech: boolean;
  /** Length of the audio as given, before trimming. */
  readonly durationMs: number;
  readonly label: string;
  readonly decodeMs: number;
  readonly prepareMs: number;
}

function checkPcm(input: Extract<AudioInput, { kind: 'pcm' }>): void {
  if (!(input.samples instanceof Float32Array)) throw new SightlineError('bad-input', 'recording: samples must be Float32Array PCM');
  if (!Number.isInteger(input.sampleRate) || input.sampleRate < 4000 || input.sampleRate > 384_000) {
    throw new SightlineError('bad-input', `recording: unsupported sample rate ${input.sampleRate}`);
  }
  const seconds = input.samples.length / input.sampleRate;
  if (seconds > LIMITS.maxAudioSeconds) {
    throw new SightlineError('bad-input', `recording: ${seconds.toFixed(1)} s long; the limit is ${LIMITS.maxAudioSeconds} s`);
  }
}

/** Every spoken question goes through here: decode (files), down-mix, resample to 16 kHz, trim silence. */
export async function prepareAudio(input: AudioInput): Promise<PreparedAudio> {
  const started = performance.now();
  let channels: readonly Float32Array[];
  let sampleRate: number;
  let label: string;
  if (input.kind === 'path') {
    const decoded = await readWavFile(input.path);
    channels = decoded.channels;
    sampleRate = decoded.sampleRate;
    label = input.path;
  } else if (input.kind === 'pcm') {
    checkPcm(input);
    channels = [input.samples];
    sampleRate = input.sampleRate;
    label = 'recording';
  } else {
    throw new SightlineError('usage', 'audio input must be {kind:"path"} or {kind:"pcm"}');
  }
  const decoded = performance.now();
  const mono = resample(downmix(channels), sampleRate, TARGET_SAMPLE_RATE);
  const vad = trimSilence(mono, TARGET_SAMPLE_RATE);
  const durationMs = Math.round((((channels[0]?.length ?? 0) / sampleRate) * 1000));
  return {
    samples: vad.speech,
    hasSpeech: vad.hasSpeech,
    durationMs,
    label,
    decodeMs: decoded - started,
    prepareMs: performance.now() - decoded,
  };
}
