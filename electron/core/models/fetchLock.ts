import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SightlineError } from '../common/errors';

/**
 * One fetch at a time per models root, across processes (two `sightline models fetch` runs) and within one
 * (two IPC calls): without it, two writers append to the same `<file>.part` and the result is a corrupt file.
 *
 * The lock is a file created with O_EXCL holding its owner's pid and a random token. A lock whose owner is gone
 * (killed, crashed) is stale and is taken over; the takeover itself is serialised by a directory created with
 * mkdir (atomic), so two waiters never both remove a lock and both believe they hold the new one.
 */

export const LOCK_NAME = '.fetch.lock';
const POLL_MS = 100;
/** A takeover takes milliseconds; a takeover directory older than this was left by a killed process. */
const STALE_TAKEOVER_MS = 10_000;
/** A lock file that cannot be parsed (its owner died between creating and writing it) is stale after this. */
const UNREADABLE_GRACE_MS = 5_000;
/** Waiting for another fetch longer than this is reported instead of waiting on. */
export const DEFAULT_LOCK_WAIT_MS = 60 * 60_000;

interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly token: string;
  readonly since: string;
}

export interface LockOptions {
  readonly signal?: AbortSignal;
  /** Called once when the lock is busy, with its holder, so a CLI can say "waiting for …". */
  readonly onWait?: (holder: { pid: number; since: string }) => void;
  readonly waitMs?: number;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(file: string): Promise<Holder | 'gone' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw err;
  }
  try {
    const h = JSON.parse(text) as Holder;
    if (Number.isSafeInteger(h.pid) && typeof h.token === 'string' && typeof h.host === 'string') return h;
  } catch { /* fall through */ }
  return 'unreadable';
}

async function ageMs(file: string): Promise<number> {
  try {
    return Date.now() - (await stat(file)).mtimeMs;
  } catch {
    return 0;
  }
}

/** Removes the lock file if it still holds `expected` (its token, or its unreadable bytes): never a newer owner's lock. */
async function takeOver(file: string, isStillStale: (now: Holder | 'gone' | 'unreadable') => boolean): Promise<void> {
  const mutex = `${file}.takeover`;
  try {
    await mkdir(mutex);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    if ((await ageMs(mutex)) > STALE_TAKEOVER_MS) await rmdir(mutex).catch(() => undefined);
    return; // someone else is taking over; look again
  }
  try {
    if (isStillStale(await readHolder(file))) await unlink(file).catch(() => undefined);
  } finally {
    await rmdir(mutex).catch(() => undefined);
  }
}

/** Holds the models root's fetch lock while `work` runs. */
export async function withFetchLock<T>(root: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const file = path.join(root, LOCK_NAME);
  const me: Holder = { pid: process.pid, host: os.hostname(), token: randomBytes(12).toString('hex'), since: new Date().toISOString() };
  const deadline = Date.now() + (options.waitMs ?? DEFAULT_LOCK_WAIT_MS);
  let told = false;
  try {
    await mkdir(root, { recursive: true });
  } catch (err) {
    throw new SightlineError('io', `${root}: cannot write (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  for (;;) {
    if (options.signal?.aborted) throw new SightlineError('cancelled', 'cancelled');
    try {
      await writeFile(file, JSON.stringify(me), { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new SightlineError('io', `${file}: cannot write (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    const holder = await readHolder(file);
    if (holder === 'gone') continue;
    if (holder === 'unreadable') {
      if ((await ageMs(file)) > UNREADABLE_GRACE_MS) await takeOver(file, (now) => now === 'unreadable');
    } else if (holder.host === me.host && !alive(holder.pid)) {
      await takeOver(file, (now) => typeof now === 'object' && now.token === holder.token);
      continue;
    } else {
      if (!told) options.onWait?.({ pid: holder.pid, since: holder.since });
      told = true;
      if (Date.now() > deadline) throw new SightlineError('timeout', `another fetch (pid ${holder.pid}, since ${holder.since}) still holds ${file}; try again when it ends`);
    }
    await sleep(POLL_MS, undefined, { signal: options.signal }).catch(() => undefined);
  }
  try {
    return await work();
  } finally {
    const now = await readHolder(file).catch(() => 'gone' as const);
    if (typeof now === 'object' && now.token === me.token) await unlink(file).catch(() => undefined);
  }
}
