import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { InferenceHost } from '../../electron/core/host/inferenceHost';
import '../../electron/core/vision/types';
import { COLOURS, screenshotPng, solidPng } from './images';

// Everything below runs the real path: worker host → intake → OCR models → Transformers.js → fixture ONNX graphs.
const host = new InferenceHost({ env: { SIGHTLINE_PACK: 'fixture', SIGHTLINE_DEVICE: 'auto' } });
after(() => host.dispose());

const bytes = (b: Buffer, label: string) => ({ kind: 'bytes' as const, bytes: new Uint8Array(b), label });

for (const [name, hex] of Object.entries(COLOURS)) {
  test(`describe names the colour of a solid ${name} image at every detail level, streaming its words`, async () => {
    const image = bytes(await solidPng(hex), `${name}.png`);
    for (const detail of ['brief', 'normal', 'full'] as const) {
      const tokens: string[] = [];
      const result = await host.run('describe', { image, detail }, { onEvent: (e) => { if (e.kind === 'token') tokens.push(e.text); } });
      assert.ok(result.caption, `no caption for ${name} (${detail})`);
      assert.match(result.caption, new RegExp(`\\b${name}\\b`), `${detail}: ${result.caption}`);
      assert.match(result.description, new RegExp(`\\b${name}\\b`));
      assert.equal(result.mostlyText, false);
      assert.equal(result.models.caption, 'fixture/florence2');
      assert.ok(tokens.length >= 2, `expected streamed tokens, got ${JSON.stringify(tokens)}`);
      assert.equal(tokens.join('').trim(), result.caption);
      assert.ok(result.timings.firstTokenMs > 0 && result.timings.firstTokenMs <= result.timings.totalMs);
      assert.equal(result.width, 640);
      assert.deepEqual(result.warnings, []);
    }
  });
}

test('more detail gives a longer caption', async () => {
  const image = bytes(await solidPng(COLOURS.blue), 'blue.png');
  const lengths = [];
  for (const detail of ['brief', 'normal', 'full'] as const) lengths.push((await host.run('describe', { image, detail })).caption!.length);
  assert.ok(lengths[0]! < lengths[1]! && lengths[1]! < lengths[2]!, `caption lengths ${lengths}`);
});

for (const [name, hex] of Object.entries(COLOURS)) {
  test(`ask "What color is this?" about a solid ${name} image answers ${name}`, async () => {
    const result = await host.run('ask', { image: bytes(await solidPng(hex, 1920, 1080), `${name}.png`), question: 'What color is this?' });
    assert.match(result.answer, new RegExp(`\\b${name}\\b`, 'i'), result.answer);
    assert.equal(result.models.vqa, 'fixture/smolvlm');
    assert.equal(result.question, 'What color is this?');
  });
}

test('a follow-up about the same imageId reuses the vision encoding and needs no image', async () => {
  const described = await host.run('describe', { image: bytes(await solidPng(COLOURS.green), 'green.png'), detail: 'brief', imageId: 'photo-1' });
  assert.equal(described.imageId, 'photo-1');
  const first = await host.run('ask', { imageId: 'photo-1', question: 'What color is this?' });
  assert.equal(first.reusedEncoding, false);
  assert.match(first.answer, /green/);
  const second = await host.run('ask', { imageId: 'photo-1', question: 'And what color is it now?', history: [{ question: 'What color is this?', answer: first.answer }] });
  assert.equal(second.reusedEncoding, true);
  assert.equal(second.timings.encodeMs, 0);
  assert.equal(second.timings.decodeMs, 0, 'a cached encoding means the image is not decoded again');
  assert.match(second.answer, /green/);
});

test('the same image file asked about twice (no imageId) is recognised and its encoding reused', async () => {
  const png = await solidPng(COLOURS.red, 800, 600);
  const a = await host.run('ask', { image: bytes(png, 'a.png'), question: 'What color is this?' });
  const b = await host.run('ask', { image: bytes(png, 'b.png'), question: 'What color is this?' });
  assert.equal(a.imageId, b.imageId);
  assert.equal(b.reusedEncoding, true);
});

test('an unknown imageId is a one-line bad-input error', async () => {
  await assert.rejects(host.run('ask', { imageId: 'never-seen', question: 'What color is this?' }), (err: Error & { kind?: string }) => {
    assert.equal(err.kind, 'bad-input');
    assert.match(err.message, /never-seen/);
    return true;
  });
});

test('empty and overlong questions are refused before any model runs', async () => {
  const image = bytes(await solidPng(COLOURS.red), 'red.png');
  await assert.rejects(host.run('ask', { image, question: '   ' }), /question is empty/);
  await assert.rejects(host.run('ask', { image, question: 'why '.repeat(200) }), /over the 500-character limit/);
});

test('cancelling mid-generation stops at the next token and reports cancelled', async () => {
  const controller = new AbortController();
  const tokens: string[] = [];
  const image = bytes(await solidPng(COLOURS.white), 'white.png');
  await assert.rejects(
    host.run('describe', { image, detail: 'full' }, {
      signal: controller.signal,
      onEvent: (e) => {
        // The describe task streams the screen's text too; the caption's tokens are what this test cancels on.
        if (e.kind !== 'token') return;
        tokens.push(e.text);
        controller.abort();
      },
    }),
    (err: Error & { kind?: string }) => err.kind === 'cancelled',
  );
  // The host is still usable afterwards.
  const after = await host.run('describe', { image, detail: 'brief' });
  assert.match(after.caption ?? '', /white/);
});

test('a rendered screenshot is described by its text: mostly text, heading first, no invented scene', async () => {
  const png = await screenshotPng('Inbox - Mail', 'Quarterly Report', ['Revenue grew by twelve percent this quarter.', 'The board meets on Friday at noon.', 'Please send comments by Thursday.']);
  const result = await host.run('describe', { image: bytes(png, 'screen.png'), detail: 'normal' });
  assert.equal(result.mostlyText, true, JSON.stringify(result.lines.map((l) => l.box)));
  assert.equal(result.caption, null, 'the captioner is not asked to invent a scene for a page of text');
  assert.match(result.description, /^A screen with mostly text\./);
  const description = result.description.toLowerCase();
  assert.match(description, /title: quarterly report/);
  for (const phrase of ['revenue grew by twelve percent', 'board meets on friday', 'send comments by thursday']) assert.ok(description.includes(phrase), `missing "${phrase}" in ${result.description}`);
  assert.ok(description.indexOf('revenue') < description.indexOf('board'), 'text in reading order');
  assert.match(result.text.toLowerCase(), /quarterly report/);
  assert.ok(result.timings.ocrMs > 0);
});

test('brief detail bounds the text a user hears', async () => {
  const body = Array.from({ length: 8 }, (_, i) => `Line number ${i + 1} of the document body.`);
  const png = await screenshotPng('Editor', 'Notes', body, 1280, 720);
  const brief = await host.run('describe', { image: bytes(png, 'notes.png'), detail: 'brief' });
  const full = await host.run('describe', { image: bytes(png, 'notes.png'), detail: 'full' });
  assert.ok(brief.description.length < full.description.length);
  assert.match(brief.description, /more lines?\./);
});

test('an unreadable image is a bad-input error naming it', async () => {
  await assert.rejects(host.run('describe', { image: bytes(Buffer.from('not an image'), 'junk.png'), detail: 'brief' }), /junk\.png: not an image/);
});
