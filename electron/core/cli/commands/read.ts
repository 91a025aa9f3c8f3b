import { EXIT_CODES } from '../../common/errors';
import { InferenceHost } from '../../host/inferenceHost';
import { pathInput } from '../../image/intake';
import type { OcrResult, OcrTextEvent } from '../../ocr/types';
import '../../ocr/types';
import { parseCommandArgs } from '../args';
import { forEachInput } from '../batch';
import type { CliIo } from '../io';
import { parseLanguageList } from '../languageOption';

const USAGE = 'sightline read <image>… [--json] [--lang de,en]';

export interface ReadReport extends OcrResult {
  readonly file: string;
}

/** Reads each image's text in reading order. Bad images are reported and skipped; the rest are still read. */
export async function runRead(args: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  let languages: readonly string[];
  try {
    parsed = parseCommandArgs(args, { json: { type: 'boolean' }, lang: { type: 'string' } }, USAGE);
    languages = parseLanguageList(parsed.values.lang, USAGE);
  } catch (err) {
    io.err(`sightline read: ${(err as Error).message}\n`);
    return EXIT_CODES.usage;
  }
  const files = parsed.positionals;
  if (files.length === 0) {
    io.err(`sightline read: no image given\nusage: ${USAGE}\n`);
    return EXIT_CODES.usage;
  }

  const host = new InferenceHost();
  const reports: ReadReport[] = [];
  const { exitCode, finished } = await forEachInput('read', io, host, files, async (file) => {
    // Plain output prints each line as soon as it is recognized, in reading order (a screen reader or a pipe
    // into speech starts on the first line); JSON waits for the whole result.
    const separate = reports.length > 0 ? '\n' : '';
    let printed = 0;
    const onEvent = parsed.values.json ? undefined : (event: OcrTextEvent) => {
      if (event.kind !== 'text' || event.lines.length === 0) return;
      io.out(`${printed === 0 ? separate : ''}${event.lines.map((l) => l.text).join('\n')}\n`);
      printed += event.lines.length;
    };
    const result = await host.run('ocr', { image: pathInput(file), languages }, { onEvent });
    reports.push({ file, ...result });
    // Lines that no event carried (none, when the host streams) are printed now.
    if (!parsed.values.json && printed < result.lines.length) io.out(`${printed === 0 ? separate : ''}${result.lines.slice(printed).map((l) => l.text).join('\n')}\n`);
  });
  if (!finished) return exitCode;
  if (parsed.values.json) {
    io.out(`${JSON.stringify(reports.map(({ file, width, height, lines, blocks, panes, text, timings }) => ({ file, width, height, languages, lines, blocks, panes, text, timings })), null, 2)}\n`);
  }
  return exitCode;
}
