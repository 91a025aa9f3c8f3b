import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ImageStore } from '../../electron/core/app/imageStore';

test('the image store forgets the least recently used image first, by count and by bytes', () => {
  const store = new ImageStore({ maxImages: 2, maxBytes: 100, maxTurns: 2 });
  store.put('a', 'a.png', new Uint8Array(10));
  store.put('b', 'b.png', new Uint8Array(10));
  store.get('a'); // a is now the most recent
  store.put('c', 'c.png', new Uint8Array(10));
  assert.ok(store.get('a'));
  assert.equal(store.get('b'), undefined);
  store.put('d', 'd.png', new Uint8Array(95));
  assert.equal(store.size, 1, 'byte budget drops older images');
  assert.equal(store.totalBytes, 95);
  store.put('e', 'e.png', new Uint8Array(500));
  assert.equal(store.size, 1, 'the newest image is kept even alone over budget');
  assert.ok(store.get('e'));
});

test('conversations are bounded to the last turns and vanish with their image', () => {
  const store = new ImageStore({ maxImages: 2, maxBytes: 100, maxTurns: 2 });
  store.put('a', 'a.png', new Uint8Array(1));
  store.addTurn('a', { question: 'q1', answer: 'a1' });
  store.addTurn('a', { question: 'q2', answer: 'a2' });
  const turns = store.addTurn('a', { question: 'q3', answer: 'a3' });
  assert.deepEqual(turns.map((t) => t.question), ['q2', 'q3']);
  store.delete('a');
  assert.deepEqual(store.addTurn('a', { question: 'q', answer: 'a' }), []);
});
