import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after } from 'node:test';
import { repoModels } from './packCopy';

export interface ServerBehaviour {
  /** Paths (inside a model dir) whose first response is cut off after this fraction of the bytes. */
  dropOnce?: Readonly<Record<string, number>>;
  /** Paths served with one byte changed. */
  corrupt?: readonly string[];
  /** Paths served without Content-Length (chunked), as some CDNs do: the client cannot know the total from headers. */
  noLength?: readonly string[];
  /** The tree API answers only for these commits (404 for others, as the hub does for an unknown revision). */
  treeCommits?: readonly string[];
  /** Entries per page of the tree API; more follow through a `Link: <…>; rel="next"` header. */
  treePageSize?: number;
  /** Listing entries replaced field by field (a hub that disagrees with the manifest). */
  treeOverride?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

const gitBlobId = (bytes: Buffer | string) => createHash('sha1').update(`blob ${Buffer.byteLength(bytes)}\0`).update(bytes).digest('hex');

/** What the hub's tree API lists for a folder: ONNX graphs stored in LFS (sha256 in `lfs.oid`), the rest in git. */
function treeEntries(dir: string): Record<string, unknown>[] {
  const entries: Record<string, unknown>[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const rel = path.relative(dir, full).split(path.sep).join('/');
    if (entry.isDirectory()) {
      entries.push({ type: 'directory', path: rel, oid: gitBlobId(rel), size: 0 });
      continue;
    }
    const bytes = readFileSync(full);
    if (!rel.endsWith('.onnx')) {
      entries.push({ type: 'file', path: rel, oid: gitBlobId(bytes), size: bytes.length });
      continue;
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${bytes.length}\n`;
    entries.push({ type: 'file', path: rel, oid: gitBlobId(pointer), size: Buffer.byteLength(pointer), lfs: { oid: sha256, size: bytes.length, pointerSize: Buffer.byteLength(pointer) } });
  }
  return entries.sort((a, b) => String(a.path).localeCompare(String(b.path)));
}

/** GET /api/models/{repo}/tree/{revision}?recursive=true[&cursor=N], paged like the hub. */
function answerTree(url: URL, dirs: Readonly<Record<string, string>>, behaviour: ServerBehaviour, res: http.ServerResponse): void {
  const match = /^\/api\/models\/([^/]+\/[^/]+)\/tree\/([^/]+)$/.exec(decodeURIComponent(url.pathname));
  const dir = match ? dirs[match[1]!] : undefined;
  if (!match || !dir || (behaviour.treeCommits && !behaviour.treeCommits.includes(match[2]!))) {
    res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":"Invalid rev id"}');
    return;
  }
  const all = treeEntries(path.join(repoModels, dir)).map((e) => ({ ...e, ...behaviour.treeOverride?.[String(e.path)] }));
  const start = Number(url.searchParams.get('cursor') ?? 0);
  const size = behaviour.treePageSize ?? all.length;
  const next = start + size < all.length ? new URL(url) : null;
  next?.searchParams.set('cursor', String(start + size));
  res.writeHead(200, { 'Content-Type': 'application/json', ...(next ? { Link: `<${next.pathname}${next.search}>; rel="next"` } : {}) });
  res.end(JSON.stringify(all.slice(start, start + size)));
}

export interface FixtureServer {
  readonly baseUrl: string;
  readonly requests: { path: string; revision: string; range: string | undefined }[];
}

/**
 * A real HTTP server on 127.0.0.1 serving the committed fixture files the way the hub does
 * (/{repo}/resolve/{revision}/{path}, with Range support, and the tree API that lists them), with faults to order.
 */
export async function startFixtureServer(behaviour: ServerBehaviour = {}): Promise<FixtureServer> {
  const dirs: Record<string, string> = { 'sightline/fixture-florence2': 'fixture/florence2', 'sightline/fixture-smolvlm': 'fixture/smolvlm', 'sightline/fixture-whisper': 'fixture/whisper' };
  const dropped = new Set<string>();
  const requests: FixtureServer['requests'] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/api/')) {
      answerTree(url, dirs, behaviour, res);
      return;
    }
    const match = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(decodeURIComponent(req.url ?? ''));
    const dir = match ? dirs[match[1]!] : undefined;
    if (!match || !dir || match[3]!.includes('..')) {
      res.writeHead(404).end('not found');
      return;
    }
    const rel = match[3]!;
    requests.push({ path: rel, revision: match[2]!, range: req.headers.range });
    const file = path.join(repoModels, dir, rel);
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      res.writeHead(404).end('not found');
      return;
    }
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    if (start >= size) {
      res.writeHead(416, { 'Content-Range': `bytes */${size}` }).end();
      return;
    }
    res.writeHead(range ? 206 : 200, {
      ...(behaviour.noLength?.includes(rel) ? {} : { 'Content-Length': String(size - start) }),
      'Accept-Ranges': 'bytes',
      ...(range ? { 'Content-Range': `bytes ${start}-${size - 1}/${size}` } : {}),
    });
    const dropAt = behaviour.dropOnce?.[rel];
    if (dropAt !== undefined && !dropped.has(rel)) {
      dropped.add(rel);
      const cut = Math.floor(size * dropAt);
      const stream = createReadStream(file, { start, end: Math.max(start, cut - 1) });
      stream.on('data', (chunk) => res.write(chunk));
      stream.on('end', () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    if (behaviour.corrupt?.includes(rel)) {
      const chunks: Buffer[] = [];
      createReadStream(file, { start }).on('data', (c) => chunks.push(c as Buffer)).on('end', () => {
        const body = Buffer.concat(chunks);
        body[0] = body[0]! ^ 0xff;
        res.end(body);
      });
      return;
    }
    createReadStream(file, { start }).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}
