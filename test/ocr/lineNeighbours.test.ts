import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { neighbourKeepRows } from '../../electron/core/ocr/lineNeighbours';
import { decodeImage } from '../../electron/core/image/intake';
import { disposeOcrSessions, getOcrEngine } from '../../electron/core/ocr/ocrEngine';
import { renderTextPng } from '../helpers/textImage';

test('overlapping boxes of neighbouring lines keep their rows up to the midpoints; a lone or side-by-side box keeps all', () => {
  // Three lines of one column, 16 px apart, boxes 27 px tall (as the detector gives tightly set 11-px text).
  const keep = neighbourKeepRows([[60, 333, 1200, 27], [60, 349, 1200, 27], [60, 365, 1200, 27], [1300, 349, 40, 27], [60, 500, 600, 27]]);
  assert.deepEqual(keep[0], [333, 354.5]);
  assert.deepEqual(keep[1], [354.5, 370.5]);
  assert.deepEqual(keep[2], [370.5, 392]);
  assert.equal(keep[3], null, 'a box beside the lines, not above or below them');
  assert.equal(keep[4], null, 'a line with clear space around it');
});

test('real tightly set small text is read line by line, not as a mix of three lines', async () => {
  const lines = [
    'Redistribution and use in source and binary forms, with or without modification, are permitted provided that',
    'the following conditions are met: Redistributions of source code must retain the above copyright notice,',
    'this list of conditions and the following disclaimer in the documentation and other materials provided.',
  ];
  const png = await renderTextPng(lines, { fontSize: 11, width: 700, fontFamily: 'Liberation Sans', lineSpacing: 1.35 });
  const { text } = await (await getOcrEngine()).recognize(await decodeImage({ kind: 'bytes', bytes: new Uint8Array(png), label: 'tight' }));
  const words = (s: string) => s.split(/\s+/).filter(Boolean);
  const read = new Set(words(text));
  const found = lines.flatMap(words).filter((w) => read.has(w)).length;
  assert.ok(found >= 0.9 * lines.flatMap(words).length, `most words read: ${found} of ${lines.flatMap(words).length}\n${text}`);
});

after(() => disposeOcrSessions());
