import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, readFile, readdir, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after } from 'node:test';
import { fileRevision, loadManifest, type DeviceClass, type Manifest, type ManifestModel } from '../../../electron/core/models/manifest';
import { packModels } from '../../../electron/core/models/paths';
import { repoModels } from '../packCopy';

/**
 * A local mirror of a real pack: every file the real manifest names, under its real name, served the way the hub
 * serves it (`/{repo}/resolve/{commit}/{path}` and the tree listing), with the bytes taken from the fixture of the
 * same family (whose graphs carry the real names and, for `_fp16`/`_q4f16`, float16 inputs and outputs, as the real
 * exports do). Only the graphs' contents are tiny: file names, file sets and the manifest's structure are real.
 */

const FIXTURE_OF: Readonly<Record<string, string>> = Object.freeze({ florence2: 'fixture/florence2', idefics3: 'fixture/smolvlm', whisper: 'fixture/whisper' });
/** Dtypes whose graphs take and give float16 (the fixture builds those with float16 inputs and outputs too). */
const HALF = /_(fp16|q4f16)\.onnx$/;
const SESSION = /^onnx\/(.+?)(_(fp16|q4f16|int8|uint8|quantized|q4|bnb4))?\.onnx$/;

/**
 * The bytes the mirror serves for one real file: the fixture's file of the same name (the fixture pack uses the real
 * names of the model it mirrors), else — for another model of the family, e.g. SmolVLM-500M's bnb4 graphs — the
 * fixture's graph for the same session and of the same precision (float16 or not).
 */
async function mirrorBytes(model: ManifestModel, file: string): Promise<Buffer> {
  const fixture = path.join(repoModels, FIXTURE_OF[model.family]!);
  if (!file.endsWith('.onnx') || existsSync(path.join(fixture, file))) return readFile(path.join(fixture, file)); // a file the fixture lacks fails loudly here
  const session = SESSION.exec(file)?.[1];
  const twin = (await readdir(path.join(fixture, 'onnx'))).map((n) => `onnx/${n}`).find((n) => SESSION.exec(n)?.[1] === session && HALF.test(n) === HALF.test(file));
  if (!twin) throw new Error(`${file}: the ${model.family} fixture has no ${HALF.test(file) ? 'float16' : 'float32'} graph for session ${session}`);
  return readFile(path.join(fixture, twin));
}

export interface RealMirror {
  readonly baseUrl: string;
  /** A models root holding the real manifest with every hash and size removed: fetch must pin from the listing. */
  readonly root: string;
  readonly manifest: Manifest;
  readonly requests: string[];
}

const gitBlobId = (b: Buffer | string) => createHash('sha1').update(`blob ${Buffer.byteLength(b)}\0`).update(b).digest('hex');

export async function startRealMirror(pack: string, root: string): Promise<RealMirror> {
  const { models } = packModels(pack, { root: repoModels });
  const repos = new Map<string, { commits: Set<string>; files: Map<string, Buffer> }>();
  for (const { model } of models) {
    const repo = repos.get(model.repo) ?? { commits: new Set<string>(), files: new Map<string, Buffer>() };
    repos.set(model.repo, repo);
    for (const f of model.files) {
      repo.commits.add(fileRevision(model, f)!);
      repo.files.set(f.path, await mirrorBytes(model, f.path));
    }
  }
  // The real manifest, unpinned: what a manifest with only commits asks of fetch.
  const raw = JSON.parse(await readFile(path.join(repoModels, 'manifest.json'), 'utf8')) as { models: Record<string, { files: Record<string, unknown>[] }> };
  for (const m of Object.values(raw.models)) m.files = m.files.map((f) => ({ path: f.path, size: null, gitSha1: null, ...(f.revision ? { revision: f.revision } : {}), ...(f.devices ? { devices: f.devices } : {}) }));
  await writeFile(path.join(root, 'manifest.json'), JSON.stringify(raw, null, 2));

  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const p = decodeURIComponent(url.pathname);
    requests.push(p);
    const tree = /^\/api\/models\/([^/]+\/[^/]+)\/tree\/([0-9a-f]{40})$/.exec(p);
    if (tree) {
      const repo = repos.get(tree[1]!);
      if (!repo?.commits.has(tree[2]!)) { res.writeHead(404).end('{"error":"Invalid rev id"}'); return; }
      const entries = [...repo.files].map(([file, bytes]) => {
        if (!file.endsWith('.onnx')) return { type: 'file', path: file, size: bytes.length, oid: gitBlobId(bytes) };
        const sha = createHash('sha256').update(bytes).digest('hex');
        const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${sha}\nsize ${bytes.length}\n`;
        return { type: 'file', path: file, size: pointer.length, oid: gitBlobId(pointer), lfs: { oid: sha, size: bytes.length, pointerSize: pointer.length } };
      });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify([{ type: 'directory', path: 'onnx', oid: '0'.repeat(40), size: 0 }, ...entries]));
      return;
    }
    const file = /^\/([^/]+\/[^/]+)\/resolve\/([0-9a-f]{40})\/(.+)$/.exec(p);
    const repo = file ? repos.get(file[1]!) : undefined;
    const bytes = file && repo?.commits.has(file[2]!) ? repo.files.get(file[3]!) : undefined;
    if (!bytes) { res.writeHead(404).end('Entry not found'); return; }
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    res.writeHead(range ? 206 : 200, { 'Content-Length': String(bytes.length - start), ...(range ? { 'Content-Range': `bytes ${start}-${bytes.length - 1}/${bytes.length}` } : {}) });
    res.end(bytes.subarray(start));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, root, manifest: loadManifest(root), requests };
}

/**
 * A copy of an installed mirror root whose CPU slot holds the GPU file set and dtypes: this machine has no GPU, so
 * the GPU-named graphs (mixed precision included) are loaded and run on the CPU provider through the same loader.
 */
export async function gpuFilesAsCpu(root: string, into: string): Promise<string> {
  const raw = JSON.parse(await readFile(path.join(root, 'manifest.json'), 'utf8')) as { models: Record<string, { dtype: Record<DeviceClass, unknown>; files: { devices?: DeviceClass[] }[] }> };
  for (const m of Object.values(raw.models)) {
    m.dtype.cpu = m.dtype.gpu;
    m.files = m.files.filter((f) => !f.devices || f.devices.includes('gpu')).map((f) => (f.devices ? { ...f, devices: ['cpu', 'gpu'] } : f));
  }
  await cp(root, into, { recursive: true });
  await writeFile(path.join(into, 'manifest.json'), JSON.stringify(raw, null, 2));
  return into;
}
