import { existsSync } from 'node:fs';
import path from 'node:path';
import { SightlineError } from '../common/errors';
import type { ManifestFile, ManifestModel } from '../models/manifest';
import { activePack, fetchHint } from '../models/paths';
import { requireInstalled, resolveModel, type ResolvedModel } from '../models/resolve';

/** The files Transformers.js needs to run a Whisper checkpoint; checked before loading so errors name what is missing. */
const REQUIRED = Object.freeze([
  'config.json',
  'generation_config.json',
  'preprocessor_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
]);

/** ONNX file suffixes by Transformers.js dtype, most preferred first on CPU (int8 is fastest there). */
const DTYPE_SUFFIXES: ReadonlyArray<readonly [dtype: string, suffix: string]> = Object.freeze([
  ['q8', '_quantized'],
  ['fp32', ''],
  ['q4', '_q4'],
  ['fp16', '_fp16'],
]);

/**
 * Finds the Whisper of the active pack through models/manifest.json (the pack's `transcribe` slot), or
 * $SIGHTLINE_WHISPER_DIR when set (a checkpoint outside any pack, e.g. a developer's whisper-small.en).
 * A missing model is `model-missing` (exit 4) naming the command that installs it. The result loads through the
 * same loader as the vision models (device fallback, GPU file set, one Transformers.js instance).
 */
export function locateWhisper(env: NodeJS.ProcessEnv = process.env): ResolvedModel {
  if (env.SIGHTLINE_WHISPER_DIR) return locateDir(path.resolve(env.SIGHTLINE_WHISPER_DIR));
  const pack = activePack(undefined, env);
  const resolved = resolveModel(pack, 'transcribe', { env });
  if (!resolved) throw new SightlineError('model-missing', `model pack "${pack}" has no speech model; use a pack with one (e.g. SIGHTLINE_PACK=default)`);
  if (resolved.family !== 'whisper') throw new SightlineError('model-missing', `speech model ${resolved.name}: family "${resolved.family}" cannot transcribe`);
  return resolved;
}

/** A folder laid out like a hub checkpoint, outside any pack: one dtype, found from the graphs present. */
function locateDir(dir: string): ResolvedModel {
  const hint = fetchHint('default');
  const missing = REQUIRED.filter((file) => !existsSync(path.join(dir, file)));
  if (missing.length > 0) {
    throw new SightlineError('model-missing', `speech model (whisper) not installed in ${dir}: missing ${missing.join(', ')}; ${hint}`);
  }
  const found = DTYPE_SUFFIXES.find(([, suffix]) =>
    existsSync(path.join(dir, 'onnx', `encoder_model${suffix}.onnx`)) && existsSync(path.join(dir, 'onnx', `decoder_model_merged${suffix}.onnx`)));
  if (!found) {
    throw new SightlineError('model-missing', `speech model (whisper) in ${dir} has no onnx/encoder_model and decoder_model_merged files; ${hint}`);
  }
  const [dtype, suffix] = found;
  const files: ManifestFile[] = [...REQUIRED, `onnx/encoder_model${suffix}.onnx`, `onnx/decoder_model_merged${suffix}.onnx`].map((p) => ({ path: p, size: null }));
  const model: ManifestModel = { family: 'whisper', repo: 'local', revision: 'local', license: 'unknown', tasks: ['transcribe'], dir, dtype: { cpu: dtype, gpu: dtype }, files };
  const resolved: ResolvedModel = { pack: 'default', key: 'whisper-dir', name: dir, family: 'whisper', dir, model, files, dtypeFor: () => dtype };
  requireInstalled(resolved, 'speech (whisper)');
  return resolved;
}
