import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tempDir } from '../helpers/tmp';
import { verifyPack } from '../../electron/core/models/verify';
import { resolveModel } from '../../electron/core/models/resolve';
import { modelsRootCopy, repoModels, repoRoot } from './packCopy';

const bin = path.join(repoRoot, 'bin', 'sightline.js');
const cli = (args: string[], env: NodeJS.ProcessEnv) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });

test('the committed fixture pack verifies: every file present with its manifest size and hash', async () => {
  const report = await verifyPack('fixture', { root: repoModels });
  assert.equal(report.ok, true, JSON.stringify(report.files.filter((f) => f.state !== 'ok'), null, 1));
  const models = new Set(report.files.map((f) => f.model));
  assert.ok(models.has('fixture-florence2') && models.has('fixture-smolvlm'));
});

test('verify names each missing and corrupt file in a corrupted copy and exits 4', async () => {
  const root = await modelsRootCopy(await tempDir(), { withFixture: true });
  const decoder = path.join(root, 'fixture', 'florence2', 'onnx', 'decoder_model_merged_q4.onnx');
  const bytes = await readFile(decoder);
  bytes[bytes.length >> 1] ^= 0xff; // same size, different content: only the hash can tell
  await writeFile(decoder, bytes);
  await rm(path.join(root, 'fixture', 'smolvlm', 'tokenizer.json'));

  const report = await verifyPack('fixture', { root });
  assert.equal(report.ok, false);
  const bad = report.files.filter((f) => f.state !== 'ok').map((f) => `${f.state}:${f.path}`).sort();
  assert.deepEqual(bad, ['corrupt:onnx/decoder_model_merged_q4.onnx', 'missing:tokenizer.json']);

  const run = cli(['models', 'verify'], { SIGHTLINE_MODELS: root, SIGHTLINE_PACK: 'fixture' });
  assert.equal(run.status, 4, run.stderr);
  assert.match(run.stderr, /corrupt: .*florence2\/onnx\/decoder_model_merged_q4\.onnx: sha256/);
  assert.match(run.stderr, /missing: .*smolvlm\/tokenizer\.json/);
  assert.match(run.stdout, /sightline models fetch fixture/);

  const json = cli(['models', 'verify', '--json', '--pack', 'fixture'], { SIGHTLINE_MODELS: root });
  assert.equal(json.status, 4);
  const parsed = JSON.parse(json.stdout) as { ok: boolean; files: { state: string }[] };
  assert.equal(parsed.ok, false);
  assert.equal(parsed.files.filter((f) => f.state !== 'ok').length, 2);
});

test('a truncated file is corrupt, not installed', async () => {
  const root = await modelsRootCopy(await tempDir(), { withFixture: true });
  const file = path.join(root, 'fixture', 'smolvlm', 'onnx', 'embed_tokens_int8.onnx');
  await writeFile(file, (await readFile(file)).subarray(0, 100));
  const report = await verifyPack('fixture', { root });
  const entry = report.files.find((f) => f.path === 'onnx/embed_tokens_int8.onnx' && f.model === 'fixture-smolvlm');
  assert.equal(entry?.state, 'corrupt');
  assert.match(entry!.reason, /size 100 bytes/);
});

test('files without a pinned hash are never reported as verified', async () => {
  const report = await verifyPack('default', { root: repoModels });
  assert.equal(report.ok, false);
  // Nothing of the default pack is committed, so each file is missing; none may pass as ok.
  assert.ok(report.files.every((f) => f.state !== 'ok'));
});

test('resolveModel gives each task slot of a pack, including transcribe, or null when the pack has none', async () => {
  const caption = resolveModel('fixture', 'caption', { root: repoModels });
  assert.equal(caption?.family, 'florence2');
  assert.equal(caption?.dir, path.join(repoModels, 'fixture', 'florence2'));
  assert.deepEqual(caption?.dtypeFor('cpu'), { vision_encoder: 'fp32', embed_tokens: 'q8', encoder_model: 'q4', decoder_model_merged: 'q4' });
  const speech = resolveModel('fixture', 'transcribe', { root: repoModels });
  assert.equal(speech?.family, 'whisper');
  const root = await modelsRootCopy(await tempDir());
  const manifest = JSON.parse(await readFile(path.join(root, 'manifest.json'), 'utf8'));
  manifest.packs['no-speech'] = { description: 'test', tasks: { caption: 'fixture-florence2', vqa: null, transcribe: null } };
  await writeFile(path.join(root, 'manifest.json'), JSON.stringify(manifest));
  assert.equal(resolveModel('no-speech', 'transcribe', { root }), null);
  assert.equal(resolveModel('no-speech', 'vqa', { root }), null);
  assert.throws(() => resolveModel('nonesuch', 'caption', { root: repoModels }), /unknown model pack "nonesuch"/);
});

test('models list shows every pack, the active one marked', () => {
  const run = cli(['models', 'list', '--json'], { SIGHTLINE_MODELS: repoModels, SIGHTLINE_PACK: 'fixture' });
  assert.equal(run.status, 0, run.stderr);
  const parsed = JSON.parse(run.stdout) as { packs: { name: string; active: boolean; installed: boolean }[] };
  const fixture = parsed.packs.find((p) => p.name === 'fixture');
  assert.equal(fixture?.active, true);
  assert.equal(fixture?.installed, true);
  for (const name of ['default', 'fixture', 'quality']) assert.ok(parsed.packs.some((p) => p.name === name), name);
});
