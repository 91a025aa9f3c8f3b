import { onnx } from 'onnx-proto';

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const FLOAT16 = onnx.TensorProto.DataType.FLOAT16;

function castNode(input: string, output: string, to: number): onnx.NodeProto {
  return onnx.NodeProto.create({
    opType: 'Cast', input: [input], output: [output], name: `cast_${output}`,
    attribute: [onnx.AttributeProto.create({ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: to })],
  });
}

/**
 * The same graph with every float32 input and output declared float16, as the hub's `_fp16` / `_q4f16` exports are:
 * Cast nodes at the edges, the computation unchanged inside. This is how the mirror of a real pack gets GPU-named
 * graphs whose inputs really are of another type than the pipeline produces (what feedDeclaredTypes must handle).
 */
export function halfPrecisionGraph(bytes: Uint8Array): Uint8Array {
  const model = onnx.ModelProto.decode(bytes);
  const graph = model.graph!;
  const front: onnx.NodeProto[] = [];
  const back: onnx.NodeProto[] = [];
  const rename = new Map<string, string>();
  for (const input of graph.input ?? []) {
    const tensor = input.type?.tensorType;
    if (!tensor || tensor.elemType !== FLOAT) continue;
    tensor.elemType = FLOAT16;
    rename.set(input.name!, `${input.name}__f32`);
    front.push(castNode(input.name!, `${input.name}__f32`, FLOAT));
  }
  for (const node of graph.node ?? []) node.input = (node.input ?? []).map((n) => rename.get(n) ?? n);
  for (const output of graph.output ?? []) {
    const tensor = output.type?.tensorType;
    if (!tensor || tensor.elemType !== FLOAT) continue;
    tensor.elemType = FLOAT16;
    const inner = `${output.name}__f32`;
    // The producer and every consumer inside the graph keep using the float32 value.
    for (const node of graph.node ?? []) {
      node.output = (node.output ?? []).map((n) => (n === output.name ? inner : n));
      node.input = (node.input ?? []).map((n) => (n === output.name ? inner : n));
    }
    // An output that is also a graph input passed straight through keeps its new input name.
    back.push(castNode(rename.get(output.name!) ?? inner, output.name!, FLOAT16));
  }
  graph.node = [...front, ...(graph.node ?? []), ...back];
  return onnx.ModelProto.encode(model).finish();
}
