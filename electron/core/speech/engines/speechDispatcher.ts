import { spawnEngine } from '../processes';
import { checkVoiceName, DEFAULT_RATE_WPM } from '../textSafety';
import { findExecutable, type SpeechEngine, type VoiceSettings } from './engine';
import { probeCache, timedCache, VOICE_LIST_TTL_MS } from './probe';
import { runToCompletion } from './run';

const COMMAND = 'spd-say';
/** Connection name, so the user's speech-dispatcher logs and per-application settings can tell Sightline apart. */
const APP_NAME = 'sightline';
const PROBE_TIMEOUT_MS = 3000;
/**
 * Synthesis voice names as `spd-say -L` lists them: any script ("Māori", "Tiếng Việt"), spaces, "+variant". Passed
 * as one argument, never through a shell, so letters of every script are safe; option-like names are not.
 */
const VOICE = /^[\p{L}\p{N}][\p{L}\p{M}\p{N} _+.()'-]{0,99}$/u;

/** A language code as `spd-say -l` takes it ("de", "pt-br"). */
const LANGUAGE = /^[a-z]{2,3}(-[a-z0-9]{2,8})?$/;

/** spd-say's rate is -100..100 around the user's own default; 180 wpm (Sightline's default) maps to 0. */
function spdRate(rate: number): string {
  return String(Math.max(-100, Math.min(100, Math.round(((rate - DEFAULT_RATE_WPM) / DEFAULT_RATE_WPM) * 100))));
}

function args(settings: VoiceSettings): string[] {
  const out = ['--wait', '-N', APP_NAME, '-r', spdRate(settings.rate)];
  if (settings.voice) out.push('-y', checkVoiceName(settings.voice, VOICE));
  // speech-dispatcher picks the user's configured voice for a language itself (as Orca relies on).
  else if (settings.lang) out.push('-l', checkVoiceName(settings.lang, LANGUAGE));
  return out;
}

/**
 * speech-dispatcher is usable when its daemon starts and finishes a (silent) message in time. Where it has no
 * audio output (a headless machine) `spd-say --wait` never returns, so the probe's time limit says "unavailable".
 */
const probe = probeCache(async (env) => {
  if (findExecutable(COMMAND, env) === undefined) return false;
  const r = await runToCompletion(COMMAND, ['--wait', '-N', `${APP_NAME}-probe`, '-i', '-100', '--', ' '], { env, timeoutMs: PROBE_TIMEOUT_MS });
  return r.code === 0;
});

/** Listing 13,000 voices takes about a second, several on a busy machine; unlike the probe, it may take its time. */
const LIST_TIMEOUT_MS = 10_000;

const voiceRows = timedCache(VOICE_LIST_TTL_MS, async (env) => {
  const { stdout } = await runToCompletion(COMMAND, ['-N', APP_NAME, '-L'], { env, timeoutMs: LIST_TIMEOUT_MS });
  // "NAME LANGUAGE VARIANT", right-aligned: a name may hold spaces, the last two columns never do.
  return stdout.split('\n').slice(1).map((line) => line.trim().split(/\s+/)).filter((cols) => cols.length >= 3)
    .map((cols) => ({ name: cols.slice(0, -2).join(' '), language: cols[cols.length - 2]!.toLowerCase() }));
});

async function listVoices(settings?: Pick<VoiceSettings, 'env'>): Promise<string[]> {
  return (await voiceRows(settings?.env)).map((row) => row.name);
}

/**
 * speech-dispatcher through `spd-say`, so the user's own voice settings (as Orca uses them) apply. The text is one
 * argument after `--`: it cannot be read as an option, and speech-dispatcher only ever speaks it (SSML stays off).
 * `--wait` keeps the process alive while speaking, so stopping it ends this message and nobody else's.
 */
export const speechDispatcherEngine: SpeechEngine = Object.freeze({
  name: 'speech-dispatcher' as const,
  available: (settings?: Pick<VoiceSettings, 'env'>) => probe(settings?.env),
  checkVoice: (voice: string) => checkVoiceName(voice, VOICE),
  voices: listVoices,
  async knowsVoice(voice: string, settings?: Pick<VoiceSettings, 'env'>) {
    const listed = await listVoices(settings).catch((): string[] => []);
    return listed.length === 0 ? null : listed.includes(voice);
  },
  async languageVoice(lang: string, settings?: Pick<VoiceSettings, 'env'>) {
    // Only languages the synthesizer lists: otherwise `-l` falls back silently and the user hears the wrong voice.
    const rows = await voiceRows(settings?.env).catch(() => []);
    return rows.some((row) => row.language.split('-')[0] === lang) ? { voice: '', lang } : null;
  },
  async voiceLanguage(voice: string, settings?: Pick<VoiceSettings, 'env'>) {
    const row = (await voiceRows(settings?.env).catch(() => [])).find((r) => r.name === voice);
    return row ? row.language.split('-')[0]! : null;
  },
  speak(text: string, settings: VoiceSettings) {
    return spawnEngine(COMMAND, [...args(settings), '--', text], { env: settings.env });
  },
});

/** Exposed for tests: whether a speech-dispatcher can speak in this environment. */
export const speechDispatcherUsable = probe;
