import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { tempDir } from '../helpers/tmp';
import { createSettingsStore, SETTINGS_FILE } from '../../electron/core/app/settingsStore';
import { createHistoryStore, HISTORY_FILE } from '../../electron/core/app/historyStore';
import { writeJsonAtomic } from '../../electron/core/app/atomicJson';
import { DEFAULT_SETTINGS } from '../../electron/common/ipc';
import { LIMITS } from '../../electron/core/common/limits';
import { withDeadline } from '../helpers/deadline';

test('settings round-trip through the file, and a fresh folder gives the defaults', async () => {
  const dir = await tempDir();
  const store = createSettingsStore(dir);
  assert.deepEqual(await store.load(), DEFAULT_SETTINGS);
  const changed = { ...DEFAULT_SETTINGS, rate: 240, theme: 'high-contrast' as const, shortcuts: { ...DEFAULT_SETTINGS.shortcuts, stopSpeech: 'F9' } };
  await store.save(changed);
  assert.deepEqual(await createSettingsStore(dir).load(), changed);
  assert.deepEqual(await fs.readdir(dir), [SETTINGS_FILE], 'no temp files are left after a save');
});

test('a corrupt settings file is reported, kept aside, and the defaults are used', async () => {
  const dir = await tempDir();
  const file = path.join(dir, SETTINGS_FILE);
  await fs.writeFile(file, '{"version":1,"settings":{"rate":2');
  const problems: string[] = [];
  const settings = await createSettingsStore(dir, { onProblem: (m) => problems.push(m) }).load();
  assert.deepEqual(settings, DEFAULT_SETTINGS);
  assert.equal(problems.length, 1);
  assert.match(problems[0]!, /settings\.json is not valid JSON.*using the defaults \(the old file was kept as settings\.json\.corrupt-/);
  const names = await fs.readdir(dir);
  assert.ok(!names.includes(SETTINGS_FILE), 'the corrupt file no longer sits where the next save goes');
  const aside = names.find((n) => n.startsWith(`${SETTINGS_FILE}.corrupt-`));
  assert.ok(aside);
  assert.equal(await fs.readFile(path.join(dir, aside), 'utf8'), '{"version":1,"settings":{"rate":2');
});

test('an empty or wrong-shaped settings file falls back to defaults; bad fields fall back one by one', async () => {
  const dir = await tempDir();
  const file = path.join(dir, SETTINGS_FILE);
  const problems: string[] = [];
  const store = createSettingsStore(dir, { onProblem: (m) => problems.push(m) });
  await fs.writeFile(file, '');
  assert.deepEqual(await store.load(), DEFAULT_SETTINGS);
  assert.match(problems.pop()!, /is empty/);
  await fs.writeFile(file, '[1,2,3]');
  assert.deepEqual(await store.load(), DEFAULT_SETTINGS);
  assert.match(problems.pop()!, /not a Sightline settings file/);

  await fs.writeFile(file, JSON.stringify({ version: 1, settings: { rate: 9999, theme: 'dark', voice: 7, futureField: true, shortcuts: { describeScreen: 'Nope+Q', readScreen: 'Control+Alt+T' } } }));
  const salvaged = await store.load();
  assert.equal(salvaged.theme, 'dark', 'good fields are kept');
  assert.equal(salvaged.rate, DEFAULT_SETTINGS.rate);
  assert.equal(salvaged.voice, DEFAULT_SETTINGS.voice);
  assert.equal(salvaged.shortcuts.readScreen, 'Control+Alt+T');
  assert.equal(salvaged.shortcuts.describeScreen, DEFAULT_SETTINGS.shortcuts.describeScreen);
  assert.equal(problems.length, 3, problems.join('\n'));
  assert.ok(problems.some((p) => /rate must be between 80 and 450; using the default/.test(p)));
  assert.ok(problems.some((p) => /shortcuts\.describeScreen has an unknown modifier "Nope"/.test(p)));
});

test('a write killed before its rename leaves the old settings intact and its temp file is cleaned up', async () => {
  const dir = await tempDir();
  const store = createSettingsStore(dir);
  const saved = { ...DEFAULT_SETTINGS, rate: 300 };
  await store.save(saved);
  // A separate process starts a save the same way and is SIGKILLed after writing the temp file.
  const script = `
    const fs = require('node:fs');
    const fd = fs.openSync(process.argv[1] + '.99999-deadbeef.tmp', 'wx');
    fs.writeSync(fd, '{"version":1,"settings":{"rate":1');
    fs.fsyncSync(fd);
    process.stdout.write('written\\n');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['-e', script, path.join(dir, SETTINGS_FILE)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await withDeadline(new Promise<void>((resolve) => child.stdout.once('data', () => resolve())), 'the writer to report its half-written temp file');
  child.kill('SIGKILL');
  await withDeadline(new Promise((resolve) => child.once('exit', resolve)), 'the killed writer to exit');
  assert.ok((await fs.readdir(dir)).some((n) => n.endsWith('.tmp')), 'the killed write left its temp file');

  const problems: string[] = [];
  assert.deepEqual(await createSettingsStore(dir, { onProblem: (m) => problems.push(m) }).load(), saved);
  assert.deepEqual(problems, []);
  assert.deepEqual(await fs.readdir(dir), [SETTINGS_FILE], 'the debris is removed on load');
});

test('concurrent saves never interleave: the file always parses and the last save wins', async () => {
  const dir = await tempDir();
  const store = createSettingsStore(dir);
  await Promise.all(Array.from({ length: 20 }, (_, i) => store.save({ ...DEFAULT_SETTINGS, rate: 100 + i })));
  assert.equal((await createSettingsStore(dir).load()).rate, 119);
  assert.deepEqual(await fs.readdir(dir), [SETTINGS_FILE]);
});

test('a save into a folder that cannot be written fails with an io error and leaves nothing behind', async () => {
  const dir = await tempDir();
  const blocker = path.join(dir, 'not-a-folder');
  await fs.writeFile(blocker, 'x');
  await assert.rejects(writeJsonAtomic(path.join(blocker, 'settings.json'), {}), (err: Error & { kind?: string }) => {
    assert.equal(err.kind, 'io');
    assert.match(err.message, /settings\.json: cannot save \(E(NOTDIR|EXIST)\)/);
    return true;
  });
});

test('history keeps newest first, is bounded, survives a restart and can be cleared', async () => {
  const dir = await tempDir();
  const history = createHistoryStore(dir);
  await history.load();
  assert.deepEqual(history.list(), []);
  await history.add({ kind: 'describe', source: 'screen', summary: 'A dialog' });
  await history.add({ kind: 'ask', source: 'cat.jpg', summary: 'x'.repeat(1000) });
  assert.equal(history.list()[0]!.kind, 'ask');
  assert.ok(history.list()[0]!.summary.length <= 300);
  const again = createHistoryStore(dir);
  await again.load();
  assert.deepEqual(again.list(), history.list());
  assert.equal(await again.clear(), 2);
  const third = createHistoryStore(dir);
  await third.load();
  assert.deepEqual(third.list(), []);

  const entries = Array.from({ length: LIMITS.maxHistoryEntries + 5 }, (_, i) => ({ id: `e${i}`, at: new Date(0).toISOString(), kind: 'read', source: 's', summary: `${i}` }));
  await fs.writeFile(path.join(dir, HISTORY_FILE), JSON.stringify({ version: 1, entries }));
  await third.load();
  assert.equal(third.list().length, LIMITS.maxHistoryEntries);
});

test('a corrupt history file is reported and moved aside; damaged entries are dropped', async () => {
  const dir = await tempDir();
  const file = path.join(dir, HISTORY_FILE);
  const problems: string[] = [];
  const history = createHistoryStore(dir, { onProblem: (m) => problems.push(m) });
  await fs.writeFile(file, '\u0000\u0000\u0000garbage');
  await history.load();
  assert.deepEqual(history.list(), []);
  assert.match(problems.pop()!, /history\.json is not valid JSON \([^\u0000]*\); starting with an empty history/);
  await fs.writeFile(file, JSON.stringify({ version: 1, entries: [{ id: 'a', at: 'now', kind: 'read', source: 's', summary: 'ok' }, { id: 3 }, null] }));
  await history.load();
  assert.equal(history.list().length, 1);
  assert.match(problems.pop()!, /2 damaged entries were dropped/);
});

/** Files in `dir` whose names start with `prefix`, with their contents. */
async function keptFiles(dir: string, prefix: string): Promise<string[]> {
  const names = (await fs.readdir(dir)).filter((n) => n.startsWith(prefix)).sort();
  return Promise.all(names.map((n) => fs.readFile(path.join(dir, n), 'utf8')));
}

test('a settings file of the wrong shape, or with a bad field, is kept aside before anything is written', async () => {
  for (const body of ['[]', 'null', '7', '"text"', '{"version":1,"settings":[]}', '{"version":1,"settings":null}', '{"version":1}']) {
    const dir = await tempDir();
    const file = path.join(dir, SETTINGS_FILE);
    await fs.writeFile(file, body);
    const problems: string[] = [];
    const store = createSettingsStore(dir, { onProblem: (m) => problems.push(m) });
    assert.deepEqual(await store.load(), DEFAULT_SETTINGS, body);
    assert.equal(problems.length, 1, `${body}: ${problems.join(' / ')}`);
    assert.match(problems[0]!, /not a Sightline settings file; using the defaults \(the old file was kept as settings\.json\.corrupt-/);
    await store.save({ ...DEFAULT_SETTINGS, rate: 200 });
    assert.deepEqual(await keptFiles(dir, `${SETTINGS_FILE}.corrupt-`), [body], `${body} is kept byte for byte`);
  }
  const dir = await tempDir();
  const original = JSON.stringify({ version: 1, settings: { rate: 9999, theme: 'dark' } });
  await fs.writeFile(path.join(dir, SETTINGS_FILE), original);
  const problems: string[] = [];
  const salvaged = await createSettingsStore(dir, { onProblem: (m) => problems.push(m) }).load();
  assert.equal(salvaged.theme, 'dark');
  assert.match(problems.join('\n'), /rate must be between 80 and 450; using the default \(the old file was kept as settings\.json\.corrupt-/);
  assert.deepEqual(await keptFiles(dir, `${SETTINGS_FILE}.corrupt-`), [original]);
});

test('a byte-order mark is accepted; an oversized or non-file settings.json is set aside', async () => {
  const dir = await tempDir();
  const file = path.join(dir, SETTINGS_FILE);
  await fs.writeFile(file, `\ufeff${JSON.stringify({ version: 1, settings: { rate: 222 } })}`);
  const problems: string[] = [];
  assert.equal((await createSettingsStore(dir, { onProblem: (m) => problems.push(m) }).load()).rate, 222);
  assert.equal(problems.length, 0, problems.join('\n'));

  await fs.writeFile(file, `{"version":1,"settings":{"voice":"${'x'.repeat(LIMITS.maxSettingsFileBytes)}"}}`);
  assert.deepEqual(await createSettingsStore(dir, { onProblem: (m) => problems.push(m) }).load(), DEFAULT_SETTINGS);
  assert.match(problems.pop()!, /bytes, over the 1048576-byte limit; using the defaults \(the old file was kept/);

  // A folder where the file should be would make every save fail; it is moved out of the way too.
  await fs.mkdir(file);
  const store = createSettingsStore(dir, { onProblem: (m) => problems.push(m) });
  assert.deepEqual(await store.load(), DEFAULT_SETTINGS);
  assert.match(problems.pop()!, /is not a regular file/);
  await store.save({ ...DEFAULT_SETTINGS, rate: 190 });
  assert.equal((await createSettingsStore(dir).load()).rate, 190);
});

test('history of the wrong shape, with damaged entries, or over its size cap is kept aside, never overwritten', async () => {
  const good = { id: 'a', at: new Date(0).toISOString(), kind: 'read', source: 's', summary: 'ok' };
  const cases: Array<[string, number]> = [
    ['[]', 0], ['null', 0], ['{"entries":null}', 0], ['{"entries":{"0":1}}', 0],
    [JSON.stringify({ version: 1, entries: [good, { id: 3 }, null, { ...good, kind: 'erase-disk' }, { ...good, summary: 'y'.repeat(5000) }] }), 1],
  ];
  for (const [body, kept] of cases) {
    const dir = await tempDir();
    await fs.writeFile(path.join(dir, HISTORY_FILE), body);
    const problems: string[] = [];
    const history = createHistoryStore(dir, { onProblem: (m) => problems.push(m) });
    await history.load();
    assert.equal(history.list().length, kept, body.slice(0, 60));
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /\(the old file was kept as history\.json\.corrupt-/);
    await history.add({ kind: 'describe', source: 'screen', summary: 'new' });
    assert.deepEqual(await keptFiles(dir, `${HISTORY_FILE}.corrupt-`), [body], 'the original survives the next save');
  }
  const dir = await tempDir();
  const big = JSON.stringify({ version: 1, entries: [good], padding: 'p'.repeat(LIMITS.maxHistoryFileBytes) });
  await fs.writeFile(path.join(dir, HISTORY_FILE), big);
  const problems: string[] = [];
  const history = createHistoryStore(dir, { onProblem: (m) => problems.push(m) });
  await history.load();
  assert.deepEqual(history.list(), []);
  assert.match(problems[0]!, /over the 16777216-byte limit; starting with an empty history \(the old file was kept/);
  assert.equal((await keptFiles(dir, `${HISTORY_FILE}.corrupt-`))[0]!.length, big.length);
});
