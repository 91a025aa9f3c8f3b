/**
 * One leveled logger per process. Logs go to stderr so stdout stays machine-readable (`--json`).
 * Workers do not print: they forward records to their owner, which logs them with the worker's name.
 */
import { printable } from './printable';

export const LOG_LEVELS = Object.freeze(['debug', 'info', 'warn', 'error', 'silent'] as const);
export type LogLevel = (typeof LOG_LEVELS)[number];

const RANK: Readonly<Record<LogLevel, number>> = Object.freeze({ debug: 10, info: 20, warn: 30, error: 40, silent: 100 });

export interface LogRecord {
  readonly level: Exclude<LogLevel, 'silent'>;
  readonly scope: string;
  readonly message: string;
}

export type LogSink = (record: LogRecord) => void;

function parseLevel(value: string | undefined): LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value ?? '') ? (value as LogLevel) : 'warn';
}

// One record, one line: whatever a message echoes (file names, page input) cannot break or reorder it.
const stderrSink: LogSink = (r) => {
  process.stderr.write(`[${r.level}] ${r.scope}: ${printable(r.message)}\n`);
};

let threshold: LogLevel = parseLevel(process.env.SIGHTLINE_LOG);
let sink: LogSink = stderrSink;

export function setLogLevel(level: LogLevel): void {
  threshold = level;
}

/** Replaces where records go (a worker forwards them to its owner). */
export function setLogSink(next: LogSink): void {
  sink = next;
}

export function emitLogRecord(record: LogRecord): void {
  if (RANK[record.level] >= RANK[threshold]) sink(record);
}

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function createLogger(scope: string): Logger {
  const at = (level: LogRecord['level']) => (message: string) => emitLogRecord({ level, scope, message });
  return Object.freeze({ debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') });
}
