/**
 * Splits text into sentences so speech can start at the first one, and so a stream of generated tokens can be
 * spoken as each sentence completes. Abbreviations and decimals ("Dr. Smith", "3.5 GB", "e.g. this") do not end a
 * sentence; very long runs without punctuation (OCR text) are cut at a clause or word boundary.
 */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'vs', 'etc', 'e.g', 'i.e', 'approx', 'no', 'fig', 'inc', 'ltd', 'co',
]);

/** Longest piece handed to an engine at once; longer sentences are cut so the first audio is never far away. */
export const MAX_SENTENCE_CHARS = 300;

const TERMINATORS = /[.!?…。！？]/;
const CLOSERS = /["')\]»”’]/;

function isAbbreviation(text: string, dotIndex: number): boolean {
  const before = text.slice(0, dotIndex).match(/([A-Za-z.]+)$/);
  if (!before) return false;
  const word = (before[1] as string).toLowerCase();
  return ABBREVIATIONS.has(word) || /^[a-z]$/i.test(word);
}

/** Index just past the end of the first complete sentence in `text`, or -1 when none is complete yet. */
export function firstSentenceEnd(text: string, final = false): number {
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '\n' && text[i + 1] === '\n') return i + 2;
    if (!TERMINATORS.test(ch)) continue;
    let end = i + 1;
    while (end < text.length && (TERMINATORS.test(text[end] as string) || CLOSERS.test(text[end] as string))) end++;
    // CJK terminators need no following space.
    if ('。！？'.includes(ch)) return end;
    if (end >= text.length) {
      // The stream may continue ("3." then "5 GB"), so a terminator at the very end counts only when final.
      if (final) return end;
      return -1;
    }
    if (!/\s/.test(text[end] as string)) continue;
    if (ch === '.' && isAbbreviation(text, i)) continue;
    return end;
  }
  return -1;
}

function cutLong(sentence: string): string[] {
  const pieces: string[] = [];
  let rest = sentence;
  while (rest.length > MAX_SENTENCE_CHARS) {
    const window = rest.slice(0, MAX_SENTENCE_CHARS);
    const clause = Math.max(window.lastIndexOf(', '), window.lastIndexOf('; '), window.lastIndexOf(': '));
    const space = window.lastIndexOf(' ');
    const cut = clause > MAX_SENTENCE_CHARS / 2 ? clause + 1 : space > 0 ? space : MAX_SENTENCE_CHARS;
    pieces.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

/** Every sentence of a finished text, trimmed, empty ones dropped. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.trim()) {
    const end = firstSentenceEnd(rest, true);
    const sentence = end < 0 ? rest : rest.slice(0, end);
    out.push(...cutLong(sentence.replace(/\s+/g, ' ').trim()).filter(Boolean));
    rest = end < 0 ? '' : rest.slice(end);
  }
  return out;
}

/** Collects streamed tokens and hands out sentences as soon as each is complete. */
export class SentenceAccumulator {
  private buffer = '';

  /** Adds tokens; returns the sentences they completed. */
  push(tokens: string): string[] {
    this.buffer += tokens;
    const out: string[] = [];
    for (;;) {
      const end = firstSentenceEnd(this.buffer, false);
      if (end < 0) break;
      out.push(...cutLong(this.buffer.slice(0, end).replace(/\s+/g, ' ').trim()).filter(Boolean));
      this.buffer = this.buffer.slice(end);
    }
    // A very long unpunctuated run is spoken in pieces rather than waiting for the end of generation.
    if (this.buffer.length > MAX_SENTENCE_CHARS) {
      const pieces = cutLong(this.buffer.replace(/\s+/g, ' ').trim());
      this.buffer = pieces.pop() ?? '';
      out.push(...pieces);
    }
    return out;
  }

  /** The stream ended: whatever is left is the last sentence. */
  end(): string[] {
    const rest = this.buffer;
    this.buffer = '';
    return splitSentences(rest);
  }
}
