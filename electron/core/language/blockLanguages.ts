import type { BlockView } from '../../common/ipc';
import { READING_LANGUAGES } from '../../common/languages';
import { detectLanguage, dominantScript } from './detectLanguage';
import { unionBox } from '../ocr/geometry';

/** What a block's line indices point at. */
export interface LineText {
  readonly text: string;
  readonly box: readonly [number, number, number, number];
}

/**
 * A paragraph whose lines are surely in different languages (a German setting and its English hint, set close
 * together) is two paragraphs to a listener: each is cut where the language changes, so each part gets its voice.
 * Lines without a sure guess stay with the run before them.
 */
function splitByLanguage(block: BlockView, lines: readonly LineText[], languages: readonly string[]): BlockView[] {
  if ((block.kind !== 'paragraph' && block.kind !== 'list-item') || block.lines.length < 2) return [block];
  const runs: number[][] = [];
  let current: string | null = null;
  for (const index of block.lines) {
    const line = lines[index];
    const guess = line ? detectLanguage(line.text, languages) : null;
    const lang: string | null = guess?.sure ? guess.lang : current;
    if (runs.length === 0 || (lang !== null && current !== null && lang !== current)) runs.push([]);
    runs.at(-1)!.push(index);
    current = lang ?? current;
  }
  if (runs.length === 1) return [block];
  return runs.map((run) => {
    return { ...block, text: run.map((i) => lines[i]!.text).join(' '), lines: run, box: unionBox(run.map((i) => lines[i]!.box)) };
  });
}

/** The text of a block as a listener hears it (a table's cells in reading order). */
export const blockText = (block: BlockView) => (block.kind === 'table' ? block.rows.map((r) => r.join(' ')).join(' ') : block.text);

/**
 * Gives each block its language (BlockView.lang) among the reading languages, so speech picks a voice of that
 * language and a screen reader switches voice itself. A block with clear evidence keeps its own guess; the others
 * take the screen's language (the one most letters were surely guessed in) when it is written in their script,
 * else the user's first language of that script. Blocks without letters (numbers, prices) take the screen's
 * language: "15 €" is read out in the language around it.
 */
export function withLanguages(found: readonly BlockView[], languages: readonly string[], lines?: readonly LineText[]): BlockView[] {
  if (languages.length === 0) return [...found];
  const blocks = lines ? found.flatMap((b) => splitByLanguage(b, lines, languages)) : [...found];
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
