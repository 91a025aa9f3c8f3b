import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composeDescription, findTitle, isMostlyText } from '../../electron/core/vision/compose';
import type { OcrLine } from '../../electron/core/ocr/types';

const line = (text: string, x: number, y: number, w: number, h: number): OcrLine => ({ text, confidence: 0.99, box: [x, y, w, h], words: [], block: 0 });

test('a photo with a small sign keeps its caption and adds the text after it', () => {
  const lines = [line('EXIT', 900, 200, 80, 30)];
  const c = composeDescription({ width: 1920, height: 1080, caption: 'A hallway with a green exit sign', lines, detail: 'normal' });
  assert.equal(c.mostlyText, false);
  assert.equal(c.description, 'A hallway with a green exit sign.\nText: EXIT');
});

test('a page of text says so instead of using the caption, title first', () => {
  const lines = [line('Annual Report', 50, 40, 500, 60), ...Array.from({ length: 12 }, (_, i) => line(`Body line ${i}`, 50, 150 + i * 50, 600, 30))];
  const c = composeDescription({ width: 700, height: 900, caption: 'A white square', lines, detail: 'full' });
  assert.equal(c.mostlyText, true);
  assert.equal(c.title, 'Annual Report');
  assert.match(c.description, /^A page of text\.\nTitle: Annual Report\.\nBody line 0\n/);
  assert.doesNotMatch(c.description, /white square/);
});

test('a wide screen full of text is "a screen", and brief detail keeps three lines and counts the rest', () => {
  const lines = Array.from({ length: 20 }, (_, i) => line(`Message ${i}`, 20, 20 + i * 50, 1200, 36));
  const c = composeDescription({ width: 1920, height: 1080, caption: null, lines, detail: 'brief' });
  assert.match(c.description, /^A screen with mostly text\./);
  assert.match(c.description, /Message 2\n… and 17 more lines\.$/);
});

test('no text and no caption still says something', () => {
  assert.equal(composeDescription({ width: 10, height: 10, caption: null, lines: [], detail: 'normal' }).description, 'No text found.');
});

test('title detection needs a clearly larger line near the top', () => {
  const same = [line('One', 0, 0, 100, 20), line('Two', 0, 30, 100, 20), line('Three', 0, 60, 100, 20)];
  assert.equal(findTitle(same, 600), null);
  const low = [line('Small', 0, 0, 100, 20), line('Small 2', 0, 30, 100, 20), line('Big but low', 0, 500, 300, 60)];
  assert.equal(findTitle(low, 600), null);
  assert.equal(isMostlyText([], 100, 100), false);
});

test('sparse text on a plain background is a page; the same text over a busy picture is not', () => {
  const width = 400;
  const height = 300;
  const plain = new Uint8Array(width * height * 3).fill(250);
  const busy = new Uint8Array(width * height * 3);
  for (let i = 0; i < busy.length; i++) busy[i] = (i * 7919) % 256; // noise: a "photo"
  const lines = [line('One', 20, 20, 60, 12), line('Two', 20, 50, 60, 12), line('Three', 20, 80, 60, 12)];
  assert.equal(isMostlyText(lines, width, height), false, 'coverage alone is too low');
  assert.equal(isMostlyText(lines, width, height, { data: plain, width, height }), true);
  assert.equal(isMostlyText(lines, width, height, { data: busy, width, height }), false);
  assert.equal(isMostlyText(lines.slice(0, 2), width, height, { data: plain, width, height }), false, 'two words on a wall are not a page');
});
