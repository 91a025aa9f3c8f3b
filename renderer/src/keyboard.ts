import type { ViewName } from './views.js';

/** What the window-wide keys do; main.ts supplies the actions. */
export interface KeyActions {
  help(): void;
  escape(): void;
  pushToTalkDown(): void;
  pushToTalkUp(): void;
  showView(view: ViewName): void;
  openPhoto(): void;
  describeHere(): void;
  dialogOpen(): boolean;
}

const VIEW_BY_DIGIT: Readonly<Record<string, ViewName>> = Object.freeze({
  Digit1: 'screen',
  Digit2: 'photo',
  Digit3: 'camera',
  Digit4: 'history',
  Digit5: 'settings',
});

const PUSH_TO_TALK = 'F2';

/** Window-wide keys (listed in the Help dialog). Keys inside a dialog are left to the dialog. */
export function installKeyboard(actions: KeyActions): void {
  document.addEventListener('keydown', (e) => {
    if (e.key === 'F1') {
      e.preventDefault();
      if (!actions.dialogOpen()) actions.help();
      return;
    }
    if (actions.dialogOpen()) return; // <dialog> handles Escape (close) and Tab (wrapped) itself
    if (e.key === 'Escape') {
      e.preventDefault();
      actions.escape();
      return;
    }
    if (e.key === PUSH_TO_TALK) {
      e.preventDefault();
      if (!e.repeat) actions.pushToTalkDown();
      return;
    }
    const ctrl = e.ctrlKey || e.metaKey;
    if (e.altKey && !ctrl && !e.shiftKey && VIEW_BY_DIGIT[e.code]) {
      e.preventDefault();
      actions.showView(VIEW_BY_DIGIT[e.code] as ViewName);
      return;
    }
    if (ctrl && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'o') {
      e.preventDefault();
      actions.openPhoto();
      return;
    }
    if (ctrl && e.shiftKey && !e.altKey && e.key.toLowerCase() === 'd') {
      e.preventDefault();
      actions.describeHere();
    }
  });
  document.addEventListener('keyup', (e) => {
    if (e.key === PUSH_TO_TALK) {
      e.preventDefault();
      actions.pushToTalkUp();
    }
  });
  // A key held while the window loses focus never sends its keyup: count leaving the window as letting go.
  window.addEventListener('blur', () => actions.pushToTalkUp());
}
