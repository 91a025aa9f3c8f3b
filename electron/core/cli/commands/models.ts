import { EXIT_CODES, toSightlineError } from '../../common/errors';
import type { DownloadProgress } from '../../models/download';
import { fetchPack } from '../../models/fetchPack';
import { loadManifest, MODEL_TASKS } from '../../models/manifest';
import { activePack, modelsRoot } from '../../models/paths';
import { pinPack } from '../../models/pinPack';
import { formatProgress } from '../../models/progress';
import { verifyPack } from '../../models/verify';
import { deviceSetFor, DEVICE_SETS } from '../../models/device';
import type { DeviceSet } from '../../models/resolve';
import { parseCommandArgs } from '../args';
import type { CliIo } from '../io';
import { printable } from '../../common/printable';

const USAGE = 'sightline models list | fetch [pack] [--device cpu|gpu|all] | verify [pack] [--device cpu|gpu|all] | pin [pack] [--dry-run] [--pack name] [--json]';

async function list(io: CliIo, json: boolean): Promise<number> {
  const root = modelsRoot();
  const manifest = loadManifest(root);
  const active = activePack();
  const packs = await Promise.all(Object.entries(manifest.packs).map(async ([name, pack]) => {
    const check = await verifyPack(name, { root });
    return {
      name,
      active: name === active,
      description: pack.description,
      installed: check.ok,
      tasks: Object.fromEntries(MODEL_TASKS.map((t) => {
        const key = pack.tasks[t];
        const m = key ? manifest.models[key] : undefined;
        return [t, m ? { model: key, repo: m.repo, revision: m.revision, license: m.license, family: m.family } : null];
      })),
    };
  }));
  if (json) {
    io.out(`${JSON.stringify({ root, packs }, null, 2)}\n`);
    return 0;
  }
  io.out(`models root: ${root}\n`);
  for (const p of packs) {
    io.out(`\n${p.active ? '* ' : '  '}${p.name} (${p.installed ? 'installed' : 'not installed'}): ${p.description}\n`);
    for (const [task, m] of Object.entries(p.tasks)) {
      if (m) io.out(`    ${task.padEnd(11)} ${m.repo}${m.revision ? `@${m.revision.slice(0, 7)}` : ' (unpinned)'} [${m.license}]\n`);
    }
  }
  return 0;
}

async function verify(io: CliIo, pack: string | undefined, json: boolean, device: DeviceSet): Promise<number> {
  const report = await verifyPack(pack, { device });
  if (json) {
    io.out(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    for (const f of report.files) if (f.state !== 'ok') io.err(`sightline models verify: ${f.state}: ${f.file}: ${f.reason}\n`);
    const count = (state: string) => report.files.filter((f) => f.state === state).length;
    const fixable = count('missing') + count('corrupt');
    const unpinned = count('unpinned');
    // Fetch cannot help with an unpinned file, so it is counted apart instead of being sent to `models fetch`.
    io.out(report.ok ? `pack ${report.pack}: all ${report.files.length} files verified\n`
      : `pack ${report.pack}: ${[
        fixable ? `${fixable} of ${report.files.length} files missing or corrupt; run: sightline models fetch ${report.pack}` : '',
        unpinned ? `${unpinned} of ${report.files.length} files not pinned in the manifest (see models/README.md)` : '',
      ].filter(Boolean).join('; ')}\n`);
  }
  return report.ok ? 0 : EXIT_CODES['model-missing'];
}

async function fetch(io: CliIo, pack: string | undefined, json: boolean, device: DeviceSet): Promise<number> {
  let lastDraw = 0;
  let drawn = false;
  const onProgress = (p: DownloadProgress) => {
    const now = performance.now();
    if (now - lastDraw < 200 && p.receivedBytes < p.totalBytes) return; // redraw five times a second at most
    lastDraw = now;
    drawn = true;
    io.err(`\r${formatProgress(p)}`);
  };
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  try {
    const report = await fetchPack(pack, {
      device,
      signal: controller.signal,
      onWait: (holder) => io.err(`sightline models fetch: waiting for another fetch (pid ${holder.pid}, since ${holder.since}) to finish\n`),
      onProgress,
      onFile: (f) => {
        if (drawn) io.err('\n');
        drawn = false;
        if (f.outcome === 'failed') io.err(`sightline models fetch: ${f.error?.message}\n`);
        else if (!json) io.err(`${f.outcome === 'present' ? 'already installed' : 'installed'}: ${f.model}/${f.path}\n`);
      },
    });
    if (json) io.out(`${JSON.stringify(report, null, 2)}\n`);
    else if (report.ok) io.out(`pack ${report.pack}: ${report.files.length} files installed and verified\n`);
    const failed = report.files.find((f) => f.outcome === 'failed');
    if (!failed) return 0;
    const kind = failed.error?.kind ?? 'network';
    return EXIT_CODES[kind as keyof typeof EXIT_CODES] ?? EXIT_CODES.network;
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
}

/** Maintainers' step: fills in the pack's missing hashes and sizes from the hub's listing at the pinned commits. */
async function pin(io: CliIo, pack: string | undefined, json: boolean, dryRun: boolean): Promise<number> {
  const report = await pinPack(pack, { dryRun });
  if (json) {
    io.out(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    for (const f of report.files) if (f.outcome !== 'unchanged' && f.outcome !== 'local') io.err(`${f.outcome}: ${f.model}/${f.path}: ${f.detail}\n`);
    const count = (outcome: string) => report.files.filter((f) => f.outcome === outcome).length;
    const summary = [`${count('pinned')} pinned`, `${count('completed')} given their exact size`, `${count('unchanged')} already pinned`];
    for (const bad of ['conflict', 'absent', 'no-hash', 'no-revision'] as const) if (count(bad)) summary.push(`${count(bad)} ${bad}`);
    const outcome = report.written ? `written to ${report.manifest}`
      : count('conflict') ? 'manifest NOT written: the hub disagrees with it (see above)'
      : dryRun ? 'dry run: manifest not written' : 'manifest unchanged';
    io.out(`pack ${report.pack}: ${summary.join(', ')}; ${outcome}\n`);
  }
  return report.ok ? 0 : EXIT_CODES['model-missing'];
}

/** `sightline models list | fetch [pack] | verify [pack] | pin [pack]`: what is installed, installing it, checking it. */
export async function runModels(args: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandArgs(args, { json: { type: 'boolean' }, pack: { type: 'string' }, 'dry-run': { type: 'boolean' }, device: { type: 'string' } }, USAGE);
  } catch (err) {
    io.err(`sightline models: ${(err as Error).message}\n`);
    return EXIT_CODES.usage;
  }
  const [sub, packArg, ...extra] = parsed.positionals;
  const json = !!parsed.values.json;
  const pack = packArg ?? parsed.values.pack;
  if (parsed.values['dry-run'] && sub !== 'pin') {
    io.err(`sightline models: --dry-run is for pin only\nusage: ${USAGE}\n`);
    return EXIT_CODES.usage;
  }
  const device = (parsed.values.device ?? deviceSetFor()) as DeviceSet;
  if (!DEVICE_SETS.includes(device) || (parsed.values.device && sub !== 'fetch' && sub !== 'verify')) {
    io.err(`sightline models: --device takes cpu, gpu or all, with fetch or verify${parsed.values.device ? ` (got "${parsed.values.device}")` : ''}\nusage: ${USAGE}\n`);
    return EXIT_CODES.usage;
  }
  if (extra.length > 0 || (sub === 'list' && packArg)) {
    io.err(`sightline models: unexpected argument "${printable(String(extra[0] ?? packArg))}"\nusage: ${USAGE}\n`);
    return EXIT_CODES.usage;
  }
  try {
    if (sub === 'list') return await list(io, json);
    if (sub === 'verify') return await verify(io, pack, json, device);
    if (sub === 'fetch') return await fetch(io, pack, json, device);
    if (sub === 'pin') return await pin(io, pack, json, !!parsed.values['dry-run']);
    io.err(`sightline models: ${sub ? `unknown sub-command "${printable(sub)}"` : 'no sub-command given'}\nusage: ${USAGE}\n`);
    return EXIT_CODES.usage;
  } catch (err) {
    const e = toSightlineError(err);
    io.err(`sightline models: ${e.message}\n`);
    return EXIT_CODES[e.kind];
  }
}
