import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { SightlineError } from '../common/errors';
import { startHash, type HashKind } from './hashing';
import type { DownloadProgress } from '../../common/ipc';

// One shape for progress from the fetcher to the CLI's bar and across IPC to the Settings view.
export type { DownloadProgress } from '../../common/ipc';

export interface DownloadRequest {
  readonly url: string;
  /** Final path; bytes land in `<dest>.part` until size and hash check out, then are renamed in one step. */
  readonly dest: string;
  readonly label: string;
  readonly expected: { readonly kind: HashKind; readonly value: string };
  readonly size: number | null;
  /** Rough size for progress when neither `size` nor the server's Content-Length is known; never checked against. */
  readonly approxBytes?: number;
  readonly signal?: AbortSignal;
  /** No byte for this long (connecting included) → the attempt fails. */
  readonly idleTimeoutMs?: number;
  /** Attempts per file; each resumes from what `<dest>.part` already holds. */
  readonly attempts?: number;
  readonly onProgress?: (p: DownloadProgress) => void;
}

const ioError = (file: string, err: unknown) =>
  new SightlineError('io', `${file}: cannot write (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);

function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}

/** Hashes what an earlier attempt left in the .part file, so a resumed download is still checked end to end. */
async function resumeState(part: string, kind: HashKind, size: number | null) {
  let have = 0;
  try {
    have = (await stat(part)).size;
  } catch { /* nothing yet */ }
  if (size !== null && have > size) {
    await rm(part, { force: true });
    have = 0;
  }
  const hash = startHash(kind, size ?? 0);
  if (have > 0) for await (const chunk of createReadStream(part)) hash.update(chunk as Buffer);
  return { have, hash };
}

/** One attempt: GET (with Range when resuming), append to .part, return bytes now in .part. */
async function attempt(req: DownloadRequest, part: string, state: Awaited<ReturnType<typeof resumeState>>, started: number, startBytes: number): Promise<number> {
  const idle = req.idleTimeoutMs ?? 15_000;
  const controller = new AbortController();
  const onAbort = () => controller.abort(req.signal?.reason);
  req.signal?.addEventListener('abort', onAbort, { once: true });
  let timer = setTimeout(() => controller.abort(new Error('timed out')), idle);
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new Error(`no data for ${idle / 1000} s`)), idle);
  };
  try {
    let res: Response;
    try {
      res = await fetch(req.url, { headers: state.have > 0 ? { Range: `bytes=${state.have}-` } : {}, signal: controller.signal, redirect: 'follow' });
    } catch (err) {
      if (req.signal?.aborted) throw new SightlineError('cancelled', 'cancelled');
      throw new SightlineError('network', `${req.label}: cannot reach ${new URL(req.url).host} (${networkReason(err)})`);
    }
    if (res.status === 416 && req.size !== null && state.have === req.size) return state.have;
    if (res.status !== 200 && res.status !== 206) {
      await res.body?.cancel();
      throw new SightlineError('network', `${req.label}: server answered ${res.status} ${res.statusText} for ${req.url}`);
    }
    if (res.status === 200 && state.have > 0) {
      // The server ignored the Range header: start over rather than append a second copy.
      await rm(part, { force: true });
      state.have = 0;
      state.hash = startHash(req.expected.kind, req.size ?? 0);
    }
    // Exact size first, then what the server announces, then the listing's rounded figure (progress only).
    const announced = Number(res.headers.get('content-length'));
    const total = req.size ?? (announced > 0 ? announced + state.have : req.approxBytes ?? 0);
    let handle;
    try {
      handle = await open(part, state.have > 0 ? 'a' : 'w');
    } catch (err) {
      await res.body?.cancel();
      throw ioError(part, err);
    }
    try {
      const reader = res.body!.getReader();
      for (;;) {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (err) {
          if (req.signal?.aborted) throw new SightlineError('cancelled', 'cancelled');
          throw new SightlineError('network', `${req.label}: connection lost after ${state.have} bytes (${networkReason(err)})`);
        }
        if (chunk.done) break;
        touch();
        try {
          await handle.write(chunk.value);
        } catch (err) {
          await reader.cancel().catch(() => undefined);
          throw ioError(part, err);
        }
        state.hash.update(chunk.value);
        state.have += chunk.value.byteLength;
        const seconds = Math.max(0.001, (performance.now() - started) / 1000);
        const rate = (state.have - startBytes) / seconds;
        const shownTotal = Math.max(total, state.have); // a rounded estimate can fall short of the real size
        req.onProgress?.({ file: req.label, receivedBytes: state.have, totalBytes: shownTotal, bytesPerSecond: rate, etaSeconds: rate > 0 && shownTotal ? Math.max(0, (shownTotal - state.have) / rate) : null });
      }
      try {
        await handle.sync();
      } catch (err) {
        throw ioError(part, err);
      }
    } finally {
      await handle.close().catch(() => undefined);
    }
    return state.have;
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Downloads one file: resumable (HTTP Range into `<dest>.part`), hashed as it streams, renamed into place only
 * when size and hash match. A mismatching file is deleted, never installed.
 */
export async function downloadFile(req: DownloadRequest): Promise<void> {
  const part = `${req.dest}.part`;
  try {
    await mkdir(path.dirname(req.dest), { recursive: true });
  } catch (err) {
    throw ioError(path.dirname(req.dest), err);
  }
  const attempts = req.attempts ?? 3;
  const state = await resumeState(part, req.expected.kind, req.size);
  const started = performance.now();
  const startBytes = state.have;
  let lastError: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      if (req.size === null || state.have < req.size) await attempt(req, part, state, started, startBytes);
      lastError = undefined;
      break;
    } catch (err) {
      lastError = err;
      const kind = (err as SightlineError).kind;
      // Only a broken transfer is worth retrying; a refused connection, a 404, a full disk or a cancel is not.
      if (kind !== 'network' || !/connection lost|no data/.test((err as Error).message)) break;
    }
  }
  if (lastError) throw lastError;
  if (req.size !== null && state.have !== req.size) {
    await rm(part, { force: true });
    throw new SightlineError('network', `${req.label}: received ${state.have} bytes, expected ${req.size}; the partial file was discarded`);
  }
  const digest = state.hash.digest('hex');
  if (digest !== req.expected.value) {
    await rm(part, { force: true });
    throw new SightlineError('network', `${req.label}: ${req.expected.kind} mismatch (got ${digest.slice(0, 12)}…, expected ${req.expected.value.slice(0, 12)}…); the download was discarded`);
  }
  try {
    await rename(part, req.dest);
  } catch (err) {
    throw ioError(req.dest, err);
  }
}
