/** Where a command writes; tests pass their own to capture output without spawning. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export const processIo: CliIo = Object.freeze({
  out: (text: string) => void process.stdout.write(text),
  err: (text: string) => void process.stderr.write(text),
});

export type CommandRunner = (args: readonly string[], io: CliIo) => Promise<number>;

export interface CliCommand {
  readonly usage: string;
  readonly summary: string;
  readonly load: () => Promise<CommandRunner>;
}
