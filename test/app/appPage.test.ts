import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { resolveAsset } from '../../electron/core/app/appAssets';
import { APP_ORIGIN } from '../../electron/core/app/securityPolicy';

const rendererDir = path.join(__dirname, '..', '..', 'renderer');
const roots = { pageDir: rendererDir, scriptDir: rendererDir };

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'harness' ? [] : jsFiles(full);
    return e.name.endsWith('.js') ? [full] : [];
  });
}

test('everything the page loads through the app protocol resolves to a built file (page, styles, every module import)', (t) => {
  const index = path.join(rendererDir, 'index.html');
  if (!existsSync(index)) {
    t.skip('dist/renderer/index.html is not built (npm run build copies it)');
    return;
  }
  const html = readFileSync(index, 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="([^"#][^"]*)"/g)].map((m) => m[1]!).filter((r) => !r.startsWith('data:'));
  assert.ok(refs.includes('styles.css') && refs.some((r) => r.endsWith('main.js')));
  const pending = refs.map((r) => new URL(r, `${APP_ORIGIN}/index.html`));
  const seen = new Set<string>();
  for (const file of jsFiles(path.join(rendererDir, 'renderer', 'src'))) {
    const url = new URL(path.relative(rendererDir, file).split(path.sep).join('/'), `${APP_ORIGIN}/`);
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) pending.push(new URL(m[1]!, url));
  }
  for (const url of pending) {
    if (seen.has(url.pathname)) continue;
    seen.add(url.pathname);
    const asset = resolveAsset(url.pathname, roots);
    assert.ok(asset, `${url.pathname} is servable`);
    assert.ok(existsSync(asset.file), `${url.pathname} → ${asset.file} exists`);
  }
  assert.ok(seen.size > 5);
});
