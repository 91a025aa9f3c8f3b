import type { AnnounceMode } from '../../electron/common/ipc.js';

/** Clearing a region and refilling it a moment later makes screen readers read a repeated message again. */
const REFILL_DELAY_MS = 60;

/**
 * The single way anything reaches the user's screen reader: two live regions, polite and assertive.
 * Results follow the user's politeness setting; errors and cancellations are always assertive.
 */
export class Announcer {
  private readonly pending = new Map<HTMLElement, string[]>();

  constructor(
    private readonly polite: HTMLElement,
    private readonly assertive: HTMLElement,
    private readonly mode: () => AnnounceMode,
  ) {}

  announce(message: string, options: { urgent?: boolean } = {}): void {
    const text = message.trim();
    if (!text) return;
    const region = options.urgent || this.mode() === 'assertive' ? this.assertive : this.polite;
    const queued = this.pending.get(region);
    if (queued) {
      // Several messages in the same moment are read as one, in order, rather than overwriting each other.
      queued.push(text);
      return;
    }
    this.pending.set(region, [text]);
    region.textContent = '';
    setTimeout(() => {
      region.textContent = (this.pending.get(region) ?? []).join(' ');
      this.pending.delete(region);
    }, REFILL_DELAY_MS);
  }
}
