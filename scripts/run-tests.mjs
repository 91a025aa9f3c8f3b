// Runs every compiled test file with node's test runner, one file at a time (the machine has 2 cores and several
// suites start Chromium or model sessions), each in its own process group under a time limit: a file that hangs is
// killed with everything it started, reported as failed with what it was doing, and the run goes on.
// Pass file filters as arguments: `npm test -- ocr`. Ends with one line: "N passed, N failed, N skipped".
//   SIGHTLINE_TEST_FILE_LIMIT_S  wall-clock limit per file (default 300)
//   SIGHTLINE_TEST_LIMIT_S       limit per test inside a file (default 180)
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { spawn } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const testRoot = join(root, 'dist', 'test');
const fileLimitS = Number(process.env.SIGHTLINE_TEST_FILE_LIMIT_S ?? 300);
const testLimitS = Number(process.env.SIGHTLINE_TEST_LIMIT_S ?? 180);

function collect(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return name === 'bench' ? [] : collect(full);
    return name.endsWith('.test.js') ? [full] : [];
  });
}

/** The counts from a TAP stream's closing comments ("# pass 3"); absent counts are 0. */
function tapCounts(tap) {
  const count = (word) => Number(new RegExp(`^# ${word} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
  return { pass: count('pass'), fail: count('fail') + count('cancelled'), skip: count('skipped') + count('todo'), complete: /^# tests \d+$/m.test(tap) };
}

/** Runs one file; resolves with its counts. A file killed at its limit counts as one failure more than it reported. */
function runFile(file, tapDir) {
  const tapFile = join(tapDir, `${relative(testRoot, file).replace(/[/\\]/g, '_')}.tap`);
  const args = [
    '--test', `--test-timeout=${testLimitS * 1000}`,
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
    file,
  ];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', detached: process.platform !== 'win32' });
    let timedOut = false;
    const killGroup = () => {
      try {
        process.kill(process.platform === 'win32' ? child.pid : -child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, fileLimitS * 1000);
    const onSignal = () => killGroup();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    child.once('close', (code) => {
      clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      let tap = '';
      try {
        tap = readFileSync(tapFile, 'utf8');
      } catch {
        /* the file never started its reporter */
      }
      const counts = tapCounts(tap);
      let reason = null;
      if (timedOut) reason = `killed after its ${fileLimitS}-second limit`;
      else if (!counts.complete) reason = `ended (exit ${code}) before its test runner reported`;
      else if (code !== 0 && counts.fail === 0) reason = `exited ${code} with no failing test`;
      if (reason) counts.fail += 1;
      resolve({ ...counts, reason });
    });
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

const tapDir = mkdtempSync(join(tmpdir(), 'sightline-tap-'));
const totals = { pass: 0, fail: 0, skip: 0 };
const broken = [];
for (const file of files) {
  const result = await runFile(file, tapDir);
  totals.pass += result.pass;
  totals.fail += result.fail;
  totals.skip += result.skip;
  if (result.reason) {
    const name = relative(root, file);
    broken.push(`${name}: ${result.reason}`);
    console.log(`\n✖ ${name}: ${result.reason}\n`);
  }
}
rmSync(tapDir, { recursive: true, force: true });
for (const line of broken) console.log(`✖ ${line}`);
console.log(`\n${totals.pass} passed, ${totals.fail} failed, ${totals.skip} skipped`);
process.exit(totals.fail > 0 ? 1 : 0);
