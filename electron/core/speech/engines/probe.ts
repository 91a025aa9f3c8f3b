import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeWav } from '../../audio/wav';
import { SightlineError } from '../../common/errors';

/**
 * "Can this engine speak here?" asked once per environment: an engine whose binary exists may still have no voice
 * (festival without festvox packages) or no synthesizer, and then it exits 0 having said nothing.
 */
export function probeCache(run: (env: NodeJS.ProcessEnv) => Promise<boolean>): (env?: NodeJS.ProcessEnv) => Promise<boolean> {
  const results = new Map<string, Promise<boolean>>();
  return (env = process.env) => {
    // What decides the answer: where binaries are found and the per-user configuration engines read.
    const key = `${env.PATH ?? ''}|${env.HOME ?? ''}|${env.XDG_RUNTIME_DIR ?? ''}|${env.SPEECHD_ADDRESS ?? ''}`;
    let pending = results.get(key);
    if (!pending) {
      pending = run(env).catch(() => false);
      results.set(key, pending);
    }
    return pending;
  };
}

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
  let ok = false;
  try {
    const audio = decodeWav(bytes, file);
    ok = options.audible ? audio.channels.some((channel) => channel.some((sample) => Math.abs(sample) > 1e-3)) : audio.durationMs > 0;
  } catch {
    // An empty or headerless file: the engine failed without saying so.
  }
  if (!ok) throw new SightlineError('speech', `${engine} produced no audio${hint}`);
}

/** A private temporary WAV path for probes; the caller removes the folder. */
export async function probeFile(): Promise<{ file: string; cleanup: () => Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sightline-probe-'));
  return { file: path.join(dir, 'probe.wav'), cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}
