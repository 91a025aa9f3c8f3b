import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { tempDir } from '../helpers/tmp';
import { fetchPack } from '../../electron/core/models/fetchPack';
import { LOCK_NAME } from '../../electron/core/models/fetchLock';
import { verifyPack } from '../../electron/core/models/verify';
import { bin, cliAsync } from '../models/cliProcess';
import { hostileRoot, makeFiles, startHostileServer } from './hostileServer';

// Hostile download servers and racing fetches (issue 12 point 6, issue 14 point 3). Every server is on 127.0.0.1;
// every wait has a deadline; counts are fixed.

const SIZES = { 'config.json': 700, 'onnx/model.onnx': 300_000 };
const GRAPH = 'onnx/model.onnx';
const installed = (root: string, p = GRAPH) => path.join(root, 'hostile', 'model', p);

async function leftovers(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(root, { withFileTypes: true, recursive: true })) if (/\.part$|\.tmp$|\.takeover$/.test(e.name)) out.push(e.name);
  return out;
}

async function setup(options: { pinned?: boolean } = {}) {
  const files = makeFiles(SIZES);
  const server = await startHostileServer(files);
  const root = await hostileRoot(await tempDir(), files, options);
  return { files, server, root, env: { SIGHTLINE_MODELS: root, SIGHTLINE_MODEL_BASE_URL: server.baseUrl, SIGHTLINE_PACK: 'hostile' } };
}

test('a body longer than the file is cut off at its size: the file installs and verifies, the extra bytes are never written', async () => {
  const { server, root, env, files } = await setup();
  server.setFault({ kind: 'overlong', extra: 5_000_000 });
  const report = await fetchPack('hostile', { root, env });
  assert.equal(report.ok, true, JSON.stringify(report.files));
  assert.equal(statSync(installed(root)).size, files[GRAPH]!.length);
  assert.equal((await verifyPack('hostile', { root })).ok, true);
  assert.deepEqual(await leftovers(root), []);
});

test('a body with a wrong byte is discarded: nothing installed, nothing left behind, exit 6 naming the file', async () => {
  const { server, root, env } = await setup();
  server.setFault({ kind: 'wrong-bytes' });
  const run = await cliAsync(['models', 'fetch'], env);
  assert.equal(run.status, 6, run.stderr);
  assert.match(run.stderr, /hostile-model\/config\.json: sha256 mismatch/);
  assert.equal(existsSync(installed(root)), false);
  assert.equal(existsSync(installed(root, 'config.json')), false);
  assert.deepEqual(await leftovers(root), []);
});

test('a stalled transfer fails with exit 6 after the stall time; the next fetch resumes the partial file and verifies', async () => {
  const { server, root, env } = await setup();
  server.setFault({ kind: 'stall', at: 0.4 });
  const started = Date.now();
  const run = await cliAsync(['models', 'fetch'], { ...env, SIGHTLINE_FETCH_STALL_MS: '600' }, 30_000);
  assert.equal(run.status, 6, run.stderr);
  assert.match(run.stderr, /stalled \(no data for 0\.6 s/);
  assert.equal(run.stderr.trim().split('\n').filter((l) => l.startsWith('sightline models fetch:')).length, 1, run.stderr);
  assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms`);
  assert.equal(existsSync(installed(root, 'config.json')), false);

  server.setFault(null);
  const again = await cliAsync(['models', 'fetch'], env);
  assert.equal(again.status, 0, again.stderr);
  assert.ok(server.requests.some((r) => r.range && r.range !== 'bytes=0-'), `expected a resumed (Range) request: ${JSON.stringify(server.requests)}`);
  assert.equal((await verifyPack('hostile', { root })).ok, true);
});

test('a connection reset mid-body every time fails after three attempts with exit 6; nothing is installed', async () => {
  const { server, root, env } = await setup();
  server.setFault({ kind: 'reset', at: 0.3 });
  const run = await cliAsync(['models', 'fetch'], env);
  assert.equal(run.status, 6, run.stderr);
  assert.match(run.stderr, /connection lost/);
  assert.equal(server.requests.filter((r) => r.path === 'config.json').length, 3);
  assert.equal(existsSync(installed(root, 'config.json')), false);
});

test('a manifest dir of "", "." or with a backslash, or two models in one folder, is refused before anything is fetched', async () => {
  for (const [dir, reason] of [['', /empty/], ['.', /"\." or "\.\." segment/], ['hostile\\model', /backslash/], ['/tmp/x', /absolute/], ['a/../b', /"\.\." segment/]] as const) {
    const { server, root, env } = await setup();
    const file = path.join(root, 'manifest.json');
    const manifest = JSON.parse(await readFile(file, 'utf8'));
    manifest.models['hostile-model'].dir = dir;
    await import('node:fs/promises').then((fs) => fs.writeFile(file, JSON.stringify(manifest)));
    const run = await cliAsync(['models', 'fetch'], env);
    assert.equal(run.status, 4, `${JSON.stringify(dir)}: ${run.stderr}`);
    assert.match(run.stderr, reason, run.stderr);
    assert.equal(run.stderr.trim().split('\n').length, 1);
    assert.equal(server.requests.length, 0);
  }
  const { root, env } = await setup();
  const file = path.join(root, 'manifest.json');
  const manifest = JSON.parse(await readFile(file, 'utf8'));
  manifest.models.other = { ...manifest.models['hostile-model'], dir: 'hostile' };
  await import('node:fs/promises').then((fs) => fs.writeFile(file, JSON.stringify(manifest)));
  const run = await cliAsync(['models', 'fetch'], env);
  assert.equal(run.status, 4, run.stderr);
  assert.match(run.stderr, /share the folder/);
});

test('10 of 10 rounds: two CLI fetches of the same pack at once both succeed and install a pack that verifies', async () => {
  const { server, env, files } = await setup();
  server.setFault({ kind: 'slow', delayMs: 2 });
  for (let round = 0; round < 10; round++) {
    const root = await hostileRoot(await tempDir(), files);
    const both = await Promise.all([1, 2].map(() => cliAsync(['models', 'fetch'], { ...env, SIGHTLINE_MODELS: root })));
    for (const run of both) assert.equal(run.status, 0, `round ${round}: ${run.stderr}`);
    const check = await verifyPack('hostile', { root });
    assert.equal(check.ok, true, `round ${round}: ${JSON.stringify(check.files.filter((f) => f.state !== 'ok'))}`);
    assert.deepEqual(await leftovers(root), [], `round ${round}`);
    assert.equal(existsSync(path.join(root, LOCK_NAME)), false, `round ${round}: the lock is released`);
  }
});

test('two fetches in one process (two IPC calls) at once: the second waits, then finds the files installed', async () => {
  const { server, root, env } = await setup();
  server.setFault({ kind: 'slow', delayMs: 2 });
  const waited: number[] = [];
  const [a, b] = await Promise.all([
    fetchPack('hostile', { root, env }),
    sleep(20).then(() => fetchPack('hostile', { root, env, onWait: (h) => waited.push(h.pid) })),
  ]);
  assert.equal(a.ok && b.ok, true, JSON.stringify([a, b]));
  assert.deepEqual(waited, [process.pid]);
  assert.ok(b.files.every((f) => f.outcome === 'present'), JSON.stringify(b.files));
  assert.equal((await verifyPack('hostile', { root })).ok, true);
});

test('a fetch killed (SIGKILL) while writing leaves a stale lock and a partial file; the next fetch takes over and verifies', async () => {
  const { server, root, env } = await setup();
  server.setFault({ kind: 'stall', at: 0.5 });
  const child = spawn(process.execPath, [bin, 'models', 'fetch'], { env: { ...process.env, ...env }, stdio: 'ignore' });
  const part = `${installed(root, 'config.json')}.part`;
  const deadline = Date.now() + 20_000;
  while (!(existsSync(part) && statSync(part).size > 0)) {
    assert.ok(Date.now() < deadline, 'waited 20 s for the first fetch to start writing config.json.part');
    await sleep(20);
  }
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  assert.equal(existsSync(path.join(root, LOCK_NAME)), true, 'the killed fetch left its lock');

  server.setFault(null);
  const again = await cliAsync(['models', 'fetch'], env, 30_000);
  assert.equal(again.status, 0, again.stderr);
  assert.equal((await verifyPack('hostile', { root })).ok, true);
  assert.equal(existsSync(path.join(root, LOCK_NAME)), false);
  assert.deepEqual(await leftovers(root), []);
});

test('a partial file with wrong bytes from an earlier run is detected by the final hash and fetched afresh once', async () => {
  const { server, root, env, files } = await setup();
  const part = `${installed(root)}.part`;
  await import('node:fs/promises').then(async (fs) => {
    await fs.mkdir(path.dirname(part), { recursive: true });
    await fs.writeFile(part, Buffer.alloc(1000, 7)); // not the file's first 1000 bytes
  });
  const report = await fetchPack('hostile', { root, env });
  assert.equal(report.ok, true, JSON.stringify(report.files));
  assert.deepEqual(await readFile(installed(root)), files[GRAPH]);
  assert.ok(server.requests.filter((r) => r.path === GRAPH).length === 2, JSON.stringify(server.requests));
});

test('a graph the hub lists with external data (model.onnx_data) is installed with it, pinned from the listing, and verified', async () => {
  const files = makeFiles({ 'config.json': 300, [GRAPH]: 20_000, [`${GRAPH}_data`]: 50_000 });
  const server = await startHostileServer(files);
  const root = await hostileRoot(await tempDir(), { 'config.json': files['config.json']!, [GRAPH]: files[GRAPH]! }, { pinned: false });
  const report = await fetchPack('hostile', { root, env: { SIGHTLINE_MODEL_BASE_URL: server.baseUrl } });
  assert.equal(report.ok, true, JSON.stringify(report.files));
  assert.deepEqual(await readFile(installed(root, `${GRAPH}_data`)), files[`${GRAPH}_data`]);
  const check = await verifyPack('hostile', { root });
  assert.deepEqual(check.files.map((f) => `${f.state}:${f.path}`).sort(), ['ok:config.json', `ok:${GRAPH}`, `ok:${GRAPH}_data`]);
  await import('node:fs/promises').then((fs) => fs.writeFile(installed(root, `${GRAPH}_data`), Buffer.alloc(50_000)));
  assert.equal((await verifyPack('hostile', { root })).files.find((f) => f.path === `${GRAPH}_data`)?.state, 'corrupt');
});
