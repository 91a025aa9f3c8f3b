/** Whisper, the VAD and the renderer's recorder all work at this rate. */
export const TARGET_SAMPLE_RATE = 16_000;

/** Averages channels into one (stereo microphones, multi-channel files). */
export function downmix(channels: readonly Float32Array[]): Float32Array {
  const first = channels[0];
  if (!first) return new Float32Array(0);
  if (channels.length === 1) return first;
  const out = new Float32Array(first.length);
  for (const channel of channels) for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + (channel[i] as number);
  const scale = 1 / channels.length;
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) * scale;
  return out;
}

const KERNEL_ZEROS = 8;

/**
 * Band-limited resampling with a Hann-windowed sinc. When downsampling the cut-off moves to the new Nyquist
 * frequency, so 44.1/48 kHz recordings do not alias into the speech band Whisper listens to.
 */
export function resample(input: Float32Array, fromRate: number, toRate: number = TARGET_SAMPLE_RATE): Float32Array {
  if (fromRate === toRate || input.length === 0) return input;
  const ratio = toRate / fromRate;
  const outLength = Math.max(1, Math.round(input.length * ratio));
  const out = new Float32Array(outLength);
  const cutoff = Math.min(1, ratio);
  const halfWidth = KERNEL_ZEROS / cutoff;
  for (let i = 0; i < outLength; i++) {
    const center = i / ratio;
    const lo = Math.max(0, Math.ceil(center - halfWidth));
    const hi = Math.min(input.length - 1, Math.floor(center + halfWidth));
    let sum = 0;
    let weight = 0;
    for (let j = lo; j <= hi; j++) {
      const x = (j - center) * cutoff;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const window = 0.5 + 0.5 * Math.cos((Math.PI * (j - center)) / halfWidth);
      const w = sinc * window;
      sum += (input[j] as number) * w;
      weight += w;
    }
    out[i] = weight !== 0 ? sum / weight : 0;
  }
  return out;
}
