/* eslint-disable @typescript-eslint/no-explicit-any */
import assert from 'node:assert/strict';
import { mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { announcementCount, announcements, chromiumMissing, waitForAnnouncement } from './support/browser';
import { tabTo } from './support/focus';
import { solidImage, speechWav, tableImage, writeY4m } from './support/media';
import { bodyFocusSince, expectNoViolations, focused, liveMicrophones, openSession, waitInPage, type Session } from './support/session';

// Browser globals, used only inside page.evaluate callbacks.
declare const document: any;
declare const window: any;
declare const navigator: any;
declare const DataTransfer: any;
declare const File: any;

const TABLE = [['Name', 'Age', 'City'], ['Ann', '31', 'Oslo'], ['Bob', '42', 'Rome'], ['Eve', '27', 'Lima']];

/** Announcements made since `from`, after a moment for any late one to arrive. */
async function heardSince(page: Page, from: number): Promise<string[]> {
  await page.waitForTimeout(400);
  return (await announcements(page)).slice(from).map((a) => a.text);
}

function expectOneShortAnnouncement(heard: readonly string[], what: string): void {
  assert.equal(heard.length, 1, `${what}: exactly one announcement, got ${JSON.stringify(heard)}`);
  assert.ok(heard[0]!.length <= 160, `${what}: at most 160 characters, got ${heard[0]!.length}`);
  assert.doesNotMatch(heard[0]!, /\n/);
}

/**
 * One conversation per image, with a screen reader running (the harness says so, as Electron's accessibility
 * support would): results land where the user is, focus follows them, and each is announced once, briefly.
 * Keyboard only, on the real core (fixture pack), Chromium's fake camera and microphone.
 */
describe('one conversation per image, where the user is', { skip: chromiumMissing }, () => {
  let dir: string;
  let s: Session;
  let page: Page;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-conversation-'));
    const wav = path.join(dir, 'question.wav');
    const video = path.join(dir, 'camera.y4m');
    speechWav(wav, 'What colour is this?');
    await writeY4m(video, await solidImage({ r: 20, g: 160, b: 40 }, 320, 240));
    s = await openSession({
      serveArgs: ['--screen-reader', 'running', '--speech', 'silent'],
      chromiumArgs: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${wav}`, `--use-file-for-fake-video-capture=${video}`],
      permissions: ['camera', 'microphone', 'clipboard-read', 'clipboard-write'],
    });
    page = s.page;
  });

  after(async () => {
    await s?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('Control+O from another view: focus goes where the result appears, lands on its heading, one short announcement', async () => {
    await page.keyboard.press('Alt+1');
    assert.equal((await focused(page)).id, 'screen-heading');
    await bodyFocusSince(page);
    const from = await announcementCount(page);
    const chooser = s.nextFileChooser();
    await page.keyboard.press('Control+o');
    await (await chooser).setFiles({ name: 'red.png', mimeType: 'image/png', buffer: await solidImage({ r: 220, g: 20, b: 20 }) });
    await waitForAnnouncement(page, /^Described red\.png/, { from });
    const heard = await heardSince(page, from);
    expectOneShortAnnouncement(heard, 'describe');
    assert.match(heard[0]!, /^Described red\.png: .*red.*, no text\.$/i);
    assert.deepEqual(await focused(page), { tag: 'H3', id: 'photo-title', text: 'red.png', view: 'photo' }, 'focus is on the result, in the view it is in');
    assert.deepEqual(await bodyFocusSince(page), [], 'focus never fell to <body>');
    assert.equal(await page.evaluate(() => document.querySelector('.view-link[aria-current="page"]').textContent), 'Photo');
    assert.equal(await page.evaluate(() => document.getElementById('photo-image').alt), 'Photo red.png, described below');
    await expectNoViolations(page, 'photo described');
  });

  test('the result is a document: a heading, the caption once, and a table with rows and cells; no listbox', async () => {
    const from = await announcementCount(page);
    await tabTo(page, /button "Open photo/, { shift: true });
    const chooser = s.nextFileChooser();
    await page.keyboard.press('Enter');
    await (await chooser).setFiles({ name: 'people.png', mimeType: 'image/png', buffer: await tableImage(TABLE) });
    await waitForAnnouncement(page, /^Described people\.png/, { from });
    expectOneShortAnnouncement(await heardSince(page, from), 'describe a table');
    const tree = await page.locator('#photo-conversation').ariaSnapshot();
    assert.match(tree, /^- article "people\.png":/m);
    assert.match(tree, /- heading "people\.png" \[level=3\]/);
    assert.match(tree, /- table:/);
    for (const row of TABLE) assert.match(tree, new RegExp(`- row "${row.join(' ')}":`, 'i'), `row ${row.join(' ')}`);
    assert.match(tree, /- cell "Oslo"/);
    assert.doesNotMatch(await page.locator('body').ariaSnapshot(), /listbox|option/, 'no listbox anywhere');
    const text = await page.evaluate(() => document.getElementById('photo-conversation').innerText);
    assert.equal(text.split('A screen with mostly text').length + text.split('A page of text').length - 2, 1, 'the summary appears once');
    assert.equal((await focused(page)).id, 'photo-title');
    await expectNoViolations(page, 'a table in the result');
  });

  test('typed, blocks become headings, lists, tables with header cells and regions (the document builder in Chromium)', async () => {
    // The builder and renderer are the page's own modules, fed typed blocks the way the OCR will send them.
    const tree = await page.evaluate(async () => {
      const model = await import('./renderer/src/resultModel.js' as string);
      const doc = await import('./renderer/src/resultDocument.js' as string);
      const box = [0, 0, 1, 1];
      const view = {
        imageId: 'img-x', source: 'inbox.png', width: 800, height: 600, caption: 'An email inbox', text: '', description: 'An email inbox.',
        mostlyText: false, models: { caption: 'c', ocr: 'o' }, device: 'cpu', warnings: [], timings: {},
        panes: [{ kind: 'main', box }, { kind: 'sidebar', box }],
        lines: [{ text: 'Folders', confidence: 1, box, block: 0 }],
        blocks: [
          { kind: 'heading', level: 2, text: 'Folders', box, pane: 1, lines: [0] },
          { kind: 'list-item', text: 'Inbox', box, pane: 1, lines: [] },
          { kind: 'list-item', text: 'Sent', box, pane: 1, lines: [] },
          { kind: 'heading', level: 1, text: 'Messages', box, pane: 0, lines: [] },
          { kind: 'table', rows: [['From', 'Subject'], ['Ann', 'Lunch'], ['Bob', 'Slides']], headerRows: 1, box, pane: 0, lines: [] },
          { kind: 'paragraph', text: 'Guten Tag', lang: 'de', box, pane: 0, lines: [] },
          { kind: 'control', role: 'button', text: 'Reply', box, pane: 0, lines: [] },
        ],
      };
      const built = model.buildResult({ kind: 'describe', view }, 'probe-title');
      const holder = document.createElement('article');
      holder.id = 'probe';
      holder.setAttribute('aria-labelledby', 'probe-title');
      holder.append(...doc.renderNodes(built.nodes));
      document.getElementById('photo-slot').append(holder);
      return true;
    });
    assert.ok(tree);
    const snapshot = await page.locator('#probe').ariaSnapshot();
    for (const expected of [
      /- heading "inbox\.png" \[level=3\]/,
      /- paragraph: An email inbox\./,
      /- region "Sidebar":\s+- heading "Folders" \[level=5\]\s+- list:\s+- listitem: Inbox\s+- listitem: Sent/,
      /- region "Main part":\s+- heading "Messages" \[level=4\]\s+- table:/,
      /- row "From Subject":\s+- columnheader "From"\s+- columnheader "Subject"/,
      /- row "Ann Lunch":\s+- cell "Ann"\s+- cell "Lunch"/,
      /- paragraph: Reply \(button\)/,
    ]) assert.match(snapshot, expected);
    assert.equal(await page.evaluate(() => document.querySelector('#probe [lang="de"]')?.textContent), 'Guten Tag');
    await expectNoViolations(page, 'a document with headings, lists, a table with headers and regions');
    await page.evaluate(() => document.getElementById('probe').remove());
  });

  test('a typed question is answered under it: focus on the new question and answer, one short announcement', async () => {
    await tabTo(page, /textbox "Ask about this image"/);
    await bodyFocusSince(page);
    const from = await announcementCount(page);
    await page.keyboard.type('What is in the table?');
    await page.keyboard.press('Enter');
    await waitForAnnouncement(page, /^Answer: /, { from });
    expectOneShortAnnouncement(await heardSince(page, from), 'ask');
    const at = await focused(page);
    assert.deepEqual([at.tag, at.text, at.view], ['H4', 'You asked: What is in the table?', 'photo']);
    assert.deepEqual(await bodyFocusSince(page), []);
    const turns = await page.locator('#photo-conversation ol').ariaSnapshot();
    assert.match(turns, /- list "Questions and answers":\s+- listitem:\s+- '?heading "You asked: What is in the table\?" \[level=4\]'?\s+- paragraph: \S/);
    // Tab from the answer reaches the question box again, for a follow-up.
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).id, 'photo-question');
  });

  test('a spoken question (F2 held): Listening, Stopped, then one short announcement with what was heard and the answer', async () => {
    await page.keyboard.press('Alt+1'); // from another view: the question goes to the conversation that last had a result
    await bodyFocusSince(page);
    const from = await announcementCount(page);
    const turnsBefore = await page.evaluate(() => document.querySelectorAll('#photo-conversation .turn').length);
    await page.keyboard.down('F2');
    await waitForAnnouncement(page, /^Listening\.$/, { from });
    assert.equal(await page.evaluate(() => document.getElementById('mic-indicator').hidden), false, 'the indicator shows');
    assert.equal(await liveMicrophones(page), 1);
    await page.waitForTimeout(2500); // holding the key while the fake microphone plays the question
    await page.keyboard.up('F2');
    await waitForAnnouncement(page, /Answer: /, { from });
    const heard = await heardSince(page, from);
    assert.deepEqual(heard.slice(0, 2), ['Listening.', 'Stopped.'], JSON.stringify(heard));
    expectOneShortAnnouncement(heard.slice(2), 'voice ask');
    assert.match(heard[2]!, /^You asked: \S.*\. Answer: /);
    assert.equal(await liveMicrophones(page), 0, 'the microphone is off');
    assert.equal(await page.evaluate(() => document.getElementById('mic-indicator').hidden), true);
    const at = await focused(page);
    assert.equal(at.view, 'photo', 'the answer appeared where the image is, and focus went with it');
    assert.match(at.text, /^You asked: /);
    assert.deepEqual(await bodyFocusSince(page), []);
    assert.equal(await page.evaluate(() => document.querySelectorAll('#photo-conversation .turn').length), turnsBefore + 1);
    const question = at.text.replace(/^You asked: /, '');
    assert.ok(heard[2]!.includes(question.slice(0, 40)), `${heard[2]} names ${question}`);
  });

  test('a 50 ms F2 tap never leaves a silent microphone: it is announced and shown, and the next tap ends it', async () => {
    await page.evaluate(() => (window.__micOpenDelayMs = 300)); // the tap ends before the device is open
    const from = await announcementCount(page);
    await page.keyboard.down('F2');
    await page.waitForTimeout(50);
    await page.keyboard.up('F2');
    await waitForAnnouncement(page, /^Listening\.$/, { from });
    await page.evaluate(() => (window.__micOpenDelayMs = 0));
    assert.equal(await liveMicrophones(page), 1, 'a tap turns it on, for a question spoken after the tone');
    assert.match(await page.evaluate(() => document.getElementById('mic-indicator').textContent), /tap F2 .* to send, Escape to discard/);
    assert.equal(await page.evaluate(() => document.querySelector('#photo-conversation [aria-keyshortcuts="F2"]').getAttribute('aria-pressed')), 'true');
    await page.waitForTimeout(1500);
    await page.keyboard.down('F2');
    await page.waitForTimeout(50);
    await page.keyboard.up('F2');
    await waitForAnnouncement(page, /^Stopped\.$/, { from });
    assert.equal(await liveMicrophones(page), 0, 'the second tap turned it off');
    assert.equal(await page.evaluate(() => document.getElementById('mic-indicator').hidden), true);
    await waitForAnnouncement(page, /Answer: |No speech heard|Too short/, { from });
    await page.waitForTimeout(1000);
    assert.equal(await liveMicrophones(page), 0, 'and it stays off');
  });

  test('a 50 ms F2 tap and a second tap at once, before the microphone opened, leave it off', async () => {
    await page.waitForFunction(() => !document.body.hasAttribute('data-busy'), undefined, { timeout: 30_000 });
    const from = await announcementCount(page);
    await page.evaluate(() => (window.__micOpenDelayMs = 300));
    await page.keyboard.down('F2');
    await page.waitForTimeout(50);
    await page.keyboard.up('F2');
    await page.keyboard.down('F2');
    await page.keyboard.up('F2');
    await page.waitForTimeout(1500);
    await page.evaluate(() => (window.__micOpenDelayMs = 0));
    assert.ok((await announcements(page)).slice(from).some((a) => /^Stopped before the microphone was on/.test(a.text)), 'the user hears that nothing was recorded');
    assert.equal(await liveMicrophones(page), 0);
    assert.equal(await page.evaluate(() => document.getElementById('mic-indicator').hidden), true);
    await page.waitForFunction(() => !document.body.hasAttribute('data-busy'), undefined, { timeout: 30_000 });
    await page.waitForTimeout(500);
    assert.equal(await liveMicrophones(page), 0, 'still off once everything settled');
    const heard = (await announcements(page)).slice(from).map((a) => a.text);
    assert.ok(heard.every((t) => t.length <= 160), JSON.stringify(heard));
  });

  test('Escape discards a recording: nothing is asked, the microphone is off, focus goes back', async () => {
    await tabTo(page, /button "Copy all"/);
    const turnsBefore = await page.evaluate(() => document.querySelectorAll('#photo-conversation .turn').length);
    const from = await announcementCount(page);
    await page.keyboard.down('F2');
    await page.waitForTimeout(50);
    await page.keyboard.up('F2');
    await waitForAnnouncement(page, /^Listening\.$/, { from });
    assert.match((await focused(page)).text, /^Listening/, 'focus waits where the question will appear');
    await page.keyboard.press('Escape');
    await waitForAnnouncement(page, /^Recording discarded\.$/, { from });
    assert.equal(await liveMicrophones(page), 0);
    await page.waitForTimeout(800);
    assert.equal(await page.evaluate(() => document.querySelectorAll('#photo-conversation .turn').length), turnsBefore, 'nothing was asked');
    assert.equal((await focused(page)).text, 'Copy all', 'focus is back where it was');
    assert.deepEqual(await bodyFocusSince(page), []);
  });

  test('Escape during work cancels it and takes focus back; "Stopped." is said only when something stopped', async () => {
    await tabTo(page, /button "Describe again"/, { shift: true });
    const from = await announcementCount(page);
    s.served.pause(); // the server stops answering, so the request stays in flight
    try {
      await page.keyboard.press('Enter');
      await waitInPage(page, 'the pending line to take focus', () => document.activeElement?.id === 'photo-pending');
      assert.equal(await page.evaluate(() => document.getElementById('status-text').textContent), 'Describing people.png…', 'progress says it once');
      await expectNoViolations(page, 'busy');
      await page.keyboard.press('Escape');
    } finally {
      s.served.resume();
    }
    await waitForAnnouncement(page, /^Describing people\.png cancelled\.$/, { from });
    await waitInPage(page, 'focus back on the button', () => document.activeElement?.textContent === 'Describe again');
    assert.deepEqual(await bodyFocusSince(page), []);
    const before = await announcementCount(page);
    await page.keyboard.press('Escape'); // nothing runs, nothing speaks
    const heard = await heardSince(page, before);
    assert.deepEqual(heard, [], 'nothing stopped, so nothing is said');
  });

  test('Copy all copies each thing once: the name, the summary, the text, each question and answer', async () => {
    await tabTo(page, /button "Copy all"/);
    const from = await announcementCount(page);
    await page.keyboard.press('Enter');
    await waitForAnnouncement(page, /^Copied /, { from });
    const copied: string = await page.evaluate(() => navigator.clipboard.readText());
    const lines = copied.split('\n');
    const once = (line: string) => assert.equal(lines.filter((l) => l === line).length, 1, `"${line}" copied once: ${JSON.stringify(lines)}`);
    assert.equal(lines[0], 'people.png');
    once('people.png');
    once(lines[1]!); // the summary
    for (const row of TABLE) once(row.join('\t'));
    const turns = await page.evaluate(() => [...document.querySelectorAll('#photo-conversation .turn-question')].map((h: any) => h.textContent.replace(/^You asked: /, '')));
    assert.deepEqual(lines.filter((l) => l.startsWith('Question: ')), turns.map((q: string) => `Question: ${q}`), 'each question once, in order');
    assert.equal(lines.filter((l) => l.startsWith('Answer: ')).length, turns.length, 'each answer once');
  });

  test('History reopens the whole conversation, and asking more still works while the image is open', async () => {
    await page.keyboard.press('Alt+4');
    await waitInPage(page, 'history entries', () => document.querySelectorAll('#history-list .history-open').length >= 2);
    await tabTo(page, /button "Described people\.png"/);
    const from = await announcementCount(page);
    await page.keyboard.press('Enter');
    await waitForAnnouncement(page, /^Reopened people\.png from .*, \d+ questions\.$/, { from });
    expectOneShortAnnouncement(await heardSince(page, from), 'reopen');
    assert.deepEqual(await focused(page), { tag: 'H3', id: 'history-title', text: 'people.png', view: 'history' });
    const turns = await page.evaluate(() => [...document.querySelectorAll('#history-conversation .turn-question')].map((h: any) => h.textContent));
    assert.ok(turns.includes('You asked: What is in the table?'), JSON.stringify(turns));
    assert.match(await page.locator('#history-conversation').ariaSnapshot(), /- table:/);
    await tabTo(page, /textbox "Ask about this image"/);
    const before = await announcementCount(page);
    await page.keyboard.type('Is there a name?');
    await page.keyboard.press('Enter');
    await waitForAnnouncement(page, /^Answer: /, { from: before });
    assert.equal((await focused(page)).text, 'You asked: Is there a name?');
    await expectNoViolations(page, 'a reopened conversation');
  });

  test('the microphone never records longer than 30 seconds: left on, it stops by itself and says why', async () => {
    await page.keyboard.press('Alt+2');
    await page.clock.install(); // the page's timers, moved on by the test; the microphone itself stays real
    const from = await announcementCount(page);
    await page.keyboard.down('F2');
    await page.waitForTimeout(50);
    await page.keyboard.up('F2');
    await waitForAnnouncement(page, /^Listening\.$/, { from });
    await page.clock.fastForward(29_000);
    assert.equal(await liveMicrophones(page), 1, 'still on at 29 s');
    await page.clock.fastForward(1_500);
    await waitForAnnouncement(page, /^Stopped: 30 seconds is the longest question\.$/, { from });
    assert.equal(await liveMicrophones(page), 0);
    await waitForAnnouncement(page, /Answer: |No speech heard/, { from });
  });

  test('an image file over 200 MB is refused in the page before anything is sent, from the file dialog and from a drop', async () => {
    const big = path.join(dir, 'huge.png');
    const handle = await open(big, 'w');
    await handle.truncate(201 * 1024 * 1024); // sparse: no disk is used
    await handle.close();
    await page.keyboard.press('Alt+2');
    const from = await announcementCount(page);
    const chooser = s.nextFileChooser();
    await page.keyboard.press('Control+o');
    await (await chooser).setFiles(big);
    const message = await waitForAnnouncement(page, /huge\.png/, { from });
    assert.equal(message, 'huge.png is 201 MB; Sightline opens images up to 200 MB. Choose a smaller file.');
    assert.equal((await announcements(page)).slice(from).find((a) => a.text === message)?.region, 'announce-assertive');
    assert.equal(await page.evaluate(() => document.body.hasAttribute('data-busy')), false, 'nothing was sent');
    assert.equal(await page.evaluate(() => document.getElementById('photo-title').textContent), 'people.png', 'the open conversation stays');
    const dropFrom = await announcementCount(page);
    await page.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(201 * 1024 * 1024)], 'dropped.png', { type: 'image/png' }));
      document.getElementById('drop-zone').dispatchEvent(new window.DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    assert.equal(await waitForAnnouncement(page, /dropped\.png/, { from: dropFrom }), 'dropped.png is 201 MB; Sightline opens images up to 200 MB. Choose a smaller file.');
    assert.deepEqual(s.problems(), []);
  });
});
