import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { espeakNgEngine } from '../../electron/core/speech/engines/espeakNg';
import { speechDispatcherEngine } from '../../electron/core/speech/engines/speechDispatcher';
import { voiceSettingsFor } from '../../electron/core/speech/languageVoice';
import { createSpeechService } from '../../electron/core/speech/speechService';
import type { SpeechState } from '../../electron/core/speech/types';
import { decodeImage } from '../../electron/core/image/intake';
import { disposeOcrSessions, getOcrEngine } from '../../electron/core/ocr/ocrEngine';
import { blockText } from '../../electron/core/language/blockLanguages';
import { runSync, withDeadline } from '../helpers/deadline';
import { renderTextPng } from '../helpers/textImage';
import { tempDir } from '../helpers/tmp';

after(() => disposeOcrSessions());

const root = path.resolve(__dirname, '..', '..', '..');
const bin = path.join(root, 'bin', 'sightline.js');

test('espeak-ng has a voice for every reading language, of that very language', async () => {
  const expected: Record<string, string> = { en: 'gmw/en', de: 'gmw/de', fr: 'roa/fr', ru: 'zle/ru', uk: 'zle/uk', el: 'grk/el', zh: 'sit/cmn', tr: 'trk/tr', pt: 'roa/pt' };
  for (const [lang, voice] of Object.entries(expected)) assert.deepEqual(await espeakNgEngine.languageVoice!(lang), { voice }, lang);
  assert.equal(await espeakNgEngine.languageVoice!('xx'), null);
  assert.equal(await espeakNgEngine.voiceLanguage!('en-us'), 'en');
  assert.equal(await espeakNgEngine.voiceLanguage!('de+f3'), 'de');
});

test('speech-dispatcher is asked for a language with -l only where its synthesizer lists a voice of it', async () => {
  assert.deepEqual(await speechDispatcherEngine.languageVoice!('de'), { voice: '', lang: 'de' });
  assert.equal(await speechDispatcherEngine.languageVoice!('xx'), null);
});

test('the voice for a language: the one fixed in settings, the user\'s own if it speaks it, the engine\'s, else the user\'s', async () => {
  const base = { voice: 'en-us', rate: 180 };
  assert.deepEqual(await voiceSettingsFor(espeakNgEngine, base, undefined), base);
  assert.deepEqual(await voiceSettingsFor(espeakNgEngine, base, 'de', { de: 'de+f3' }), { ...base, voice: 'de+f3', lang: 'de' });
  assert.deepEqual(await voiceSettingsFor(espeakNgEngine, base, 'en'), { ...base, lang: 'en' });
  assert.deepEqual(await voiceSettingsFor(espeakNgEngine, base, 'de'), { ...base, voice: 'gmw/de' });
  assert.deepEqual(await voiceSettingsFor(espeakNgEngine, base, 'xx'), base);
});

test('a mixed German/English screen: each block gets its language and is spoken, and written, with that voice', async () => {
  const lines = ['Einstellungen für die Bildschirmanzeige', 'Open the file in a new window', 'Die Datei wurde nicht gespeichert', 'Save all changes before closing'];
  const engine = await getOcrEngine();
  const image = await decodeImage({ kind: 'bytes', bytes: await renderTextPng(lines, { fontSize: 24 }), label: 'mixed screen' });
  const { blocks } = await engine.recognize(image, undefined, { languages: ['de', 'en'] });
  assert.deepEqual(blocks.map(blockText), lines);
  assert.deepEqual(blocks.map((b) => b.lang), ['de', 'en', 'de', 'en']);

  // Spoken through the speech service with espeak-ng: each utterance names the voice it used. A machine without a
  // sound device (CI, this one) makes espeak-ng report that it could not open one; nothing else may fail.
  const states: SpeechState[] = [];
  const speech = createSpeechService({ engine: 'espeak-ng' });
  speech.onState((s) => states.push(s));
  await withDeadline(Promise.all(blocks.map((b) => speech.speak(blockText(b), b.lang ? { lang: b.lang } : undefined).done)), 'espeak-ng to speak four blocks');
  await speech.dispose();
  const noDevice = /^espeak-ng failed: error: (No such file or directory|.*audio)/i;
  assert.deepEqual(states.filter((s) => s.type === 'error' && !noDevice.test(s.message)), []);
  const spoken = states.flatMap((s) => (s.type === 'speaking' ? [[s.text, s.lang, s.voice]] : []));
  assert.deepEqual(spoken, lines.map((text, i) => [text, i % 2 ? 'en' : 'de', i % 2 ? 'gmw/en' : 'gmw/de']));

  // Written to WAV by `sightline speak --lang`: the audio is espeak-ng's own for that language's voice, not English's.
  const dir = await tempDir();
  for (const [i, block] of blocks.entries()) {
    const out = path.join(dir, `block${i}.wav`);
    const run = runSync(process.execPath, [bin, 'speak', '--engine', 'espeak-ng', '--lang', block.lang!, '--out', out, blockText(block)], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.status, 0, run.stderr);
    const reference = async (voice: string) => {
      const file = path.join(dir, `ref${i}-${voice.replace('/', '_')}.wav`);
      const r = runSync('espeak-ng', ['-s', '180', '-v', voice, '-w', file, '--stdin'], { input: blockText(block), timeout: 30_000 });
      assert.equal(r.status, 0);
      return readFile(file);
    };
    const audio = await readFile(out);
    const [own, other] = block.lang === 'de' ? ['gmw/de', 'gmw/en'] : ['gmw/en', 'gmw/de'];
    assert.ok(audio.equals(await reference(own)), `block ${i} (${block.lang}) was not spoken with ${own}`);
    assert.ok(!audio.equals(await reference(other)), `block ${i}: ${own} and ${other} gave the same audio`);
  }
  await writeFile(path.join(dir, 'done'), '');
});

test('speak --lang refuses a language it does not know, in one line (exit 2)', () => {
  const run = runSync(process.execPath, [bin, 'speak', '--engine', 'espeak-ng', '--lang', 'klingon', '--out', '/tmp/x.wav', 'hi'], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /^sightline speak: --lang: "klingon" is not a supported language/);
});
