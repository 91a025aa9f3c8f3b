import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultReadingLanguages, effectiveReadingLanguages, primaryLanguage, readingLanguageOf } from '../../electron/common/languages';
import { detectLanguage, dominantScript } from '../../electron/core/language/detectLanguage';
import { withLanguages } from '../../electron/core/language/blockLanguages';
import type { BlockView } from '../../electron/common/ipc';

test('language tags fold to the reading language; the automatic default is the system language plus English', () => {
  assert.equal(primaryLanguage('de_AT.UTF-8'), 'de');
  assert.equal(primaryLanguage('zh-Hans-CN'), 'zh');
  assert.equal(primaryLanguage('C'), null);
  assert.equal(readingLanguageOf('pt-BR')?.code, 'pt');
  assert.equal(readingLanguageOf('ja-JP'), null);
  assert.deepEqual(defaultReadingLanguages('de_DE.UTF-8'), ['de', 'en']);
  assert.deepEqual(defaultReadingLanguages('en_GB.UTF-8'), ['en']);
  assert.deepEqual(defaultReadingLanguages('ja_JP.UTF-8'), ['en']);
  assert.deepEqual(defaultReadingLanguages(undefined), ['en']);
  assert.deepEqual(effectiveReadingLanguages([], 'ru_RU.UTF-8'), ['ru', 'en']);
  assert.deepEqual(effectiveReadingLanguages(['uk', 'de-CH', 'uk'], 'ru_RU.UTF-8'), ['uk', 'de']);
});

test('the script decides first: Cyrillic, Greek and Chinese text go to the one chosen language of that script', () => {
  assert.equal(dominantScript('Привет, как дела?')?.script, 'Cyrl');
  assert.equal(dominantScript('Ελληνικά')?.script, 'Grek');
  assert.equal(dominantScript('在输入框内容为空')?.script, 'Hans');
  assert.equal(dominantScript('15 € / 42'), null);
  const langs = ['de', 'ru', 'el', 'zh', 'en'];
  assert.equal(detectLanguage('Привет, как дела?', langs)?.lang, 'ru');
  assert.equal(detectLanguage('Ελληνικά', langs)?.lang, 'el');
  assert.equal(detectLanguage('在输入框内容为空且未获得焦点时显示的文本', langs)?.lang, 'zh');
  // A script none of the chosen languages writes is no language of theirs.
  assert.equal(detectLanguage('Привет', ['de', 'en']), null);
});

test('within a script, function words and letters of its own tell the languages apart', () => {
  const latin = ['de', 'en', 'fr', 'es', 'it', 'pt', 'nl', 'pl', 'cs', 'sv', 'tr'];
  const cases: Array<[string, string]> = [
    ['Legt fest, ob die Seitenleiste ein Objekt zum Anzeigen externer Orte enthält', 'de'],
    ['Whether the sidebar should show the list of recent files', 'en'],
    ["Le nom de l'icône à afficher dans la barre de titre", 'fr'],
    ['El nombre del archivo que se va a abrir con la aplicación', 'es'],
    ['Il nome della cartella che contiene i file da aprire', 'it'],
    ['O nome da pasta que contém os ficheiros para abrir', 'pt'],
    ['De naam van het bestand dat wordt geopend in het venster', 'nl'],
    ['Określa, czy pasek boczny ma pokazywać listę plików', 'pl'],
    ['Určuje, zda se má na postranním panelu zobrazit seznam souborů', 'cs'],
    ['Om sidopanelen ska visa en lista över filer som öppnats', 'sv'],
    ['Kenar çubuğunun son dosyaların listesini gösterip göstermeyeceği', 'tr'],
  ];
  for (const [text, lang] of cases) assert.equal(detectLanguage(text, latin)?.lang, lang, text);
  assert.equal(detectLanguage('Щоб відкрити файл, натисніть кнопку', ['ru', 'uk'])?.lang, 'uk');
  assert.equal(detectLanguage('Чтобы открыть файл, нажмите эту кнопку', ['ru', 'uk'])?.lang, 'ru');
});

test('blocks get a language; weak evidence takes the screen language of its script, numbers the screen language', () => {
  const block = (text: string): BlockView => ({ kind: 'paragraph', text, box: [0, 0, 10, 10], pane: 0, lines: [0] });
  const tagged = withLanguages(
    [block('Einstellungen'), block('Legt fest, ob die Seitenleiste ein Objekt zum Anzeigen externer Orte enthält'), block('15 €'), block('Whether the sidebar should show the list of recent files'), block('Привет')],
    ['de', 'en', 'ru'],
  );
  assert.deepEqual(tagged.map((b) => b.lang), ['de', 'de', 'de', 'en', 'ru']);
  // No reading languages given: blocks stay as they are.
  assert.equal(withLanguages([block('Hallo')], [])[0]!.lang, undefined);
});

test('a paragraph whose lines are surely in two languages is cut where the language changes; one language stays whole', () => {
  const lines = [
    { text: 'Die Datei wurde nicht gespeichert', box: [0, 0, 300, 20] as const },
    { text: 'Save all changes before closing', box: [0, 30, 280, 20] as const },
    { text: 'the window and the files', box: [0, 60, 200, 20] as const },
  ];
  const paragraph: BlockView = { kind: 'paragraph', text: lines.map((l) => l.text).join(' '), box: [0, 0, 300, 80], pane: 0, lines: [0, 1, 2] };
  const split = withLanguages([paragraph], ['de', 'en'], lines);
  assert.deepEqual(split.map((b) => [b.kind === 'paragraph' && b.text, b.lines, b.lang]), [
    ['Die Datei wurde nicht gespeichert', [0], 'de'],
    ['Save all changes before closing the window and the files', [1, 2], 'en'],
  ]);
  assert.deepEqual(split[1]!.box, [0, 30, 280, 50]);
  const german = { ...paragraph, text: 'Die Datei wurde nicht gespeichert und die Fenster', lines: [0, 1] };
  const sameLanguage = [lines[0]!, { text: 'und die Fenster bleiben offen', box: [0, 30, 200, 20] as const }];
  assert.equal(withLanguages([german], ['de', 'en'], sameLanguage).length, 1);
});
