import { SightlineError } from '../common/errors';
import type { TaskHandler, TaskTypes } from './protocol';

/**
 * A task that exercises the host itself — echo, sleep (cancellable), crash, hang — so the queue, cancellation and
 * crash/hang recovery are tested on the real worker. Refused unless SIGHTLINE_DIAGNOSTIC_TASKS=1 is in the worker's
 * environment, which only tests set.
 */
export type DiagnosticRequest =
  | { readonly action: 'echo'; readonly value: unknown }
  | { readonly action: 'sleep'; readonly ms: number; readonly ticks?: number }
  | { readonly action: 'crash' }
  | { readonly action: 'hang'; readonly ms: number }
  | { readonly action: 'fail'; readonly kind: 'bad-input' | 'model-missing'; readonly message: string };

export interface DiagnosticEvent {
  readonly tick: number;
}

declare module './protocol' {
  interface HostTasks {
    diagnostic: TaskTypes<DiagnosticRequest, unknown, DiagnosticEvent>;
  }
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new SightlineError('cancelled', 'cancelled'));
    }, { once: true });
  });

export function createDiagnosticTask(): TaskHandler<DiagnosticRequest, unknown, DiagnosticEvent> {
  if (process.env.SIGHTLINE_DIAGNOSTIC_TASKS !== '1') throw new SightlineError('usage', 'unknown task "diagnostic"');
  return {
    async run(request, { signal, emit }) {
      switch (request.action) {
        case 'echo':
          return request.value;
        case 'sleep': {
          const ticks = request.ticks ?? 1;
          for (let tick = 1; tick <= ticks; tick++) {
            await sleep(request.ms / ticks, signal);
            emit({ tick });
          }
          return { slept: request.ms };
        }
        case 'crash':
          process.exit(70);
        // eslint-disable-next-line no-fallthrough
        case 'hang': {
          const until = Date.now() + request.ms;
          while (Date.now() < until) { /* blocks the worker's event loop, as a stuck native call would */ }
          return { hung: request.ms };
        }
        case 'fail':
          throw new SightlineError(request.kind, request.message);
      }
    },
  };
}
