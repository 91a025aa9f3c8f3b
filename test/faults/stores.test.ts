/**
 * Fault injection for what the app keeps on disk: settings and history files truncated at every length, with
 * bytes flipped, of other shapes, with byte-order marks, oversized; and writers killed with SIGKILL at random
 * moments. The service must always start, with settings that pass validation, and no file a user wrote may be
 * lost: it is either still in place (and was used as it is) or kept aside byte for byte.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../electron/common/ipc';
import { createAnnounceOnlySpeech } from '../../electron/core/app/announceOnlySpeech';
import { HISTORY_FILE } from '../../electron/core/app/historyStore';
import { createSettingsStore, SETTINGS_FILE } from '../../electron/core/app/settingsStore';
import { SightlineService } from '../../electron/core/app/sightlineService';
import { validateSettingsPatch } from '../../electron/core/app/validate';
import { InferenceHost } from '../../electron/core/host/inferenceHost';
import { withDeadline } from '../helpers/deadline';
import { tempDir } from '../helpers/tmp';

/** A small deterministic generator (mulberry32), so a failing case can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const validSettings = JSON.stringify({ version: 1, settings: { ...DEFAULT_SETTINGS, rate: 230, theme: 'dark', voice: '' } }, null, 2);
const validHistory = JSON.stringify({
  version: 1,
  entries: Array.from({ length: 6 }, (_, i) => ({ id: `e${i}`, at: new Date(i * 1000).toISOString(), kind: 'describe', source: `shot-${i}.png`, summary: `An image number ${i}` })),
}, null, 2);

/** Every way this suite damages a file: truncations, flipped bytes, other shapes, BOMs, padding past the cap. */
function corruptions(valid: string, seed: number): Buffer[] {
  const rnd = random(seed);
  const bytes = Buffer.from(valid, 'utf8');
  const variants: Buffer[] = [];
  for (let cut = 0; cut < bytes.length; cut += 7) variants.push(bytes.subarray(0, cut));
  for (let i = 0; i < 60; i++) {
    const flipped = Buffer.from(bytes);
    for (let k = 0; k < 1 + Math.floor(rnd() * 4); k++) flipped[Math.floor(rnd() * flipped.length)] = Math.floor(rnd() * 256);
    variants.push(flipped);
  }
  const texts = ['[]', 'null', '0', '"settings"', '{}', '{"version":1}', '{"version":1,"settings":[],"entries":{}}', `\ufeff${valid}`, `\ufeff\ufeff${valid}`, `${valid}\u0000`,
    JSON.stringify({ version: 1, settings: { rate: '180', voice: { x: 1 }, shortcuts: [] }, entries: [{}, [], 'x', null] })];
  for (const text of texts) variants.push(Buffer.from(text, 'utf8'));
  variants.push(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(valid, 'utf16le')]));
  return variants;
}

async function startService(dir: string): Promise<{ service: SightlineService; close(): Promise<void> }> {
  const host = new InferenceHost();
  const speech = createAnnounceOnlySpeech(() => undefined);
  const service = await SightlineService.create({ host, speech, capture: { capture: () => Promise.reject(new Error('no screen')) }, userDataDir: dir });
  return { service, close: async () => { service.dispose(); await host.dispose(); } };
}

/** The bytes of every file in `dir` whose name starts with `prefix`. */
async function contents(dir: string, prefix: string): Promise<Buffer[]> {
  const names = (await fs.readdir(dir)).filter((n) => n.startsWith(prefix));
  return Promise.all(names.map((n) => fs.readFile(path.join(dir, n))));
}

test('damaged settings and history files never stop the service from starting, and nothing the user wrote is lost', async () => {
  let cases = 0;
  for (const [file, valid, seed] of [[SETTINGS_FILE, validSettings, 1], [HISTORY_FILE, validHistory, 2]] as const) {
    for (const body of corruptions(valid, seed)) {
      const dir = await tempDir('sightline-fault-');
      await fs.writeFile(path.join(dir, file), body);
      const app = await withDeadline(startService(dir), `the service to start with a damaged ${file}`);
      try {
        // What it runs with is valid, field by field.
        const { shortcuts, ...fields } = app.service.settings;
        validateSettingsPatch({ ...fields, shortcuts });
        const history = await app.service.handle('list-history', {}, 'w');
        assert.equal(history.ok, true);
        // A save happens (a settings change and a new history entry), then the original must still exist somewhere.
        assert.equal((await app.service.handle('set-settings', { patch: { largeText: true } }, 'w')).ok, true);
        // Either it loaded without a problem (so everything in it is in use and saved again), or it is kept aside.
        const keptAside = (await contents(dir, `${file}.corrupt-`)).some((kept) => kept.equals(body));
        const usedWhole = app.service.startupProblems.length === 0;
        assert.ok(keptAside || usedWhole, `${file} ${JSON.stringify(body.subarray(0, 80).toString('latin1'))}: the original is neither kept aside nor used whole`);
      } finally {
        await app.close();
      }
      cases++;
    }
  }
  console.log(`# ${cases} damaged files: the service started every time and every original was kept`);
});

test('a settings writer killed with SIGKILL at random moments never leaves a file that fails to load', async () => {
  const dir = await tempDir('sightline-kill-');
  const store = path.resolve(__dirname, '..', '..', 'electron', 'core', 'app', 'settingsStore.js');
  const ipc = path.resolve(__dirname, '..', '..', 'electron', 'common', 'ipc.js');
  // A child saving as fast as it can, each save a different rate, until it is killed.
  const writer = `
    const { createSettingsStore } = require(${JSON.stringify(store)});
    const { DEFAULT_SETTINGS } = require(${JSON.stringify(ipc)});
    const s = createSettingsStore(process.argv[1]);
    let i = 0;
    (async () => { process.stdout.write('go\\n'); for (;;) await s.save({ ...DEFAULT_SETTINGS, rate: 100 + (i++ % 300) }); })();
  `;
  const rnd = random(7);
  const KILLS = 25;
  for (let k = 0; k < KILLS; k++) {
    const child = spawn(process.execPath, ['-e', writer, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    await withDeadline(new Promise((resolve) => child.stdout.once('data', resolve)), 'the writer to start');
    await new Promise((resolve) => setTimeout(resolve, 5 + Math.floor(rnd() * 60)));
    child.kill('SIGKILL');
    await withDeadline(new Promise((resolve) => child.once('exit', resolve)), 'the killed writer to exit');
    const problems: string[] = [];
    const loaded = await createSettingsStore(dir, { onProblem: (m) => problems.push(m) }).load();
    assert.equal(problems.length, 0, `after kill ${k}: ${problems.join(' / ')}`);
    assert.ok(loaded.rate >= 100 && loaded.rate < 400, `after kill ${k}: rate ${loaded.rate}`);
    assert.deepEqual((await fs.readdir(dir)).filter((n) => n !== SETTINGS_FILE), [], 'temp files of the killed write are removed on load');
  }
  console.log(`# ${KILLS} writers killed mid-save: every file loaded whole`);
});
