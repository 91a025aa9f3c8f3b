/**
 * Fault injection for speech: text built to escape into a shell or festival's Scheme, text no engine can say, an
 * engine with no voice, and every voice name the machine's speech-dispatcher lists in a non-ASCII script (the names
 * that once made a saved setting stop every start). Engines must report failure with a documented exit code,
 * never run the payload, never crash, and no stored voice may stop the app from starting.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { EXIT_CODE_MEANINGS } from '../../electron/core/common/errors';
import { SETTINGS_FILE } from '../../electron/core/app/settingsStore';
import { SightlineService } from '../../electron/core/app/sightlineService';
import { InferenceHost } from '../../electron/core/host/inferenceHost';
import { sayEngine } from '../../electron/core/speech/engines/sayEngine';
import { speechDispatcherEngine } from '../../electron/core/speech/engines/speechDispatcher';
import { createSpeechService } from '../../electron/core/speech/speechService';
import type { SpeechState } from '../../electron/core/speech/types';
import { runSync, withDeadline } from '../helpers/deadline';
import { tempDir } from '../helpers/tmp';
import { festivalHome, festivalWithoutVoice, injectionPayloads } from '../speech/engineHelpers';

const bin = path.resolve(__dirname, '..', '..', '..', 'bin', 'sightline.js');
const speak = (args: string[], env: NodeJS.ProcessEnv = process.env, input?: string) =>
  runSync(process.execPath, [bin, 'speak', ...args], { encoding: 'utf8', env, input, timeout: 60_000 });

/** Text no engine should choke on: controls, bidi overrides, lone surrogates, scripts, emoji, only punctuation. */
const ODD_TEXTS = [
  '\u0000\u0001\u0007 bell and NUL', 'right\u202eto left', '\ud800 lone surrogate', '中文 and العربية and עברית', '🙂🙃🚀',
  '...', '"', ') ; ( " \\', '-v en --stdout', '%s %n %x', '\t\n\r\u2028\u2029',
];

test('payloads and odd text through every engine that writes files: never run, and every exit code is documented', async () => {
  const dir = await tempDir();
  const marker = path.join(dir, 'pwned');
  const home = await festivalHome();
  let runs = 0;
  for (const engine of ['espeak-ng', 'say']) {
    for (const text of [...injectionPayloads(marker), ...ODD_TEXTS]) {
      const out = path.join(dir, `out-${runs}.wav`);
      // On stdin, so text an argument cannot hold (NUL) is tried too.
      const r = speak(['--engine', engine, '--out', out, '-'], home.env, text);
      assert.ok(r.status !== null && r.status in EXIT_CODE_MEANINGS && r.status !== 1, `${engine} ${JSON.stringify(text.slice(0, 40))}: exit ${r.status} ${r.stderr}`);
      if (r.status === 0) assert.ok((await fs.stat(out)).size > 44, 'a successful run wrote audio');
      else assert.equal(existsSync(out), false, 'a failed run leaves no file');
      runs++;
    }
  }
  // Near the length limit: espeak-ng writes it; festival spells a 19,000-letter word for minutes, so its deadline ends it.
  const nearLimit = 'A'.repeat(19_000);
  const long = speak(['--engine', 'espeak-ng', '--out', path.join(dir, 'near-limit.wav'), '-'], home.env, nearLimit);
  assert.equal(long.status, 0, long.stderr);
  const out = path.join(dir, 'festival-near-limit.wav');
  await assert.rejects(sayEngine.synthesize!(nearLimit, { voice: '', rate: 180, env: home.env, deadlineMs: 2000 }, out), (err: Error & { kind?: string }) => {
    assert.equal(err.kind, 'timeout');
    assert.match(err.message, /festival did not finish writing speech within 2 s/);
    return true;
  });
  const tooLong = speak(['--engine', 'espeak-ng', '--out', path.join(dir, 'long.wav'), 'B'.repeat(20_001)], home.env);
  assert.equal(tooLong.status, 3);
  assert.match(tooLong.stderr, /limit for speech is 20000/);
  assert.equal(existsSync(marker), false, 'a payload ran');
  assert.deepEqual((await fs.readdir(dir)).filter((n) => n.endsWith('.tmp.wav')), [], 'no temporary audio is left behind');
  console.log(`# ${runs + 1} hostile texts spoken to files by espeak-ng and festival; none ran, none crashed`);
});

test('festival with no voice: not available, and speaking or writing fails with exit 8 and says why', async () => {
  const novoice = await festivalWithoutVoice();
  assert.equal(await sayEngine.available({ env: novoice.env }), false);
  assert.deepEqual(await sayEngine.voices({ env: novoice.env }), []);
  const out = path.join(novoice.dir, 'x.wav');
  const written = speak(['--engine', 'say', '--out', out, 'Hello there.'], novoice.env);
  assert.equal(written.status, 8, written.stderr);
  assert.match(written.stderr, /^sightline speak: cannot write .*x\.wav: festival produced no audio: festival has no voice installed \(install festvox-kallpc16k\)\n$/);
  assert.equal(existsSync(out), false);
  const spoken = speak(['--engine', 'say', 'Hello there.'], novoice.env);
  assert.equal(spoken.status, 8, spoken.stderr);
  assert.match(spoken.stderr, /speech engine say cannot speak here/);
  // Inside the app: an error state the user hears about, no crash, the queue goes on.
  const states: SpeechState[] = [];
  const service = createSpeechService({ engine: 'say', env: novoice.env });
  service.onState((s) => states.push(s));
  await assert.rejects(sayEngine.synthesize!('Hello.', { voice: '', rate: 180, env: novoice.env }, out), (err: Error & { kind?: string }) => err.kind === 'speech');
  await withDeadline(service.speak('Hello.').done, 'the voiceless engine to give up');
  await service.dispose();
});

test('espeak-ng without a sound device reports exit 8 (documented), never 1', () => {
  const r = speak(['--engine', 'espeak-ng', 'Hello.']);
  assert.ok(r.status === 0 || r.status === 8, `exit ${r.status}: ${r.stderr}`);
  if (r.status === 8) assert.match(r.stderr, /^sightline speak: espeak-ng failed: /);
});

test('every non-ASCII voice speech-dispatcher lists is saved or refused in one line, and no stored voice stops a start', async (t) => {
  const listed = await speechDispatcherEngine.voices().catch((): string[] => []);
  const voices = listed.filter((v) => /[^\u0000-\u007f]/.test(v));
  const hostile = ['--help', '-y x', 'a'.repeat(300), 'name\u202eevil', 'x"); (system "touch /tmp/p")', '../../etc/passwd', ' leading space', 'voice\u200b'];
  if (voices.length === 0) t.diagnostic('speech-dispatcher lists no non-ASCII voices here; only the hostile names are tried');
  const dir = await tempDir();
  const start = async () => {
    const host = new InferenceHost();
    const speech = createSpeechService({ screenReader: true });
    const service = await withDeadline(SightlineService.create({ host, speech, capture: { capture: () => Promise.reject(new Error('none')) }, userDataDir: dir }), 'the service to start');
    return { service, close: async () => { service.dispose(); await host.dispose(); await speech.dispose(); } };
  };
  let app = await start();
  let saved = 0;
  let refused = 0;
  try {
    for (const [i, voice] of [...voices, ...hostile].entries()) {
      const r = await app.service.handle('set-settings', { patch: { speechEngine: 'speech-dispatcher', voice } }, 'w');
      if (r.ok) saved++;
      else {
        refused++;
        assert.equal(r.error.kind, 'usage');
        assert.doesNotMatch(r.error.message, /[\n\u202e\u200b]/);
      }
      if (i % 25 === 0) {
        await app.close();
        app = await start();
      }
    }
  } finally {
    await app.close();
  }
  assert.equal(saved, voices.length, 'every voice the engine lists can be chosen');
  assert.equal(refused, hostile.length);
  // The same names hand-written into settings.json for an engine that cannot use them: every start still works.
  for (const voice of [...voices.slice(0, 20), ...hostile]) {
    await fs.writeFile(path.join(dir, SETTINGS_FILE), JSON.stringify({ version: 1, settings: { speechEngine: 'espeak-ng', voice } }));
    const again = await start();
    try {
      assert.equal(again.service.settings.voice === voice, false, `${voice} cannot be used by espeak-ng, so it is not in use`);
    } finally {
      await again.close();
    }
  }
  console.log(`# ${voices.length} listed voices saved, ${hostile.length} hostile names refused, ${20 + hostile.length} unusable stored voices survived a start`);
});
