import { existsSync } from 'node:fs';
import path from 'node:path';
import type { SpeechEngineName } from '../types';
import type { EngineProcess } from '../processes';

export interface VoiceSettings {
  /** Engine voice name ('' = the engine's default); each engine checks it with its own checkVoice. */
  readonly voice: string;
  /** Words per minute. */
  readonly rate: number;
  /** Environment for the engine process (tests point HOME at a temporary festival configuration). */
  readonly env?: NodeJS.ProcessEnv;
  /** Longest a synthesize() may run, in ms (default: synthesisDeadlineMs of the text); tests shorten it. */
  readonly deadlineMs?: number;
  /**
   * BCP 47 language of the text (a code of electron/common/languages.ts), for engines that choose a voice by language
   * themselves (speech-dispatcher's `-l`, SAPI's culture hint); others are given a voice name by languageVoice.
   */
  readonly lang?: string;
}

/** One text-to-speech engine. Text arrives normalized; each engine makes it safe for its own input format. */
export interface SpeechEngine {
  readonly name: SpeechEngineName;
  /** True when the engine can speak on this machine: its program runs and has a voice (checked once, then cached). */
  available(settings?: Pick<VoiceSettings, 'env'>): Promise<boolean>;
  /** The voice name if this engine can be given it, else throws a usage error; the one rule settings are checked by. */
  checkVoice(voice: string): string;
  voices(settings?: Pick<VoiceSettings, 'env'>): Promise<string[]>;
  /** Whether the engine has this voice installed; null when it cannot tell (no list, or no answer in time). */
  knowsVoice(voice: string, settings?: Pick<VoiceSettings, 'env'>): Promise<boolean | null>;
  /**
   * How to speak `lang` (a BCP 47 code): the voice settings to use in place of the user's voice, or null when the
   * engine has no voice for it. Absent on engines with one language (festival).
   */
  languageVoice?(lang: string, settings?: Pick<VoiceSettings, 'env'>): Promise<Pick<VoiceSettings, 'voice' | 'lang'> | null>;
  /** The language a voice speaks (BCP 47 primary subtag), or null when unknown. */
  voiceLanguage?(voice: string, settings?: Pick<VoiceSettings, 'env'>): Promise<string | null>;
  /** Starts speaking through the sound card; the process exits when speech ends. */
  speak(text: string, settings: VoiceSettings): EngineProcess;
  /** Writes the speech to a WAV file; absent when the engine cannot (speech-dispatcher). */
  synthesize?(text: string, settings: VoiceSettings, outFile: string): Promise<void>;
  /** Starts an engine process whose stdout carries audio (the benchmark's "first audio byte"); absent if unsupported. */
  streamAudio?(text: string, settings: VoiceSettings): EngineProcess;
}

/** Finds an executable on PATH without a shell (`which` would be one more process and a shell habit). */
export function findExecutable(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}
