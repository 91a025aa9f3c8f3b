import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tempDir } from '../helpers/tmp';
import { resolveModel } from '../../electron/core/models/resolve';
import { SmolVlmAnswerer } from '../../electron/core/vision/smolvlm/answerer';
import type { DecodedImage } from '../../electron/core/image/intake';
import { repoModels } from '../models/packCopy';

// Issue 12 point 3: whether SmolVLM's hub repository keeps its chat template in tokenizer_config.json, in
// chat_template.json, or (newer exports) chat_template.jinja could not be established from its published pages,
// so the answerer must work with each. Transformers.js 4.3 reads only tokenizer_config.json for Idefics3.

const previous = process.env.SIGHTLINE_DEVICE;
process.env.SIGHTLINE_DEVICE = 'cpu';
after(() => { if (previous === undefined) delete process.env.SIGHTLINE_DEVICE; else process.env.SIGHTLINE_DEVICE = previous; });

const blue: DecodedImage = { data: new Uint8Array(64 * 48 * 3).map((_, i) => [30, 60, 220][i % 3]!), width: 64, height: 48, channels: 3, source: 'blue', format: 'raw' };

async function smolvlmCopy(edit: (dir: string) => Promise<void>) {
  const root = await tempDir();
  await writeFile(path.join(root, 'manifest.json'), await readFile(path.join(repoModels, 'manifest.json')));
  await cp(path.join(repoModels, 'fixture'), path.join(root, 'fixture'), { recursive: true });
  const dir = path.join(root, 'fixture', 'smolvlm');
  await edit(dir);
  // The manifest lists the files this variant of the repository has (the loader refuses a listed file missing).
  const manifest = JSON.parse(await readFile(path.join(root, 'manifest.json'), 'utf8')) as { models: Record<string, { files: ({ path: string } & Record<string, unknown>)[] }> };
  const present = new Set(await readdir(dir, { recursive: true }));
  const model = manifest.models['fixture-smolvlm']!;
  model.files = [...model.files.filter((f) => present.has(f.path)), ...(present.has('chat_template.jinja') ? [{ path: 'chat_template.jinja', size: null, gitSha1: null }] : [])];
  await writeFile(path.join(root, 'manifest.json'), JSON.stringify(manifest));
  return resolveModel('fixture', 'vqa', { root })!;
}

async function answer(resolved: ReturnType<typeof resolveModel>) {
  const s = await SmolVlmAnswerer.load(resolved!);
  try {
    return (await s.ask('blue', blue, 'What color is this?', [], new AbortController().signal)).text;
  } finally {
    await s.dispose();
  }
}

const template = async (dir: string) => (JSON.parse(await readFile(path.join(dir, 'chat_template.json'), 'utf8')) as { chat_template: string }).chat_template;
async function stripTokenizerTemplate(dir: string) {
  const file = path.join(dir, 'tokenizer_config.json');
  const config = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  delete config.chat_template;
  await writeFile(file, JSON.stringify(config));
}

test('template only in chat_template.json (as the committed fixture has it): passed explicitly, the answer comes', async () => {
  assert.match(await answer(await smolvlmCopy(stripTokenizerTemplate)), /\bblue\b/);
});

test('template only in tokenizer_config.json (no chat_template.json): the tokenizer\'s own applies', async () => {
  assert.match(await answer(await smolvlmCopy(async (dir) => {
    const file = path.join(dir, 'tokenizer_config.json');
    const config = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    config.chat_template = await template(dir);
    await writeFile(file, JSON.stringify(config));
    await rm(path.join(dir, 'chat_template.json'));
  })), /\bblue\b/);
});

test('template only in chat_template.jinja: read as text and passed explicitly', async () => {
  assert.match(await answer(await smolvlmCopy(async (dir) => {
    await writeFile(path.join(dir, 'chat_template.jinja'), await template(dir));
    await rm(path.join(dir, 'chat_template.json'));
    await stripTokenizerTemplate(dir);
  })), /\bblue\b/);
});

test('a chat_template.json without a template is a one-line model-missing error naming the file', async () => {
  const resolved = await smolvlmCopy(async (dir) => {
    await writeFile(path.join(dir, 'chat_template.json'), '{"something": 1}');
  });
  await assert.rejects(SmolVlmAnswerer.load(resolved), (err: Error & { kind?: string }) => {
    assert.equal(err.kind, 'model-missing');
    assert.match(err.message, /chat_template\.json: no chat template in it/);
    return true;
  });
});
