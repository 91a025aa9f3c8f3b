// `npm run bench:ocr`: reads three screen sets with three engines, each engine as whole separate processes:
// Sightline (the `sightline read --json` CLI: inference host, our pipeline), @gutenye/ocr-node with the same models,
// and the tesseract 5 CLI (one process per screen, so each screen has its own time).
//  - project: the project's own nine HTML screens (test/fixtures/screens);
//  - tuning / held-out: documentation pages shipped by Debian packages, rendered by Chromium in many conditions
//    (test/bench/ocr/docScreens.ts), split by source package. Rules are tuned on `tuning`; `held-out` is reported.
//  - desktop-tuning / desktop-held-out: GTK and Qt programs from Debian under Xvfb, truth from their accessibility
//    trees (test/bench/ocr/desktopScenarios.ts), split by application; in the default sets when the tools are here.
// Reports reading-order CER, word recall (case-sensitive and not), block integrity, time to first line and to the
// whole screen per screen, peak RSS, and for Sightline the typed headings' precision and recall; writes
// .bench/ocr.json. Environment: OCR_BENCH_SETS (comma list), OCR_BENCH_ENGINES (sightline, ocr-node, tesseract),
// OCR_BENCH_VERBOSE=1 prints each screen's worst blocks.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { renderScreens } from '../fixtures/screens/corpus';
import { loadCorpusSet } from './ocr/corpusSets';
import { desktopCorpusMissing } from './ocr/desktopCorpus';
import { DESKTOP_SETS } from './ocr/desktopScenarios';
import { measure } from './ocr/processRunner';
import { scoreScreen, summarize, type BenchScreen, type EngineOutput, type ScreenScore, type SetScore } from './ocr/scoring';

const root = path.resolve(__dirname, '..', '..', '..');
const benchDir = path.join(root, '.bench');
/** Issue 15's targets, checked on the held-out set. */
const TARGETS = { cer: 0.02, recall: 0.99, blockIntegrity: 0.95, firstLineS: 0.6, wholeScreenS: 2.0, rssMb: 600 };
const SETS = (process.env.OCR_BENCH_SETS ?? defaultSets()).split(',').filter(Boolean);
const ENGINES = (process.env.OCR_BENCH_ENGINES ?? 'sightline,ocr-node,tesseract').split(',').filter(Boolean);
const VERBOSE = process.env.OCR_BENCH_VERBOSE === '1';
/** A peer's run of one screen is stopped after this (tesseract has spent minutes on one page here). */
const PEER_TIMEOUT_MS = Number(process.env.OCR_BENCH_PEER_TIMEOUT_S ?? 120) * 1000;

interface EngineRun {
  readonly engine: string;
  readonly wallS: number;
  readonly peakRssMb: number;
  readonly cpuS: number;
  readonly outputs: ReadonlyMap<string, EngineOutput>;
}

async function runSightline(files: readonly string[]): Promise<EngineRun> {
  const cli = path.join(root, 'bin', 'sightline.js');
  const m = await measure(process.execPath, [cli, 'read', '--json', '--lang', 'en', ...files]);
  if (m.code !== 0) throw new Error(`sightline read failed (exit ${m.code}): ${m.stderr.slice(-800)}`);
  const reports = JSON.parse(m.stdout) as Array<{ file: string; text: string; blocks: Array<{ kind: string; text?: string }>; timings: { totalMs: number; firstLineMs?: number; cpuMs?: number } }>;
  const outputs = new Map(reports.map((r) => [r.file, {
    text: r.text, ms: r.timings.totalMs, firstMs: r.timings.firstLineMs ?? r.timings.totalMs, cpuMs: r.timings.cpuMs ?? null,
    headings: r.blocks.flatMap((b) => (b.kind === 'heading' && b.text ? [b.text] : [])),
  }]));
  return { engine: 'sightline', wallS: m.wallS, peakRssMb: m.peakRssMb, cpuS: m.cpuS, outputs };
}

async function runOcrNode(listFile: string): Promise<EngineRun> {
  const m = await measure(process.execPath, [path.join(__dirname, 'ocr', 'runOcrNode.js'), listFile]);
  if (m.code !== 0) throw new Error(`ocr-node failed (exit ${m.code}): ${m.stderr.slice(-800)}`);
  const { results } = JSON.parse(m.stdout) as { results: Array<{ file: string; text: string; ms: number }> };
  return { engine: '@gutenye/ocr-node', wallS: m.wallS, peakRssMb: m.peakRssMb, cpuS: m.cpuS, outputs: new Map(results.map((r) => [r.file, { text: r.text, ms: r.ms, firstMs: r.ms }])) };
}

async function runTesseract(files: readonly string[]): Promise<EngineRun> {
  const outputs = new Map<string, EngineOutput>();
  let wallS = 0, cpuS = 0, peakRssMb = 0;
  for (const file of files) {
    const m = await measure('tesseract', [file, 'stdout'], { ...process.env, OMP_THREAD_LIMIT: String(2) }, PEER_TIMEOUT_MS);
    // A screen tesseract does not finish within the limit counts as read with nothing (and is named).
    if (m.code === 124) process.stderr.write(`tesseract: ${path.basename(file)} not done after ${PEER_TIMEOUT_MS / 1000} s; counted as empty\n`);
    else if (m.code !== 0) throw new Error(`tesseract ${file} failed (exit ${m.code}): ${m.stderr.slice(-500)}`);
    outputs.set(file, { text: m.code === 124 ? '' : m.stdout, ms: Math.round(m.wallS * 1000), firstMs: Math.round(m.wallS * 1000), cpuMs: Math.round(m.cpuS * 1000) });
    wallS += m.wallS; cpuS += m.cpuS; peakRssMb = Math.max(peakRssMb, m.peakRssMb);
  }
  return { engine: 'tesseract 5', wallS, peakRssMb, cpuS, outputs };
}

/** The HTML sets, and the desktop sets where Xvfb, AT-SPI and the programs are installed (else one line says why not). */
function defaultSets(): string {
  const missing = desktopCorpusMissing();
  if (missing) console.log(`desktop sets skipped: ${missing}`);
  return ['project', 'tuning', 'held-out', ...(missing ? [] : DESKTOP_SETS)].join(',');
}

async function loadSet(name: string): Promise<BenchScreen[]> {
  if (name === 'project') {
    const screens = await renderScreens(path.join(benchDir, 'screens'));
    return screens.map((s) => ({ id: s.name, set: name, png: s.png, imageWidth: s.width * s.scale, imageHeight: s.height * s.scale, blocks: s.lines.map((text) => ({ text, pane: 0, kind: 'paragraph' as const })) }));
  }
  return loadCorpusSet(name, benchDir, (s) => process.stderr.write(`${s}\n`), ['project']);
}

interface EngineSetResult {
  readonly engine: string;
  readonly wallS: number;
  readonly cpuS: number;
  readonly peakRssMb: number;
  readonly summary: SetScore;
  readonly screens: readonly ScreenScore[];
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const sec = (ms: number | null) => (ms === null ? '-' : (ms / 1000).toFixed(2));

function printSet(name: string, results: readonly EngineSetResult[]): void {
  console.log(`\n== ${name}: ${results[0]?.screens.length ?? 0} screens, ${results[0]?.summary.blocks ?? 0} blocks of ≥ 4 words`);
  console.log(`${'engine'.padEnd(19)}${'CER'.padStart(8)}${'recall'.padStart(9)}${'rec(ci)'.padStart(9)}${'intact'.padStart(9)}${'blkCER'.padStart(9)}${'first s'.padStart(9)}${'whole s'.padStart(9)}${'1080p 1st/whole'.padStart(17)}${'1080p CPU'.padStart(10)}${'RSS MB'.padStart(8)}${'CPU s'.padStart(8)}`);
  for (const r of results) {
    const s = r.summary;
    console.log(`${r.engine.padEnd(19)}${pct(s.cer).padStart(8)}${pct(s.recall).padStart(9)}${pct(s.recallIgnoringCase).padStart(9)}${pct(s.blockIntegrity).padStart(9)}${pct(s.meanBlockCer).padStart(9)}${sec(s.medianFirstMs).padStart(9)}${sec(s.medianMs).padStart(9)}${`${sec(s.medianFirstMs1080)}/${sec(s.medianMs1080)}`.padStart(17)}${sec(s.medianCpuMs1080).padStart(10)}${r.peakRssMb.toFixed(0).padStart(8)}${r.cpuS.toFixed(1).padStart(8)}`);
  }
  // Typed headings (for jumping by heading): the desktop truth has none (AT-SPI gives no heading roles), so there
  // every heading typed counts as false.
  for (const r of results) {
    const h = r.summary.headings;
    const rate = (x: number | null) => (x === null ? '-' : pct(x));
    if (h) console.log(`${r.engine} headings: ${h.typed} typed, precision ${rate(h.precision)}, recall ${rate(h.recall)}`);
  }
  if (!VERBOSE) return;
  for (const r of results) {
    console.log(`\n-- ${r.engine} per screen (CER, intact/blocks, first/whole ms)`);
    for (const s of r.screens) {
      console.log(`${s.id.padEnd(84)} ${pct(s.cer).padStart(7)} ${`${s.intact}/${s.blocks}`.padStart(6)} ${s.firstMs ?? '-'}/${s.ms ?? '-'} cpu ${s.cpuMs ?? '-'}`);
      for (const f of s.failing) console.log(`    ${f.kind.padEnd(12)} ${pct(f.cer).padStart(7)}  ${f.text}`);
    }
  }
}

async function main(): Promise<void> {
  if (!existsSync('/usr/bin/time')) throw new Error('/usr/bin/time (GNU time) is required: apt-get install time');
  await mkdir(benchDir, { recursive: true });
  // Wall times depend on what else runs; the load is printed so figures can be read with it.
  const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`load average at start: ${load()} (${os.availableParallelism()} cores)`);
  const report: Record<string, EngineSetResult[]> = {};
  for (const name of SETS) {
    const screens = await loadSet(name);
    const files = screens.map((s) => s.png);
    const listFile = path.join(benchDir, `ocr-${name}-list.txt`);
    await writeFile(listFile, `${files.join('\n')}\n`);
    const results: EngineSetResult[] = [];
    for (const engine of ENGINES) {
      process.stderr.write(`${name}: ${engine} on ${screens.length} screens…\n`);
      const run = engine === 'sightline' ? await runSightline(files) : engine === 'ocr-node' ? await runOcrNode(listFile) : engine === 'tesseract' ? await runTesseract(files) : null;
      if (!run) throw new Error(`unknown engine "${engine}" (sightline, ocr-node, tesseract)`);
      // The project set's truth is lines without kinds: its headings are not scored.
      const outputOf = (png: string) => run.outputs.get(png) ?? { text: '', ms: null, firstMs: null };
      const scores = screens.map((s) => scoreScreen(s, name === 'project' ? { ...outputOf(s.png), headings: undefined } : outputOf(s.png)));
      // Each engine's text per screen, to read beside the screenshot.
      const textDir = path.join(benchDir, 'ocr-texts', name, engine);
      await mkdir(textDir, { recursive: true });
      for (const s of screens) await writeFile(path.join(textDir, `${s.id}.txt`), run.outputs.get(s.png)?.text ?? '');
      results.push({ engine: run.engine, wallS: run.wallS, cpuS: run.cpuS, peakRssMb: run.peakRssMb, summary: summarize(screens, scores), screens: scores });
    }
    printSet(name, results);
    report[name] = results;
  }
  const held = report['held-out'];
  const ours = held?.find((r) => r.engine === 'sightline');
  if (held && ours) {
    const s = ours.summary;
    const peers = held.filter((r) => r !== ours);
    const checks = {
      recall: s.recall >= TARGETS.recall,
      blockIntegrity: s.blockIntegrity >= TARGETS.blockIntegrity,
      cer: s.cer <= TARGETS.cer,
      meanBlockCerBelowPeers: peers.length > 0 && peers.every((p) => s.meanBlockCer < p.summary.meanBlockCer),
      firstLine1080: s.medianFirstMs1080 !== null && s.medianFirstMs1080 <= TARGETS.firstLineS * 1000,
      wholeScreen1080: s.medianMs1080 !== null && s.medianMs1080 <= TARGETS.wholeScreenS * 1000,
      rss: ours.peakRssMb <= TARGETS.rssMb,
    };
    console.log(`\nHeld-out targets: ${Object.entries(checks).map(([k, v]) => `${k} ${v ? 'met' : 'MISSED'}`).join('; ')}`);
    report.checks = checks as never;
  }
  console.log(`load average at end: ${load()}`);
  const out = path.join(benchDir, 'ocr.json');
  await writeFile(out, `${JSON.stringify({ date: new Date().toISOString(), targets: TARGETS, report }, null, 2)}\n`);
  console.log(`wrote ${path.relative(root, out)}`);
}

main().catch((err: unknown) => {
  console.error(`bench:ocr: ${(err as Error).message}`);
  process.exit(1);
});
