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
  /** Exact size in bytes; null when no public source gave it (the hash still decides; see `approxBytes`). */
  readonly size: number | null;
  /** LFS sha256 (large files). */
  readonly sha256?: string | null;
  /** Git blob sha1 (small files stored in git itself). */
  readonly gitSha1?: string | null;
  /**
   * Rough size in bytes, read from the hub's rounded file listing ("77.4 MB" → 77400000) when the exact size is not
   * known. Only progress bars and ETAs use it; the hash decides whether a file is accepted.
   */
  readonly approxBytes?: number;
  /**
   * Commit this one file is pinned at, when it differs from the model's `revision`: the commit of the hub page its
   * hash was read from (`/blob/<commit>/<path>`). Content at a commit never changes, so the hash stays valid there.
   */
  readonly revision?: string;
  /** The public page the hash (and size) were read from, for whoever re-checks the pin. */
  readonly source?: string;
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

const COMMIT = /^[0-9a-f]{40}$/;
const SHA256 = /^[0-9a-f]{64}$/i;

/** The commit a file is downloaded from: its own pin, else its model's. Null when neither is pinned. */
export const fileRevision = (model: ManifestModel, file: ManifestFile): string | null => file.revision ?? model.revision;

/**
 * Why a manifest path (a model's `dir`, a file's `path`) cannot be used, or null. Paths are relative, forward-slash,
 * without empty, "." or ".." segments, and never the models root itself: a `dir` of "" or "." would install one
 * model over the root (and over every other model); a backslash means different files on Windows and elsewhere.
 */
function badRelativePath(p: unknown): string | null {
  if (typeof p !== 'string' || p.length === 0) return 'empty';
  if (p.includes('\\')) return 'contains a backslash';
  if (path.posix.isAbsolute(p) || path.win32.isAbsolute(p) || /^[a-z]:/i.test(p)) return 'absolute';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(p)) return 'contains a control character';
  const parts = p.split('/');
  if (parts.some((s) => s === '' || s === '.' || s === '..')) return 'has an empty, "." or ".." segment';
  return null;
}

const invalid = (file: string, reason: string) => new SightlineError('model-missing', `${file}: invalid model manifest (${reason})`);

function checkModel(file: string, key: string, m: ManifestModel): void {
  if (!m || typeof m !== 'object') throw invalid(file, `model "${key}" is not an object`);
  if (!['florence2', 'idefics3', 'whisper'].includes(m.family)) throw invalid(file, `model "${key}" has unknown family "${String(m.family)}"`);
  const dirProblem = badRelativePath(m.dir);
  if (dirProblem) throw invalid(file, `model "${key}" has dir ${JSON.stringify(m.dir)} (${dirProblem})`);
  if (!Array.isArray(m.files)) throw invalid(file, `model "${key}" has no files list`);
  // A branch name ("main") would let the content move under a pinned hash; only commits (or committed fixtures) pin.
  if (m.revision !== null && m.revision !== 'local' && !COMMIT.test(String(m.revision))) throw invalid(file, `model "${key}" has revision ${JSON.stringify(m.revision)}, not a 40-hex commit`);
  for (const f of m.files) {
    const pathProblem = badRelativePath(f.path);
    if (pathProblem) throw invalid(file, `model "${key}" lists path ${JSON.stringify(f.path)} (${pathProblem})`);
    const bad = (what: string) => invalid(file, `model "${key}" file ${f.path} has ${what}`);
    if (f.revision !== undefined && !COMMIT.test(String(f.revision))) throw bad(`revision ${JSON.stringify(f.revision)}, not a 40-hex commit`);
    if (f.sha256 != null && !SHA256.test(String(f.sha256))) throw bad('a malformed sha256');
    if (f.gitSha1 != null && !/^[0-9a-f]{40}$/i.test(String(f.gitSha1))) throw bad('a malformed gitSha1');
    if (f.size !== null && !(Number.isSafeInteger(f.size) && f.size >= 0)) throw bad(`size ${JSON.stringify(f.size)}`);
    if (f.approxBytes !== undefined && !(Number.isFinite(f.approxBytes) && f.approxBytes > 0)) throw bad(`approxBytes ${JSON.stringify(f.approxBytes)}`);
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
  // Two models in one folder (or one inside another) would overwrite each other's files and pins.
  const dirs = Object.entries(data.models).map(([key, m]) => [key, `${m.dir}/`] as const);
  for (const [a, da] of dirs) {
    const clash = dirs.find(([b, db]) => b !== a && (da.startsWith(db) || db.startsWith(da)));
    if (clash) throw invalid(file, `models "${a}" and "${clash[0]}" share the folder ${JSON.stringify(da.slice(0, -1))}`);
  }
  for (const [name, pack] of Object.entries(data.packs)) {
    for (const [task, model] of Object.entries(pack.tasks ?? {})) {
      if (model !== null && !(model in data.models)) throw invalid(file, `pack "${name}" names unknown model "${model}" for ${task}`);
    }
  }
  return data;
}
