import { parseArgs, type ParseArgsConfig } from 'node:util';
import { SightlineError } from '../common/errors';
import { printable } from '../common/printable';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, with its errors turned into one-line usage errors. */
export function parseCommandArgs<O extends Options>(args: readonly string[], options: O, usage: string) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (err) {
    // Node's text for an unknown option goes on to explain `--` with mismatched quotes; the first sentence is enough.
    const reason = (err as Error).message.split('\n')[0]!.replace(/\. To specify a positional argument .*$/, '');
    throw new SightlineError('usage', `${printable(reason)}\nusage: ${usage}`);
  }
}
