/**
 * `npm run bench:ipc`: how long a cheap call (get-settings) takes through the application service while the
 * inference host is busy reading a full-HD screenshot and describing images — the main thread must stay free
 * (target: round trip ≤ 50 ms). Electron's IPC adds a structured-clone hop on top, measured in CI's e2e run.
 */
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import sharp from 'sharp';
import { pngCapture, startTestApp } from '../serviceHarness';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-bench-'));
  const lines = Array.from({ length: 24 }, (_, i) => `<text x="40" y="${40 + i * 42}" font-family="DejaVu Sans" font-size="28">Line ${i + 1}: the quick brown fox jumps over the lazy dog</text>`).join('');
  const screen = await sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="1920" height="1080"><rect width="100%" height="100%" fill="#fff"/>${lines}</svg>`)).png().toBuffer();
  const app = await startTestApp(dir, pngCapture(new Uint8Array(screen)), {
    env: { SIGHTLINE_PACK: 'fixture', SIGHTLINE_MODELS: path.join(__dirname, '..', '..', '..', '..', 'models') },
  });
  try {
    const idle: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now();
      await app.service.handle('get-settings', {}, 'bench');
      idle.push(performance.now() - t0);
    }
    let busy = true;
    const work = (async () => {
      for (let i = 0; i < 3; i++) {
        await app.service.handle('read-screen', { requestId: `r${i}`, target: 'screen' }, 'bench');
        await app.service.handle('describe-screen', { requestId: `d${i}`, target: 'screen', detail: 'normal' }, 'bench');
      }
      busy = false;
    })();
    const during: number[] = [];
    while (busy) {
      const t0 = performance.now();
      await app.service.handle('get-settings', {}, 'bench');
      during.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 10));
    }
    await work;
    console.log(JSON.stringify({
      idle: { n: idle.length, medianMs: +median(idle).toFixed(3) },
      whileInferring: { n: during.length, medianMs: +median(during).toFixed(3), p95Ms: +pct(during, 0.95).toFixed(3), maxMs: +Math.max(...during).toFixed(3) },
      targetMs: 50,
    }, null, 2));
  } finally {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  }
}

void main();
