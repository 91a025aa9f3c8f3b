/**
 * End-to-end through the real Electron app with Playwright's `_electron`: launch, open a photo, describe it, ask
 * about it, keyboard only. Runs where the Electron binary exists (CI on Linux under xvfb, Windows, macOS); here it
 * skips with the reason, because the binary cannot be downloaded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import sharp from 'sharp';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { findElectronBinary } from '../../electron/core/app/electronBinary';

// The page-side callbacks run in Chromium; the Node test build has no DOM types, so name the little they touch.
declare const document: { activeElement: { id: string } | null; body: { innerText: string }; querySelector(s: string): { textContent: string | null } | null };
declare const window: { open(url: string): unknown } & Record<string, unknown>;

const root = path.join(__dirname, '..', '..', '..');
const binary = findElectronBinary(root);

async function tabTo(page: Page, id: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`#${id} was not reachable with Tab`);
}

test('the app launches hardened, and a photo is opened, described and asked about with the keyboard only', { timeout: 180_000 }, async (t) => {
  if (!binary.found) {
    t.skip(`Electron end-to-end suite skipped: ${binary.reason}`);
    return;
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-e2e-'));
  const photo = path.join(dir, 'red.png');
  await writeFile(photo, await sharp({ create: { width: 120, height: 90, channels: 3, background: '#ff0000' } }).png().toBuffer());
  let app: ElectronApplication | undefined;
  try {
    app = await electron.launch({
      executablePath: binary.path,
      args: [root],
      env: { ...process.env, SIGHTLINE_PACK: 'fixture', SIGHTLINE_MODELS: path.join(root, 'models'), SIGHTLINE_USER_DATA: path.join(dir, 'user-data') } as Record<string, string>,
    });
    const page = await app.firstWindow();
    await page.waitForSelector('#main');
    assert.equal(await page.title(), 'Sightline');

    // Hardening seen from inside the page.
    const inside = await page.evaluate(async () => ({
      bridge: typeof window.sightline,
      require: typeof window.require,
      process: typeof window.process,
      fetch: await fetch('https://example.com/').then(() => 'loaded', () => 'refused'),
      popup: window.open('https://example.com/') === null ? 'refused' : 'opened',
    }));
    assert.deepEqual(inside, { bridge: 'object', require: 'undefined', process: 'undefined', fetch: 'refused', popup: 'refused' });
    const webrtc = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.webContents.getWebRTCIPHandlingPolicy());
    assert.equal(webrtc, 'disable_non_proxied_udp', 'WebRTC sends no UDP around the proxy');

    // The native file dialog cannot be driven by keys from a test; it answers with our photo instead.
    await app.evaluate(({ dialog }, file) => {
      dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [file] })) as typeof dialog.showOpenDialog;
    }, photo);

    // Control+O opens the app's own file dialog; the photo is described at once, and focus goes to the result.
    await page.keyboard.press('Control+o');
    await page.waitForFunction(() => document.activeElement?.id === 'photo-title', undefined, { timeout: 120_000 });
    await page.waitForFunction(() => /red/i.test(document.querySelector('#photo-conversation')?.textContent ?? ''), undefined, { timeout: 120_000 });

    await tabTo(page, 'photo-question');
    await page.keyboard.type('What color is this?');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /red/i.test(document.querySelector('#photo-conversation .turn-answer')?.textContent ?? ''), undefined, { timeout: 120_000 });
  } finally {
    await app?.close();
    await rm(dir, { recursive: true, force: true });
  }
});
