"""
The fixture pack under the real repositories' file names: each fixture model mirrors one real model of the manifest
(Florence-2-base-ft, SmolVLM-256M-Instruct, Whisper base.en), takes its dtype table for the CPU and the GPU, and
writes each session's graph under the name Transformers.js opens for that dtype (`embed_tokens_quantized.onnx`,
`decoder_model_merged_q4f16.onnx`, ...). Graphs for half-precision dtypes (fp16, q4f16) declare float16 inputs and
outputs, as the real exports do (Cast nodes at the edges, the computation unchanged); the others are the fp32 graph.
"""
import copy
import json
import os

from onnx import TensorProto, helper

MIRRORS = {'fixture-florence2': 'florence-2-base-ft', 'fixture-smolvlm': 'smolvlm-256m-instruct', 'fixture-whisper': 'whisper-base-en'}
SUFFIX = {'fp32': '', 'fp16': '_fp16', 'q8': '_quantized', 'int8': '_int8', 'uint8': '_uint8', 'q4': '_q4', 'q4f16': '_q4f16', 'bnb4': '_bnb4'}
HALF = {'fp16', 'q4f16'}
CLASSES = ('cpu', 'gpu')


def real_dtypes(manifest, fixture_key):
    return manifest['models'][MIRRORS[fixture_key]]['dtype']


def graph_name(session, dtype):
    return f'{session}{SUFFIX[dtype]}.onnx'


def half_precision(model):
    """A copy of `model` with every float32 graph input and output declared float16."""
    model = copy.deepcopy(model)
    graph = model.graph
    front, back, rename = [], [], {}
    for inp in graph.input:
        if inp.type.tensor_type.elem_type != TensorProto.FLOAT:
            continue
        inp.type.tensor_type.elem_type = TensorProto.FLOAT16
        rename[inp.name] = inp.name + '__f32'
        front.append(helper.make_node('Cast', [inp.name], [inp.name + '__f32'], to=TensorProto.FLOAT, name='cast_in_' + inp.name))
    for node in graph.node:
        for i, name in enumerate(node.input):
            if name in rename:
                node.input[i] = rename[name]
    for out in graph.output:
        if out.type.tensor_type.elem_type != TensorProto.FLOAT:
            continue
        out.type.tensor_type.elem_type = TensorProto.FLOAT16
        inner = out.name + '__f32'
        for node in graph.node:
            for i, name in enumerate(node.output):
                if name == out.name:
                    node.output[i] = inner
            for i, name in enumerate(node.input):
                if name == out.name:
                    node.input[i] = inner
        back.append(helper.make_node('Cast', [rename.get(out.name, inner)], [out.name], to=TensorProto.FLOAT16, name='cast_out_' + out.name))
    nodes = front + list(graph.node) + back
    del graph.node[:]
    graph.node.extend(nodes)
    return model


def write_variants(model_dir, fixture_key, manifest, base_graphs, save):
    """Writes every session's graph under its dtype names for both device classes. `base_graphs` maps session name
    to its fp32 ModelProto; `save(model, path)` checks and writes one graph."""
    dtypes = real_dtypes(manifest, fixture_key)
    for cls in CLASSES:
        for session, dtype in dtypes[cls].items():
            model = base_graphs[session]
            save(half_precision(model) if dtype in HALF else model, os.path.join(model_dir, 'onnx', graph_name(session, dtype)))


def devices_of(manifest, fixture_key, rel_path):
    """The device classes whose file set includes `rel_path`; None for a file every set needs."""
    if not rel_path.startswith('onnx/'):
        return None
    dtypes = real_dtypes(manifest, fixture_key)
    classes = [cls for cls in CLASSES if any('onnx/' + graph_name(s, d) == rel_path for s, d in dtypes[cls].items())]
    return None if len(classes) == len(CLASSES) else classes


def rename_by_dtype(model_dir, fixture_key, manifest):
    """Replaces the fp32 graphs just built as `onnx/<session>.onnx` by the real file set's names (both classes)."""
    import onnx  # noqa: E402 (the scripts import onnx already; kept local so this module loads without it for reading)
    onnx_dir = os.path.join(model_dir, 'onnx')
    dtypes = real_dtypes(manifest, fixture_key)
    sessions = set(dtypes['cpu']) | set(dtypes['gpu'])
    base = {}
    for name in sorted(os.listdir(onnx_dir)):
        session = name[:-len('.onnx')]
        if name.endswith('.onnx') and session in sessions:
            base[session] = onnx.load(os.path.join(onnx_dir, name))
        os.remove(os.path.join(onnx_dir, name))
    missing = sessions - set(base)
    if missing:
        raise SystemExit(f'{model_dir}: no fp32 graph built for {sorted(missing)}')

    def save(model, path):
        model.ir_version = 8
        onnx.checker.check_model(model)
        with open(path, 'wb') as f:
            f.write(model.SerializeToString())

    write_variants(model_dir, fixture_key, manifest, base, save)


def load_manifest(models_dir):
    with open(os.path.join(models_dir, 'manifest.json'), encoding='utf-8') as f:
        return json.load(f)
