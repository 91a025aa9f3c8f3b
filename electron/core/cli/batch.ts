import { EXIT_CODES, toSightlineError } from '../common/errors';
import type { InferenceHost } from '../host/inferenceHost';
import type { CliIo } from './io';

export interface BatchOutcome {
  readonly exitCode: number;
  /** False when a failure other than bad input stopped the batch: the caller prints no summary. */
  readonly finished: boolean;
}

/**
 * The CLI's contract for commands over several inputs: each input runs in turn; a bad one gets its line on stderr
 * and the rest still run (exit 3); any other failure stops the batch with its own exit code. Once the output's reader
 * has gone (`| head`), the inputs not yet begun are skipped. The host is disposed either way.
 */
export async function forEachInput(command: string, io: CliIo, host: InferenceHost, inputs: readonly string[], run: (input: string) => Promise<void>): Promise<BatchOutcome> {
  let exitCode = 0;
  try {
    for (const input of inputs) {
      if (io.closed?.()) break;
      try {
        await run(input);
      } catch (err) {
        const e = toSightlineError(err);
        io.err(`sightline ${command}: ${e.message}\n`);
        if (e.kind !== 'bad-input') return { exitCode: EXIT_CODES[e.kind], finished: false };
        exitCode = EXIT_CODES['bad-input'];
      }
    }
  } finally {
    await host.dispose();
  }
  return { exitCode, finished: true };
}
