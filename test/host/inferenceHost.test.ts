import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InferenceHost, type HostExitReason } from '../../electron/core/host/inferenceHost';
import '../../electron/core/host/diagnosticTask';
import { SightlineError } from '../../electron/core/common/errors';

const env = { SIGHTLINE_DIAGNOSTIC_TASKS: '1' };

async function rejectsWith(promise: Promise<unknown>, kind: string): Promise<SightlineError> {
  const err = await promise.then(() => assert.fail('expected a rejection'), (e: unknown) => e);
  assert.ok(err instanceof SightlineError, `expected SightlineError, got ${String(err)}`);
  assert.equal(err.kind, kind, err.message);
  return err;
}

test('a request round-trips through the worker and its result comes back intact', async () => {
  const host = new InferenceHost({ env });
  try {
    const value = { nested: [1, 2, 3], text: 'héllo "quoted"' };
    assert.deepEqual(await host.run('diagnostic', { action: 'echo', value }), value);
  } finally {
    await host.dispose();
  }
});

test('requests queue and finish in arrival order; events stream before the result', async () => {
  const host = new InferenceHost({ env });
  try {
    const order: string[] = [];
    const ticks: number[] = [];
    const a = host.run('diagnostic', { action: 'sleep', ms: 60, ticks: 3 }, { onEvent: (e) => ticks.push(e.tick) }).then(() => order.push('a'));
    const b = host.run('diagnostic', { action: 'echo', value: 'b' }).then(() => order.push('b'));
    await Promise.all([a, b]);
    assert.deepEqual(order, ['a', 'b']);
    assert.deepEqual(ticks, [1, 2, 3]);
  } finally {
    await host.dispose();
  }
});

test('cancelling a running request rejects it as cancelled and the host keeps serving', async () => {
  const host = new InferenceHost({ env });
  try {
    const controller = new AbortController();
    const running = host.run('diagnostic', { action: 'sleep', ms: 10_000, ticks: 100 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await rejectsWith(running, 'cancelled');
    assert.equal(await host.run('diagnostic', { action: 'echo', value: 1 }), 1);
  } finally {
    await host.dispose();
  }
});

test('a request cancelled while the worker is still busy with it reports cancelled, not the late result', async () => {
  // The worker blocks its event loop (as a long model call does), so the cancel reaches it only after it has
  // finished: the result crosses the cancel, and the caller must still see "cancelled".
  const host = new InferenceHost({ env });
  try {
    const controller = new AbortController();
    const running = host.run('diagnostic', { action: 'hang', ms: 300 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await rejectsWith(running, 'cancelled');
    assert.equal(await host.run('diagnostic', { action: 'echo', value: 2 }), 2);
  } finally {
    await host.dispose();
  }
});

test('cancelling a queued request removes it before it starts', async () => {
  const host = new InferenceHost({ env });
  try {
    const first = host.run('diagnostic', { action: 'sleep', ms: 100 });
    const controller = new AbortController();
    const queued = host.run('diagnostic', { action: 'echo', value: 'never' }, { signal: controller.signal });
    controller.abort();
    await rejectsWith(queued, 'cancelled');
    await first;
  } finally {
    await host.dispose();
  }
});

test('errors cross the boundary with their kind and message', async () => {
  const host = new InferenceHost({ env });
  try {
    const err = await rejectsWith(host.run('diagnostic', { action: 'fail', kind: 'bad-input', message: 'x.png: not an image' }), 'bad-input');
    assert.equal(err.message, 'x.png: not an image');
    await rejectsWith(host.run('nope' as 'diagnostic', { action: 'echo', value: 0 }), 'usage');
  } finally {
    await host.dispose();
  }
});

test('a crashed worker fails its request as host-crashed, and the next request gets a fresh worker', async () => {
  const exits: HostExitReason[] = [];
  const host = new InferenceHost({ env, onExit: (reason) => exits.push(reason) });
  try {
    await rejectsWith(host.run('diagnostic', { action: 'crash' }), 'host-crashed');
    assert.deepEqual(exits, ['crashed']);
    assert.equal(await host.run('diagnostic', { action: 'echo', value: 'alive' }), 'alive');
  } finally {
    await host.dispose();
  }
});

test('a hung worker is killed after the request timeout and replaced', async () => {
  const exits: HostExitReason[] = [];
  const host = new InferenceHost({ env, requestTimeoutMs: 300, onExit: (reason) => exits.push(reason) });
  try {
    await rejectsWith(host.run('diagnostic', { action: 'hang', ms: 20_000 }), 'timeout');
    assert.deepEqual(exits, ['hung']);
    assert.equal(await host.run('diagnostic', { action: 'echo', value: 'back' }), 'back');
  } finally {
    await host.dispose();
  }
});

test('diagnostic tasks are refused unless the environment enables them', async () => {
  const host = new InferenceHost({ env: { SIGHTLINE_DIAGNOSTIC_TASKS: '0' } });
  try {
    await rejectsWith(host.run('diagnostic', { action: 'echo', value: 1 }), 'usage');
  } finally {
    await host.dispose();
  }
});
