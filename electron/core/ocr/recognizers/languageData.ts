import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { SightlineError } from '../../common/errors';

/**
 * Tesseract language data (`<code>.traineddata`, LSTM models), always from local files; nothing is ever fetched.
 * Looked up in order:
 *  1. `SIGHTLINE_OCR_LANGUAGES` (the packaged app points it at resources/ocr-languages);
 *  2. `dist/ocr-languages`, which `npm run build` fills (scripts/prepare-ocr-languages.mjs);
 *  3. the npm package `@tesseract.js-data/<code>` (its `4.0.0_best_int` model: tessdata_best, integer weights);
 *  4. the system's tessdata folder (Debian's `tesseract-ocr-<code>`), for a language no npm package carries here.
 */
export const OCR_LANGUAGES_ENV = 'SIGHTLINE_OCR_LANGUAGES';

/** Where the build copies the language data (beside dist/ocr-models); packaging bundles this folder. */
export const PREPARED_LANGUAGES_DIR = path.resolve(__dirname, '..', '..', '..', '..', 'ocr-languages');

/** npm's language packages publish tessdata_best with integer weights under this folder. */
const NPM_MODEL_DIR = '4.0.0_best_int';
const SYSTEM_TESSDATA: readonly string[] = Object.freeze(['/usr/share/tesseract-ocr/5/tessdata', '/usr/share/tesseract-ocr/4.00/tessdata', '/usr/share/tessdata']);

/**
 * Tesseract's own model names: languages in lower case ("deu", "chi_sim") and scripts capitalised ("Cyrillic");
 * nothing else is looked up.
 */
const CODE = /^([a-z]{3}(_[a-z]{3,4})?|[A-Z][a-z]{3,15})$/;

function npmFile(code: string): string | null {
  try {
    return path.join(path.dirname(require.resolve(`@tesseract.js-data/${code}/package.json`)), NPM_MODEL_DIR, `${code}.traineddata.gz`);
  } catch {
    return null;
  }
}

function usable(file: string | null): file is string {
  return file !== null && existsSync(file) && statSync(file).isFile() && statSync(file).size > 0;
}

/** Every place a language's data may be, in the order they are tried. */
export function languageDataCandidates(code: string, env: NodeJS.ProcessEnv = process.env, options: { skipPrepared?: boolean } = {}): string[] {
  const inDir = (dir: string) => [path.join(dir, `${code}.traineddata`), path.join(dir, `${code}.traineddata.gz`)];
  return [
    ...(env[OCR_LANGUAGES_ENV] ? inDir(path.resolve(env[OCR_LANGUAGES_ENV]!)) : []),
    ...(options.skipPrepared ? [] : inDir(PREPARED_LANGUAGES_DIR)),
    ...[npmFile(code)].filter((f): f is string => f !== null),
    ...SYSTEM_TESSDATA.map((dir) => path.join(dir, `${code}.traineddata`)),
  ];
}

/** The file that will be loaded for `code`, or null when no local copy exists. */
export function languageDataFile(code: string, env: NodeJS.ProcessEnv = process.env, options: { skipPrepared?: boolean } = {}): string | null {
  if (!CODE.test(code)) return null;
  return languageDataCandidates(code, env, options).find(usable) ?? null;
}

/** The language's model bytes (gunzipped); `model-missing` naming the language when there is no local copy. */
export async function readLanguageData(code: string, env: NodeJS.ProcessEnv = process.env): Promise<Uint8Array> {
  const file = languageDataFile(code, env);
  if (!file) throw new SightlineError('model-missing', `OCR language data "${code}" is not installed (looked in ${languageDataCandidates(code, env).join(', ')})`);
  const bytes = await readFile(file);
  try {
    return file.endsWith('.gz') ? await promisify(gunzip)(bytes) : bytes;
  } catch (err) {
    throw new SightlineError('model-missing', `${file}: damaged language data (${(err as Error).message})`);
  }
}
