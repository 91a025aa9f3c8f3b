import { SightlineError } from '../../common/errors';
import { spawnEngine } from '../processes';
import { checkVoiceName } from '../textSafety';
import { findExecutable, type SpeechEngine, type VoiceSettings } from './engine';
import { assertAudioWritten, finishWithin, probeCache, probeFile, synthesisDeadlineMs, timedCache, VOICE_LIST_TTL_MS } from './probe';
import { runToCompletion } from './run';

const COMMAND = 'espeak-ng';
/** What `-v` accepts: a voice file name such as "en-us", "gmw/en-US" or "en+f3". */
const VOICE = /^[A-Za-z0-9][A-Za-z0-9_+.\/-]{0,63}$/;

/**
 * espeak-ng reads the text on stdin as UTF-8 (so every script it has a voice for is spoken, and text can never
 * be taken for an option); markup interpretation (-m) is never enabled.
 */
function baseArgs(settings: VoiceSettings): string[] {
  const args = ['-s', String(settings.rate)];
  if (settings.voice) args.push('-v', checkVoiceName(settings.voice, VOICE));
  return args;
}

async function synthesize(text: string, settings: VoiceSettings, outFile: string): Promise<void> {
  const proc = spawnEngine(COMMAND, [...baseArgs(settings), '-w', outFile, '--stdin'], { stdin: text, env: settings.env });
  const exit = await finishWithin('espeak-ng', proc, settings.deadlineMs ?? synthesisDeadlineMs(text.length));
  if (exit.code !== 0) throw new SightlineError('io', `espeak-ng could not write ${outFile}: ${exit.stderr.split('\n')[0] || `exit ${exit.code}`}`);
  await assertAudioWritten('espeak-ng', outFile);
}

/** espeak-ng can speak when it writes an audible word to a file (its voice data may be missing). */
const canSpeak = probeCache(async (env) => {
  if (findExecutable(COMMAND, env) === undefined) return false;
  const probe = await probeFile();
  try {
    await synthesize('test', { voice: '', rate: 175, env }, probe.file);
    await assertAudioWritten('espeak-ng', probe.file, { audible: true });
    return true;
  } finally {
    await probe.cleanup();
  }
});

interface EspeakVoice {
  readonly priority: number;
  readonly language: string;
  readonly name: string;
  readonly file: string;
  /** Further languages with their priorities: "(zh-cmn 5)(zh 5)". */
  readonly others: ReadonlyArray<readonly [string, number]>;
}

/** `--voices` parsed with priorities and other languages (cached a minute: the list changes only on install). */
const voiceRows = timedCache(VOICE_LIST_TTL_MS, async (env) => {
  const { stdout } = await runToCompletion(COMMAND, ['--voices'], { env });
  return stdout.split('\n').slice(1).map((line) => line.trim().split(/\s+/)).filter((cols) => cols.length >= 5).map((cols): EspeakVoice => ({
    priority: Number(cols[0]),
    language: cols[1]!.toLowerCase(),
    name: cols[3]!,
    file: cols[4]!,
    others: [...cols.slice(5).join(' ').matchAll(/\(([A-Za-z0-9-]+) (\d+)\)/g)].map((m) => [m[1]!.toLowerCase(), Number(m[2])] as const),
  }));
});

const primary = (tag: string) => tag.split('-')[0]!;

/**
 * espeak-ng's voice for a language: a voice of exactly that language ("ru", not "ru-LV"), else one listing it among
 * its other languages ("fr-fr" lists "fr", "cmn" lists "zh"), else a regional form, the best priority within each.
 * MBROLA voices (mb/…) are left out: they need MBROLA's own voice data, which is rarely installed.
 */
export function espeakVoiceFor(rows: readonly EspeakVoice[], lang: string): string | null {
  let best: { file: string; rank: number } | null = null;
  for (const row of rows) {
    if (row.file.startsWith('mb/')) continue;
    const ranks = [
      ...(row.language === lang ? [row.priority] : []),
      ...row.others.filter(([l]) => l === lang).map(([, p]) => 100 + p),
      ...(primary(row.language) === lang ? [200 + row.priority] : []),
      ...row.others.filter(([l]) => primary(l) === lang).map(([, p]) => 300 + p),
    ];
    if (ranks.length === 0) continue;
    const rank = Math.min(...ranks);
    if (!best || rank < best.rank) best = { file: row.file, rank };
  }
  return best ? checkVoiceName(best.file, VOICE) : null;
}

export const espeakNgEngine: SpeechEngine = Object.freeze({
  name: 'espeak-ng' as const,
  available: (settings?: Pick<VoiceSettings, 'env'>) => canSpeak(settings?.env),
  checkVoice: (voice: string) => checkVoiceName(voice, VOICE),
  async voices(settings?: Pick<VoiceSettings, 'env'>) {
    return (await voiceRows(settings?.env)).map((row) => row.file);
  },
  async knowsVoice(voice: string, settings?: Pick<VoiceSettings, 'env'>) {
    // -v takes a language, a voice name or a file name, with an optional "+variant".
    const rows = await voiceRows(settings?.env).catch((): EspeakVoice[] => []);
    if (rows.length === 0) return null;
    const base = (voice.split('+')[0] ?? '').toLowerCase();
    return base === '' || rows.some((row) => [row.language, row.name.toLowerCase(), row.file.toLowerCase()].includes(base));
  },
  async languageVoice(lang: string, settings?: Pick<VoiceSettings, 'env'>) {
    const voice = espeakVoiceFor(await voiceRows(settings?.env), lang);
    return voice ? { voice } : null;
  },
  async voiceLanguage(voice: string, settings?: Pick<VoiceSettings, 'env'>) {
    const base = (voice.split('+')[0] ?? '').toLowerCase();
    const row = (await voiceRows(settings?.env)).find((r) => [r.file.toLowerCase(), r.name.toLowerCase(), r.language].includes(base) || r.file.toLowerCase().endsWith(`/${base}`));
    return row ? primary(row.language) : null;
  },
  speak(text: string, settings: VoiceSettings) {
    return spawnEngine(COMMAND, [...baseArgs(settings), '--stdin'], { stdin: text, env: settings.env });
  },
  synthesize,
  streamAudio(text: string, settings: VoiceSettings) {
    return spawnEngine(COMMAND, [...baseArgs(settings), '--stdout', '--stdin'], { stdin: text, env: settings.env, stdout: 'pipe' });
  },
});
