import type { ReadBlock } from './resultModel.js';
import type { SpeechOut, SpeechOwner } from './speechOut.js';

/** A reading position: block, and line within it. */
export interface Position {
  readonly block: number;
  readonly line: number;
}

/** Keys that move the reading position (without modifiers unless named), and what each says. */
const MOVES: Readonly<Record<string, (reader: DocumentReader) => void>> = Object.freeze({
  ArrowDown: (r: DocumentReader) => r.moveLine(1),
  ArrowUp: (r: DocumentReader) => r.moveLine(-1),
  'Control+ArrowDown': (r: DocumentReader) => r.moveBlock(1),
  'Control+ArrowUp': (r: DocumentReader) => r.moveBlock(-1),
  Home: (r: DocumentReader) => r.moveTo({ block: 0, line: 0 }),
  End: (r: DocumentReader) => r.moveToEnd(),
  ' ': (r: DocumentReader) => r.toggle(),
  Enter: (r: DocumentReader) => r.sayAll(),
});

const keyName = (e: KeyboardEvent) => `${e.ctrlKey || e.metaKey ? 'Control+' : ''}${e.key}`;

const NONE: ReadonlySet<number> = new Set();

/** A block as Sightline says it: each line its own sentence, so the engine pauses between table rows and list lines. */
export function spokenText(block: ReadBlock | undefined): string {
  return (block?.lines ?? []).map((l) => (/[.!?…:;]$/.test(l) ? l : `${l}.`)).join('\n');
}

/**
 * Sightline's own reading of a result, for people without a screen reader: by line and by block, or everything
 * from here on ("say all", block after block), with pause and resume where it stopped. The line being read is
 * highlighted and scrolled into view. A screen reader user never needs this: their reader browses the document.
 */
export class DocumentReader implements SpeechOwner {
  private blocks: readonly ReadBlock[] = [];
  private position: Position = { block: 0, line: 0 };
  private continuous = false;
  private paused = false;
  /** Blocks this reading passes over (already heard while the screen was streamed); kept across a pause. */
  private skip: ReadonlySet<number> = NONE;
  private highlighted: Element | null = null;

  constructor(
    private readonly speech: SpeechOut,
    /** The element showing a position (a line's span, a table row, a heading), for the highlight. */
    private readonly elementAt: (position: Position) => Element | null,
    private readonly onChange: (reading: boolean) => void = () => undefined,
  ) {}

  load(blocks: readonly ReadBlock[]): void {
    this.blocks = blocks;
    this.continuous = false;
    this.paused = false;
    this.skip = NONE;
    this.position = { block: 0, line: 0 };
    this.mark(null);
  }

  /** Reading everything from the position on, not paused. */
  get reading(): boolean {
    return this.continuous;
  }

  /** Stopped part-way through by pause or by other speech: resume goes on from the same block. */
  get isPaused(): boolean {
    return this.paused;
  }

  /** Handles one of the reader's keys; true when it was one (the caller then prevents the default). */
  handleKey(e: KeyboardEvent): boolean {
    if (e.altKey || e.shiftKey) return false;
    const move = MOVES[keyName(e)];
    if (!move || this.blocks.length === 0) return false;
    move(this);
    return true;
  }

  /**
   * Reads from the position to the end, block after block, passing over the blocks in `skip` (those the user heard
   * while the screen was streamed, so nothing is said twice). True when there was something left to read.
   */
  sayAll(from: Position = this.position, skip: ReadonlySet<number> = NONE): boolean {
    const block = this.unskipped(from.block, skip);
    if (block === null) {
      // All of it was heard already: the position is the end, as after reading to the end.
      this.position = { block: Math.max(this.blocks.length - 1, 0), line: 0 };
      this.skip = NONE;
      return false;
    }
    this.position = { block, line: 0 };
    this.skip = skip;
    this.continuous = true;
    this.paused = false;
    this.onChange(true);
    this.speakBlock();
    return true;
  }

  pause(): void {
    if (!this.continuous) return;
    this.interrupted();
    void this.speech.stop();
  }

  /**
   * Paused before the first block not in `skip`, without speaking: Space or "Resume reading" reads on from there
   * (what a streamed screen left unsaid when other speech cut it off).
   */
  pauseBefore(skip: ReadonlySet<number>): void {
    const block = this.unskipped(0, skip);
    if (block === null) return;
    this.position = { block, line: 0 };
    this.skip = skip;
    this.continuous = false;
    this.paused = true;
    this.onChange(false);
  }

  /** Space: pause while reading; otherwise resume (or start) reading from the position. */
  toggle(): void {
    if (this.continuous) this.pause();
    else this.sayAll(this.position, this.skip); // NONE unless paused: every way out of reading unpaused resets it
  }

  stop(): void {
    const was = this.continuous;
    this.continuous = false;
    this.paused = false;
    this.skip = NONE;
    if (was) this.onChange(false);
  }

  moveLine(delta: number): void {
    const { block, line } = this.position;
    const lines = this.blocks[block]?.lines.length ?? 1;
    if (line + delta >= 0 && line + delta < lines) this.moveTo({ block, line: line + delta });
    else if (delta > 0 && block + 1 < this.blocks.length) this.moveTo({ block: block + 1, line: 0 });
    else if (delta < 0 && block > 0) this.moveTo({ block: block - 1, line: (this.blocks[block - 1]?.lines.length ?? 1) - 1 });
    else this.say(this.lineText(this.position)); // at either end: say where the user is again
  }

  moveBlock(delta: number): void {
    const block = Math.min(Math.max(this.position.block + delta, 0), this.blocks.length - 1);
    this.position = { block, line: 0 };
    this.continuous = false;
    this.paused = false;
    this.skip = NONE;
    this.show();
    this.say(this.blocks[block]?.lines.join(' ') ?? '', this.blocks[block]?.lang);
  }

  moveToEnd(): void {
    const block = this.blocks.length - 1;
    this.moveTo({ block, line: Math.max((this.blocks[block]?.lines.length ?? 1) - 1, 0) });
  }

  moveTo(position: Position): void {
    this.position = position;
    this.continuous = false;
    this.paused = false;
    this.skip = NONE;
    this.show();
    this.say(this.lineText(position), this.blocks[position.block]?.lang);
  }

  /** Clicking a line makes it the position (and reads it), so reading can resume from there. */
  setPosition(position: Position): void {
    if (position.block < this.blocks.length) this.moveTo(position);
  }

  spoken(): void {
    if (!this.continuous) return;
    const next = this.unskipped(this.position.block + 1, this.skip);
    if (next === null) {
      this.continuous = false;
      this.skip = NONE;
      this.onChange(false);
      return;
    }
    this.position = { block: next, line: 0 };
    this.speakBlock();
  }

  interrupted(): void {
    if (!this.continuous) return;
    this.continuous = false;
    this.paused = true;
    this.onChange(false);
  }

  private speakBlock(): void {
    this.show();
    const block = this.blocks[this.position.block];
    void this.speech.speak(spokenText(block), this, block?.lang);
  }

  /** The first block from `block` on that is not skipped, or null when none is left. */
  private unskipped(block: number, skip: ReadonlySet<number>): number | null {
    let at = Math.max(block, 0);
    while (at < this.blocks.length && skip.has(at)) at++;
    return at < this.blocks.length ? at : null;
  }

  private say(text: string, lang?: string): void {
    this.onChange(false);
    if (text) void this.speech.speak(text, this, lang);
  }

  private lineText(position: Position): string {
    return this.blocks[position.block]?.lines[position.line] ?? '';
  }

  private show(): void {
    const { block, line } = this.position;
    // The element of the line, or of its block when lines are not marked one by one (a heading, a table).
    this.mark(this.elementAt({ block, line }));
  }

  private mark(element: Element | null): void {
    this.highlighted?.classList.remove('reading');
    this.highlighted = element;
    if (!element) return;
    element.classList.add('reading');
    element.scrollIntoView({ block: 'nearest' });
  }
}
