import path from 'node:path';
import { SightlineError, toSightlineError } from '../common/errors';
import { DEFAULT_STALL_MS, downloadFile, type DownloadProgress } from './download';
import { withFetchLock } from './fetchLock';
import { expectedHash } from './hashing';
import { hubTreeUrl, listHubTree, type HubTreeFile } from './hubTree';
import { effectiveEntry, readPins, writePins, type InstalledPin } from './installedPins';
import { fileRevision, type Manifest, type ManifestFile, type ManifestModel } from './manifest';
import { packModels } from './paths';
import { pinFile, type MutableFile } from './pinPack';
import { filesFor, type DeviceSet } from './resolve';
import { checkFile } from './verify';

export interface FetchOptions {
  readonly root?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Which file sets to install: the CPU graphs, the GPU graphs, or both. */
  readonly device?: DeviceSet;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: DownloadProgress) => void;
  /** Called once per file as it is settled, so a caller can print "ok" / "downloaded" / the error. */
  readonly onFile?: (r: FetchedFile) => void;
  /** Another fetch holds the models root: called once with its pid, before waiting for it. */
  readonly onWait?: (holder: { pid: number; since: string }) => void;
  /** No byte for this long fails the transfer; default $SIGHTLINE_FETCH_STALL_MS, else 60 s. */
  readonly idleTimeoutMs?: number;
  /** How long to wait for another fetch of the same models root. */
  readonly lockWaitMs?: number;
}

export interface FetchedFile {
  readonly model: string;
  readonly path: string;
  readonly outcome: 'present' | 'downloaded' | 'failed';
  readonly error?: { readonly kind: string; readonly message: string };
}

export interface FetchReport {
  readonly pack: string;
  readonly files: readonly FetchedFile[];
  readonly ok: boolean;
}

export function fileUrl(manifest: Manifest, model: ManifestModel, file: ManifestFile, env: NodeJS.ProcessEnv): string {
  const base = (env.SIGHTLINE_MODEL_BASE_URL || manifest.defaultBaseUrl).replace(/\/+$/, '');
  return manifest.urlTemplate
    .replace('{base}', base)
    .replace('{repo}', model.repo)
    .replace('{revision}', encodeURIComponent(fileRevision(model, file) ?? ''))
    .replace('{path}', file.path.split('/').map(encodeURIComponent).join('/'));
}

function stallMs(options: FetchOptions, env: NodeJS.ProcessEnv): number {
  if (options.idleTimeoutMs !== undefined) return options.idleTimeoutMs;
  const fromEnv = Number(env.SIGHTLINE_FETCH_STALL_MS);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_STALL_MS;
}

/** A file still needs the hub's listing: no hash at all, or no exact size to cut an overlong body at. */
const incomplete = (f: ManifestFile) => !expectedHash(f) || f.size === null;

interface Planned {
  readonly file: ManifestFile;
  /** Why the model cannot be installed, when pinning failed (then nothing of the model is downloaded). */
  readonly refused?: SightlineError;
}

/**
 * Completes the pins of one model from the hub's listing at the manifest's commit(s): files without a hash get
 * the hub's (LFS sha256 or git blob id) and exact size; files with one must agree. Any disagreement, a file the
 * hub does not have, or one it lists without a hash refuses the whole model (exit 4): nothing of it is installed.
 */
async function planModel(key: string, model: ManifestModel, files: readonly ManifestFile[], dir: string, base: string, options: FetchOptions): Promise<Planned[]> {
  const pins = await readPins(dir, model.repo);
  const entries = files.map((f) => effectiveEntry(model, f, pins));
  const needed = entries.filter((f) => incomplete(f) && fileRevision(model, f) && fileRevision(model, f) !== 'local');
  if (needed.length === 0) return entries.map((file) => ({ file }));
  // Every file of the model at each commit is compared with the listing, pinned or not: a manifest hash the hub
  // contradicts means one of the two is wrong, and the model is refused rather than half installed.
  const commits = [...new Set(entries.map((f) => fileRevision(model, f)).filter((c): c is string => !!c && c !== 'local'))];
  const listings = new Map<string, Map<string, HubTreeFile>>();
  for (const commit of commits) listings.set(commit, await listHubTree(base, model.repo, commit, { signal: options.signal, timeoutMs: 20_000 }));
  const problems: string[] = [];
  const completed: ManifestFile[] = [];
  const recorded: Record<string, InstalledPin> = { ...pins };
  for (const entry of entries) {
    const commit = fileRevision(model, entry);
    const listing = commit ? listings.get(commit) : undefined;
    if (!commit || !listing) { completed.push(entry); continue; }
    const hub = listing.get(entry.path);
    if (!hub) { problems.push(`${entry.path}: not in ${model.repo} at ${commit.slice(0, 7)}`); continue; }
    const copy: MutableFile = { ...entry };
    const source = hubTreeUrl(base, model.repo, commit).replace(/\?.*$/, '');
    const { outcome, detail } = pinFile(copy, hub, source);
    if (outcome === 'conflict' || outcome === 'no-hash') { problems.push(`${entry.path}: ${detail}`); continue; }
    completed.push(copy);
    if (!expectedHash(files.find((f) => f.path === entry.path)!) || entry.size === null) {
      recorded[entry.path] = { revision: commit, size: copy.size!, ...(copy.sha256 ? { sha256: copy.sha256 } : { gitSha1: copy.gitSha1! }), source };
    }
  }
  // Transformers.js also opens `<graph>.onnx_data[_N]` when the repository's config asks for external data (graphs
  // over 2 GB). None of the pinned configs is known to; if the hub lists such a file beside a graph we install, it is
  // pinned from the listing and installed with it, so either way the load finds what it opens.
  for (const graph of entries.filter((f) => f.path.endsWith('.onnx'))) {
    const commit = fileRevision(model, graph);
    const listing = commit ? listings.get(commit) : undefined;
    for (const hub of listing?.values() ?? []) {
      if (!new RegExp(`^${graph.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}_data(_\\d+)?$`).test(hub.path) || completed.some((f) => f.path === hub.path)) continue;
      const extra: MutableFile = { path: hub.path, size: null, ...(graph.devices ? { devices: graph.devices } : {}), ...(graph.revision ? { revision: graph.revision } : {}) };
      const source = hubTreeUrl(base, model.repo, commit!).replace(/\?.*$/, '');
      const { outcome, detail } = pinFile(extra, hub, source);
      if (outcome === 'no-hash') { problems.push(`${hub.path}: ${detail}`); continue; }
      completed.push(extra);
      recorded[hub.path] = { revision: commit!, size: extra.size!, ...(extra.sha256 ? { sha256: extra.sha256 } : { gitSha1: extra.gitSha1! }), source };
    }
  }
  if (problems.length > 0) {
    const refused = new SightlineError('model-missing', `${key}: the hub's listing disagrees with the manifest, so nothing of this model is installed (${problems.join('; ')})`);
    return entries.map((file) => ({ file, refused }));
  }
  await writePins(dir, model.repo, recorded);
  return completed.map((file) => ({ file }));
}

/**
 * Installs every file of a pack that is not already present and intact, holding the models root's fetch lock so
 * that a second fetch (another process, another IPC call) waits and then finds the files installed. Files the
 * manifest does not pin are pinned from the hub's listing at the manifest's commit (planModel). Network and disk
 * failures stop the run (the next file would fail the same way); the report says what was done.
 */
export async function fetchPack(pack?: string, options: FetchOptions = {}): Promise<FetchReport> {
  const env = options.env ?? process.env;
  const { root, name, manifest, models } = packModels(pack, { root: options.root, env });
  return withFetchLock(root, () => fetchLocked(name, root, manifest, models, env, options), { signal: options.signal, onWait: options.onWait, waitMs: options.lockWaitMs });
}

async function fetchLocked(name: string, root: string, manifest: Manifest, models: { key: string; model: ManifestModel }[], env: NodeJS.ProcessEnv, options: FetchOptions): Promise<FetchReport> {
  const base = env.SIGHTLINE_MODEL_BASE_URL || manifest.defaultBaseUrl;
  const files: FetchedFile[] = [];
  const settle = (r: FetchedFile) => {
    files.push(r);
    options.onFile?.(r);
  };
  const idleTimeoutMs = stallMs(options, env);
  for (const { key, model } of models) {
    const dir = path.join(root, model.dir);
    let plan: Planned[];
    try {
      plan = await planModel(key, model, filesFor(model, options.device ?? 'cpu'), dir, base, options);
    } catch (err) {
      const e = toSightlineError(err);
      if (e.kind === 'cancelled') throw e;
      // No listing (offline, hub down): every later model would fail the same way.
      settle({ model: key, path: '(listing)', outcome: 'failed', error: { kind: e.kind, message: e.message } });
      break;
    }
    let fatal: SightlineError | null = null;
    for (const { file, refused } of plan) {
      if (fatal) break;
      const fail = (e: SightlineError) => settle({ model: key, path: file.path, outcome: 'failed', error: { kind: e.kind, message: e.message } });
      if (refused) { fail(refused); continue; }
      const expected = expectedHash(file);
      const revision = fileRevision(model, file);
      if (!revision || !expected) {
        fail(new SightlineError('model-missing', `${key}/${file.path}: not pinned in the manifest (${!revision ? 'no revision' : 'no hash, and no hub listing for a local model'}); refusing to install an unverifiable file`));
        continue;
      }
      if ((await checkFile(dir, key, file, revision)).state === 'ok') {
        settle({ model: key, path: file.path, outcome: 'present' });
        continue;
      }
      try {
        await downloadFile({
          url: fileUrl(manifest, model, file, env),
          dest: path.join(dir, file.path),
          label: `${key}/${file.path}`,
          expected,
          size: file.size,
          approxBytes: file.approxBytes,
          signal: options.signal,
          idleTimeoutMs,
          onProgress: options.onProgress,
        });
        settle({ model: key, path: file.path, outcome: 'downloaded' });
      } catch (err) {
        const e = toSightlineError(err);
        fail(e);
        // A checksum failure is about one file; unreachable or stalled servers, full disks and cancels are about all.
        if (e.kind !== 'network' || /cannot reach|stalled|cancel/.test(e.message)) fatal = e;
      }
    }
    if (fatal?.kind === 'cancelled') throw fatal;
    if (fatal) break;
  }
  return { pack: name, files, ok: files.every((f) => f.outcome !== 'failed') };
}
