import { createAnnounceOnlySpeech } from '../app/announceOnlySpeech';
import type { SpeechPort } from '../app/ports';
import { createLogger } from '../common/logger';
import { createSpeechService } from '../speech/speechService';

export type HarnessSpeechMode = 'voice' | 'announce' | 'silent';

const log = createLogger('harness');

/**
 * The harness's speech: the core's speech service, either speaking aloud ('voice') or, by default, held in
 * screen-reader mode ('announce') so every utterance becomes an `announce` event for the page's live
 * regions — tests and headless machines need no sound card. 'silent' sounds and announces nothing: what would
 * be said shows only in the `speech-state` events (each sentence as `text`), so tests can tell Sightline's
 * speech from the page's announcements.
 */
export function createHarnessSpeech(mode: HarnessSpeechMode, announce: (text: string, assertive: boolean) => void): SpeechPort & { dispose(): Promise<void> } {
  const force = mode === 'voice' ? {} : { screenReader: true };
  const relay = mode === 'silent' ? () => undefined : announce;
  let service;
  try {
    service = createSpeechService({ ...force, announce: relay });
  } catch (err) {
    log.warn(`speech output unavailable, announcing instead: ${(err as Error).message}`);
    return { ...createAnnounceOnlySpeech(relay), dispose: async () => undefined };
  }
  const speech = service;
  return {
    speak: (text, options) => speech.speak(text, options),
    stop: () => speech.stop(),
    onState: (listener) => speech.onState(listener),
    voices: () => speech.voices(),
    checkVoice: (engine, voice) => speech.checkVoice(engine, voice),
    // The page's settings may turn screen-reader mode off; in announce mode the harness keeps it on.
    configure: (options) => speech.configure({ ...options, ...force }),
    dispose: () => speech.dispose(),
  };
}
