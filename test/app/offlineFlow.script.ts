/**
 * Runs describe, ask, read and transcribe through the application service on the fixture pack, and prints one
 * JSON report on stdout. The offline test runs it inside `unshare -n` (no network at all); it first proves that
 * the network is really gone. Not a test file itself (no `.test`), so the runner never starts it directly.
 */
import net from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { pngCapture, startTestApp } from './serviceHarness';

type Step = { ok: boolean; value?: unknown; error?: { kind: string; message: string } };

async function networkReachable(): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '1.1.1.1', port: 80, timeout: 3000 });
    socket.once('connect', () => { socket.destroy(); resolve('connected'); });
    socket.once('timeout', () => { socket.destroy(); resolve('timeout'); });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-offline-'));
  const text = `<svg xmlns="http://www.w3.org/2000/svg" width="700" height="140"><rect width="100%" height="100%" fill="#fff"/><text x="20" y="80" font-family="DejaVu Sans" font-size="40">Offline and private</text></svg>`;
  const screen = await sharp(Buffer.from(text)).png().toBuffer();
  const red = await sharp({ create: { width: 96, height: 96, channels: 3, background: '#ff0000' } }).png().toBuffer();
  const app = await startTestApp(dir, pngCapture(new Uint8Array(screen)), {
    env: { SIGHTLINE_PACK: 'fixture', SIGHTLINE_MODELS: path.join(__dirname, '..', '..', '..', 'models') },
  });
  const report: Record<string, unknown> = { network: await networkReachable() };
  try {
    const read = (await app.service.handle('read-screen', { requestId: 'off-read', target: 'screen' }, 'w')) as Step;
    report.read = read;
    const describe = (await app.service.handle('describe-image', { requestId: 'off-describe', image: { name: 'red.png', bytes: new Uint8Array(red) }, detail: 'brief' }, 'w')) as Step;
    report.describe = describe;
    const imageId = describe.ok ? (describe.value as { imageId: string }).imageId : 'none';
    report.ask = await app.service.handle('ask', { requestId: 'off-ask', imageId, question: 'What color is this?' }, 'w');
    report.transcribe = await app.service.handle('transcribe', { requestId: 'off-tx', pcm16k: new Float32Array(16_000) }, 'w');
    report.tokens = app.events.filter((e) => e.channel === 'token').length;
  } finally {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`offline flow failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
