import type { BlockView, EventMap } from '../../electron/common/ipc.js';
import type { Bridge } from './bridge.js';
import { spokenText } from './reader.js';
import { readBlockOf, sameBlock } from './resultModel.js';
import type { SpeechOut, SpeechOwner } from './speechOut.js';

export interface StreamedReadingDeps {
  readonly bridge: Bridge;
  readonly speech: SpeechOut;
  /** Screen-reader mode in force now: Sightline then stays silent. */
  readonly screenReader: () => boolean;
  /** One short line for the user's screen reader (the announcer), said once, for the first block. */
  readonly note: (text: string) => void;
}

/** How the result's reading goes on once the stream has let go: at once, or paused there (speech cut it off). */
export type Continuation = (blocksHeard: ReadonlyMap<number, BlockView>, how: 'now' | 'paused') => void;

/**
 * A screen's text, spoken block by block as the core recognises it ('text-blocks' events), so the user hears the
 * first line while the rest of the screen is still being read. For people without a screen reader only: in
 * screen-reader mode Sightline stays silent and the first block becomes one short note for the live regions (the
 * user's screen reader says it; the rest is in the document when it comes), never a flood of them.
 *
 * Blocks are queued here, in the page, and each is asked for once the one before has been spoken, so none is cut
 * off mid-sentence by the next; the first one interrupts whatever Sightline was saying (the user asked for something
 * new). SpeechOut knows one owner per utterance, which keeps Escape exact: what it stops is this stream.
 *
 * When the result arrives (`finish`), blocks still waiting are dropped: the result's document reads them (with their
 * lines and highlighting), after the block being spoken ends, passing over every block already heard, so nothing is
 * said twice. For a description that means the caption, which only exists once the whole screen is read, comes
 * right after the block being spoken, then the text not yet heard.
 */
export class StreamedReading implements SpeechOwner {
  private readonly waiting: { readonly index: number; readonly block: BlockView }[] = [];
  private readonly heard = new Map<number, BlockView>();
  private current: { readonly index: number; readonly block: BlockView } | null = null;
  private expected = 0;
  /** False after a gap in the numbering: the blocks before it are still spoken, the rest is read from the result. */
  private accepting = true;
  private noted = false;
  /** Something was handed to speech: the blocks after it queue behind instead of interrupting. */
  private spoke = false;
  /** Silent from the start (screen-reader mode), or from when speech cut it off or the mode changed. */
  private silent: boolean;
  private state: 'streaming' | 'finishing' | 'cut' | 'closed' = 'streaming';
  private continuation: Continuation | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly deps: StreamedReadingDeps) {
    this.silent = deps.screenReader();
  }

  /** Follows the blocks of one request (the describe or read call's requestId). */
  follow(requestId: string): void {
    this.unsubscribe?.();
    this.unsubscribe = this.deps.bridge.on('text-blocks', (e) => {
      if (e.requestId === requestId) this.add(e);
    });
  }

  /** Something of the stream has been heard (or noted, in screen-reader mode). */
  get started(): boolean {
    return this.heard.size > 0 || this.current !== null || this.noted;
  }

  /** Blocks as they come. A gap in the numbering (an event that never came) ends the stream: the result has the rest. */
  add(e: Pick<EventMap['text-blocks'], 'from' | 'blocks'>): void {
    if (this.state !== 'streaming' || !this.accepting) return;
    if (e.from !== this.expected || !Array.isArray(e.blocks)) {
      this.accepting = false;
      return;
    }
    this.expected += e.blocks.length;
    if (this.deps.screenReader()) this.silent = true;
    if (this.silent) {
      if (this.deps.screenReader()) this.noteFirst(e.blocks);
      return;
    }
    e.blocks.forEach((block, i) => this.waiting.push({ index: e.from + i, block }));
    if (!this.current) this.speakNext();
  }

  /**
   * The result is here: stop taking blocks, and once the block being spoken ends, hand over to `then` with the blocks
   * heard (by their index in the result's `blocks`). Not called when nothing is to follow (screen-reader mode).
   */
  finish(then: Continuation): void {
    this.close();
    this.waiting.length = 0;
    if (this.state === 'closed') return;
    if (this.state === 'cut') {
      this.state = 'closed';
      then(this.heard, 'paused');
      return;
    }
    if (this.current) {
      this.state = 'finishing';
      this.continuation = then;
      return;
    }
    this.state = 'closed';
    then(this.heard, 'now');
  }

  /** Cancelled, failed, replaced or stopped: nothing more is said for it or follows it (the caller stops speech). */
  cancel(): void {
    this.close();
    this.state = 'closed';
    this.waiting.length = 0;
    this.continuation = null;
  }

  /** Screen-reader mode came on: Sightline's voice goes quiet (the core stops its speech itself). */
  silence(): void {
    this.silent = true;
    this.waiting.length = 0;
  }

  spoken(): void {
    const done = this.current;
    this.current = null;
    if (done) this.heard.set(done.index, done.block);
    if (this.state === 'finishing') {
      this.handOver('now');
      return;
    }
    this.speakNext();
  }

  /** Other speech, or Escape, cut the block off: it does not count as heard, and the stream says no more. */
  interrupted(): void {
    if (!this.current) return;
    this.current = null;
    this.silent = true;
    this.waiting.length = 0;
    if (this.state === 'finishing') this.handOver('paused');
    else if (this.state === 'streaming') this.state = 'cut';
  }

  private speakNext(): void {
    // Screen-reader mode coming on silences the stream (silence(), from the panel's applyMode), so `silent` covers it.
    if (this.state !== 'streaming' || this.silent) {
      this.waiting.length = 0;
      return;
    }
    for (let next = this.waiting.shift(); next; next = this.waiting.shift()) {
      const read = readBlockOf(next.block);
      const text = spokenText(read);
      if (!text.trim()) {
        this.heard.set(next.index, next.block);
        continue;
      }
      // The first block takes over from whatever was being said; the later ones follow it without cutting anything.
      const queued = this.spoke;
      this.spoke = true;
      this.current = next;
      void this.deps.speech.speak(text, this, read.lang, { queued });
      return;
    }
  }

  private noteFirst(blocks: readonly BlockView[]): void {
    if (this.noted) return;
    const text = blocks.map((block) => readBlockOf(block).lines.join(' ')).find((t) => t.trim() !== '');
    if (!text) return;
    this.noted = true;
    this.deps.note(text);
  }

  private handOver(how: 'now' | 'paused'): void {
    const then = this.continuation;
    this.continuation = null;
    this.state = 'closed';
    then?.(this.heard, how);
  }

  private close(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}

/**
 * The reader's blocks already heard: the title (the stream starts with the text itself) and each streamed block that
 * is still the result's block at its index. A block the result typed differently is read again rather than lost.
 */
export function heardBlocks(heard: ReadonlyMap<number, BlockView>, result: readonly BlockView[], firstText: number): Set<number> {
  const skip = new Set<number>();
  for (const [index, block] of heard) {
    const final = result[index];
    if (final && sameBlock(block, final)) skip.add(firstText + index);
  }
  if (skip.size > 0) skip.add(0);
  return skip;
}
