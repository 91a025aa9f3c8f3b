import { EXIT_CODES } from '../../common/errors';
import { InferenceHost } from '../../host/inferenceHost';
import '../../asr/types';
import { parseCommandArgs } from '../args';
import { forEachInput } from '../batch';
import type { CliIo } from '../io';
import { printable } from '../../common/printable';

const USAGE = 'sightline transcribe <audio.wav>… [--json]';

/** Transcribes spoken audio files with Whisper in the inference host. Silence is not an error: empty text, a note on stderr. */
export async function runTranscribe(args: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandArgs(args, { json: { type: 'boolean' } }, USAGE);
  } catch (err) {
    io.err(`sightline transcribe: ${(err as Error).message}\n`);
    return EXIT_CODES.usage;
  }
  const files = parsed.positionals;
  if (files.length === 0) {
    io.err(`sightline transcribe: no audio file given\nusage: ${USAGE}\n`);
    return EXIT_CODES.usage;
  }
  const host = new InferenceHost();
  const reports: Array<{ file: string; text: string; durationMs: number; noSpeech: boolean; timings: unknown }> = [];
  const { exitCode, finished } = await forEachInput('transcribe', io, host, files, async (file) => {
    const result = await host.run('transcribe', { audio: { kind: 'path', path: file } });
    reports.push({ file, text: result.text, durationMs: result.durationMs, noSpeech: result.noSpeech, timings: result.timings });
    if (result.noSpeech) io.err(`sightline transcribe: ${printable(file)}: no speech heard\n`);
    if (!parsed.values.json) io.out(`${result.text}\n`);
  });
  if (!finished) return exitCode;
  if (parsed.values.json && reports.length > 0) {
    const out = reports.length === 1 && files.length === 1 ? reports[0] : reports;
    io.out(`${JSON.stringify(out, null, 2)}\n`);
  }
  return exitCode;
}
