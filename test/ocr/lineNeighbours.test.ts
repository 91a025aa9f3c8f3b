import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { neighbourKeepRows } from '../../electron/core/ocr/lineNeighbours';
import { decodeImage } from '../../electron/core/image/intake';
import { disposeOcrSessions, getOcrEngine } from '../../electron/core/ocr/ocrEngine';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

test('overlapping boxes of neighbouring lines keep their rows up to the midpoints; a lone or side-by-side box keeps all', () => {
  // Three lines of one column, 16 px apart, boxes 27 px tall (as the detector gives tightly set 11-px text).
  const keep = neighbourKeepRows([[60, 333, 1200, 27], [60, 349, 1200, 27], [60, 365, 1200, 27], [1300, 349, 40, 27], [60, 500, 600, 27]]);
  assert.deepEqual(keep[0], [333, 354.5]);
  assert.deepEqual(keep[1], [354.5, 370.5]);
  assert.deepEqual(keep[2], [370.5, 392]);
  assert.equal(keep[3], null, 'a box beside the lines, not above or below them');
  assert.equal(keep[4], null, 'a line with clear space around it');
});

test('a real dialog\'s tightly set small text (zenity, Liberation Sans 10, 16-px line pitch) is read line by line', async () => {
  // A strip of a zenity warning under Xvfb (the bench's desktop corpus): three 1,290-px lines of 11-px text whose
  // detector boxes overlap their neighbours by a third. Read whole, the first line came out as a mix of two.
  const png = await readFile(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'ocr', 'zenity-tight-lines.png'));
  const { text } = await (await getOcrEngine()).recognize(await decodeImage({ kind: 'bytes', bytes: new Uint8Array(png), label: 'zenity' }));
  const truth = 'Redistribution and use in source and binary forms, with or without modification, are permitted provided that the following conditions are met: 1. Redistributions of source code must retain the above copyright notice, this list of conditions and the following disclaimer. 2. Redistributions in binary form must reproduce the above copyright notice, this list of conditions and the following disclaimer in the documentation and/or other materials provided with the distribution. 3. Neither the name of the University nor the names of its contributors may be used to endorse or promote products derived from this software without specific prior written permission.';
  const read = new Map<string, number>();
  for (const w of text.split(/\s+/)) read.set(w, (read.get(w) ?? 0) + 1);
  const words = truth.split(' ');
  const found = words.filter((w) => { const n = read.get(w) ?? 0; if (n > 0) read.set(w, n - 1); return n > 0; }).length;
  assert.ok(found >= 0.9 * words.length, `words read: ${found} of ${words.length}\n${text}`);
  assert.match(text.split('\n')[0]!, /^Redistribution and use in source and binary forms/);
});

after(() => disposeOcrSessions());
