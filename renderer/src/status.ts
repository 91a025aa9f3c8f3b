import type { Announcer } from './announcer.js';
import { byId } from './dom.js';

/**
 * The visible status line in the Status panel. It is not a live region itself (the announcer is),
 * so each message is shown here and spoken once, never twice.
 */
export class StatusLine {
  private readonly text = byId('status-text');

  constructor(private readonly announcer: Announcer) {}

  info(message: string, options: { announce?: boolean } = {}): void {
    this.text.textContent = message;
    this.text.classList.remove('error');
    if (options.announce !== false) this.announcer.announce(message);
  }

  error(message: string): void {
    this.text.textContent = message;
    this.text.classList.add('error');
    this.announcer.announce(message, { urgent: true });
  }

  /** Shown without being spoken: for fine-grained progress the screen reader gets only at intervals. */
  quiet(message: string): void {
    this.text.textContent = message;
    this.text.classList.remove('error');
  }
}
