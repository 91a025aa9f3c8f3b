/**
 * The languages Sightline reads and speaks, as one frozen table every side can import (pure data: no Node, DOM or
 * Electron). Codes are BCP 47 primary language subtags ("de", "zh"); a region or script ("de-AT", "zh-Hans") is
 * folded to its language when settings and the command line are read.
 */

/** ISO 15924 script of a language's text: it decides which recognizer reads a line. */
export type ScriptCode = 'Latn' | 'Cyrl' | 'Grek' | 'Hans';

export interface ReadingLanguage {
  /** BCP 47 primary subtag. */
  readonly code: string;
  /** English name, for settings lists and messages. */
  readonly name: string;
  /** The language's own name for itself (what a settings list shows beside the English name). */
  readonly endonym: string;
  readonly script: ScriptCode;
  /**
   * Tesseract's language data name ("deu", or a script model such as "Cyrillic") for languages PP-OCR cannot read
   * (its dictionary is Chinese and English); absent for the languages PP-OCR reads itself.
   */
  readonly tesseract?: string;
}

const language = (code: string, name: string, endonym: string, script: ScriptCode, tesseract?: string): ReadingLanguage =>
  Object.freeze(tesseract ? { code, name, endonym, script, tesseract } : { code, name, endonym, script });

export const READING_LANGUAGES: Readonly<Record<string, ReadingLanguage>> = Object.freeze({
  en: language('en', 'English', 'English', 'Latn'),
  de: language('de', 'German', 'Deutsch', 'Latn', 'deu'),
  fr: language('fr', 'French', 'Français', 'Latn', 'fra'),
  es: language('es', 'Spanish', 'Español', 'Latn', 'spa'),
  it: language('it', 'Italian', 'Italiano', 'Latn', 'ita'),
  pt: language('pt', 'Portuguese', 'Português', 'Latn', 'por'),
  nl: language('nl', 'Dutch', 'Nederlands', 'Latn', 'nld'),
  pl: language('pl', 'Polish', 'Polski', 'Latn', 'pol'),
  cs: language('cs', 'Czech', 'Čeština', 'Latn', 'ces'),
  sv: language('sv', 'Swedish', 'Svenska', 'Latn', 'swe'),
  tr: language('tr', 'Turkish', 'Türkçe', 'Latn', 'tur'),
  // Tesseract's Cyrillic script model: it read Russian better than the Russian one on the tuning split (see
  // electron/core/ocr/README.md); no npm package carries either here, so it comes from Debian's tesseract-ocr-script-cyrl.
  ru: language('ru', 'Russian', 'Русский', 'Cyrl', 'Cyrillic'),
  uk: language('uk', 'Ukrainian', 'Українська', 'Cyrl', 'ukr'),
  el: language('el', 'Greek', 'Ελληνικά', 'Grek', 'ell'),
  zh: language('zh', 'Chinese (Simplified)', '简体中文', 'Hans'),
});

export const READING_LANGUAGE_CODES: readonly string[] = Object.freeze(Object.keys(READING_LANGUAGES));

/** A well-formed BCP 47 language tag ("de", "zh-Hans-CN"): what a block's `lang` must be to be sent on or set as `lang`. */
export const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** At most this many reading languages at once: each one may cost another reading of doubtful lines. */
export const MAX_READING_LANGUAGES = 6;

/** "de-AT", "de_AT.UTF-8", "DE" → "de"; "zh-Hans-CN" → "zh"; anything that is not a language tag → null. */
export function primaryLanguage(tag: string): string | null {
  const match = /^([A-Za-z]{2,3})(?:[-_@.]|$)/.exec(tag.trim());
  return match ? match[1]!.toLowerCase() : null;
}

/** The supported reading language for a tag, or null ("C", "POSIX", unsupported languages). */
export function readingLanguageOf(tag: string): ReadingLanguage | null {
  const code = primaryLanguage(tag);
  return code !== null && Object.prototype.hasOwnProperty.call(READING_LANGUAGES, code) ? READING_LANGUAGES[code]! : null;
}

/**
 * The reading languages used when the setting is empty ("automatic"): the system locale's language when it is one
 * Sightline reads, then English (screens carry English words whatever the system language).
 */
export function defaultReadingLanguages(locale: string | undefined): readonly string[] {
  const own = locale ? readingLanguageOf(locale) : null;
  return Object.freeze(own && own.code !== 'en' ? [own.code, 'en'] : ['en']);
}

/** The effective list: the user's choice (deduplicated, in their order), or the automatic default when empty. */
export function effectiveReadingLanguages(chosen: readonly string[], locale: string | undefined): readonly string[] {
  const codes = [...new Set(chosen.map((c) => primaryLanguage(c)).filter((c): c is string => c !== null && c in READING_LANGUAGES))];
  return codes.length > 0 ? Object.freeze(codes) : defaultReadingLanguages(locale);
}
