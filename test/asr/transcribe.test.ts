import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { runSync } from '../helpers/deadline';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InferenceHost } from '../../electron/core/host/inferenceHost';
import '../../electron/core/asr/types';
import { locateWhisper } from '../../electron/core/asr/whisperFiles';
import { loadWhisper } from '../../electron/core/asr/whisperSession';
import { readWavFile } from '../../electron/core/audio/wav';
import { tempDir } from '../helpers/tmp';

const root = path.resolve(__dirname, '..', '..', '..');
const fixtureEnv = { SIGHTLINE_MODELS: path.join(root, 'models'), SIGHTLINE_PACK: 'fixture' };
const host = new InferenceHost({ env: fixtureEnv });
after(() => host.dispose());

function run(command: string, args: string[]): void {
  const r = runSync(command, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `${command}: ${r.stderr}`);
}

async function audioFiles() {
  const dir = await tempDir();
  const files = {
    speech: path.join(dir, 'speech.wav'),
    speechStereo: path.join(dir, 'speech-44k-stereo.wav'),
    quietThenSpeech: path.join(dir, 'padded.wav'),
    silence: path.join(dir, 'silence.wav'),
    tone: path.join(dir, 'tone.wav'),
    text: path.join(dir, 'notes.wav'),
    long: path.join(dir, 'long.wav'),
  };
  run('espeak-ng', ['-w', files.speech, 'What colour is the car in this picture?']);
  run('sox', [files.speech, '-r', '44100', '-c', '2', '-b', '24', files.speechStereo]);
  run('sox', [files.speech, files.quietThenSpeech, 'pad', '2', '3']);
  run('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', files.silence, 'trim', '0', '3']);
  run('sox', ['-n', '-r', '22050', '-c', '1', '-b', '16', files.tone, 'synth', '1.5', 'sine', '440', 'vol', '0.4']);
  await writeFile(files.text, 'This is a text file with a .wav name.\n');
  run('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', files.long, 'synth', '40', 'sine', '300']);
  return files;
}

const QUESTION = 'what color is this?';

test('the fixture Whisper is audio-conditioned: speech, a tone and digital silence differ (VAD bypassed)', async () => {
  const whisper = await loadWhisper(locateWhisper({ ...process.env, ...fixtureEnv }));
  const signal = new AbortController().signal;
  const files = await audioFiles();
  const speech = (await readWavFile(files.speech)).channels[0] as Float32Array;
  const tone = Float32Array.from({ length: 16000 }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 300 * i) / 16000));
  assert.equal(await whisper.transcribe(speech, signal), QUESTION);
  assert.equal(await whisper.transcribe(tone, signal), 'beep');
  assert.equal(await whisper.transcribe(new Float32Array(16000), signal), '');
  // Cancelled before generation: no text comes back as if it were the answer.
  const aborted = new AbortController();
  aborted.abort();
  await assert.rejects(whisper.transcribe(speech, aborted.signal), /cancelled/);
  await whisper.dispose();
});

test('transcribe in the inference host: speech, resampled stereo speech, padded speech, a tone, silence', async () => {
  const files = await audioFiles();
  const speech = await host.run('transcribe', { audio: { kind: 'path', path: files.speech } });
  assert.equal(speech.text, QUESTION);
  assert.equal(speech.noSpeech, false);
  assert.equal(speech.model, 'fixture/whisper');
  assert.ok(speech.durationMs > 1000 && speech.durationMs < 5000, String(speech.durationMs));
  for (const key of ['decodeMs', 'prepareMs', 'transcribeMs', 'totalMs'] as const) assert.equal(typeof speech.timings[key], 'number');

  assert.equal((await host.run('transcribe', { audio: { kind: 'path', path: files.speechStereo } })).text, QUESTION);
  const padded = await host.run('transcribe', { audio: { kind: 'path', path: files.quietThenSpeech } });
  assert.equal(padded.text, QUESTION);
  assert.ok(padded.durationMs > speech.durationMs + 4000);
  assert.equal((await host.run('transcribe', { audio: { kind: 'path', path: files.tone } })).text, 'beep');

  const silence = await host.run('transcribe', { audio: { kind: 'path', path: files.silence } });
  assert.deepEqual([silence.text, silence.noSpeech, silence.durationMs], ['', true, 3000]);
  assert.equal(silence.timings.transcribeMs, 0);
});

test('PCM from the recorder (any rate) is transcribed the same as a file', async () => {
  const files = await audioFiles();
  const audio = await readWavFile(files.speech);
  const samples = audio.channels[0] as Float32Array;
  const result = await host.run('transcribe', { audio: { kind: 'pcm', samples, sampleRate: audio.sampleRate } });
  assert.equal(result.text, QUESTION);
  const quiet = await host.run('transcribe', { audio: { kind: 'pcm', samples: new Float32Array(48000), sampleRate: 48000 } });
  assert.equal(quiet.noSpeech, true);
});

test('non-audio, missing and over-long audio are bad input with one line; a missing model is model-missing', async () => {
  const files = await audioFiles();
  const badInput = async (audio: { kind: 'path'; path: string }, reason: RegExp) =>
    assert.rejects(host.run('transcribe', { audio }), (err: Error & { kind?: string }) => {
      assert.equal(err.kind, 'bad-input');
      assert.match(err.message, reason);
      assert.doesNotMatch(err.message, /\n/);
      return true;
    });
  await badInput({ kind: 'path', path: files.text }, /notes\.wav: not a WAV audio file/);
  await badInput({ kind: 'path', path: files.long }, /long\.wav: audio is 40\.0 s long; the limit is 30 s/);
  await badInput({ kind: 'path', path: path.join(path.dirname(files.text), 'absent.wav') }, /absent\.wav: no such file/);
  // The host keeps working after bad input.
  assert.equal((await host.run('transcribe', { audio: { kind: 'path', path: files.speech } })).text, QUESTION);

  const empty = await tempDir();
  const noModel = new InferenceHost({ env: { SIGHTLINE_WHISPER_DIR: empty } });
  try {
    await assert.rejects(noModel.run('transcribe', { audio: { kind: 'path', path: files.speech } }), (err: Error & { kind?: string }) => {
      assert.equal(err.kind, 'model-missing');
      assert.match(err.message, /speech model.*missing config.json.*sightline models fetch/);
      return true;
    });
    // Silence needs no model: it is answered before Whisper would load.
    assert.equal((await noModel.run('transcribe', { audio: { kind: 'path', path: files.silence } })).noSpeech, true);
  } finally {
    await noModel.dispose();
  }
});

test('sightline transcribe: JSON shape, exit codes 0/3/2, "no speech heard" on stderr', async () => {
  const files = await audioFiles();
  const bin = path.join(root, 'bin', 'sightline.js');
  const cli = (args: string[]) =>
    runSync(process.execPath, [bin, 'transcribe', ...args], { encoding: 'utf8', env: { ...process.env, ...fixtureEnv }, timeout: 120_000 });

  const ok = cli([files.speech, '--json']);
  assert.equal(ok.status, 0, ok.stderr);
  const report = JSON.parse(ok.stdout);
  assert.equal(report.file, files.speech);
  assert.equal(report.text, QUESTION);
  assert.equal(typeof report.durationMs, 'number');
  assert.equal(typeof report.timings.totalMs, 'number');

  const silent = cli([files.silence]);
  assert.equal(silent.status, 0);
  assert.equal(silent.stdout, '\n');
  assert.match(silent.stderr, /silence\.wav: no speech heard/);

  const bad = cli([files.text]);
  assert.equal(bad.status, 3);
  assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  assert.match(bad.stderr, /notes\.wav: not a WAV audio file/);

  const mixed = cli([files.text, files.speech, '--json']);
  assert.equal(mixed.status, 3);
  assert.equal(JSON.parse(mixed.stdout).length, 1);

  assert.equal(cli([]).status, 2);
  assert.equal(cli(['--bogus', files.speech]).status, 2);
});

test('a transcription can be cancelled; the host keeps serving afterwards', async () => {
  const files = await audioFiles();
  const controller = new AbortController();
  const pending = host.run('transcribe', { audio: { kind: 'path', path: files.speech } }, { signal: controller.signal });
  controller.abort();
  await assert.rejects(pending, (err: Error & { kind?: string }) => err.kind === 'cancelled');
  assert.equal((await host.run('transcribe', { audio: { kind: 'path', path: files.speech } })).text, QUESTION);
});
