// `npm run bench:ocr`: renders the screen corpus, then reads it with three engines, each as whole separate
// processes over the whole corpus: Sightline (the `sightline read --json` CLI: inference host, our pipeline),
// @gutenye/ocr-node with the same models, and the tesseract 5 CLI (its list-file mode: one process, pages
// separated by form feeds). Reports reading-order CER, word recall, time and peak RSS; writes .bench/ocr.json.
// The machine is shared, so every engine runs ROUNDS times, alternating, and the fastest run of each is compared
// (CPU seconds are reported too: they barely depend on other load).
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderScreens, type RenderedScreen } from '../fixtures/screens/corpus';
import { foldWhitespace, readingOrderCer, wordRecall, editDistance } from './ocr/metrics';
import { measure } from './ocr/processRunner';

const root = path.resolve(__dirname, '..', '..', '..');
const benchDir = path.join(root, '.bench');
const TARGETS = { cer: 0.03, recall: 0.99, timeVsOcrNode: 0.5, rssMb: 600 };
const ROUNDS = Number(process.env.OCR_BENCH_ROUNDS ?? 2);

interface EngineRun {
  readonly engine: string;
  readonly wallS: number;
  readonly peakRssMb: number;
  readonly cpuS: number;
  readonly perImage: ReadonlyArray<{ readonly file: string; readonly text: string; readonly ms: number | null }>;
}

async function runSightline(files: readonly string[]): Promise<EngineRun> {
  const cli = path.join(root, 'bin', 'sightline.js');
  const m = await measure(process.execPath, [cli, 'read', '--json', ...files]);
  if (m.code !== 0) throw new Error(`sightline read failed (exit ${m.code}): ${m.stderr.slice(-800)}`);
  const reports = JSON.parse(m.stdout) as Array<{ file: string; text: string; timings: { totalMs: number } }>;
  return { engine: 'sightline', wallS: m.wallS, peakRssMb: m.peakRssMb, cpuS: m.cpuS, perImage: reports.map((r) => ({ file: r.file, text: r.text, ms: r.timings.totalMs })) };
}

async function runOcrNode(listFile: string): Promise<EngineRun> {
  const m = await measure(process.execPath, [path.join(__dirname, 'ocr', 'runOcrNode.js'), listFile]);
  if (m.code !== 0) throw new Error(`ocr-node failed (exit ${m.code}): ${m.stderr.slice(-800)}`);
  const { results } = JSON.parse(m.stdout) as { results: Array<{ file: string; text: string; ms: number }> };
  return { engine: '@gutenye/ocr-node', wallS: m.wallS, peakRssMb: m.peakRssMb, cpuS: m.cpuS, perImage: results };
}

async function runTesseract(files: readonly string[], listFile: string): Promise<EngineRun> {
  const m = await measure('tesseract', [listFile, 'stdout'], { ...process.env, OMP_THREAD_LIMIT: String(2) });
  if (m.code !== 0) throw new Error(`tesseract ${listFile} failed (exit ${m.code}): ${m.stderr.slice(-500)}`);
  // Each page's text ends with a form feed (tesseract's page separator in text output).
  const pages = m.stdout.split('\f');
  if (pages.length < files.length) throw new Error(`tesseract returned ${pages.length} pages for ${files.length} images`);
  const perImage = files.map((file, i) => ({ file, text: pages[i]!, ms: null }));
  return { engine: 'tesseract 5', wallS: m.wallS, peakRssMb: m.peakRssMb, cpuS: m.cpuS, perImage };
}

interface Scored {
  readonly engine: string;
  readonly wallS: number;
  readonly peakRssMb: number;
  readonly cpuS: number;
  readonly allWallS: readonly number[];
  readonly cer: number;
  readonly recall: number;
  readonly images: ReadonlyArray<{ readonly name: string; readonly cer: number; readonly recall: number; readonly ms: number | null }>;
}

function score(run: EngineRun, screens: readonly RenderedScreen[], allWallS: readonly number[]): Scored {
  let edits = 0, refChars = 0, found = 0, refWords = 0;
  const images = screens.map((s) => {
    const reference = s.lines.join('\n');
    const hyp = run.perImage.find((p) => p.file === s.png)?.text ?? '';
    const ref = foldWhitespace(reference);
    const words = ref.split(' ').filter((w) => w && w !== '|').length;
    const recall = wordRecall(reference, hyp);
    edits += editDistance(ref, foldWhitespace(hyp));
    refChars += [...ref].length;
    found += recall * words;
    refWords += words;
    return { name: path.basename(s.png, '.png'), cer: readingOrderCer(reference, hyp), recall, ms: run.perImage.find((p) => p.file === s.png)?.ms ?? null };
  });
  return { engine: run.engine, wallS: run.wallS, peakRssMb: run.peakRssMb, cpuS: run.cpuS, allWallS, cer: edits / refChars, recall: found / refWords, images };
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

async function main(): Promise<void> {
  if (!existsSync('/usr/bin/time')) throw new Error('/usr/bin/time (GNU time) is required: apt-get install time');
  await mkdir(benchDir, { recursive: true });
  const screens = await renderScreens(path.join(benchDir, 'screens'));
  const files = screens.map((s) => s.png);
  const listFile = path.join(benchDir, 'screens', 'list.txt');
  await writeFile(listFile, `${files.join('\n')}\n`);
  process.stderr.write(`corpus: ${screens.length} screens rendered into ${path.relative(root, path.dirname(listFile))}\n`);

  const rounds: Record<'sightline' | 'ocrNode' | 'tesseract', EngineRun[]> = { sightline: [], ocrNode: [], tesseract: [] };
  for (let round = 1; round <= ROUNDS; round++) {
    process.stderr.write(`round ${round}/${ROUNDS}: sightline…\n`);
    rounds.sightline.push(await runSightline(files));
    process.stderr.write(`round ${round}/${ROUNDS}: @gutenye/ocr-node…\n`);
    rounds.ocrNode.push(await runOcrNode(listFile));
    process.stderr.write(`round ${round}/${ROUNDS}: tesseract…\n`);
    rounds.tesseract.push(await runTesseract(files, listFile));
  }
  const fastest = (runs: EngineRun[]) => runs.reduce((a, b) => (b.wallS < a.wallS ? b : a));
  const order = ['sightline', 'ocrNode', 'tesseract'] as const;
  const runs = order.map((k) => fastest(rounds[k]));
  const walls = order.map((k) => rounds[k].map((r) => r.wallS));
  const scored = runs.map((r, i) => score(r, screens, walls[i]!));

  console.log('\nPer image: reading-order CER / word recall / ms');
  console.log(['image'.padEnd(24), ...scored.map((s) => s.engine.padEnd(28))].join(''));
  for (let i = 0; i < screens.length; i++) {
    console.log([scored[0]!.images[i]!.name.padEnd(24), ...scored.map((s) => {
      const im = s.images[i]!;
      return `${pct(im.cer)} / ${pct(im.recall)} / ${im.ms ?? '-'}`.padEnd(28);
    })].join(''));
  }
  console.log('\nWhole corpus');
  console.log(`${'engine'.padEnd(20)}${'CER'.padStart(9)}${'recall'.padStart(10)}${'time s'.padStart(9)}${'CPU s'.padStart(8)}${'peak RSS MB'.padStart(13)}  all runs (s)`);
  for (const s of scored) console.log(`${s.engine.padEnd(20)}${pct(s.cer).padStart(9)}${pct(s.recall).padStart(10)}${s.wallS.toFixed(1).padStart(9)}${s.cpuS.toFixed(1).padStart(8)}${s.peakRssMb.toFixed(0).padStart(13)}  ${s.allWallS.map((w) => w.toFixed(1)).join(', ')}`);

  const [ours, ocrNode, tess] = scored as [Scored, Scored, Scored];
  const checks = {
    cer: ours.cer <= TARGETS.cer,
    recall: ours.recall >= TARGETS.recall,
    timeVsOcrNode: ours.wallS <= TARGETS.timeVsOcrNode * ocrNode.wallS,
    timeVsTesseract: ours.wallS < tess.wallS,
    rss: ours.peakRssMb <= TARGETS.rssMb,
  };
  console.log(`\nTargets: CER ≤ 3 % ${checks.cer ? 'met' : 'MISSED'}; recall ≥ 99 % ${checks.recall ? 'met' : 'MISSED'}; time ≤ 0.5× ocr-node ${checks.timeVsOcrNode ? 'met' : 'MISSED'} (${(ours.wallS / ocrNode.wallS).toFixed(2)}×); time < tesseract ${checks.timeVsTesseract ? 'met' : 'MISSED'} (${(ours.wallS / tess.wallS).toFixed(2)}×); RSS ≤ 600 MB ${checks.rss ? 'met' : 'MISSED'} (${ours.peakRssMb.toFixed(0)} MB)`);
  const out = path.join(benchDir, 'ocr.json');
  await writeFile(out, `${JSON.stringify({ date: new Date().toISOString(), targets: TARGETS, checks, engines: scored, texts: runs.map((r) => ({ engine: r.engine, perImage: r.perImage })) }, null, 2)}\n`);
  console.log(`wrote ${path.relative(root, out)}`);
}

main().catch((err: unknown) => {
  console.error(`bench:ocr: ${(err as Error).message}`);
  process.exit(1);
});
