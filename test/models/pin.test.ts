import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tempDir } from '../helpers/tmp';
import { fetchPack } from '../../electron/core/models/fetchPack';
import { nextPageUrl } from '../../electron/core/models/hubTree';
import { loadManifest } from '../../electron/core/models/manifest';
import { pinPack } from '../../electron/core/models/pinPack';
import { verifyPack } from '../../electron/core/models/verify';
import { cliAsync, closedPort } from './cliProcess';
import { startFixtureServer } from './fixtureServer';
import { modelsRootCopy } from './packCopy';
import { COMMIT, DECODER, FIXTURE_MODELS, committed, unpinnedRoot } from './unpinnedRoot';

const manifestText = (root: string) => readFile(path.join(root, 'manifest.json'), 'utf8');

test('pin fills the missing hashes and exact sizes from the hub listing (paged), and the pack then installs and verifies', async () => {
  const server = await startFixtureServer({ treeCommits: [COMMIT], treePageSize: 3 });
  const root = await unpinnedRoot();
  const env = { SIGHTLINE_MODEL_BASE_URL: server.baseUrl };

  const report = await pinPack('fixture', { root, env });
  assert.equal(report.ok, true, JSON.stringify(report.files.filter((f) => !['pinned', 'completed'].includes(f.outcome))));
  assert.equal(report.written, true);
  assert.equal(report.files.find((f) => f.path === DECODER && f.model === 'fixture-florence2')?.outcome, 'completed');
  assert.equal(report.files.filter((f) => f.outcome === 'pinned').length, report.files.length - 1);

  const pinned = loadManifest(root);
  for (const key of FIXTURE_MODELS) {
    for (const file of pinned.models[key]!.files) {
      const truth = committed.models[key]!.files.find((f) => f.path === file.path)!;
      assert.equal(file.size, truth.size, `${key}/${file.path} size`);
      assert.equal(file.approxBytes, undefined);
      // Graphs are LFS files on the hub (sha256), everything else lives in git (blob id), as on the real hub.
      if (file.path.endsWith('.onnx')) assert.equal(file.sha256, truth.sha256, `${key}/${file.path} sha256`);
      else assert.equal(file.gitSha1, truth.gitSha1, `${key}/${file.path} gitSha1`);
    }
  }
  const config = pinned.models['fixture-florence2']!.files.find((f) => f.path === 'config.json')!;
  assert.equal(config.source, `${server.baseUrl}/api/models/sightline/fixture-florence2/tree/${COMMIT}`);

  const fetched = await fetchPack('fixture', { root, env });
  assert.equal(fetched.ok, true, JSON.stringify(fetched.files.filter((f) => f.outcome === 'failed')));
  assert.equal((await verifyPack('fixture', { root })).ok, true);

  // Pinning again changes nothing and rewrites nothing.
  const before = await manifestText(root);
  const again = await pinPack('fixture', { root, env });
  assert.equal(again.written, false);
  assert.ok(again.files.every((f) => f.outcome === 'unchanged'));
  assert.equal(await manifestText(root), before);
});

test('pin writes nothing when the hub disagrees with a hash already in the manifest, and the CLI says so (exit 4)', async () => {
  const server = await startFixtureServer({ treeCommits: [COMMIT], treeOverride: { [DECODER]: { lfs: { oid: 'ab'.repeat(32), size: 7376, pointerSize: 130 } } } });
  const root = await unpinnedRoot();
  const before = await manifestText(root);
  const env = { SIGHTLINE_MODELS: root, SIGHTLINE_MODEL_BASE_URL: server.baseUrl };
  const report = await pinPack('fixture', { root, env });
  assert.equal(report.ok, false);
  assert.equal(report.written, false);
  const conflict = report.files.filter((f) => f.outcome === 'conflict');
  // The Florence-2 decoder had a sha256 already; the other fixtures' decoders had none, so the hub's (wrong) value
  // would be taken for them, which is why one conflict stops the whole write.
  assert.deepEqual(conflict.map((f) => `${f.model}/${f.path}`), [`fixture-florence2/${DECODER}`]);
  assert.match(conflict[0]!.detail, /manifest sha256 [0-9a-f]{12}…, hub abababababab…/);
  assert.equal(await manifestText(root), before);

  const cli = await cliAsync(['models', 'pin', 'fixture'], env);
  assert.equal(cli.status, 4, cli.stderr);
  assert.match(cli.stderr, /^conflict: fixture-florence2\/onnx\/decoder_model_merged_q4\.onnx: manifest sha256/m);
  assert.match(cli.stdout, /manifest NOT written: the hub disagrees with it/);
  assert.equal(await manifestText(root), before);
});

test('pin names files the hub lacks at the commit or lists without a hash, and still writes the rest; --dry-run writes nothing', async () => {
  const xetOnly = 'onnx/embed_tokens_fp16.onnx';
  const server = await startFixtureServer({ treeCommits: [COMMIT], treeOverride: { [xetOnly]: { lfs: null, xetHash: 'f'.repeat(64) } } });
  const root = await unpinnedRoot((m) => m.models['fixture-smolvlm']!.files.push({ path: 'onnx/vision_encoder_q4.onnx', size: null, gitSha1: null }));
  const env = { SIGHTLINE_MODELS: root, SIGHTLINE_MODEL_BASE_URL: server.baseUrl };

  const before = await manifestText(root);
  const dry = await cliAsync(['models', 'pin', 'fixture', '--dry-run', '--json'], env);
  assert.equal(dry.status, 4, dry.stderr);
  const dryReport = JSON.parse(dry.stdout) as { written: boolean; files: { model: string; path: string; outcome: string; detail: string }[] };
  assert.equal(dryReport.written, false);
  assert.deepEqual(dryReport.files.filter((f) => f.outcome === 'absent').map((f) => `${f.model}/${f.path}: ${f.detail}`),
    [`fixture-smolvlm/onnx/vision_encoder_q4.onnx: not in sightline/fixture-smolvlm at ${COMMIT.slice(0, 7)}`]);
  // Its top-level oid is a pointer's blob id; taken as the file's git blob id it would fail every download.
  assert.deepEqual([...new Set(dryReport.files.filter((f) => f.outcome === 'no-hash').map((f) => f.path))], [xetOnly]);
  assert.equal(await manifestText(root), before);

  const report = await pinPack('fixture', { root, env });
  assert.equal(report.ok, false);
  assert.equal(report.written, true);
  const florence = loadManifest(root).models['fixture-florence2']!.files.find((f) => f.path === xetOnly)!;
  assert.equal(florence.gitSha1 ?? florence.sha256 ?? null, null);
  const smol = loadManifest(root).models['fixture-smolvlm']!.files;
  assert.equal(smol.find((f) => f.path === 'onnx/vision_encoder_q4.onnx')!.gitSha1, null);
  assert.ok(smol.filter((f) => f.path !== 'onnx/vision_encoder_q4.onnx' && f.path !== xetOnly).every((f) => f.sha256 || f.gitSha1));
  assert.deepEqual((await readdir(root)).filter((f) => f.endsWith('.tmp')), [], 'no temporary manifest is left behind');
});

test('pin fails with one line naming the repository: unknown commit (exit 6), malformed listing, server unreachable', async () => {
  const server = await startFixtureServer({ treeCommits: ['0'.repeat(40)] });
  const root = await unpinnedRoot();
  const before = await manifestText(root);
  const unknown = await cliAsync(['models', 'pin', 'fixture'], { SIGHTLINE_MODELS: root, SIGHTLINE_MODEL_BASE_URL: server.baseUrl });
  assert.equal(unknown.status, 6, unknown.stderr);
  assert.match(unknown.stderr, /^sightline models: sightline\/fixture-florence2@c0ffee0: the hub answered 404 /);
  assert.equal(unknown.stderr.trim().split('\n').length, 1, unknown.stderr);

  const garbled = await startFixtureServer({ treeCommits: [COMMIT], treeOverride: { 'config.json': { oid: 'not-a-hash' } } });
  await assert.rejects(pinPack('fixture', { root, env: { SIGHTLINE_MODEL_BASE_URL: garbled.baseUrl } }),
    { kind: 'network', message: /fixture-florence2@c0ffee0: entry config\.json has no 40-hex oid/ });

  const port = await closedPort();
  const started = performance.now();
  const refused = await cliAsync(['models', 'pin', 'fixture'], { SIGHTLINE_MODELS: root, SIGHTLINE_MODEL_BASE_URL: `http://127.0.0.1:${port}` });
  assert.equal(refused.status, 6);
  assert.match(refused.stderr, /^sightline models: sightline\/fixture-florence2@c0ffee0: cannot list the repository at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)\n$/);
  assert.ok(performance.now() - started < 30_000);
  assert.equal(await manifestText(root), before);
});

test('committed fixtures need no pinning, and the hub listing is paged by its Link header', async () => {
  const root = await modelsRootCopy(await tempDir());
  const report = await pinPack('fixture', { root, env: { SIGHTLINE_MODEL_BASE_URL: 'http://127.0.0.1:9' } });
  assert.equal(report.ok, true);
  assert.ok(report.files.every((f) => f.outcome === 'local'));
  assert.equal(report.written, false);

  assert.equal(nextPageUrl('<https://huggingface.co/api/models/a/b/tree/c?cursor=xyz>; rel="next"'), 'https://huggingface.co/api/models/a/b/tree/c?cursor=xyz');
  assert.equal(nextPageUrl('<https://x/prev>; rel="prev", </api/next?cursor=2>; rel="next"'), '/api/next?cursor=2');
  assert.equal(nextPageUrl('<https://x/prev>; rel="prev"'), null);
  assert.equal(nextPageUrl(null), null);
});
