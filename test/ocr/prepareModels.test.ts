import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { onnx } from 'onnx-proto';
import { decodeImage } from '../../electron/core/image/intake';
import { getOcrEngine, disposeOcrSessions } from '../../electron/core/ocr/ocrEngine';
import { OCR_MODEL_FILES, OCR_MODELS_ENV, ocrPackageDir, PREPARED_MANIFEST } from '../../electron/core/ocr/modelFiles';
import { FOLD_VERSION, foldOcrGraph } from '../../electron/core/ocr/prepare/foldGraph';
import { outputDifference, prepareOcrModels } from '../../electron/core/ocr/prepare/prepareOcrModels';
import { checkPreparedOcrModels, type PreparedManifest } from '../../electron/core/ocr/preparedModels';
import { ort } from '../../electron/core/ocr/sessions';
import { renderTextPng } from '../helpers/textImage';
import { tempDir } from '../helpers/tmp';

const source = ocrPackageDir();
const read = (role: keyof typeof OCR_MODEL_FILES) => readFile(path.join(source, OCR_MODEL_FILES[role]));
const opTypes = (bytes: Uint8Array) => onnx.ModelProto.decode(bytes).graph!.node!.map((n) => n.opType);

/** Mul nodes by a scalar whose product, through an Add, is a convolution's input: what affineAsBatchNorm rewrites. */
function mulAddBeforeConv(bytes: Uint8Array): string[] {
  const graph = onnx.ModelProto.decode(bytes).graph!;
  const nodes = graph.node!;
  const size = (t: onnx.ITensorProto) => (t.dims ?? []).reduce<number>((n, d) => n * Number(d), 1);
  const scalars = new Set([
    ...graph.initializer!.filter((t) => size(t) === 1).map((t) => t.name!),
    ...nodes.filter((n) => n.opType === 'Constant' && size(n.attribute![0]!.t!) === 1).map((n) => n.output![0]!),
  ]);
  const readers = (tensor: string) => nodes.filter((n) => n.input!.includes(tensor));
  return nodes
    .filter((mul) => mul.opType === 'Mul' && mul.input!.some((i) => scalars.has(i)))
    .filter((mul) => readers(mul.output![0]!).some((add) => add.opType === 'Add' && readers(add.output![0]!).some((c) => c.opType === 'Conv')))
    .map((n) => n.name ?? '');
}

/** The real page as the engine feeds it: BGR, (x/255 − 0.5)/0.5, planar. */
async function pageTensor(png: Buffer, width: number, height: number): Promise<ort.Tensor> {
  const sharp = (await import('sharp')).default;
  const { data } = await sharp(png).resize(width, height, { fit: 'fill' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const plane = width * height, out = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) out[c * plane + i] = (data[i * 3 + 2 - c]! / 255 - 0.5) / 0.5;
  return new ort.Tensor('float32', out, [1, 3, height, width]);
}

test('folding removes the element-wise hard-swish and affine passes from both graphs', async () => {
  for (const role of ['detection', 'recognition'] as const) {
    const original = await read(role);
    const { bytes, counts } = foldOcrGraph(original);
    assert.ok(counts.affineAfterConv > 0 && counts.hardSwish > 0 && counts.affineBeforeConv > 0, `${role}: ${JSON.stringify(counts)}`);
    const before = opTypes(original), after = opTypes(bytes);
    assert.equal(after.filter((op) => op === 'HardSwish').length, counts.hardSwish);
    assert.ok(!after.includes('Clip'), `${role}: a decomposed hard-swish (Clip) is left`);
    assert.equal(after.filter((op) => op === 'Conv').length, before.filter((op) => op === 'Conv').length, 'no convolution is lost');
    assert.ok(after.length < before.length - 4 * counts.hardSwish);
    // The pairs before zero-padded convolutions: one BatchNormalization each, and no scalar Mul left feeding a Conv.
    assert.ok(counts.affineAsBatchNorm > 0, `${role}: ${JSON.stringify(counts)}`);
    assert.equal(after.filter((op) => op === 'BatchNormalization').length, before.filter((op) => op === 'BatchNormalization').length + counts.affineAsBatchNorm);
    assert.deepEqual(mulAddBeforeConv(bytes), [], `${role}: Mul → Add pairs still feed a convolution`);
  }
});

test('folded graphs give the original outputs on a real rendered page', async () => {
  const png = await renderTextPng(['Invoice 2041 due 12 March', 'Total: 1,250.00 EUR (incl. VAT)'], { width: 640, fontSize: 24 });
  for (const [role, width, height] of [['detection', 640, 160], ['recognition', 480, 48]] as const) {
    const original = await read(role);
    const difference = await outputDifference(original, foldOcrGraph(original).bytes, await pageTensor(png, width, height));
    assert.ok(difference < 1e-3, `${role}: outputs differ by ${difference}`);
  }
});

test('prepare writes a complete folder atomically, keeps an up-to-date one, and repairs a damaged one', async () => {
  const dir = path.join(await tempDir('sightline-prepare-'), 'ocr-models');
  const logged: string[] = [];
  assert.deepEqual(await prepareOcrModels(source, dir, (l) => logged.push(l)), { changed: true });
  assert.deepEqual((await readdir(dir)).sort(), [...Object.values(OCR_MODEL_FILES), PREPARED_MANIFEST].sort());
  assert.ok(logged.some((l) => l.includes('folded')), logged.join('\n'));
  const manifest = JSON.parse(await readFile(path.join(dir, PREPARED_MANIFEST), 'utf8')) as PreparedManifest;
  assert.notEqual(manifest.files[OCR_MODEL_FILES.recognition], manifest.source[OCR_MODEL_FILES.recognition], 'recognition was folded');
  assert.equal(manifest.files[OCR_MODEL_FILES.direction], manifest.source[OCR_MODEL_FILES.direction], 'direction is copied');
  assert.deepEqual(await checkPreparedOcrModels(dir), []);

  assert.deepEqual(await prepareOcrModels(source, dir), { changed: false });

  // A folder written by older rewrites (no foldVersion, or another one) is prepared again.
  const manifestFile = path.join(dir, PREPARED_MANIFEST);
  await writeFile(manifestFile, JSON.stringify({ ...manifest, foldVersion: FOLD_VERSION - 1 }));
  assert.deepEqual(await prepareOcrModels(source, dir), { changed: true });
  assert.equal((JSON.parse(await readFile(manifestFile, 'utf8')) as PreparedManifest).foldVersion, FOLD_VERSION);

  const damaged = path.join(dir, OCR_MODEL_FILES.detection);
  await writeFile(damaged, 'not a model');
  assert.deepEqual(await checkPreparedOcrModels(dir), [`${damaged}: corrupt (checksum differs)`]);
  assert.deepEqual(await prepareOcrModels(source, dir), { changed: true });
  assert.deepEqual(await checkPreparedOcrModels(dir), []);
  assert.deepEqual((await readdir(path.dirname(dir))).sort(), ['ocr-models'], 'no staging folder is left behind');
});

test('prepare refuses a source folder with a missing file and leaves the target untouched', async () => {
  const parent = await tempDir('sightline-prepare-');
  const incomplete = path.join(parent, 'source');
  await import('node:fs/promises').then((fs) => fs.mkdir(incomplete));
  await writeFile(path.join(incomplete, OCR_MODEL_FILES.detection), await read('detection'));
  const target = path.join(parent, 'ocr-models');
  await assert.rejects(prepareOcrModels(incomplete, target), (err: Error) => err.message.startsWith(`${path.join(incomplete, OCR_MODEL_FILES.recognition)}: cannot read`));
  assert.ok(!existsSync(target));
});

test('the engine reads the same text from the folded models as from the package files', async () => {
  const png = await renderTextPng(['Quarterly report: revenue grew by nine percent', 'Next meeting Tuesday at 10:30'], { width: 900, fontSize: 22 });
  const image = await decodeImage({ kind: 'bytes', bytes: new Uint8Array(png), label: 'page' });
  const prepared = path.join(await tempDir('sightline-prepare-'), 'ocr-models');
  await prepareOcrModels(source, prepared);
  const texts: string[] = [];
  const saved = process.env[OCR_MODELS_ENV];
  try {
    for (const dir of [source, prepared]) {
      process.env[OCR_MODELS_ENV] = dir;
      await disposeOcrSessions();
      texts.push((await (await getOcrEngine()).recognize(image)).text);
    }
  } finally {
    if (saved === undefined) delete process.env[OCR_MODELS_ENV];
    else process.env[OCR_MODELS_ENV] = saved;
    await disposeOcrSessions();
  }
  assert.equal(texts[1], texts[0]);
  assert.match(texts[0]!, /Quarterly report/);
});
