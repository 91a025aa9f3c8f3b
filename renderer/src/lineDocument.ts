import { el } from './dom.js';

export interface LineGroup {
  /** Read as the group's name when the user moves into it (e.g. "Caption", "Text, column 2"). */
  readonly label: string;
  readonly lines: readonly string[];
}

/** Keys that move the active line, as offsets or absolute targets. */
const MOVES: Readonly<Record<string, (index: number, count: number, page: number) => number>> = Object.freeze({
  ArrowDown: (i, n) => Math.min(i + 1, n - 1),
  ArrowUp: (i) => Math.max(i - 1, 0),
  Home: () => 0,
  End: (_i, n) => n - 1,
  PageDown: (i, n, page) => Math.min(i + page, n - 1),
  PageUp: (i, _n, page) => Math.max(i - page, 0),
});

const PAGE_LINES = 10;

/**
 * A result as a document the user moves through line by line: an ARIA listbox whose options are the
 * lines, grouped by part (caption, text blocks), with the active line followed by aria-activedescendant.
 * Control+C copies the active line; copying everything is a button beside it.
 */
export class LineDocument {
  private options: HTMLElement[] = [];
  private active = 0;
  private groups: readonly LineGroup[] = [];

  constructor(private readonly root: HTMLElement, private readonly copy: (text: string, what: string) => void) {
    root.addEventListener('keydown', (e) => this.onKey(e));
    root.addEventListener('click', (e) => {
      const option = (e.target as HTMLElement).closest<HTMLElement>('[role="option"]');
      if (option) this.activate(this.options.indexOf(option));
    });
  }

  setGroups(groups: readonly LineGroup[]): void {
    this.groups = groups.filter((g) => g.lines.length > 0);
    this.root.replaceChildren();
    this.options = [];
    this.groups.forEach((group, g) => {
      const box = el('div');
      box.setAttribute('role', 'group');
      const label = el('div', group.label, 'line-group-label');
      label.id = `${this.root.id}-g${g}`;
      box.setAttribute('aria-labelledby', label.id);
      box.append(label);
      for (const line of group.lines) {
        const option = el('div', line, 'line');
        option.id = `${this.root.id}-l${this.options.length}`;
        option.setAttribute('role', 'option');
        option.setAttribute('aria-selected', 'false');
        box.append(option);
        this.options.push(option);
      }
      this.root.append(box);
    });
    this.active = 0;
    if (this.options.length === 0) {
      const none = el('div', 'No text found.', 'line');
      none.id = `${this.root.id}-none`;
      none.setAttribute('role', 'option');
      none.setAttribute('aria-selected', 'true');
      this.root.append(none);
      this.options = [none];
    }
    this.activate(0);
  }

  /** Every line, parts separated by a blank line: what "Copy all" puts on the clipboard. */
  allText(): string {
    return this.groups.map((g) => g.lines.join('\n')).join('\n\n');
  }

  get lineCount(): number {
    return this.groups.reduce((n, g) => n + g.lines.length, 0);
  }

  private activate(index: number): void {
    if (index < 0 || index >= this.options.length) return;
    this.options[this.active]?.classList.remove('active');
    this.options[this.active]?.setAttribute('aria-selected', 'false');
    this.active = index;
    const option = this.options[index];
    if (!option) return;
    option.classList.add('active');
    option.setAttribute('aria-selected', 'true');
    this.root.setAttribute('aria-activedescendant', option.id);
    option.scrollIntoView({ block: 'nearest' });
  }

  private onKey(e: KeyboardEvent): void {
    const move = MOVES[e.key];
    if (move && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      this.activate(move(this.active, this.options.length, PAGE_LINES));
      return;
    }
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'c' && !e.shiftKey) {
      e.preventDefault();
      this.copy(this.options[this.active]?.textContent ?? '', 'line');
    }
  }
}
