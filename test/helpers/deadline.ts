import { spawnSync, type SpawnSyncOptions, type SpawnSyncOptionsWithBufferEncoding, type SpawnSyncOptionsWithStringEncoding, type SpawnSyncReturns } from 'node:child_process';
/**
 * Every wait in a test has a deadline and, when it passes, fails saying what it was waiting for: a test that
 * would otherwise hang (an engine that never writes audio, a socket that never answers) fails in seconds instead.
 */
const DEFAULT_TIMEOUT_MS = 15_000;

/** Resolves as `promise` does, or rejects after `timeoutMs` with "timed out after N ms waiting for <what>". */
export function withDeadline<T>(promise: Promise<T>, what: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/** Polls `condition` every `intervalMs` until it holds, or fails after `timeoutMs` naming `what`. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = DEFAULT_TIMEOUT_MS, intervalMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * spawnSync with a deadline: a child that hangs would block the event loop, so no other timer could fire. Past
 * the limit the child is killed and this throws, naming the command.
 */
export function runSync(
  command: string,
  args: readonly string[],
  options: SpawnSyncOptionsWithStringEncoding | SpawnSyncOptionsWithBufferEncoding | SpawnSyncOptions = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): SpawnSyncReturns<any> {
  const timeout = options.timeout ?? 120_000;
  const result = spawnSync(command, args, { ...options, timeout, killSignal: 'SIGKILL' });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT') {
    throw new Error(`timed out after ${timeout} ms waiting for ${[command, ...args].join(' ').slice(0, 200)}`);
  }
  return result;
}
