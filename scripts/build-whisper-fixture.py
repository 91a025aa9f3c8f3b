#!/usr/bin/python3
"""Builds the fixture Whisper under models/fixture/whisper/: a tiny, real ONNX encoder and merged decoder with
Whisper's input/output contract (input_features [B,80,3000] -> last_hidden_state [B,1500,d]; a merged decoder with
input_ids, encoder_hidden_states, past_key_values.*.{decoder,encoder}.{key,value}, use_cache_branch -> logits and
present.*), plus the config, generation, preprocessor and tokenizer files Transformers.js loads for Whisper.

It is audio-conditioned, so tests prove the samples reach the model: the encoder reports the loudest log-mel value
and how many mel bands are loud. Speech (loud, broad) is heard as "what color is this?", a pure tone (loud, a few
bands) as "beep", and silence as nothing.

Run with Debian's python3 (python3-onnx, python3-numpy): /usr/bin/python3 scripts/build-whisper-fixture.py
Deterministic: the same bytes on every run.
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture_bytes import byte_chars  # noqa: E402
from fixture_dtypes import load_manifest, rename_by_dtype  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
OUT = os.path.join(ROOT, 'models', 'fixture', 'whisper')

D_MODEL = 8
HEADS = 2
HEAD_DIM = D_MODEL // HEADS
N_MELS = 80
FRAMES = 3000
SOURCE_POSITIONS = 1500
# Log-mel features are (log10(power) + 4) / 4: digital silence gives -1.5, speech and tones well above 1.
SOUND_THRESHOLD = 0.25
# Speech spreads energy over many mel bands; a pure tone fills a few. Bands within 20 dB (0.5) of the loudest count.
BAND_MARGIN = 0.5
BROAD_BANDS = 28
OPSET = 14


BYTE_CHARS = byte_chars()
# What the fixture can say: the question it hears in speech, and what it hears in a pure tone.
QUESTION = ['Ġwhat', 'Ġcolor', 'Ġis', 'Ġthis', '?']
TONE = ['Ġbeep']


def word_pieces(words):
    """BPE pieces and merges that build each word left to right (Ġ w, Ġw h, Ġwh a, …)."""
    pieces, merges = [], []
    for word in words:
        if len(word) == 1:
            continue
        current = word[0]
        for ch in word[1:]:
            merges.append(f'{current} {ch}')
            current += ch
            pieces.append(current)
    return pieces, merges


WORD_PIECES, MERGES = word_pieces(QUESTION + TONE)
SPECIAL = ['<|endoftext|>', '<|startoftranscript|>', '<|en|>', '<|translate|>', '<|transcribe|>',
           '<|startoflm|>', '<|startofprev|>', '<|nocaptions|>', '<|notimestamps|>']

VOCAB = {tok: i for i, tok in enumerate(BYTE_CHARS + WORD_PIECES)}
SPECIAL_IDS = {tok: len(VOCAB) + i for i, tok in enumerate(SPECIAL)}
VOCAB_SIZE = len(VOCAB) + len(SPECIAL)
def token_id(piece):
    return VOCAB[piece]


EOS = SPECIAL_IDS['<|endoftext|>']
SOT = SPECIAL_IDS['<|startoftranscript|>']
NO_TIMESTAMPS = SPECIAL_IDS['<|notimestamps|>']


def save(model, name):
    model.producer_name = 'sightline-fixture'
    model.ir_version = 8
    onnx.checker.check_model(model)
    os.makedirs(os.path.join(OUT, 'onnx'), exist_ok=True)
    onnx.save(model, os.path.join(OUT, 'onnx', name))


def build_encoder():
    """last_hidden_state[b, t, :] = [loudest log-mel value, number of loud mel bands, 0, …] for every t."""
    e0 = np.zeros((1, 1, D_MODEL), dtype=np.float32)
    e0[0, 0, 0] = 1
    e1 = np.zeros((1, 1, D_MODEL), dtype=np.float32)
    e1[0, 0, 1] = 1
    nodes = [
        helper.make_node('ReduceMax', ['input_features'], ['loudest'], axes=[1, 2], keepdims=1),
        helper.make_node('ReduceMax', ['input_features'], ['band_peak'], axes=[2], keepdims=1),
        helper.make_node('Sub', ['loudest', 'margin'], ['band_floor']),
        helper.make_node('Greater', ['band_peak', 'band_floor'], ['band_loud_bool']),
        helper.make_node('Cast', ['band_loud_bool'], ['band_loud'], to=TensorProto.FLOAT),
        helper.make_node('ReduceSum', ['band_loud', 'sum_axes'], ['bands'], keepdims=1),
        helper.make_node('Mul', ['loudest', 'e0'], ['h0']),
        helper.make_node('Mul', ['bands', 'e1'], ['h1']),
        helper.make_node('Add', ['h0', 'h1'], ['summary']),
        helper.make_node('Expand', ['summary', 'hidden_shape'], ['last_hidden_state']),
    ]
    graph = helper.make_graph(
        nodes, 'whisper_fixture_encoder',
        [helper.make_tensor_value_info('input_features', TensorProto.FLOAT, ['batch_size', N_MELS, FRAMES])],
        [helper.make_tensor_value_info('last_hidden_state', TensorProto.FLOAT, ['batch_size', SOURCE_POSITIONS, D_MODEL])],
        [numpy_helper.from_array(np.array([1, SOURCE_POSITIONS, D_MODEL], dtype=np.int64), 'hidden_shape'),
         numpy_helper.from_array(np.array(BAND_MARGIN, dtype=np.float32), 'margin'),
         numpy_helper.from_array(np.array([1], dtype=np.int64), 'sum_axes'),
         numpy_helper.from_array(e0, 'e0'), numpy_helper.from_array(e1, 'e1')],
    )
    save(helper.make_model(graph, opset_imports=[helper.make_opsetid('', OPSET)]), 'encoder_model.onnx')


def next_token_table(words):
    """A lookup table: the token that follows each token (the words in order after <|notimestamps|>, then EOS)."""
    table = np.full(VOCAB_SIZE, EOS, dtype=np.int64)
    previous = NO_TIMESTAMPS
    for word in words:
        table[previous] = token_id(word)
        previous = token_id(word)
    return table


def build_decoder():
    f32 = TensorProto.FLOAT
    eos_vec = np.zeros(VOCAB_SIZE, dtype=np.float32)
    eos_vec[EOS] = 10.0
    inits = [
        numpy_helper.from_array(next_token_table(QUESTION), 'speech_next'),
        numpy_helper.from_array(next_token_table(TONE), 'tone_next'),
        numpy_helper.from_array(np.array(VOCAB_SIZE, dtype=np.int64), 'depth'),
        numpy_helper.from_array(np.array([0.0, 10.0], dtype=np.float32), 'onehot_values'),
        numpy_helper.from_array(eos_vec, 'eos_logits'),
        numpy_helper.from_array(np.array(SOUND_THRESHOLD, dtype=np.float32), 'threshold'),
        numpy_helper.from_array(np.array(BROAD_BANDS, dtype=np.float32), 'broad_bands'),
        numpy_helper.from_array(np.array(1.0, dtype=np.float32), 'one'),
        numpy_helper.from_array(np.array(0.0, dtype=np.float32), 'zero'),
        numpy_helper.from_array(np.array([0, 0], dtype=np.int64), 'loud_starts'),
        numpy_helper.from_array(np.array([1, 1], dtype=np.int64), 'loud_ends'),
        numpy_helper.from_array(np.array([0, 1], dtype=np.int64), 'bands_starts'),
        numpy_helper.from_array(np.array([1, 2], dtype=np.int64), 'bands_ends'),
        numpy_helper.from_array(np.array([1, 2], dtype=np.int64), 'slice_axes'),
        numpy_helper.from_array(np.ones((1, HEADS, 1, HEAD_DIM), dtype=np.float32), 'kv_heads'),
        numpy_helper.from_array(np.array([0, SOURCE_POSITIONS, HEADS, HEAD_DIM], dtype=np.int64), 'enc_split_shape'),
        numpy_helper.from_array(np.array([1, 3], dtype=np.int64), 'axes_1_3'),
    ]
    nodes = [
        # What the encoder heard: sound at all (loudest > threshold), and speech-like breadth (many loud bands).
        helper.make_node('Slice', ['encoder_hidden_states', 'loud_starts', 'loud_ends', 'slice_axes'], ['loudest']),
        helper.make_node('Slice', ['encoder_hidden_states', 'bands_starts', 'bands_ends', 'slice_axes'], ['bands']),
        helper.make_node('Greater', ['loudest', 'threshold'], ['sound_bool']),
        helper.make_node('Cast', ['sound_bool'], ['sound'], to=f32),
        helper.make_node('Greater', ['bands', 'broad_bands'], ['broad_bool']),
        helper.make_node('Cast', ['broad_bool'], ['broad'], to=f32),
        helper.make_node('Sub', ['one', 'broad'], ['narrow']),
        helper.make_node('Sub', ['one', 'sound'], ['quiet']),
        # The next word follows from the last token: a lookup table per kind of sound, as one-hot logits.
        helper.make_node('Gather', ['speech_next', 'input_ids'], ['speech_ids']),
        helper.make_node('Gather', ['tone_next', 'input_ids'], ['tone_ids']),
        helper.make_node('OneHot', ['speech_ids', 'depth', 'onehot_values'], ['speech_logits'], axis=-1),
        helper.make_node('OneHot', ['tone_ids', 'depth', 'onehot_values'], ['tone_logits'], axis=-1),
        helper.make_node('Mul', ['speech_logits', 'broad'], ['speech_part']),
        helper.make_node('Mul', ['tone_logits', 'narrow'], ['tone_part']),
        helper.make_node('Add', ['speech_part', 'tone_part'], ['heard']),
        helper.make_node('Mul', ['heard', 'sound'], ['heard_part']),
        helper.make_node('Mul', ['eos_logits', 'quiet'], ['quiet_part']),
        # The cache flag takes part (times zero) so the input is real and the graph stays valid for any value.
        helper.make_node('Cast', ['use_cache_branch'], ['cache_flag'], to=f32),
        helper.make_node('Mul', ['cache_flag', 'zero'], ['cache_zero']),
        helper.make_node('Add', ['heard_part', 'quiet_part'], ['mixed']),
        helper.make_node('Add', ['mixed', 'cache_zero'], ['logits']),
        # Self-attention cache grows by the new tokens: past ++ (token ids broadcast over heads and head_dim).
        helper.make_node('Cast', ['input_ids'], ['ids_f'], to=f32),
        helper.make_node('Unsqueeze', ['ids_f', 'axes_1_3'], ['ids_4d']),
        helper.make_node('Mul', ['ids_4d', 'kv_heads'], ['new_kv']),
        helper.make_node('Concat', ['past_key_values.0.decoder.key', 'new_kv'], ['present.0.decoder.key'], axis=2),
        helper.make_node('Concat', ['past_key_values.0.decoder.value', 'new_kv'], ['present.0.decoder.value'], axis=2),
        # Cross-attention cache: encoder states split into heads [B,H,1500,hd].
        helper.make_node('Reshape', ['encoder_hidden_states', 'enc_split_shape'], ['enc_split']),
        helper.make_node('Transpose', ['enc_split'], ['present.0.encoder.key'], perm=[0, 2, 1, 3]),
        helper.make_node('Identity', ['present.0.encoder.key'], ['present.0.encoder.value']),
        # Past cross-attention entries are accepted (the contract) but the fixture recomputes them.
        helper.make_node('Shape', ['past_key_values.0.encoder.key'], ['past_enc_k_shape']),
        helper.make_node('Shape', ['past_key_values.0.encoder.value'], ['past_enc_v_shape']),
    ]
    kv = lambda name, seq: helper.make_tensor_value_info(name, f32, ['batch_size', HEADS, seq, HEAD_DIM])
    inputs = [
        helper.make_tensor_value_info('input_ids', TensorProto.INT64, ['batch_size', 'decoder_sequence_length']),
        helper.make_tensor_value_info('encoder_hidden_states', f32, ['batch_size', 'encoder_sequence_length', D_MODEL]),
        kv('past_key_values.0.decoder.key', 'past_decoder_sequence_length'),
        kv('past_key_values.0.decoder.value', 'past_decoder_sequence_length'),
        kv('past_key_values.0.encoder.key', 'encoder_sequence_length_out'),
        kv('past_key_values.0.encoder.value', 'encoder_sequence_length_out'),
        helper.make_tensor_value_info('use_cache_branch', TensorProto.BOOL, [1]),
    ]
    outputs = [
        helper.make_tensor_value_info('logits', f32, ['batch_size', 'decoder_sequence_length', VOCAB_SIZE]),
        kv('present.0.decoder.key', 'past_decoder_sequence_length + 1'),
        kv('present.0.decoder.value', 'past_decoder_sequence_length + 1'),
        kv('present.0.encoder.key', 'encoder_sequence_length_out'),
        kv('present.0.encoder.value', 'encoder_sequence_length_out'),
    ]
    graph = helper.make_graph(nodes, 'whisper_fixture_decoder_merged', inputs, outputs, inits)
    save(helper.make_model(graph, opset_imports=[helper.make_opsetid('', OPSET)]), 'decoder_model_merged.onnx')


def write_json(name, value):
    with open(os.path.join(OUT, name), 'w', encoding='utf-8') as f:
        json.dump(value, f, indent=2, ensure_ascii=False, sort_keys=True)
        f.write('\n')


def build_configs():
    write_json('config.json', {
        'model_type': 'whisper', 'architectures': ['WhisperForConditionalGeneration'], 'is_encoder_decoder': True,
        'd_model': D_MODEL, 'encoder_layers': 1, 'decoder_layers': 1,
        'encoder_attention_heads': HEADS, 'decoder_attention_heads': HEADS,
        'num_mel_bins': N_MELS, 'max_source_positions': SOURCE_POSITIONS, 'max_target_positions': 448,
        'vocab_size': VOCAB_SIZE, 'bos_token_id': EOS, 'eos_token_id': EOS, 'pad_token_id': EOS,
        'decoder_start_token_id': SOT, 'begin_suppress_tokens': None, 'suppress_tokens': None,
        'use_cache': True, 'torch_dtype': 'float32',
    })
    write_json('generation_config.json', {
        'bos_token_id': EOS, 'eos_token_id': EOS, 'pad_token_id': EOS, 'decoder_start_token_id': SOT,
        'no_timestamps_token_id': NO_TIMESTAMPS, 'is_multilingual': False, 'max_length': 32,
        'forced_decoder_ids': None, 'begin_suppress_tokens': None, 'suppress_tokens': [],
    })
    write_json('preprocessor_config.json', {
        'feature_extractor_type': 'WhisperFeatureExtractor', 'processor_class': 'WhisperProcessor',
        'feature_size': N_MELS, 'hop_length': 160, 'n_fft': 400, 'n_samples': 480000, 'nb_max_frames': FRAMES,
        'chunk_length': 30, 'sampling_rate': 16000, 'padding_side': 'right', 'padding_value': 0.0,
        'return_attention_mask': False,
    })
    write_json('tokenizer_config.json', {
        'tokenizer_class': 'WhisperTokenizer', 'bos_token': '<|endoftext|>', 'eos_token': '<|endoftext|>',
        'unk_token': '<|endoftext|>', 'pad_token': '<|endoftext|>', 'model_max_length': 1024,
        'add_prefix_space': False, 'errors': 'replace', 'clean_up_tokenization_spaces': True,
    })
    byte_level = {'type': 'ByteLevel', 'add_prefix_space': False, 'trim_offsets': True, 'use_regex': True}
    write_json('tokenizer.json', {
        'version': '1.0', 'truncation': None, 'padding': None,
        'added_tokens': [{'id': SPECIAL_IDS[t], 'content': t, 'single_word': False, 'lstrip': False,
                          'rstrip': False, 'normalized': False, 'special': True} for t in SPECIAL],
        'normalizer': None, 'pre_tokenizer': byte_level, 'post_processor': byte_level, 'decoder': byte_level,
        'model': {'type': 'BPE', 'dropout': None, 'unk_token': None, 'continuing_subword_prefix': '',
                  'end_of_word_suffix': '', 'fuse_unk': False, 'byte_fallback': False,
                  'vocab': VOCAB, 'merges': MERGES},
    })


def main():
    for name in os.listdir(os.path.join(OUT, 'onnx')) if os.path.isdir(os.path.join(OUT, 'onnx')) else []:
        os.remove(os.path.join(OUT, 'onnx', name))
    build_encoder()
    build_decoder()
    # Under Whisper base.en's names: q8 (`_quantized`) graphs for the CPU, fp16 for the GPU.
    rename_by_dtype(OUT, 'fixture-whisper', load_manifest(os.path.join(ROOT, 'models')))
    build_configs()
    print(f'wrote {OUT} (vocab {VOCAB_SIZE}, eos={EOS})', file=sys.stderr)


if __name__ == '__main__':
    main()
