import type { CliCommand } from './io';

/** Every `sightline` sub-command; each module loads only when its command runs, keeping start-up fast. */
export const COMMANDS: Readonly<Record<string, CliCommand>> = Object.freeze({
  read: {
    usage: 'sightline read <image>… [--json]',
    summary: 'read the text of images aloud-ready, in reading order',
    load: async () => (await import('./commands/read.js')).runRead,
  },
});
