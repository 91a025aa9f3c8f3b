import { promises as fs } from 'node:fs';
import { SightlineError } from '../common/errors';
import { LIMITS } from '../common/limits';
import { printable } from '../common/printable';

/** Decoded audio: one Float32Array per channel, samples in [-1, 1]. */
export interface DecodedAudio {
  readonly channels: readonly Float32Array[];
  readonly sampleRate: number;
  /** Duration in milliseconds. */
  readonly durationMs: number;
}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;

/** Sample decoders by "format/bits": each reads sample `i` of an interleaved buffer into [-1, 1]. */
type SampleReader = (view: DataView, offset: number) => number;
const READERS: Readonly<Record<string, SampleReader>> = Object.freeze({
  'pcm/8': (v, o) => (v.getUint8(o) - 128) / 128,
  'pcm/16': (v, o) => v.getInt16(o, true) / 32768,
  'pcm/24': (v, o) => {
    const raw = v.getUint8(o) | (v.getUint8(o + 1) << 8) | (v.getInt8(o + 2) << 16);
    return raw / 8388608;
  },
  'pcm/32': (v, o) => v.getInt32(o, true) / 2147483648,
  'float/32': (v, o) => v.getFloat32(o, true),
  'float/64': (v, o) => v.getFloat64(o, true),
});

function bad(label: string, reason: string): SightlineError {
  return new SightlineError('bad-input', `${printable(label)}: ${reason}`);
}

interface Format {
  readonly kind: 'pcm' | 'float';
  readonly channels: number;
  readonly sampleRate: number;
  readonly bits: number;
  readonly blockAlign: number;
}

function parseFormat(view: DataView, offset: number, size: number, label: string): Format {
  if (size < 16) throw bad(label, 'WAV fmt chunk is too short');
  let tag = view.getUint16(offset, true);
  const channels = view.getUint16(offset + 2, true);
  const sampleRate = view.getUint32(offset + 4, true);
  const blockAlign = view.getUint16(offset + 12, true);
  const bits = view.getUint16(offset + 14, true);
  if (tag === FORMAT_EXTENSIBLE) {
    if (size < 26) throw bad(label, 'WAV extensible fmt chunk is too short');
    // The sub-format GUID starts with the plain format tag.
    tag = view.getUint16(offset + 24, true);
  }
  const kind = tag === FORMAT_PCM ? 'pcm' : tag === FORMAT_FLOAT ? 'float' : undefined;
  if (!kind) throw bad(label, `unsupported WAV encoding (format tag ${tag}); use PCM or float WAV`);
  if (channels < 1 || channels > 8) throw bad(label, `unsupported channel count ${channels}`);
  if (sampleRate < 4000 || sampleRate > 384_000) throw bad(label, `unsupported sample rate ${sampleRate} Hz`);
  if (!READERS[`${kind}/${bits}`]) throw bad(label, `unsupported WAV sample format (${kind} ${bits}-bit)`);
  if (blockAlign !== channels * (bits / 8)) throw bad(label, 'corrupt WAV header (block alignment)');
  return { kind, channels, sampleRate, bits, blockAlign };
}

/**
 * Decodes a RIFF/WAVE buffer: PCM 8/16/24/32-bit, float 32/64, any rate and channel count.
 * A data size larger than the file (streamed WAVs such as `espeak-ng --stdout` write a placeholder) is clamped.
 * Audio longer than LIMITS.maxAudioSeconds is refused before any sample is decoded.
 */
export function decodeWav(bytes: Uint8Array, label: string): DecodedAudio {
  if (bytes.byteLength === 0) throw bad(label, 'file is empty');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (o: number) => (o + 4 <= bytes.byteLength ? String.fromCharCode(...bytes.subarray(o, o + 4)) : '');
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw bad(label, 'not a WAV audio file');
  let format: Format | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.byteLength) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (body + size > bytes.byteLength) throw bad(label, 'truncated WAV header');
      format = parseFormat(view, body, size, label);
    } else if (id === 'data') {
      if (!format) throw bad(label, 'corrupt WAV (data before format)');
      const available = Math.min(size, bytes.byteLength - body);
      const frames = Math.floor(available / format.blockAlign);
      const seconds = frames / format.sampleRate;
      if (seconds > LIMITS.maxAudioSeconds) {
        throw bad(label, `audio is ${seconds.toFixed(1)} s long; the limit is ${LIMITS.maxAudioSeconds} s`);
      }
      return decodeFrames(view, body, frames, format);
    }
    offset = body + size + (size % 2);
  }
  throw bad(label, format ? 'WAV has no audio data' : 'truncated WAV header');
}

function decodeFrames(view: DataView, start: number, frames: number, format: Format): DecodedAudio {
  const read = READERS[`${format.kind}/${format.bits}`] as SampleReader;
  const width = format.bits / 8;
  const channels = Array.from({ length: format.channels }, () => new Float32Array(frames));
  for (let f = 0; f < frames; f++) {
    const base = start + f * format.blockAlign;
    for (let c = 0; c < format.channels; c++) {
      const value = read(view, base + c * width);
      // NaN or infinite floats would poison every later stage; treat them as silence.
      (channels[c] as Float32Array)[f] = Number.isFinite(value) ? Math.max(-1, Math.min(1, value)) : 0;
    }
  }
  return { channels, sampleRate: format.sampleRate, durationMs: Math.round((frames / format.sampleRate) * 1000) };
}

/** Reads and decodes a WAV file, refusing missing, empty, oversized or non-WAV files with one line naming the file. */
export async function readWavFile(file: string): Promise<DecodedAudio> {
  const label = file;
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw bad(label, code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? 'error'})`);
  }
  if (!stat.isFile()) throw bad(label, 'not a file');
  if (stat.size > LIMITS.maxAudioBytes) throw bad(label, `file is larger than ${LIMITS.maxAudioBytes / (1024 * 1024)} MB`);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    throw bad(label, `cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return decodeWav(bytes, label);
}

/** Encodes mono float samples as a 16-bit PCM WAV (used by tests, benches and `speak --out` post-processing). */
export function encodeWav16(samples: Float32Array, sampleRate: number): Buffer {
  const out = Buffer.alloc(44 + samples.length * 2);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + samples.length * 2, 4);
  out.write('WAVEfmt ', 8, 'ascii');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(FORMAT_PCM, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(samples.length * 2, 40);
  for (let i = 0; i < samples.length; i++) {
    out.writeInt16LE(Math.round(Math.max(-1, Math.min(1, samples[i] as number)) * 32767), 44 + i * 2);
  }
  return out;
}
