import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tempDir } from '../helpers/tmp';
import { repoModels, repoRoot } from '../models/packCopy';
import { COLOURS, solidPng } from '../vision/images';
import { missedGroups, wordErrorRate } from './realModelCheck';

// The CI real-model check (test/real/realModelCheck.ts) run here against the fixture pack with fixture cases:
// the same script, host, espeak-ng and report; the fixtures name colours and hear every question as
// "what color is this?".

test('word matching: every group needs one alternative as a whole word or phrase', () => {
  assert.deepEqual(missedGroups('A cat sits on a red sofa.', [['cat', 'kitten'], ['sofa', 'couch']]), []);
  assert.deepEqual(missedGroups('A category of things.', [['cat']]), ['cat']);
  assert.deepEqual(missedGroups('The space shuttle lifts off.', [['space shuttle'], ['rocket']]), ['rocket']);
});

test('word error rate: edits over the reference length, case and punctuation ignored', () => {
  assert.equal(wordErrorRate('What animal is this?', 'what animal is this'), 0);
  assert.equal(wordErrorRate('What animal is this?', 'what animals this'), 0.5);
  assert.equal(wordErrorRate('a b', ''), 1);
});

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'test', 'real', 'realModelCheck.js'), ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => { stderr += '\n[test] real-model check still running after 180 s: killed'; child.kill('SIGKILL'); }, 180_000);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => { clearTimeout(timer); resolve({ status, stdout, stderr }); });
  });
}

test('the real-model check runs on the fixture pack: report, step summary, pass; a missed word fails it', async (t) => {
  if (spawnSync('espeak-ng', ['--version']).status !== 0) {
    t.skip('espeak-ng is not installed (scripts/setup.sh installs it)');
    return;
  }
  const dir = await tempDir();
  await writeFile(path.join(dir, 'red.png'), await solidPng(COLOURS.red, 800, 600));
  const cases = {
    photos: [{ image: 'red.png', words: [['red']], question: 'What color is this?', answer: [['red']] }],
    screens: [{ title: 'Notes', heading: 'Groceries', body: ['Milk and bread'], words: [['groceries']] }],
  };
  await writeFile(path.join(dir, 'cases.json'), JSON.stringify(cases));
  const summary = path.join(dir, 'summary.md');
  const env = { SIGHTLINE_MODELS: repoModels, SIGHTLINE_DEVICE: 'cpu', GITHUB_STEP_SUMMARY: summary };
  const ok = await run(['--pack', 'fixture', '--cases', path.join(dir, 'cases.json'), '--out', path.join(dir, 'out')], env);
  assert.equal(ok.status, 0, ok.stderr + ok.stdout);
  const report = JSON.parse(await readFile(path.join(dir, 'out', 'real-models.json'), 'utf8'));
  assert.equal(report.ok, true);
  assert.deepEqual(report.load.map((l: { task: string }) => l.task), ['caption', 'vqa', 'transcribe']);
  assert.match(report.cases[0].caption, /red/);
  assert.match(report.cases[0].answer, /red/);
  assert.equal(report.cases[0].transcript, 'what color is this?');
  assert.equal(report.cases[0].wer, 0);
  assert.ok(report.cases[0].describe.firstTokenMs > 0 && report.cases[0].ask.totalMs > 0);
  assert.match(report.cases[1].description, /Groceries/);
  assert.match(await readFile(summary, 'utf8'), /## Real models: pack `fixture` — passed/);

  await writeFile(path.join(dir, 'cases.json'), JSON.stringify({ photos: [{ ...cases.photos[0], words: [['cat', 'kitten']] }] }));
  const missed = await run(['--pack', 'fixture', '--cases', path.join(dir, 'cases.json'), '--out', path.join(dir, 'out2')], env);
  assert.equal(missed.status, 1, missed.stderr);
  assert.match(missed.stdout, /FAILED/);
  assert.match(missed.stdout, /\| cat\|kitten \|/);
});
