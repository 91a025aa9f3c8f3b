import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tempDir } from '../helpers/tmp';
import { fetchPack } from '../../electron/core/models/fetchPack';
import type { DownloadProgress } from '../../electron/core/models/download';
import { fileRevision, loadManifest, type DeviceClass, type ManifestFile, type ManifestModel } from '../../electron/core/models/manifest';
import { filesFor } from '../../electron/core/models/resolve';
import { verifyPack } from '../../electron/core/models/verify';
import { modelsRootCopy, repoModels } from './packCopy';
import { startFixtureServer } from './fixtureServer';

type MutableManifest = { models: Record<string, { revision: string | null; files: Record<string, unknown>[] }> };

/** A models root whose manifest was edited by `edit` (the repository's manifest is never touched). */
async function editedRoot(edit: (m: MutableManifest) => void): Promise<string> {
  const root = await modelsRootCopy(await tempDir());
  const file = path.join(root, 'manifest.json');
  const manifest = JSON.parse(await readFile(file, 'utf8')) as MutableManifest;
  edit(manifest);
  await writeFile(file, JSON.stringify(manifest));
  return root;
}

const DECODER = 'onnx/decoder_model_merged_q4.onnx';
const decoderBytes = statSync(path.join(repoModels, 'fixture', 'florence2', DECODER)).size;

/** Like the real packs: a sha256 but only the hub's rounded size, here deliberately above the true size. */
function approximateDecoder(m: MutableManifest): void {
  const entry = m.models['fixture-florence2']!.files.find((f) => f.path === DECODER)!;
  entry.size = null;
  entry.approxBytes = 10_000;
  delete entry.gitSha1;
}

test('a file pinned by sha256 with only an approximate size installs; the estimate drives progress, the hash decides', async () => {
  assert.ok(decoderBytes < 10_000, 'the fixture decoder is smaller than the estimate used here');
  const server = await startFixtureServer({ noLength: [DECODER] });
  const root = await editedRoot(approximateDecoder);
  const progress: DownloadProgress[] = [];
  const report = await fetchPack('fixture', { root, env: { SIGHTLINE_MODEL_BASE_URL: server.baseUrl }, onProgress: (p) => progress.push(p) });
  assert.equal(report.ok, true, JSON.stringify(report.files.filter((f) => f.outcome === 'failed')));
  const decoder = progress.filter((p) => p.file === `fixture-florence2/${DECODER}`);
  assert.ok(decoder.length >= 1);
  // No exact size and no Content-Length: only approxBytes can give the bar a total.
  assert.ok(decoder.every((p) => p.totalBytes === 10_000), JSON.stringify(decoder));
  assert.equal(decoder.at(-1)!.receivedBytes, decoderBytes);
  assert.equal((await verifyPack('fixture', { root })).ok, true);

  // A truncated copy is still caught without an exact size: by its hash.
  const installed = path.join(root, 'fixture', 'florence2', DECODER);
  await writeFile(installed, (await readFile(installed)).subarray(0, 100));
  const check = (await verifyPack('fixture', { root })).files.find((f) => f.model === 'fixture-florence2' && f.path === DECODER);
  assert.equal(check?.state, 'corrupt');
  assert.match(check!.reason, /^sha256 /);
});

test('an approximately sized file that arrives with a wrong byte is discarded, not installed', async () => {
  const server = await startFixtureServer({ noLength: [DECODER], corrupt: [DECODER] });
  const root = await editedRoot(approximateDecoder);
  const report = await fetchPack('fixture', { root, env: { SIGHTLINE_MODEL_BASE_URL: server.baseUrl } });
  const failed = report.files.find((f) => f.model === 'fixture-florence2' && f.path === DECODER);
  assert.equal(failed?.outcome, 'failed');
  assert.match(failed!.error!.message, /sha256 mismatch/);
  assert.equal(existsSync(path.join(root, 'fixture', 'florence2', DECODER)), false);
});

test("a file's own revision is the commit it is fetched from; with no revision at all it is refused and reported unpinned", async () => {
  const commit = '0123456789abcdef0123456789abcdef01234567';
  const server = await startFixtureServer();
  const root = await editedRoot((m) => {
    const model = m.models['fixture-florence2']!;
    model.revision = null;
    for (const f of model.files) if (f.path !== 'config.json') f.revision = commit;
  });
  const report = await fetchPack('fixture', { root, env: { SIGHTLINE_MODEL_BASE_URL: server.baseUrl } });
  const florence = report.files.filter((f) => f.model === 'fixture-florence2');
  assert.deepEqual(florence.filter((f) => f.outcome === 'failed').map((f) => f.path), ['config.json']);
  assert.match(florence.find((f) => f.path === 'config.json')!.error!.message, /not pinned in the manifest \(no revision\)/);
  const fetchedFlorence = server.requests.filter((r) => r.revision !== 'local');
  assert.ok(fetchedFlorence.length >= florence.length - 1);
  assert.ok(fetchedFlorence.every((r) => r.revision === commit), JSON.stringify(server.requests));

  const verify = await verifyPack('fixture', { root });
  const bad = verify.files.filter((f) => f.state !== 'ok').map((f) => `${f.state}:${f.model}/${f.path}`);
  assert.deepEqual(bad, ['unpinned:fixture-florence2/config.json']);
});

test('the manifest refuses a branch name for a revision and a malformed hash', async () => {
  const branch = await editedRoot((m) => { m.models['smolvlm-256m-instruct']!.revision = 'main'; });
  assert.throws(() => loadManifest(branch), /smolvlm-256m-instruct" has revision "main", not a 40-hex commit/);
  const shortHash = await editedRoot((m) => { m.models['fixture-smolvlm']!.files[0]!.sha256 = 'b585e359'; });
  assert.throws(() => loadManifest(shortHash), /fixture-smolvlm" file chat_template\.json has a malformed sha256/);
  const fileBranch = await editedRoot((m) => { m.models['fixture-smolvlm']!.files[0]!.revision = 'refs/pr/3'; });
  assert.throws(() => loadManifest(fileBranch), /revision "refs\/pr\/3", not a 40-hex commit/);
});

// Transformers.js picks `onnx/<session><suffix>.onnx` from the dtype; a manifest that lists other files would
// install graphs the loader never opens and leave the ones it needs missing.
const SUFFIX: Readonly<Record<string, string>> = Object.freeze({ fp32: '', fp16: '_fp16', int8: '_int8', uint8: '_uint8', q8: '_quantized', q4: '_q4', q4f16: '_q4f16', bnb4: '_bnb4' });

function expectedGraphs(model: ManifestModel, device: DeviceClass): string[] | null {
  const dtype = model.dtype[device];
  if (typeof dtype === 'string') return null;
  return Object.entries(dtype).map(([session, d]) => {
    assert.ok(d in SUFFIX, `unknown dtype ${d}`);
    return `onnx/${session}${SUFFIX[d]}.onnx`;
  }).sort();
}

test('every real model lists exactly the ONNX files its dtype table makes Transformers.js load, per device class', () => {
  const manifest = loadManifest(repoModels);
  for (const [key, model] of Object.entries(manifest.models)) {
    for (const device of ['cpu', 'gpu'] as const) {
      const expected = expectedGraphs(model, device);
      if (!expected) continue; // fixtures: one dtype for all sessions
      const listed = filesFor(model, device).map((f) => f.path).filter((p) => p.startsWith('onnx/')).sort();
      assert.deepEqual(listed, expected, `${key} on ${device}`);
    }
  }
});

const isPinned = (model: ManifestModel, f: ManifestFile) => !!(f.sha256 || f.gitSha1) && !!fileRevision(model, f);

test('real packs: pinned files carry a full hash (sha256 or git blob id), a commit, a size or estimate and their source; the rest verify as unpinned', async () => {
  const manifest = loadManifest(repoModels);
  for (const pack of ['default', 'quality']) {
    const keys = Object.values(manifest.packs[pack]!.tasks).filter((k): k is string => !!k);
    for (const key of keys) {
      const model = manifest.models[key]!;
      for (const f of model.files.filter((file) => isPinned(model, file))) {
        // Large files by the LFS sha256, small ones by the git blob id, as the hub's own tools verify them.
        assert.ok(/^[0-9a-f]{64}$/.test(String(f.sha256)) || /^[0-9a-f]{40}$/.test(String(f.gitSha1)), `${key}/${f.path}: full sha256 or git blob id`);
        assert.match(String(fileRevision(model, f)), /^[0-9a-f]{40}$/, `${key}/${f.path}`);
        assert.ok(f.size !== null || (f.approxBytes ?? 0) > 0, `${key}/${f.path} has neither size nor approxBytes`);
        assert.match(String(f.source), /^https:\/\/huggingface\.co\//, `${key}/${f.path}`);
      }
    }
    for (const device of ['cpu', 'gpu'] as const) {
      const report = await verifyPack(pack, { root: repoModels, device });
      for (const check of report.files) {
        const model = manifest.models[check.model]!;
        const entry = model.files.find((f) => f.path === check.path)!;
        assert.equal(check.state, isPinned(model, entry) ? 'missing' : 'unpinned', `${pack}/${device}: ${check.model}/${check.path}`);
      }
    }
  }
  // The caption and question graphs the default pack runs on a CPU are all pinned (README lists each source).
  for (const key of ['florence-2-base-ft', 'smolvlm-256m-instruct']) {
    const model = manifest.models[key]!;
    const graphs = filesFor(model, 'cpu').filter((f) => f.path.startsWith('onnx/'));
    assert.ok(graphs.length > 0 && graphs.every((f) => isPinned(model, f)), key);
  }
});
