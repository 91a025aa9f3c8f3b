/**
 * Mixed-precision graphs (the GPU file sets: fp16 vision encoders and embeddings next to q4 decoders) declare
 * float16 inputs where the rest of the pipeline produces float32, or the reverse. Transformers.js feeds whatever
 * the previous step made, so a float32 `pixel_values` reaches a float16 input and ONNX Runtime refuses it.
 * `feedDeclaredTypes` wraps each session's run() so every float input arrives as the type the graph declares.
 */

interface OrtTensor {
  readonly type: string;
  readonly dims: readonly number[];
  readonly data: unknown;
}

interface OrtSession {
  readonly inputMetadata?: ReadonlyArray<{ readonly name: string; readonly isTensor?: boolean; readonly type?: string }>;
  readonly outputMetadata?: ReadonlyArray<{ readonly name: string; readonly type?: string }>;
  run(feeds: Record<string, OrtTensor>, ...rest: unknown[]): Promise<unknown>;
}

type TensorCtor = new (type: string, data: unknown, dims: readonly number[]) => OrtTensor;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 binary32 → binary16 bits, round to nearest even (inputs are pixels and embeddings: no NaN payloads). */
export function toHalf(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    return sign | (rest > mid || (rest === mid && half & 1) ? half + 1 : half);
  }
  let half = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && half & 1)) half++;
  return sign | half;
}

/** binary16 bits → number. */
export function fromHalf(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >>> 10) & 0x1f;
  const mant = bits & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

function convert(tensor: OrtTensor, to: string, Tensor: TensorCtor): OrtTensor {
  const data = tensor.data as ArrayLike<number>;
  if (tensor.type === 'float32' && to === 'float16') {
    const out = new Uint16Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = toHalf(data[i]!);
    return new Tensor('float16', out, tensor.dims);
  }
  if (tensor.type === 'float16' && to === 'float32') {
    const bits = data instanceof Uint16Array ? data : new Uint16Array((data as unknown as { buffer: ArrayBuffer }).buffer);
    const out = new Float32Array(bits.length);
    for (let i = 0; i < bits.length; i++) out[i] = fromHalf(bits[i]!);
    return new Tensor('float32', out, tensor.dims);
  }
  return tensor;
}

/**
 * When any session of a model declares a float16 input or output (a mixed-precision file set), wraps every session
 * so its float inputs arrive in the declared type: a float16 graph's outputs flow into float32 graphs and back.
 * Returns the float16 inputs and outputs found (for the load log and `sightline doctor`); empty means nothing wrapped.
 */
export function feedDeclaredTypes(sessions: Record<string, unknown>, Tensor: TensorCtor): string[] {
  const all = Object.entries(sessions) as [string, OrtSession][];
  const halves = all.flatMap(([name, s]) => [...(s.inputMetadata ?? []), ...(s.outputMetadata ?? [])].filter((m) => m.type === 'float16').map((m) => `${name}.${m.name}`));
  if (halves.length === 0) return [];
  for (const [, session] of all) {
    const declared = new Map((session.inputMetadata ?? []).filter((m) => m.isTensor !== false && m.type).map((m) => [m.name, m.type!]));
    const run = session.run.bind(session);
    session.run = (feeds, ...rest) => {
      const cast: Record<string, OrtTensor> = {};
      for (const [input, tensor] of Object.entries(feeds)) {
        const want = declared.get(input);
        cast[input] = want && want !== tensor.type && /^float(16|32)$/.test(want) && /^float(16|32)$/.test(tensor.type) ? convert(tensor, want, Tensor) : tensor;
      }
      return run(cast, ...rest);
    };
  }
  return halves;
}
