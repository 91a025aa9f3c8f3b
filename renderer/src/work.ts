import type { EventMap } from '../../electron/common/ipc.js';
import { type Bridge, errorMessage, isCancelled, newRequestId } from './bridge.js';
import { byId } from './dom.js';
import { ProgressThrottle, percent } from './progressThrottle.js';
import type { StatusLine } from './status.js';

interface Job {
  readonly label: string;
  readonly throttle: ProgressThrottle;
}

/**
 * Runs long requests (describe, ask, transcribe, downloads): shows the busy state, the progress bar and
 * the Cancel button, announces progress at sensible intervals, and cancels everything on Escape.
 */
export class WorkTracker {
  private readonly jobs = new Map<string, Job>();
  private readonly progress = byId('work-progress', HTMLProgressElement);
  private readonly cancelButton = byId('cancel-button', HTMLButtonElement);
  private readonly stream = byId('stream-text');
  private readonly listeners = new Set<(busy: boolean) => void>();

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

  /**
   * Runs one request. Resolves to its value, or to undefined when it was cancelled or failed — the
   * failure has then already been shown and announced, so callers only handle success.
   */
  async run<T>(label: string, prefix: string, fn: (requestId: string) => Promise<T>, failure = `${label} failed`): Promise<T | undefined> {
    const requestId = newRequestId(prefix);
    this.jobs.set(requestId, { label, throttle: new ProgressThrottle() });
    this.render();
    this.status.info(`${label}…`);
    try {
      return await fn(requestId);
    } catch (err) {
      if (isCancelled(err)) this.status.error(`${label} cancelled.`);
      else this.status.error(`${failure}: ${errorMessage(err)}`);
      return undefined;
    } finally {
      this.jobs.delete(requestId);
      this.render();
    }
  }

  /** Escape and the Cancel button: asks the core to cancel every running request. True if any was running. */
  async cancelAll(): Promise<boolean> {
    const ids = [...this.jobs.keys()];
    await Promise.all(ids.map((requestId) => this.bridge.call('cancel', { requestId }).catch(() => undefined)));
    return ids.length > 0;
  }

  private onProgress(e: EventMap['progress']): void {
    const job = this.jobs.get(e.requestId);
    if (!job) return;
    if (e.fraction === null) this.progress.removeAttribute('value');
    else this.progress.value = Math.min(Math.max(e.fraction, 0), 1);
    const shown = e.fraction === null ? `${job.label}: ${e.message}` : `${job.label}: ${percent(e.fraction)}${e.message ? `, ${e.message}` : ''}`;
    if (job.throttle.shouldAnnounce(e.fraction)) this.status.info(shown);
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
