import type { EventMap } from '../../electron/common/ipc.js';
import { type Bridge, errorMessage, isCancelled, newRequestId } from './bridge.js';
import { byId } from './dom.js';
import { ProgressThrottle, percent } from './progressThrottle.js';
import type { StatusLine } from './status.js';

interface Job {
  readonly label: string;
  readonly throttle: ProgressThrottle;
}

/** How a request ended: its value, or why not (the status line and announcement already said so). */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly cancelled: boolean; readonly message: string };

/** Unknown progress (describe, ask) is worth a word only when it takes long: "still working" every this often. */
const SLOW_WORK_ANNOUNCE_MS = 10_000;

/** "Describing mail.png: Describing mail.png" says the same thing twice; one of them is enough. */
export function progressText(label: string, message: string, fraction: number | null): string {
  const said = message.trim();
  const repeats = !said || label.toLowerCase().includes(said.toLowerCase()) || said.toLowerCase().includes(label.toLowerCase());
  const detail = repeats ? '' : said;
  if (fraction === null) return repeats ? `${label}…` : `${label}: ${detail}`;
  return `${label}: ${percent(fraction)}${detail ? `, ${detail}` : ''}`;
}

/**
 * Runs long requests (describe, ask, transcribe, downloads): shows the busy state, the progress bar and
 * the Cancel button, announces progress sparingly, and cancels everything on Escape. The start is shown,
 * not announced: focus has moved to where the result will appear, and that place says what is happening.
 */
export class WorkTracker {
  private readonly jobs = new Map<string, Job>();
  private readonly progress = byId('work-progress', HTMLProgressElement);
  private readonly cancelButton = byId('cancel-button', HTMLButtonElement);
  private readonly stream = byId('stream-text');
  private readonly listeners = new Set<(busy: boolean) => void>();
  private readonly cancelListeners = new Set<() => void>();

  constructor(private readonly bridge: Bridge, private readonly status: StatusLine) {
    this.cancelButton.addEventListener('click', () => void this.cancelAll());
    bridge.on('progress', (e) => this.onProgress(e));
    bridge.on('token', (e) => this.onToken(e));
  }

  get busy(): boolean {
    return this.jobs.size > 0;
  }

  onBusyChange(listener: (busy: boolean) => void): void {
    this.listeners.add(listener);
  }

  /** Called first when everything is cancelled (Escape, the Cancel button), before the cancel requests go out. */
  onCancel(listener: () => void): void {
    this.cancelListeners.add(listener);
  }

  /** Runs one request; failures and cancellation are shown and announced here, so callers only place the result. */
  async run<T>(label: string, prefix: string, fn: (requestId: string) => Promise<T>, failure = `${label} failed`): Promise<Outcome<T>> {
    const requestId = newRequestId(prefix);
    this.jobs.set(requestId, { label, throttle: new ProgressThrottle(0.25, SLOW_WORK_ANNOUNCE_MS) });
    this.render();
    this.status.quiet(`${label}…`);
    try {
      return { ok: true, value: await fn(requestId) };
    } catch (err) {
      const cancelled = isCancelled(err);
      const message = cancelled ? `${label} cancelled.` : `${failure}: ${errorMessage(err)}`;
      this.status.error(message);
      return { ok: false, cancelled, message };
    } finally {
      this.jobs.delete(requestId);
      this.render();
    }
  }

  /** Escape and the Cancel button: asks the core to cancel every running request. True if any was running. */
  async cancelAll(): Promise<boolean> {
    for (const listener of this.cancelListeners) listener();
    const ids = [...this.jobs.keys()];
    await Promise.all(ids.map((requestId) => this.bridge.call('cancel', { requestId }).catch(() => undefined)));
    return ids.length > 0;
  }

  private onProgress(e: EventMap['progress']): void {
    const job = this.jobs.get(e.requestId);
    if (!job) return;
    if (e.fraction === null) this.progress.removeAttribute('value');
    else this.progress.value = Math.min(Math.max(e.fraction, 0), 1);
    const shown = progressText(job.label, e.message, e.fraction);
    if (job.throttle.shouldAnnounce(e.fraction)) this.status.info(e.fraction === null ? `Still working: ${shown}` : shown);
    else this.status.quiet(shown);
  }

  /** Streamed tokens are shown as they come but not announced: the finished result is announced once. */
  private onToken(e: EventMap['token']): void {
    if (!this.jobs.has(e.requestId)) return;
    this.stream.hidden = false;
    this.stream.textContent = `${this.stream.textContent ?? ''}${e.text}`;
  }

  private render(): void {
    const busy = this.jobs.size > 0;
    this.progress.hidden = !busy;
    this.cancelButton.hidden = !busy;
    if (busy) this.progress.removeAttribute('value');
    else {
      this.stream.hidden = true;
      this.stream.textContent = '';
    }
    document.body.toggleAttribute('data-busy', busy);
    for (const listener of this.listeners) listener(busy);
  }
}
