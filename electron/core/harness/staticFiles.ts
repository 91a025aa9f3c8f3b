import { promises as fs } from 'node:fs';
import path from 'node:path';
import { MIME_TYPES } from '../common/webAssets';


/** Where index.html marks the spot for the harness's bridge script (Electron's preload needs none). */
export const BRIDGE_MARKER = '<!--harness-bridge-->';
export const BRIDGE_SCRIPT = '<script type="module" src="renderer/harness/bridge.js"></script>';

export interface StaticFile {
  readonly body: Buffer;
  readonly contentType: string;
}

/**
 * Resolves a relative asset path (from `relativeAssetPath`, already decoded and checked) to a file inside `root`,
 * refusing anything that would still leave it (symlinks pointing out). Returns null for anything not servable,
 * which the server answers 404.
 */
export async function readStaticFile(root: string, relative: string): Promise<StaticFile | null> {
  const contentType = MIME_TYPES[path.extname(relative).toLowerCase()];
  if (!contentType) return null;
  const realRoot = await fs.realpath(root);
  let full: string;
  try {
    full = await fs.realpath(path.join(realRoot, relative));
  } catch {
    return null;
  }
  if (!full.startsWith(realRoot + path.sep)) return null;
  const stat = await fs.stat(full);
  if (!stat.isFile()) return null;
  let body = await fs.readFile(full);
  if (relative === 'index.html') body = Buffer.from(body.toString('utf8').replace(BRIDGE_MARKER, BRIDGE_SCRIPT), 'utf8');
  return { body, contentType };
}
