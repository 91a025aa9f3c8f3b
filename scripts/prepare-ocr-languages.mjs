// Writes dist/ocr-languages: the Tesseract language data the multilingual OCR loads (electron/core/ocr/recognizers/
// languageData.ts), one file per reading language, so packaging bundles one folder. Each comes from its npm package
// (@tesseract.js-data/<code>, the 4.0.0_best_int model), or, for a language no npm package carries here (Russian),
// from the system's tessdata (Debian's tesseract-ocr-script-cyrl for Russian, installed by scripts/setup.sh). A language found
// nowhere is reported, not fatal: the app says so when that language is chosen. Runs at the end of `npm run build`.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { READING_LANGUAGES } = require(path.join(root, 'dist/electron/common/languages.js'));
const { languageDataFile, PREPARED_LANGUAGES_DIR } = require(path.join(root, 'dist/electron/core/ocr/recognizers/languageData.js'));

mkdirSync(PREPARED_LANGUAGES_DIR, { recursive: true });
const missing = [];
for (const { code, tesseract } of Object.values(READING_LANGUAGES)) {
  if (!tesseract) continue;
  // Look everywhere but the folder being written (an older copy there would only copy itself).
  const source = languageDataFile(tesseract, { SIGHTLINE_OCR_LANGUAGES: '' }, { skipPrepared: true });
  if (!source) {
    missing.push(`${code} (${tesseract})`);
    continue;
  }
  // Stored gzipped (the loader gunzips): Debian's Cyrillic model is 29 MB as installed.
  const gzipped = source.endsWith('.gz');
  const target = path.join(PREPARED_LANGUAGES_DIR, `${tesseract}.traineddata.gz`);
  if (existsSync(target) && statSync(target).mtimeMs >= statSync(source).mtimeMs) continue;
  if (gzipped) copyFileSync(source, target);
  else writeFileSync(target, gzipSync(readFileSync(source), { level: 9 }));
  rmSync(path.join(PREPARED_LANGUAGES_DIR, `${tesseract}.traineddata`), { force: true });
}
if (missing.length) console.warn(`ocr-languages: no language data for ${missing.join(', ')}; install tesseract-ocr-<code> (scripts/setup.sh) to read them`);
