import { TARGET_SAMPLE_RATE } from './resample';

/** Energy-based voice-activity detection tuned for push-to-talk questions at 16 kHz. */
export const VAD = Object.freeze({
  frameMs: 30,
  /** Frames quieter than this (dBFS) are never speech, however quiet the room. */
  absoluteFloorDb: -45,
  /** Speech must stand this far above the recording's own noise floor. */
  aboveNoiseDb: 12,
  /** Less voiced audio than this in total is treated as no speech (a click, a breath). */
  minSpeechMs: 120,
  /** Kept before the first and after the last voiced frame so soft word edges survive. */
  padBeforeMs: 150,
  padAfterMs: 250,
});

export interface VadResult {
  /** The samples from just before the first voiced frame to just after the last one; empty when no speech. */
  readonly speech: Float32Array;
  readonly hasSpeech: boolean;
  readonly voicedMs: number;
}

function frameDb(samples: Float32Array, start: number, length: number): number {
  let sum = 0;
  for (let i = start; i < start + length; i++) sum += (samples[i] as number) ** 2;
  return 10 * Math.log10(sum / length + 1e-12);
}

/** Trims leading and trailing silence from 16 kHz mono samples. */
export function trimSilence(samples: Float32Array, sampleRate: number = TARGET_SAMPLE_RATE): VadResult {
  const frame = Math.round((sampleRate * VAD.frameMs) / 1000);
  const count = Math.floor(samples.length / frame);
  if (count === 0) return { speech: new Float32Array(0), hasSpeech: false, voicedMs: 0 };
  const levels = Array.from({ length: count }, (_, f) => frameDb(samples, f * frame, frame));
  // The 10th-percentile frame level estimates the room's noise floor.
  const sorted = [...levels].sort((a, b) => a - b);
  const floor = sorted[Math.floor(sorted.length * 0.1)] as number;
  const threshold = Math.max(VAD.absoluteFloorDb, floor + VAD.aboveNoiseDb);
  // A recording that is loud throughout (speech from the first frame, or a steady tone) has floor ≈ level:
  // then anything above the absolute floor counts.
  const steady = (sorted[sorted.length - 1] as number) - floor < VAD.aboveNoiseDb;
  const voiced = levels.map((db) => (steady ? db > VAD.absoluteFloorDb : db > threshold));
  const first = voiced.indexOf(true);
  const last = voiced.lastIndexOf(true);
  const voicedMs = voiced.filter(Boolean).length * VAD.frameMs;
  if (first < 0 || voicedMs < VAD.minSpeechMs) return { speech: new Float32Array(0), hasSpeech: false, voicedMs };
  const start = Math.max(0, first * frame - Math.round((sampleRate * VAD.padBeforeMs) / 1000));
  const end = Math.min(samples.length, (last + 1) * frame + Math.round((sampleRate * VAD.padAfterMs) / 1000));
  return { speech: samples.subarray(start, end), hasSpeech: true, voicedMs };
}
