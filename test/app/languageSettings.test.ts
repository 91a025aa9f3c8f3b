import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { validateRequest } from '../../electron/core/app/validate';
import { createSettingsStore } from '../../electron/core/app/settingsStore';
import { SightlineService } from '../../electron/core/app/sightlineService';
import { InferenceHost } from '../../electron/core/host/inferenceHost';
import { createSpeechService } from '../../electron/core/speech/speechService';
import { SightlineError } from '../../electron/core/common/errors';
import { DEFAULT_SETTINGS, type ReadView } from '../../electron/common/ipc';
import { tempDir } from '../helpers/tmp';
import { renderTextPng } from '../helpers/textImage';
import { pngCapture, startTestApp } from './serviceHarness';

const refusal = (channel: string, request: unknown): string => {
  try {
    validateRequest(channel, request);
  } catch (err) {
    assert.ok(err instanceof SightlineError);
    assert.ok(!err.message.includes('\n'));
    return err.message;
  }
  return assert.fail(`${channel} accepted ${JSON.stringify(request)}`);
};

test('readingLanguages and languageVoices are checked field by field; speak takes an optional language', () => {
  assert.deepEqual(DEFAULT_SETTINGS.readingLanguages, []);
  assert.deepEqual(DEFAULT_SETTINGS.languageVoices, {});
  const patch = validateRequest('set-settings', { patch: { readingLanguages: ['de', 'en'], languageVoices: { de: 'de+f3', ru: 'Russian' } } }).patch;
  assert.deepEqual(patch.readingLanguages, ['de', 'en']);
  assert.deepEqual(patch.languageVoices, { de: 'de+f3', ru: 'Russian' });
  assert.match(refusal('set-settings', { patch: { readingLanguages: ['de', 'klingon'] } }), /^set-settings: patch\.readingLanguages\[1\] must be one of "en", "de"/);
  assert.match(refusal('set-settings', { patch: { readingLanguages: ['de', 'de'] } }), /readingLanguages\[1\] repeats "de"/);
  assert.match(refusal('set-settings', { patch: { readingLanguages: ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl'] } }), /at most 6 languages/);
  assert.match(refusal('set-settings', { patch: { readingLanguages: 'de' } }), /must be a list of language codes, got a string/);
  assert.match(refusal('set-settings', { patch: { languageVoices: { xx: 'a' } } }), /languageVoices\.xx is not a reading language/);
  assert.match(refusal('set-settings', { patch: { languageVoices: { de: 'a\u0007b' } } }), /languageVoices\.de has control characters/);
  assert.deepEqual(validateRequest('speak', { text: 'Hallo', interrupt: false, lang: 'de' }), { text: 'Hallo', interrupt: false, lang: 'de' });
  assert.deepEqual(validateRequest('speak', { text: 'Hello', interrupt: false }), { text: 'Hello', interrupt: false });
  assert.match(refusal('speak', { text: 'x', interrupt: false, lang: 'xx' }), /^speak: lang must be one of/);
  assert.match(refusal('speak', { text: 'x', interrupt: false, tone: 'loud' }), /^speak: tone is not a known field/);
});

test('a settings file with a bad language keeps every other field and the defaults for that one', async () => {
  const dir = await tempDir();
  const file = path.join(dir, 'settings.json');
  await fs.writeFile(file, JSON.stringify({ version: 1, settings: { ...DEFAULT_SETTINGS, rate: 240, readingLanguages: ['de', 'klingon'], languageVoices: { de: 'de+f3' } } }));
  const problems: string[] = [];
  const loaded = await createSettingsStore(dir, { onProblem: (m) => problems.push(m) }).load();
  assert.equal(loaded.rate, 240);
  assert.deepEqual(loaded.readingLanguages, []);
  assert.deepEqual(loaded.languageVoices, { de: 'de+f3' });
  assert.equal(problems.length, 1);
  assert.match(problems[0]!, /readingLanguages\[1\] must be one of/);
  // A file written before these fields existed loads with their defaults and no complaint.
  const { readingLanguages: _r, languageVoices: _v, ...older } = DEFAULT_SETTINGS;
  await fs.writeFile(file, JSON.stringify({ version: 1, settings: older }));
  const quiet: string[] = [];
  assert.deepEqual(await createSettingsStore(dir, { onProblem: (m) => quiet.push(m) }).load(), DEFAULT_SETTINGS);
  assert.deepEqual(quiet, []);
});

test('the chosen languages reach the OCR task: a German screen is read with its letters and its blocks say "de"', async () => {
  const png = await renderTextPng(['Größe: 15 €, Straße', 'Übersicht der Einstellungen']);
  const app = await startTestApp(await tempDir(), pngCapture(png));
  // The automatic default follows the system language: pin it to English for this test.
  const saved = { LC_ALL: process.env.LC_ALL };
  process.env.LC_ALL = 'en_US.UTF-8';
  try {
    const english = await app.service.handle('read-screen', { requestId: 'r1', target: 'screen' }, 'w');
    assert.ok(english.ok);
    const set = await app.service.handle('set-settings', { patch: { readingLanguages: ['de', 'en'] } }, 'w');
    assert.ok(set.ok);
    const german = await app.service.handle('read-screen', { requestId: 'r2', target: 'screen' }, 'w');
    assert.ok(german.ok, JSON.stringify(german));
    const view = (german as { value: ReadView }).value;
    assert.equal(view.text, 'Größe: 15 €, Straße\nÜbersicht der Einstellungen');
    assert.deepEqual(view.blocks.map((b) => b.lang), ['de', 'de']);
    assert.notEqual((english as { value: ReadView }).value.text, view.text, 'the default (English here) reads without ö and ß');
  } finally {
    if (saved.LC_ALL === undefined) delete process.env.LC_ALL;
    else process.env.LC_ALL = saved.LC_ALL;
    await app.close();
  }
});

test('a voice fixed for a language is checked by the speech engine before it is saved', async () => {
  const dir = await tempDir();
  const host = new InferenceHost();
  const speech = createSpeechService({ engine: 'espeak-ng' });
  const service = await SightlineService.create({ host, speech, capture: pngCapture(new Uint8Array([1])), userDataDir: dir });
  try {
    const refused = await service.handle('set-settings', { patch: { speechEngine: 'espeak-ng', languageVoices: { de: 'no-such-voice' } } }, 'w');
    assert.equal(refused.ok, false);
    assert.match((refused as { error: { message: string } }).error.message, /^set-settings: languageVoices\.de "no-such-voice" is not a voice of espeak-ng/);
    assert.deepEqual(service.settings.languageVoices, {});
    const saved = await service.handle('set-settings', { patch: { speechEngine: 'espeak-ng', languageVoices: { de: 'de+f3' } } }, 'w');
    assert.ok(saved.ok);
    assert.deepEqual(service.settings.languageVoices, { de: 'de+f3' });
  } finally {
    service.dispose();
    await speech.dispose();
    await host.dispose();
  }
});
