// `npm start`: launches the Electron app (after `npm run build`). Where the Electron binary is absent — here,
// npm install ran with ELECTRON_SKIP_BINARY_DOWNLOAD=1 — it says plainly what is missing and how to get it, and
// exits 1 instead of letting the electron package try (and hang on) a download.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.join(new URL('.', import.meta.url).pathname, '..');
const require = createRequire(import.meta.url);
const compiled = path.join(root, 'dist', 'electron', 'core', 'app', 'electronBinary.js');
if (!existsSync(compiled)) {
  console.error('Sightline is not built yet: run "npm run build" first (npm start does this for you).');
  process.exit(1);
}
const { findElectronBinary, installAdvice } = require(compiled);
const binary = findElectronBinary(root);
if (!binary.found) {
  console.error(installAdvice(binary.reason));
  process.exit(1);
}

// ELECTRON_RUN_AS_NODE from a parent shell would start plain Node instead of the app.
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
const child = spawn(binary.path, [root, ...process.argv.slice(2)], { stdio: 'inherit', env });
const forward = (signal) => () => child.kill(signal);
process.on('SIGINT', forward('SIGINT'));
process.on('SIGTERM', forward('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
child.on('error', (err) => {
  console.error(`Sightline could not start Electron (${binary.path}): ${err.message}`);
  process.exit(1);
});
