import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { verifyPack } from '../../electron/core/models/verify';
import { loadManifest } from '../../electron/core/models/manifest';
import { OCR_MODEL_FILES } from '../../electron/core/ocr/modelFiles';

// minimatch is what electron-builder matches its patterns with (a dependency of electron-builder).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { minimatch } = require('minimatch') as { minimatch: (p: string, pattern: string, o?: object) => boolean };

const root = path.join(__dirname, '..', '..', '..');
interface ExtraResource { from: string; to: string; filter: string[] }
interface BuilderConfig {
  files: string[];
  asarUnpack: string[];
  extraResources: ExtraResource[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; category: string; icon: string };
  win: { target: string[] };
  mac: { target: string[]; extendInfo: Record<string, string> };
  appId: string;
  productName: string;
  publish: unknown;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const config = require(path.join(root, 'build', 'electron-builder.config.js')) as BuilderConfig & { bundledModelDirs(pack?: string): string[]; BUNDLED_PACK: string };

const match = (file: string, pattern: string) => minimatch(file, pattern, { dot: true });

/** electron-builder's rule: a file ships when a positive pattern matches and no later negative one does. */
function shipped(file: string, patterns: readonly string[]): boolean {
  let included = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (match(file, pattern.slice(1))) included = false;
    } else if (match(file, pattern)) {
      included = true;
    }
  }
  return included;
}

function walk(dir: string, base = dir, skip: (rel: string) => boolean = () => false): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    const rel = path.relative(base, full).split(path.sep).join('/');
    if (skip(rel)) return [];
    if (entry.isDirectory()) return walk(full, base, skip);
    return entry.isFile() ? [rel] : [];
  });
}

/** Production dependency folders, resolved the way Node resolves them (nearest node_modules upward). */
function productionPackages(): string[] {
  const seen = new Set<string>();
  const visit = (fromDir: string, name: string, optional: boolean) => {
    let dir = fromDir;
    for (;;) {
      const candidate = path.join(dir, 'node_modules', name);
      if (existsSync(path.join(candidate, 'package.json'))) {
        if (seen.has(candidate)) return;
        seen.add(candidate);
        const pkg = JSON.parse(readFileSync(path.join(candidate, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
        for (const dep of Object.keys(pkg.dependencies ?? {})) visit(candidate, dep, false);
        for (const dep of Object.keys(pkg.optionalDependencies ?? {})) visit(candidate, dep, true);
        return;
      }
      const parent = path.dirname(dir);
      if (parent === dir || !dir.startsWith(root)) {
        if (!optional) assert.fail(`production dependency ${name} (needed from ${fromDir}) is not installed`);
        return;
      }
      dir = parent;
    }
  };
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const dep of Object.keys(pkg.dependencies)) visit(root, dep, false);
  return [...seen];
}

test('all four installer targets are configured, with id, name, icons and categories', () => {
  assert.deepEqual(config.linux.target, ['AppImage', 'deb']);
  assert.deepEqual(config.win.target, ['nsis']);
  assert.deepEqual(config.mac.target, ['dmg']);
  assert.equal(config.appId, 'org.sightline.app');
  assert.equal(config.productName, 'Sightline');
  assert.equal(config.linux.category, 'Accessibility');
  for (const size of [16, 32, 48, 128, 256, 512]) assert.ok(existsSync(path.join(root, 'build', 'icons', `${size}x${size}.png`)), `${size}px icon`);
  assert.ok(existsSync(path.join(root, 'build', 'icon.png')));
  assert.match(config.mac.extendInfo.NSCameraUsageDescription ?? '', /camera/);
  assert.match(config.mac.extendInfo.NSMicrophoneUsageDescription ?? '', /questions/);
  assert.equal(config.publish, null, 'builds never talk to a release server');
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.match(pkg.scripts.dist ?? '', /electron-builder --config build\/electron-builder\.config\.js/);
});

test('every native module and shared library of the production dependencies is unpacked from asar', () => {
  const packages = productionPackages();
  assert.ok(packages.some((p) => p.endsWith(path.join('node_modules', 'onnxruntime-node'))));
  assert.ok(packages.some((p) => p.endsWith(path.join('node_modules', 'sharp'))));
  const native = packages.flatMap((dir) => {
    const own = path.relative(root, dir).split(path.sep).join('/');
    // Nested node_modules hold other packages, visited on their own when they are production dependencies.
    return walk(dir, root, (rel) => rel === `${own}/node_modules`).filter((rel) => /\.node$|\.so(\.\d+)*$|\.dylib$|\.dll$/.test(rel));
  });
  const unique = [...new Set(native)];
  assert.ok(unique.some((f) => f.endsWith('onnxruntime_binding.node')), 'onnxruntime binding found');
  assert.ok(unique.some((f) => /sharp-.*\.node$/.test(f)), 'sharp binding found');
  assert.ok(unique.some((f) => /libvips-cpp\.so/.test(f)), 'libvips found');
  const packed = unique.filter((f) => !config.asarUnpack.some((pattern) => match(f, pattern)));
  assert.deepEqual(packed, [], 'native files that would stay inside asar');
});

test('the bundled pack and the OCR models are extra resources, and the pack\'s manifest files are all covered', async () => {
  const modelsResource = config.extraResources.find((r) => r.to === 'models');
  assert.ok(modelsResource);
  assert.ok(modelsResource.filter.includes('manifest.json'));
  const manifest = loadManifest(path.join(root, 'models'));
  const entry = manifest.packs[config.BUNDLED_PACK];
  assert.ok(entry, 'the bundled pack exists in the manifest');
  for (const key of new Set(Object.values(entry.tasks).filter((k): k is string => !!k))) {
    const model = manifest.models[key]!;
    for (const file of model.files) {
      const rel = `${model.dir}/${file.path}`;
      assert.ok(modelsResource.filter.some((p) => match(rel, p)), `${rel} is bundled`);
    }
  }
  const ocr = config.extraResources.find((r) => r.to === 'ocr-models');
  assert.ok(ocr);
  for (const name of Object.values(OCR_MODEL_FILES)) {
    assert.ok(existsSync(path.join(root, ocr.from, name)), `${name} present in ${ocr.from}`);
    assert.ok(ocr.filter.some((p) => match(name, p)), `${name} bundled`);
  }
});

test('the pack files a build would bundle are present and match the manifest (fixture pack here; the default pack in CI)', async (t) => {
  // The same selection the config makes for the default pack, applied to the committed fixture pack, proves the
  // mechanism with real files; the default pack itself is downloaded only in CI (`sightline models fetch default`).
  const fixtureDirs = config.bundledModelDirs('fixture');
  const models = path.join(root, 'models');
  const selected = walk(models).filter((rel) => ['manifest.json', ...fixtureDirs.map((d) => `${d}/**/*`)].some((p) => match(rel, p)));
  const check = await verifyPack('fixture', { root: models });
  assert.ok(check.files.length >= 3, 'the fixture pack lists its files');
  const listed = check.files.map((f) => path.relative(models, f.file).split(path.sep).join('/'));
  for (const file of listed) assert.ok(selected.includes(file), `${file} would be bundled`);
  assert.deepEqual(check.files.filter((f) => f.state !== 'ok').map((f) => `${f.path}: ${f.reason}`), []);

  const real = await verifyPack(config.BUNDLED_PACK, { root: models });
  if (!real.ok) {
    t.diagnostic(`default pack not installed here (${real.files.filter((f) => f.state !== 'ok').length} files missing or unpinned); CI fetches it before npm run dist`);
  }
});

test('tests, fixtures, TypeScript sources, maps and dev tools are not shipped; the runtime files are', () => {
  const skip = (rel: string) => rel === 'node_modules' || rel === '.git' || rel === 'release';
  const files = walk(root, root, skip);
  const inApp = files.filter((f) => shipped(f, config.files));
  const forbidden = inApp.filter((f) => /^test\/|^dist\/test\/|^models\/|\.ts$|\.map$|^scripts\/|^\.github\/|^build\/|\.md$|tsbuildinfo/.test(f));
  assert.deepEqual(forbidden, [], 'files that must not ship');
  for (const needed of ['package.json', 'dist/renderer/index.html', 'dist/renderer/styles.css', 'dist/renderer/renderer/src/main.js']) assert.ok(inApp.includes(needed), `${needed} ships`);
  assert.ok(!inApp.some((f) => f.startsWith('dist/renderer/renderer/harness/')), 'the browser harness bridge is not shipped');
  for (const needed of ['dist/electron/main/main.js', 'dist/electron/preload/preload.js', 'dist/electron/core/host/hostWorker.js', 'dist/electron/core/app/sightlineService.js']) {
    if (existsSync(path.join(root, needed))) assert.ok(inApp.includes(needed), `${needed} ships`);
  }
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string };
  assert.ok(shipped(pkg.main, config.files), `package.json main (${pkg.main}) ships`);
  // Inside dependencies the same exclusions drop test folders and sources.
  const deps = ['node_modules/sharp/lib/index.js', 'node_modules/sharp/test/unit/x.js', 'node_modules/onnxruntime-node/dist/index.js', 'node_modules/a/b.ts', 'node_modules/a/b.js.map', 'node_modules/a/fixtures/f.png'];
  const kept = deps.filter((f) => !config.files.filter((p) => p.startsWith('!')).some((p) => match(f, p.slice(1))));
  assert.deepEqual(kept, ['node_modules/sharp/lib/index.js', 'node_modules/onnxruntime-node/dist/index.js']);
});

test('Electron fuses are set as Electron recommends for packaged apps', () => {
  assert.deepEqual(config.electronFuses, {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    grantFileProtocolExtraPrivileges: false,
  });
  assert.ok(statSync(path.join(root, 'build', 'entitlements.mac.plist')).size > 0);
});

test('the CI workflow builds and tests on Linux, Windows and macOS, runs the Electron suite under xvfb, fetches the pack (pinning it) and uploads installers', () => {
  const yml = readFileSync(path.join(root, '.github', 'workflows', 'ci.yml'), 'utf8');
  assert.match(yml, /os: \[ubuntu-latest, windows-latest, macos-latest\]/);
  assert.match(yml, /npm ci/);
  assert.match(yml, /xvfb-run -a .*run-tests\.mjs/);
  assert.match(yml, /run-tests\.mjs[^\n]*electron\//, 'the Electron suite runs on Windows and macOS too');
  assert.match(yml, /sightline\.js models fetch default/);
  // Fetch completes the pins itself from the hub's listing: no maintainer `models pin` step comes before it.
  assert.doesNotMatch(yml, /sightline\.js models pin/);
  assert.ok(yml.indexOf('sightline.js models verify') > yml.indexOf('sightline.js models fetch default'));
  assert.match(yml, /electron-builder --config build\/electron-builder\.config\.js --publish never/);
  assert.match(yml, /actions\/upload-artifact@v4/);
  for (const ext of ['AppImage', 'deb', 'exe', 'dmg']) assert.match(yml, new RegExp(`release/\\*\\.${ext}`));
  assert.doesNotMatch(yml, /ELECTRON_SKIP_BINARY_DOWNLOAD/, 'CI downloads the real Electron binary');
});

test('the real-models workflow fetches the default pack, runs doctor and the real-model check on each OS within 15 minutes, and keeps its report', () => {
  const yml = readFileSync(path.join(root, '.github', 'workflows', 'real-models.yml'), 'utf8');
  assert.match(yml, /os: \[ubuntu-latest, windows-latest, macos-latest\]/);
  assert.match(yml, /timeout-minutes: 15/);
  const order = ['sightline.js models fetch default', 'sightline.js doctor --pack default', 'dist/test/real/realModelCheck.js --pack default'].map((s) => yml.indexOf(s));
  assert.ok(order.every((i, n) => i > 0 && (n === 0 || i > order[n - 1]!)), `steps in order: ${order}`);
  assert.match(yml, /espeak-ng/);
  assert.match(yml, /actions\/upload-artifact@v4[\s\S]*real-models-report/);
});

test('every module the app ships requires only Node built-ins, electron and production dependencies', () => {
  // A development dependency required at run time would crash the packaged app at start (it is not installed there).
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const allowed = new Set([...Object.keys(pkg.dependencies), 'electron']);
  const files = walk(path.join(root, 'dist'), root).filter((f) => f.endsWith('.js') && shipped(f, config.files));
  assert.ok(files.length > 20, `${files.length} shipped modules found (run npm run build first)`);
  const wrong: string[] = [];
  for (const file of files) {
    const text = readFileSync(path.join(root, file), 'utf8');
    for (const m of text.matchAll(/\brequire\((['"])([^'"]+)\1\)|\bimport\((['"])([^'"]+)\3\)|\bfrom\s+(['"])([^'"]+)\5/g)) {
      const spec = (m[2] ?? m[4] ?? m[6])!;
      if (spec.startsWith('.') || spec.startsWith('node:') || builtinModules.includes(spec)) continue;
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
      if (!allowed.has(name)) wrong.push(`${file}: ${spec}`);
    }
  }
  assert.deepEqual(wrong, []);
  assert.ok(!files.some((f) => f.includes('/ocr/prepare/')), 'the OCR build step (onnx-proto) is not shipped');
  assert.ok(files.includes('dist/electron/core/ocr/preparedModels.js'), 'the bundled OCR models check ships');
});
