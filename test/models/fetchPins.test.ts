import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tempDir } from '../helpers/tmp';
import { fetchPack } from '../../electron/core/models/fetchPack';
import { PINS_FILE, type PinsLock } from '../../electron/core/models/installedPins';
import { verifyPack } from '../../electron/core/models/verify';
import { bin, cliAsync, closedPort } from './cliProcess';
import { startFixtureServer } from './fixtureServer';
import { repoModels } from './packCopy';
import { COMMIT, DECODER, FIXTURE_MODELS, committed, unpinnedRoot } from './unpinnedRoot';

// Issue 12 point 2: `models fetch` completes its own pins from the hub's listing at the manifest's commit; no
// maintainer step comes first.

const DIRS: Readonly<Record<string, string>> = Object.freeze({ 'fixture-florence2': 'fixture/florence2', 'fixture-smolvlm': 'fixture/smolvlm', 'fixture-whisper': 'fixture/whisper' });

test('fetch pins unpinned files from the listing, records them beside each model, and verify checks them (offline too)', async () => {
  const server = await startFixtureServer({ treeCommits: [COMMIT] });
  const root = await unpinnedRoot();
  const manifestBefore = await readFile(path.join(root, 'manifest.json'), 'utf8');
  const report = await fetchPack('fixture', { root, env: { SIGHTLINE_MODEL_BASE_URL: server.baseUrl } });
  assert.equal(report.ok, true, JSON.stringify(report.files.filter((f) => f.outcome === 'failed')));
  assert.equal(await readFile(path.join(root, 'manifest.json'), 'utf8'), manifestBefore, 'the manifest is not rewritten');

  for (const key of FIXTURE_MODELS) {
    const lock = JSON.parse(await readFile(path.join(root, DIRS[key]!, PINS_FILE), 'utf8')) as PinsLock;
    assert.equal(lock.repo, `sightline/${key}`);
    for (const file of committed.models[key]!.files) {
      const pin = lock.files[file.path]!;
      assert.ok(pin, `${key}/${file.path} recorded`);
      assert.equal(pin.revision, COMMIT);
      assert.equal(pin.size, file.size);
      // The hub's own hash kinds: LFS sha256 for graphs, git blob ids for files in git.
      if (file.path.endsWith('.onnx')) assert.equal(pin.sha256, file.sha256, `${key}/${file.path}`);
      else assert.equal(pin.gitSha1, file.gitSha1, `${key}/${file.path}`);
    }
  }
  // The Florence-2 decoder's sha256 was in the manifest, only its size was not: recorded with the same hash.
  const florence = JSON.parse(await readFile(path.join(root, 'fixture/florence2', PINS_FILE), 'utf8')) as PinsLock;
  assert.equal(florence.files[DECODER]!.sha256, committed.models['fixture-florence2']!.files.find((f) => f.path === DECODER)!.sha256);

  // Verify needs no network: the recorded pins decide.
  const port = await closedPort();
  assert.equal((await verifyPack('fixture', { root, env: { SIGHTLINE_MODEL_BASE_URL: `http://127.0.0.1:${port}` } })).ok, true);
  // A second fetch finds everything installed without asking the hub for anything.
  const again = await fetchPack('fixture', { root, env: { SIGHTLINE_MODEL_BASE_URL: `http://127.0.0.1:${port}` } });
  assert.ok(again.files.every((f) => f.outcome === 'present'), JSON.stringify(again.files));

  // A small file changed after install is corrupt by its recorded git blob id.
  const config = path.join(root, 'fixture/smolvlm/config.json');
  await writeFile(config, (await readFile(config, 'utf8')).replace('"', ' "'));
  const broken = (await verifyPack('fixture', { root })).files.filter((f) => f.state !== 'ok');
  assert.deepEqual(broken.map((f) => `${f.state}:${f.model}/${f.path}`), ['corrupt:fixture-smolvlm/config.json']);
  assert.match(broken[0]!.reason, /^size|gitSha1/);

  // Without the record, an installed but unpinned file is never taken as verified.
  await rm(path.join(root, 'fixture/whisper', PINS_FILE));
  const unpinned = (await verifyPack('fixture', { root })).files.filter((f) => f.model === 'fixture-whisper');
  assert.ok(unpinned.every((f) => f.state === 'unpinned'), JSON.stringify(unpinned));
});

test('a listing that disagrees with a manifest hash stops with exit 4 and installs nothing of that model; the others install', async () => {
  const server = await startFixtureServer({ treeCommits: [COMMIT], treeOverride: { [DECODER]: { lfs: { oid: 'ab'.repeat(32), size: 7376, pointerSize: 130 } } } });
  const root = await unpinnedRoot();
  const run = await cliAsync(['models', 'fetch', 'fixture'], { SIGHTLINE_MODELS: root, SIGHTLINE_MODEL_BASE_URL: server.baseUrl });
  assert.equal(run.status, 4, run.stderr);
  assert.match(run.stderr, /fixture-florence2: the hub's listing disagrees with the manifest, so nothing of this model is installed \(onnx\/decoder_model_merged_q4\.onnx: manifest sha256 [0-9a-f]{12}…, hub abababababab…\)/);
  assert.equal(existsSync(path.join(root, 'fixture/florence2')), false, 'nothing of the refused model is written');
  // The other two fixtures' decoders had no manifest hash, so the (wrong) listing is taken for them: they install
  // the listed file and fail its hash, which is why a disagreement anywhere in one model refuses that model only.
  const check = await verifyPack('fixture', { root });
  const florence = [...new Set(check.files.filter((f) => f.model === 'fixture-florence2').map((f) => f.state))].sort().join(',');
  assert.equal(florence, 'missing,unpinned', 'its pinned decoder is missing, the rest stays unpinned');
  assert.ok(check.files.filter((f) => f.model !== 'fixture-florence2').every((f) => f.state === 'ok'), JSON.stringify(check.files.filter((f) => f.state !== 'ok')));
});

test('no hub at all: fetch of the default pack (mostly unpinned) says so in one line with exit 6, within 30 s', async () => {
  const root = await tempDir();
  await writeFile(path.join(root, 'manifest.json'), await readFile(path.join(repoModels, 'manifest.json')));
  const port = await closedPort();
  const started = Date.now();
  const run = await cliAsync(['models', 'fetch', 'default'], { SIGHTLINE_MODELS: root, SIGHTLINE_MODEL_BASE_URL: `http://127.0.0.1:${port}` }, 40_000);
  assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
  assert.equal(run.status, 6, run.stderr);
  assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
  assert.match(run.stderr, /cannot (list the repository at|reach) 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  assert.deepEqual((await readdir(root)).sort(), ['manifest.json']);
});

test('with no network at all (unshare -n) fetch of the default pack fails in one line with exit 6 within 30 s', async (t) => {
  const probe = spawnSync('unshare', ['-n', 'true']);
  if (probe.status !== 0) {
    t.skip(`unshare -n unavailable here: ${probe.stderr?.toString().trim() || probe.error?.message}`);
    return;
  }
  const root = await tempDir();
  await writeFile(path.join(root, 'manifest.json'), await readFile(path.join(repoModels, 'manifest.json')));
  const env: NodeJS.ProcessEnv = { ...process.env, SIGHTLINE_MODELS: root };
  delete env.SIGHTLINE_MODEL_BASE_URL;
  const started = Date.now();
  const run = spawnSync('unshare', ['-n', process.execPath, bin, 'models', 'fetch', 'default'], { encoding: 'utf8', timeout: 60_000, env });
  assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
  assert.equal(run.status, 6, run.stderr);
  assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
  assert.match(run.stderr, /huggingface\.co/);
});
