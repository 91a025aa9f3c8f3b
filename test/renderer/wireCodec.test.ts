import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeWire, encodeWire } from '../../electron/core/harness/wireCodec';

test('typed arrays survive the trip as the same type with the same contents', () => {
  const bytes = new Uint8Array([0, 1, 127, 128, 255]);
  const samples = new Float32Array([0, -0.5, 1e-7, -1, 3.4028234663852886e38]);
  const message = { type: 'invoke', id: 7, request: { image: { name: 'a "quoted" name', bytes }, pcm16k: samples, nested: [bytes] } };
  const back = decodeWire(encodeWire(message)) as typeof message;
  assert.ok(back.request.image.bytes instanceof Uint8Array);
  assert.deepEqual([...back.request.image.bytes], [...bytes]);
  assert.ok(back.request.pcm16k instanceof Float32Array);
  assert.deepEqual([...back.request.pcm16k], [...samples]);
  assert.equal(back.request.image.name, 'a "quoted" name');
  assert.ok(back.request.nested[0] instanceof Uint8Array);
});

test('a Buffer travels as bytes, and a view into a larger buffer sends only its own bytes', () => {
  const big = new Uint8Array([9, 9, 1, 2, 3, 9]);
  const back = decodeWire(encodeWire({ a: Buffer.from([4, 5]), b: big.subarray(2, 5) })) as { a: Uint8Array; b: Uint8Array };
  assert.deepEqual([...back.a], [4, 5]);
  assert.deepEqual([...back.b], [1, 2, 3]);
});

test('a large image round-trips intact', () => {
  const bytes = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 31) % 256);
  const back = decodeWire(encodeWire({ bytes })) as { bytes: Uint8Array };
  assert.equal(Buffer.compare(Buffer.from(back.bytes), Buffer.from(bytes)), 0);
});

test('malformed data is refused rather than half-decoded', () => {
  assert.throws(() => decodeWire('{"x":{"$typed":"u8","base64":"not base64!"}}'), /malformed base64/);
  assert.throws(() => decodeWire('{"x":{"$typed":"f32","base64":"AAA="}}'), /whole number of samples/);
  assert.throws(() => decodeWire('{not json'), SyntaxError);
  assert.throws(() => encodeWire({ x: new Int16Array(2) }), /cannot send a Int16Array/);
});

test('objects that merely look tagged but carry extra fields stay plain objects', () => {
  const back = decodeWire('{"x":{"$typed":"u8","base64":"AAE=","extra":1}}') as { x: unknown };
  assert.deepEqual(back.x, { $typed: 'u8', base64: 'AAE=', extra: 1 });
});
