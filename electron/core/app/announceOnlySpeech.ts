/**
 * A speech port that speaks nothing itself and hands every text to the live regions, for when no speech engine
 * is usable (or the speech module failed to load): the user's screen reader still says everything once.
 */
import type { SpeechState } from '../speech/types';
import type { SpeechPort } from './ports';

export function createAnnounceOnlySpeech(announce: (text: string, assertive: boolean) => void): SpeechPort {
  const listeners = new Set<(state: SpeechState) => void>();
  return Object.freeze({
    speak(text: string, options: { interrupt?: boolean; priority?: string } = {}) {
      // The same states a speaking engine reports, so the page's reader moves on to the next block as it would.
      for (const l of listeners) l({ type: 'speaking', text, engine: 'screen-reader' });
      announce(text, options.interrupt === true || options.priority === 'high');
      for (const l of listeners) l({ type: 'idle' });
      return { done: Promise.resolve({ completed: true }) };
    },
    async stop() {
      for (const l of listeners) l({ type: 'idle' });
    },
    onState(listener: (state: SpeechState) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async voices() {
      return [];
    },
    configure() {
      // Nothing to configure: the user's own screen reader has the voice settings.
    },
    async checkVoice() {
      // No engine here to refuse a voice; one that is installed later checks it when it speaks.
      return null;
    },
  });
}
