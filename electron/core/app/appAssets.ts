/**
 * Maps a URL path of Sightline's page to a file. The page (index.html, styles.css) and the scripts compiled by
 * renderer/tsconfig.json live in `dist/renderer/` after `npm run build` (scripts keep the source layout, so
 * `renderer/src/main.js` and `electron/common/ipc.js` resolve there). Only the page files and `.js` files are
 * served, and nothing outside the two roots, whatever the path says.
 */
import path from 'node:path';
import { MIME_TYPES, relativeAssetPath } from '../common/webAssets';

export interface AssetRoots {
  /** Folder holding index.html and styles.css (the repository's or the app's `renderer/`). */
  readonly pageDir: string;
  /** Folder holding the compiled renderer scripts (`dist/renderer/`). */
  readonly scriptDir: string;
}

const PAGE_FILES: readonly string[] = Object.freeze(['index.html', 'styles.css']);

/** The file for a URL path, or null when the path is not one of ours (or tries to climb out). */
export function resolveAsset(urlPath: string, roots: AssetRoots): { file: string; mime: string } | null {
  const relative = relativeAssetPath(urlPath);
  if (!relative) return null;
  const mime = MIME_TYPES[path.posix.extname(relative)];
  if (!mime) return null;
  const isPage = PAGE_FILES.includes(relative);
  if (!isPage && !relative.endsWith('.js')) return null;
  const root = isPage ? roots.pageDir : roots.scriptDir;
  const file = path.resolve(root, relative);
  if (!file.startsWith(path.resolve(root) + path.sep)) return null;
  return { file, mime };
}
