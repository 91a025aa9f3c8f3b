import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** One whole process, measured by GNU time: wall seconds and peak resident set size. */
export interface Measured {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
  readonly wallS: number;
  readonly peakRssMb: number;
  /** User + system CPU seconds: less sensitive than wall time to other load on a shared machine. */
  readonly cpuS: number;
}

const TIME = '/usr/bin/time';
const MARK = '@@time@@';

/**
 * Runs `command args…` under `/usr/bin/time -f '%e %M'` (argument arrays only; no shell). With `timeoutMs`, a run
 * still going then is killed (SIGKILL to the measured command) and reported with code 124.
 */
export function measure(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env, timeoutMs?: number): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = spawn(TIME, ['-f', `${MARK} %e %M %U %S`, command, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let timedOut = false;
    // GNU time waits for its child and then reports; killing that child (found through /proc) keeps the report.
    const timer = timeoutMs === undefined ? null : setTimeout(() => {
      timedOut = true;
      try {
        const kids = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
        for (const pid of kids) process.kill(Number(pid), 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    const out: Buffer[] = [], err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      const stderr = Buffer.concat(err).toString('utf8');
      const line = stderr.split('\n').reverse().find((l) => l.startsWith(MARK));
      if (!line) return reject(new Error(`${command}: no timing from ${TIME} (exit ${code}): ${stderr.slice(-500)}`));
      const [, wall, rssKb, user, sys] = line.split(' ');
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: stderr.replace(line, '').trim(),
        code: timedOut ? 124 : code ?? 1,
        wallS: Number(wall),
        peakRssMb: Number(rssKb) / 1024,
        cpuS: Number(user) + Number(sys),
      });
    });
  });
}
