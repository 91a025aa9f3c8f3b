import { EXIT_CODE_MEANINGS, EXIT_CODES } from '../common/errors';
import { COMMANDS } from './commands';
import { processIo, type CliIo } from './io';
import { printable } from '../common/printable';

function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  ${c.usage.padEnd(64)} ${c.summary}`);
  const codes = Object.entries(EXIT_CODE_MEANINGS).map(([code, meaning]) => `${code} ${meaning}`).join(', ');
  return `Usage:\n${lines.join('\n')}\n\nExit codes: ${codes}.\n`;
}

export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? io.out : io.err)(usage());
    return name ? 0 : EXIT_CODES.usage;
  }
  const command = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.err(`sightline: unknown command "${printable(name)}"\n${usage()}`);
    return EXIT_CODES.usage;
  }
  const run = await command.load();
  return run(rest, io);
}
