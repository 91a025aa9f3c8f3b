import { printableLines } from '../common/printable';

/** Where a command writes; tests pass their own to capture output without spawning. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

// A reader that stops early (`sightline read shot.png | head -3`) closes the pipe while lines still stream: that is
// the reader's choice, not a failure, so the command ends quietly as other Unix tools do.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

export const processIo: CliIo = Object.freeze({
  // stdout is the data (recognised text may hold any script); stderr echoes input, so it is made printable.
  out: (text: string) => void process.stdout.write(text),
  err: (text: string) => void process.stderr.write(printableLines(text)),
});

export type CommandRunner = (args: readonly string[], io: CliIo) => Promise<number>;

export interface CliCommand {
  readonly usage: string;
  readonly summary: string;
  readonly load: () => Promise<CommandRunner>;
}
