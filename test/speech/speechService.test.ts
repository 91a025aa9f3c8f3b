import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createSpeechService } from '../../electron/core/speech/speechService';
import { liveEngineProcesses, runningGroupMembers } from '../../electron/core/speech/processes';
import type { SpeechState } from '../../electron/core/speech/types';
import { waitUntil, withDeadline } from '../helpers/deadline';
import { tempDir } from '../helpers/tmp';
import { festivalHome, injectionPayloads, rms16 } from './engineHelpers';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Waits (by polling the service's state, never a timing assertion) until the engine process is running. */
function untilSpeaking(states: SpeechState[]): Promise<void> {
  return waitUntil(() => states.some((s) => s.type === 'speaking') && liveEngineProcesses().length > 0, 'the engine to start speaking');
}

test('screen-reader mode speaks nothing itself: every sentence goes to announce, assertive for interruptions', async () => {
  const announced: Array<[string, boolean]> = [];
  const speech = createSpeechService({ screenReader: true, announce: (text, assertive) => announced.push([text, assertive]) });
  assert.equal(speech.engine, 'screen-reader');
  await withDeadline(speech.speak('First sentence. Second sentence.').done, 'the engine to finish speaking');
  await withDeadline(speech.speak('Stop that.', { interrupt: true }).done, 'the engine to finish speaking');
  assert.deepEqual(announced, [['First sentence.', false], ['Second sentence.', false], ['Stop that.', true]]);
  assert.deepEqual(liveEngineProcesses(), []);
  assert.deepEqual(await speech.voices(), []);
  await speech.dispose();
});

test('the queue orders by priority; a higher priority cuts off what is speaking', async () => {
  const announced: string[] = [];
  const speech = createSpeechService({ screenReader: true, announce: (text) => announced.push(text) });
  const a = speech.speak('Normal one. Normal two.');
  const b = speech.speak('Low.', { priority: 'low' });
  const c = speech.speak('Urgent.', { priority: 'high' });
  const d = speech.speak('Normal three.');
  assert.deepEqual(await a.done, { completed: false });
  assert.deepEqual(await c.done, { completed: true });
  assert.deepEqual(await d.done, { completed: true });
  assert.deepEqual(await b.done, { completed: true });
  assert.deepEqual(announced, ['Urgent.', 'Normal three.', 'Low.']);
  await speech.dispose();
});

test('a token stream is spoken from its first complete sentence, before the stream ends', async () => {
  const announced: string[] = [];
  let firstHeard: () => void;
  const heard = new Promise<void>((r) => (firstHeard = r));
  const speech = createSpeechService({
    screenReader: true,
    announce: (text) => {
      announced.push(text);
      firstHeard();
    },
  });
  const stream = speech.speakStream();
  for (const token of ['A red', ' square', ' on white.', ' It has', ' no text']) stream.push(token);
  await withDeadline(heard, 'the first sentence to be announced'); // the stream is still open: generation has not finished
  assert.deepEqual(announced, ['A red square on white.']);
  stream.end();
  assert.deepEqual(await withDeadline(stream.done, 'the stream to end'), { completed: true });
  assert.deepEqual(announced, ['A red square on white.', 'It has no text']);
  await speech.dispose();
});

test('festival through the say engine: long text is spoken sentence by sentence, one process each', async () => {
  const home = await festivalHome();
  const states: SpeechState[] = [];
  const speech = createSpeechService({ engine: 'say', env: home.env });
  speech.onState((s) => states.push(s));
  const result = await withDeadline(speech.speak('The first sentence. The second sentence is here. And a third.').done, 'the engine to finish speaking');
  assert.deepEqual(result, { completed: true });
  const spoken = states.filter((s): s is Extract<SpeechState, { type: 'speaking' }> => s.type === 'speaking').map((s) => s.text);
  assert.deepEqual(spoken, ['The first sentence.', 'The second sentence is here.', 'And a third.']);
  assert.equal(states.at(-1)?.type, 'idle');
  assert.ok(rms16(await readFile(home.audioFile)) > 0.01);
  await speech.dispose();
});

test('a real engine speaks a token stream from its first complete sentence while generation continues', async () => {
  const home = await festivalHome();
  const states: SpeechState[] = [];
  const speech = createSpeechService({ engine: 'say', env: home.env });
  speech.onState((s) => states.push(s));
  const stream = speech.speakStream();
  stream.push('A photo of a red');
  stream.push(' bicycle. It leans against');
  // The stream is still open; the first sentence must be spoken now, not after generation ends.
  await untilSpeaking(states);
  assert.deepEqual(states.filter((s) => s.type === 'speaking').map((s) => s.type === 'speaking' && s.text), ['A photo of a red bicycle.']);
  stream.push(' a wall.');
  stream.end();
  assert.deepEqual(await withDeadline(stream.done, 'the stream to end'), { completed: true });
  assert.deepEqual(states.filter((s) => s.type === 'speaking').map((s) => s.type === 'speaking' && s.text), [
    'A photo of a red bicycle.',
    'It leans against a wall.',
  ]);
  await speech.dispose();
});

test('stop interrupts speech: the engine and the player it started end; an unrelated process survives', async () => {
  // The .festivalrc's audio command "plays" for 30 s, like a sound card; stop must end festival, sh and sleep.
  const home = await festivalHome(30);
  const unrelated = spawn('sleep', ['60'], { stdio: 'ignore' });
  const states: SpeechState[] = [];
  const speech = createSpeechService({ engine: 'say', env: home.env });
  speech.onState((s) => states.push(s));
  const utterance = speech.speak('This sentence would play for half a minute. And so would this one.');
  await untilSpeaking(states);
  // Wait until festival has handed audio to the "player", so the process group really has children.
  await waitUntil(() => existsSync(home.audioFile), `festival to hand audio to its player (${home.audioFile})`);
  const [engine] = liveEngineProcesses();
  assert.ok(engine?.pid);
  await speech.stop();
  assert.deepEqual(await withDeadline(utterance.done, 'the utterance to end'), { completed: false });
  assert.equal(alive(engine.pid), false, 'festival still running');
  assert.deepEqual(runningGroupMembers(engine.pid), [], 'a process of the engine\'s group (sh, sleep) is still running');
  assert.ok(alive(unrelated.pid!), 'stop killed a process Sightline did not start');
  assert.deepEqual(liveEngineProcesses(), []);
  unrelated.kill();
  await speech.dispose();
});

test('a new description interrupts the current one and is spoken instead', async () => {
  const home = await festivalHome(30);
  const states: SpeechState[] = [];
  const speech = createSpeechService({ engine: 'say', env: home.env });
  speech.onState((s) => states.push(s));
  const first = speech.speak('An old description that takes a long time.');
  await untilSpeaking(states);
  const firstPid = liveEngineProcesses()[0]?.pid as number;
  const second = speech.speak('New.', { interrupt: true });
  assert.deepEqual(await withDeadline(first.done, 'the first to end'), { completed: false });
  assert.equal(alive(firstPid), false);
  await waitUntil(() => states.some((s) => s.type === 'speaking' && s.text === 'New.') && liveEngineProcesses().length > 0, 'the new description to be spoken');
  await speech.stop();
  assert.deepEqual(await withDeadline(second.done, 'the second to end'), { completed: false });
  await speech.dispose();
});

test('injection payloads spoken through the service never run (say and espeak-ng)', async () => {
  const dir = await tempDir();
  const marker = path.join(dir, 'pwned');
  const home = await festivalHome();
  for (const engine of ['say', 'espeak-ng'] as const) {
    const speech = createSpeechService({ engine, env: home.env });
    for (const payload of injectionPayloads(marker).slice(0, 5)) await withDeadline(speech.speak(payload).done, 'the engine to finish speaking');
    const stream = speech.speakStream();
    stream.push(injectionPayloads(marker)[0] as string);
    stream.end();
    await withDeadline(stream.done, 'the stream to end');
    await speech.dispose();
  }
  assert.equal(existsSync(marker), false);
});

test('an engine failure is reported as an error state, not a crash', async () => {
  const states: SpeechState[] = [];
  const dir = await tempDir();
  // An engine that cannot start (not on PATH) stands for any engine failure.
  const speech = createSpeechService({ engine: 'espeak-ng', env: { ...process.env, PATH: dir } });
  speech.onState((s) => states.push(s));
  const result = await withDeadline(speech.speak('Hello.').done, 'the engine to finish speaking');
  assert.equal(result.completed, false);
  assert.ok(states.some((s) => s.type === 'error'), JSON.stringify(states));
  await speech.dispose();
});

test('a bad rate is refused up front; a voice is judged by the engine that would use it, never fatally', async () => {
  assert.throws(() => createSpeechService({ rate: 5000 }), /rate/);
  const states: SpeechState[] = [];
  const speech = createSpeechService({ engine: 'espeak-ng', voice: '--help' });
  speech.onState((s) => states.push(s));
  assert.match((await speech.checkVoice('espeak-ng', '--help')) ?? '', /cannot be used by espeak-ng.*invalid voice/);
  assert.match((await speech.checkVoice('espeak-ng', 'no-such-voice')) ?? '', /not a voice of espeak-ng/);
  assert.equal(await speech.checkVoice('espeak-ng', 'en-us'), null);
  assert.equal(await speech.checkVoice('espeak-ng', ''), null);
  const result = await withDeadline(speech.speak('Hello.').done, 'the engine to refuse the voice');
  assert.equal(result.completed, false);
  assert.ok(states.some((s) => s.type === 'error' && /invalid voice/.test(s.message)), JSON.stringify(states));
  await speech.dispose();
});
