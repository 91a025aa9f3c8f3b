import path from 'node:path';
import { SightlineError, toSightlineError } from '../common/errors';
import { downloadFile, type DownloadProgress } from './download';
import { expectedHash } from './hashing';
import { fileRevision, type DeviceClass, type Manifest, type ManifestFile, type ManifestModel } from './manifest';
import { packModels } from './paths';
import { checkFile } from './verify';
import { filesFor } from './resolve';

export interface FetchOptions {
  readonly root?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly device?: DeviceClass;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: DownloadProgress) => void;
  /** Called once per file as it is settled, so a caller can print "ok" / "downloaded" / the error. */
  readonly onFile?: (r: FetchedFile) => void;
  readonly idleTimeoutMs?: number;
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

/**
 * Installs every file of a pack that is not already present and intact. Files already verified are kept;
 * files without a pinned revision or hash are reported as failures, never downloaded on trust.
 * Network and disk failures stop the run (the next file would fail the same way); the report says what was done.
 */
export async function fetchPack(pack?: string, options: FetchOptions = {}): Promise<FetchReport> {
  const env = options.env ?? process.env;
  const { root, name, manifest, models } = packModels(pack, { root: options.root, env });
  const files: FetchedFile[] = [];
  const settle = (r: FetchedFile) => {
    files.push(r);
    options.onFile?.(r);
  };
  let fatal: SightlineError | null = null;
  for (const { key, model } of models) {
    const dir = path.join(root, model.dir);
    for (const file of filesFor(model, options.device ?? 'cpu')) {
      if (fatal) break;
      const expected = expectedHash(file);
      const revision = fileRevision(model, file);
      if (!revision || !expected) {
        settle({ model: key, path: file.path, outcome: 'failed', error: { kind: 'model-missing', message: `${key}/${file.path}: not pinned in the manifest (${!revision ? 'no revision' : 'no hash'}); refusing to install an unverifiable file` } });
        continue;
      }
      const existing = await checkFile(dir, key, file, revision);
      if (existing.state === 'ok') {
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
          idleTimeoutMs: options.idleTimeoutMs,
          onProgress: options.onProgress,
        });
        settle({ model: key, path: file.path, outcome: 'downloaded' });
      } catch (err) {
        const e = toSightlineError(err);
        settle({ model: key, path: file.path, outcome: 'failed', error: { kind: e.kind, message: e.message } });
        // A checksum failure is about one file; unreachable servers, full disks and cancels are about all of them.
        if (e.kind !== 'network' || /cannot reach|cancel/.test(e.message)) fatal = e;
      }
    }
  }
  if (fatal?.kind === 'cancelled') throw fatal;
  return { pack: name, files, ok: files.every((f) => f.outcome !== 'failed') };
}
