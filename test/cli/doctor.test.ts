import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempDir } from '../helpers/tmp';
import type { DoctorView } from '../../electron/common/ipc';
import { cliAsync } from '../models/cliProcess';
import { modelsRootCopy, repoModels } from '../models/packCopy';

// Issue 12 point 8: `sightline doctor` says what is installed, what verifies, where each model really runs and how
// long a load and a run take, on built-in inputs.

test('doctor on the fixture pack: every file verified, every task loaded and run on the CPU with timings', async () => {
  const run = await cliAsync(['doctor', '--pack', 'fixture', '--json'], { SIGHTLINE_MODELS: repoModels, SIGHTLINE_DEVICE: 'cpu' }, 120_000);
  assert.equal(run.status, 0, run.stderr);
  const view = JSON.parse(run.stdout) as DoctorView;
  assert.equal(view.ok, true);
  assert.equal(view.pack, 'fixture');
  assert.equal(view.fileSet, 'cpu');
  assert.ok(view.files.length > 10 && view.files.every((f) => f.state === 'ok'), JSON.stringify(view.files.filter((f) => f.state !== 'ok')));
  assert.deepEqual(view.tasks.map((t) => t.task), ['caption', 'vqa', 'transcribe']);
  for (const t of view.tasks) {
    assert.equal(t.ok, true, `${t.task}: ${t.output}`);
    assert.equal(t.device, 'cpu');
    assert.deepEqual(t.skipped, []);
    assert.ok(t.loadMs > 0 && t.runMs > 0, JSON.stringify(t));
  }
  assert.match(view.tasks[0]!.output, /\bred\b/);
  assert.match(view.tasks[1]!.output, /\bred\b/);
});

test('doctor with a GPU provider asked for on a machine without it: the CPU runs the sessions, and the reason is named', async () => {
  const run = await cliAsync(['doctor', '--pack', 'fixture'], { SIGHTLINE_MODELS: repoModels, SIGHTLINE_DEVICE: 'cuda' }, 120_000);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /pack: fixture; device preference: cuda \(gpu file set\)/);
  assert.match(run.stdout, /^ok {3}caption {4}fixture\/florence2 on (cpu|cuda): load \d+ ms, run \d+ ms: A plain red image\.$/m);
  if (!/on cuda/.test(run.stdout)) assert.match(run.stdout, /^ {5}not on cuda: .+$/m);
});

test('doctor on a pack that is not installed names what is missing, skips the smoke run, and exits 4', async () => {
  const root = await modelsRootCopy(await tempDir());
  const run = await cliAsync(['doctor', '--pack', 'fixture'], { SIGHTLINE_MODELS: root, SIGHTLINE_DEVICE: 'cpu' }, 60_000);
  assert.equal(run.status, 4, run.stderr);
  assert.match(run.stdout, /fixture-florence2: 0 of \d+ files verified/);
  assert.match(run.stdout, /smoke test skipped: the pack is not installed; run: sightline models fetch fixture/);
});
