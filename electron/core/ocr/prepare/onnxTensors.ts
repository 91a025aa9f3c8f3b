import { onnx } from 'onnx-proto';

const { DataType } = onnx.TensorProto;

/** A constant tensor's values as numbers (float or int64), whichever field holds them. */
export function tensorValues(t: onnx.ITensorProto): Float64Array {
  const count = (t.dims ?? []).reduce<number>((n, d) => n * Number(d), 1);
  if (t.rawData && t.rawData.length > 0) {
    const bytes = new Uint8Array(t.rawData); // a copy: raw_data slices need not be aligned
    if (t.dataType === DataType.FLOAT) return Float64Array.from(new Float32Array(bytes.buffer, 0, count));
    if (t.dataType === DataType.INT64) return Float64Array.from(new BigInt64Array(bytes.buffer, 0, count), Number);
    throw new Error(`tensor ${t.name}: unsupported data type ${t.dataType}`);
  }
  if (t.dataType === DataType.FLOAT) return Float64Array.from(t.floatData ?? []);
  if (t.dataType === DataType.INT64) return Float64Array.from(t.int64Data ?? [], Number);
  throw new Error(`tensor ${t.name}: unsupported data type ${t.dataType}`);
}

export const dimsOf = (t: onnx.ITensorProto): number[] => (t.dims ?? []).map(Number);

export function floatTensor(name: string, dims: readonly number[], values: ArrayLike<number>): onnx.TensorProto {
  const data = Float32Array.from(values);
  return onnx.TensorProto.create({ name, dims: [...dims], dataType: DataType.FLOAT, rawData: new Uint8Array(data.buffer) });
}

export function int64Tensor(name: string, values: readonly number[]): onnx.TensorProto {
  const data = BigInt64Array.from(values, (v) => BigInt(v));
  return onnx.TensorProto.create({ name, dims: [values.length], dataType: DataType.INT64, rawData: new Uint8Array(data.buffer) });
}
