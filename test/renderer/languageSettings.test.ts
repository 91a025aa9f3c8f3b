/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Settings → Languages, keyboard only, in Chromium against the real core: reading languages are chosen with
 * checkboxes (automatic when none), at most six; each chosen language gets a voice field; every change is saved,
 * said in one line, and checked by axe.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { MAX_READING_LANGUAGES } from '../../electron/common/languages';
import { announcementCount, axeViolations, chromiumMissing, formatViolations, launchChromium, recordAnnouncements, waitForAnnouncement } from './support/browser';
import { tabTo } from './support/focus';
import { startServe, type ServedHarness } from './support/harnessProcess';

declare const document: any;
declare const window: any;

const checked = (page: Page) => page.evaluate(() => [...document.querySelectorAll('#reading-language-list input:checked')].map((i: any) => i.name));
const voiceFields = (page: Page) => page.evaluate(() => [...document.querySelectorAll('#language-voice-fields label')].map((l: any) => l.textContent));

describe('reading languages and a voice per language in Settings', { skip: chromiumMissing }, () => {
  let served: ServedHarness;
  let browser: Browser;
  let page: Page;

  before(async () => {
    served = await startServe({ args: ['--screen-reader', 'running', '--speech', 'silent'] });
    browser = await launchChromium(['--lang=en-US']);
    page = await browser.newPage({ locale: 'en-US' });
    await recordAnnouncements(page);
    await page.goto(served.url);
    await waitForAnnouncement(page, /Sightline is ready/);
    await page.keyboard.press('Alt+5');
  });

  after(async () => {
    await browser?.close();
    await served?.stop();
  });

  test('automatic at first; choosing German saves the list and adds its voice field; unchoosing all is automatic again', async () => {
    assert.deepEqual(await checked(page), ['reading:auto', 'reading:en']);
    assert.deepEqual(await voiceFields(page), ['Voice for English']);
    await tabTo(page, /checkbox "German \(Deutsch\)"/);
    let from = await announcementCount(page);
    await page.keyboard.press('Space');
    await waitForAnnouncement(page, /^Reading languages saved\.$/, { from });
    assert.deepEqual(await checked(page), ['reading:en', 'reading:de']);
    assert.deepEqual(await voiceFields(page), ['Voice for English', 'Voice for German']);
    const settings = await page.evaluate(() => (window as any).sightline.invoke('get-settings', {}));
    assert.deepEqual(settings.value.readingLanguages, ['en', 'de']);

    await tabTo(page, /combobox "Voice for German"/);
    assert.match(await page.evaluate(() => document.activeElement.options[0].textContent), /^Automatic: a German voice if the engine has one$/);

    await tabTo(page, /checkbox "Automatic: the system’s language and English"/);
    from = await announcementCount(page);
    await page.keyboard.press('Space');
    await waitForAnnouncement(page, /^Reading languages saved\.$/, { from });
    assert.deepEqual(await checked(page), ['reading:auto', 'reading:en']);
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, formatViolations('settings with reading languages', violations));
  });

  test(`a seventh language is refused with one line and nothing changes (at most ${MAX_READING_LANGUAGES})`, async () => {
    for (const code of ['de', 'fr', 'es', 'it', 'pt']) {
      const from = await announcementCount(page);
      await page.focus(`#set-reading-${code}`);
      await page.keyboard.press('Space');
      await waitForAnnouncement(page, /^Reading languages saved\.$/, { from });
    }
    assert.equal((await checked(page)).length, MAX_READING_LANGUAGES);
    const from = await announcementCount(page);
    await page.focus('#set-reading-nl');
    await page.keyboard.press('Space');
    await waitForAnnouncement(page, /^Sightline reads up to 6 languages at once; clear one first\.$/, { from });
    assert.equal(await page.evaluate(() => document.getElementById('set-reading-nl').checked), false);
  });
});
