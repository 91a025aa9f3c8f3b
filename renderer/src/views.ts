import { byId } from './dom.js';

export const VIEW_NAMES = Object.freeze(['screen', 'photo', 'camera', 'history', 'settings'] as const);
export type ViewName = (typeof VIEW_NAMES)[number];

/** Shows one view at a time; the nav button of the shown view carries aria-current="page". */
export class ViewSwitcher {
  private currentView: ViewName = 'screen';
  private readonly links = [...document.querySelectorAll<HTMLButtonElement>('.view-link')];
  private readonly onShow = new Map<ViewName, () => void>();
  private focusInto: (view: ViewName, heading: HTMLElement) => void = (_view, heading) => heading.focus();

  constructor() {
    for (const link of this.links) link.addEventListener('click', () => this.show(link.dataset.view as ViewName, { focus: true }));
  }

  get current(): ViewName {
    return this.currentView;
  }

  whenShown(view: ViewName, callback: () => void): void {
    this.onShow.set(view, callback);
  }

  /** How focus enters a view (main.ts routes it through the FocusKeeper, so Escape can go back). */
  setFocusInto(focusInto: (view: ViewName, heading: HTMLElement) => void): void {
    this.focusInto = focusInto;
  }

  heading(view: ViewName): HTMLElement {
    return byId(`${view}-heading`);
  }

  /** With focus, the view's heading takes focus so a screen reader says where the user arrived. */
  show(view: ViewName, options: { focus?: boolean } = {}): void {
    const changed = view !== this.currentView;
    this.currentView = view;
    for (const name of VIEW_NAMES) byId(`view-${name}`).hidden = name !== view;
    for (const link of this.links) {
      if (link.dataset.view === view) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    if (options.focus) this.focusInto(view, this.heading(view));
    if (changed || options.focus) this.onShow.get(view)?.();
  }
}
