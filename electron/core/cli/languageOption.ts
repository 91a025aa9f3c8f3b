import { effectiveReadingLanguages, MAX_READING_LANGUAGES, primaryLanguage, READING_LANGUAGE_CODES, readingLanguageOf } from '../../common/languages';
import { SightlineError } from '../common/errors';
import { printable } from '../common/printable';
import { systemLocale } from '../common/locale';

/**
 * `--lang de,en`: reading languages, in the user's order; absent means the system locale's language plus English.
 * An unknown or unsupported code is a usage error naming it and listing the supported ones.
 */
export function parseLanguageList(value: string | undefined, usage: string, env: NodeJS.ProcessEnv = process.env): readonly string[] {
  if (value === undefined) return effectiveReadingLanguages([], systemLocale(env));
  const tags = value.split(',').map((t) => t.trim()).filter(Boolean);
  if (tags.length === 0) throw new SightlineError('usage', `--lang needs at least one language code\nusage: ${usage}`);
  for (const tag of tags) {
    if (primaryLanguage(tag) === null || !readingLanguageOf(tag)) {
      throw new SightlineError('usage', `--lang: "${printable(tag.slice(0, 40))}" is not a supported language (supported: ${READING_LANGUAGE_CODES.join(', ')})\nusage: ${usage}`);
    }
  }
  const codes = effectiveReadingLanguages(tags, undefined);
  if (codes.length > MAX_READING_LANGUAGES) throw new SightlineError('usage', `--lang: at most ${MAX_READING_LANGUAGES} languages at once\nusage: ${usage}`);
  return codes;
}
