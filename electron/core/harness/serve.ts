/**
 * `npm run serve [-- --port N] [-- --speech voice|announce|silent] [-- --screen-reader running|none]
 * [-- --screen FILE]`: the renderer in any browser, on 127.0.0.1 only, with `window.sightline` bridged to the real
 * core. SIGHTLINE_PACK picks the model pack as in the CLI. Settings and history go to SIGHTLINE_USER_DATA, or to a
 * temporary folder removed on exit. A browser tab cannot see the user's screen reader, so `--screen-reader` says
 * whether to act as if one ran, and SIGUSR2 toggles it (as Electron's 'accessibility-support-changed' would). Nor can
 * it capture the user's screen: `--screen FILE` makes an image file stand in for it (tests, demonstrations).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseCommandArgs } from '../cli/args';
import { EXIT_CODES } from '../common/errors';
import { createHarnessCore } from './harnessCore';
import type { HarnessSpeechMode } from './harnessSpeech';
import { startHarness } from './harnessServer';

const USAGE = 'npm run serve -- [--port N] [--speech announce|voice|silent] [--screen-reader running|none] [--screen FILE]';
const SPEECH_MODES: readonly string[] = Object.freeze(['announce', 'voice', 'silent']);
const SCREEN_READER: Readonly<Record<string, boolean>> = Object.freeze({ running: true, none: false });
const RENDERER_ROOT = path.resolve(__dirname, '..', '..', '..', 'renderer');

function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new Error(`--port must be a number from 0 to 65535, got "${value}"`);
  return port;
}

export async function serve(argv: readonly string[]): Promise<number> {
  let port: number;
  let speech: HarnessSpeechMode;
  let screenReaderRunning: boolean;
  let screenImage: string | undefined;
  try {
    const { values } = parseCommandArgs(argv, { port: { type: 'string' }, speech: { type: 'string' }, 'screen-reader': { type: 'string' }, screen: { type: 'string' } }, USAGE);
    port = parsePort(values.port);
    const mode = values.speech ?? 'announce';
    if (!SPEECH_MODES.includes(mode)) throw new Error(`--speech must be "announce", "voice" or "silent", got "${mode}"`);
    speech = mode as HarnessSpeechMode;
    const reader = values['screen-reader'] ?? 'none';
    if (!Object.prototype.hasOwnProperty.call(SCREEN_READER, reader)) throw new Error(`--screen-reader must be "running" or "none", got "${reader}"`);
    screenReaderRunning = SCREEN_READER[reader]!;
    if (values.screen !== undefined) {
      if (!existsSync(values.screen)) throw new Error(`--screen: no file "${values.screen}"`);
      screenImage = path.resolve(values.screen);
    }
  } catch (err) {
    process.stderr.write(`sightline serve: ${(err as Error).message.split('\n')[0]}\nusage: ${USAGE}\n`);
    return EXIT_CODES.usage;
  }
  if (!existsSync(path.join(RENDERER_ROOT, 'index.html'))) {
    process.stderr.write(`sightline serve: the renderer is not built (${RENDERER_ROOT}/index.html is missing); run "npm run build"\n`);
    return 1;
  }

  const ownDataDir = !process.env.SIGHTLINE_USER_DATA;
  const userDataDir = process.env.SIGHTLINE_USER_DATA ?? (await mkdtemp(path.join(os.tmpdir(), 'sightline-harness-')));
  const core = await createHarnessCore({ userDataDir, pack: process.env.SIGHTLINE_PACK || undefined, speech, screenReaderRunning, screenImage });
  let harness;
  try {
    harness = await startHarness({ root: RENDERER_ROOT, port, backend: core.backend });
  } catch (err) {
    await core.dispose();
    if (ownDataDir) await rm(userDataDir, { recursive: true, force: true });
    const code = (err as NodeJS.ErrnoException).code;
    process.stderr.write(`sightline serve: cannot listen on 127.0.0.1:${port}: ${code === 'EADDRINUSE' ? 'the port is in use' : (err as Error).message}\n`);
    return EXIT_CODES.usage;
  }
  process.stdout.write(`Sightline harness: ${harness.url}\n`);

  const running = harness;
  const toggleScreenReader = () => core.service.setScreenReaderRunning(!core.service.screenReaderState.running);
  process.on('SIGUSR2', toggleScreenReader);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.off('SIGUSR2', toggleScreenReader);
  await running.close();
  await core.dispose();
  if (ownDataDir) await rm(userDataDir, { recursive: true, force: true });
  return 0;
}

if (require.main === module) {
  serve(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`sightline serve: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
}
