import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateRequest, REQUEST_CHECKS } from '../../electron/core/app/validate';
import { acceleratorProblem } from '../../electron/core/app/accelerator';
import { SightlineError } from '../../electron/core/common/errors';
import { LIMITS } from '../../electron/core/common/limits';
import { INVOKE_CHANNELS } from '../../electron/common/ipc';

function refused(channel: unknown, request: unknown): SightlineError {
  try {
    validateRequest(channel, request);
  } catch (err) {
    assert.ok(err instanceof SightlineError, String(err));
    assert.ok(!err.message.includes('\n'), `one line: ${err.message}`);
    return err;
  }
  return assert.fail(`expected ${String(channel)} to refuse ${JSON.stringify(request)}`);
}

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

test('every IPC channel has a schema and no schema lacks a channel', () => {
  assert.deepEqual(Object.keys(REQUEST_CHECKS).sort(), [...INVOKE_CHANNELS].sort());
});

test('well-formed requests pass and come back with the same fields', () => {
  const ok = validateRequest('describe-image', { requestId: 'd-1', image: { name: 'cat.jpg', bytes: png }, detail: 'brief' });
  assert.equal(ok.image.name, 'cat.jpg');
  assert.equal(ok.image.bytes, png);
  assert.deepEqual(validateRequest('get-settings', {}), {});
  assert.deepEqual(validateRequest('get-settings', undefined), {});
  assert.deepEqual(validateRequest('ask', { requestId: 'a', imageId: 'img-1', question: 'What colour?' }).question, 'What colour?');
  const patch = validateRequest('set-settings', { patch: { rate: 200, shortcuts: { stopSpeech: 'Control+Alt+X' } } });
  assert.deepEqual(patch, { patch: { rate: 200, shortcuts: { stopSpeech: 'Control+Alt+X' } } });
});

test('malformed payloads are refused with one line naming the channel and the field', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['describe-image', null, /^describe-image: request must be an object, got null$/],
    ['describe-image', [], /request must be an object, got an array/],
    ['describe-image', { requestId: 'x', detail: 'brief' }, /^describe-image: image is missing$/],
    ['describe-image', { requestId: 'x', image: { name: 'a.png', bytes: 'AAAA' }, detail: 'brief' }, /^describe-image: image\.bytes must be a Uint8Array, got a string$/],
    ['describe-image', { requestId: 'x', image: { name: 'a.png', bytes: [1, 2] }, detail: 'brief' }, /image\.bytes must be a Uint8Array, got an array/],
    ['describe-image', { requestId: 'x', image: { name: 'a.png', bytes: png }, detail: 'huge' }, /^describe-image: detail must be one of "brief", "normal", "full"$/],
    ['describe-image', { requestId: 'x', image: { name: 'a\u0007.png', bytes: png }, detail: 'brief' }, /image\.name has control characters/],
    ['describe-image', { requestId: 'x', image: { name: 'a.png', bytes: png }, detail: 'brief', extra: 1 }, /^describe-image: extra is not a known field$/],
    ['describe-screen', { requestId: 'x', target: 'printer', detail: 'brief' }, /^describe-screen: target must be one of "screen", "window"$/],
    ['ask', { requestId: 'x', imageId: 'img-1', question: '' }, /^ask: question must not be empty$/],
    ['ask', { requestId: 'x', imageId: 'img-1', question: 42 }, /^ask: question must be a string, got a number$/],
    ['ask', { requestId: 'bad id; rm -rf /', imageId: 'img-1', question: 'hi' }, /^ask: requestId may hold only/],
    ['ask', { requestId: 'x'.repeat(101), imageId: 'img-1', question: 'hi' }, /^ask: requestId is longer than 100 characters$/],
    ['transcribe', { requestId: 'x', pcm16k: new Float64Array(10) }, /^transcribe: pcm16k must be a Float32Array, got a Float64Array$/],
    ['transcribe', { requestId: 'x', pcm16k: Float32Array.of(0, Number.NaN) }, /^transcribe: pcm16k has a non-finite sample at index 1$/],
    ['speak', { text: 'hi' }, /^speak: interrupt is missing$/],
    ['set-settings', { patch: { rate: 5 } }, /^set-settings: patch\.rate must be between 80 and 450$/],
    ['set-settings', { patch: { rate: 180.5 } }, /patch\.rate must be a whole number/],
    ['set-settings', { patch: { theme: 'neon' } }, /patch\.theme must be one of/],
    ['set-settings', { patch: { nodeIntegration: true } }, /^set-settings: patch\.nodeIntegration is not a known field$/],
    ['set-settings', { patch: { shortcuts: { describeScreen: 'Control+Hyper+D' } } }, /patch\.shortcuts\.describeScreen has an unknown modifier "Hyper"/],
    ['set-settings', { patch: { shortcuts: { launchRockets: 'Control+Alt+L' } } }, /patch\.shortcuts\.launchRockets is not a known field/],
    ['set-settings', { patch: { pack: '../../etc' } }, /patch\.pack must be a pack name/],
    ['get-settings', { sneaky: 1 }, /^get-settings: sneaky is not a known field$/],
    ['fetch-models', { requestId: 'f', pack: 'Default Pack' }, /fetch-models: pack must be a pack name/],
  ];
  for (const [channel, request, pattern] of cases) {
    const err = refused(channel, request);
    assert.equal(err.kind, 'usage', `${channel}: ${err.message}`);
    assert.match(err.message, pattern);
  }
});

test('payloads over a documented limit are refused as bad input before any work', () => {
  const longQuestion = refused('ask', { requestId: 'x', imageId: 'img-1', question: 'q'.repeat(LIMITS.maxQuestionChars + 1) });
  assert.equal(longQuestion.kind, 'bad-input');
  assert.match(longQuestion.message, new RegExp(`^ask: question is longer than ${LIMITS.maxQuestionChars} characters$`));

  const tooLong = refused('transcribe', { requestId: 'x', pcm16k: new Float32Array(LIMITS.maxAudioSeconds * 16_000 + 1) });
  assert.equal(tooLong.kind, 'bad-input');
  assert.match(tooLong.message, /^transcribe: pcm16k holds 30\.0 s of audio, over the 30-second limit$/);
  // exactly the limit is fine
  validateRequest('transcribe', { requestId: 'x', pcm16k: new Float32Array(LIMITS.maxAudioSeconds * 16_000) });

  const emptyImage = refused('describe-image', { requestId: 'x', image: { name: 'e.png', bytes: new Uint8Array(0) }, detail: 'brief' });
  assert.equal(emptyImage.kind, 'bad-input');
  assert.match(emptyImage.message, /^describe-image: image\.bytes is empty \(0 bytes\)$/);

  // A view over a big buffer reports its own length, without copying anything.
  const big = new Uint8Array(LIMITS.maxImageBytes + 1);
  const bigImage = refused('describe-image', { requestId: 'x', image: { name: 'big.png', bytes: big }, detail: 'brief' });
  assert.equal(bigImage.kind, 'bad-input');
  assert.match(bigImage.message, /image\.bytes is \d+ bytes, over the \d+-byte limit/);
});

test('unknown channels and prototype tricks are refused', () => {
  assert.match(refused('shell-exec', {}).message, /^unknown channel "shell-exec"$/);
  assert.match(refused('__proto__', {}).message, /^unknown channel/);
  assert.match(refused('toString', {}).message, /^unknown channel/);
  assert.match(refused(42, {}).message, /^unknown channel a number$/);
  // An object with a custom prototype is not plain data, so it cannot smuggle getters past the checks.
  const tricky = Object.create({ requestId: 'inherited' }) as object;
  assert.match(refused('cancel', tricky).message, /^cancel: request must be an object/);
  const polluted = JSON.parse('{"patch": {"__proto__": {"rate": 5}}}') as unknown;
  assert.match(refused('set-settings', polluted).message, /patch\.__proto__ is not a known field/);
});

test('accelerators follow Electron grammar and need a modifier unless they are function keys', () => {
  for (const ok of ['Control+Alt+D', 'CommandOrControl+Shift+F5', 'F9', 'Alt+Space', 'Control+Plus', 'Super+PageDown', '']) {
    assert.equal(acceleratorProblem(ok), null, ok);
  }
  assert.match(acceleratorProblem('D') ?? '', /needs a modifier/);
  assert.match(acceleratorProblem('Control+Control+D') ?? '', /repeats a modifier/);
  assert.match(acceleratorProblem('Control+Alt+Banana') ?? '', /unknown key "Banana"/);
  assert.match(acceleratorProblem('Control+Alt+D'.repeat(10)) ?? '', /longer than/);
});
