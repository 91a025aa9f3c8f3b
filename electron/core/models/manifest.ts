import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SightlineError } from '../common/errors';

/**
 * models/manifest.json: model packs, each mapping a task slot to a pinned model.
 * A pack names one model per task; `null` means the pack has no model for that task (the feature degrades,
 * e.g. describe falls back to OCR only). See models/README.md for the schema and how to add a family.
 */

/** Task slots a pack can fill. Speech (`transcribe`) joins captions and questions here. */
export const MODEL_TASKS = Object.freeze(['caption', 'vqa', 'transcribe'] as const);
export type ModelTask = (typeof MODEL_TASKS)[number];

/** Which Transformers.js class family loads a model. */
export type ModelFamily = 'florence2' | 'idefics3' | 'whisper';

/** Coarse device class: the dtype table is chosen by it (quantized on CPU, half precision on GPUs). */
export type DeviceClass = 'cpu' | 'gpu';

/** Transformers.js dtype: one for every session, or one per session (file stem such as "vision_encoder"). */
export type DtypeSpec = string | Readonly<Record<string, string>>;

export interface ManifestFile {
  /** Path inside the model's directory and inside its repository, with forward slashes. */
  readonly path: string;
  /** Exact size in bytes; null when it could not be verified from a public source. */
  readonly size: number | null;
  /** LFS sha256 (large files). */
  readonly sha256?: string | null;
  /** Git blob sha1 (small files stored in git itself). */
  readonly gitSha1?: string | null;
  /** Human-readable size from the hub's file list, for download estimates when `size` is unknown. */
  readonly approxSize?: string;
  /** Device classes that need this file; absent means all. */
  readonly devices?: readonly DeviceClass[];
}

export interface ManifestModel {
  readonly family: ModelFamily;
  readonly repo: string;
  /** Commit sha the files are pinned to; null = not pinned, fetch refuses. "local" for committed fixtures. */
  readonly revision: string | null;
  readonly license: string;
  readonly tasks: readonly ModelTask[];
  /** Install directory relative to the models root, e.g. "default/florence2". */
  readonly dir: string;
  readonly dtype: Readonly<Record<DeviceClass, DtypeSpec>>;
  readonly files: readonly ManifestFile[];
  readonly sources?: readonly string[];
}

export interface ManifestPack {
  readonly description: string;
  readonly tasks: Readonly<Partial<Record<ModelTask, string | null>>>;
}

export interface Manifest {
  readonly schemaVersion: 1;
  readonly defaultBaseUrl: string;
  readonly urlTemplate: string;
  readonly packs: Readonly<Record<string, ManifestPack>>;
  readonly models: Readonly<Record<string, ManifestModel>>;
}

const invalid = (file: string, reason: string) => new SightlineError('model-missing', `${file}: invalid model manifest (${reason})`);

function checkModel(file: string, key: string, m: ManifestModel): void {
  if (!m || typeof m !== 'object') throw invalid(file, `model "${key}" is not an object`);
  if (!['florence2', 'idefics3', 'whisper'].includes(m.family)) throw invalid(file, `model "${key}" has unknown family "${String(m.family)}"`);
  if (typeof m.dir !== 'string' || m.dir.split(/[\\/]/).includes('..') || path.isAbsolute(m.dir)) throw invalid(file, `model "${key}" has a bad dir`);
  if (!Array.isArray(m.files)) throw invalid(file, `model "${key}" has no files list`);
  for (const f of m.files) {
    if (typeof f.path !== 'string' || f.path.split('/').includes('..') || path.isAbsolute(f.path)) {
      throw invalid(file, `model "${key}" lists a bad path ${JSON.stringify(f.path)}`);
    }
  }
}

/** Reads and checks the manifest under the models root. Paths never escape the root. */
export function loadManifest(root: string): Manifest {
  const file = path.join(root, 'manifest.json');
  let data: Manifest;
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SightlineError('model-missing', code === 'ENOENT' ? `${file}: model manifest not found` : `${file}: unreadable model manifest (${(err as Error).message.split('\n')[0]})`);
  }
  if (data?.schemaVersion !== 1 || typeof data.packs !== 'object' || typeof data.models !== 'object') throw invalid(file, 'expected schemaVersion 1 with packs and models');
  for (const [key, m] of Object.entries(data.models)) checkModel(file, key, m);
  for (const [name, pack] of Object.entries(data.packs)) {
    for (const [task, model] of Object.entries(pack.tasks ?? {})) {
      if (model !== null && !(model in data.models)) throw invalid(file, `pack "${name}" names unknown model "${model}" for ${task}`);
    }
  }
  return data;
}
