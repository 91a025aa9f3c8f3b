import { READING_LANGUAGES, type ScriptCode } from '../../common/languages';
import { LANGUAGE_PROFILES } from './languageProfiles';

/**
 * The language of a piece of recognised text among the user's reading languages (pure, offline): the script of its
 * letters first, then, within a script, the profiles of languageProfiles.ts. A guess with too little evidence is
 * marked unsure, so a caller can fall back to the language of the rest of the screen.
 */
export interface LanguageGuess {
  readonly lang: string;
  /** Enough evidence to stand on its own (otherwise the screen's language is the better guess). */
  readonly sure: boolean;
  /** Letters the guess rests on, to weigh blocks when the screen's language is worked out. */
  readonly letters: number;
}

const SCRIPTS: ReadonlyArray<readonly [ScriptCode, RegExp]> = Object.freeze([
  ['Latn', /\p{Script=Latin}/u],
  ['Cyrl', /\p{Script=Cyrillic}/u],
  ['Grek', /\p{Script=Greek}/u],
  ['Hans', /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u],
] as const);

/** Weights, set on the tuning split: a stop word counts more than a letter of a language's own, a cue least. */
const WORD_WEIGHT = 1;
const LETTER_WEIGHT = 0.6;
const CUE_WEIGHT = 0.15;
/** The best language must lead the next by this much to be sure. */
const SURE_MARGIN = 1;

/** The script most of the text's letters are written in, with their count; null without letters. */
export function dominantScript(text: string): { script: ScriptCode; letters: number } | null {
  const counts = new Map<ScriptCode, number>();
  for (const ch of text) {
    for (const [script, test] of SCRIPTS) if (test.test(ch)) counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  let best: { script: ScriptCode; letters: number } | null = null;
  for (const [script, letters] of counts) if (!best || letters > best.letters) best = { script, letters };
  return best;
}

/** Each candidate's evidence in `text` (languages of one script); shared evidence is split between its holders. */
export function languageScores(text: string, candidates: readonly string[]): Map<string, number> {
  const scores = new Map(candidates.map((c) => [c, 0]));
  const lower = text.toLowerCase();
  const share = (has: (lang: string) => boolean, weight: number) => {
    const holders = candidates.filter(has);
    for (const lang of holders) scores.set(lang, scores.get(lang)! + weight / holders.length);
  };
  for (const word of lower.split(/[^\p{L}\p{M}]+/u)) if (word) share((l) => LANGUAGE_PROFILES[l]?.words.has(word) ?? false, WORD_WEIGHT);
  for (const ch of new Set(lower)) share((l) => LANGUAGE_PROFILES[l]?.letters.has(ch) ?? false, LETTER_WEIGHT);
  for (const lang of candidates) {
    for (const cue of LANGUAGE_PROFILES[lang]?.cues ?? []) {
      const n = lower.split(cue).length - 1;
      if (n > 0) share((l) => LANGUAGE_PROFILES[l]?.cues.includes(cue) ?? false, CUE_WEIGHT * Math.min(n, 3));
    }
  }
  return scores;
}

/** The language of `text` among `languages` (BCP 47 codes, the user's order breaking ties); null when none fits. */
export function detectLanguage(text: string, languages: readonly string[]): LanguageGuess | null {
  const found = dominantScript(text);
  if (!found) return null;
  const candidates = languages.filter((l) => READING_LANGUAGES[l]?.script === found.script);
  if (candidates.length === 0) return null;
  if (candidates.length === 1) return { lang: candidates[0]!, sure: true, letters: found.letters };
  const scores = languageScores(text, candidates);
  const ranked = [...candidates].sort((a, b) => scores.get(b)! - scores.get(a)! || candidates.indexOf(a) - candidates.indexOf(b));
  const margin = scores.get(ranked[0]!)! - scores.get(ranked[1]!)!;
  return { lang: ranked[0]!, sure: margin >= SURE_MARGIN, letters: found.letters };
}
