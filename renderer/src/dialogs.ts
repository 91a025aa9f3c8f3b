/** Every focusable element a dialog may hold, in tab order. */
const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Modal dialogs on the native <dialog>: showModal makes the page behind inert, Tab wraps inside the
 * dialog (so focus never escapes to the browser's chrome), Escape closes it, and focus returns to the
 * control that opened it.
 */
export class ModalDialogs {
  open(dialog: HTMLDialogElement, initialFocus?: HTMLElement): void {
    if (dialog.open) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const onKey = (e: KeyboardEvent) => this.wrapTab(dialog, e);
    dialog.addEventListener('keydown', onKey);
    dialog.addEventListener(
      'close',
      () => {
        dialog.removeEventListener('keydown', onKey);
        if (opener?.isConnected) opener.focus();
      },
      { once: true },
    );
    dialog.showModal();
    initialFocus?.focus();
  }

  /** Resolves true for the confirming button, false for the other one or Escape. */
  confirm(dialog: HTMLDialogElement, yes: HTMLElement, no: HTMLElement): Promise<boolean> {
    return new Promise((resolve) => {
      let answer = false;
      const onYes = () => {
        answer = true;
        dialog.close();
      };
      const onNo = () => dialog.close();
      yes.addEventListener('click', onYes);
      no.addEventListener('click', onNo);
      dialog.addEventListener(
        'close',
        () => {
          yes.removeEventListener('click', onYes);
          no.removeEventListener('click', onNo);
          resolve(answer);
        },
        { once: true },
      );
      // The safe choice gets focus, so an accidental Enter keeps the history.
      this.open(dialog, no);
    });
  }

  get anyOpen(): boolean {
    return document.querySelector('dialog[open]') !== null;
  }

  private wrapTab(dialog: HTMLDialogElement, e: KeyboardEvent): void {
    if (e.key !== 'Tab') return;
    const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((x) => !x.hidden);
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  }
}
