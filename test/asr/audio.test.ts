import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSync } from '../helpers/deadline';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeWav, encodeWav16, readWavFile } from '../../electron/core/audio/wav';
import { downmix, resample } from '../../electron/core/audio/resample';
import { trimSilence } from '../../electron/core/audio/vad';
import { prepareAudio } from '../../electron/core/audio/prepare';
import { tempDir } from '../helpers/tmp';

function sox(args: string[]): void {
  const r = runSync('sox', args, { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

function tone(seconds: number, rate: number, freq = 440, amp = 0.5): Float32Array {
  return Float32Array.from({ length: Math.round(seconds * rate) }, (_, i) => amp * Math.sin((2 * Math.PI * freq * i) / rate));
}

test('every PCM width, float, any rate and stereo decode to the same tone', async () => {
  const dir = await tempDir();
  const variants: Array<[string, string[]]> = [
    ['u8', ['-b', '8', '-e', 'unsigned-integer']],
    ['s16', ['-b', '16', '-e', 'signed-integer']],
    ['s24', ['-b', '24', '-e', 'signed-integer']],
    ['s32', ['-b', '32', '-e', 'signed-integer']],
    ['f32', ['-b', '32', '-e', 'floating-point']],
  ];
  for (const [name, encoding] of variants) {
    for (const [rate, channels] of [[16000, 1], [44100, 2], [8000, 1]] as const) {
      const file = path.join(dir, `${name}-${rate}-${channels}.wav`);
      sox(['-n', '-r', String(rate), '-c', String(channels), ...encoding, file, 'synth', '0.5', 'sine', '440', 'vol', '0.5']);
      const audio = await readWavFile(file);
      assert.equal(audio.sampleRate, rate, file);
      assert.equal(audio.channels.length, channels, file);
      assert.equal(audio.durationMs, 500, file);
      const mono = resample(downmix(audio.channels), rate, 16000);
      assert.ok(Math.abs(mono.length - 8000) <= 1, `${file}: ${mono.length}`);
      const peak = mono.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      assert.ok(peak > 0.4 && peak < 0.6, `${file}: peak ${peak}`);
    }
  }
});

test('resampling 48 kHz → 16 kHz keeps a 1 kHz tone and removes a 12 kHz one (no aliasing)', () => {
  const keep = resample(tone(0.2, 48000, 1000), 48000, 16000);
  const alias = resample(tone(0.2, 48000, 12000), 48000, 16000);
  const rms = (x: Float32Array) => Math.sqrt(x.slice(200, -200).reduce((s, v) => s + v * v, 0) / (x.length - 400));
  assert.ok(rms(keep) > 0.3, `kept ${rms(keep)}`);
  assert.ok(rms(alias) < 0.02, `aliased ${rms(alias)}`);
});

test('bad WAVs are refused with one line naming the file and the reason', async () => {
  const dir = await tempDir();
  const cases: Array<[string, Uint8Array | string, RegExp]> = [
    ['empty.wav', new Uint8Array(0), /empty/],
    ['text.wav', 'just some text, not audio', /not a WAV/],
    ['truncated.wav', encodeWav16(tone(0.1, 16000), 16000).subarray(0, 30), /truncated/],
  ];
  for (const [name, body, reason] of cases) {
    const file = path.join(dir, name);
    await writeFile(file, body);
    await assert.rejects(readWavFile(file), (err: Error & { kind?: string }) => {
      assert.equal(err.kind, 'bad-input');
      assert.match(err.message, new RegExp(name));
      assert.match(err.message, reason);
      assert.doesNotMatch(err.message, /\n/);
      return true;
    });
  }
  await assert.rejects(readWavFile(path.join(dir, 'missing.wav')), /missing\.wav: no such file/);
  // A compressed (non-PCM) WAV.
  const adpcm = path.join(dir, 'adpcm.wav');
  sox(['-n', '-r', '8000', '-e', 'ima-adpcm', adpcm, 'synth', '0.2', 'sine', '440']);
  await assert.rejects(readWavFile(adpcm), /unsupported WAV encoding/);
});

test('audio over the 30 s limit is bad input, refused from the header', async () => {
  const dir = await tempDir();
  const file = path.join(dir, 'long.wav');
  sox(['-n', '-r', '8000', '-c', '1', '-b', '16', file, 'synth', '31', 'sine', '300']);
  await assert.rejects(readWavFile(file), /31\.0 s long; the limit is 30 s/);
  await assert.rejects(prepareAudio({ kind: 'pcm', samples: new Float32Array(16000 * 31), sampleRate: 16000 }), /limit is 30 s/);
});

test('a streamed WAV whose header claims more data than the file holds is read up to the end', () => {
  const wav = Buffer.from(encodeWav16(tone(0.25, 16000), 16000));
  wav.writeUInt32LE(0x7fffffff, 40);
  const audio = decodeWav(wav, 'stream.wav');
  assert.equal(audio.channels[0]?.length, 4000);
});

test('voice-activity detection trims silence around speech and reports silence as no speech', () => {
  const rate = 16000;
  const speech = new Float32Array(rate * 3);
  speech.set(tone(1, rate, 300, 0.3), rate); // one second of sound in the middle
  const trimmed = trimSilence(speech, rate);
  assert.ok(trimmed.hasSpeech);
  assert.ok(trimmed.speech.length > rate && trimmed.speech.length < rate * 1.5, `${trimmed.speech.length}`);
  const silent = trimSilence(new Float32Array(rate * 2), rate);
  assert.equal(silent.hasSpeech, false);
  assert.equal(silent.speech.length, 0);
  // Quiet background noise is not speech either.
  const noise = Float32Array.from({ length: rate * 2 }, (_, i) => 0.001 * Math.sin(i * 12.9898) * Math.cos(i * 78.233));
  assert.equal(trimSilence(noise, rate).hasSpeech, false);
  // A click shorter than the minimum is not speech.
  const click = new Float32Array(rate);
  click.set(tone(0.03, rate, 1000, 0.8), 8000);
  assert.equal(trimSilence(click, rate).hasSpeech, false);
});
