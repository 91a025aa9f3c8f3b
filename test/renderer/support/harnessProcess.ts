import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { withDeadline } from '../../helpers/deadline';

const SERVE = path.resolve(__dirname, '..', '..', '..', 'electron', 'core', 'harness', 'serve.js');

export interface ServedHarness {
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly stderr: () => string;
  /** True while the server process runs (a crash would end it). */
  alive(): boolean;
  /** Freezes the server process (SIGSTOP) so the page stays in its busy state; resume() lets it go on. */
  pause(): void;
  resume(): void;
  /** As Electron's 'accessibility-support-changed': a screen reader starts, or stops (SIGUSR2 to the harness). */
  toggleScreenReader(): void;
  stop(): Promise<void>;
}

/**
 * Starts `serve.js` as `npm run serve` would (a real child process), with its own settings folder,
 * and waits for the printed URL. stop() ends that child by its pid and removes the folder.
 */
export async function startServe(options: { env?: Record<string, string>; args?: string[] } = {}): Promise<ServedHarness> {
  const userData = await mkdtemp(path.join(os.tmpdir(), 'sightline-harness-test-'));
  const child: ChildProcess = spawn(process.execPath, [SERVE, '--port', '0', ...(options.args ?? [])], {
    env: { ...process.env, SIGHTLINE_PACK: 'fixture', SIGHTLINE_USER_DATA: userData, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGCONT');
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await withDeadline(exited, 'the harness to exit after SIGTERM and SIGKILL', 15_000);
      clearTimeout(timer);
    }
    await rm(userData, { recursive: true, force: true });
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`harness printed no URL in 30 s; stderr: ${stderr}`)), 30_000);
      child.stdout?.on('data', (d: Buffer) => {
        stdout += d.toString();
        const match = /Sightline harness: (http:\/\/\S+)/.exec(stdout);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`harness exited with ${code}; stderr: ${stderr}`));
      });
    });
    const parsed = new URL(url);
    return { url, origin: parsed.origin, token: parsed.searchParams.get('token') ?? '', stderr: () => stderr,
      alive: () => child.exitCode === null && child.signalCode === null,
      pause: () => void child.kill('SIGSTOP'),
      resume: () => void child.kill('SIGCONT'),
      toggleScreenReader: () => void child.kill('SIGUSR2'),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
