// Copies the renderer's static files next to its compiled scripts: dist/renderer/index.html loads
// renderer/src/main.js (tsc's output, rootDir = the repo root). Run after `tsc -p renderer/tsconfig.json`.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'dist', 'renderer');
const STATIC_FILES = Object.freeze(['index.html', 'styles.css']);

for (const name of STATIC_FILES) {
  const to = join(out, name);
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(join(root, 'renderer', name), to);
}
// The compiled renderer is ES modules; this lets Node tests import its pure modules (frame differencing,
// progress throttling) directly. Browsers ignore it.
writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n');
