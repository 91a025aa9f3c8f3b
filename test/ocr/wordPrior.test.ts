import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixIl } from '../../electron/core/ocr/wordPrior';
import { fixLookAlikes } from '../../electron/core/ocr/lineAssembly';

test('I or l from the word: capitals-only words, the lone pronoun, known capitalised camel-case parts', () => {
  for (const [read, meant] of [['POSlX', 'POSIX'], ['APl', 'API'], ['lP', 'IP'], ['l', 'I'], ['Pathlnfo', 'PathInfo'], ['getltem', 'getItem'], ['lnfo', 'Info']]) {
    assert.equal(fixIl(read), meant, read);
  }
});

test('words where l is right stay as they are', () => {
  for (const word of ['walls', 'kiln', 'line', 'lists', 'ls', '-l', 'Hello', 'SQLite', 'NULL', 'vulnerable', 'walnut', 'Allowoverride']) assert.equal(fixIl(word), word);
});

test('look-alikes from the Chinese dictionary are put back only in Latin text', () => {
  assert.equal(fixLookAlikes('de 丨 en'), 'de | en');
  assert.equal(fixLookAlikes('≤Directory>'), '<Directory>');
  assert.equal(fixLookAlikes('a ≤ b'), 'a ≤ b');
  assert.equal(fixLookAlikes('中丨文'), '中丨文');
});
