/**
 * The inference host's worker-thread entry. It owns every model session so that the caller's thread
 * (Electron main, the CLI, the harness) never blocks on inference. Requests run one at a time in
 * arrival order; a queued request can be cancelled before it starts, a running one through its signal.
 */
import { parentPort } from 'node:worker_threads';
import { serializeError, SightlineError } from '../common/errors';
import { setLogSink, createLogger } from '../common/logger';
import type { HostMessage, HostRequest, TaskHandler } from './protocol';
import { TASK_LOADERS } from './tasks';

if (!parentPort) throw new Error('hostWorker must run in a worker thread');
const port = parentPort;
const post = (message: HostMessage) => port.postMessage(message);

setLogSink((record) => post({ type: 'log', record }));
const log = createLogger('host');

type AnyHandler = TaskHandler<unknown, unknown, unknown>;
const handlers = new Map<string, Promise<AnyHandler>>();
const queue: Array<Extract<HostRequest, { type: 'run' }>> = [];
const running = new Map<number, AbortController>();
let busy = false;

function handlerFor(task: string): Promise<AnyHandler> {
  const loader = Object.prototype.hasOwnProperty.call(TASK_LOADERS, task) ? TASK_LOADERS[task] : undefined;
  if (!loader) return Promise.reject(new SightlineError('usage', `unknown task "${task}"`));
  let pending = handlers.get(task);
  if (!pending) {
    const started = Date.now();
    pending = loader().then((h) => {
      log.info(`${task} ready in ${Date.now() - started} ms`);
      return h;
    });
    // A failed load (missing model) is not cached: the user may install the model and ask again.
    pending.catch(() => handlers.delete(task));
    handlers.set(task, pending);
  }
  return pending;
}

async function runNext(): Promise<void> {
  if (busy) return;
  const request = queue.shift();
  if (!request) return;
  busy = true;
  const controller = new AbortController();
  running.set(request.seq, controller);
  try {
    const handler = await handlerFor(request.task);
    if (controller.signal.aborted) throw new SightlineError('cancelled', 'cancelled');
    const result = await handler.run(request.payload, {
      signal: controller.signal,
      emit: (event) => post({ type: 'event', seq: request.seq, event }),
    });
    if (controller.signal.aborted) throw new SightlineError('cancelled', 'cancelled');
    post({ type: 'result', seq: request.seq, result });
  } catch (err) {
    post({ type: 'error', seq: request.seq, error: controller.signal.aborted ? { kind: 'cancelled', message: 'cancelled' } : serializeError(err) });
  } finally {
    running.delete(request.seq);
    busy = false;
    setImmediate(() => void runNext());
  }
}

async function unloadAll(): Promise<void> {
  const loaded = [...handlers.values()];
  handlers.clear();
  for (const pending of loaded) {
    try {
      await (await pending).dispose?.();
    } catch (err) {
      log.warn(`dispose failed: ${(err as Error).message}`);
    }
  }
}

port.on('message', (request: HostRequest) => {
  switch (request.type) {
    case 'run':
      queue.push(request);
      void runNext();
      return;
    case 'cancel': {
      const index = queue.findIndex((r) => r.seq === request.seq);
      if (index >= 0) {
        queue.splice(index, 1);
        post({ type: 'error', seq: request.seq, error: { kind: 'cancelled', message: 'cancelled' } });
      }
      running.get(request.seq)?.abort();
      return;
    }
    case 'unload':
      void unloadAll().then(() => post({ type: 'result', seq: request.seq, result: null }));
      return;
  }
});

post({ type: 'ready' });
