#!/usr/bin/env node
// Entry for the `sightline` command: builds the TypeScript first when dist/ is missing or older than
// the sources, so `npm run cli -- …` works right after `npm install`.
'use strict';
const fs = require('node:fs');
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

require(entry).main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`sightline: ${err && err.message ? err.message : err}\n`); process.exitCode = 1; },
);
