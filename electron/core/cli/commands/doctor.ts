import { EXIT_CODES, toSightlineError } from '../../common/errors';
import type { DoctorView } from '../../../common/ipc';
import { runDoctor } from '../../app/doctor';
import { InferenceHost } from '../../host/inferenceHost';
import { modelsRoot } from '../../models/paths';
import { parseCommandArgs } from '../args';
import type { CliIo } from '../io';

const USAGE = 'sightline doctor [--pack name] [--json]';

function printHuman(view: DoctorView, io: CliIo): void {
  io.out(`models root: ${view.root}\npack: ${view.pack}; device preference: ${view.preference} (${view.fileSet} file set)\n`);
  const byModel = new Map<string, typeof view.files[number][]>();
  for (const f of view.files) byModel.set(f.model, [...(byModel.get(f.model) ?? []), f]);
  for (const [model, files] of byModel) {
    const ok = files.filter((f) => f.state === 'ok').length;
    io.out(`  ${model}: ${ok} of ${files.length} files verified\n`);
    for (const f of files) if (f.state !== 'ok') io.out(`    ${f.state}: ${f.path} (${f.reason})\n`);
  }
  if (view.tasks.length === 0 && !view.ok) io.out(`smoke test skipped: the pack is not installed; run: sightline models fetch ${view.pack}${view.fileSet === 'gpu' ? ' --device gpu' : ''}\n`);
  for (const t of view.tasks) {
    io.out(`${t.ok ? 'ok  ' : 'FAIL'} ${t.task.padEnd(10)} ${t.model} on ${t.device ?? 'no device'}: load ${t.loadMs} ms, run ${t.runMs} ms: ${t.output}\n`);
    for (const s of t.skipped) io.out(`     not on ${s.device}: ${s.reason}\n`);
  }
}

/** `sightline doctor`: installed pack, verified files, the device each session really runs on, and a timed smoke run. */
export async function runDoctorCommand(args: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandArgs(args, { json: { type: 'boolean' }, pack: { type: 'string' } }, USAGE);
  } catch (err) {
    io.err(`sightline doctor: ${(err as Error).message}\n`);
    return EXIT_CODES.usage;
  }
  if (parsed.positionals.length > 0) {
    io.err(`sightline doctor: unexpected argument "${parsed.positionals[0]}"\nusage: ${USAGE}\n`);
    return EXIT_CODES.usage;
  }
  const pack = parsed.values.pack;
  const host = new InferenceHost(pack ? { env: { SIGHTLINE_PACK: pack } } : {});
  try {
    const view = await runDoctor({ host, root: modelsRoot(), pack });
    if (parsed.values.json) io.out(`${JSON.stringify(view, null, 2)}\n`);
    else printHuman(view, io);
    if (view.ok) return 0;
    const failed = view.tasks.find((t) => !t.ok);
    return failed ? EXIT_CODES.internal : EXIT_CODES['model-missing'];
  } catch (err) {
    const e = toSightlineError(err);
    io.err(`sightline doctor: ${e.message}\n`);
    return EXIT_CODES[e.kind];
  } finally {
    await host.dispose();
  }
}
