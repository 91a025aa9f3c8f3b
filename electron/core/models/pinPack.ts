import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SightlineError } from '../common/errors';
import { hubTreeUrl, listHubTree, type HubTreeFile } from './hubTree';
import { fileRevision, type ManifestFile } from './manifest';
import { packModels } from './paths';

/**
 * `sightline models pin`: completes a pack's pins from the hub's own listing of each repository at the commit the
 * manifest already names. Only files whose hash or size is missing are filled in; a hash already in the manifest
 * must equal the hub's, else nothing is written. Content at a commit never changes, so the result is the same on
 * every run and every machine: this is how pins read from stored hub pages are finished on a connected machine.
 */

export type PinOutcome =
  /** Hash (and size) filled in from the hub. */
  | 'pinned'
  /** The manifest's hash agreed with the hub; its exact size was added. */
  | 'completed'
  /** Already complete and in agreement with the hub. */
  | 'unchanged'
  /** A committed fixture (revision "local"): nothing to ask the hub. */
  | 'local'
  /** The manifest names no commit for the file: set the model's revision first. */
  | 'no-revision'
  /** The hub has no such file at that commit. */
  | 'absent'
  /** The hub lists the file (stored with Xet) without a sha256 to pin it by. */
  | 'no-hash'
  /** The manifest's hash or size differs from the hub's: a person must look; nothing is written. */
  | 'conflict';

export interface PinnedFile {
  readonly model: string;
  readonly path: string;
  readonly outcome: PinOutcome;
  readonly detail: string;
}

export interface PinReport {
  readonly pack: string;
  readonly manifest: string;
  readonly files: readonly PinnedFile[];
  /** Every file of the pack is now pinned (or is a committed fixture). */
  readonly ok: boolean;
  /** The manifest was rewritten (not on a dry run, not when anything conflicts, not when nothing changed). */
  readonly written: boolean;
}

export interface PinOptions {
  readonly root?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Report what would change without writing the manifest. */
  readonly dryRun?: boolean;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

export type MutableFile = { -readonly [K in keyof ManifestFile]: ManifestFile[K] };

const short = (hash: string) => `${hash.slice(0, 12)}…`;

/** Compares one manifest entry with the hub's record and fills in what is missing (mutates `file`). */
export function pinFile(file: MutableFile, hub: HubTreeFile, source: string): { outcome: PinOutcome; detail: string } {
  // A Xet file's top-level oid is its pointer's blob id, not its content's: pinning that would fail every download.
  if (hub.xet && !hub.lfs) return { outcome: 'no-hash', detail: 'stored with Xet and listed without an LFS sha256' };
  const stored = hub.lfs ? 'sha256' : 'gitSha1';
  const hubHash = hub.lfs ? hub.lfs.oid : hub.oid;
  const hubSize = hub.lfs ? hub.lfs.size : hub.size;
  const mine = file[stored]?.toLowerCase() ?? null;
  // A hash of the other kind cannot be checked against this listing: the manifest's idea of how the file is stored
  // is wrong, and a person should see why.
  if (!hub.lfs && file.sha256 && !file.gitSha1) {
    return { outcome: 'conflict', detail: `the manifest pins an LFS sha256 (${short(file.sha256)}), the hub stores the file in git (blob ${short(hub.oid)})` };
  }
  if (hub.lfs && file.gitSha1 && !file.sha256) {
    return { outcome: 'conflict', detail: `the manifest pins a git blob id (${short(file.gitSha1)}), the hub stores the file in LFS (sha256 ${short(hub.lfs.oid)})` };
  }
  if (mine && mine !== hubHash) return { outcome: 'conflict', detail: `manifest ${stored} ${short(mine)}, hub ${short(hubHash)}` };
  if (file.size !== null && file.size !== hubSize) return { outcome: 'conflict', detail: `manifest size ${file.size}, hub ${hubSize} bytes` };
  if (mine && file.size === hubSize && file.approxBytes === undefined) return { outcome: 'unchanged', detail: `${stored} ${short(hubHash)}, ${hubSize} bytes` };
  file[stored] = hubHash;
  file.size = hubSize;
  delete file.approxBytes;
  if (!mine) file.source = source;
  return { outcome: mine ? 'completed' : 'pinned', detail: `${stored} ${short(hubHash)}, ${hubSize} bytes` };
}

/** Writes next to the target and renames: a reader never sees half a manifest. */
export async function writeAtomically(file: string, text: string): Promise<void> {
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, text, { flag: 'wx' });
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new SightlineError('io', `${file}: cannot write (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

export async function pinPack(pack?: string, options: PinOptions = {}): Promise<PinReport> {
  const env = options.env ?? process.env;
  const { root, name, manifest, models } = packModels(pack, { root: options.root, env });
  const manifestFile = path.join(root, 'manifest.json');
  // Edit the file as written (its comments and key order stay), after loadManifest has checked it.
  const raw = JSON.parse(await readFile(manifestFile, 'utf8')) as { models: Record<string, { files: MutableFile[] }> };
  const base = env.SIGHTLINE_MODEL_BASE_URL || manifest.defaultBaseUrl;
  const listings = new Map<string, Map<string, HubTreeFile>>();
  const files: PinnedFile[] = [];
  for (const { key, model } of models) {
    const rawFiles = raw.models[key]!.files;
    for (const [i, file] of model.files.entries()) {
      const report = (outcome: PinOutcome, detail: string) => files.push({ model: key, path: file.path, outcome, detail });
      const commit = fileRevision(model, file);
      if (commit === 'local') { report('local', 'committed fixture'); continue; }
      if (!commit) { report('no-revision', `no commit in the manifest for ${model.repo}; set the model's revision first`); continue; }
      const id = `${model.repo}@${commit}`;
      if (!listings.has(id)) listings.set(id, await listHubTree(base, model.repo, commit, { signal: options.signal, timeoutMs: options.timeoutMs }));
      const hub = listings.get(id)!.get(file.path);
      if (!hub) { report('absent', `not in ${model.repo} at ${commit.slice(0, 7)}`); continue; }
      const { outcome, detail } = pinFile(rawFiles[i]!, hub, hubTreeUrl(base, model.repo, commit).replace(/\?.*$/, ''));
      report(outcome, detail);
    }
  }
  const changed = files.some((f) => f.outcome === 'pinned' || f.outcome === 'completed');
  const conflict = files.some((f) => f.outcome === 'conflict');
  const write = changed && !conflict && !options.dryRun;
  if (write) await writeAtomically(manifestFile, `${JSON.stringify(raw, null, 2)}\n`);
  const done: readonly PinOutcome[] = ['pinned', 'completed', 'unchanged', 'local'];
  return { pack: name, manifest: manifestFile, files, ok: files.every((f) => done.includes(f.outcome)), written: write };
}
