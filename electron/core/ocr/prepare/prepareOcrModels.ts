import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { OCR_MODEL_FILES, PREPARED_MANIFEST, type OcrModelRole } from '../modelFiles';
import { checkPreparedOcrModels, readPrepared, sha256, type FoldCounts, type PreparedManifest } from '../preparedModels';
import { ort } from '../sessions';
import { FOLD_VERSION, foldOcrGraph } from './foldGraph';

/** Largest output difference (probabilities) accepted between a folded graph and the original on the probe input. */
export const FOLD_TOLERANCE = 1e-3;

/** Probe inputs big enough to exercise every stride, padding and pooling; values are deterministic. */
const PROBE_SHAPES: Readonly<Partial<Record<OcrModelRole, readonly number[]>>> = Object.freeze({
  detection: [1, 3, 96, 128],
  recognition: [2, 3, 48, 160],
});

/** Dark glyph-like bars in rows on a light, slightly noisy page, so the detector finds text and its map is not flat. */
function probeInput(dims: readonly number[]): ort.Tensor {
  const [n, c, h, w] = dims as [number, number, number, number];
  const data = new Float32Array(n * c * h * w);
  for (let i = 0; i < data.length; i++) {
    const x = i % w, y = Math.floor(i / w) % h;
    const ink = y % 24 >= 8 && y % 24 < 20 && x % 9 < 5 && (x * 7 + y) % 53 > 6;
    data[i] = (ink ? -0.8 : 0.9) + 0.05 * Math.sin(i * 0.37);
  }
  return new ort.Tensor('float32', data, [...dims]);
}

/** Runs both graphs on one input and returns the largest difference between their first outputs. */
export async function outputDifference(original: Uint8Array, folded: Uint8Array, input: ort.Tensor): Promise<number> {
  const options: ort.InferenceSession.SessionOptions = { executionProviders: ['cpu'], logSeverityLevel: 3 };
  const [a, b] = await Promise.all([ort.InferenceSession.create(original, options), ort.InferenceSession.create(folded, options)]);
  try {
    const ra = (await a.run({ [a.inputNames[0]!]: input }))[a.outputNames[0]!]!.data as Float32Array;
    const rb = (await b.run({ [b.inputNames[0]!]: input }))[b.outputNames[0]!]!.data as Float32Array;
    if (ra.length !== rb.length) return Infinity;
    let max = 0;
    for (let i = 0; i < ra.length; i++) max = Math.max(max, Math.abs(ra[i]! - rb[i]!));
    return max;
  } finally {
    await Promise.all([a.release(), b.release()]);
  }
}

/** A prepared folder made from these very source files by these rewrites, with every output file intact. */
async function isCurrent(targetDir: string, source: Record<string, string>): Promise<boolean> {
  const prepared = await readPrepared(targetDir);
  if (!prepared || prepared.foldVersion !== FOLD_VERSION || Object.values(OCR_MODEL_FILES).some((name) => prepared.source[name] !== source[name])) return false;
  return (await checkPreparedOcrModels(targetDir)).length === 0;
}

/**
 * Writes the OCR models the engine loads into `targetDir`: detection and recognition folded (foldGraph.ts),
 * the direction model and dictionary copied. A graph whose fold fails or changes its outputs beyond
 * FOLD_TOLERANCE is copied unchanged instead. The folder is replaced atomically; an up-to-date one is kept.
 */
export async function prepareOcrModels(sourceDir: string, targetDir: string, log: (line: string) => void = () => undefined): Promise<{ readonly changed: boolean }> {
  const originals = new Map<string, Uint8Array>();
  const source: Record<string, string> = {};
  for (const name of Object.values(OCR_MODEL_FILES)) {
    const file = path.join(sourceDir, name);
    const bytes = await readFile(file).catch((err: NodeJS.ErrnoException) => {
      throw new Error(`${file}: cannot read (${err.code ?? err.message})`);
    });
    originals.set(name, bytes);
    source[name] = sha256(bytes);
  }
  if (await isCurrent(targetDir, source)) return { changed: false };

  const staging = `${targetDir}.tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    const files: Record<string, string> = {};
    const folded: Record<string, FoldCounts | { copied: string }> = {};
    for (const [role, name] of Object.entries(OCR_MODEL_FILES) as [OcrModelRole, string][]) {
      const original = originals.get(name)!;
      let output = original;
      const probe = PROBE_SHAPES[role];
      if (probe) {
        try {
          const result = foldOcrGraph(original);
          const difference = await outputDifference(original, result.bytes, probeInput(probe));
          if (difference <= FOLD_TOLERANCE) {
            output = result.bytes;
            folded[name] = result.counts;
            log(`${name}: folded ${JSON.stringify(result.counts)}, largest output difference ${difference.toExponential(1)}`);
          } else {
            folded[name] = { copied: `outputs differ by ${difference}` };
            log(`${name}: copied unchanged (folded outputs differ by ${difference})`);
          }
        } catch (err) {
          folded[name] = { copied: (err as Error).message };
          log(`${name}: copied unchanged (${(err as Error).message})`);
        }
      }
      if (output === original) await copyFile(path.join(sourceDir, name), path.join(staging, name));
      else await writeFile(path.join(staging, name), output);
      files[name] = sha256(output);
    }
    const manifest: PreparedManifest = { schemaVersion: 1, foldVersion: FOLD_VERSION, source, files, folded };
    await writeFile(path.join(staging, PREPARED_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    await rm(targetDir, { recursive: true, force: true });
    await rename(staging, targetDir);
    return { changed: true };
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
}
