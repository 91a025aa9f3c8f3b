/**
 * The real-model check (issue 12 point 7): describe and ask about committed photographs and rendered screens,
 * transcribe each question spoken by espeak-ng, and report load, first-token and total times. CI runs it against the
 * fetched default pack (.github/workflows/real-models.yml); the test suite runs it against the fixture pack with
 * fixture cases, so the script itself is exercised on every machine.
 *
 *   node dist/test/real/realModelCheck.js [--pack default] [--cases test/fixtures/real/cases.json] [--out dir] [--no-speech]
 *
 * --no-speech skips the spoken questions where espeak-ng is not available (the Windows runner).
 *
 * Writes <out>/real-models.json and <out>/real-models.md (and appends the Markdown to $GITHUB_STEP_SUMMARY when set).
 * Exit 0 when every caption and answer holds its words and every transcript is within the WER limits; 1 otherwise;
 * the CLI's codes (4, 6…) when the pack cannot be loaded at all.
 */
import { spawnSync } from 'node:child_process';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT_CODES, toSightlineError } from '../../electron/core/common/errors';
import { InferenceHost } from '../../electron/core/host/inferenceHost';
import '../../electron/core/host/smokeTask';
import '../../electron/core/vision/types';
import '../../electron/core/asr/types';
import { screenshotPng } from '../vision/images';

/** A transcript may miss this share of a question's words (each question, and on average over all). */
export const MAX_WER_EACH = 0.5;
export const MAX_WER_MEAN = 0.25;

type Groups = readonly (readonly string[])[];
interface Photo { readonly image: string; readonly licence?: string; readonly words: Groups; readonly question?: string; readonly answer?: Groups }
interface Screen { readonly title: string; readonly heading: string; readonly body: readonly string[]; readonly words: Groups; readonly question?: string; readonly answer?: Groups }
export interface Cases { readonly photos?: readonly Photo[]; readonly screens?: readonly Screen[] }

export interface CaseReport {
  readonly name: string;
  readonly caption: string | null;
  readonly description: string;
  readonly missedWords: string[];
  readonly describe: { readonly firstTokenMs: number; readonly captionMs: number; readonly totalMs: number };
  readonly question?: string;
  readonly answer?: string;
  readonly missedAnswer?: string[];
  readonly ask?: { readonly firstTokenMs: number; readonly totalMs: number };
  readonly transcript?: string;
  readonly wer?: number;
  readonly transcribeMs?: number;
}

export interface Report {
  readonly pack: string;
  readonly load: readonly { readonly task: string; readonly model: string; readonly device: string | null; readonly loadMs: number }[];
  readonly cases: readonly CaseReport[];
  readonly meanWer: number | null;
  readonly ok: boolean;
}

const words = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}\s']/gu, ' ').split(/\s+/).filter(Boolean);

/** Groups none of whose alternatives occur (as whole words or phrases) in `text`. */
export function missedGroups(text: string, groups: Groups): string[] {
  const padded = ` ${words(text).join(' ')} `;
  return groups.filter((alts) => !alts.some((alt) => padded.includes(` ${words(alt).join(' ')} `))).map((alts) => alts.join('|'));
}

/** Word error rate: word-level edit distance over the reference's length. */
export function wordErrorRate(reference: string, hypothesis: string): number {
  const r = words(reference);
  const h = words(hypothesis);
  if (r.length === 0) return h.length === 0 ? 0 : 1;
  let prev = Array.from({ length: h.length + 1 }, (_, j) => j);
  for (let i = 1; i <= r.length; i++) {
    const row = [i];
    for (let j = 1; j <= h.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (r[i - 1] === h[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[h.length]! / r.length;
}

/** Speaks `text` to a WAV with espeak-ng; the text is an argument, never passed through a shell. */
function speak(text: string, file: string): void {
  const run = spawnSync('espeak-ng', ['-w', file, '--', text], { encoding: 'utf8', timeout: 30_000 });
  if (run.status !== 0) throw new Error(`espeak-ng failed (${run.error?.message ?? run.stderr.trim()})`);
}

export async function runCheck(options: { pack: string; cases: Cases; casesDir: string; env?: Record<string, string>; speech?: boolean }): Promise<Report> {
  const host = new InferenceHost({ env: { SIGHTLINE_PACK: options.pack, ...options.env }, requestTimeoutMs: 10 * 60_000 });
  const tmp = await mkdir(path.join(os.tmpdir(), `sightline-real-${process.pid}`), { recursive: true }).then(() => path.join(os.tmpdir(), `sightline-real-${process.pid}`));
  try {
    const smoke = await host.run('smoke', {});
    const load = smoke.map((t) => ({ task: t.task, model: t.model, device: t.device, loadMs: t.loadMs }));
    const failedLoad = smoke.find((t) => !t.ok);
    if (failedLoad) throw new Error(`${failedLoad.task} model ${failedLoad.model} does not load: ${failedLoad.output}`);
    const items: { name: string; file: string; words: Groups; question?: string; answer?: Groups }[] = [];
    for (const p of options.cases.photos ?? []) items.push({ name: p.image, file: path.join(options.casesDir, p.image), words: p.words, question: p.question, answer: p.answer });
    for (const [i, s] of (options.cases.screens ?? []).entries()) {
      const file = path.join(tmp, `screen-${i}.png`);
      await writeFile(file, await screenshotPng(s.title, s.heading, s.body));
      items.push({ name: `screen: ${s.heading}`, file, words: s.words, question: s.question, answer: s.answer });
    }
    const cases: CaseReport[] = [];
    for (const item of items) {
      const described = await host.run('describe', { image: { kind: 'path', path: item.file }, detail: 'normal' });
      const heard = `${described.caption ?? ''} ${described.description}`;
      let report: CaseReport = {
        name: item.name, caption: described.caption, description: described.description, missedWords: missedGroups(heard, item.words),
        describe: { firstTokenMs: described.timings.firstTokenMs, captionMs: described.timings.captionMs, totalMs: described.timings.totalMs },
      };
      if (item.question) {
        const asked = await host.run('ask', { imageId: described.imageId, image: { kind: 'path', path: item.file }, question: item.question });
        report = {
          ...report, question: item.question, answer: asked.answer, missedAnswer: missedGroups(asked.answer, item.answer ?? []),
          ask: { firstTokenMs: asked.timings.firstTokenMs, totalMs: asked.timings.totalMs },
        };
        if (options.speech !== false) {
          const wav = path.join(tmp, 'question.wav');
          speak(item.question, wav);
          const heardQuestion = await host.run('transcribe', { audio: { kind: 'path', path: wav } });
          report = { ...report, transcript: heardQuestion.text, wer: wordErrorRate(item.question, heardQuestion.text), transcribeMs: heardQuestion.timings.transcribeMs };
        }
      }
      cases.push(report);
    }
    const wers = cases.flatMap((c) => (c.wer === undefined ? [] : [c.wer]));
    const meanWer = wers.length ? wers.reduce((a, b) => a + b, 0) / wers.length : null;
    const ok = cases.every((c) => c.missedWords.length === 0 && (c.missedAnswer?.length ?? 0) === 0 && (c.wer ?? 0) <= MAX_WER_EACH) && (meanWer ?? 0) <= MAX_WER_MEAN;
    return { pack: options.pack, load, cases, meanWer, ok };
  } finally {
    await host.dispose();
  }
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

export function markdown(report: Report): string {
  const lines = [
    `## Real models: pack \`${report.pack}\` — ${report.ok ? 'passed' : 'FAILED'}`,
    '',
    '| Task | Model | Device | Load (ms) |', '| --- | --- | --- | ---: |',
    ...report.load.map((l) => `| ${l.task} | ${cell(l.model)} | ${l.device ?? '—'} | ${l.loadMs} |`),
    '',
    '| Case | Caption | Missed | First token / total (ms) | Question → answer | Missed | Ask first token / total (ms) | Heard (WER) |',
    '| --- | --- | --- | ---: | --- | --- | ---: | --- |',
    ...report.cases.map((c) => `| ${cell(c.name)} | ${cell(c.caption ?? c.description)} | ${c.missedWords.join(', ') || '—'} | ${c.describe.firstTokenMs} / ${c.describe.totalMs} | ${c.question ? `${cell(c.question)} → ${cell(c.answer ?? '')}` : '—'} | ${c.missedAnswer?.join(', ') || '—'} | ${c.ask ? `${c.ask.firstTokenMs} / ${c.ask.totalMs}` : '—'} | ${c.transcript !== undefined ? `${cell(c.transcript)} (${(c.wer! * 100).toFixed(0)} %)` : '—'} |`),
    '',
    `Mean word error rate: ${report.meanWer === null ? '—' : `${(report.meanWer * 100).toFixed(1)} %`} (limits: ${MAX_WER_EACH * 100} % each, ${MAX_WER_MEAN * 100} % mean).`,
    '',
  ];
  return lines.join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { pack: { type: 'string', default: 'default' }, cases: { type: 'string' }, out: { type: 'string', default: 'real-models-report' }, 'no-speech': { type: 'boolean' } } });
  const casesFile = path.resolve(values.cases ?? path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'real', 'cases.json'));
  const cases = JSON.parse(await readFile(casesFile, 'utf8')) as Cases;
  let report: Report;
  try {
    report = await runCheck({ pack: values.pack!, cases, casesDir: path.dirname(casesFile), speech: !values['no-speech'] });
  } catch (err) {
    const e = toSightlineError(err);
    process.stderr.write(`real-model check: ${e.message}\n`);
    return e.kind === 'internal' ? 1 : EXIT_CODES[e.kind];
  }
  await mkdir(values.out!, { recursive: true });
  const md = markdown(report);
  await writeFile(path.join(values.out!, 'real-models.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(path.join(values.out!, 'real-models.md'), md);
  if (process.env.GITHUB_STEP_SUMMARY) await appendFile(process.env.GITHUB_STEP_SUMMARY, md);
  process.stdout.write(md);
  return report.ok ? 0 : 1;
}

if (require.main === module) void main().then((code) => { process.exitCode = code; });
