import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/tmp';
import { InferenceHost } from '../../electron/core/host/inferenceHost';
import { SightlineService } from '../../electron/core/app/sightlineService';
import { createSettingsStore, SETTINGS_FILE } from '../../electron/core/app/settingsStore';
import { createSpeechService } from '../../electron/core/speech/speechService';
import { speechDispatcherEngine } from '../../electron/core/speech/engines/speechDispatcher';

/** The real service with the real speech service (screen-reader mode, so nothing is played). */
async function start(dir: string) {
  const speech = createSpeechService({ screenReader: true });
  const host = new InferenceHost();
  const service = await SightlineService.create({ host, speech, capture: { capture: () => Promise.reject(new Error('no screen')) }, userDataDir: dir });
  return {
    service,
    async close() {
      service.dispose();
      await host.dispose();
      await speech.dispose();
    },
  };
}

const settingsOnDisk = async (dir: string) => JSON.parse(await fs.readFile(path.join(dir, SETTINGS_FILE), 'utf8')).settings;

test('a voice the engine refuses is refused before it is saved; a voice the engine lists is accepted', async () => {
  const dir = await tempDir();
  const app = await start(dir);
  try {
    const set = (patch: object) => app.service.handle('set-settings', { patch }, 'win');
    assert.equal((await set({ speechEngine: 'espeak-ng', voice: 'en-us' })).ok, true);
    const refused = await set({ voice: 'Māori' });
    assert.equal(refused.ok, false);
    assert.match(!refused.ok ? refused.error.message : '', /^set-settings: voice "Māori" cannot be used by espeak-ng/);
    assert.equal((await settingsOnDisk(dir)).voice, 'en-us', 'nothing was saved');
    const unknown = await set({ voice: 'xx-nonexistent' });
    assert.match(!unknown.ok ? unknown.error.message : '', /"xx-nonexistent" is not a voice of espeak-ng/);
    // Switching engine without naming a voice resets the voice to the new engine's default instead of refusing.
    const switched = await set({ speechEngine: 'say' });
    assert.equal(switched.ok && switched.value.voice, '');
    if ((await speechDispatcherEngine.voices().catch((): string[] => [])).includes('Māori')) {
      const accepted = await set({ speechEngine: 'speech-dispatcher', voice: 'Māori' });
      assert.equal(accepted.ok, true, JSON.stringify(accepted));
      assert.equal((await settingsOnDisk(dir)).voice, 'Māori');
    }
  } finally {
    await app.close();
  }
});

test('a stored voice the engine cannot use never stops a start: the default voice is used, said once, and saved', async () => {
  const dir = await tempDir();
  await fs.writeFile(path.join(dir, SETTINGS_FILE), JSON.stringify({ version: 1, settings: { speechEngine: 'espeak-ng', voice: 'Māori', rate: 200 } }));
  const first = await start(dir);
  try {
    assert.equal(first.service.settings.voice, '');
    assert.equal(first.service.settings.rate, 200, 'the other settings are kept');
    assert.equal(first.service.startupProblems.length, 1);
    assert.match(first.service.startupProblems[0]!, /saved voice setting was not usable: "Māori" cannot be used by espeak-ng/);
  } finally {
    await first.close();
  }
  const second = await start(dir);
  try {
    assert.deepEqual(second.service.startupProblems, [], 'said once: the fallback was saved');
    assert.equal((await settingsOnDisk(dir)).voice, '');
  } finally {
    await second.close();
  }
});

test('settings loaded once by the caller are used as they are: a salvaged file, already set aside, is not read again', async () => {
  const dir = await tempDir();
  await fs.writeFile(path.join(dir, SETTINGS_FILE), JSON.stringify({ version: 1, settings: { theme: 'dark', rate: 9999 } }));
  const problems: string[] = [];
  const store = createSettingsStore(dir, { onProblem: (m) => problems.push(m) });
  const initial = await store.load();
  assert.equal(initial.theme, 'dark');
  assert.equal(problems.length, 1, 'the bad rate was reported and the file set aside');
  const host = new InferenceHost();
  const speech = createSpeechService({ screenReader: true });
  const service = await SightlineService.create({ host, speech, capture: { capture: () => Promise.reject(new Error('none')) }, userDataDir: dir, settingsStore: store, settings: initial });
  try {
    assert.equal(service.settings.theme, 'dark', 'the salvaged value is in force, not the defaults');
  } finally {
    service.dispose();
    await host.dispose();
    await speech.dispose();
  }
});
