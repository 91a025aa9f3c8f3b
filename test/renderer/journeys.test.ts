/* eslint-disable @typescript-eslint/no-explicit-any */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, FileChooser, Page } from 'playwright-core';
import {
  announcementCount,
  announcements,
  axeViolations,
  chromiumMissing,
  formatViolations,
  interceptFileChoosers,
  launchChromium,
  recordAnnouncements,
  waitForAnnouncement,
  watchPageErrors,
} from './support/browser';
import { focusedStop, tabTo } from './support/focus';
import { startServe, type ServedHarness } from './support/harnessProcess';
import { solidImage, speechWav, textImage, writeY4m } from './support/media';

// Browser globals, used only inside page.evaluate callbacks.
declare const document: any;
declare const navigator: any;
declare const atob: (text: string) => string;
declare const ClipboardItem: any;
declare const Blob: any;

const CAMERA_TEXT = ['SIGHTLINE CAMERA', 'READS THIS TEXT'];

async function expectNoViolations(page: Page, state: string): Promise<void> {
  const violations = await axeViolations(page);
  assert.equal(violations.length, 0, formatViolations(state, violations));
}

/**
 * The user's journeys, keyboard only, against the real core on the fixture pack: Chromium's fake camera
 * shows a video of text, and its fake microphone plays a question spoken by espeak-ng.
 */
describe('journeys through the renderer, keyboard only, on the real core', { skip: chromiumMissing }, () => {
  let dir: string;
  let served: ServedHarness;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageProblems: () => string[];
  let nextFileChooser: () => Promise<FileChooser>;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-journeys-'));
    const wav = path.join(dir, 'question.wav');
    const video = path.join(dir, 'camera.y4m');
    speechWav(wav, 'What colour is this?');
    await writeY4m(video, await textImage(CAMERA_TEXT));
    served = await startServe();
    browser = await launchChromium([
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${wav}`,
      `--use-file-for-fake-video-capture=${video}`,
      '--autoplay-policy=no-user-gesture-required',
    ]);
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.grantPermissions(['camera', 'microphone', 'clipboard-read', 'clipboard-write'], { origin: served.origin });
    page = await context.newPage();
    pageProblems = watchPageErrors(page);
    nextFileChooser = interceptFileChoosers(page);
    await recordAnnouncements(page);
    await page.goto(served.url);
    await waitForAnnouncement(page, /Sightline is ready/);
    // Screen-reader mode: results reach the live regions only, and Sightline does not speak them itself.
    await page.keyboard.press('Alt+5');
    await tabTo(page, /checkbox "Screen reader mode/);
    await page.keyboard.press('Space');
    await waitForAnnouncement(page, /Screen reader mode saved/);
  });

  after(async () => {
    await browser?.close();
    await served?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('open a photo from the file picker, describe it, and hear the result once', async () => {
    await page.keyboard.press('Alt+2');
    await tabTo(page, /button "Open photo/);
    const from = await announcementCount(page);
    const chooser = nextFileChooser();
    await page.keyboard.press('Enter');
    await (await chooser).setFiles({ name: 'red.png', mimeType: 'image/png', buffer: await solidImage({ r: 220, g: 20, b: 20 }) });
    const heard = await waitForAnnouncement(page, /red/i, { from });
    const times = (await announcements(page)).slice(from).filter((a) => a.text === heard).length;
    assert.equal(times, 1, 'the description is announced exactly once (no double speech)');
    assert.match(await page.evaluate(() => document.getElementById('photo-image').alt), /red/i, 'the photo gets its description as alt text');
    await expectNoViolations(page, 'photo view with a described photo');
  });

  test('the result is a document to move through line by line and copy', async () => {
    await page.keyboard.press('Alt+1');
    const listbox = await tabTo(page, /listbox "Description, line by line"/);
    assert.ok(listbox.outlineWidth >= 2);
    const active = () => page.evaluate(() => document.getElementById(document.getElementById('result-lines').getAttribute('aria-activedescendant'))?.textContent);
    const first = await active();
    assert.match(first ?? '', /red/i, 'the first line is the caption');
    await page.keyboard.press('End');
    await page.keyboard.press('Home');
    assert.equal(await active(), first);
    await page.keyboard.press('Control+c');
    await waitForAnnouncement(page, /^Copied: /);
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), first);
    await tabTo(page, /button "Copy all text"/);
    await page.keyboard.press('Enter');
    await waitForAnnouncement(page, /^Copied \d+ lines?\./);
    await expectNoViolations(page, 'describe view with a result');
  });

  test('a typed question is answered about the same photo, and the conversation grows', async () => {
    await page.keyboard.press('Alt+2');
    await tabTo(page, /textbox "Question about this photo"/);
    const from = await announcementCount(page);
    await page.keyboard.type('What color is this?');
    await page.keyboard.press('Enter');
    const answer = await waitForAnnouncement(page, /Answer: /, { from });
    assert.match(answer, /red/i);
    assert.equal(await page.evaluate(() => document.querySelectorAll('#conversation li').length), 1);
    assert.match((await focusedStop(page))?.aria ?? '', /textbox "Question about this photo"/, 'focus stays in the question box for a follow-up');
  });

  test('a spoken question (push to talk, F2) is transcribed, shown, announced and answered', async () => {
    const from = await announcementCount(page);
    await page.keyboard.down('F2');
    await page.waitForSelector('#voice-button[aria-pressed="true"]');
    await page.waitForTimeout(2500); // holding the key while the fake microphone plays the question
    await page.keyboard.up('F2');
    const heard = await waitForAnnouncement(page, /Heard: \S/, { from });
    await waitForAnnouncement(page, /Answer: /, { from });
    assert.equal(await page.evaluate(() => document.querySelectorAll('#conversation li').length), 2);
    // What was heard is what was asked: the transcript shown and announced is the question in the conversation.
    const asked = await page.evaluate(() => document.querySelector('#conversation li:last-child .turn-question').textContent);
    const question = asked.replace(/^You asked: /, '');
    assert.ok(question.length > 0);
    assert.ok(heard.includes(`Heard: ${question}`), `${JSON.stringify(heard)} announces ${JSON.stringify(question)}`);
  });

  test('a file that is not an image is refused with one line, announced assertively', async () => {
    await page.keyboard.press('Alt+2');
    await tabTo(page, /button "Open photo/);
    const from = await announcementCount(page);
    const chooser = nextFileChooser();
    await page.keyboard.press('Enter');
    await (await chooser).setFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('these are notes, not pixels') });
    const message = await waitForAnnouncement(page, /notes\.png/, { from: from + 1 });
    assert.match(message, /failed: .*notes\.png/);
    assert.doesNotMatch(message, /\n/);
    const assertive = (await announcements(page)).slice(from).some((a) => a.region === 'announce-assertive' && a.text === message);
    assert.ok(assertive, 'errors use the assertive region');
    await expectNoViolations(page, 'photo view after a refused file');
  });

  test('an image pasted with Control+V becomes the photo and is described', async () => {
    await page.keyboard.press('Alt+1');
    const png = (await solidImage({ r: 20, g: 40, b: 220 })).toString('base64');
    // Put a real PNG on the system clipboard, as copying an image in another program would.
    await page.evaluate(async (b64: string) => {
      const bytes = Uint8Array.from(atob(b64), (c: string) => c.charCodeAt(0));
      await navigator.clipboard.write([new ClipboardItem({ 'image/png': new Blob([bytes], { type: 'image/png' }) })]);
    }, png);
    const from = await announcementCount(page);
    await page.keyboard.press('Control+v');
    await waitForAnnouncement(page, /blue/i, { from });
    assert.equal(await page.evaluate(() => document.querySelector('.view-link[aria-current="page"]').textContent), 'Photo');
    assert.equal(await page.evaluate(() => document.querySelectorAll('#conversation li').length), 0, 'a new photo starts a new conversation');
  });

  test('outside screen-reader mode the result is spoken by Sightline instead, still only once', async () => {
    await page.keyboard.press('Alt+5');
    await tabTo(page, /checkbox "Screen reader mode/);
    await page.keyboard.press('Space');
    await waitForAnnouncement(page, /Screen reader mode saved/);
    await page.keyboard.press('Alt+2');
    await tabTo(page, /button "Describe photo"/);
    const from = await announcementCount(page);
    await page.keyboard.press('Enter');
    // The harness keeps its speech service in screen-reader mode, so what Sightline speaks arrives as an
    // announcement from the core rather than from the page.
    await waitForAnnouncement(page, /blue/i, { from });
    await page.waitForTimeout(500); // let any second copy arrive before counting
    const texts = (await announcements(page)).slice(from).map((a) => a.text).filter((t) => /blue/i.test(t));
    assert.equal(texts.length, 1, `announced once: ${JSON.stringify(texts)}`);
    await page.keyboard.press('Alt+5');
    await tabTo(page, /checkbox "Screen reader mode/);
    await page.keyboard.press('Space');
    await waitForAnnouncement(page, /Screen reader mode saved/, { from: from + 1 });
  });

  test('the camera preview is described on demand and reads the text it shows', async () => {
    await page.keyboard.press('Alt+3');
    await tabTo(page, /button "Start camera"/);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('camera-preview').videoWidth > 0);
    await expectNoViolations(page, 'camera on');
    await tabTo(page, /button "Describe now"/);
    const from = await announcementCount(page);
    await page.keyboard.press('Enter');
    const heard = await waitForAnnouncement(page, /SIGHTLINE CAMERA/i, { from });
    assert.match(heard, /SIGHTLINE CAMERA/i);
    assert.match(heard, /READS THIS TEXT/i);
  });

  test('auto mode describes the camera scene by itself once it is still', async () => {
    await tabTo(page, /checkbox "Describe automatically/);
    const from = await announcementCount(page);
    await page.keyboard.press('Space');
    await waitForAnnouncement(page, /SIGHTLINE CAMERA/i, { from });
    await page.keyboard.press('Space');
    await tabTo(page, /button "Stop camera"/, { shift: true });
    await page.keyboard.press('Enter');
    await waitForAnnouncement(page, /Camera is off/);
    assert.deepEqual(pageProblems(), []);
  });

  test('History lists what was done, and passes the accessibility rules with entries', async () => {
    await page.keyboard.press('Alt+4');
    await page.waitForFunction(() => document.querySelectorAll('#history-list li').length >= 3);
    const entries = await page.evaluate(() => [...document.querySelectorAll('#history-list li')].map((li: any) => li.textContent));
    assert.ok(entries.some((e: string) => /Asked about/.test(e)), JSON.stringify(entries));
    assert.ok(entries.some((e: string) => /Described camera frame/.test(e)), JSON.stringify(entries));
    await expectNoViolations(page, 'history with entries');
  });
});
