import { createReadStream, statSync } from 'node:fs';
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
}

export interface FixtureServer {
  readonly baseUrl: string;
  readonly requests: { path: string; revision: string; range: string | undefined }[];
}

/**
 * A real HTTP server on 127.0.0.1 serving the committed fixture files the way the hub does
 * (/{repo}/resolve/{revision}/{path}, with Range support), with faults to order.
 */
export async function startFixtureServer(behaviour: ServerBehaviour = {}): Promise<FixtureServer> {
  const dirs: Record<string, string> = { 'sightline/fixture-florence2': 'fixture/florence2', 'sightline/fixture-smolvlm': 'fixture/smolvlm', 'sightline/fixture-whisper': 'fixture/whisper' };
  const dropped = new Set<string>();
  const requests: FixtureServer['requests'] = [];
  const server = http.createServer((req, res) => {
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
