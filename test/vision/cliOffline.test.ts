import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSync } from '../helpers/deadline';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tempDir } from '../helpers/tmp';
import { modelsRootCopy, repoRoot } from '../models/packCopy';
import { COLOURS, screenshotPng, solidPng } from './images';

const bin = path.join(repoRoot, 'bin', 'sightline.js');
const cli = (args: string[], env: NodeJS.ProcessEnv = {}, prefix: string[] = []) => {
  const [cmd, ...rest] = prefix.length ? [...prefix, process.execPath, bin, ...args] : [process.execPath, bin, ...args];
  return runSync(cmd!, rest, { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
};

test('describe and ask on the fixture pack from the CLI: text and JSON with the issue\'s fields', async () => {
  const dir = await tempDir();
  const red = path.join(dir, 'red.png');
  await writeFile(red, await solidPng(COLOURS.red));
  const plain = cli(['describe', red, '--detail', 'brief'], { SIGHTLINE_PACK: 'fixture' });
  assert.equal(plain.status, 0, plain.stderr);
  assert.match(plain.stdout, /red/);
  const json = cli(['describe', red, '--json', '--pack', 'fixture']);
  assert.equal(json.status, 0, json.stderr);
  const [report] = JSON.parse(json.stdout) as Record<string, unknown>[];
  for (const key of ['file', 'caption', 'text', 'description', 'models', 'device', 'timings']) assert.ok(key in report!, `missing ${key}`);
  assert.deepEqual(Object.keys(report!.timings as object).sort(), ['captionMs', 'decodeMs', 'firstTokenMs', 'ocrMs', 'totalMs']);
  const ask = cli(['ask', red, 'What color is this?', '--json', '--pack', 'fixture']);
  assert.equal(ask.status, 0, ask.stderr);
  const answer = JSON.parse(ask.stdout) as Record<string, unknown>;
  assert.deepEqual(Object.keys(answer).sort(), ['answer', 'device', 'file', 'models', 'question', 'timings']);
  assert.match(String(answer.answer), /red/);
});

test('without caption or VQA models: describe gives the text and names the install command; ask exits 4', async () => {
  const dir = await tempDir();
  const root = await modelsRootCopy(path.join(dir), {});
  const screen = path.join(dir, 'screen.png');
  await writeFile(screen, await screenshotPng('Notes', 'Shopping List', ['Buy milk and bread today.']));
  const described = cli(['describe', screen], { SIGHTLINE_MODELS: root, SIGHTLINE_PACK: 'fixture' });
  assert.equal(described.status, 0, described.stderr);
  assert.match(described.stdout.toLowerCase(), /buy milk and bread/);
  assert.match(described.stderr, /warning: .*sightline models fetch fixture/);
  const asked = cli(['ask', screen, 'What does it say?'], { SIGHTLINE_MODELS: root, SIGHTLINE_PACK: 'fixture' });
  assert.equal(asked.status, 4);
  assert.match(asked.stderr, /^sightline ask: .*not installed.*sightline models fetch fixture\n$/);
});

test('usage errors exit 2: no image, bad detail level, no question', () => {
  assert.equal(cli(['describe']).status, 2);
  assert.equal(cli(['describe', 'x.png', '--detail', 'verbose']).status, 2);
  assert.equal(cli(['ask', 'x.png']).status, 2);
  assert.equal(cli(['models']).status, 2);
  assert.equal(cli(['models', 'frobnicate']).status, 2);
});

test('describe and ask work with the network gone (unshare -n)', async (t) => {
  const probe = runSync('unshare', ['-n', 'true']);
  if (probe.status !== 0) {
    t.skip(`unshare -n unavailable here: ${probe.stderr?.toString().trim() || probe.error?.message}`);
    return;
  }
  const dir = await tempDir();
  const blue = path.join(dir, 'blue.png');
  await writeFile(blue, await solidPng(COLOURS.blue));
  const described = cli(['describe', blue, '--json'], { SIGHTLINE_PACK: 'fixture' }, ['unshare', '-n']);
  assert.equal(described.status, 0, described.stderr);
  assert.match((JSON.parse(described.stdout) as { caption: string }[])[0]!.caption, /blue/);
  const asked = cli(['ask', blue, 'What color is this?'], { SIGHTLINE_PACK: 'fixture' }, ['unshare', '-n']);
  assert.equal(asked.status, 0, asked.stderr);
  assert.match(asked.stdout, /blue/);
});
