import { spawnEngine } from '../processes';
import { checkVoiceName, DEFAULT_RATE_WPM } from '../textSafety';
import { findExecutable, type SpeechEngine, type VoiceSettings } from './engine';
import { runToCompletion } from './run';

const COMMAND = 'spd-say';
/** Connection name, so the user's speech-dispatcher logs and per-application settings can tell Sightline apart. */
const APP_NAME = 'sightline';
const PROBE_TIMEOUT_MS = 3000;

/** spd-say's rate is -100..100 around the user's own default; 180 wpm (Sightline's default) maps to 0. */
function spdRate(rate: number): string {
  return String(Math.max(-100, Math.min(100, Math.round(((rate - DEFAULT_RATE_WPM) / DEFAULT_RATE_WPM) * 100))));
}

function args(settings: VoiceSettings): string[] {
  const out = ['--wait', '-N', APP_NAME, '-r', spdRate(settings.rate)];
  if (settings.voice) out.push('-y', checkVoiceName(settings.voice, /^[A-Za-z0-9][A-Za-z0-9 _+.()-]{0,63}$/));
  return out;
}

const probes = new Map<string, Promise<boolean>>();

/**
 * speech-dispatcher is usable when its daemon starts and finishes a (silent) message in time. Where it has no
 * audio output (a headless machine) `spd-say --wait` never returns, so the probe's time limit says "unavailable".
 */
function probe(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const key = `${env.XDG_RUNTIME_DIR ?? ''}|${env.HOME ?? ''}|${env.SPEECHD_ADDRESS ?? ''}`;
  let pending = probes.get(key);
  if (!pending) {
    pending = runToCompletion(COMMAND, ['--wait', '-N', `${APP_NAME}-probe`, '-i', '-100', '--', ' '], { env, timeoutMs: PROBE_TIMEOUT_MS })
      .then((r) => r.code === 0)
      .catch(() => false);
    probes.set(key, pending);
  }
  return pending;
}

/**
 * speech-dispatcher through `spd-say`, so the user's own voice settings (as Orca uses them) apply. The text is one
 * argument after `--`: it cannot be read as an option, and speech-dispatcher only ever speaks it (SSML stays off).
 * `--wait` keeps the process alive while speaking, so stopping it ends this message and nobody else's.
 */
export const speechDispatcherEngine: SpeechEngine = Object.freeze({
  name: 'speech-dispatcher' as const,
  async available() {
    return findExecutable(COMMAND) !== undefined && probe();
  },
  async voices(settings?: Pick<VoiceSettings, 'env'>) {
    const { stdout } = await runToCompletion(COMMAND, ['-N', APP_NAME, '-L'], { env: settings?.env, timeoutMs: PROBE_TIMEOUT_MS });
    return stdout.split('\n').slice(1).map((line) => line.trim().split(/\s+/)[0] ?? '').filter(Boolean);
  },
  speak(text: string, settings: VoiceSettings) {
    return spawnEngine(COMMAND, [...args(settings), '--', text], { env: settings.env });
  },
});

/** Exposed for tests: whether a speech-dispatcher can speak in this environment. */
export const speechDispatcherUsable = probe;
