import { mkdir, readFile } from 'node:fs/promises';
import { SightlineError } from '../common/errors';
import path from 'node:path';
import { expectedHash } from './hashing';
import { fileRevision, type ManifestFile, type ManifestModel } from './manifest';
import { writeAtomically } from './pinPack';

/**
 * Pins completed at fetch time, recorded beside the installed model (`<model dir>/.pins.lock.json`).
 *
 * The manifest names each model's commit; a file it pins by hash is checked against that hash. A file it does not
 * pin (the real packs' small files, all of Whisper) is pinned by `models fetch` from the hub's own listing of the
 * repository at that same commit — content at a commit never changes — and the pin is written here, so `verify`
 * (and a later offline `fetch`) checks the installed file against it without asking the hub again.
 */

export const PINS_FILE = '.pins.lock.json';

export interface InstalledPin {
  /** The commit the listing was read at; a pin is used only for that commit. */
  readonly revision: string;
  readonly size: number;
  readonly sha256?: string;
  readonly gitSha1?: string;
  /** The listing it came from. */
  readonly source: string;
}

export interface PinsLock {
  readonly schemaVersion: 1;
  readonly repo: string;
  readonly files: Readonly<Record<string, InstalledPin>>;
}

const HEX = (n: number) => new RegExp(`^[0-9a-f]{${n}}$`);

function validPin(p: unknown): p is InstalledPin {
  const pin = p as InstalledPin;
  return !!pin && typeof pin === 'object' && HEX(40).test(String(pin.revision)) && Number.isSafeInteger(pin.size) && pin.size >= 0
    && (pin.sha256 === undefined || HEX(64).test(pin.sha256)) && (pin.gitSha1 === undefined || HEX(40).test(pin.gitSha1))
    && (pin.sha256 !== undefined || pin.gitSha1 !== undefined) && typeof pin.source === 'string';
}

/** The pins recorded for a model, or an empty set when there are none (or the file is damaged: then fetch re-pins). */
export async function readPins(dir: string, repo: string): Promise<Record<string, InstalledPin>> {
  let data: PinsLock;
  try {
    data = JSON.parse(await readFile(path.join(dir, PINS_FILE), 'utf8')) as PinsLock;
  } catch {
    return {};
  }
  if (data?.schemaVersion !== 1 || data.repo !== repo || typeof data.files !== 'object' || data.files === null) return {};
  return Object.fromEntries(Object.entries(data.files).filter(([, pin]) => validPin(pin)));
}

export async function writePins(dir: string, repo: string, files: Readonly<Record<string, InstalledPin>>): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw new SightlineError('io', `${dir}: cannot write (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const sorted = Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b)));
  await writeAtomically(path.join(dir, PINS_FILE), `${JSON.stringify({ schemaVersion: 1, repo, files: sorted } satisfies PinsLock, null, 2)}\n`);
}

/**
 * The entry a file is fetched and verified by: the manifest's own pin when it has one (a recorded size fills in
 * only when the recorded hash is the same), else the pin recorded at fetch time for the same commit.
 */
export function effectiveEntry(model: ManifestModel, file: ManifestFile, pins: Readonly<Record<string, InstalledPin>>): ManifestFile {
  const pin = pins[file.path];
  const commit = fileRevision(model, file);
  if (!pin || pin.revision !== commit) return file;
  const own = expectedHash(file);
  const recorded = pin.sha256 ? { kind: 'sha256', value: pin.sha256 } : { kind: 'gitSha1', value: pin.gitSha1! };
  if (own) return own.kind === recorded.kind && own.value === recorded.value && file.size === null ? { ...file, size: pin.size } : file;
  return { ...file, size: pin.size, ...(pin.sha256 ? { sha256: pin.sha256 } : { gitSha1: pin.gitSha1 }), source: pin.source };
}

/**
 * External-data files (`<graph>.onnx_data`, `<graph>.onnx_data_1`…) that `fetch` found in the listing beside a listed
 * graph and installed with it: verified like the graph, though the manifest does not name them.
 */
export function externalDataEntries(files: readonly ManifestFile[], pins: Readonly<Record<string, InstalledPin>>): ManifestFile[] {
  const graphs = new Set(files.filter((f) => f.path.endsWith('.onnx')).map((f) => f.path));
  return Object.entries(pins).flatMap(([p, pin]) => {
    const m = /^(.+\.onnx)_data(?:_\d+)?$/.exec(p);
    if (!m || !graphs.has(m[1]!)) return [];
    const graph = files.find((f) => f.path === m[1])!;
    return [{ path: p, size: pin.size, ...(pin.sha256 ? { sha256: pin.sha256 } : { gitSha1: pin.gitSha1 }), revision: pin.revision, source: pin.source, ...(graph.devices ? { devices: graph.devices } : {}) }];
  });
}
