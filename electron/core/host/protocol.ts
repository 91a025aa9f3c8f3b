import type { SerializedError } from '../common/errors';
import type { LogRecord } from '../common/logger';

/**
 * The inference host's tasks: name → request, result and streamed event types.
 * Feature modules add their own entries by module augmentation:
 *
 *   declare module '../host/protocol' { interface HostTasks { caption: TaskTypes<CaptionRequest, CaptionResult, TokenEvent> } }
 *
 * so this file never needs editing when a model family joins.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface HostTasks {}

export interface TaskTypes<Req, Res, Ev = never> {
  readonly request: Req;
  readonly result: Res;
  readonly event: Ev;
}

export type TaskName = keyof HostTasks & string;
export type RequestOf<T extends TaskName> = HostTasks[T] extends TaskTypes<infer R, unknown, unknown> ? R : never;
export type ResultOf<T extends TaskName> = HostTasks[T] extends TaskTypes<unknown, infer R, unknown> ? R : never;
export type EventOf<T extends TaskName> = HostTasks[T] extends TaskTypes<unknown, unknown, infer E> ? E : never;

/** Owner → host. Every request carries a sequence number; replies name it. */
export type HostRequest =
  | { readonly type: 'run'; readonly seq: number; readonly task: string; readonly payload: unknown }
  | { readonly type: 'cancel'; readonly seq: number }
  | { readonly type: 'unload'; readonly seq: number };

/** Host → owner. Errors cross as `{ kind, message }` and are rebuilt by the owner with the request's seq. */
export type HostMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'result'; readonly seq: number; readonly result: unknown }
  | { readonly type: 'error'; readonly seq: number; readonly error: SerializedError }
  | { readonly type: 'event'; readonly seq: number; readonly event: unknown }
  | { readonly type: 'log'; readonly record: LogRecord };

/** What a task handler gets for one request. */
export interface TaskContext<Ev> {
  /** Aborted when the owner cancels this request; handlers check it between steps and tokens. */
  readonly signal: AbortSignal;
  /** Streams a partial result (a token, a progress step) to the owner. */
  emit(event: Ev): void;
}

/**
 * A model session behind a task, in the manner of NVDA's content recognizers: one call in, one result out,
 * cancellable through the context's signal. Sessions load lazily on first use and are reused.
 */
export interface TaskHandler<Req, Res, Ev = never> {
  run(request: Req, context: TaskContext<Ev>): Promise<Res>;
  /** Frees model sessions (called on `unload` and before the host exits). */
  dispose?(): Promise<void>;
}

export type HandlerFor<T extends TaskName> = TaskHandler<RequestOf<T>, ResultOf<T>, EventOf<T>>;
