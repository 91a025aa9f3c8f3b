/**
 * How bridge messages cross the harness's WebSocket. JSON cannot carry typed arrays, so image bytes
 * (Uint8Array) and microphone samples (Float32Array) travel as tagged base64 objects and are rebuilt on
 * the other side as the same typed array. Floats are written little-endian explicitly, so both ends agree
 * whatever the platform. Shared verbatim by the browser bridge and the Node server: it imports only the shared contract.
 * What comes out is still untrusted: the server validates every request after decoding.
 */

import { INPUT_LIMITS } from '../../common/ipc.js';

type Tag = 'u8' | 'f32';

/**
 * Largest bridge message either side sends: an image at the intake limit (INPUT_LIMITS.maxImageBytes) as
 * base64 (4/3) plus 1 MiB for the JSON around it. The page refuses to send a larger one with a clear message;
 * the server closes a socket that does.
 */
export const MAX_WIRE_MESSAGE_BYTES = Math.ceil((INPUT_LIMITS.maxImageBytes * 4) / 3) + 1024 * 1024;

interface Tagged {
  readonly $typed: Tag;
  readonly base64: string;
}

interface NodeBufferLike {
  from(data: Uint8Array | string, encoding?: string): Uint8Array & { toString(encoding: string): string };
}

// Node has Buffer (fast); the browser has btoa/atob. Looked up at run time so one file serves both.
const NodeBuffer = (globalThis as { Buffer?: NodeBufferLike }).Buffer;

function toBase64(bytes: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(bytes).toString('base64');
  let binary = '';
  const CHUNK = 0x8000; // String.fromCharCode takes its arguments on the stack
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new Error('malformed base64');
  if (NodeBuffer) {
    const buf = NodeBuffer.from(text, 'base64');
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

function encodeFloats(values: Float32Array): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i] ?? 0, true);
  return toBase64(bytes);
}

function decodeFloats(text: string): Float32Array {
  const bytes = fromBase64(text);
  if (bytes.byteLength % 4 !== 0) throw new Error('float data is not a whole number of samples');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

function isTagged(value: unknown): value is Tagged {
  if (typeof value !== 'object' || value === null) return false;
  const keys = Object.keys(value);
  const v = value as Record<string, unknown>;
  return keys.length === 2 && (v.$typed === 'u8' || v.$typed === 'f32') && typeof v.base64 === 'string';
}

/** Serialises a bridge message; typed arrays become tagged base64. */
export function encodeWire(value: unknown): string {
  return JSON.stringify(value, function replacer(this: unknown, key: string, raw: unknown) {
    // JSON.stringify has already called toJSON on Buffers; read the holder's own property instead.
    const original = key === '' ? raw : (this as Record<string, unknown>)[key];
    if (original instanceof Float32Array) return { $typed: 'f32', base64: encodeFloats(original) } satisfies Tagged;
    if (original instanceof Uint8Array) return { $typed: 'u8', base64: toBase64(original) } satisfies Tagged;
    if (ArrayBuffer.isView(original)) throw new Error(`cannot send a ${original.constructor.name} over the bridge`);
    return raw;
  });
}

/** Parses a bridge message, rebuilding tagged typed arrays. Throws on malformed JSON or base64. */
export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (!isTagged(value)) return value;
    return value.$typed === 'f32' ? decodeFloats(value.base64) : fromBase64(value.base64);
  });
}
