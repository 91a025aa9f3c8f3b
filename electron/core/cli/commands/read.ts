import { EXIT_CODES } from '../../common/errors';
import { InferenceHost } from '../../host/inferenceHost';
import { pathInput } from '../../image/intake';
import type { OcrResult } from '../../ocr/types';
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
    const result = await host.run('ocr', { image: pathInput(file), languages });
    reports.push({ file, ...result });
    if (!parsed.values.json) io.out(`${reports.length > 1 ? '\n' : ''}${result.text}\n`);
  });
  if (!finished) return exitCode;
  if (parsed.values.json) {
    io.out(`${JSON.stringify(reports.map(({ file, width, height, lines, blocks, text, timings }) => ({ file, width, height, languages, lines, blocks, text, timings })), null, 2)}\n`);
  }
  return exitCode;
}
