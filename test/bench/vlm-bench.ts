/**
 * npm run bench:vlm — pipeline overhead of describe and ask at 1920×1080, and memory over 200 describes.
 *
 * Overhead is everything but the models' forward passes: decoding, image processing, tokenizing, the generation
 * loop, streaming, composing, and the worker round trip. It is measured with the fixture pack, whose graphs are a
 * handful of tiny ops (their forward passes are microseconds, so they are counted in, slightly overstating
 * overhead); describe's OCR time (a real model) is subtracted. Targets: ≤ 100 ms median; RSS after 200 describes
 * within 10 % of its level after the first 10. The same run follows with the default pack when it is installed.
 */
import sharp from 'sharp';
import { InferenceHost } from '../../electron/core/host/inferenceHost';
import { verifyPack } from '../../electron/core/models/verify';
import '../../electron/core/vision/types';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const N = Number(process.env.BENCH_N ?? 30);
const RSS_RUNS = Number(process.env.BENCH_RSS_RUNS ?? 200);

async function photo(width: number, height: number): Promise<Uint8Array> {
  // A photo-like frame: a gradient and a few shapes, no text, so the captioner (not the page path) runs.
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#c0302a"/><stop offset="1" stop-color="#e05040"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/><circle cx="${width / 3}" cy="${height / 2}" r="${height / 5}" fill="#d04030"/></svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}

async function benchPack(pack: string): Promise<{ describe: number; ask: number; askAgain: number }> {
  const host = new InferenceHost({ env: { SIGHTLINE_PACK: pack } });
  try {
    const bytes = await photo(1920, 1080);
    const image = { kind: 'bytes' as const, bytes, label: 'bench.png' };
    await host.run('describe', { image, detail: 'normal' }); // loads sessions
    await host.run('ask', { image, question: 'What color is this?' });
    const describe: number[] = [];
    const decode: number[] = [];
    const ask: number[] = [];
    const askAgain: number[] = [];
    for (let i = 0; i < N; i++) {
      const r = await host.run('describe', { image, detail: 'normal' });
      describe.push(r.timings.totalMs - r.timings.ocrMs);
      decode.push(r.timings.decodeMs);
      // A fresh imageId each time so the vision encoder runs: the first question about an image.
      const fresh = { kind: 'bytes' as const, bytes: bytes.slice(), label: 'bench.png' };
      fresh.bytes[fresh.bytes.length - 5] ^= 1; // inside the PNG's IEND CRC: decodes the same, hashes differently
      const started = performance.now();
      const a = await host.run('ask', { image: fresh, question: 'What color is this?', imageId: `bench-${i}` });
      ask.push(performance.now() - started);
      const again = performance.now();
      await host.run('ask', { imageId: a.imageId, question: 'Is it bright?' });
      askAgain.push(performance.now() - again);
    }
    console.log(`[${pack}] describe 1920×1080 pipeline (total − OCR): median ${median(describe).toFixed(1)} ms (decode ${median(decode)} ms) over ${N}`);
    console.log(`[${pack}] ask 1920×1080, first question: median ${median(ask).toFixed(1)} ms; follow-up (cached encoding): median ${median(askAgain).toFixed(1)} ms`);
    return { describe: median(describe), ask: median(ask), askAgain: median(askAgain) };
  } finally {
    await host.dispose();
  }
}

async function benchRss(pack: string): Promise<number> {
  const host = new InferenceHost({ env: { SIGHTLINE_PACK: pack } });
  try {
    const bytes = await photo(1920, 1080);
    let after10 = 0;
    for (let i = 1; i <= RSS_RUNS; i++) {
      await host.run('describe', { image: { kind: 'bytes', bytes, label: `frame-${i}.png` }, detail: 'normal', imageId: `frame-${i}` });
      if (i === 10) {
        (globalThis as { gc?: () => void }).gc?.();
        after10 = process.memoryUsage().rss;
      }
    }
    (globalThis as { gc?: () => void }).gc?.();
    const end = process.memoryUsage().rss;
    const growth = (end - after10) / after10;
    console.log(`[${pack}] RSS after 10 describes ${mb(after10)}, after ${RSS_RUNS} ${mb(end)}: ${(growth * 100).toFixed(1)} % (target within 10 %)`);
    return growth;
  } finally {
    await host.dispose();
  }
}

async function main(): Promise<void> {
  console.log(`vlm bench on ${process.platform}/${process.arch}, node ${process.version}`);
  const fixture = await benchPack('fixture');
  const growth = await benchRss('fixture');
  const real = await verifyPack('default');
  if (real.ok) {
    await benchPack('default');
  } else {
    console.log(`[default] skipped: the default pack is not installed (${real.files.filter((f) => f.state !== 'ok').length} files missing, corrupt or unpinned; run: sightline models fetch default)`);
  }
  const pass = fixture.describe <= 100 && fixture.ask <= 100 && Math.abs(growth) <= 0.1;
  console.log(pass ? 'targets met' : 'TARGETS MISSED');
  process.exitCode = pass ? 0 : 1;
}

void main();
