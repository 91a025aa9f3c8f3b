import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { tempDir } from '../helpers/tmp';
import { fetchPack } from '../../electron/core/models/fetchPack';
import type { DownloadProgress } from '../../electron/core/models/download';
import { verifyPack } from '../../electron/core/models/verify';
import { modelsRootCopy } from './packCopy';
import { startFixtureServer } from './fixtureServer';
import { bin, cliAsync, closedPort } from './cliProcess';

async function partFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) if (entry.name.endsWith('.part')) out.push(entry.name);
  return out;
}

test('fetch installs the fixture pack from a local server, with progress, and the result verifies', async () => {
  const server = await startFixtureServer();
  const root = await modelsRootCopy(await tempDir());
  const progress: DownloadProgress[] = [];
  const report = await fetchPack('fixture', { root, env: { SIGHTLINE_MODEL_BASE_URL: server.baseUrl }, onProgress: (p) => progress.push(p) });
  assert.equal(report.ok, true, JSON.stringify(report.files.filter((f) => f.outcome === 'failed')));
  assert.ok(report.files.every((f) => f.outcome === 'downloaded'));
  assert.equal((await verifyPack('fixture', { root })).ok, true);
  assert.deepEqual(await partFiles(root), []);
  const decoder = progress.filter((p) => p.file === 'fixture-florence2/onnx/decoder_model_merged_q4.onnx');
  assert.ok(decoder.length >= 1);
  assert.equal(decoder.at(-1)!.receivedBytes, decoder.at(-1)!.totalBytes);
  assert.ok(decoder.every((p) => p.bytesPerSecond >= 0));

  // A second run finds everything installed and downloads nothing.
  const before = server.requests.length;
  const again = await fetchPack('fixture', { root, env: { SIGHTLINE_MODEL_BASE_URL: server.baseUrl } });
  assert.ok(again.files.every((f) => f.outcome === 'present'));
  assert.equal(server.requests.length, before);
});

test('a dropped connection is resumed with an HTTP Range request from where it stopped', async () => {
  const server = await startFixtureServer({ dropOnce: { 'onnx/embed_tokens_quantized.onnx': 0.5 } });
  const root = await modelsRootCopy(await tempDir());
  const report = await fetchPack('fixture', { root, env: { SIGHTLINE_MODEL_BASE_URL: server.baseUrl } });
  assert.equal(report.ok, true, JSON.stringify(report.files.filter((f) => f.outcome === 'failed')));
  const ranged = server.requests.filter((r) => r.path === 'onnx/embed_tokens_quantized.onnx' && r.range);
  assert.ok(ranged.length >= 1, JSON.stringify(server.requests));
  assert.match(ranged[0]!.range!, /^bytes=[1-9]\d*-$/);
  assert.equal((await verifyPack('fixture', { root })).ok, true);
});

test('a file that fails its checksum is discarded, never installed, and named', async () => {
  const server = await startFixtureServer({ corrupt: ['onnx/vision_encoder.onnx', 'onnx/vision_encoder_int8.onnx'] });
  const root = await modelsRootCopy(await tempDir());
  const report = await fetchPack('fixture', { root, env: { SIGHTLINE_MODEL_BASE_URL: server.baseUrl } });
  assert.equal(report.ok, false);
  const failed = report.files.filter((f) => f.outcome === 'failed');
  assert.deepEqual(failed.map((f) => `${f.model}/${f.path}`).sort(), ['fixture-florence2/onnx/vision_encoder.onnx', 'fixture-smolvlm/onnx/vision_encoder_int8.onnx']);
  assert.match(failed[0]!.error!.message, /sha256 mismatch/);
  assert.equal(existsSync(path.join(root, 'fixture', 'florence2', 'onnx', 'vision_encoder.onnx')), false);
  assert.deepEqual(await partFiles(root), []);
  const verify = await verifyPack('fixture', { root });
  assert.deepEqual(verify.files.filter((f) => f.state !== 'ok').map((f) => f.state), ['missing', 'missing']);
});

test('a disk write failure (ENOSPC from /dev/full) is an io error and leaves no installed file', async () => {
  const server = await startFixtureServer();
  const root = await modelsRootCopy(await tempDir());
  const onnxDir = path.join(root, 'fixture', 'florence2', 'onnx');
  await mkdir(onnxDir, { recursive: true });
  // The first file fetched lands on a device that is always full.
  await symlink('/dev/full', path.join(root, 'fixture', 'florence2', 'config.json.part'));
  const report = await fetchPack('fixture', { root, env: { SIGHTLINE_MODEL_BASE_URL: server.baseUrl } });
  const failed = report.files.find((f) => f.outcome === 'failed');
  assert.equal(failed?.error?.kind, 'io');
  assert.match(failed!.error!.message, /config\.json\.part: cannot write \(ENOSPC\)/);
  assert.equal(existsSync(path.join(root, 'fixture', 'florence2', 'config.json')), false);
});

test('the CLI fetch draws a progress bar on stderr and exits 0; an unreachable server fails fast with exit 6', async () => {
  const server = await startFixtureServer();
  const root = await modelsRootCopy(await tempDir());
  const ok = await cliAsync(['models', 'fetch', 'fixture'], { SIGHTLINE_MODELS: root, SIGHTLINE_MODEL_BASE_URL: server.baseUrl });
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stderr, /\[#+\] 100% .*B\/s ETA/);
  assert.match(ok.stdout, /files installed and verified/);

  const empty = await modelsRootCopy(await tempDir());
  const port = await closedPort();
  const refused = await cliAsync(['models', 'fetch', 'fixture'], { SIGHTLINE_MODELS: empty, SIGHTLINE_MODEL_BASE_URL: `http://127.0.0.1:${port}` });
  assert.equal(refused.status, 6, refused.stderr);
  assert.match(refused.stderr, new RegExp(`cannot reach 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`));
  assert.equal(refused.stderr.trim().split('\n').length, 1, 'one line, not one per file');
});

test('with no network at all (unshare -n) fetch fails within 30 s with one clear line and exit 6', async (t) => {
  const probe = spawnSync('unshare', ['-n', 'true']);
  if (probe.status !== 0) {
    t.skip(`unshare -n unavailable here: ${probe.stderr?.toString().trim() || probe.error?.message}`);
    return;
  }
  const root = await modelsRootCopy(await tempDir());
  const env: NodeJS.ProcessEnv = { ...process.env, SIGHTLINE_MODELS: root };
  delete env.SIGHTLINE_MODEL_BASE_URL;
  const started = Date.now();
  const run = spawnSync('unshare', ['-n', process.execPath, bin, 'models', 'fetch', 'fixture'], { encoding: 'utf8', timeout: 60_000, env });
  assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
  assert.equal(run.status, 6, run.stderr);
  assert.match(run.stderr, /sightline models fetch: .*cannot reach huggingface\.co/);
  assert.deepEqual(await partFiles(root), []);
});
