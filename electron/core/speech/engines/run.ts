import { SightlineError } from '../../common/errors';
import { spawnEngine } from '../processes';

/** Runs a short engine query (voice lists, probes) with a time limit, collecting stdout. */
export async function runToCompletion(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; stdin?: string } = {},
): Promise<{ stdout: string; code: number | null }> {
  const proc = spawnEngine(command, args, { env: options.env, stdout: 'pipe', stdin: options.stdin });
  let stdout = '';
  proc.child.stdout?.setEncoding('utf8');
  proc.child.stdout?.on('data', (chunk: string) => {
    if (stdout.length < 1_000_000) stdout += chunk;
  });
  const timer = setTimeout(() => void proc.stop(), options.timeoutMs ?? 5000);
  const exit = await proc.exited;
  clearTimeout(timer);
  if (exit.stopped) throw new SightlineError('timeout', `${command} did not answer in ${options.timeoutMs ?? 5000} ms`);
  return { stdout, code: exit.code };
}
