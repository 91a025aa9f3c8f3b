import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SightlineError } from '../../electron/core/common/errors';
import { decodeImage } from '../../electron/core/image/intake';
import { disposeOcrSessions, getOcrEngine } from '../../electron/core/ocr/ocrEngine';
import { languageDataFile, readLanguageData } from '../../electron/core/ocr/recognizers/languageData';
import { chooseReading, RECHECK_FLOOR, scriptGroups, surelyLatin, TESSERACT_ACCEPT, worthRecheck, type Reading } from '../../electron/core/ocr/recognizers/routing';
import { lineImage } from '../../electron/core/ocr/recognizers/lineImage';
import { tesseractRequested } from '../../electron/core/ocr/recognizers/tesseractCore';
import { chooseWord, mergeReadings } from '../../electron/core/ocr/recognizers/wordMerge';
import { READING_LANGUAGES } from '../../electron/common/languages';
import { renderTextPng } from '../helpers/textImage';
import { tempDir } from '../helpers/tmp';

after(() => disposeOcrSessions());

// Issue 16: the lines the issue names, each rendered and read with that language chosen. PP-OCR alone reads them as
// "GrOBe: 15, StraBe, Ubersicht, Apfel, Ol", "L6dZ, KrakOw, zotC, cesky", "puBeT, KaK nena? E入Anvikα".
const SAMPLES: ReadonlyArray<{ languages: string[]; line: string }> = [
  { languages: ['de', 'en'], line: 'Größe: 15 €, Straße, Übersicht, Äpfel, Öl' },
  { languages: ['es', 'en'], line: 'Señor Muñoz, año' },
  { languages: ['pl', 'cs', 'en'], line: 'Łódź, Kraków, żółć, český' },
  { languages: ['ru', 'el', 'en'], line: 'Привет, как дела? Ελληνικά' },
  { languages: ['fr', 'en'], line: 'Paramètres enregistrés, déjà fenêtre à côté' },
  { languages: ['tr', 'en'], line: 'Kaydırılan pencereyi kapatmak için Çıkış' },
];

async function read(lines: readonly string[], languages?: readonly string[]) {
  const engine = await getOcrEngine();
  const image = await decodeImage({ kind: 'bytes', bytes: await renderTextPng(lines, { fontSize: 24, width: 900 }), label: 'test' });
  return engine.recognize(image, undefined, languages ? { languages } : undefined);
}

test('English-only reading never starts Tesseract and reads as before (PP-OCR alone)', async () => {
  const english = await read(['Größe: 15 €, Straße'], ['en']);
  const none = await read(['Größe: 15 €, Straße']);
  assert.equal(tesseractRequested(), false, 'Tesseract was loaded for an English-only reader');
  assert.equal(english.text, none.text);
  assert.notEqual(english.text, 'Größe: 15 €, Straße', 'PP-OCR alone has no ö or ß: if this passes, the test no longer shows the difference');
  assert.deepEqual(english.blocks.map((b) => b.lang), ['en']);
  assert.equal(none.blocks[0]!.lang, undefined);
});

for (const { languages, line } of SAMPLES) {
  test(`reads "${line}" with ${languages.join(', ')} chosen`, async () => {
    const result = await read([line], languages);
    assert.equal(result.text, line);
  });
}

test('a Russian reader\'s English lines keep PP-OCR\'s reading (no look-alike Cyrillic), and blocks carry their language', async () => {
  const result = await read(['The name of the action', 'Настройки печати', 'Snap to Ticks'], ['ru', 'en']);
  assert.deepEqual(result.lines.map((l) => l.text), ['The name of the action', 'Настройки печати', 'Snap to Ticks']);
  assert.deepEqual(result.blocks.map((b) => b.lang), ['en', 'ru', 'en']);
});

test('routing: Tesseract groups per script in the user\'s order; PP-OCR\'s sure Latin line stands against a Cyrillic model', () => {
  assert.deepEqual(scriptGroups(['de', 'en', 'ru', 'pl', 'uk', 'zh']), [
    { script: 'Latn', tesseract: ['deu', 'pol'] },
    { script: 'Cyrl', tesseract: ['Cyrillic', 'ukr'] },
  ]);
  assert.deepEqual(scriptGroups(['en', 'zh']), []);
  const reading = (text: string, confidence: number, wordConfidence: number[]): Reading => ({
    item: { box: [0, 0, 100, 20], text, confidence, weight: text.length, words: text.split(' ').map((w, i) => ({ text: w, box: [i * 50, 0, 40, 20] as const })) },
    wordConfidence,
  });
  const ppocr = reading('name of the action', 0.99, [1, 1, 1, 0.99]);
  const cyrillic = reading('пате о! {пе асНоп', 0.61, [0.91, 0.54, 0.68, 0.7]);
  assert.equal(surelyLatin(ppocr), true);
  const groups = scriptGroups(['ru']);
  assert.equal(chooseReading(ppocr, [cyrillic], groups, () => true)?.text, 'name of the action');
  // A real Cyrillic line that PP-OCR misread as Latin look-alikes is not sure: Tesseract's words win.
  const misread = reading('HacTpoйKu neyaTu', 0.7, [0.6, 0.55]);
  const right = reading('Настройки печати', 0.93, [0.95, 0.92]);
  assert.equal(chooseReading(misread, [right], groups, (c) => /[\x00-\x7f]/.test(c))?.text, 'Настройки печати');
});

test('routing: a Tesseract reading under TESSERACT_ACCEPT counts only when it read the same at other scales', () => {
  const reading = (text: string, confidence: number, steady?: boolean): Reading => ({
    item: { box: [0, 0, 80, 40], text, confidence, weight: text.length, words: [{ text, box: [0, 0, 80, 40] }] },
    wordConfidence: [confidence],
    ...(steady === undefined ? {} : { steady }),
  });
  const ascii = (c: string) => /[\x00-\x7f]/.test(c);
  const groups = scriptGroups(['el']);
  // The Greek tuning split's "τιμής": PP-OCR writes Latin look-alikes; Tesseract reads it right, at 0.30.
  const ppocr = reading('tiuns', 0.77);
  const greek = 0.3;
  assert.ok(greek >= RECHECK_FLOOR && greek < TESSERACT_ACCEPT);
  assert.equal(worthRecheck(reading('τιμής', greek)), true);
  assert.equal(worthRecheck(reading('τιμής', greek, false)), false, 'a line is read again once');
  assert.equal(worthRecheck(reading('τιμής', 0.1)), false);
  assert.equal(chooseReading(ppocr, [reading('τιμής', greek)], groups, ascii)?.text, 'tiuns');
  assert.equal(chooseReading(ppocr, [reading('τιμής', greek, false)], groups, ascii)?.text, 'tiuns');
  const merged = chooseReading(ppocr, [reading('τιμής', greek, true)], groups, ascii);
  assert.equal(merged?.text, 'τιμής');
  // The engine drops lines under its floor by this confidence, which was set on PP-OCR's scale.
  assert.equal(merged?.confidence, 0.77);
});

test('a line image is rescaled around lineImage\'s own scale, with the same margin', async () => {
  const image = await decodeImage({ kind: 'bytes', bytes: await renderTextPng(['τιμής'], { fontSize: 24, width: 200 }), label: 'test' });
  const size = (pgm: Uint8Array) => new TextDecoder().decode(pgm.subarray(0, 20)).split('\n')[1]!.split(' ').map(Number);
  const box = [0, 0, 100, 40] as const;
  const plain = lineImage(image, box), larger = lineImage(image, box, 1.2);
  assert.equal(larger.scale, plain.scale * 1.2);
  assert.deepEqual(size(plain.pgm), [100 + 2 * plain.margin, 40 + 2 * plain.margin]);
  assert.deepEqual(size(larger.pgm), [120 + 2 * larger.margin, 48 + 2 * larger.margin]);
});

test('word merge: accents and other scripts from Tesseract, Latin shapes and digits from PP-OCR', () => {
  const ascii = (c: string) => /[\x00-\x7f]/.test(c);
  const w = (text: string, confidence: number) => ({ text, confidence });
  assert.equal(chooseWord(w('Ruckgangig', 0.99), w('Rückgängig', 0.95), 'Latn', ascii), 'Rückgängig');
  assert.equal(chooseWord(w('GrOBe:', 0.97), w('Größe:', 0.93), 'Latn', ascii), 'Größe:');
  assert.equal(chooseWord(w('Kapsayicinin', 0.99), w('Kapsayıcının', 0.9), 'Latn', ascii), 'Kapsayıcının');
  assert.equal(chooseWord(w('GdkRGBA', 0.999), w('GAkRGBA', 0.17), 'Latn', ascii), 'GdkRGBA');
  assert.equal(chooseWord(w('rgb,', 0.9), w('τρδ,', 0.1), 'Grek', ascii), 'rgb,');
  assert.equal(chooseWord(w('-1', 0.95), w('-Ί', 0.77), 'Grek', ascii), '-1');
  assert.equal(chooseWord(w('Av', 0.92), w('Αν', 0.0), 'Grek', ascii), 'Αν');
  assert.equal(chooseWord(w('He', 0.99), w('Не', 0.6), 'Cyrl', ascii), 'Не');
});

test('word merge: a Latin word between Latin words kept from PP-OCR stays Latin in Greek text', () => {
  const ascii = (c: string) => /[\x00-\x7f]/.test(c);
  const reading = (texts: string[], confidences: number[]): Reading => ({
    item: { box: [0, 0, 400, 20], text: texts.join(' '), confidence: 0.7, weight: texts.join('').length, words: texts.map((w, i) => ({ text: w, box: [i * 80, 0, 60, 20] as const })) },
    wordConfidence: confidences,
  });
  // The Greek tuning split: the Greek model reads "bgr," as "Όρι," more surely (0.69) than PP-OCR reads it (0.55).
  const ppocr = reading(['Kavevα,', 'rgb,', 'bgr,', 'vrgb,', 'vbgr'], [0.63, 0.99, 0.55, 0.98, 1]);
  const greek = reading(['κανένα,', 'τρ,', 'Όρι,', 'ντρΏ,', 'νδρτ'], [0.93, 0, 0.69, 0, 0]);
  assert.equal(mergeReadings(ppocr, greek, 'Grek', ascii).text, 'κανένα, rgb, bgr, vrgb, vbgr');
  // Without Latin neighbours the surer reading stands.
  const alone = reading(['Kavevα,', 'bgr,', 'Παλέτα'], [0.63, 0.55, 0.4]);
  assert.equal(mergeReadings(alone, reading(['κανένα,', 'Όρι,', 'Παλέτα'], [0.93, 0.69, 0.9]), 'Grek', ascii).text, 'κανένα, Όρι, Παλέτα');
});

test('language data comes from local files only; a missing or damaged one is model-missing naming it', async () => {
  for (const { tesseract } of Object.values(READING_LANGUAGES)) if (tesseract) assert.ok(languageDataFile(tesseract), `no local data for ${tesseract}`);
  assert.equal(languageDataFile('../etc/passwd'), null);
  assert.equal(languageDataFile('xyz', { SIGHTLINE_OCR_LANGUAGES: '/nonexistent' }), null);
  await assert.rejects(readLanguageData('xyz'), (err: unknown) => err instanceof SightlineError && err.kind === 'model-missing' && /"xyz" is not installed/.test(err.message));
  const dir = await tempDir();
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'deu.traineddata.gz'), 'not gzip');
  await assert.rejects(readLanguageData('deu', { SIGHTLINE_OCR_LANGUAGES: dir }), (err: unknown) => err instanceof SightlineError && err.kind === 'model-missing' && /damaged language data/.test(err.message));
});
