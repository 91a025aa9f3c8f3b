import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { speechDispatcherEngine, speechDispatcherUsable } from '../../electron/core/speech/engines/speechDispatcher';
import { findExecutable } from '../../electron/core/speech/engines/engine';
import { createSpeechService } from '../../electron/core/speech/speechService';
import { tempDir } from '../helpers/tmp';
import { injectionPayloads } from './engineHelpers';

/**
 * spd-say auto-starts a speech-dispatcher daemon. Each test gives it a private runtime directory (its socket and pid
 * file live there) and ends that daemon afterwards, so no process is left behind and the user's own is untouched.
 */
async function privateDispatcher() {
  const runtime = await tempDir('sightline-spd-');
  const env = { ...process.env, XDG_RUNTIME_DIR: runtime, HOME: runtime };
  const stopDaemon = () => {
    const pidFile = path.join(runtime, 'speech-dispatcher', 'pid', 'speech-dispatcher.pid');
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    try {
      if (pid > 1) process.kill(pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  return { env, stopDaemon };
}

const haveSpdSay = findExecutable('spd-say') !== undefined;

test('speech-dispatcher speaks a sentence to the end (where a speech-dispatcher can produce audio)', { skip: !haveSpdSay && 'spd-say is not installed' }, async (t) => {
  const { env, stopDaemon } = await privateDispatcher();
  try {
    if (!(await speechDispatcherUsable(env))) {
      t.skip('speech-dispatcher starts here but has no audio output (no sound card or sound server), so spd-say --wait never completes');
      return;
    }
    const speech = createSpeechService({ engine: 'speech-dispatcher', env });
    assert.deepEqual(await speech.speak('Hello from Sightline. A second sentence.').done, { completed: true });
    await speech.dispose();
  } finally {
    stopDaemon();
  }
});

test('speech-dispatcher: injection payloads and option-like text are only ever text (spd-say argument after --)', { skip: !haveSpdSay && 'spd-say is not installed' }, async () => {
  const { env, stopDaemon } = await privateDispatcher();
  const dir = await tempDir();
  const marker = path.join(dir, 'pwned');
  try {
    for (const text of [...injectionPayloads(marker), '-C', '--cancel', '-x <speak>hi</speak>']) {
      const proc = speechDispatcherEngine.speak(text, { voice: '', rate: 180, env });
      // Where audio works the message finishes; where it does not, spd-say waits forever: either way, end it.
      const timer = setTimeout(() => void proc.stop(), 500);
      const exit = await proc.exited;
      clearTimeout(timer);
      assert.doesNotMatch(exit.stderr, /invalid option|unrecognized option/, `${text}: ${exit.stderr}`);
    }
    assert.equal(existsSync(marker), false);
  } finally {
    stopDaemon();
  }
});
