import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSync } from '../helpers/deadline';
import path from 'node:path';

const script = path.join(__dirname, 'offlineFlow.script.js');

interface Step { ok: boolean; value?: Record<string, unknown>; error?: { kind: string; message: string } }

test('describe, ask, read and transcribe work through the service with no network at all (unshare -n)', (t) => {
  const probe = runSync('unshare', ['-n', 'true'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    t.skip(`unshare -n is not permitted here (${probe.error?.message ?? probe.stderr.trim()})`);
    return;
  }
  const run = runSync('unshare', ['-n', process.execPath, script], { encoding: 'utf8', timeout: 240_000 });
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, Step | string | number>;
  assert.notEqual(report.network, 'connected', 'the sandbox really has no network');

  const read = report.read as Step;
  assert.ok(read.ok, JSON.stringify(read.error));
  assert.match(String(read.value!.text), /Offline and private/i);

  const describe = report.describe as Step;
  assert.ok(describe.ok, JSON.stringify(describe.error));
  assert.match(String(describe.value!.caption), /red/i, 'the fixture captioner saw the pixels');
  assert.match(String(describe.value!.description), /red/i);

  const ask = report.ask as Step;
  assert.ok(ask.ok, JSON.stringify(ask.error));
  assert.match(String(ask.value!.answer), /red/i);
  assert.equal((ask.value!.turns as unknown[]).length, 1, 'the conversation so far is kept');
  assert.ok((report.tokens as number) > 0, 'tokens were streamed as events');

  const transcribe = report.transcribe as Step;
  assert.ok(transcribe.ok, JSON.stringify(transcribe.error));
  assert.equal(transcribe.value!.noSpeech, true, 'one second of silence is "no speech heard", not an error');
});
