import { existsSync } from 'node:fs';
import path from 'node:path';
import { SightlineError } from '../common/errors';
import { loadManifest, type DeviceClass, type DtypeSpec, type ManifestFile, type ManifestModel, type ModelFamily, type ModelTask } from './manifest';
import { activePack, fetchHint, modelsRoot } from './paths';

/** A pack's model for one task, located on disk. */
export interface ResolvedModel {
  readonly pack: string;
  /** Manifest key, e.g. "florence-2-base-ft". */
  readonly key: string;
  /** Short name for reports: "<repo>@<revision>" for real models, "fixture/florence2" for fixtures. */
  readonly name: string;
  readonly family: ModelFamily;
  /** Absolute directory holding config.json and onnx/. */
  readonly dir: string;
  readonly model: ManifestModel;
  /** Files this device class needs. */
  readonly files: readonly ManifestFile[];
  dtypeFor(device: DeviceClass): DtypeSpec;
}

export interface ResolveOptions {
  readonly root?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly device?: DeviceClass;
}

/** Which file sets to install or check: one device class, or both (`--device all`). */
export type DeviceSet = DeviceClass | 'all';

export const filesFor = (model: ManifestModel, device: DeviceSet): ManifestFile[] =>
  model.files.filter((f) => device === 'all' || !f.devices || f.devices.includes(device));

/**
 * The model a pack assigns to a task, or null when the pack has none for it (e.g. a pack without speech).
 * Does not check the files; see `requireInstalled` and verify.ts.
 *
 *   const whisper = resolveModel('fixture', 'transcribe');   // → { dir: <root>/fixture/whisper, family: 'whisper', … }
 */
export function resolveModel(pack: string | undefined, task: ModelTask, options: ResolveOptions = {}): ResolvedModel | null {
  const env = options.env ?? process.env;
  const root = options.root ?? modelsRoot(env);
  const packName = activePack(pack, env);
  const manifest = loadManifest(root);
  const entry = manifest.packs[packName];
  if (!entry) {
    throw new SightlineError('usage', `unknown model pack "${packName}" (known: ${Object.keys(manifest.packs).join(', ')})`);
  }
  const key = entry.tasks[task];
  if (!key) return null;
  const model = manifest.models[key]!;
  const device = options.device ?? 'cpu';
  return Object.freeze({
    pack: packName,
    key,
    name: model.revision === 'local' ? model.dir : model.revision ? `${model.repo}@${model.revision.slice(0, 7)}` : `${model.repo} (unpinned)`,
    family: model.family,
    dir: path.join(root, model.dir),
    model,
    files: filesFor(model, device),
    dtypeFor: (d: DeviceClass) => model.dtype[d] ?? model.dtype.cpu,
  });
}

/**
 * Cheap presence check before loading: every listed file exists. Hash checks are `sightline models verify`'s job
 * (hashing hundreds of megabytes on every start would make the first description slow).
 */
export function requireInstalled(model: ResolvedModel, what: string): void {
  const missing = model.files.filter((f) => !existsSync(path.join(model.dir, f.path)));
  if (model.files.length === 0 || missing.length > 0) {
    const list = model.files.length === 0 ? 'the manifest lists no files'
      : missing.length <= 2 ? `missing ${missing.map((f) => f.path).join(', ')}` : `${missing.length} of ${model.files.length} files missing`;
    throw new SightlineError('model-missing', `${what} model ${model.name} is not installed (${list} in ${model.dir}); ${fetchHint(model.pack)}`);
  }
}
