#!/usr/bin/env node
// Entry for the `sightline` command: builds the TypeScript first when dist/ is missing or older than
// the sources, so `npm run cli -- …` works right after `npm install`.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const entry = path.join(root, 'dist', 'electron', 'core', 'cli', 'main.js');

function newestSource(dir) {
  let newest = 0;
  for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, item.name);
    if (item.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (item.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function needsBuild() {
  if (!fs.existsSync(entry)) return true;
  const srcDir = path.join(root, 'electron');
  if (!fs.existsSync(srcDir)) return false; // an installed package ships dist/ only
  return newestSource(srcDir) > fs.statSync(entry).mtimeMs;
}

if (needsBuild()) {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const built = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.json')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (!fs.existsSync(entry)) {
    process.stderr.write(`sightline: build failed (exit ${built.status}); run "npm run build" to see why\n`);
    process.exit(1);
  }
  // tsc leaves untouched outputs with their old mtime; mark the entry fresh so the next run skips the check.
  const now = new Date();
  fs.utimesSync(entry, now, now);
}

// The folded OCR models (scripts/prepare-ocr-models.mjs) are only faster; without them the package's own load.
const prepareScript = path.join(root, 'scripts', 'prepare-ocr-models.mjs');
if (!fs.existsSync(path.join(root, 'dist', 'ocr-models', 'prepared.json')) && fs.existsSync(prepareScript)) {
  spawnSync(process.execPath, [prepareScript], { stdio: ['ignore', 'ignore', 'inherit'] });
}

// A long argument list (over about 14 KB: `sightline read` over a folder of 150 screenshots) makes onnxruntime
// segfault when its first session is created in the inference worker thread (onnxruntime-node 1.x on Linux; a
// session made on the main thread first avoids it, but the main thread must not load the models). Such a command
// runs again with its arguments in a private temporary file instead, which the second run reads and removes.
const ARGV_FILE_ENV = 'SIGHTLINE_ARGV_FILE';
const ARGV_LIMIT_BYTES = 8192;
let args = process.argv.slice(2);
if (process.env[ARGV_FILE_ENV]) {
  const file = process.env[ARGV_FILE_ENV];
  delete process.env[ARGV_FILE_ENV];
  try {
    args = JSON.parse(fs.readFileSync(file, 'utf8'));
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
} else if (args.reduce((n, a) => n + Buffer.byteLength(a) + 1, 0) > ARGV_LIMIT_BYTES) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-argv-'));
  const file = path.join(dir, 'argv.json');
  fs.writeFileSync(file, JSON.stringify(args), { mode: 0o600 });
  const run = spawnSync(process.execPath, [...process.execArgv, __filename], { stdio: 'inherit', env: { ...process.env, [ARGV_FILE_ENV]: file } });
  fs.rmSync(dir, { recursive: true, force: true });
  if (run.error) {
    process.stderr.write(`sightline: cannot run: ${run.error.message}\n`);
    process.exit(1);
  }
  // A child killed by a signal exits as a shell reports it: 128 + the signal's number.
  process.exit(run.status ?? 128 + (os.constants.signals[run.signal] ?? 0));
}

require(entry).main(args).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`sightline: ${err && err.message ? err.message : err}\n`); process.exitCode = 1; },
);
