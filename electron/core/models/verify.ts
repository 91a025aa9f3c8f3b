import { stat } from 'node:fs/promises';
import path from 'node:path';
import { expectedHash, hashFile } from './hashing';
import { filesFor, type DeviceSet, type ResolvedModel } from './resolve';
import { fileRevision, type ManifestFile } from './manifest';
import { effectiveEntry, externalDataEntries, readPins } from './installedPins';
import { packModels } from './paths';

export type FileState = 'ok' | 'missing' | 'corrupt' | 'unpinned';

export interface FileCheck {
  readonly model: string;
  readonly path: string;
  /** Absolute path on disk. */
  readonly file: string;
  readonly state: FileState;
  readonly reason: string;
}

export interface PackCheck {
  readonly pack: string;
  readonly root: string;
  readonly ok: boolean;
  readonly files: readonly FileCheck[];
}

const UNPINNED = 'not pinned (no hash in the manifest, none recorded by `sightline models fetch`), so it cannot be trusted; fetch the pack to pin it from the hub';

/**
 * One file against its manifest entry. A file without a pinned hash is never taken as good, and is reported as
 * unpinned even when absent: "missing" would send the user to `models fetch`, which refuses it.
 * `revision` is the commit the file would come from (null = none pinned); leave it out for a file checked on its own.
 */
export async function checkFile(dir: string, modelKey: string, entry: ManifestFile, revision?: string | null): Promise<FileCheck> {
  const file = path.join(dir, entry.path);
  const result = (state: FileState, reason: string): FileCheck => ({ model: modelKey, path: entry.path, file, state, reason });
  const expected = expectedHash(entry);
  if (!expected || revision === null) return result('unpinned', UNPINNED);
  let size: number;
  try {
    const s = await stat(file);
    if (!s.isFile()) return result('missing', 'not a regular file');
    size = s.size;
  } catch {
    return result('missing', 'not installed');
  }
  if (entry.size !== null && entry.size !== size) return result('corrupt', `size ${size} bytes, expected ${entry.size}`);
  const actual = await hashFile(file, expected.kind, size);
  if (actual !== expected.value) return result('corrupt', `${expected.kind} ${actual.slice(0, 12)}…, expected ${expected.value.slice(0, 12)}…`);
  return result('ok', 'ok');
}

/**
 * Every file of every model in a pack (each model once, even when it serves several tasks), checked against the
 * manifest's pin or, for a file the manifest does not pin, the pin `models fetch` recorded beside the model.
 */
export async function verifyPack(pack?: string, options: { root?: string; env?: NodeJS.ProcessEnv; device?: DeviceSet } = {}): Promise<PackCheck> {
  const { root, name, models } = packModels(pack, options);
  const files: FileCheck[] = [];
  for (const { key, model } of models) {
    const dir = path.join(root, model.dir);
    const list = filesFor(model, options.device ?? 'cpu');
    const pins = await readPins(dir, model.repo);
    if (list.length === 0) files.push({ model: key, path: '(files)', file: dir, state: 'unpinned', reason: 'the manifest lists no files for this model' });
    for (const f of list) files.push(await checkFile(dir, key, effectiveEntry(model, f, pins), fileRevision(model, f)));
    for (const f of externalDataEntries(list, pins)) files.push(await checkFile(dir, key, f, f.revision));
  }
  return { pack: name, root, ok: files.every((f) => f.state === 'ok'), files };
}
