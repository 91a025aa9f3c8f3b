import path from 'node:path';
import { SightlineError } from '../common/errors';
import { loadManifest, MODEL_TASKS } from './manifest';

/** The models root: $SIGHTLINE_MODELS, else the repository's models/ (dist/electron/core/models → repo root). */
export function modelsRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.SIGHTLINE_MODELS ? path.resolve(env.SIGHTLINE_MODELS) : path.resolve(__dirname, '..', '..', '..', '..', 'models');
}

/** The active pack: an explicit choice (a --pack flag), else $SIGHTLINE_PACK, else "default". */
export function activePack(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  return explicit || env.SIGHTLINE_PACK || 'default';
}

/** The one command that installs a pack; every "model missing" message names it. */
export const fetchHint = (pack: string) => `install it with: sightline models fetch ${pack}`;

/** A pack's models, each once even when it serves several tasks, with the root and manifest they came from. */
export function packModels(pack: string | undefined, options: { root?: string; env?: NodeJS.ProcessEnv } = {}) {
  const env = options.env ?? process.env;
  const root = options.root ?? modelsRoot(env);
  const name = activePack(pack, env);
  const manifest = loadManifest(root);
  const entry = manifest.packs[name];
  if (!entry) throw new SightlineError('usage', `unknown model pack "${name}" (known: ${Object.keys(manifest.packs).join(', ')})`);
  const keys = [...new Set(MODEL_TASKS.map((t) => entry.tasks[t]).filter((k): k is string => !!k))];
  return { root, name, manifest, models: keys.map((key) => ({ key, model: manifest.models[key]! })) };
}
