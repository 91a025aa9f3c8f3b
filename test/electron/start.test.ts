import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSync } from '../helpers/deadline';
import path from 'node:path';
import { tempDir } from '../helpers/tmp';
import { findElectronBinary } from '../../electron/core/app/electronBinary';

const root = path.join(__dirname, '..', '..', '..');
const start = path.join(root, 'scripts', 'start-electron.mjs');

test('npm start says plainly what is missing and how to install it when the Electron binary is absent', async () => {
  // An override folder without the binary stands for "not installed" on machines that do have one (CI).
  const empty = await tempDir();
  const env = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty };
  const run = runSync(process.execPath, [start], { encoding: 'utf8', env, timeout: 30_000 });
  assert.equal(run.status, 1);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^Sightline cannot start: the Electron binary is missing \(.+ does not exist\)\./);
  assert.match(run.stderr, /ELECTRON_SKIP_BINARY_DOWNLOAD/);
  assert.match(run.stderr, /node node_modules\/electron\/install\.js/);
  assert.match(run.stderr, /npm run serve/);
});

test('the Electron binary is located without running the electron package\'s downloader', () => {
  const found = findElectronBinary(root, {});
  if (found.found) assert.ok(path.isAbsolute(found.path));
  else assert.match(found.reason, /never downloaded|missing|not installed/);
  const missingPkg = findElectronBinary(path.join(root, 'no-such-folder'), {});
  assert.deepEqual(missingPkg, { found: false, reason: 'the electron package is not installed (run npm install)' });
});
