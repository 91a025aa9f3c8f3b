// Runs every compiled test file with node's test runner, one file at a time (the machine has 2 cores and
// several suites start Chromium or model sessions). Pass file filters as arguments: `npm test -- ocr`.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const testRoot = join(root, 'dist', 'test');

function collect(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return name === 'bench' ? [] : collect(full);
    return name.endsWith('.test.js') ? [full] : [];
  });
}

const filters = process.argv.slice(2);
const files = collect(testRoot)
  .filter((f) => filters.length === 0 || filters.some((x) => relative(testRoot, f).includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(result.status ?? 1);
