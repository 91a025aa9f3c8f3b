import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SightlineError } from '../../common/errors';
import type { EngineProcess, ExitInfo } from '../processes';

/**
 * "Can this engine speak here?" asked once per environment: an engine whose binary exists may still have no voice
 * (festival without festvox packages) or no synthesizer, and then it exits 0 having said nothing.
 */
export function probeCache(run: (env: NodeJS.ProcessEnv) => Promise<boolean>): (env?: NodeJS.ProcessEnv) => Promise<boolean> {
  const cached = timedCache(Infinity, (env) => run(env ?? process.env).catch(() => false));
  return (env = process.env) => cached(env);
}

/** How long an engine's voice list is trusted: it changes only when voices are installed. */
export const VOICE_LIST_TTL_MS = 60_000;

/**
 * Throws unless `file` is a WAV holding samples (with `audible`, at least one that is not silence): the proof that
 * an engine really spoke, since festival without a voice and others exit 0 having written nothing.
 */
export async function assertAudioWritten(engine: string, file: string, options: { audible?: boolean; hint?: string } = {}): Promise<void> {
  const hint = options.hint ?? '';
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch {
    throw new SightlineError('speech', `${engine} wrote no audio file${hint}`);
  }
  const samples = pcm16Samples(bytes);
  const ok = samples !== null && samples.length > 0 && (!options.audible || samples.some((s) => Math.abs(s) > 32));
  if (!ok) throw new SightlineError('speech', `${engine} produced no audio${hint}`);
}

/**
 * The 16-bit samples of a WAV's data chunk (what espeak-ng and festival write), or null when the file is not such
 * a WAV. Only the header is parsed: speech output may be far longer than any audio Sightline reads as input.
 */
function pcm16Samples(bytes: Buffer): Int16Array | null {
  if (bytes.length < 12 || bytes.toString('latin1', 0, 4) !== 'RIFF' || bytes.toString('latin1', 8, 12) !== 'WAVE') return null;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('latin1', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    if (id === 'data') {
      // Streamed WAVs leave the size as 0 or 0xFFFFFFFF: then the data runs to the end of the file.
      const end = size === 0 || size === 0xffffffff ? bytes.length : Math.min(bytes.length, offset + 8 + size);
      const data = bytes.subarray(offset + 8, end - ((end - offset - 8) % 2));
      return new Int16Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.length));
    }
    offset += 8 + size + (size % 2);
  }
  return null;
}

/**
 * Remembers an engine query (a voice list) per environment for `ttlMs`: speech-dispatcher takes about a second to
 * list its 13,000 voices, and settings check a voice against that list on every change.
 */
export function timedCache<T>(ttlMs: number, run: (env: NodeJS.ProcessEnv | undefined) => Promise<T>): (env?: NodeJS.ProcessEnv) => Promise<T> {
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  return (env) => {
    const key = env ? envKey(env) : '';
    const hit = entries.get(key);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value;
    const value = run(env);
    entries.set(key, { at: Date.now(), value });
    // A failed query is not remembered.
    value.catch(() => entries.delete(key));
    return value;
  };
}

/** What decides an engine's answers: where binaries are found and the per-user configuration engines read. */
function envKey(env: NodeJS.ProcessEnv): string {
  return `${env.PATH ?? ''}|${env.HOME ?? ''}|${env.XDG_RUNTIME_DIR ?? ''}|${env.SPEECHD_ADDRESS ?? ''}`;
}

/** How long writing `chars` characters of speech to a file may take: generous, since a slow machine is no fault. */
export function synthesisDeadlineMs(chars: number): number {
  return 15_000 + 5 * chars;
}

/**
 * Waits for an engine writing a file, stopping it past its deadline (festival spelling out a 19,000-letter "word"
 * would run for minutes): a timeout error naming the engine, never a hang.
 */
export async function finishWithin(engine: string, proc: EngineProcess, deadlineMs: number): Promise<ExitInfo> {
  const timer = setTimeout(() => void proc.stop(), deadlineMs);
  const exit = await proc.exited.finally(() => clearTimeout(timer));
  if (exit.stopped) throw new SightlineError('timeout', `${engine} did not finish writing speech within ${Math.round(deadlineMs / 1000)} s`);
  return exit;
}

/** A private temporary WAV path for probes; the caller removes the folder. */
export async function probeFile(): Promise<{ file: string; cleanup: () => Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sightline-probe-'));
  return { file: path.join(dir, 'probe.wav'), cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}
