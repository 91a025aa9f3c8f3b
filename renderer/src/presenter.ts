import type { Settings } from '../../electron/common/ipc.js';
import type { Announcer } from './announcer.js';
import type { Bridge } from './bridge.js';
import type { StatusLine } from './status.js';

/**
 * Delivers a finished result through exactly one voice, so nobody hears it twice: in screen-reader mode the
 * live region carries it to the user's screen reader; otherwise Sightline's own speech service speaks it.
 * (Status and error messages always use the live regions; Sightline never speaks those itself.)
 */
export class Presenter {
  constructor(
    private readonly bridge: Bridge,
    private readonly announcer: Announcer,
    private readonly status: StatusLine,
    private readonly settings: () => Settings,
  ) {}

  present(shortStatus: string, spoken: string): void {
    this.status.quiet(shortStatus);
    if (this.settings().screenReaderMode) this.announcer.announce(spoken);
    else void this.speak(spoken);
  }

  /** Speaks with Sightline's voice; if speech fails the text still reaches the live region. */
  async speak(text: string): Promise<void> {
    try {
      await this.bridge.call('speak', { text, interrupt: true });
    } catch (err) {
      this.announcer.announce(text);
      this.status.error(`Speech failed: ${(err as Error).message}`);
    }
  }

  async stopSpeech(): Promise<void> {
    try {
      await this.bridge.call('stop-speech', {});
    } catch {
      // Nothing was speaking, or speech is unavailable: stopping is already the state the user wants.
    }
  }
}
