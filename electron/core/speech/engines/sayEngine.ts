import { promises as fs } from 'node:fs';
import { encodeWav16 } from '../../audio/wav';
import { SightlineError } from '../../common/errors';
import { spawnEngine, type EngineProcess } from '../processes';
import { checkVoiceName, DEFAULT_RATE_WPM, schemeStringLiteral, transliterateToAscii } from '../textSafety';
import { findExecutable, type SpeechEngine, type VoiceSettings } from './engine';
import { assertAudioWritten, finishWithin, probeCache, synthesisDeadlineMs, timedCache, VOICE_LIST_TTL_MS } from './probe';
import { runToCompletion } from './run';

/**
 * The `say` npm package's engines (festival on Linux, `say` on macOS, SAPI through PowerShell on Windows), with
 * its hazards neutralised. The package builds each command line; Sightline never lets it see raw text:
 *  - Linux: the package embeds text in festival's `(SayText "…")` verbatim, so quotes and backslashes would end the
 *    string and run Scheme (festival has `(system …)`). Text is transliterated to ASCII (the package writes stdin as
 *    ASCII) and escaped as a Scheme string literal first; voices are checked against a strict pattern.
 *    The package's rate option builds a shell `Audio_Command`; Sightline sets festival's Duration_Stretch instead.
 *  - Every platform: the package's own spawn/stop is not used. Its Linux `stop()` kills pid + 2, which can be any
 *    process; Sightline spawns the command itself in its own process group and stops exactly that group.
 */
interface SayPlatform {
  buildSpeakCommand(options: { text: string; voice: string | null; speed: number | null }): {
    command: string;
    args: string[];
    pipedData: string;
  };
}
type SayPlatformClass = new () => SayPlatform;

/** Platform → the package's class for it. Loaded lazily: the package is only needed when this engine speaks. */
const PLATFORM_MODULES: Readonly<Partial<Record<NodeJS.Platform, string>>> = Object.freeze({
  linux: 'say/platform/linux.js',
  darwin: 'say/platform/darwin.js',
  win32: 'say/platform/win32.js',
});

const PLATFORM_COMMANDS: Readonly<Partial<Record<NodeJS.Platform, string>>> = Object.freeze({
  linux: 'festival',
  darwin: 'say',
  win32: 'powershell',
});

function platformBuilder(platform: NodeJS.Platform = process.platform): SayPlatform {
  const module = PLATFORM_MODULES[platform];
  if (!module) throw new SightlineError('usage', `the say engine does not support ${platform}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Platform = require(module) as SayPlatformClass;
  return new Platform();
}

/** Said instead of text festival cannot pronounce at all (a line of CJK or emoji), so the user knows something was there. */
const UNSPEAKABLE = 'text in a script this voice cannot read';

/**
 * What festival is given for `text`: ASCII in which every clause has a letter or digit. Festival crashes (SIGSEGV)
 * on a clause without a single word (`"`, `...`, `); b`), so word-less clauses are dropped; text with nothing
 * speakable left gives a short notice if it held letters or symbols festival cannot read, else null (nothing to say).
 */
export function festivalText(text: string): string | null {
  const clauses = transliterateToAscii(text).match(/[^.;:!?]*[.;:!?]*/g) ?? [];
  const spoken = clauses.filter((clause) => /[A-Za-z0-9]/.test(clause)).join(' ').replace(/\s+/g, ' ').trim();
  if (spoken) return spoken;
  return /[\p{L}\p{N}\p{So}]/u.test(text) ? UNSPEAKABLE : null;
}

const FESTIVAL_VOICE = /^(voice_)?[a-z0-9_]{1,48}$/;
/** A BCP 47 primary subtag, the only form of language handed to SAPI or matched against macOS voices. */
const LANGUAGE_CODE = /^[a-z]{2,3}$/;
const DARWIN_VOICE = /^[A-Za-z0-9 ()._-]{1,64}$/;
const WIN32_VOICE = /^[A-Za-z0-9 ]{1,64}$/;
/** Each platform's voice rule: festival's voice functions, macOS `say -v` names, SAPI names quoted into a script. */
const VOICE_RULES: Readonly<Partial<Record<NodeJS.Platform, RegExp>>> = Object.freeze({ linux: FESTIVAL_VOICE, darwin: DARWIN_VOICE, win32: WIN32_VOICE });
const NO_VOICE_HINT = ': festival has no voice installed (install festvox-kallpc16k)';

function festivalVoice(voice: string): string | null {
  if (!voice) return null;
  const checked = checkVoiceName(voice, FESTIVAL_VOICE);
  return checked.startsWith('voice_') ? checked : `voice_${checked}`;
}

/** festival speaks about DEFAULT_RATE_WPM at stretch 1; a longer stretch is slower speech. */
function durationStretch(rate: number): string {
  return (DEFAULT_RATE_WPM / rate).toFixed(3);
}

/** Festival's commands for one utterance: rate, then the package's voice and SayText with a safe literal. */
export function festivalPipeScript(text: string, settings: Pick<VoiceSettings, 'voice' | 'rate'>): string {
  const ascii = festivalText(text);
  if (ascii === null) return '\n';
  const literal = schemeStringLiteral(ascii);
  // The package wraps its text argument in quotes itself; hand it the literal's inside.
  const built = platformBuilder('linux').buildSpeakCommand({ text: literal.slice(1, -1), voice: festivalVoice(settings.voice), speed: null });
  return `(Parameter.set 'Duration_Stretch ${durationStretch(settings.rate)}) ${built.pipedData}\n`;
}

function speakLinux(text: string, settings: VoiceSettings): EngineProcess {
  return spawnEngine('festival', ['--pipe'], { stdin: festivalPipeScript(text, settings), env: settings.env });
}

function speakDarwin(text: string, settings: VoiceSettings): EngineProcess {
  // Text goes as one argument; a leading space keeps text such as "-o file" from being read as an option.
  const built = platformBuilder().buildSpeakCommand({ text: ` ${text}`, voice: settings.voice ? checkVoiceName(settings.voice, DARWIN_VOICE) : null, speed: null });
  return spawnEngine(built.command, [...built.args, '-r', String(settings.rate)], { env: settings.env });
}

function speakWin32(text: string, settings: VoiceSettings): EngineProcess {
  // The package's PowerShell command reads the text from stdin (never from the command line); the voice name is
  // quoted into the script, so it is restricted to letters, digits and spaces. Run without its `shell: true`.
  const voice = settings.voice ? checkVoiceName(settings.voice, WIN32_VOICE) : null;
  // SAPI voices speak their own language's text: it is not folded to ASCII when a language's voice is asked for.
  const built = platformBuilder().buildSpeakCommand({ text: settings.lang ? text : festivalText(text) ?? ' ', voice, speed: null });
  const sapiRate = Math.max(-10, Math.min(10, Math.round((settings.rate - DEFAULT_RATE_WPM) / 20)));
  // Without a named voice, SAPI is asked for its best voice of the text's culture (a checked two- or three-letter code).
  const culture = !voice && settings.lang ? `$speak.SelectVoiceByHints([System.Speech.Synthesis.VoiceGender]::NotSet, [System.Speech.Synthesis.VoiceAge]::NotSet, 0, [System.Globalization.CultureInfo]::GetCultureInfo('${checkVoiceName(settings.lang, LANGUAGE_CODE)}'));` : '';
  const script = (built.args[0] ?? '').replace('$speak.Speak(', `$speak.Rate = ${sapiRate};${culture}$speak.Speak(`);
  return spawnEngine('powershell', ['-NoProfile', '-NonInteractive', '-Command', script], { stdin: built.pipedData, env: settings.env });
}

const SPEAKERS: Readonly<Partial<Record<NodeJS.Platform, (text: string, settings: VoiceSettings) => EngineProcess>>> = Object.freeze({
  linux: speakLinux,
  darwin: speakDarwin,
  win32: speakWin32,
});

const festivalVoices = timedCache(VOICE_LIST_TTL_MS, async (env) => {
  const { stdout } = await runToCompletion('festival', ['--pipe'], { env, stdin: '(print (voice.list))\n' });
  // "(kal_diphone …)", or "nil" when no voice package is installed.
  const match = stdout.match(/\(([^()]*)\)/);
  return match ? (match[1] as string).trim().split(/\s+/).filter(Boolean) : [];
});

/** `say -v ?` rows: "Anna                de_DE    # Hallo, ich heiße Anna." (a name may hold spaces). */
const darwinVoices = timedCache(VOICE_LIST_TTL_MS, async (env) => {
  const { stdout } = await runToCompletion('say', ['-v', '?'], { env });
  return stdout.split('\n').map((line) => /^(.+?)\s+([a-z]{2,3})[_-][A-Za-z0-9_]+\s+#/.exec(line)).filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[1]!.trim(), language: m[2]! }));
});

/**
 * The voice for a language: macOS's first installed voice of that language; on Windows SAPI is told the culture and
 * picks its own; festival (Linux) has English voices only.
 */
async function sayLanguageVoice(lang: string, settings?: Pick<VoiceSettings, 'env'>): Promise<Pick<VoiceSettings, 'voice' | 'lang'> | null> {
  if (!LANGUAGE_CODE.test(lang)) return null;
  if (process.platform === 'win32') return { voice: '', lang };
  if (process.platform !== 'darwin') return null;
  const voice = (await darwinVoices(settings?.env).catch(() => [])).find((v) => v.language === lang && DARWIN_VOICE.test(v.name));
  return voice ? { voice: voice.name } : null;
}

/** On Linux the engine is festival, which is silent without a voice package; elsewhere the system's own voice. */
const canSpeak = probeCache(async (env) => {
  const command = PLATFORM_COMMANDS[process.platform];
  if (command === undefined || findExecutable(command, env) === undefined) return false;
  if (process.platform !== 'linux') return true;
  return findExecutable('text2wave', env) !== undefined && (await festivalVoices(env)).length > 0;
});

export const sayEngine: SpeechEngine = Object.freeze({
  name: 'say' as const,
  available: (settings?: Pick<VoiceSettings, 'env'>) => canSpeak(settings?.env),
  checkVoice(voice: string) {
    const rule = VOICE_RULES[process.platform];
    if (!rule) throw new SightlineError('usage', `the say engine does not support ${process.platform}`);
    return checkVoiceName(voice, rule);
  },
  async voices(settings?: Pick<VoiceSettings, 'env'>) {
    return process.platform === 'linux' ? [...(await festivalVoices(settings?.env))] : [];
  },
  async knowsVoice(voice: string, settings?: Pick<VoiceSettings, 'env'>) {
    if (process.platform !== 'linux') return null;
    const listed = await festivalVoices(settings?.env).catch(() => null);
    return listed === null ? null : listed.includes(voice.replace(/^voice_/, ''));
  },
  languageVoice: sayLanguageVoice,
  async voiceLanguage(voice: string, settings?: Pick<VoiceSettings, 'env'>) {
    if (process.platform !== 'darwin') return null;
    return (await darwinVoices(settings?.env).catch(() => [])).find((v) => v.name === voice)?.language ?? null;
  },
  speak(text: string, settings: VoiceSettings) {
    const speak = SPEAKERS[process.platform];
    if (!speak) throw new SightlineError('usage', `the say engine does not support ${process.platform}`);
    return speak(text, settings);
  },
  async synthesize(text: string, settings: VoiceSettings, outFile: string) {
    if (process.platform !== 'linux') throw new SightlineError('usage', `the say engine cannot write WAV files on ${process.platform}; use --engine espeak-ng`);
    // text2wave reads plain text (never Scheme) from stdin; the -eval expressions are built from checked values only.
    const args = ['-o', outFile, '-eval', `(Parameter.set 'Duration_Stretch ${durationStretch(settings.rate)})`];
    const voice = festivalVoice(settings.voice);
    if (voice) args.push('-eval', `(${voice})`);
    const ascii = festivalText(text);
    if (ascii === null) {
      await fs.writeFile(outFile, encodeWav16(new Float32Array(1600), 16000));
      return;
    }
    const proc = spawnEngine('text2wave', args, { stdin: `${ascii}\n`, env: settings.env });
    const exit = await finishWithin('festival', proc, settings.deadlineMs ?? synthesisDeadlineMs(ascii.length));
    if (exit.code !== 0) throw new SightlineError('io', `festival could not write ${outFile}: ${exit.stderr.split('\n')[0] || `exit ${exit.code}`}`);
    // Without a voice text2wave exits 0 and leaves an empty file.
    await assertAudioWritten('festival', outFile, { hint: NO_VOICE_HINT });
  },
});
