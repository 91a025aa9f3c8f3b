import { constants as fsConstants, promises as fs } from 'node:fs';
import path from 'node:path';
import { EXIT_CODES, SightlineError, toSightlineError } from '../../common/errors';
import { ENGINES, availableEngines, isEngineName } from '../../speech/engines';
import { createSpeechService } from '../../speech/speechService';
import { checkRate, DEFAULT_RATE_WPM, normalizeForSpeech } from '../../speech/textSafety';
import type { SpeechEngineName } from '../../speech/types';
import { parseCommandArgs } from '../args';
import type { CliIo } from '../io';
import { printable } from '../../common/printable';
import { READING_LANGUAGE_CODES, readingLanguageOf } from '../../../common/languages';
import { voiceSettingsFor } from '../../speech/languageVoice';

const USAGE = 'sightline speak <text>|- [--engine say|speech-dispatcher|espeak-ng] [--voice name] [--lang de] [--rate wpm] [--out file.wav]';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Picks the engine for --out: the one asked for, else the first available one that can write files. */
async function fileEngine(requested: SpeechEngineName | undefined): Promise<SpeechEngineName> {
  if (requested) {
    if (!ENGINES[requested].synthesize) throw new SightlineError('usage', `${requested} cannot write audio files; use --engine espeak-ng or say`);
    return requested;
  }
  const usable = (await Promise.all((['espeak-ng', 'say'] as const).map(async (n) => ((await ENGINES[n].available()) ? n : undefined)))).filter(
    (n): n is 'espeak-ng' | 'say' => n !== undefined,
  );
  if (!usable[0]) throw new SightlineError('speech', 'no speech engine here can write WAV files (install espeak-ng, or festival with a voice)');
  return usable[0];
}

/** Writes the WAV next to its destination, then renames: a failed or interrupted run never leaves a half file. */
async function writeWav(engine: SpeechEngineName, text: string, voice: string, rate: number, out: string, lang?: string): Promise<void> {
  const dir = path.dirname(path.resolve(out));
  const temp = path.join(dir, `.${path.basename(out)}.${process.pid}.tmp.wav`);
  try {
    await fs.access(dir, fsConstants.W_OK);
  } catch (err) {
    throw new SightlineError('io', `cannot write ${out}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'its folder does not exist' : 'its folder is not writable'}`);
  }
  try {
    const settings = await voiceSettingsFor(ENGINES[engine], { voice, rate }, lang);
    await (ENGINES[engine].synthesize as NonNullable<(typeof ENGINES)[SpeechEngineName]['synthesize']>)(text, settings, temp);
    await fs.rename(temp, out);
  } catch (err) {
    await fs.rm(temp, { force: true });
    const e = toSightlineError(err);
    throw new SightlineError(e.kind === 'internal' ? 'io' : e.kind, `cannot write ${out}: ${e.message}`);
  }
}

/** Speaks text (or writes it to a WAV) with the chosen engine. */
export async function runSpeak(args: readonly string[], io: CliIo): Promise<number> {
  try {
    const parsed = parseCommandArgs(
      args,
      { engine: { type: 'string' }, voice: { type: 'string' }, rate: { type: 'string' }, out: { type: 'string' }, lang: { type: 'string' } },
      USAGE,
    );
    const { engine, voice = '', rate: rateText, out, lang: langTag } = parsed.values;
    const lang = langTag === undefined ? undefined : readingLanguageOf(langTag)?.code;
    if (langTag !== undefined && !lang) throw new SightlineError('usage', `--lang: "${printable(langTag.slice(0, 40))}" is not a supported language (supported: ${READING_LANGUAGE_CODES.join(', ')})\nusage: ${USAGE}`);
    if (engine !== undefined && !isEngineName(engine)) throw new SightlineError('usage', `unknown engine "${printable(engine)}"\nusage: ${USAGE}`);
    const rate = checkRate(rateText === undefined ? DEFAULT_RATE_WPM : Number(rateText));
    const raw = parsed.positionals.length === 1 && parsed.positionals[0] === '-' ? await readStdin() : parsed.positionals.join(' ');
    const text = normalizeForSpeech(raw);
    if (!text) throw new SightlineError('usage', `no text given\nusage: ${USAGE}`);

    if (out) {
      const chosen = await fileEngine(engine);
      if (voice) ENGINES[chosen].checkVoice(voice);
      await writeWav(chosen, text, voice, rate, out, lang);
      return 0;
    }
    const chosen = engine ?? (await availableEngines())[0];
    if (!chosen) throw new SightlineError('speech', 'no speech engine can speak here; install espeak-ng, speech-dispatcher, or festival with a voice');
    if (voice) ENGINES[chosen].checkVoice(voice);
    if (!(await ENGINES[chosen].available())) throw new SightlineError('speech', `speech engine ${chosen} cannot speak here (not installed, no voice, or no audio output)`);
    const service = createSpeechService({ engine: chosen, voice, rate });
    let failure: string | undefined;
    service.onState((state) => {
      if (state.type === 'error') failure = state.message;
    });
    const stop = () => void service.stop();
    process.once('SIGINT', stop);
    try {
      await service.speak(text, lang ? { lang } : undefined).done;
    } finally {
      process.removeListener('SIGINT', stop);
      await service.dispose();
    }
    if (failure) throw new SightlineError('speech', failure);
    return 0;
  } catch (err) {
    const e = toSightlineError(err);
    io.err(`sightline speak: ${e.message}\n`);
    return EXIT_CODES[e.kind];
  }
}
