import type { Hf, HfTokenizer } from './runtime';

/**
 * The pieces every generating session shares: a stopping criterion that ends generation at the next token once
 * the request is cancelled, and a streamer that hands each new piece of text to the caller (so speech can start
 * on the first sentence while the rest is still being generated).
 */
export function abortCriterion(t: Hf, signal: AbortSignal) {
  class AbortCriterion extends t.StoppingCriteria {
    override _call(inputIds: unknown[][]): boolean[] {
      return new Array<boolean>(inputIds.length).fill(signal.aborted);
    }
  }
  return new AbortCriterion();
}

export interface StreamTiming {
  /** performance.now() of the first non-empty piece, or null when nothing was streamed. */
  firstTokenAt: number | null;
}

export function tokenStreamer(t: Hf, tokenizer: HfTokenizer, onText: ((text: string) => void) | undefined, timing: StreamTiming) {
  return new t.TextStreamer(tokenizer, {
    skip_prompt: true,
    skip_special_tokens: true,
    callback_function: (text: string) => {
      if (!text) return;
      timing.firstTokenAt ??= performance.now();
      onText?.(text);
    },
  });
}
