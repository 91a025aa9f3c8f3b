import { EXIT_CODES, toSightlineError } from '../../common/errors';
import { InferenceHost } from '../../host/inferenceHost';
import { pathInput } from '../../image/intake';
import '../../vision/types';
import { parseCommandArgs } from '../args';
import type { CliIo } from '../io';

const USAGE = 'sightline ask <image> <question> [--pack name] [--json]';

/** Answers one question about one image; the answer streams to stdout as it is generated (unless --json). */
export async function runAsk(args: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandArgs(args, { json: { type: 'boolean' }, pack: { type: 'string' } }, USAGE);
  } catch (err) {
    io.err(`sightline ask: ${(err as Error).message}\n`);
    return EXIT_CODES.usage;
  }
  const [file, ...words] = parsed.positionals;
  const question = words.join(' ').trim();
  if (!file || !question) {
    io.err(`sightline ask: ${file ? 'no question given' : 'no image given'}\nusage: ${USAGE}\n`);
    return EXIT_CODES.usage;
  }
  const host = new InferenceHost(parsed.values.pack ? { env: { SIGHTLINE_PACK: parsed.values.pack } } : {});
  try {
    let streamed = '';
    const result = await host.run('ask', { image: pathInput(file), question }, {
      onEvent: (event) => {
        if (parsed.values.json || event.kind !== 'token') return;
        // Leading whitespace of the first piece is the model's, not the user's.
        const text = streamed ? event.text : event.text.trimStart();
        streamed += text;
        io.out(text);
      },
    });
    if (parsed.values.json) {
      const { file: f, question: q, answer, models, device, timings } = result;
      io.out(`${JSON.stringify({ file: f, question: q, answer, models, device, timings }, null, 2)}\n`);
    } else {
      io.out(streamed.trim() === result.answer ? '\n' : `${streamed ? '\n' : ''}${result.answer}\n`);
    }
    return 0;
  } catch (err) {
    const e = toSightlineError(err);
    io.err(`sightline ask: ${e.message}\n`);
    return EXIT_CODES[e.kind];
  } finally {
    await host.dispose();
  }
}
