import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { runSync, withDeadline } from '../helpers/deadline';
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { tempDir } from '../helpers/tmp';
import { renderTextPng } from '../helpers/textImage';

const root = path.resolve(__dirname, '..', '..', '..');
const bin = path.join(root, 'bin', 'sightline.js');

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = runSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const normalise = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

test('read with no image is a usage error (exit 2) that shows the usage', () => {
  const { code, stderr } = cli(['read']);
  assert.equal(code, 2);
  assert.match(stderr, /usage: sightline read <image>/);
});

test('an unknown option or command is a usage error (exit 2): one line naming it, then the usage', () => {
  const unknown = cli(['read', '--bogus', 'x.png']);
  assert.equal(unknown.code, 2);
  assert.equal(unknown.stderr, "sightline read: Unknown option '--bogus'\nusage: sightline read <image>… [--json] [--lang de,en]\n");
  assert.equal(cli(['frobnicate']).code, 2);
});

test('read prints each image\'s text, a blank line between images; JSON carries lines, boxes and timings', async () => {
  const dir = await tempDir();
  const a = path.join(dir, 'a.png');
  const b = path.join(dir, 'b.png');
  await writeFile(a, await renderTextPng(['Quarterly report', 'Revenue grew by twelve percent']));
  await writeFile(b, await renderTextPng(['Meeting at noon']));

  const plain = cli(['read', a, b]);
  assert.equal(plain.code, 0, plain.stderr);
  const blocks = plain.stdout.trimEnd().split('\n\n');
  assert.equal(blocks.length, 2, plain.stdout);
  assert.equal(normalise(blocks[0]!), 'quarterly report revenue grew by twelve percent');
  assert.equal(normalise(blocks[1]!), 'meeting at noon');

  const json = cli(['read', '--json', a]);
  assert.equal(json.code, 0, json.stderr);
  const [report] = JSON.parse(json.stdout) as Array<Record<string, any>>;
  assert.equal(report!.file, a);
  assert.equal(report!.width, 900);
  assert.equal(report!.lines.length, 2);
  const first = report!.lines[0];
  assert.equal(normalise(first.text), 'quarterly report');
  assert.ok(first.confidence > 0.8 && first.confidence <= 1);
  const [x, y, w, h] = first.box as number[];
  assert.ok(x! >= 0 && y! >= 0 && w! > 100 && h! > 10 && x! + w! <= 900, `box ${first.box}`);
  for (const key of ['decodeMs', 'detectMs', 'recognizeMs', 'totalMs']) assert.equal(typeof report!.timings[key], 'number', key);
  assert.equal(normalise(report!.text), 'quarterly report revenue grew by twelve percent');
});

test('bad images are reported one line each (exit 3) while the good ones are still read', async () => {
  const dir = await tempDir();
  const good = path.join(dir, 'good.png');
  const empty = path.join(dir, 'empty.png');
  const text = path.join(dir, 'text.jpg');
  await writeFile(good, await renderTextPng(['Still read']));
  await writeFile(empty, '');
  await writeFile(text, 'not really a jpeg');
  const missing = path.join(dir, 'missing.png');
  const { code, stdout, stderr } = cli(['read', empty, good, missing, text]);
  assert.equal(code, 3);
  assert.equal(normalise(stdout), 'still read');
  const errors = stderr.trim().split('\n');
  assert.deepEqual(errors, [
    `sightline read: ${empty}: empty file (0 bytes)`,
    `sightline read: ${missing}: file not found`,
    `sightline read: ${text}: not an image (unknown or unsupported format)`,
  ]);
});

test('missing or corrupt OCR models exit 4 with a message naming the file', async () => {
  const dir = await tempDir();
  const image = path.join(dir, 'x.png');
  await writeFile(image, await renderTextPng(['x']));
  const emptyModels = path.join(dir, 'models');
  await mkdir(emptyModels);
  const missing = cli(['read', image], { SIGHTLINE_OCR_MODELS: emptyModels });
  assert.equal(missing.code, 4, missing.stderr);
  assert.match(missing.stderr, new RegExp(emptyModels.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  assert.equal(missing.stderr.trim().split('\n').length, 1);
});

test('read --lang: an unsupported language is a usage error (exit 2) naming it; supported ones read their letters', async () => {
  const bad = cli(['read', '--lang', 'de,xx', 'x.png']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^sightline read: --lang: "xx" is not a supported language \(supported: en, de, fr, .*zh\)\nusage: /);
  assert.equal(cli(['read', '--lang', ',', 'x.png']).code, 2);
  const dir = await tempDir();
  const image = path.join(dir, 'de.png');
  await writeFile(image, await renderTextPng(['Größe und Übersicht']));
  const json = cli(['read', '--json', '--lang', 'de-DE,en', image]);
  assert.equal(json.code, 0, json.stderr);
  const [report] = JSON.parse(json.stdout) as Array<Record<string, any>>;
  assert.deepEqual(report!.languages, ['de', 'en']);
  assert.equal(report!.text, 'Größe und Übersicht');
  assert.equal(report!.blocks[0].lang, 'de');
});

test('a long argument list (over 14 KB) is read like a short one, not a crash of the inference worker', async () => {
  // onnxruntime segfaulted creating its first session in the worker thread when the process's arguments passed
  // about 14 KB; bin/sightline.js now runs such a command again with its arguments in a private temporary file.
  const dir = await tempDir();
  const good = path.join(dir, 'good.png');
  await writeFile(good, await renderTextPng(['Meeting at noon']));
  const missing = Array.from({ length: 70 }, (_, k) => path.join(dir, `${'a-long-screenshot-name-'.repeat(10)}${k}.png`));
  assert.ok(missing.join(' ').length > 16_000);
  const { code, stdout, stderr } = cli(['read', good, ...missing]);
  assert.equal(code, 3, stderr.slice(-300));
  assert.equal(normalise(stdout), 'meeting at noon');
  assert.equal(String(stderr).trimEnd().split('\n').filter((l: string) => l.endsWith('file not found')).length, 70);
});

test('a reader that stops early (| head) ends the command quietly with exit 0, the images not yet begun skipped', async () => {
  // Exiting at once on the closed pipe, while the inference worker was inside onnxruntime, aborted the process
  // ("terminate called after throwing an instance of 'Napi::Error'", exit 134).
  const dir = await tempDir();
  const files = await Promise.all([0, 1, 2].map(async (k) => {
    const file = path.join(dir, `shot${k}.png`);
    await writeFile(file, await renderTextPng(Array.from({ length: 60 }, (_, n) => `Line ${n} of screenshot number ${k}`)));
    return file;
  }));
  const child = spawn(process.execPath, [bin, 'read', ...files], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = once(child, 'exit');
  const [first] = await withDeadline(once(child.stdout, 'data'), 'the first line', 120_000);
  assert.match(String(first), /Line/);
  child.stdout.destroy();
  const [code, signal] = await withDeadline(exited, 'the command to end after its reader left', 120_000);
  assert.equal(signal, null, stderr);
  assert.equal(code, 0, stderr);
  assert.doesNotMatch(stderr, /terminate|Error/);
});
