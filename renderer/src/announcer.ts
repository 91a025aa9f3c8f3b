import type { AnnounceMode } from '../../electron/common/ipc.js';
import { oneLine } from './oneLine.js';

/** Clearing a region and refilling it a moment later makes screen readers read a repeated message again. */
const REFILL_DELAY_MS = 60;

export interface AnnouncerMode {
  readonly politeness: AnnounceMode;
  /** Screen-reader mode in force: the live regions speak (through the user's screen reader), Sightline does not. */
  readonly screenReader: boolean;
}

/**
 * The single way a message reaches the user, one line of at most 160 characters: in screen-reader mode through
 * two live regions (polite, assertive) for the user's screen reader; otherwise spoken by Sightline, so people
 * without a screen reader hear it too and nobody hears it twice. Errors are always assertive (and interrupt).
 */
export class Announcer {
  private readonly pending = new Map<HTMLElement, string[]>();

  constructor(
    private readonly polite: HTMLElement,
    private readonly assertive: HTMLElement,
    private readonly mode: () => AnnouncerMode,
    private readonly speak: (text: string) => void,
  ) {}

  announce(message: string, options: { urgent?: boolean } = {}): void {
    const text = oneLine(message);
    if (!text) return;
    const mode = this.mode();
    if (!mode.screenReader) {
      this.speak(text);
      return;
    }
    this.toRegion(text, options.urgent === true || mode.politeness === 'assertive');
  }

  /** Speech the core could not sound: straight to the live regions, never spoken again (that would loop). */
  relay(message: string, urgent: boolean): void {
    const text = message.trim();
    if (text) this.toRegion(text, urgent || this.mode().politeness === 'assertive');
  }

  private toRegion(text: string, urgent: boolean): void {
    const region = urgent ? this.assertive : this.polite;
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
