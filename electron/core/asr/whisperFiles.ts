import { existsSync } from 'node:fs';
import path from 'node:path';
import { SightlineError } from '../common/errors';
import { activePack, fetchHint } from '../models/paths';
import { requireInstalled, resolveModel } from '../models/resolve';

/** The files Transformers.js needs to run a Whisper checkpoint; checked before loading so errors name what is missing. */
const REQUIRED = Object.freeze([
  'config.json',
  'generation_config.json',
  'preprocessor_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
]);

/** ONNX file suffixes by Transformers.js dtype, most preferred first on CPU (int8 is fastest there). */
const DTYPE_SUFFIXES: ReadonlyArray<readonly [dtype: 'q8' | 'fp32' | 'q4' | 'fp16', suffix: string]> = Object.freeze([
  ['q8', '_quantized'],
  ['fp32', ''],
  ['q4', '_q4'],
  ['fp16', '_fp16'],
]);

export interface WhisperFiles {
  /** Directory holding config.json and onnx/. */
  readonly dir: string;
  readonly dtype: 'q8' | 'fp32' | 'q4' | 'fp16';
  /** A short name for reports, e.g. "fixture/whisper". */
  readonly name: string;
}

/**
 * Finds the Whisper of the active pack through models/manifest.json (the pack's `transcribe` slot), or
 * $SIGHTLINE_WHISPER_DIR when set (a checkpoint outside any pack, e.g. a developer's whisper-small.en).
 * A missing or incomplete model is `model-missing` (exit 4) naming the command that installs it.
 */
export function locateWhisper(env: NodeJS.ProcessEnv = process.env): WhisperFiles {
  if (env.SIGHTLINE_WHISPER_DIR) return locateDir(path.resolve(env.SIGHTLINE_WHISPER_DIR), 'whisper', 'default');
  const pack = activePack(undefined, env);
  const resolved = resolveModel(pack, 'transcribe', { env });
  if (!resolved) throw new SightlineError('model-missing', `model pack "${pack}" has no speech model; use a pack with one (e.g. SIGHTLINE_PACK=default)`);
  requireInstalled(resolved, 'speech (whisper)');
  const spec = resolved.dtypeFor('cpu');
  const dtype = typeof spec === 'string' ? spec : spec.encoder_model ?? 'fp32';
  const known = DTYPE_SUFFIXES.find(([name]) => name === dtype);
  if (!known) throw new SightlineError('model-missing', `speech model ${resolved.name}: unsupported dtype "${dtype}" in the manifest`);
  return { dir: resolved.dir, dtype: known[0], name: resolved.name };
}

function locateDir(dir: string, label: string, pack: string): WhisperFiles {
  const hint = fetchHint(pack);
  const missing = REQUIRED.filter((file) => !existsSync(path.join(dir, file)));
  if (missing.length > 0) {
    throw new SightlineError('model-missing', `speech model (${label}) not installed in ${dir}: missing ${missing.join(', ')}; ${hint}`);
  }
  const found = DTYPE_SUFFIXES.find(([, suffix]) =>
    existsSync(path.join(dir, 'onnx', `encoder_model${suffix}.onnx`)) && existsSync(path.join(dir, 'onnx', `decoder_model_merged${suffix}.onnx`)));
  if (!found) {
    throw new SightlineError('model-missing', `speech model (${label}) in ${dir} has no onnx/encoder_model and decoder_model_merged files; ${hint}`);
  }
  return { dir, dtype: found[0], name: dir };
}
