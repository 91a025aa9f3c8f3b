/* eslint-disable @typescript-eslint/no-explicit-any */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startFixtureServer } from '../models/fixtureServer';
import { modelsRootCopy } from '../models/packCopy';
import {
  announcementCount,
  announcements,
  axeViolations,
  chromiumMissing,
  formatViolations,
  launchChromium,
  recordAnnouncements,
  waitForAnnouncement,
} from './support/browser';
import { tabTo } from './support/focus';
import { startServe, type ServedHarness } from './support/harnessProcess';

declare const document: any;

// Started at file level: the helper closes its server in an after() hook of whatever scope starts it, and
// the harness child must be able to reach it for the whole file.
const hubReady = chromiumMissing ? null : startFixtureServer();

/**
 * Settings → "Download models for this pack", against a real HTTP server on 127.0.0.1 serving the fixture
 * pack the way the hub does: the progress bar moves, progress is announced at intervals rather than per
 * chunk, and the outcome is announced.
 */
describe('model download from the Settings view', { skip: chromiumMissing }, () => {
  let dir: string;
  let served: ServedHarness;
  let browser: Browser;
  let page: Page;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-download-'));
    const hub = await hubReady!;
    const root = await modelsRootCopy(dir); // the manifest only: every fixture file must be downloaded
    served = await startServe({ env: { SIGHTLINE_MODELS: root, SIGHTLINE_MODEL_BASE_URL: hub.baseUrl }, args: ['--screen-reader', 'running', '--speech', 'silent'] });
    browser = await launchChromium();
    page = await browser.newPage();
    await recordAnnouncements(page);
    await page.goto(served.url);
    await waitForAnnouncement(page, /Sightline is ready/);
  });

  after(async () => {
    await browser?.close();
    await served?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('downloading shows progress, announces it sparingly, and announces the result', async () => {
    await page.keyboard.press('Alt+5');
    assert.match(await page.evaluate(() => document.getElementById('model-status').textContent), /not installed/);
    await tabTo(page, /button "Download the chosen models"/);
    const from = await announcementCount(page);
    await page.keyboard.press('Enter');
    await waitForAnnouncement(page, /The test models are installed\./, { from, timeoutMs: 120_000 });
    const heard = (await announcements(page)).slice(from).map((a) => a.text);
    const progress = heard.filter((t) => /Downloading: /.test(t));
    assert.ok(progress.length >= 1, `progress was announced: ${JSON.stringify(heard)}`);
    const chunks = await page.evaluate(() => document.getElementById('download-progress').value);
    assert.equal(chunks, 1, 'the progress bar ends full');
    // Tens of chunks arrive per file; the screen reader hears at most a quarter step or one per 3 s.
    assert.ok(progress.length <= 4 + 12, `progress announced sparingly, got ${progress.length}: ${JSON.stringify(progress)}`);
    assert.doesNotMatch(await page.evaluate(() => document.getElementById('model-status').textContent), /not installed/);
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, formatViolations('settings after a download', violations));
  });

  test('"Test the models" runs each task once and says what works and on which processor; axe clean', async () => {
    await page.keyboard.press('Alt+5');
    await tabTo(page, /button "Test the models"/);
    const from = await announcementCount(page);
    await page.keyboard.press('Enter');
    await waitForAnnouncement(page, /^Model test: 3 of 3 work\.$/, { from, timeoutMs: 120_000 });
    const report: string = await page.evaluate(() => document.getElementById('model-test-report').textContent);
    for (const task of ['Describing pictures', 'Answering questions', 'Understanding spoken questions']) {
      assert.match(report, new RegExp(`${task}: works, on the processor; started in [0-9.]+ s, answered in [0-9.]+ s\\.`), report);
    }
    const details: string = await page.evaluate(() => document.getElementById('model-test-details').textContent);
    assert.match(details, /caption: fixture\/florence2 on cpu/);
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, formatViolations('settings after the model test', violations));
  });
});
