import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createLogger } from '../common/logger';

const log = createLogger('speech');

/** How long a stopped engine gets to exit on SIGTERM before SIGKILL. */
const KILL_GRACE_MS = 250;

export interface ExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** True when Sightline stopped it (interrupt, stop, dispose). */
  readonly stopped: boolean;
  /** Everything the process wrote to stderr (bounded), for error messages. */
  readonly stderr: string;
}

/** An engine process Sightline started, with its own process group, so stopping it also ends the audio player it spawned. */
export interface EngineProcess {
  readonly child: ChildProcess;
  readonly pid: number | undefined;
  readonly exited: Promise<ExitInfo>;
  /** Ends this process group only (never "pid + 2", never by name). Resolves once it has exited. */
  stop(): Promise<ExitInfo>;
}

const live = new Set<EngineProcess>();

const delay = (ms: number) => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms));

export interface SpawnEngineOptions {
  readonly stdin?: string | Buffer;
  readonly env?: NodeJS.ProcessEnv;
  /** 'pipe' when the caller reads audio from stdout (benchmarks, streaming). */
  readonly stdout?: 'ignore' | 'pipe';
}

/**
 * Spawns an engine with an argument array (no shell, ever), in a new process group on POSIX so that
 * `stop()` signals exactly the processes this call created (festival → sh → aplay) and nothing else.
 */
export function spawnEngine(command: string, args: readonly string[], options: SpawnEngineOptions = {}): EngineProcess {
  const spawnOptions: SpawnOptions = {
    stdio: ['pipe', options.stdout ?? 'ignore', 'pipe'],
    env: options.env ?? process.env,
    detached: process.platform !== 'win32',
    shell: false,
    windowsHide: true,
  };
  const child = spawn(command, [...args], spawnOptions);
  let stopped = false;
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    if (stderr.length < 4096) stderr += chunk;
  });
  const exited = new Promise<ExitInfo>((resolve) => {
    let settled = false;
    const settle = (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      live.delete(handle);
      resolve({ code, signal, stopped, stderr: stderr.trim() });
    };
    child.once('error', (err) => {
      stderr += `${(err as NodeJS.ErrnoException).code ?? ''} ${err.message}`;
      settle(null, null);
    });
    child.once('close', settle);
  });
  // A closed stdin (engine died early) must not crash Sightline with EPIPE.
  child.stdin?.on('error', () => undefined);
  if (options.stdin !== undefined) child.stdin?.end(options.stdin);
  else child.stdin?.end();

  const signalGroup = (signal: NodeJS.Signals) => {
    const pid = child.pid;
    if (pid === undefined) return;
    try {
      if (process.platform === 'win32') {
        if (child.exitCode !== null || child.signalCode !== null) return;
        // taskkill /T ends the process tree rooted at our own child; argument array, no shell.
        spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
      } else {
        // The group id is our child's pid: it holds only what this call started (and their children).
        process.kill(-pid, signal);
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') log.warn(`stopping ${command} failed: ${(err as Error).message}`);
    }
  };

  /** True while any process of this engine's group still runs (the player festival started outlives festival briefly). */
  const groupAlive = () => child.pid !== undefined && runningGroupMembers(child.pid).length > 0;

  let stopping: Promise<ExitInfo> | undefined;
  const handle: EngineProcess = {
    child,
    pid: child.pid,
    exited,
    stop() {
      stopping ??= (async () => {
        stopped = true;
        signalGroup('SIGTERM');
        const leader = await Promise.race([exited, delay(KILL_GRACE_MS)]);
        if (!leader) signalGroup('SIGKILL');
        const info = await exited;
        // Reap-wait for the rest of the group, escalating once; bounded, so a zombie cannot hang stop().
        for (let i = 0; i < 100 && groupAlive(); i++) {
          if (i === 20) signalGroup('SIGKILL');
          await delay(5);
        }
        return info;
      })();
      return stopping;
    },
  };
  if (child.pid !== undefined) live.add(handle);
  return handle;
}

/**
 * Processes of a process group that are still running. A killed child whose parent died first is re-parented to
 * pid 1; where pid 1 does not reap (containers), it lingers as a zombie: dead, holding nothing, so not counted.
 */
export function runningGroupMembers(pgid: number): number[] {
  if (process.platform === 'win32') return [];
  try {
    process.kill(-pgid, 0);
  } catch {
    return [];
  }
  if (process.platform !== 'linux') return [pgid];
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid pgrp …": comm may hold spaces or parentheses, so parse after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') members.push(Number(entry));
    } catch {
      /* the process ended while we looked */
    }
  }
  return members;
}

/** Engine processes currently running (tests use this to prove nothing is left behind). */
export function liveEngineProcesses(): readonly EngineProcess[] {
  return [...live];
}

/** Stops every engine process this module started. */
export async function stopAllEngineProcesses(): Promise<void> {
  await Promise.all([...live].map((p) => p.stop()));
}

// If Sightline exits while speaking, its engines must not keep talking: they are in their own groups, so they
// would otherwise outlive it.
process.once('exit', () => {
  for (const p of live) {
    try {
      if (p.pid !== undefined) process.kill(process.platform === 'win32' ? p.pid : -p.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
});
