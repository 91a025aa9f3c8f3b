import { EXIT_CODES } from '../common/errors';
import { COMMANDS } from './commands';
import { processIo, type CliIo } from './io';

function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  ${c.usage.padEnd(64)} ${c.summary}`);
  return `Usage:\n${lines.join('\n')}\n\nExit codes: 0 ok, 2 usage, 3 bad input, 4 model missing or corrupt.\n`;
}

export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? io.out : io.err)(usage());
    return name ? 0 : EXIT_CODES.usage;
  }
  const command = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.err(`sightline: unknown command "${name}"\n${usage()}`);
    return EXIT_CODES.usage;
  }
  const run = await command.load();
  return run(rest, io);
}
