import { printableLines } from '../common/printable';

/** Where a command writes; tests pass their own to capture output without spawning. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** True once the reader of `out` has gone (a closed pipe): the inputs not yet begun are skipped. */
  readonly closed?: () => boolean;
}

// A reader that stops early (`sightline read shot.png | head -3`) closes the pipe while lines still stream: that is
// the reader's choice, not a failure, so the command ends quietly as other Unix tools do. It ends after the input in
// hand, with the inference host shut down in order: exiting at once, while the host's worker was inside
// onnxruntime, aborted the process ("terminate called after throwing an instance of 'Napi::Error'", exit 134).
let readerGone = false;
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  readerGone = true;
});

export const processIo: CliIo = Object.freeze({
  // stdout is the data (recognised text may hold any script); stderr echoes input, so it is made printable.
  out: (text: string) => void (readerGone || process.stdout.write(text)),
  err: (text: string) => void process.stderr.write(printableLines(text)),
  closed: () => readerGone,
});

export type CommandRunner = (args: readonly string[], io: CliIo) => Promise<number>;

export interface CliCommand {
  readonly usage: string;
  readonly summary: string;
  readonly load: () => Promise<CommandRunner>;
}
