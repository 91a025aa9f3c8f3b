/**
 * Finds the Electron executable without triggering the electron package's own download (its index.js fetches
 * the binary when it is missing, which here would hang on an unreachable host). Used by `npm start` and by the
 * Electron end-to-end tests, which skip with this reason when the binary is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type ElectronBinary = { readonly found: true; readonly path: string } | { readonly found: false; readonly reason: string };

export function findElectronBinary(projectRoot: string, env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  const pkgDir = path.join(projectRoot, 'node_modules', 'electron');
  if (!existsSync(path.join(pkgDir, 'package.json'))) {
    return { found: false, reason: 'the electron package is not installed (run npm install)' };
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH || path.join(pkgDir, 'dist');
  if (!relative && !env.ELECTRON_OVERRIDE_DIST_PATH) {
    return { found: false, reason: `the Electron binary was never downloaded (${pathFile} is missing; ELECTRON_SKIP_BINARY_DOWNLOAD was set at install)` };
  }
  const executable = path.join(distDir, relative || 'electron');
  if (!existsSync(executable)) return { found: false, reason: `the Electron binary is missing (${executable} does not exist)` };
  return { found: true, path: executable };
}

/** What to tell a developer who ran `npm start` where the binary is absent. */
export function installAdvice(reason: string): string {
  return [
    `Sightline cannot start: ${reason}.`,
    'npm install ran with ELECTRON_SKIP_BINARY_DOWNLOAD=1 because the Electron download host could not be reached here.',
    'To install the binary on a machine with internet access, run (with that variable unset):',
    '  env -u ELECTRON_SKIP_BINARY_DOWNLOAD node node_modules/electron/install.js',
    'or, with a downloaded electron-v<version>-<platform>-<arch>.zip, set ELECTRON_OVERRIDE_DIST_PATH to the folder you unzipped it into.',
    'Everything else works without it: try "npm run cli -- read <image>" or "npm run serve" (the same app in a browser).',
  ].join('\n');
}
