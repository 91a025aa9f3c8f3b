#!/usr/bin/python3
"""
Builds the `fixture` model pack: tiny but real ONNX graphs with the same file names, input/output names and
tensor layouts that Transformers.js expects from Florence-2 (Florence2ForConditionalGeneration) and SmolVLM
(Idefics3ForConditionalGeneration), plus their config, generation, preprocessor, processor and tokenizer files.

Why fixtures at all: the real models are hundreds of megabytes and cannot be committed; these let the very same
session code (processor -> vision encoder -> embeddings -> decoder with a growing KV cache -> streamer) run in tests.

How they stay image-conditioned: each vision encoder takes the mean colour of its pixel_values, picks the nearest
of six colour prototypes (in the processor's normalised space) and emits that colour as a one-hot feature. The
decoders read the colour back from the encoder states (Florence-2) or from their own KV cache (SmolVLM) and run a
tiny state machine over the vocabulary: next token = TABLE[detail level, colour, state of the current token]. So a
red image makes the captioner say "A plain red image." and the VQA model answer " It is red."

Run with Debian's python3-onnx and python3-numpy:  /usr/bin/python3 scripts/build-fixtures.py
Deterministic: the same inputs always give byte-identical files. Updates the fixture pack in models/manifest.json.
"""
import hashlib
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture_bytes import byte_chars  # noqa: E402
from fixture_dtypes import devices_of, load_manifest, real_dtypes, rename_by_dtype  # noqa: E402

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
MODELS = os.path.join(ROOT, 'models')
OPSET = 14
HIDDEN = 16          # embedding width; two heads of eight
HEADS = 2
HEAD_DIM = HIDDEN // HEADS
COLOURS = ['red', 'green', 'blue', 'white', 'black', 'gray']
NONE = len(COLOURS)  # "no image seen" class
PROTOTYPES_RGB = [(220, 30, 30), (30, 180, 60), (30, 60, 220), (255, 255, 255), (0, 0, 0), (128, 128, 128)]
STATE_DIM = 7        # embedding dim that carries a token's state-machine id
LEVEL_DIM = 8        # embedding dim that carries a prompt's detail level (Florence-2 task prompts)
NOISE_DIMS = range(9, HIDDEN)
# The real repositories' preprocessing (issue 12 point 5): Florence-2 resizes to 768x768 and its DaViT encoder gives
# 577 image tokens; SmolVLM-256M/500M cut images into 512x512 tiles (longest edge up to 2048, so up to 4x4 tiles
# plus the global image) and encode each as 64 tokens (512/16 patches per side, pixel shuffle by scale factor 4).
FLORENCE_IMAGE_SIZE = 768
IMAGE_TOKENS_FLORENCE = 577
SMOLVLM_TILE = 512
SMOLVLM_LONGEST_EDGE = 2048
SMOLVLM_PATCH = 16
SMOLVLM_SCALE_FACTOR = 4
IMAGE_SEQ_LEN_SMOLVLM = (SMOLVLM_TILE // SMOLVLM_PATCH) ** 2 // SMOLVLM_SCALE_FACTOR ** 2  # 64


# ---------------------------------------------------------------- byte-level BPE vocabulary (as GPT-2 / BART)

BYTE_CHARS = byte_chars()


def pieces(text):
    """Splits a sentence the way the ByteLevel pre-tokenizer does for our words: 'A plain red image.' ->
    ['A', 'Ġplain', 'Ġred', 'Ġimage', '.']"""
    out = []
    for i, word in enumerate(text.replace('.', ' .').replace(',', ' ,').split(' ')):
        if word in ('.', ','):
            out.append(word)
        elif word:
            out.append(('Ġ' if i > 0 or text.startswith(' ') else '') + word)
    return out


class Vocab:
    def __init__(self, specials):
        self.tokens = []
        self.ids = {}
        self.special = set()
        for s in specials:
            self.add(s, special=True)
        for ch in BYTE_CHARS:
            self.add(ch)

    def add(self, token, special=False):
        if token not in self.ids:
            self.ids[token] = len(self.tokens)
            self.tokens.append(token)
        if special:
            self.special.add(token)
        return self.ids[token]

    def __len__(self):
        return len(self.tokens)


def tokenizer_json(vocab, post_processor):
    added = [{'id': vocab.ids[t], 'content': t, 'single_word': False, 'lstrip': False, 'rstrip': False,
              'normalized': False, 'special': True} for t in vocab.tokens if t in vocab.special]
    return {
        'version': '1.0', 'truncation': None, 'padding': None, 'added_tokens': added, 'normalizer': None,
        'pre_tokenizer': {'type': 'ByteLevel', 'add_prefix_space': False, 'trim_offsets': True, 'use_regex': True},
        'post_processor': post_processor,
        'decoder': {'type': 'ByteLevel', 'add_prefix_space': True, 'trim_offsets': True, 'use_regex': True},
        'model': {'type': 'BPE', 'dropout': None, 'unk_token': None, 'continuing_subword_prefix': '',
                  'end_of_word_suffix': '', 'fuse_unk': False, 'byte_fallback': False, 'ignore_merges': True,
                  'vocab': {t: i for i, t in enumerate(vocab.tokens)}, 'merges': []},
    }


# ---------------------------------------------------------------- state machine tables

class StateMachine:
    """next token = table[level, colour, state(current token)]; state 0 (any other token) ends the text."""

    def __init__(self, vocab, levels, eos_id, start_tokens):
        self.vocab = vocab
        self.levels = levels
        self.eos = eos_id
        self.state_of = {vocab.ids[t]: 1 for t in start_tokens}
        self.sentences = {}

    def state(self, token):
        tid = self.vocab.add(token)
        if tid not in self.state_of:
            self.state_of[tid] = max([1] + list(self.state_of.values())) + 1
        return self.state_of[tid]

    def sentence(self, level, colour, text):
        toks = pieces(text)
        assert len(set(toks)) == len(toks), f'words must be unique within a sentence: {text}'
        for t in toks:
            self.state(t)
        self.sentences[(level, colour)] = toks

    def table(self):
        ns = max(self.state_of.values()) + 1
        table = np.full((self.levels, NONE + 1, ns), self.eos, dtype=np.int64)
        for (level, colour), toks in self.sentences.items():
            prev = 1
            for t in toks:
                tid = self.vocab.ids[t]
                table[level, colour, prev] = tid
                prev = self.state_of[tid]
            table[level, colour, prev] = self.eos
        return table.reshape(-1), ns


def embedding_table(vocab, machine, levels_by_token):
    rng = np.random.RandomState(20240601)
    table = np.zeros((len(vocab), HIDDEN), dtype=np.float32)
    for tid in range(len(vocab)):
        table[tid, NONE] = 0.1  # text is "no colour" unless an image feature overrides it
        table[tid, STATE_DIM] = float(machine.state_of.get(tid, 0))
        table[tid, LEVEL_DIM] = float(levels_by_token.get(tid, 0))
        for d in NOISE_DIMS:
            table[tid, d] = round(float(rng.uniform(-0.5, 0.5)), 4)
    return table


# ---------------------------------------------------------------- ONNX helpers

def const(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def save(graph, path):
    model = helper.make_model(graph, producer_name='sightline-build-fixtures', producer_version='1',
                              opset_imports=[helper.make_opsetid('', OPSET)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(model.SerializeToString())


def classify_colour_nodes(mean_name, prototypes, out_name):
    """mean colour [N,3] -> one-hot over HIDDEN with the nearest prototype set, [N, HIDDEN]."""
    return [
        helper.make_node('Unsqueeze', [mean_name, 'axis1'], ['mean3']),
        helper.make_node('Sub', ['mean3', 'prototypes'], ['diff']),
        helper.make_node('Mul', ['diff', 'diff'], ['sq']),
        helper.make_node('ReduceSum', ['sq', 'axis2'], ['dist'], keepdims=0),
        helper.make_node('ArgMin', ['dist'], ['cls'], axis=1, keepdims=0),
        helper.make_node('OneHot', ['cls', 'hidden_depth', 'onehot_values'], [out_name], axis=-1),
    ], [const('prototypes', prototypes.astype(np.float32)), const('axis1', np.array([1], np.int64)),
        const('axis2', np.array([2], np.int64)), const('hidden_depth', np.array(HIDDEN, np.int64)),
        const('onehot_values', np.array([0.0, 1.0], np.float32))]


def normalised_prototypes(mean, std):
    return np.array([[(c / 255.0 - m) / s for c, m, s in zip(rgb, mean, std)] for rgb in PROTOTYPES_RGB], np.float32)


def vision_encoder_florence(path, prototypes):
    nodes = [helper.make_node('ReduceMean', ['pixel_values'], ['mean'], axes=[2, 3], keepdims=0)]
    n2, inits = classify_colour_nodes('mean', prototypes, 'onehot')
    nodes += n2 + [
        helper.make_node('Unsqueeze', ['onehot', 'axis1'], ['onehot3']),
        helper.make_node('Tile', ['onehot3', 'repeats'], ['image_features']),
    ]
    inits.append(const('repeats', np.array([1, IMAGE_TOKENS_FLORENCE, 1], np.int64)))
    graph = helper.make_graph(
        nodes, 'florence2_vision_encoder',
        [helper.make_tensor_value_info('pixel_values', TensorProto.FLOAT, ['batch_size', 3, 'height', 'width'])],
        [helper.make_tensor_value_info('image_features', TensorProto.FLOAT, ['batch_size', IMAGE_TOKENS_FLORENCE, HIDDEN])],
        inits)
    save(graph, path)


def vision_encoder_smolvlm(path, prototypes):
    nodes = [
        helper.make_node('ReduceMean', ['pixel_values'], ['mean_bn'], axes=[3, 4], keepdims=0),
        helper.make_node('Reshape', ['mean_bn', 'flat3'], ['mean']),
        # The mask is all-true for real patches; consuming it keeps the input contract live.
        helper.make_node('Cast', ['pixel_attention_mask'], ['maskf'], to=TensorProto.FLOAT),
        helper.make_node('ReduceMean', ['maskf'], ['mask_mean'], keepdims=0),
        helper.make_node('Mul', ['mask_mean', 'zero'], ['mask_zero']),
    ]
    n2, inits = classify_colour_nodes('mean', prototypes, 'onehot')
    nodes += n2 + [
        helper.make_node('Add', ['onehot', 'mask_zero'], ['onehot_m']),
        helper.make_node('Unsqueeze', ['onehot_m', 'axis1'], ['onehot3']),
        helper.make_node('Tile', ['onehot3', 'repeats'], ['image_features']),
    ]
    inits += [const('flat3', np.array([-1, 3], np.int64)), const('zero', np.array(0.0, np.float32)),
              const('repeats', np.array([1, IMAGE_SEQ_LEN_SMOLVLM, 1], np.int64))]
    graph = helper.make_graph(
        nodes, 'smolvlm_vision_encoder',
        [helper.make_tensor_value_info('pixel_values', TensorProto.FLOAT, ['batch_size', 'num_images', 3, 'height', 'width']),
         helper.make_tensor_value_info('pixel_attention_mask', TensorProto.BOOL, ['batch_size', 'num_images', 'height', 'width'])],
        [helper.make_tensor_value_info('image_features', TensorProto.FLOAT, ['num_patches', IMAGE_SEQ_LEN_SMOLVLM, HIDDEN])],
        inits)
    save(graph, path)


def embed_tokens(path, table):
    graph = helper.make_graph(
        [helper.make_node('Gather', ['weight', 'input_ids'], ['inputs_embeds'], axis=0)], 'embed_tokens',
        [helper.make_tensor_value_info('input_ids', TensorProto.INT64, ['batch_size', 'sequence_length'])],
        [helper.make_tensor_value_info('inputs_embeds', TensorProto.FLOAT, ['batch_size', 'sequence_length', HIDDEN])],
        [const('weight', table)])
    save(graph, path)


def encoder_florence(path):
    nodes = [
        helper.make_node('Cast', ['attention_mask'], ['maskf'], to=TensorProto.FLOAT),
        helper.make_node('Unsqueeze', ['maskf', 'axis2'], ['mask3']),
        helper.make_node('Mul', ['inputs_embeds', 'mask3'], ['last_hidden_state']),
    ]
    graph = helper.make_graph(
        nodes, 'florence2_encoder',
        [helper.make_tensor_value_info('attention_mask', TensorProto.INT64, ['batch_size', 'encoder_sequence_length']),
         helper.make_tensor_value_info('inputs_embeds', TensorProto.FLOAT, ['batch_size', 'encoder_sequence_length', HIDDEN])],
        [helper.make_tensor_value_info('last_hidden_state', TensorProto.FLOAT, ['batch_size', 'encoder_sequence_length', HIDDEN])],
        [const('axis2', np.array([2], np.int64))])
    save(graph, path)


def heads_nodes(src, out):
    """[b, s, HIDDEN] -> [b, HEADS, s, HEAD_DIM], the layout of every key/value cache tensor."""
    return [helper.make_node('Reshape', [src, 'heads_shape'], [out + '_r']),
            helper.make_node('Transpose', [out + '_r'], [out], perm=[0, 2, 1, 3])]


def next_token_nodes(level_name, colour_name, ns, levels):
    """logits[b, s, V] = one-hot(table[(level * colours + colour) * ns + state(token at s)]) * 10"""
    return [
        helper.make_node('Slice', ['inputs_embeds', 'state_start', 'state_end', 'axis2'], ['state3']),
        helper.make_node('Squeeze', ['state3', 'axis2'], ['statef']),
        helper.make_node('Cast', ['statef'], ['state'], to=TensorProto.INT64),
        helper.make_node('Mul', [level_name, 'n_colours'], ['lc0']),
        helper.make_node('Add', ['lc0', colour_name], ['lc']),
        helper.make_node('Mul', ['lc', 'n_states'], ['row']),
        helper.make_node('Unsqueeze', ['row', 'axis1'], ['row2']),
        helper.make_node('Add', ['row2', 'state'], ['flat_index']),
        helper.make_node('Gather', ['table', 'flat_index'], ['next'], axis=0),
        helper.make_node('OneHot', ['next', 'vocab_depth', 'logit_values'], ['logits_raw'], axis=-1),
    ]


def decoder_consts(table, ns, vocab_size):
    return [const('table', table), const('n_states', np.array(ns, np.int64)),
            const('n_colours', np.array(NONE + 1, np.int64)), const('vocab_depth', np.array(vocab_size, np.int64)),
            const('logit_values', np.array([0.0, 10.0], np.float32)),
            const('state_start', np.array([STATE_DIM], np.int64)), const('state_end', np.array([STATE_DIM + 1], np.int64)),
            const('level_start', np.array([LEVEL_DIM], np.int64)), const('level_end', np.array([LEVEL_DIM + 1], np.int64)),
            const('colour_start', np.array([0], np.int64)), const('colour_end', np.array([NONE + 1], np.int64)),
            const('axis1', np.array([1], np.int64)), const('axis2', np.array([2], np.int64)),
            const('axis13', np.array([1, 3], np.int64)), const('flat', np.array([-1], np.int64)),
            const('heads_shape', np.array([0, 0, HEADS, HEAD_DIM], np.int64)), const('zero', np.array(0.0, np.float32))]


def kv_info(name, seq):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, ['batch_size', HEADS, seq, HEAD_DIM])


def decoder_florence(path, table, ns, vocab_size):
    nodes = heads_nodes('inputs_embeds', 'new_kv') + heads_nodes('encoder_hidden_states', 'enc_kv') + [
        helper.make_node('Concat', ['past_key_values.0.decoder.key', 'new_kv'], ['present.0.decoder.key'], axis=2),
        helper.make_node('Concat', ['past_key_values.0.decoder.value', 'new_kv'], ['present.0.decoder.value'], axis=2),
        helper.make_node('Identity', ['enc_kv'], ['present.0.encoder.key']),
        helper.make_node('Identity', ['enc_kv'], ['present.0.encoder.value']),
        # colour and detail level: the strongest signal anywhere in the (masked) encoder states
        helper.make_node('Cast', ['encoder_attention_mask'], ['emaskf'], to=TensorProto.FLOAT),
        helper.make_node('Unsqueeze', ['emaskf', 'axis2'], ['emask3']),
        helper.make_node('Mul', ['encoder_hidden_states', 'emask3'], ['enc_masked']),
        helper.make_node('ReduceMax', ['enc_masked'], ['enc_max'], axes=[1], keepdims=0),
        helper.make_node('Slice', ['enc_max', 'colour_start', 'colour_end', 'axis1'], ['colour_vec']),
        helper.make_node('ArgMax', ['colour_vec'], ['colour'], axis=1, keepdims=0),
        helper.make_node('Slice', ['enc_max', 'level_start', 'level_end', 'axis1'], ['level_vec']),
        helper.make_node('Cast', ['level_vec'], ['level_i'], to=TensorProto.INT64),
        helper.make_node('Reshape', ['level_i', 'flat'], ['level']),
    ] + next_token_nodes('level', 'colour', ns, 3) + [
        helper.make_node('Cast', ['use_cache_branch'], ['ucb'], to=TensorProto.FLOAT),
        helper.make_node('Mul', ['ucb', 'zero'], ['ucb0']),
        helper.make_node('Add', ['logits_raw', 'ucb0'], ['logits']),
    ]
    graph = helper.make_graph(
        nodes, 'florence2_decoder_merged',
        [helper.make_tensor_value_info('encoder_attention_mask', TensorProto.INT64, ['batch_size', 'encoder_sequence_length']),
         helper.make_tensor_value_info('encoder_hidden_states', TensorProto.FLOAT, ['batch_size', 'encoder_sequence_length', HIDDEN]),
         helper.make_tensor_value_info('inputs_embeds', TensorProto.FLOAT, ['batch_size', 'decoder_sequence_length', HIDDEN]),
         kv_info('past_key_values.0.decoder.key', 'past_decoder_sequence_length'),
         kv_info('past_key_values.0.decoder.value', 'past_decoder_sequence_length'),
         kv_info('past_key_values.0.encoder.key', 'encoder_sequence_length_out'),
         kv_info('past_key_values.0.encoder.value', 'encoder_sequence_length_out'),
         helper.make_tensor_value_info('use_cache_branch', TensorProto.BOOL, [1])],
        [helper.make_tensor_value_info('logits', TensorProto.FLOAT, ['batch_size', 'decoder_sequence_length', vocab_size]),
         kv_info('present.0.decoder.key', 'present_decoder_sequence_length'),
         kv_info('present.0.decoder.value', 'present_decoder_sequence_length'),
         kv_info('present.0.encoder.key', 'encoder_sequence_length_out'),
         kv_info('present.0.encoder.value', 'encoder_sequence_length_out')],
        decoder_consts(table, ns, vocab_size))
    save(graph, path)


def decoder_smolvlm(path, table, ns, vocab_size):
    nodes = heads_nodes('inputs_embeds', 'new_kv') + [
        helper.make_node('Concat', ['past_key_values.0.key', 'new_kv'], ['present.0.key'], axis=2),
        helper.make_node('Concat', ['past_key_values.0.value', 'new_kv'], ['present.0.value'], axis=2),
        # colour: the strongest image feature anywhere in the attended cache (head 0 holds the colour dims)
        helper.make_node('Slice', ['present.0.value', 'colour_start', 'axis1', 'axis1'], ['head0']),
        helper.make_node('Cast', ['attention_mask'], ['amaskf'], to=TensorProto.FLOAT),
        helper.make_node('Unsqueeze', ['amaskf', 'axis13'], ['amask4']),
        helper.make_node('Mul', ['head0', 'amask4'], ['head0_masked']),
        helper.make_node('ReduceMax', ['head0_masked'], ['head0_max'], axes=[1, 2], keepdims=0),
        helper.make_node('Slice', ['head0_max', 'colour_start', 'colour_end', 'axis1'], ['colour_vec']),
        helper.make_node('ArgMax', ['colour_vec'], ['colour'], axis=1, keepdims=0),
        helper.make_node('Mul', ['colour', 'zero_i'], ['level']),
    ] + next_token_nodes('level', 'colour', ns, 1) + [
        helper.make_node('Cast', ['position_ids'], ['posf'], to=TensorProto.FLOAT),
        helper.make_node('ReduceMax', ['posf'], ['pos_max'], keepdims=0),
        helper.make_node('Mul', ['pos_max', 'zero'], ['pos0']),
        helper.make_node('Add', ['logits_raw', 'pos0'], ['logits']),
    ]
    graph = helper.make_graph(
        nodes, 'smolvlm_decoder_merged',
        [helper.make_tensor_value_info('inputs_embeds', TensorProto.FLOAT, ['batch_size', 'sequence_length', HIDDEN]),
         helper.make_tensor_value_info('attention_mask', TensorProto.INT64, ['batch_size', 'total_sequence_length']),
         helper.make_tensor_value_info('position_ids', TensorProto.INT64, ['batch_size', 'sequence_length']),
         kv_info('past_key_values.0.key', 'past_sequence_length'),
         kv_info('past_key_values.0.value', 'past_sequence_length')],
        [helper.make_tensor_value_info('logits', TensorProto.FLOAT, ['batch_size', 'sequence_length', vocab_size]),
         kv_info('present.0.key', 'total_sequence_length'),
         kv_info('present.0.value', 'total_sequence_length')],
        decoder_consts(table, ns, vocab_size) + [const('zero_i', np.array(0, np.int64))])
    save(graph, path)


def write_json(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8') as f:
        json.dump(data, f, indent=2, ensure_ascii=False)
        f.write('\n')


def write_text(path, text):
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)


# ---------------------------------------------------------------- Florence-2 fixture

FLORENCE_PROMPTS = {
    '<CAPTION>': 'What does the image describe?',
    '<DETAILED_CAPTION>': 'Describe in detail what is shown in the image.',
    '<MORE_DETAILED_CAPTION>': 'Describe with a paragraph what is shown in the image.',
}
IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]


def build_florence(out):
    vocab = Vocab(['<s>', '<pad>', '</s>', '<unk>'])
    machine = StateMachine(vocab, levels=3, eos_id=vocab.ids['</s>'], start_tokens=['<s>', '</s>'])
    for ci, c in enumerate(COLOURS):
        machine.sentence(0, ci, f'A plain {c} image.')
        machine.sentence(1, ci, f'The image shows a plain {c} background.')
        machine.sentence(2, ci, f'The image shows a plain {c} background, with nothing else in the picture.')
    for level in range(3):
        machine.sentence(level, NONE, 'Nothing is visible.')
    levels = {vocab.add('Ġdetail'): 1, vocab.add('Ġparagraph'): 2}
    table, ns = machine.table()
    emb = embedding_table(vocab, machine, levels)
    v = len(vocab)

    vision_encoder_florence(os.path.join(out, 'onnx', 'vision_encoder.onnx'), normalised_prototypes(IMAGENET_MEAN, IMAGENET_STD))
    embed_tokens(os.path.join(out, 'onnx', 'embed_tokens.onnx'), emb)
    encoder_florence(os.path.join(out, 'onnx', 'encoder_model.onnx'))
    decoder_florence(os.path.join(out, 'onnx', 'decoder_model_merged.onnx'), table, ns, v)

    text_config = {'model_type': 'florence2_language', 'd_model': HIDDEN, 'encoder_layers': 1, 'decoder_layers': 1,
                   'encoder_attention_heads': HEADS, 'decoder_attention_heads': HEADS, 'vocab_size': v,
                   'bos_token_id': 0, 'pad_token_id': 1, 'eos_token_id': 2, 'decoder_start_token_id': 2,
                   'is_encoder_decoder': True, 'max_position_embeddings': 1024}
    write_json(os.path.join(out, 'config.json'), {
        '_comment': 'Sightline fixture: a tiny colour-captioning stand-in with the Florence-2 ONNX contract.',
        'architectures': ['Florence2ForConditionalGeneration'], 'model_type': 'florence2', 'is_encoder_decoder': True,
        'bos_token_id': 0, 'pad_token_id': 1, 'eos_token_id': 2, 'decoder_start_token_id': 2, 'vocab_size': v,
        'projection_dim': HIDDEN, 'text_config': text_config,
        'vision_config': {'model_type': 'davit', 'projection_dim': HIDDEN, 'image_feature_source': ['spatial_avg_pool']},
    })
    write_json(os.path.join(out, 'generation_config.json'), {
        'bos_token_id': 0, 'decoder_start_token_id': 2, 'eos_token_id': 2, 'forced_bos_token_id': 0,
        'forced_eos_token_id': 2, 'no_repeat_ngram_size': 3, 'num_beams': 1, 'pad_token_id': 1,
    })
    write_json(os.path.join(out, 'preprocessor_config.json'), {
        'processor_class': 'Florence2Processor', 'image_processor_type': 'CLIPImageProcessor',
        'do_resize': True, 'size': {'height': FLORENCE_IMAGE_SIZE, 'width': FLORENCE_IMAGE_SIZE}, 'resample': 3,
        'do_center_crop': False, 'crop_size': {'height': FLORENCE_IMAGE_SIZE, 'width': FLORENCE_IMAGE_SIZE},
        'do_rescale': True, 'rescale_factor': 1 / 255,
        'do_normalize': True, 'image_mean': IMAGENET_MEAN, 'image_std': IMAGENET_STD, 'do_convert_rgb': True,
        'image_seq_length': IMAGE_TOKENS_FLORENCE,
        'tasks_answer_post_processing_type': {'<CAPTION>': 'pure_text', '<DETAILED_CAPTION>': 'pure_text',
                                              '<MORE_DETAILED_CAPTION>': 'pure_text'},
        'task_prompts_without_inputs': FLORENCE_PROMPTS,
        'task_prompts_with_input': {},
    })
    write_json(os.path.join(out, 'tokenizer.json'), tokenizer_json(vocab, {
        'type': 'RobertaProcessing', 'sep': ['</s>', 2], 'cls': ['<s>', 0], 'trim_offsets': True, 'add_prefix_space': False}))
    write_json(os.path.join(out, 'tokenizer_config.json'), {
        'tokenizer_class': 'BartTokenizer', 'bos_token': '<s>', 'eos_token': '</s>', 'pad_token': '<pad>',
        'unk_token': '<unk>', 'cls_token': '<s>', 'sep_token': '</s>', 'add_prefix_space': False,
        'model_max_length': 1024, 'clean_up_tokenization_spaces': False,
    })


# ---------------------------------------------------------------- SmolVLM fixture

SMOLVLM_CHAT_TEMPLATE = (
    "<|im_start|>{% for message in messages %}{{message['role'] | capitalize}}"
    "{% if message['content'][0]['type'] == 'image' %}{{':'}}{% else %}{{': '}}{% endif %}"
    "{% for line in message['content'] %}{% if line['type'] == 'text' %}{{line['text']}}"
    "{% elif line['type'] == 'image' %}{{ '<image>' }}{% endif %}{% endfor %}<end_of_utterance>\n{% endfor %}"
    "{% if add_generation_prompt %}{{ 'Assistant:' }}{% endif %}"
)
SIGLIP_MEAN = [0.5, 0.5, 0.5]
SIGLIP_STD = [0.5, 0.5, 0.5]


def build_smolvlm(out):
    specials = ['<|endoftext|>', '<|im_start|>', '<|im_end|>']
    vocab = Vocab(specials)
    for s in ['<end_of_utterance>', '<image>', '<fake_token_around_image>', '<global-img>'] + \
             [f'<row_{r}_col_{c}>' for r in range(1, 5) for c in range(1, 5)]:
        vocab.add(s, special=True)
    eos = vocab.ids['<end_of_utterance>']
    machine = StateMachine(vocab, levels=1, eos_id=eos, start_tokens=[':'])
    for ci, c in enumerate(COLOURS):
        machine.sentence(0, ci, f' It is {c}.')
    machine.sentence(0, NONE, ' I see no image.')
    table, ns = machine.table()
    emb = embedding_table(vocab, machine, {})
    v = len(vocab)

    vision_encoder_smolvlm(os.path.join(out, 'onnx', 'vision_encoder.onnx'), normalised_prototypes(SIGLIP_MEAN, SIGLIP_STD))
    embed_tokens(os.path.join(out, 'onnx', 'embed_tokens.onnx'), emb)
    decoder_smolvlm(os.path.join(out, 'onnx', 'decoder_model_merged.onnx'), table, ns, v)

    write_json(os.path.join(out, 'config.json'), {
        '_comment': 'Sightline fixture: a tiny colour-answering stand-in with the SmolVLM (Idefics3) ONNX contract.',
        'architectures': ['Idefics3ForConditionalGeneration'], 'model_type': 'idefics3',
        'image_token_id': vocab.ids['<image>'], 'scale_factor': SMOLVLM_SCALE_FACTOR, 'vocab_size': v, 'tie_word_embeddings': False,
        'text_config': {'model_type': 'llama', 'hidden_size': HIDDEN, 'num_hidden_layers': 1,
                        'num_attention_heads': HEADS, 'num_key_value_heads': HEADS, 'head_dim': HEAD_DIM,
                        'vocab_size': v, 'max_position_embeddings': 8192, 'bos_token_id': 1, 'eos_token_id': eos,
                        'pad_token_id': 2},
        'vision_config': {'model_type': 'idefics3_vision', 'hidden_size': HIDDEN, 'image_size': SMOLVLM_TILE, 'patch_size': SMOLVLM_PATCH},
    })
    write_json(os.path.join(out, 'generation_config.json'), {
        'bos_token_id': 1, 'eos_token_id': eos, 'pad_token_id': 2,
    })
    write_json(os.path.join(out, 'preprocessor_config.json'), {
        'processor_class': 'Idefics3Processor', 'image_processor_type': 'Idefics3ImageProcessor',
        'do_convert_rgb': True, 'do_resize': True, 'size': {'longest_edge': SMOLVLM_LONGEST_EDGE}, 'resample': 1,
        'do_rescale': True, 'rescale_factor': 1 / 255, 'do_normalize': True, 'image_mean': SIGLIP_MEAN,
        'image_std': SIGLIP_STD, 'do_pad': True, 'do_image_splitting': True, 'max_image_size': {'longest_edge': SMOLVLM_TILE},
    })
    write_json(os.path.join(out, 'processor_config.json'), {'image_seq_len': IMAGE_SEQ_LEN_SMOLVLM, 'processor_class': 'Idefics3Processor'})
    write_json(os.path.join(out, 'chat_template.json'), {'chat_template': SMOLVLM_CHAT_TEMPLATE})
    write_json(os.path.join(out, 'tokenizer.json'), tokenizer_json(vocab, {
        'type': 'ByteLevel', 'add_prefix_space': True, 'trim_offsets': False, 'use_regex': True}))
    write_json(os.path.join(out, 'tokenizer_config.json'), {
        'tokenizer_class': 'GPT2Tokenizer', 'bos_token': '<|im_start|>', 'eos_token': '<end_of_utterance>',
        'pad_token': '<|im_end|>', 'unk_token': '<|endoftext|>', 'add_prefix_space': False,
        'model_max_length': 8192, 'clean_up_tokenization_spaces': False,
        # No chat_template here: the template lives only in chat_template.json, which Transformers.js does not read
        # for Idefics3, so every fixture test goes through the loader's explicit template (the real repository's
        # location could not be established; see models/README.md).
    })


# ---------------------------------------------------------------- manifest update

def git_blob_sha1(data):
    return hashlib.sha1(b'blob ' + str(len(data)).encode() + b'\0' + data).hexdigest()


def file_entries(model_dir):
    entries = []
    for base, _, names in sorted(os.walk(model_dir)):
        for name in sorted(names):
            full = os.path.join(base, name)
            with open(full, 'rb') as f:
                data = f.read()
            rel = os.path.relpath(full, model_dir).replace(os.sep, '/')
            entries.append({'path': rel, 'size': len(data), 'sha256': hashlib.sha256(data).hexdigest(),
                            'gitSha1': git_blob_sha1(data)})
    return entries


def update_manifest():
    path = os.path.join(MODELS, 'manifest.json')
    with open(path, encoding='utf-8') as f:
        manifest = json.load(f)
    # Every committed fixture model (the Whisper one is built by its own script) gets its files re-hashed.
    for key, model in manifest['models'].items():
        if key.startswith('fixture-') and os.path.isdir(os.path.join(MODELS, model['dir'])):
            # The fixture takes the dtype table of the real model it mirrors, and each graph the device classes of
            # the real file set it stands for.
            model['dtype'] = real_dtypes(manifest, key)
            model['files'] = [dict(e, **({'devices': devices_of(manifest, key, e['path'])} if devices_of(manifest, key, e['path']) else {}))
                              for e in file_entries(os.path.join(MODELS, model['dir']))]
    write_json(path, manifest)


def main():
    if '--manifest-only' in sys.argv:
        update_manifest()
        print('fixture hashes updated in models/manifest.json')
        return
    manifest = load_manifest(MODELS)
    build_florence(os.path.join(MODELS, 'fixture', 'florence2'))
    rename_by_dtype(os.path.join(MODELS, 'fixture', 'florence2'), 'fixture-florence2', manifest)
    build_smolvlm(os.path.join(MODELS, 'fixture', 'smolvlm'))
    rename_by_dtype(os.path.join(MODELS, 'fixture', 'smolvlm'), 'fixture-smolvlm', manifest)
    if '--no-manifest' not in sys.argv:
        update_manifest()
    print('fixture pack written to models/fixture/')


if __name__ == '__main__':
    main()
