import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkPack } from '../../electron/core/app/packCheck';
import type { ModelState } from '../../electron/common/ipc';
import { modelsRootCopy, repoModels } from '../models/packCopy';
import { tempDir } from '../helpers/tmp';

const byTask = (states: readonly ModelState[]) => Object.fromEntries(states.map((s) => [s.task, s]));

test('an intact pack is ready for every task, with nothing to announce', async () => {
  const seen: ModelState[] = [];
  const report = await checkPack(repoModels, 'fixture', (s) => seen.push(s));
  assert.deepEqual(report.problems, []);
  assert.equal(report.summary, '');
  assert.deepEqual(report.states.map((s) => s.state), report.states.map(() => 'ready'));
  assert.ok(seen.some((s) => s.state === 'verifying'), 'the renderer hears that checking started');
});

test('a damaged file makes its task corrupt, a deleted one missing, and the summary names the fix', async () => {
  const root = await modelsRootCopy(await tempDir(), { withFixture: true });
  await writeFile(path.join(root, 'fixture', 'florence2', 'config.json'), '{"damaged": true}');
  await rm(path.join(root, 'fixture', 'smolvlm', 'onnx', 'decoder_model_merged_int8.onnx'));
  const report = await checkPack(root, 'fixture');
  const states = byTask(report.states);
  assert.equal(states.caption?.state, 'corrupt');
  assert.match(states.caption!.detail, /1 file corrupt/);
  assert.equal(states.vqa?.state, 'missing');
  assert.match(states.vqa!.detail, /1 file missing/);
  assert.equal(states.transcribe?.state, 'ready');
  assert.match(report.summary, /^Model pack "fixture" is incomplete: .*To fix it, .*sightline models fetch fixture/);
});

test('a real pack that is not installed reads as missing, naming the files the manifest cannot pin yet', async () => {
  const report = await checkPack(repoModels, 'default');
  for (const s of report.states) {
    assert.equal(s.state, 'missing', `${s.task}: ${s.detail}`);
    assert.doesNotMatch(s.detail, /corrupt/);
  }
  assert.ok(report.states.some((s) => /not pinned in the manifest yet/.test(s.detail)));
});

test('an unknown pack is reported, not thrown', async () => {
  const report = await checkPack(repoModels, 'no-such-pack');
  assert.deepEqual(report.states, []);
  assert.match(report.summary, /Models cannot be checked: .*no-such-pack/);
});

test('with a GPU preference the start-up check looks at the GPU file set: its missing graph is reported, the CPU set is not', async () => {
  const root = await modelsRootCopy(await tempDir(), { withFixture: true });
  await rm(path.join(root, 'fixture', 'florence2', 'onnx', 'vision_encoder_fp16.onnx'));
  assert.equal(byTask((await checkPack(root, 'fixture', undefined, 'cpu')).states).caption?.state, 'ready');
  const gpu = byTask((await checkPack(root, 'fixture', undefined, 'gpu')).states);
  assert.equal(gpu.caption?.state, 'missing');
  assert.match(gpu.caption!.detail, /1 file missing/);
});
