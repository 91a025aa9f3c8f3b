import { createLogger } from '../common/logger';
import type { SpeechEngine, VoiceSettings } from './engines/engine';

const log = createLogger('speech');

/**
 * The voice for text in `lang` (pure policy over the engine's answers), in this order:
 *  1. the voice the user fixed for that language in settings (`languageVoices`);
 *  2. the user's own voice when it speaks that language;
 *  3. the engine's voice for the language (espeak-ng's voice file, speech-dispatcher's `-l`, macOS's voice, SAPI's
 *     culture);
 *  4. the user's voice: a language the engine cannot speak is still read out, with the voice the user chose.
 * Text without a language is always spoken with the user's voice.
 */
export async function voiceSettingsFor(
  engine: SpeechEngine, base: VoiceSettings, lang: string | undefined, languageVoices: Readonly<Record<string, string>> = {},
): Promise<VoiceSettings> {
  if (!lang) return base;
  const fixed = languageVoices[lang];
  if (fixed) return { ...base, voice: fixed, lang };
  try {
    if (base.voice && engine.voiceLanguage && (await engine.voiceLanguage(base.voice, base)) === lang) return { ...base, lang };
    const own = await engine.languageVoice?.(lang, base);
    if (own) return { ...base, ...own };
  } catch (err) {
    // A voice list that cannot be read is no reason to stay silent: the user's voice speaks.
    log.info(`${engine.name}: no voice list for "${lang}" (${(err as Error).message})`);
  }
  return base;
}
