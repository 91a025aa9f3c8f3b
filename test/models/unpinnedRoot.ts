import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tempDir } from '../helpers/tmp';
import { loadManifest } from '../../electron/core/models/manifest';
import { modelsRootCopy, repoModels } from './packCopy';

/** The commit the test manifest names; the local hub lists the fixture files only at it. */
export const COMMIT = 'c0ffee0000000000000000000000000000000001';
export const FIXTURE_MODELS = ['fixture-florence2', 'fixture-smolvlm', 'fixture-whisper'];
export const DECODER = 'onnx/decoder_model_merged_q4.onnx';

export type RawFile = Record<string, unknown> & { path: string };
export type RawManifest = { models: Record<string, { revision: string | null; files: RawFile[] }> };

export const committed = loadManifest(repoModels);

/**
 * The fixture pack as the real packs stood before pinning: a commit, no hashes, no sizes — except the Florence-2
 * decoder, whose sha256 was read from a hub page with only a rounded size, as several real files are.
 */
export async function unpinnedRoot(edit: (m: RawManifest) => void = () => undefined): Promise<string> {
  const root = await modelsRootCopy(await tempDir());
  const file = path.join(root, 'manifest.json');
  const m = JSON.parse(await readFile(file, 'utf8')) as RawManifest;
  for (const key of FIXTURE_MODELS) {
    m.models[key]!.revision = COMMIT;
    m.models[key]!.files = m.models[key]!.files.map((f) => ({ path: f.path, size: null, gitSha1: null }));
  }
  const decoder = m.models['fixture-florence2']!.files.find((f) => f.path === DECODER)!;
  Object.assign(decoder, { sha256: committed.models['fixture-florence2']!.files.find((f) => f.path === DECODER)!.sha256, approxBytes: 10_000 });
  delete decoder.gitSha1;
  edit(m);
  await writeFile(file, `${JSON.stringify(m, null, 2)}\n`);
  return root;
}

