/* eslint-disable @typescript-eslint/no-explicit-any */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { announcementCount, announcements, chromiumMissing, waitForAnnouncement } from './support/browser';
import { tabTo } from './support/focus';
import { solidImage, textImage, writeY4m } from './support/media';
import { bodyFocusSince, expectNoViolations, focused, openSession, waitInPage, type Session } from './support/session';

// Browser globals, used only inside page.evaluate callbacks.
declare const document: any;
declare const navigator: any;
declare const atob: (text: string) => string;
declare const ClipboardItem: any;
declare const Blob: any;

const CAMERA_TEXT = ['SIGHTLINE CAMERA', 'READS THIS TEXT'];

/**
 * The other ways an image arrives, keyboard only, on the real core (fixture pack) with a screen reader running:
 * the camera (on demand and by itself), a pasted image, and a file that is not an image.
 */
describe('journeys: camera, paste, and a file that is not an image', { skip: chromiumMissing }, () => {
  let dir: string;
  let s: Session;
  let page: Page;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-journeys-'));
    const video = path.join(dir, 'camera.y4m');
    await writeY4m(video, await textImage(CAMERA_TEXT));
    s = await openSession({
      serveArgs: ['--screen-reader', 'running', '--speech', 'silent'],
      chromiumArgs: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`, '--autoplay-policy=no-user-gesture-required'],
      permissions: ['camera', 'microphone', 'clipboard-read', 'clipboard-write'],
    });
    page = s.page;
  });

  after(async () => {
    await s?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('the camera picture is described in the Camera view, its text read, focus on the result, one announcement', async () => {
    await page.keyboard.press('Alt+3');
    await tabTo(page, /button "Start camera"/);
    await page.keyboard.press('Enter');
    await waitInPage(page, 'the camera preview', () => document.getElementById('camera-preview').videoWidth > 0);
    await expectNoViolations(page, 'camera on');
    await tabTo(page, /button "Describe now"/);
    await bodyFocusSince(page);
    const from = await announcementCount(page);
    await page.keyboard.press('Enter');
    await waitForAnnouncement(page, /^Described camera picture: /, { from });
    await page.waitForTimeout(300);
    const heard = (await announcements(page)).slice(from).map((a) => a.text);
    assert.equal(heard.length, 1, JSON.stringify(heard));
    assert.deepEqual(await focused(page), { tag: 'H3', id: 'camera-title', text: 'camera picture', view: 'camera' });
    const text = await page.evaluate(() => document.getElementById('camera-conversation').innerText);
    assert.match(text, /SIGHTLINE CAMERA/i);
    assert.match(text, /READS THIS TEXT/i);
    assert.deepEqual(await bodyFocusSince(page), []);
  });

  test('auto mode describes a new scene by itself without pulling focus away', async () => {
    await tabTo(page, /checkbox "Describe automatically/);
    const from = await announcementCount(page);
    await page.keyboard.press('Space');
    // Auto mode starts from a clean slate, so the (still) scene counts as new and is described again.
    await waitForAnnouncement(page, /^Described camera picture: /, { from });
    assert.equal((await focused(page)).id, 'camera-auto', 'focus stays on the checkbox, not pulled to the new result');
    await page.keyboard.press('Space');
    await tabTo(page, /button "Stop camera"/, { shift: true });
    await page.keyboard.press('Enter');
    await waitForAnnouncement(page, /Camera is off/);
  });

  test('an image pasted with Control+V becomes the photo and its conversation starts afresh', async () => {
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
    assert.equal((await focused(page)).id, 'photo-title');
    assert.equal(await page.evaluate(() => document.querySelectorAll('#photo-conversation .turn').length), 0, 'a new image starts a new conversation');
  });

  test('a file that is not an image is refused with one line, where the result would have been', async () => {
    await tabTo(page, /button "Open photo/, { shift: true });
    const from = await announcementCount(page);
    const chooser = s.nextFileChooser();
    await page.keyboard.press('Enter');
    await (await chooser).setFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('these are notes, not pixels') });
    const message = await waitForAnnouncement(page, /notes\.png/, { from });
    assert.match(message, /^Describing notes\.png failed: /);
    assert.ok(message.length <= 160 && !message.includes('\n'));
    assert.ok((await announcements(page)).slice(from).some((a) => a.region === 'announce-assertive' && a.text === message), 'errors are assertive');
    assert.equal((await focused(page)).id, 'photo-pending');
    await expectNoViolations(page, 'photo view after a refused file');
    assert.deepEqual(s.problems(), []);
  });
});
