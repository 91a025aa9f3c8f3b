import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeForSpeech, schemeStringLiteral, transliterateToAscii, checkVoiceName, checkRate } from '../../electron/core/speech/textSafety';
import { espeakNgEngine } from '../../electron/core/speech/engines/espeakNg';
import { speechDispatcherEngine } from '../../electron/core/speech/engines/speechDispatcher';
import { SentenceAccumulator, splitSentences, MAX_SENTENCE_CHARS } from '../../electron/core/speech/sentences';

test('a Scheme string literal escapes quotes and backslashes so text cannot close the string', () => {
  assert.equal(schemeStringLiteral('say "hi"'), '"say \\"hi\\""');
  assert.equal(schemeStringLiteral('a\\b'), '"a\\\\b"');
  // A trailing backslash must not escape the closing quote.
  assert.equal(schemeStringLiteral('end\\'), '"end\\\\"');
  const literal = schemeStringLiteral('") (system "touch /tmp/x") ("');
  // Every quote inside the literal is preceded by an odd number of backslashes.
  const inner = literal.slice(1, -1);
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] !== '"') continue;
    let slashes = 0;
    for (let j = i - 1; j >= 0 && inner[j] === '\\'; j--) slashes++;
    assert.equal(slashes % 2, 1, `unescaped quote at ${i} in ${literal}`);
  }
});

test('transliteration folds accents, spells symbols and drops what ASCII voices cannot say', () => {
  assert.equal(transliterateToAscii('Café déjà vu, naïve Ångström'), 'Cafe deja vu, naive Angstrom');
  assert.equal(transliterateToAscii('“Quoted” — 5 €'), '"Quoted" - 5 euros');
  assert.equal(transliterateToAscii('中文 😀'), '');
  assert.equal(transliterateToAscii('Straße'), 'Strasse');
  assert.match(transliterateToAscii('price: 10 ± 2 °C'), /plus or minus 2 degrees C/);
});

test('control characters and bidi overrides become spaces; over-long text is refused', () => {
  assert.equal(normalizeForSpeech('a\u0000b\u202ec\n\nd\te'), 'a b c d e');
  assert.throws(() => normalizeForSpeech('x'.repeat(20_001)), /limit for speech/);
});

test('voice names are checked by the engine that uses them, and rates are checked', () => {
  assert.equal(espeakNgEngine.checkVoice('en-us'), 'en-us');
  assert.equal(espeakNgEngine.checkVoice('gmw/en-US'), 'gmw/en-US');
  assert.throws(() => espeakNgEngine.checkVoice('-w /tmp/x'), /invalid voice/);
  assert.throws(() => espeakNgEngine.checkVoice('en"); (system "x'), /invalid voice/);
  // speech-dispatcher lists voices in every script ("Māori", "Tiếng Việt"); an option-like name is still refused.
  assert.equal(speechDispatcherEngine.checkVoice('Māori+Adam'), 'Māori+Adam');
  assert.equal(speechDispatcherEngine.checkVoice('Chinese (Mandarin)'), 'Chinese (Mandarin)');
  assert.throws(() => speechDispatcherEngine.checkVoice('--rate 100'), /invalid voice/);
  assert.throws(() => speechDispatcherEngine.checkVoice('Māori\n'), /invalid voice/);
  assert.throws(() => checkVoiceName('x y', /^\w+$/), /invalid voice/);
  assert.throws(() => checkRate(10), /rate/);
  assert.equal(checkRate(200.4), 200);
});

test('sentences split at terminators, not at abbreviations or decimals', () => {
  assert.deepEqual(splitSentences('Dr. Smith paid 3.5 dollars. Then he left! Did he? Yes'), [
    'Dr. Smith paid 3.5 dollars.',
    'Then he left!',
    'Did he?',
    'Yes',
  ]);
  assert.deepEqual(splitSentences('第一句。第二句。'), ['第一句。', '第二句。']);
  assert.deepEqual(splitSentences('Title\n\nBody text here.'), ['Title', 'Body text here.']);
});

test('long unpunctuated OCR text is cut at word boundaries', () => {
  const words = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
  const pieces = splitSentences(words);
  assert.ok(pieces.length > 1);
  for (const p of pieces) assert.ok(p.length <= MAX_SENTENCE_CHARS, p);
  assert.equal(pieces.join(' '), words);
});

test('a token stream yields each sentence as soon as it is complete', () => {
  const acc = new SentenceAccumulator();
  assert.deepEqual(acc.push('The image shows'), []);
  assert.deepEqual(acc.push(' a cat.'), []); // "." at the end may be "3." of "3.5": wait for the next token
  assert.deepEqual(acc.push(' It is'), ['The image shows a cat.']);
  assert.deepEqual(acc.push(' 3.5 years old. And'), ['It is 3.5 years old.']);
  assert.deepEqual(acc.end(), ['And']);
});
