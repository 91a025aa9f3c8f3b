/* eslint-disable @typescript-eslint/no-explicit-any */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  axeViolations,
  chromiumMissing,
  formatViolations,
  launchChromium,
  recordAnnouncements,
  announcementCount,
  waitForAnnouncement,
  watchPageErrors,
} from './support/browser';
import { focusedStop, tabTo } from './support/focus';
import { startServe, type ServedHarness } from './support/harnessProcess';

// Browser globals, used only inside page.evaluate callbacks.
declare const document: any;
declare const window: any;

const VIEWS = Object.freeze([
  { key: 'Alt+1', heading: 'Describe' },
  { key: 'Alt+2', heading: 'Photo' },
  { key: 'Alt+3', heading: 'Camera' },
  { key: 'Alt+4', heading: 'History' },
  { key: 'Alt+5', heading: 'Settings' },
]);

async function expectNoViolations(page: Page, state: string): Promise<void> {
  const violations = await axeViolations(page);
  assert.equal(violations.length, 0, formatViolations(state, violations));
}

async function focusedHeading(page: Page): Promise<string> {
  return page.evaluate(() => (document.activeElement?.tagName === 'H2' ? document.activeElement.textContent : ''));
}

/** No horizontal scrolling, and every visible control lies within the viewport's width. */
async function reflowProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width + 1) problems.push(`page is ${document.documentElement.scrollWidth}px wide in a ${width}px viewport`);
    for (const el of document.querySelectorAll('button, input, select, textarea, a, [role="listbox"], h1, h2, h3, p, li, label')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (el.closest('.visually-hidden') || el.classList.contains('skip-link')) continue;
      if (r.left < -1 || r.right > width + 1) problems.push(`${el.tagName.toLowerCase()}#${el.id || '?'} spans ${Math.round(r.left)}–${Math.round(r.right)}px`);
    }
    return problems;
  });
}

describe('the renderer in Chromium: accessibility in every view and state', { skip: chromiumMissing }, () => {
  let served: ServedHarness;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageProblems: () => string[];

  before(async () => {
    served = await startServe();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    pageProblems = watchPageErrors(page);
    await recordAnnouncements(page);
    await page.goto(served.url);
    await waitForAnnouncement(page, /Sightline is ready/);
  });

  after(async () => {
    await browser?.close();
    await served?.stop();
  });

  test('every view is reachable by keyboard and has no WCAG 2.2 A/AA violations when empty', async () => {
    for (const view of VIEWS) {
      await page.keyboard.press(view.key);
      assert.equal(await focusedHeading(page), view.heading, `${view.key} moves focus to the ${view.heading} heading`);
      const current = await page.evaluate(() => document.querySelector('.view-link[aria-current="page"]')?.textContent);
      assert.equal(current, view.heading);
      await expectNoViolations(page, `${view.heading} view, empty`);
    }
    assert.deepEqual(pageProblems(), []);
  });

  test('each Tab stop is named and visibly focused, in a logical order, and Tab never gets stuck', async () => {
    // A fresh page, so the first Tab starts from the top of the document.
    await page.reload();
    await waitForAnnouncement(page, /Sightline is ready/);
    const stops = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const stop = await focusedStop(page);
      if (!stop) break; // focus left the page: the end of the tab order, so nothing traps it
      if (stops.length > 0 && stop.id === stops[0]?.id) break;
      stops.push(stop);
    }
    assert.ok(stops.length >= 10, `expected the whole page in the tab order, got ${stops.length} stops: ${stops.map((s) => s.aria).join(" | ")}`);
    for (const stop of stops) {
      assert.match(stop.aria, /^- \w+ "[^"]+"/, `Tab stop #${stop.id} has a role and a name: ${stop.aria}`);
      assert.ok(stop.outlineWidth >= 2, `#${stop.id} shows a focus outline of at least 2px (got ${stop.outlineWidth})`);
      assert.ok(stop.ringContrast >= 3, `#${stop.id}'s focus ring contrasts at least 3:1 (got ${stop.ringContrast.toFixed(2)})`);
    }
    const order = stops.map((s) => s.aria);
    const at = (name: RegExp) => order.findIndex((a) => name.test(a));
    assert.ok(at(/link "Skip to content"/) === 0, `the skip link comes first: ${order.join(' | ')}`);
    assert.ok(at(/"Help/) < at(/button "Describe"/), 'banner before navigation');
    assert.ok(at(/button "Settings"/) < at(/"Describe screen"/), 'navigation before the view');
  });

  test('Help opens with F1, holds focus, closes with Escape and gives focus back', async () => {
    await page.keyboard.press('Alt+2');
    await tabTo(page, /button "Open photo/);
    await page.keyboard.press('F1');
    await page.waitForSelector('#help-dialog[open]');
    await expectNoViolations(page, 'help dialog open');
    const rows = await page.evaluate(() => [...document.querySelectorAll('#help-dialog tbody tr')].map((tr: any) => tr.textContent));
    for (const key of ['F1', 'Escape', 'F2', 'Control+Alt+D', 'Control+Alt+S']) assert.ok(rows.some((r: string) => r.includes(key)), `help lists ${key}`);
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press(i % 2 ? 'Shift+Tab' : 'Tab');
      const stop = await focusedStop(page);
      assert.ok(stop?.inDialog, `focus stays in the dialog (press ${i + 1})`);
    }
    await page.keyboard.press('Escape');
    await page.waitForSelector('#help-dialog:not([open])', { state: 'attached' });
    assert.match((await focusedStop(page))?.aria ?? '', /button "Open photo/, 'focus returns to where it was');
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

  test('a failure is announced assertively and shown, with no violations in the error state', async () => {
    await page.keyboard.press('Alt+1');
    await tabTo(page, /button "Describe screen"/);
    const from = await announcementCount(page);
    await page.keyboard.press('Enter');
    const message = await waitForAnnouncement(page, /desktop app only/, { from });
    assert.match(message, /Describing the screen failed/);
    const region = await page.evaluate(() => document.getElementById('announce-assertive').textContent);
    assert.match(region, /desktop app only/, 'errors go to the assertive region');
    assert.equal(await page.evaluate(() => document.getElementById('status-text').classList.contains('error')), true);
    await expectNoViolations(page, 'error state');
  });

  test('while work runs the page shows it is busy, offers Cancel, and Escape cancels', async () => {
    await page.keyboard.press('Alt+1');
    await tabTo(page, /button "Describe screen"/);
    served.pause(); // the server stops answering, so the request stays in flight
    try {
      await page.keyboard.press('Enter');
      await page.waitForSelector('#cancel-button:not([hidden])');
      assert.equal(await page.evaluate(() => document.body.hasAttribute('data-busy')), true);
      await expectNoViolations(page, 'busy state');
      await page.keyboard.press('Escape');
    } finally {
      served.resume();
    }
    await page.waitForSelector('#cancel-button[hidden]', { state: 'attached' });
    assert.equal(await page.evaluate(() => document.body.hasAttribute('data-busy')), false);
  });

  test('settings change by keyboard, are saved, and the high-contrast theme passes contrast checks', async () => {
    await page.keyboard.press('Alt+5');
    await tabTo(page, /combobox "Theme"/);
    // A closed <select> steps through its options with the arrow keys; End picks the last (High contrast).
    await page.keyboard.press('End');
    await waitForAnnouncement(page, /Theme saved/);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'high-contrast');
    await expectNoViolations(page, 'high-contrast theme');
    await page.keyboard.press('Home');
    await waitForAnnouncement(page, /Theme saved/, { from: (await announcementCount(page)) - 1 });
    await page.reload();
    await waitForAnnouncement(page, /Sightline is ready/);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'system', 'the saved setting survives a reload');
  });

  test('with assertive announcements chosen, messages go to the assertive live region', async () => {
    await page.keyboard.press('Alt+5');
    await tabTo(page, /combobox "Announcements"/);
    const from = await announcementCount(page);
    await page.keyboard.press('End');
    await waitForAnnouncement(page, /Announcements saved/, { from });
    const regions = await page.evaluate(() => (window as any).__announcements.slice(-1).map((a: any) => a.region));
    assert.deepEqual(regions, ['announce-assertive']);
    await page.keyboard.press('Home');
    await waitForAnnouncement(page, /Announcements saved/, { from: from + 1 });
    const last = await page.evaluate(() => (window as any).__announcements.slice(-1)[0].region);
    assert.equal(last, 'announce-polite', 'and back to polite');
  });

  test('dark scheme, forced colours and reduced motion are honoured without violations', async () => {
    await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
    await page.keyboard.press('Alt+1');
    await expectNoViolations(page, 'system theme, dark scheme');
    await page.emulateMedia({ forcedColors: 'active', colorScheme: 'light' });
    await page.keyboard.press('Alt+5');
    await tabTo(page, /checkbox "Screen reader mode/);
    const stop = await focusedStop(page);
    assert.ok((stop?.outlineWidth ?? 0) >= 2, 'focus stays visible in forced-colours mode');
    await expectNoViolations(page, 'forced colours');
    assert.equal(await page.evaluate(() => document.getAnimations().length), 0, 'nothing animates');
    await page.emulateMedia({ forcedColors: 'none', colorScheme: 'light', reducedMotion: 'no-preference' });
  });

  test('200 % zoom and 400 % reflow (320 CSS px) lose nothing and never scroll sideways, with large text too', async () => {
    for (const size of [{ width: 640, height: 400, label: '200 %' }, { width: 320, height: 640, label: '400 %' }]) {
      await page.setViewportSize(size);
      for (const view of VIEWS) {
        await page.keyboard.press(view.key);
        assert.deepEqual(await reflowProblems(page), [], `${view.heading} view at ${size.label}`);
      }
    }
    await page.keyboard.press('Alt+5');
    await tabTo(page, /checkbox "Large text"/);
    await page.keyboard.press('Space');
    await waitForAnnouncement(page, /Large text saved/);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.largeText), 'true');
    for (const view of VIEWS) {
      await page.keyboard.press(view.key);
      assert.deepEqual(await reflowProblems(page), [], `${view.heading} view at 400 % with large text`);
    }
    await expectNoViolations(page, 'large text at 320 px');
    await page.keyboard.press('Alt+5');
    await tabTo(page, /checkbox "Large text"/);
    await page.keyboard.press('Space');
    await page.setViewportSize({ width: 1280, height: 800 });
    assert.deepEqual(pageProblems(), []);
  });
});
