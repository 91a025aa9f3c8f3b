import { mkdir, open, rename, rm, stat, truncate } from 'node:fs/promises';
import path from 'node:path';
import { SightlineError } from '../common/errors';
import { hashFile, type HashKind } from './hashing';
import type { DownloadProgress } from '../../common/ipc';

// One shape for progress from the fetcher to the CLI's bar and across IPC to the Settings view.
export type { DownloadProgress } from '../../common/ipc';

export interface DownloadRequest {
  readonly url: string;
  /** Final path; bytes land in `<dest>.part` until size and hash check out, then are renamed in one step. */
  readonly dest: string;
  readonly label: string;
  readonly expected: { readonly kind: HashKind; readonly value: string };
  /** Exact size: a longer body is cut off here, a shorter one is resumed or refused. */
  readonly size: number | null;
  /** Rough size for progress when neither `size` nor the server's Content-Length is known; never checked against. */
  readonly approxBytes?: number;
  readonly signal?: AbortSignal;
  /** No byte for this long (connecting included) → the transfer fails (exit 6). */
  readonly idleTimeoutMs?: number;
  /** Attempts per file after a dropped connection; each resumes from what `<dest>.part` already holds. */
  readonly attempts?: number;
  readonly onProgress?: (p: DownloadProgress) => void;
}

/** A transfer with no byte for this long has stalled (issue 12: 60 s). */
export const DEFAULT_STALL_MS = 60_000;
/** Connecting and waiting for the headers never takes longer than this, so "offline" answers well within 30 s. */
const MAX_CONNECT_MS = 20_000;
/** Without an exact size (a manifest that pins a hash but no size, and no listing), no file may grow past this. */
const MAX_UNSIZED_BYTES = 8 * 1024 ** 3;

const ioError = (file: string, err: unknown) =>
  new SightlineError('io', `${file}: cannot write (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);

function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}

/** Bytes an earlier attempt (or a killed process) left in the .part file; more than the file can hold is discarded. */
async function partBytes(part: string, size: number | null): Promise<number> {
  let have = 0;
  try {
    have = (await stat(part)).size;
  } catch { /* nothing yet */ }
  if (size !== null && have > size) {
    await rm(part, { force: true });
    return 0;
  }
  return have;
}

/** Where a 206 answer says its body starts ("bytes 100-199/200"); null when the header is missing or malformed. */
function rangeStart(header: string | null): number | null {
  const m = /^bytes (\d+)-\d+\/(?:\d+|\*)$/.exec(header ?? '');
  return m ? Number(m[1]) : null;
}

interface Transfer {
  have: number;
  readonly started: number;
  readonly startBytes: number;
}

/** One attempt: GET (with Range when resuming), append to .part, never past `limit` bytes. */
async function attempt(req: DownloadRequest, part: string, t: Transfer, limit: number): Promise<void> {
  const idle = req.idleTimeoutMs ?? DEFAULT_STALL_MS;
  const controller = new AbortController();
  const onAbort = () => controller.abort(req.signal?.reason);
  req.signal?.addEventListener('abort', onAbort, { once: true });
  let stalled = false;
  const arm = (ms: number) => setTimeout(() => { stalled = true; controller.abort(new Error('stalled')); }, ms);
  let timer = arm(Math.min(idle, MAX_CONNECT_MS));
  const touch = () => {
    clearTimeout(timer);
    timer = arm(idle);
  };
  const failure = (what: string, err: unknown) => {
    if (req.signal?.aborted) return new SightlineError('cancelled', 'cancelled');
    if (stalled) return new SightlineError('network', `${req.label}: the transfer stalled (no data for ${Math.round(idle / 100) / 10} s after ${t.have} bytes)`);
    return new SightlineError('network', `${req.label}: ${what} (${networkReason(err)})`);
  };
  try {
    let res: Response;
    try {
      res = await fetch(req.url, { headers: t.have > 0 ? { Range: `bytes=${t.have}-` } : {}, signal: controller.signal, redirect: 'follow' });
    } catch (err) {
      throw failure(`cannot reach ${new URL(req.url).host}`, err);
    }
    touch();
    if (res.status === 416 && req.size !== null && t.have === req.size) {
      await res.body?.cancel();
      return;
    }
    if (res.status !== 200 && res.status !== 206) {
      await res.body?.cancel();
      throw new SightlineError('network', `${req.label}: server answered ${res.status} ${res.statusText} for ${req.url}`);
    }
    // A server that ignores Range (200) or answers from another offset would make us append the wrong bytes:
    // start over instead. (The final hash would catch it, but only after a wasted download.)
    if (t.have > 0 && (res.status === 200 || rangeStart(res.headers.get('content-range')) !== t.have)) {
      try {
        await truncate(part, 0);
      } catch (err) {
        await res.body?.cancel();
        throw ioError(part, err);
      }
      t.have = 0;
      if (res.status !== 200) {
        await res.body?.cancel();
        throw new SightlineError('network', `${req.label}: connection lost (the server answered a resume from the wrong offset)`);
      }
    }
    // Exact size first, then what the server announces, then the listing's rounded figure (progress only).
    const announced = Number(res.headers.get('content-length'));
    const total = req.size ?? (announced > 0 ? announced + t.have : req.approxBytes ?? 0);
    let handle;
    try {
      handle = await open(part, t.have > 0 ? 'a' : 'w');
    } catch (err) {
      await res.body?.cancel();
      throw ioError(part, err);
    }
    const reader = res.body!.getReader();
    try {
      while (t.have < limit) {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (err) {
          throw failure(`connection lost after ${t.have} bytes`, err);
        }
        if (chunk.done) break;
        touch();
        // A body longer than the file is cut off at its size: the extra bytes are never written.
        const bytes = chunk.value.byteLength > limit - t.have ? chunk.value.subarray(0, limit - t.have) : chunk.value;
        try {
          await handle.write(bytes);
        } catch (err) {
          throw ioError(part, err);
        }
        t.have += bytes.byteLength;
        const seconds = Math.max(0.001, (performance.now() - t.started) / 1000);
        const rate = (t.have - t.startBytes) / seconds;
        const shownTotal = Math.max(total, t.have); // a rounded estimate can fall short of the real size
        req.onProgress?.({ file: req.label, receivedBytes: t.have, totalBytes: shownTotal, bytesPerSecond: rate, etaSeconds: rate > 0 && shownTotal ? Math.max(0, (shownTotal - t.have) / rate) : null });
      }
      try {
        await handle.sync();
      } catch (err) {
        throw ioError(part, err);
      }
    } finally {
      await reader.cancel().catch(() => undefined);
      await handle.close().catch(() => undefined);
    }
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', onAbort);
  }
}

const retryable = (err: unknown) => (err as SightlineError).kind === 'network' && /connection lost/.test((err as Error).message);

/**
 * Downloads one file: resumable (HTTP Range into `<dest>.part`), never longer than its size, and renamed into place
 * only when the bytes on disk — the very file that is renamed — have the expected size and hash. A mismatching file
 * is deleted, never installed. Callers hold the models root's fetch lock (fetchLock.ts), so no other writer touches
 * the .part file meanwhile.
 */
export async function downloadFile(req: DownloadRequest): Promise<void> {
  const part = `${req.dest}.part`;
  try {
    await mkdir(path.dirname(req.dest), { recursive: true });
  } catch (err) {
    throw ioError(path.dirname(req.dest), err);
  }
  const limit = req.size ?? MAX_UNSIZED_BYTES;
  const attempts = req.attempts ?? 3;
  const resumedFrom = await partBytes(part, req.size);
  const t: Transfer = { have: resumedFrom, started: performance.now(), startBytes: resumedFrom };
  for (let fresh = 0; ; fresh++) {
    let lastError: unknown;
    for (let i = 0; i < attempts; i++) {
      try {
        if (t.have < limit) await attempt(req, part, t, limit);
        lastError = undefined;
        break;
      } catch (err) {
        lastError = err;
        if (!retryable(err)) break; // a refused connection, a stall, a 404, a full disk or a cancel is not worth repeating
      }
    }
    if (lastError) throw lastError;
    // The hash is taken over the file on disk, after sync: what is checked is what gets renamed.
    let onDisk: number;
    try {
      onDisk = (await stat(part)).size;
    } catch (err) {
      throw ioError(part, err);
    }
    if (req.size !== null && onDisk !== req.size) {
      await rm(part, { force: true });
      throw new SightlineError('network', `${req.label}: received ${onDisk} bytes, expected ${req.size}; the partial file was discarded`);
    }
    const digest = await hashFile(part, req.expected.kind, onDisk);
    if (digest === req.expected.value) break;
    await rm(part, { force: true });
    // Bytes left by an earlier run may be what was wrong: one fresh download before giving up.
    if (resumedFrom > 0 && fresh === 0) {
      t.have = 0;
      continue;
    }
    throw new SightlineError('network', `${req.label}: ${req.expected.kind} mismatch (got ${digest.slice(0, 12)}…, expected ${req.expected.value.slice(0, 12)}…); the download was discarded`);
  }
  try {
    await rename(part, req.dest);
  } catch (err) {
    throw ioError(req.dest, err);
  }
}
