import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { runSync } from '../helpers/deadline';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { InferenceHost } from '../../electron/core/host/inferenceHost';
import { Conversation, NO_SPEECH_MESSAGE } from '../../electron/core/conversation/conversation';
import { createSpeechService } from '../../electron/core/speech/speechService';
import { tempDir } from '../helpers/tmp';

const root = path.resolve(__dirname, '..', '..', '..');
const host = new InferenceHost({ env: { SIGHTLINE_MODELS: path.join(root, 'models'), SIGHTLINE_PACK: 'fixture' } });
after(() => host.dispose());

async function solid(dir: string, name: string, rgb: [number, number, number]): Promise<string> {
  const file = path.join(dir, `${name}.png`);
  await writeFile(file, await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } }).png().toBuffer());
  return file;
}

function spoken(dir: string, text: string): string {
  const file = path.join(dir, `q-${text.length}.wav`);
  const r = runSync('espeak-ng', ['-w', file, text], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return file;
}

test('a spoken question about an image: transcript announced, answer from the VQA model spoken; follow-ups keep image and history', async () => {
  const dir = await tempDir();
  const red = await solid(dir, 'red', [220, 20, 20]);
  const announced: Array<{ text: string; assertive: boolean }> = [];
  const spokenBySpeech: string[] = [];
  // Screen-reader mode: speech goes to the live-region callback, so the whole flow runs without a sound card.
  const speech = createSpeechService({ screenReader: true, announce: (text) => spokenBySpeech.push(text) });
  const conversation = new Conversation({ host, speech, announce: (text, assertive) => announced.push({ text, assertive }) });

  await assert.rejects(conversation.askByVoice({ kind: 'path', path: spoken(dir, 'What colour is this?') }), /no image to ask about/);
  conversation.setImage({ image: { kind: 'path', path: red } });

  const first = await conversation.askByVoice({ kind: 'path', path: spoken(dir, 'What colour is this?') });
  assert.equal(first.transcript.text, 'what color is this?');
  assert.ok(first.answer);
  assert.match(first.answer.answer.toLowerCase(), /red/);
  assert.deepEqual(announced[0], { text: 'You asked: what color is this?', assertive: false });
  await new Promise((r) => setImmediate(r));
  assert.match(spokenBySpeech.join(' ').toLowerCase(), /red/, 'the answer reached the speech service');
  assert.equal(conversation.turns.length, 1);

  // A follow-up reuses the image (by id) and carries the conversation so far.
  const second = await conversation.askByVoice({ kind: 'path', path: spoken(dir, 'And what colour is it now?') });
  assert.equal(second.answer?.imageId, first.answer.imageId);
  assert.match(second.answer?.answer.toLowerCase() ?? '', /red/);
  assert.equal(conversation.turns.length, 2);
  assert.equal(conversation.turns[0]?.question, 'what color is this?');

  // Silence: nothing is asked, the user hears "no speech heard", the conversation is unchanged.
  const silence = path.join(dir, 'silence.wav');
  assert.equal(runSync('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', silence, 'trim', '0', '2']).status, 0);
  const quiet = await conversation.askByVoice({ kind: 'path', path: silence });
  assert.equal(quiet.answer, null);
  assert.equal(quiet.transcript.noSpeech, true);
  assert.deepEqual(announced.at(-1), { text: NO_SPEECH_MESSAGE, assertive: true });
  assert.equal(conversation.turns.length, 2);

  // A new image starts a new conversation.
  const blue = await solid(dir, 'blue', [20, 20, 220]);
  conversation.setImage({ image: { kind: 'path', path: blue } });
  assert.equal(conversation.turns.length, 0);
  const third = await conversation.ask('What color is this?');
  assert.match(third.answer.toLowerCase(), /blue/);
  await speech.dispose();
});

test('typed questions are checked before anything runs', async () => {
  const conversation = new Conversation({ host });
  conversation.setImage({ imageId: 'nothing-yet', image: { kind: 'path', path: '/nonexistent.png' } });
  await assert.rejects(conversation.ask('   '), /question: empty/);
  await assert.rejects(conversation.ask('x'.repeat(501)), /limit is 500/);
  await assert.rejects(conversation.askByVoice({ kind: 'path', path: '/nonexistent.wav' }), /no such file/);
});

test('self-voiced: "You asked: …" is spoken first, then the answer, each once', async () => {
  const dir = await tempDir();
  const home = await tempDir('sightline-festival-');
  const audio = path.join(home, 'audio.raw');
  await writeFile(
    path.join(home, '.festivalrc'),
    `(Parameter.set 'Audio_Method 'Audio_Command)\n(Parameter.set 'Audio_Required_Format 'raw)\n(Parameter.set 'Audio_Command "cat $FILE >> ${audio}")\n`,
  );
  const speech = createSpeechService({ engine: 'say', env: { ...process.env, HOME: home } });
  const said: string[] = [];
  speech.onState((s) => {
    if (s.type === 'speaking') said.push(s.text);
  });
  const announced: string[] = [];
  const conversation = new Conversation({ host, speech, announce: (text) => announced.push(text) });
  conversation.setImage({ image: { kind: 'path', path: await solid(dir, 'green', [20, 200, 20]) } });
  const result = await conversation.askByVoice({ kind: 'path', path: spoken(dir, 'What colour is this?') });
  // Wait for the queue to finish speaking.
  await speech.speak('Done.').done;
  assert.equal(said[0], 'You asked: what color is this?');
  assert.match(said.slice(1, -1).join(' ').toLowerCase(), /green/);
  assert.equal(said.at(-1), 'Done.');
  assert.deepEqual(announced, ['You asked: what color is this?']);
  assert.match(result.answer?.answer.toLowerCase() ?? '', /green/);
  await speech.dispose();
});
