/**
 * Crash-safe JSON files for settings and history. A write goes to a fresh temp file beside the target, is
 * fsynced, then renamed over it, so at every instant the target holds either the old or the new document,
 * never half of one. A file that does not parse is moved aside (kept for the user) and reported, never fatal.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { SightlineError } from '../common/errors';

export type JsonRead =
  | { readonly state: 'missing' }
  | { readonly state: 'ok'; readonly value: unknown }
  | { readonly state: 'corrupt'; readonly reason: string; readonly movedTo: string | null };

const TEMP_SUFFIX = '.tmp';

const tempNameFor = (file: string) => `${file}.${process.pid}-${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`;

/** Writes `value` as JSON to `file` atomically (temp file + fsync + rename, then the folder is fsynced). */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  const temp = tempNameFor(file);
  const body = `${JSON.stringify(value, null, 2)}\n`;
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
    const handle = await fs.open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(body, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, file);
  } catch (err) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw new SightlineError('io', `${file}: cannot save (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
  await syncFolder(path.dirname(file));
}

/** Makes the rename itself durable. Windows cannot open folders for syncing; rename is already atomic there. */
async function syncFolder(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  let handle;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on folders; the data itself was synced before the rename.
  } finally {
    await handle?.close();
  }
}

/** Temp files left by a write that was killed before its rename; the target file is intact, these are debris. */
export async function removeStaleTemps(file: string): Promise<string[]> {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.`;
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const stale = names.filter((n) => n.startsWith(prefix) && n.endsWith(TEMP_SUFFIX));
  await Promise.all(stale.map((n) => fs.rm(path.join(dir, n), { force: true })));
  return stale;
}

/**
 * Reads a JSON file. A missing file is normal (first start). A file that cannot be parsed, or is larger than
 * `maxBytes`, is renamed to `<file>.corrupt-<time>` so the next save does not destroy what the user might want to
 * recover. A UTF-8 byte-order mark (which some editors add) is accepted.
 */
export async function readJson(file: string, maxBytes: number): Promise<JsonRead> {
  let text: string;
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return { state: 'corrupt', reason: 'is not a regular file', movedTo: await moveAside(file) };
    if (stat.size > maxBytes) {
      return { state: 'corrupt', reason: `is ${stat.size} bytes, over the ${maxBytes}-byte limit`, movedTo: await moveAside(file) };
    }
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { state: 'missing' };
    return { state: 'corrupt', reason: `cannot be read (${code ?? (err as Error).message})`, movedTo: null };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return { state: 'ok', value: JSON.parse(text) as unknown };
  } catch (err) {
    // The parser quotes the bad character; control characters would garble a log line or a spoken message.
    const detail = ((err as Error).message.split('\n')[0] ?? '').replace(/[\u0000-\u001f\u007f]/g, '?');
    const reason = text.trim() === '' ? 'is empty' : `is not valid JSON (${detail})`;
    return { state: 'corrupt', reason, movedTo: await moveAside(file) };
  }
}

/** Renames a bad file out of the way; returns where it went, or null if even that failed. */
export async function moveAside(file: string): Promise<string | null> {
  // A random part keeps two moves in the same millisecond (two damaged loads in a row) from overwriting each other.
  const target = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
  try {
    await fs.rename(file, target);
    return target;
  } catch {
    return null;
  }
}

/** What a load tells the user when it had to set a file aside: where the original now is. */
export function keptAs(movedTo: string | null): string {
  return movedTo ? ` (the old file was kept as ${path.basename(movedTo)})` : '';
}

/** Runs writes one after another so two quick saves never race each other's renames. */
export function createWriteQueue(): <T>(job: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(job: () => Promise<T>) => {
    const next = tail.then(job, job);
    tail = next.catch(() => undefined);
    return next;
  };
}
