import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildCharset, ctcGreedy } from '../../electron/core/ocr/ctcDecode';

// Class 0 is the blank, then the dictionary, then the space PP-OCR appends.
const charset = buildCharset('O\nf\nn\no\n');
const SPACE = charset.length - 1;

/** A steps × classes probability table: each step gives its listed classes their probabilities, the rest 0. */
function table(steps: ReadonlyArray<Readonly<Record<number, number>>>): Float32Array {
  const out = new Float32Array(steps.length * charset.length);
  steps.forEach((step, t) => { for (const [k, p] of Object.entries(step)) out[t * charset.length + Number(k)] = p; });
  return out;
}
const id = (c: string) => charset.indexOf(c);
const text = (probs: Float32Array, steps: number) => ctcGreedy(probs, 0, steps, charset.length, charset).chars.map((c) => c.char).join('');

test('a space the blank out-voted at a word gap is still emitted', () => {
  const steps = [{ [id('o')]: 0.9 }, { [id('n')]: 0.9 }, { 0: 0.7, [SPACE]: 0.3 }, { [id('o')]: 0.9 }, { [id('f')]: 0.9 }];
  assert.equal(text(table(steps), steps.length), 'on of');
});

test('faint space evidence inside a word adds nothing', () => {
  const steps = [{ [id('o')]: 0.9 }, { 0: 0.95, [SPACE]: 0.05 }, { [id('n')]: 0.9 }];
  assert.equal(text(table(steps), steps.length), 'on');
});

test('a doubled letter whose separating blank is runner-up stays doubled', () => {
  const steps = [{ [id('O')]: 0.9 }, { [id('f')]: 0.9 }, { [id('f')]: 0.6, 0: 0.4 }, { [id('f')]: 0.9 }];
  assert.equal(text(table(steps), steps.length), 'Off');
});

test('one letter held over several confident steps stays one letter', () => {
  const steps = [{ [id('O')]: 0.9 }, { [id('n')]: 0.95, 0: 0.05 }, { [id('n')]: 0.9, 0: 0.1 }, { [id('n')]: 0.99 }];
  assert.equal(text(table(steps), steps.length), 'On');
});

test('confidence averages visible characters only', () => {
  const steps = [{ [id('o')]: 0.8 }, { 0: 0.7, [SPACE]: 0.3 }, { [id('n')]: 0.6 }];
  const seq = ctcGreedy(table(steps), 0, steps.length, charset.length, charset);
  assert.ok(Math.abs(seq.confidence - 0.7) < 1e-6);
});
