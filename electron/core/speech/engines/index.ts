import type { SpeechEngineName } from '../types';
import type { SpeechEngine } from './engine';
import { espeakNgEngine } from './espeakNg';
import { sayEngine } from './sayEngine';
import { speechDispatcherEngine } from './speechDispatcher';

export const ENGINES: Readonly<Record<SpeechEngineName, SpeechEngine>> = Object.freeze({
  say: sayEngine,
  'speech-dispatcher': speechDispatcherEngine,
  'espeak-ng': espeakNgEngine,
});

/**
 * Preference per platform for 'auto': on Linux speech-dispatcher first (the user's own voice settings, as Orca
 * uses them), then espeak-ng (fast, every script), then festival through `say`; elsewhere the system voice.
 */
const PREFERENCE: Readonly<Partial<Record<NodeJS.Platform, readonly SpeechEngineName[]>>> = Object.freeze({
  linux: ['speech-dispatcher', 'espeak-ng', 'say'],
  darwin: ['say', 'espeak-ng'],
  win32: ['say', 'espeak-ng'],
});

export function enginePreference(platform: NodeJS.Platform = process.platform): readonly SpeechEngineName[] {
  return PREFERENCE[platform] ?? ['espeak-ng'];
}

/** Engines that can speak here, in preference order. */
export async function availableEngines(env?: NodeJS.ProcessEnv): Promise<SpeechEngineName[]> {
  const names = enginePreference();
  const usable = await Promise.all(names.map((name) => ENGINES[name].available({ env })));
  return names.filter((_, i) => usable[i]);
}

export function isEngineName(value: string): value is SpeechEngineName {
  return Object.prototype.hasOwnProperty.call(ENGINES, value);
}
