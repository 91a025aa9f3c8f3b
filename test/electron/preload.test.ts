import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { EVENT_CHANNELS, INVOKE_CHANNELS, type SightlineBridge } from '../../electron/common/ipc';
import { IPC_EVENT_PREFIX, IPC_INVOKE_PREFIX } from '../../electron/main/ipcNames';

/**
 * The compiled preload, run in a fresh V8 context the way a sandboxed preload runs: its only `require` is a
 * stand-in for Electron's contextBridge and ipcRenderer (the Electron binary cannot run here), which records what
 * the preload exposes and which IPC names it uses.
 */
function loadPreload() {
  const source = readFileSync(path.join(__dirname, '..', '..', 'electron', 'preload', 'preload.js'), 'utf8');
  const exposed: Record<string, unknown> = {};
  const invoked: Array<[string, unknown]> = [];
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => { exposed[key] = api; } },
    ipcRenderer: {
      invoke: async (channel: string, request: unknown) => { invoked.push([channel, request]); return { ok: true, value: channel }; },
      on: (channel: string, l: (...args: unknown[]) => void) => { if (!listeners.has(channel)) listeners.set(channel, new Set()); listeners.get(channel)!.add(l); },
      removeListener: (channel: string, l: (...args: unknown[]) => void) => listeners.get(channel)?.delete(l),
    },
  };
  const requireStub = (name: string) => {
    if (name !== 'electron') throw new Error(`sandboxed preload may not require "${name}"`);
    return electron;
  };
  const module = { exports: {} };
  vm.runInNewContext(source, { require: requireStub, exports: module.exports, module, Object, Promise, String });
  return { bridge: exposed.sightline as SightlineBridge, exposed, invoked, listeners, source };
}

test('the preload is self-contained: it requires only electron and exposes exactly window.sightline', () => {
  const { exposed, source } = loadPreload();
  assert.deepEqual(Object.keys(exposed), ['sightline']);
  const requires = [...source.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(requires)], ['electron']);
});

test("the preload's channel lists and wire names equal the IPC contract's", async () => {
  const { bridge, invoked, listeners, source } = loadPreload();
  for (const channel of INVOKE_CHANNELS) {
    const result = await bridge.invoke(channel, {} as never);
    assert.deepEqual(result, { ok: true, value: `${IPC_INVOKE_PREFIX}${channel}` });
  }
  assert.deepEqual(invoked.map(([c]) => c), INVOKE_CHANNELS.map((c) => `${IPC_INVOKE_PREFIX}${c}`));
  for (const channel of EVENT_CHANNELS) bridge.on(channel, () => undefined);
  assert.deepEqual([...listeners.keys()], EVENT_CHANNELS.map((c) => `${IPC_EVENT_PREFIX}${c}`));
  // The preload's two frozen lists, read from its compiled text, hold exactly the contract's channels.
  const lists = [...source.matchAll(/Object\.freeze\(\[([^\]]*)\]\)/g)].map((m) => [...m[1]!.matchAll(/'([^']+)'/g)].map((q) => q[1]));
  assert.equal(lists.length, 2);
  assert.deepEqual(lists[0], [...INVOKE_CHANNELS]);
  assert.deepEqual(lists[1], [...EVENT_CHANNELS]);
});

test('the page cannot reach other IPC messages, and listeners never see the IPC event object', async () => {
  const { bridge, invoked, listeners } = loadPreload();
  const refused = await bridge.invoke('ELECTRON_BROWSER_REQUIRE' as never, {} as never);
  assert.equal(refused.ok, false);
  assert.equal(invoked.length, 0);
  const off = bridge.on('bogus' as never, () => undefined);
  assert.equal(listeners.size, 0);
  off();
  const got: unknown[] = [];
  const stop = bridge.on('announce', (...args: unknown[]) => got.push(args));
  const [wrapped] = listeners.get(`${IPC_EVENT_PREFIX}announce`)!;
  wrapped!({ sender: 'ipcRenderer handle' }, { message: 'hi', assertive: false });
  assert.deepEqual(got, [[{ message: 'hi', assertive: false }]]);
  stop();
  assert.equal(listeners.get(`${IPC_EVENT_PREFIX}announce`)!.size, 0);
});
