import { existsSync } from 'node:fs';
import { readFile, writeFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { tempDir } from '../helpers/tmp';

/**
 * A temporary HOME whose .festivalrc sends festival's audio to a raw file instead of a sound card (this machine has
 * none). `playSeconds` makes the audio command take that long, like a real sound card playing the utterance, so
 * interrupting has something to interrupt.
 */
export async function festivalHome(playSeconds = 0, inDir?: string): Promise<{ env: NodeJS.ProcessEnv; audioFile: string; dir: string }> {
  // A folder the caller owns (for suites that outlive a hook, where tempDir's cleanup would run too early).
  const dir = inDir ?? (await tempDir('sightline-festival-'));
  const audioFile = path.join(dir, 'audio.raw');
  const play = playSeconds > 0 ? `; sleep ${playSeconds}` : '';
  await writeFile(
    path.join(dir, '.festivalrc'),
    [
      "(Parameter.set 'Audio_Method 'Audio_Command)",
      "(Parameter.set 'Audio_Required_Format 'raw)",
      "(Parameter.set 'Audio_Required_Rate 16000)",
      `(Parameter.set 'Audio_Command "cat $FILE >> ${audioFile}${play}")`,
      '',
    ].join('\n'),
  );
  return { env: { ...process.env, HOME: dir }, audioFile, dir };
}

/** RMS of 16-bit little-endian PCM (festival's raw output), or of a WAV's samples after its 44-byte header. */
export function rms16(bytes: Buffer, headerBytes = 0): number {
  let sum = 0;
  const n = Math.floor((bytes.length - headerBytes) / 2);
  for (let i = 0; i < n; i++) sum += (bytes.readInt16LE(headerBytes + i * 2) / 32768) ** 2;
  return n > 0 ? Math.sqrt(sum / n) : 0;
}

export async function readIfExists(file: string): Promise<Buffer> {
  return existsSync(file) ? readFile(file) : Buffer.alloc(0);
}

/** Injection payloads: each would create `marker` if any engine, interpreter or shell ran it. */
export function injectionPayloads(marker: string): string[] {
  return [
    `") (system "touch ${marker}") ("`,
    `\\") (system "touch ${marker}") ("`,
    `\\\\") (system \\"touch ${marker}\\") ("`,
    `Hello ") (system "touch ${marker}")\n(SayText "`,
    `"); (system "touch ${marker}"); ("`,
    `$(touch ${marker})`,
    `\`touch ${marker}\``,
    `; touch ${marker}; echo "`,
    `-w ${marker}`,
    `--stdout > ${marker}`,
    `<speak><audio src="${marker}"/></speak>`,
  ];
}

export async function filesIn(dir: string): Promise<string[]> {
  return readdir(dir);
}

/**
 * A temporary HOME whose .festivalrc hides every installed voice: festival as it is on a machine where it was
 * installed without a voice package (text2wave then exits 0 and writes an empty file).
 */
export async function festivalWithoutVoice(): Promise<{ env: NodeJS.ProcessEnv; dir: string }> {
  const dir = await tempDir('sightline-novoice-');
  await writeFile(path.join(dir, '.festivalrc'), "(set! voice-locations nil)\n(set! voice_default 'voice_does_not_exist)\n");
  return { env: { ...process.env, HOME: dir }, dir };
}
