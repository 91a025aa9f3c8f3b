/* eslint-disable @typescript-eslint/no-explicit-any */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { announcementCount, announcements, chromiumMissing, launchChromium, recordAnnouncements, waitForAnnouncement } from './support/browser';
import { focusedStop, tabTo } from './support/focus';
import { startServe } from './support/harnessProcess';
import { solidImage, speechWav, tableImage } from './support/media';
import { bodyFocusSince, expectNoViolations, focused, openSession, waitInPage, type Session } from './support/session';

// Browser globals, used only inside page.evaluate callbacks.
declare const document: any;
declare const window: any;

const VIEWS = Object.freeze([
  { key: 'Alt+1', heading: 'Screen', id: 'screen' },
  { key: 'Alt+2', heading: 'Photo', id: 'photo' },
  { key: 'Alt+3', heading: 'Camera', id: 'camera' },
  { key: 'Alt+4', heading: 'History', id: 'history' },
  { key: 'Alt+5', heading: 'Settings', id: 'settings' },
]);

const THEMES = Object.freeze(['light', 'dark', 'high-contrast', 'system']);

/** No horizontal scrolling, and every visible control lies within the viewport's width. */
async function reflowProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width + 1) problems.push(`page is ${document.documentElement.scrollWidth}px wide in a ${width}px viewport`);
    for (const el of document.querySelectorAll('button, input, select, textarea, a, h1, h2, h3, h4, p, li, label, table, summary')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (el.closest('.visually-hidden') || el.classList.contains('skip-link')) continue;
      if (r.left < -1 || r.right > width + 1) problems.push(`${el.tagName.toLowerCase()}#${el.id || '?'} spans ${Math.round(r.left)}–${Math.round(r.right)}px`);
    }
    return problems;
  });
}

/** Key names shown on more than one line (broken inside), anywhere visible. */
async function brokenKeys(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('kbd')]
      .filter((k: any) => k.getClientRects().length > 0)
      .filter((k: any) => {
        const range = document.createRange();
        range.selectNodeContents(k);
        const tops = new Set([...range.getClientRects()].map((r: any) => Math.round(r.top)));
        return tops.size > 1;
      })
      .map((k: any) => k.textContent),
  );
}

/** Whether an element is wholly inside the viewport and not under the sticky status bar. */
async function visibleUnscrolled(page: Page, selector: string): Promise<{ inView: boolean; covered: boolean; top: number; bottom: number }> {
  return page.evaluate((sel: string) => {
    const el = document.querySelector(sel);
    const r = el.getBoundingClientRect();
    const bar = document.querySelector('.status-panel').getBoundingClientRect();
    const inView = r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;
    const covered = !el.closest('.status-panel') && r.bottom > bar.top && r.top < bar.bottom;
    return { inView, covered, top: Math.round(r.top), bottom: Math.round(r.bottom) };
  }, selector);
}

describe('the renderer in Chromium: accessibility in every view, state and theme', { skip: chromiumMissing }, () => {
  let dir: string;
  let s: Session;
  let page: Page;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-a11y-'));
    const wav = path.join(dir, 'question.wav');
    speechWav(wav, 'What colour is this?');
    s = await openSession({
      serveArgs: ['--screen-reader', 'running', '--speech', 'silent'],
      chromiumArgs: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${wav}`],
      permissions: ['microphone'],
    });
    page = s.page;
  });

  after(async () => {
    await s?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('every view is reached by its key with focus on its heading, Escape goes back, and each is clean when empty', async () => {
    for (const view of VIEWS) {
      await page.keyboard.press(view.key);
      assert.deepEqual(await focused(page), { tag: 'H2', id: `${view.id}-heading`, text: view.heading, view: view.id }, view.key);
      assert.equal(await page.evaluate(() => document.querySelector('.view-link[aria-current="page"]')?.textContent), view.heading);
      await expectNoViolations(page, `${view.heading} view, empty`);
    }
    await tabTo(page, /combobox "Screen reader mode"/);
    await page.keyboard.press('Alt+2');
    assert.equal((await focused(page)).id, 'photo-heading');
    await page.keyboard.press('Escape');
    // Escape first asks the core to stop speech (a round trip), then takes focus back.
    await waitInPage(page, 'Escape to take focus back', () => document.activeElement?.id === 'set-screenReader', 10_000).catch(() => undefined);
    assert.equal((await focused(page)).id, 'set-screenReader', 'Escape takes focus back to where it was, in its view');
    assert.equal(await page.evaluate(() => document.getElementById('view-settings').hidden), false);
    assert.deepEqual(await bodyFocusSince(page), []);
  });

  test('each Tab stop is named and visibly focused, in a logical order, and Tab never gets stuck', async () => {
    await page.reload();
    await waitForAnnouncement(page, /Sightline is ready/);
    const stops = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const stop = await focusedStop(page);
      if (!stop) break;
      if (stops.length > 0 && stop.id === stops[0]?.id) break;
      stops.push(stop);
    }
    assert.ok(stops.length >= 9, `expected the whole page in the tab order, got ${stops.length}: ${stops.map((x) => x.aria).join(' | ')}`);
    for (const stop of stops) {
      assert.match(stop.aria, /^- \w+ "[^"]+"/, `Tab stop #${stop.id} has a role and a name: ${stop.aria}`);
      assert.ok(stop.outlineWidth >= 2, `#${stop.id} shows a focus outline of at least 2px (got ${stop.outlineWidth})`);
      assert.ok(stop.ringContrast >= 3, `#${stop.id}'s focus ring contrasts at least 3:1 (got ${stop.ringContrast.toFixed(2)})`);
    }
    const order = stops.map((x) => x.aria);
    const at = (name: RegExp) => order.findIndex((a) => name.test(a));
    assert.equal(at(/link "Skip to content"/), 0);
    assert.ok(at(/"Help/) < at(/button "Screen"/), 'banner before navigation');
    assert.ok(at(/button "Settings"/) < at(/"Describe screen"/), 'navigation before the view');
  });

  test('Help opens at its top with getting started first, keeps focus inside, closes with Escape; at 320 px no key name breaks', async () => {
    await page.setViewportSize({ width: 320, height: 640 });
    await page.keyboard.press('Alt+2');
    await tabTo(page, /button "Open photo/);
    await page.keyboard.press('F1');
    await page.waitForSelector('#help-dialog[open]');
    assert.equal((await focused(page)).id, 'help-title', 'focus on the title, so it is read from the beginning');
    assert.equal(await page.evaluate(() => document.getElementById('help-dialog').scrollTop), 0, 'opened at its top');
    assert.equal((await visibleUnscrolled(page, '#help-title')).inView, true);
    const sections = await page.evaluate(() => [...document.querySelectorAll('#help-dialog h3')].map((h: any) => h.textContent));
    assert.deepEqual(sections, ['Getting started', "Keys in Sightline's window", 'Keys anywhere on the desktop']);
    const rows = await page.evaluate(() => [...document.querySelectorAll('#help-dialog tbody tr')].map((tr: any) => tr.textContent));
    for (const key of ['F1', 'Escape', 'F2', 'Space', 'Control+Down', 'Control+Alt+D', 'Control+Alt+S']) assert.ok(rows.some((r: string) => r.includes(key)), `help lists ${key}`);
    assert.match(await page.evaluate(() => document.querySelector('.getting-started').textContent), /tap F2, speak after the tone/);
    await page.evaluate(() => document.getElementById('help-dialog').scrollTo(0, 1e6)); // every row laid out
    assert.deepEqual(await brokenKeys(page), [], 'no key name is broken across lines at 320 px');
    assert.deepEqual(await reflowProblems(page), []);
    await expectNoViolations(page, 'help dialog open at 320 px');
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press(i % 2 ? 'Shift+Tab' : 'Tab');
      assert.ok((await focusedStop(page))?.inDialog, `focus stays in the dialog (press ${i + 1})`);
    }
    await page.keyboard.press('Escape');
    await page.waitForSelector('#help-dialog:not([open])', { state: 'attached' });
    assert.match((await focusedStop(page))?.aria ?? '', /button "Open photo/, 'focus returns to where it was');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  test('the confirmation dialog defaults to the safe choice and restores focus', async () => {
    await page.keyboard.press('Alt+4');
    await tabTo(page, /button "Clear history/);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#confirm-dialog[open]');
    assert.match((await focusedStop(page))?.aria ?? '', /button "Keep history"/);
    await expectNoViolations(page, 'confirm dialog open');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#confirm-dialog:not([open])', { state: 'attached' });
    assert.match((await focusedStop(page))?.aria ?? '', /button "Clear history/);
    await waitForAnnouncement(page, /History kept/);
  });

  test('a failure appears where the result would have, with focus on it, announced once and assertively', async () => {
    await page.keyboard.press('Alt+1');
    await bodyFocusSince(page);
    const from = await announcementCount(page);
    await page.keyboard.press('Control+Shift+D');
    const message = await waitForAnnouncement(page, /desktop app only/, { from });
    assert.match(message, /^Describing the screen failed: /);
    assert.ok(message.length <= 160);
    assert.equal((await announcements(page)).slice(from).length, 1);
    assert.equal((await announcements(page)).slice(from)[0]?.region, 'announce-assertive');
    const at = await focused(page);
    assert.deepEqual([at.id, at.view], ['screen-pending', 'screen']);
    assert.match(at.text, /desktop app only/);
    assert.deepEqual(await bodyFocusSince(page), []);
    await expectNoViolations(page, 'error state');
  });

  test('F2 with nothing to ask about says what to do first and leaves focus where it was', async () => {
    await page.keyboard.press('Alt+3');
    const from = await announcementCount(page);
    await page.keyboard.down('F2');
    await page.keyboard.up('F2');
    const message = await waitForAnnouncement(page, /first, then ask about it/, { from });
    assert.equal(message, 'Describe the screen or open a photo first, then ask about it.');
    assert.equal((await focused(page)).id, 'camera-heading');
    assert.deepEqual(await bodyFocusSince(page), []);
  });

  test('Settings speak the user\'s words: screen-reader mode follows the screen reader, model names only behind Details', async () => {
    await page.keyboard.press('Alt+5');
    await waitInPage(page, 'model status', () => document.querySelectorAll('#model-status li').length > 0);
    assert.equal(await page.evaluate(() => document.getElementById('set-screenReader').value), 'auto');
    assert.match(await page.evaluate(() => document.getElementById('screen-reader-note').textContent), /Screen-reader mode is on.*A screen reader is running\./);
    const visible = await page.evaluate(() => {
      const details = document.querySelector('#view-settings details');
      const walker = document.createTreeWalker(document.getElementById('view-settings'), 4);
      const texts: string[] = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!details.contains(n)) texts.push(n.textContent);
      return texts.join(' ');
    });
    assert.doesNotMatch(visible, /\bvqa\b|\bocr\b|fixture-|smolvlm|florence/i, 'no model ids or task codes outside Details');
    assert.match(visible, /Answering questions: /);
    await page.evaluate(() => (document.querySelector('#view-settings details').open = true));
    assert.match(await page.evaluate(() => document.getElementById('model-details').textContent), /vqa, pack fixture/);
    await tabTo(page, /combobox "Theme"/);
    await page.keyboard.press('End');
    await waitForAnnouncement(page, /^Theme saved\.$/);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'high-contrast');
    await expectNoViolations(page, 'settings, high-contrast theme, details open');
    await page.keyboard.press('Home');
    await waitForAnnouncement(page, /Theme saved/, { from: (await announcementCount(page)) - 1 });
  });

  test('with a result, questions, a recording and work running: no violations in any theme, large text, or forced colours', async () => {
    await page.keyboard.press('Alt+2');
    const from = await announcementCount(page);
    const chooser = s.nextFileChooser();
    await page.keyboard.press('Control+o');
    await (await chooser).setFiles({ name: 'grid.png', mimeType: 'image/png', buffer: await tableImage([['Item', 'Cost'], ['Tea', '3'], ['Cake', '5']], [60, 600]) });
    await waitForAnnouncement(page, /^Described grid\.png/, { from });
    await tabTo(page, /textbox "Ask about this image"/);
    await page.keyboard.type('What is this?');
    await page.keyboard.press('Enter');
    await waitForAnnouncement(page, /^Answer: /, { from });
    for (const theme of THEMES) {
      await page.evaluate((t: string) => (document.documentElement.dataset.theme = t), theme);
      for (const scheme of theme === 'system' ? (['light', 'dark'] as const) : (['light'] as const)) {
        await page.emulateMedia({ colorScheme: scheme });
        await expectNoViolations(page, `a conversation, ${theme} theme, ${scheme} scheme`);
      }
    }
    await page.evaluate(() => (document.documentElement.dataset.largeText = 'true'));
    await expectNoViolations(page, 'a conversation, large text');
    await page.evaluate(() => (document.documentElement.dataset.largeText = 'false'));
    await page.emulateMedia({ forcedColors: 'active', colorScheme: 'light', reducedMotion: 'reduce' });
    await tabTo(page, /button "Copy all"/);
    assert.ok(((await focusedStop(page))?.outlineWidth ?? 0) >= 2, 'focus stays visible in forced-colours mode');
    await expectNoViolations(page, 'a conversation, forced colours');
    assert.equal(await page.evaluate(() => document.getAnimations().length), 0, 'nothing animates');
    await page.emulateMedia({ forcedColors: 'none', colorScheme: 'light', reducedMotion: 'no-preference' });
    // Recording: the indicator is on, the voice button pressed.
    const rec = await announcementCount(page);
    await page.keyboard.down('F2');
    await waitForAnnouncement(page, /^Listening\.$/, { from: rec });
    await expectNoViolations(page, 'recording');
    await page.keyboard.press('Escape');
    await page.keyboard.up('F2');
    await waitForAnnouncement(page, /^Recording discarded\.$/, { from: rec });
    // Busy: the server is held, so the request stays in flight.
    await page.keyboard.press('Alt+2');
    await tabTo(page, /button "Describe again"/);
    s.served.pause();
    try {
      await page.keyboard.press('Enter');
      await page.waitForSelector('#cancel-button:not([hidden])');
      await expectNoViolations(page, 'busy');
      await page.keyboard.press('Escape');
    } finally {
      s.served.resume();
    }
    await page.waitForSelector('#cancel-button[hidden]', { state: 'attached' });
    await page.keyboard.press('Alt+4');
    await waitInPage(page, 'history entries', () => document.querySelectorAll('#history-list li').length > 0);
    await expectNoViolations(page, 'history with entries');
    assert.deepEqual(s.problems(), []);
  });

  test('at 200 % zoom the status and the start of the result are visible without scrolling after each action', async () => {
    await page.setViewportSize({ width: 640, height: 400 });
    await page.keyboard.press('Alt+2');
    const from = await announcementCount(page);
    const chooser = s.nextFileChooser();
    await page.keyboard.press('Control+o');
    await (await chooser).setFiles({ name: 'blue.png', mimeType: 'image/png', buffer: await solidImage({ r: 20, g: 40, b: 220 }) });
    await waitForAnnouncement(page, /^Described blue\.png/, { from });
    for (const selector of ['#photo-title', '#status-text']) {
      const seen = await visibleUnscrolled(page, selector);
      assert.ok(seen.inView && !seen.covered, `${selector} is visible after describing: ${JSON.stringify(seen)}`);
    }
    await tabTo(page, /textbox "Ask about this image"/);
    await page.keyboard.type('What colour is it?');
    await page.keyboard.press('Enter');
    await waitForAnnouncement(page, /^Answer: /, { from });
    const answer = await visibleUnscrolled(page, '#photo-conversation .turn:last-child .turn-question');
    assert.ok(answer.inView && !answer.covered, `the question and answer are visible after asking: ${JSON.stringify(answer)}`);
    const status = await visibleUnscrolled(page, '#status-text');
    assert.ok(status.inView && !status.covered, JSON.stringify(status));
    assert.deepEqual(await reflowProblems(page), []);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  test('at 320 CSS px (400 %) every view reflows, with a result and its table, and with large text', async () => {
    await page.setViewportSize({ width: 320, height: 640 });
    for (const view of VIEWS) {
      await page.keyboard.press(view.key);
      assert.deepEqual(await reflowProblems(page), [], `${view.heading} view at 320 px`);
    }
    await page.keyboard.press('Alt+2');
    const from = await announcementCount(page);
    const chooser = s.nextFileChooser();
    await page.keyboard.press('Control+o');
    await (await chooser).setFiles({ name: 'wide.png', mimeType: 'image/png', buffer: await tableImage([['Name', 'Age', 'City'], ['Ann', '31', 'Oslo'], ['Bob', '42', 'Rome']]) });
    await waitForAnnouncement(page, /^Described wide\.png/, { from });
    assert.deepEqual(await reflowProblems(page), [], 'a result with a table at 320 px');
    await page.evaluate(() => (document.documentElement.dataset.largeText = 'true'));
    for (const view of VIEWS) {
      await page.keyboard.press(view.key);
      assert.deepEqual(await reflowProblems(page), [], `${view.heading} view at 320 px with large text`);
    }
    await page.keyboard.press('Alt+2');
    await expectNoViolations(page, 'large text at 320 px with a result');
    await page.evaluate(() => (document.documentElement.dataset.largeText = 'false'));
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});

describe('a microphone or camera the system refuses', { skip: chromiumMissing }, () => {
  test('says how to allow it, in one line, instead of "Permission denied"', async () => {
    const served = await startServe({ args: ['--screen-reader', 'running', '--speech', 'silent'] });
    // Fake devices but no automatic "allow": the permission prompt is refused, as a user or a policy would.
    const browser = await launchChromium(['--use-fake-device-for-media-stream']);
    try {
      const page = await browser.newPage();
      await recordAnnouncements(page);
      await page.goto(served.url);
      await waitForAnnouncement(page, /Sightline is ready/);
      await page.keyboard.press('Alt+3');
      await tabTo(page, /button "Start camera"/);
      await page.keyboard.press('Enter');
      const message = await waitForAnnouncement(page, /camera/i);
      assert.match(message, /^Sightline may not use the camera\. Allow the camera for this page in the browser/);
      assert.ok(message.length <= 160, message);
      await expectNoViolations(page, 'camera refused');
    } finally {
      await browser.close();
      await served.stop();
    }
  });
});
