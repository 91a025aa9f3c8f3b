import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { runSync } from '../helpers/deadline';
import path from 'node:path';
import { espeakNgEngine } from '../../electron/core/speech/engines/espeakNg';
import { sayEngine, festivalPipeScript } from '../../electron/core/speech/engines/sayEngine';
import { spawnEngine, liveEngineProcesses } from '../../electron/core/speech/processes';
import { readWavFile } from '../../electron/core/audio/wav';
import { tempDir } from '../helpers/tmp';
import { festivalHome, injectionPayloads, readIfExists, rms16 } from './engineHelpers';

const SHORT = 'Hello.';
const LONG = 'Hello. This is a much longer sentence that takes noticeably more time to say out loud.';

async function wavStats(file: string): Promise<{ seconds: number; rms: number }> {
  const audio = await readWavFile(file);
  const samples = audio.channels[0] as Float32Array;
  const rms = Math.sqrt(samples.reduce((s, v) => s + v * v, 0) / Math.max(1, samples.length));
  return { seconds: samples.length / audio.sampleRate, rms };
}

for (const engine of [espeakNgEngine, sayEngine]) {
  test(`${engine.name} writes WAVs that are non-silent and grow with the text`, async () => {
    const dir = await tempDir();
    const short = path.join(dir, 'short.wav');
    const long = path.join(dir, 'long.wav');
    await engine.synthesize?.(SHORT, { voice: '', rate: 180 }, short);
    await engine.synthesize?.(LONG, { voice: '', rate: 180 }, long);
    const a = await wavStats(short);
    const b = await wavStats(long);
    assert.ok(a.rms > 0.01 && b.rms > 0.01, `rms ${a.rms} ${b.rms}`);
    assert.ok(b.seconds > a.seconds * 2, `${a.seconds} s vs ${b.seconds} s`);
  });

  test(`${engine.name} speaks or transliterates non-ASCII text (é, 中文, emoji) without failing`, async () => {
    const dir = await tempDir();
    for (const [i, text] of ['Café crème, déjà vu.', '中文', '😀 🎉', 'Ελληνικά and Русский'].entries()) {
      const file = path.join(dir, `${i}.wav`);
      await engine.synthesize?.(text, { voice: '', rate: 180 }, file);
      const stats = await wavStats(file);
      assert.ok(stats.seconds > 0.2 && stats.rms > 0.005, `${engine.name} "${text}": ${JSON.stringify(stats)}`);
    }
  });
}

test('the say engine speaks through festival (temporary HOME .festivalrc writes audio to a file) and longer text gives more audio', async () => {
  const short = await festivalHome();
  const long = await festivalHome();
  const a = await sayEngine.speak(SHORT, { voice: '', rate: 180, env: short.env }).exited;
  const b = await sayEngine.speak(LONG, { voice: '', rate: 180, env: long.env }).exited;
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  const audioA = await readFile(short.audioFile);
  const audioB = await readFile(long.audioFile);
  assert.ok(rms16(audioA) > 0.01, `rms ${rms16(audioA)}`);
  assert.ok(audioB.length > audioA.length * 2, `${audioA.length} vs ${audioB.length} bytes`);
});

test('control: the say package\'s own Linux command runs festival code from the text (the hazard is real)', async () => {
  const dir = await tempDir();
  const marker = path.join(dir, 'pwned');
  const home = await festivalHome();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const SayLinux = require('say/platform/linux.js') as new () => { buildSpeakCommand(o: object): { pipedData: string } };
  const raw = new SayLinux().buildSpeakCommand({ text: `x") (system "touch ${marker}") ("`, voice: null, speed: null });
  await spawnEngine('festival', ['--pipe'], { stdin: raw.pipedData, env: home.env }).exited;
  assert.ok(existsSync(marker), 'the unescaped payload should have run: otherwise the injection tests below prove nothing');
});

test('injection payloads never run on any engine (festival speak and text2wave, espeak-ng speak and file)', async () => {
  const dir = await tempDir();
  const marker = path.join(dir, 'pwned');
  const home = await festivalHome();
  for (const payload of injectionPayloads(marker)) {
    for (const text of [payload, `Before ${payload} after`]) {
      const settings = { voice: '', rate: 180, env: home.env };
      const festival = await sayEngine.speak(text, settings).exited;
      assert.equal(festival.code, 0, `festival on ${JSON.stringify(text)}: ${festival.stderr}`);
      assert.doesNotMatch(festival.stderr, /SIOD ERROR/, `festival parsed part of ${JSON.stringify(text)} as code`);
      if (text === payload) await sayEngine.synthesize?.(text, settings, path.join(dir, 'festival.wav'));
      const espeak = await espeakNgEngine.speak(text, settings).exited;
      assert.ok(espeak.code === 0, `espeak-ng on ${JSON.stringify(text)}: ${espeak.stderr}`);
      await espeakNgEngine.synthesize?.(text, settings, path.join(dir, 'espeak.wav'));
      assert.ok(!existsSync(marker), `payload ran: ${JSON.stringify(text)}`);
    }
  }
  // Festival still spoke the payload's words (escaped, not dropped).
  assert.ok((await readIfExists(home.audioFile)).length > 0);
  assert.ok(!existsSync(marker));
});

test('the festival script holds exactly one SayText whatever the text', () => {
  for (const payload of injectionPayloads('/tmp/never')) {
    const script = festivalPipeScript(payload, { voice: '', rate: 180 });
    assert.ok(script.startsWith("(Parameter.set 'Duration_Stretch 1.000) (SayText \""), script);
    // Read the literal the way festival's reader does: it must end only at the script's final `")`.
    const start = script.indexOf('(SayText "') + '(SayText "'.length;
    let i = start;
    while (i < script.length && script[i] !== '"') i += script[i] === '\\' ? 2 : 1;
    assert.equal(script.slice(i), '")\n', `the string closed early in ${script}`);
  }
});

test('punctuation-only text (which crashes festival) is spoken as nothing, never a crash', async () => {
  const dir = await tempDir();
  const home = await festivalHome();
  for (const text of ['"', ';', '...', '(', '-', "'", '"; (']) {
    const exit = await sayEngine.speak(text, { voice: '', rate: 180, env: home.env }).exited;
    assert.equal(exit.code, 0, `${JSON.stringify(text)}: ${exit.signal ?? ''} ${exit.stderr}`);
    await sayEngine.synthesize?.(text, { voice: '', rate: 180 }, path.join(dir, 'p.wav'));
  }
});

test('festival voices are listed and an invalid voice name is refused before anything runs', async () => {
  const voices = await sayEngine.voices();
  assert.ok(voices.includes('kal_diphone'), voices.join(','));
  assert.throws(() => sayEngine.speak('hi', { voice: 'kal_diphone) (system "x', rate: 180 }), /invalid voice/);
  assert.deepEqual(liveEngineProcesses(), []);
});

test('espeak-ng voices are listed', async () => {
  const voices = await espeakNgEngine.voices();
  assert.ok(voices.length > 10);
});

test('sightline speak --out writes a WAV with each file engine; bad options are usage errors', async () => {
  const dir = await tempDir();
  const bin = path.resolve(__dirname, '..', '..', '..', 'bin', 'sightline.js');
  const cli = (args: string[]) => runSync(process.execPath, [bin, 'speak', ...args], { encoding: 'utf8', timeout: 60_000 });
  for (const engine of ['espeak-ng', 'say']) {
    const out = path.join(dir, `${engine}.wav`);
    const r = cli(['--engine', engine, '--rate', '200', '--out', out, 'Reading the screen: "quotes" and \\backslashes\\ é 中文']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok((await wavStats(out)).rms > 0.01);
  }
  assert.equal(cli(['--engine', 'nope', 'hi']).status, 2);
  assert.equal(cli(['--rate', 'fast', 'hi']).status, 2);
  assert.equal(cli(['--voice', '-x', 'hi']).status, 2);
  assert.equal(cli([]).status, 2);
  assert.equal(cli(['--engine', 'speech-dispatcher', '--out', path.join(dir, 'x.wav'), 'hi']).status, 2);
  // A failed write leaves no file, not even a temporary one.
  const r = cli(['--engine', 'espeak-ng', '--out', path.join(dir, 'no-such-dir', 'x.wav'), 'hi']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /^sightline speak: .*x\.wav/);
});

test('sightline speak speaks through the chosen engine (festival audio captured via HOME) and never runs payloads', async () => {
  const dir = await tempDir();
  const marker = path.join(dir, 'pwned');
  const home = await festivalHome();
  const bin = path.resolve(__dirname, '..', '..', '..', 'bin', 'sightline.js');
  const payload = injectionPayloads(marker)[0] as string;
  const r = runSync(process.execPath, [bin, 'speak', '--engine', 'say', `First sentence. ${payload} Last sentence.`], {
    encoding: 'utf8',
    env: home.env,
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(rms16(await readFile(home.audioFile)) > 0.01);
  assert.equal(existsSync(marker), false);
  // Text from stdin with "-".
  const fromStdin = runSync(process.execPath, [bin, 'speak', '--engine', 'espeak-ng', '--out', path.join(dir, 'stdin.wav'), '-'], {
    input: 'Piped text, with "quotes".',
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(fromStdin.status, 0, fromStdin.stderr);
  assert.ok((await wavStats(path.join(dir, 'stdin.wav'))).rms > 0.01);
});
