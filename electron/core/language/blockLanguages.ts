import type { BlockView } from '../../common/ipc';
import { READING_LANGUAGES } from '../../common/languages';
import { detectLanguage, dominantScript } from './detectLanguage';

/** The text of a block as a listener hears it (a table's cells in reading order). */
export const blockText = (block: BlockView) => (block.kind === 'table' ? block.rows.map((r) => r.join(' ')).join(' ') : block.text);

/**
 * Gives each block its language (BlockView.lang) among the reading languages, so speech picks a voice of that
 * language and a screen reader switches voice itself. A block with clear evidence keeps its own guess; the others
 * take the screen's language (the one most letters were surely guessed in) when it is written in their script,
 * else the user's first language of that script. Blocks without letters (numbers, prices) take the screen's
 * language: "15 €" is read out in the language around it.
 */
export function withLanguages(blocks: readonly BlockView[], languages: readonly string[]): BlockView[] {
  if (languages.length === 0) return [...blocks];
  const guesses = blocks.map((b) => detectLanguage(blockText(b), languages));
  const weight = new Map<string, number>();
  for (const g of guesses) if (g?.sure) weight.set(g.lang, (weight.get(g.lang) ?? 0) + g.letters);
  const screen = [...weight].sort((a, b) => b[1] - a[1])[0]?.[0] ?? languages[0]!;
  return blocks.map((block, i) => {
    const guess = guesses[i];
    let lang: string | undefined;
    if (guess?.sure) lang = guess.lang;
    else {
      const script = dominantScript(blockText(block))?.script;
      if (!script) lang = screen;
      else if (READING_LANGUAGES[screen]?.script === script) lang = screen;
      else lang = guess?.lang ?? languages.find((l) => READING_LANGUAGES[l]?.script === script);
    }
    return lang ? { ...block, lang } : block;
  });
}
