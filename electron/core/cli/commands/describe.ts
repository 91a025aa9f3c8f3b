import { EXIT_CODES } from '../../common/errors';
import { InferenceHost } from '../../host/inferenceHost';
import { pathInput } from '../../image/intake';
import type { DescribeResult, Detail } from '../../vision/types';
import '../../vision/types';
import { parseCommandArgs } from '../args';
import { parseLanguageList } from '../languageOption';
import { forEachInput } from '../batch';
import type { CliIo } from '../io';
import { printable } from '../../common/printable';

const USAGE = 'sightline describe <image>… [--detail brief|normal|full] [--pack name] [--lang de,en] [--json]';
const DETAILS: readonly Detail[] = ['brief', 'normal', 'full'];

/** The JSON the issue specifies, per image. */
export function describeJson(r: DescribeResult) {
  return {
    file: r.file, caption: r.caption, text: r.text, description: r.description, mostlyText: r.mostlyText,
    width: r.width, height: r.height, models: r.models, device: r.device, warnings: r.warnings, timings: r.timings,
  };
}

/**
 * Describes each image: caption (unless it is mostly text) joined with its text in reading order.
 * Without a caption model the text part is still given, with a warning naming the install command.
 */
export async function runDescribe(args: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  let languages: readonly string[];
  try {
    parsed = parseCommandArgs(args, { json: { type: 'boolean' }, detail: { type: 'string' }, pack: { type: 'string' }, lang: { type: 'string' } }, USAGE);
    languages = parseLanguageList(parsed.values.lang, USAGE);
  } catch (err) {
    io.err(`sightline describe: ${(err as Error).message}\n`);
    return EXIT_CODES.usage;
  }
  const detail = (parsed.values.detail ?? 'normal') as Detail;
  if (!DETAILS.includes(detail)) {
    io.err(`sightline describe: --detail must be brief, normal or full, not "${printable(String(detail))}"\nusage: ${USAGE}\n`);
    return EXIT_CODES.usage;
  }
  const files = parsed.positionals;
  if (files.length === 0) {
    io.err(`sightline describe: no image given\nusage: ${USAGE}\n`);
    return EXIT_CODES.usage;
  }
  const host = new InferenceHost(parsed.values.pack ? { env: { SIGHTLINE_PACK: parsed.values.pack } } : {});
  const reports: ReturnType<typeof describeJson>[] = [];
  const warned = new Set<string>();
  const { exitCode, finished } = await forEachInput('describe', io, host, files, async (file) => {
    const result = await host.run('describe', { image: pathInput(file), detail, languages });
    for (const w of result.warnings) {
      if (!warned.has(w)) io.err(`sightline describe: warning: ${w}\n`);
      warned.add(w);
    }
    reports.push(describeJson(result));
    if (!parsed.values.json) io.out(`${reports.length > 1 ? '\n' : ''}${files.length > 1 ? `${file}:\n` : ''}${result.description}\n`);
  });
  if (!finished) return exitCode;
  if (parsed.values.json) io.out(`${JSON.stringify(reports, null, 2)}\n`);
  return exitCode;
}
