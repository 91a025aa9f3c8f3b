import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { deserializeError, SightlineError } from '../common/errors';
import { createLogger, emitLogRecord } from '../common/logger';
import type { EventOf, HostMessage, HostRequest, RequestOf, ResultOf, TaskName } from './protocol';

/** Why the host's worker went away: a closed list, logged and reported to whoever was waiting. */
export type HostExitReason = 'crashed' | 'hung' | 'disposed';

export interface InferenceHostOptions {
  /** Kill and restart the worker when one request runs longer than this (a hung model). */
  readonly requestTimeoutMs?: number;
  /** Extra environment for the worker (e.g. SIGHTLINE_MODELS, SIGHTLINE_PACK). */
  readonly env?: Readonly<Record<string, string>>;
  /** Worker heap limit; inference memory lives outside the JS heap, so this guards only JS leaks. */
  readonly maxOldGenerationSizeMb?: number;
  /** Called when the worker exits unexpectedly; the next request starts a fresh one. */
  readonly onExit?: (reason: HostExitReason, detail: string) => void;
}

export interface RunOptions<Ev> {
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: Ev) => void;
  /** Bytes to move, not copy, into the worker (encoded images, audio). */
  readonly transfer?: ArrayBuffer[];
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: SightlineError) => void;
  readonly onEvent?: (event: unknown) => void;
  readonly task: string;
  readonly signal?: AbortSignal;
  timer?: NodeJS.Timeout;
}

const log = createLogger('inference-host');
const WORKER_ENTRY = path.join(__dirname, 'hostWorker.js');

/**
 * Owns the inference worker: queues typed requests to it, rebuilds errors, forwards its logs, and
 * restarts it after a crash or hang. Nothing here imports Electron, so the CLI, the harness and
 * Electron's main process share it.
 */
export class InferenceHost {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  private disposed = false;
  private readonly options: Readonly<InferenceHostOptions>;

  constructor(options: InferenceHostOptions = {}) {
    this.options = Object.freeze({ ...options });
  }

  run<T extends TaskName>(task: T, request: RequestOf<T>, options: RunOptions<EventOf<T>> = {}): Promise<ResultOf<T>> {
    if (this.disposed) return Promise.reject(new SightlineError('internal', 'inference host disposed'));
    if (options.signal?.aborted) return Promise.reject(new SightlineError('cancelled', 'cancelled'));
    const seq = ++this.seq;
    const worker = this.ensureWorker();
    return new Promise<ResultOf<T>>((resolve, reject) => {
      const entry: Pending = {
        resolve: resolve as (v: unknown) => void,
        reject,
        onEvent: options.onEvent as ((e: unknown) => void) | undefined,
        task,
        signal: options.signal,
      };
      this.pending.set(seq, entry);
      worker.ref();
      const timeoutMs = this.options.requestTimeoutMs;
      if (timeoutMs) {
        entry.timer = setTimeout(() => this.recycle('hung', `${task} request ${seq} ran over ${timeoutMs} ms`), timeoutMs);
      }
      options.signal?.addEventListener('abort', () => this.post({ type: 'cancel', seq }), { once: true });
      this.post({ type: 'run', seq, task, payload: request }, options.transfer);
    });
  }

  /** Frees every loaded model session but keeps the worker. */
  async unload(): Promise<void> {
    if (!this.worker) return;
    const seq = ++this.seq;
    await new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject, task: 'unload' });
      this.worker?.ref();
      this.post({ type: 'unload', seq });
    });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new SightlineError('cancelled', 'inference host closed'));
    if (worker) await worker.terminate();
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_ENTRY, {
      env: { ...process.env, ...this.options.env },
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxOldGenerationSizeMb ?? 2048 },
      stdout: false,
      stderr: false,
    });
    worker.on('message', (message: HostMessage) => this.onMessage(message));
    worker.on('error', (err) => this.onWorkerGone(worker, 'crashed', err.message));
    worker.on('exit', (code) => this.onWorkerGone(worker, 'crashed', `exit code ${code}`));
    // The worker must not keep a CLI alive once nothing is pending.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private post(message: HostRequest, transfer?: ArrayBuffer[]): void {
    this.worker?.postMessage(message, transfer);
  }

  private onMessage(message: HostMessage): void {
    switch (message.type) {
      case 'ready':
        return;
      case 'log':
        emitLogRecord({ ...message.record, scope: `host/${message.record.scope}` });
        return;
      case 'event':
        this.pending.get(message.seq)?.onEvent?.(message.event);
        return;
      case 'result':
      case 'error': {
        const entry = this.pending.get(message.seq);
        if (!entry) return;
        this.pending.delete(message.seq);
        if (entry.timer) clearTimeout(entry.timer);
        if (this.pending.size === 0) this.worker?.unref();
        // A request cancelled before its result came back is cancelled, even when the worker finished first (the
        // cancel crossed the result on its way): the caller has moved on and must not act on a stale answer.
        if (message.type === 'result' && entry.signal?.aborted) entry.reject(new SightlineError('cancelled', 'cancelled'));
        else if (message.type === 'result') entry.resolve(message.result);
        else entry.reject(deserializeError(message.error));
        return;
      }
    }
  }

  /** Terminates a hung worker; pending requests fail and the next request starts a fresh worker. */
  private recycle(reason: HostExitReason, detail: string): void {
    const worker = this.worker;
    if (!worker) return;
    this.onWorkerGone(worker, reason, detail);
    void worker.terminate();
  }

  private onWorkerGone(worker: Worker, reason: HostExitReason, detail: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    if (this.disposed) return;
    log.error(`inference host ${reason}: ${detail}`);
    const kind = reason === 'hung' ? 'timeout' : 'host-crashed';
    this.failAll(new SightlineError(kind, reason === 'hung' ? `inference timed out (${detail})` : `inference host crashed (${detail})`));
    this.options.onExit?.(reason, detail);
  }

  private failAll(err: SightlineError): void {
    for (const [, entry] of this.pending) {
      if (entry.timer) clearTimeout(entry.timer);
      entry.reject(err);
    }
    this.pending.clear();
  }
}
