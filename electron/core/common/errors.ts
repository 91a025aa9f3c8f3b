/**
 * The closed list of failure kinds that cross process and worker boundaries.
 * Errors travel as `{ kind, message }` (never as class instances) and are rebuilt on the other side,
 * so every layer — CLI exit codes, IPC replies, spoken error messages — agrees on what went wrong.
 */
import { printable } from './printable';

export const ERROR_KINDS = Object.freeze([
  'usage',          // the caller asked for something malformed
  'bad-input',      // an image, audio file or text that cannot be used
  'model-missing',  // a model file is absent or fails its checksum
  'cancelled',      // the caller cancelled the request
  'timeout',        // the work took longer than its limit
  'host-crashed',   // the inference host died while the request was in flight
  'network',        // a download failed (only `models fetch` touches the network)
  'io',             // a file could not be written
  'speech',         // no speech engine or voice can speak here, or the engine produced no audio
  'internal',       // a bug: anything not classified above
] as const);

export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface SerializedError {
  readonly kind: ErrorKind;
  readonly message: string;
}

export class SightlineError extends Error {
  readonly kind: ErrorKind;
  constructor(kind: ErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SightlineError';
    this.kind = kind;
  }
}

/** CLI exit codes, one per kind, as documented in the README. */
export const EXIT_CODES: Readonly<Record<ErrorKind, number>> = Object.freeze({
  usage: 2,
  'bad-input': 3,
  'model-missing': 4,
  cancelled: 130,
  timeout: 5,
  'host-crashed': 5,
  network: 6,
  io: 7,
  speech: 8,
  internal: 1,
});

/** What each exit code means, for `sightline --help` and the README. */
export const EXIT_CODE_MEANINGS: Readonly<Record<number, string>> = Object.freeze({
  0: 'ok',
  1: 'internal error (a bug)',
  2: 'usage',
  3: 'bad input',
  4: 'model missing or corrupt',
  5: 'inference crashed or timed out',
  6: 'network failure',
  7: 'a file could not be written',
  8: 'speech failed (no engine or voice, or no audio output)',
  130: 'cancelled',
});

export function isErrorKind(value: unknown): value is ErrorKind {
  return typeof value === 'string' && (ERROR_KINDS as readonly string[]).includes(value);
}

export function toSightlineError(err: unknown): SightlineError {
  if (err instanceof SightlineError) return err;
  if (err instanceof Error && err.name === 'AbortError') return new SightlineError('cancelled', 'cancelled', { cause: err });
  const message = err instanceof Error ? err.message : String(err);
  return new SightlineError('internal', message.split('\n')[0] ?? 'unknown error', { cause: err });
}

/** What crosses a boundary: one printable line (messages end up spoken, logged, or in a live region). */
export function serializeError(err: unknown): SerializedError {
  const e = toSightlineError(err);
  return { kind: e.kind, message: printable(e.message) };
}

export function deserializeError(data: SerializedError, context?: string): SightlineError {
  const kind = isErrorKind(data.kind) ? data.kind : 'internal';
  return new SightlineError(kind, context ? `${data.message} (${context})` : data.message);
}
