import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withoutTwins } from '../../electron/core/ocr/geometry';
import type { Box } from '../../electron/core/ocr/types';

test('one line found by two neighbouring strips is kept once, the larger box; tightly set lines both stay', () => {
  const found = (boxes: Box[]) => boxes.map((box, id) => ({ box, id }));
  // Postfix's README at 1440×900: the first line of a paragraph lay on the border between two strips' rows.
  const twins = found([[2, 195, 1416, 27], [4, 198, 1412, 24], [2, 222, 700, 27]]);
  assert.deepEqual(withoutTwins(twins).map((d) => d.id), [0, 2]);
  // Two lines whose boxes overlap by a third of their height, and a short word inside a line's span but below it.
  const tight = found([[10, 100, 600, 30], [10, 120, 600, 30], [40, 142, 60, 30]]);
  assert.deepEqual(withoutTwins(tight).map((d) => d.id), [0, 1, 2]);
});
