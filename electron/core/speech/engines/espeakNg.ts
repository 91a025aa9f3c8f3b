import { SightlineError } from '../../common/errors';
import { spawnEngine } from '../processes';
import { checkVoiceName } from '../textSafety';
import { findExecutable, type SpeechEngine, type VoiceSettings } from './engine';
import { runToCompletion } from './run';

const COMMAND = 'espeak-ng';

/**
 * espeak-ng reads the text on stdin as UTF-8 (so every script it has a voice for is spoken, and text can never
 * be taken for an option); markup interpretation (-m) is never enabled.
 */
function baseArgs(settings: VoiceSettings): string[] {
  const args = ['-s', String(settings.rate)];
  if (settings.voice) args.push('-v', checkVoiceName(settings.voice));
  return args;
}

export const espeakNgEngine: SpeechEngine = Object.freeze({
  name: 'espeak-ng' as const,
  async available() {
    return findExecutable(COMMAND) !== undefined;
  },
  async voices(settings?: Pick<VoiceSettings, 'env'>) {
    const { stdout } = await runToCompletion(COMMAND, ['--voices'], { env: settings?.env });
    // "Pty Language Age/Gender VoiceName File Other Languages": the File column is what -v accepts.
    return stdout.split('\n').slice(1).map((line) => line.trim().split(/\s+/)[4] ?? '').filter(Boolean);
  },
  speak(text: string, settings: VoiceSettings) {
    return spawnEngine(COMMAND, [...baseArgs(settings), '--stdin'], { stdin: text, env: settings.env });
  },
  async synthesize(text: string, settings: VoiceSettings, outFile: string) {
    const proc = spawnEngine(COMMAND, [...baseArgs(settings), '-w', outFile, '--stdin'], { stdin: text, env: settings.env });
    const exit = await proc.exited;
    if (exit.code !== 0) throw new SightlineError('io', `espeak-ng could not write ${outFile}: ${exit.stderr || `exit ${exit.code}`}`);
  },
  streamAudio(text: string, settings: VoiceSettings) {
    return spawnEngine(COMMAND, [...baseArgs(settings), '--stdout', '--stdin'], { stdin: text, env: settings.env, stdout: 'pipe' });
  },
});
