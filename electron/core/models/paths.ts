import path from 'node:path';

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
