import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after } from 'node:test';

/**
 * A download server on 127.0.0.1 that misbehaves to order, for the fault suite. It serves one repository
 * (`test/hostile` at COMMIT) whose files are random bytes made per test, the way the hub serves
 * `/{repo}/resolve/{commit}/{path}` (with Range), plus the hub's tree listing of them.
 */

export const COMMIT = 'feedface00000000000000000000000000000001';
export const REPO = 'test/hostile';

export type Fault =
  /** Serve the file, then this many extra junk bytes, with no Content-Length (chunked). */
  | { kind: 'overlong'; extra: number }
  /** Same size, one byte flipped. */
  | { kind: 'wrong-bytes' }
  /** Send this fraction of the body, then keep the connection open and silent. */
  | { kind: 'stall'; at: number }
  /** Send this fraction of what is asked for, then reset the connection; every time. */
  | { kind: 'reset'; at: number }
  /** Serve correctly, slowly (chunks of 16 kB every `delayMs`), so two clients overlap. */
  | { kind: 'slow'; delayMs: number };

export interface HostileServer {
  readonly baseUrl: string;
  /** Requests for file bodies, in order. */
  readonly requests: { path: string; range: string | undefined }[];
  setFault(fault: Fault | null): void;
  close(): Promise<void>;
}

export interface HostileFiles {
  readonly files: Readonly<Record<string, Buffer>>;
}

/** Random file contents, deterministic in size. */
export function makeFiles(sizes: Readonly<Record<string, number>>): Record<string, Buffer> {
  return Object.fromEntries(Object.entries(sizes).map(([p, n]) => [p, randomBytes(n)]));
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A models root with a manifest of one pack ("hostile") whose one model pins `files` by sha256 and size (or not). */
export async function hostileRoot(root: string, files: Readonly<Record<string, Buffer>>, options: { pinned?: boolean } = {}): Promise<string> {
  const pinned = options.pinned ?? true;
  const manifest = {
    schemaVersion: 1,
    defaultBaseUrl: 'https://huggingface.co',
    urlTemplate: '{base}/{repo}/resolve/{revision}/{path}',
    packs: { hostile: { description: 'fault suite', tasks: { caption: 'hostile-model' } } },
    models: {
      'hostile-model': {
        family: 'florence2', repo: REPO, revision: COMMIT, license: 'MIT', tasks: ['caption'], dir: 'hostile/model',
        dtype: { cpu: 'fp32', gpu: 'fp32' },
        files: Object.entries(files).map(([p, bytes]) => (pinned ? { path: p, size: bytes.length, sha256: sha256(bytes) } : { path: p, size: null, gitSha1: null })),
      },
    },
  };
  await writeFile(path.join(root, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return root;
}

export async function startHostileServer(files: Readonly<Record<string, Buffer>>): Promise<HostileServer> {
  let fault: Fault | null = null;
  const requests: HostileServer['requests'] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === `/api/models/${REPO}/tree/${COMMIT}`) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(Object.entries(files).map(([p, b]) => ({ type: 'file', path: p, size: 134, oid: 'a'.repeat(40), lfs: { oid: sha256(b), size: b.length, pointerSize: 134 } }))));
      return;
    }
    const m = new RegExp(`^/${REPO}/resolve/${COMMIT}/(.+)$`).exec(decodeURIComponent(url.pathname));
    const body = m ? files[m[1]!] : undefined;
    if (!m || !body) {
      res.writeHead(404).end('not found');
      return;
    }
    requests.push({ path: m[1]!, range: req.headers.range });
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    if (start >= body.length) {
      res.writeHead(416, { 'Content-Range': `bytes */${body.length}` }).end();
      return;
    }
    const rest = body.subarray(start);
    const head = { 'Accept-Ranges': 'bytes', ...(range ? { 'Content-Range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}) };
    switch (fault?.kind) {
      case 'overlong':
        res.writeHead(range ? 206 : 200, head);
        res.write(rest);
        res.end(randomBytes(fault.extra));
        return;
      case 'wrong-bytes': {
        const copy = Buffer.from(rest);
        copy[copy.length >> 1] ^= 0xff;
        res.writeHead(range ? 206 : 200, { ...head, 'Content-Length': String(copy.length) }).end(copy);
        return;
      }
      case 'stall':
        res.writeHead(range ? 206 : 200, { ...head, 'Content-Length': String(rest.length) });
        res.write(rest.subarray(0, Math.floor(rest.length * fault.at)));
        return; // never ends: the client must give up
      case 'reset':
        res.writeHead(range ? 206 : 200, { ...head, 'Content-Length': String(rest.length) });
        res.write(rest.subarray(0, Math.max(1, Math.floor(rest.length * fault.at))), () => setTimeout(() => res.socket?.destroy(), 10));
        return;
      case 'slow': {
        res.writeHead(range ? 206 : 200, { ...head, 'Content-Length': String(rest.length) });
        let offset = 0;
        const delay = fault.delayMs;
        const next = () => {
          if (res.destroyed) return;
          if (offset >= rest.length) { res.end(); return; }
          res.write(rest.subarray(offset, offset + 16_384));
          offset += 16_384;
          setTimeout(next, delay);
        };
        next();
        return;
      }
      default:
        res.writeHead(range ? 206 : 200, { ...head, 'Content-Length': String(rest.length) }).end(rest);
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let closed = false;
  const close = () => {
    if (closed) return Promise.resolve();
    closed = true;
    for (const s of sockets) s.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  after(close);
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, setFault: (f) => { fault = f; }, close };
}
