import { VIEW_NAMES, type ViewName } from './views.js';

/** The view an element sits in, or null when it is outside the views (banner, navigation, status). */
function viewOf(element: Element): ViewName | null {
  const id = element.closest('section.view')?.id.replace(/^view-/, '');
  return (VIEW_NAMES as readonly string[]).includes(id ?? '') ? (id as ViewName) : null;
}

/**
 * Moves focus for the app (to where a result will appear, into a view) and remembers where it came from, so
 * Escape can take the user back, to the view it was in. When the user moves focus themselves, the memory is
 * dropped: Escape then never jumps somewhere unexpected. Focus is never left on <body>.
 */
export class FocusKeeper {
  private origin: HTMLElement | null = null;
  private moving = false;

  constructor(private readonly currentView: () => ViewName, private readonly showView: (view: ViewName) => void) {
    document.addEventListener('focusin', () => {
      if (!this.moving) this.origin = null;
    });
  }

  /** Moves focus to `target`, remembering where it was. */
  moveTo(target: HTMLElement): void {
    const from = document.activeElement;
    const keep = from instanceof HTMLElement && from !== document.body && from !== target && !target.contains(from);
    const origin = keep ? from : this.origin;
    this.focus(target);
    this.origin = origin;
  }

  /** Focus that continues the same action (a pending line replaced by its result): the origin stays. */
  handOver(target: HTMLElement): void {
    const origin = this.origin;
    this.focus(target);
    this.origin = origin;
  }

  /** Escape: back to where the last action or shortcut took focus from. True when it went back. */
  returnFocus(): boolean {
    const origin = this.origin;
    this.origin = null;
    if (!origin || !origin.isConnected) return false;
    const view = viewOf(origin);
    if (view && view !== this.currentView()) this.showView(view);
    this.focus(origin);
    return document.activeElement === origin;
  }

  /** If focus fell to <body> (its element was removed or hidden), put it on `fallback`. */
  rescue(fallback: HTMLElement): void {
    const active = document.activeElement;
    if (!active || active === document.body || !(active as HTMLElement).offsetParent) this.handOver(fallback);
  }

  private focus(target: HTMLElement): void {
    this.moving = true;
    try {
      target.focus();
    } finally {
      this.moving = false;
    }
  }
}
