import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type FileChooser, type Page } from 'playwright-core';

/* eslint-disable @typescript-eslint/no-explicit-any */
// Browser globals, used only inside page.evaluate and init-script callbacks, which run in the page. Declared
// here, per module, so the Node program does not take on the DOM library.
declare const window: any;
declare const document: any;
declare const MutationObserver: any;

export const CHROMIUM = '/usr/bin/chromium';
export const chromiumMissing = existsSync(CHROMIUM) ? false : `Debian's Chromium is not installed at ${CHROMIUM}`;

const BASE_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]);

export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...BASE_ARGS, ...extraArgs] });
}

/**
 * Fails the test on anything the page reports as broken: uncaught exceptions, CSP violations (which
 * would mean inline script or style crept in), and failed module loads.
 */
export function watchPageErrors(page: Page): () => string[] {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    const text = msg.text();
    if (msg.type() === 'error' && !/Failed to load resource: the server responded with a status of 403/.test(text)) problems.push(`console error: ${text}`);
    if (/Content Security Policy/i.test(text)) problems.push(`CSP: ${text}`);
  });
  return () => problems;
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = Object.freeze(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']);

export interface AxeViolation {
  readonly id: string;
  readonly help: string;
  readonly nodes: readonly string[];
}

/**
 * Runs axe-core's WCAG 2.0–2.2 A/AA rules on the page as it is now. axe is injected through the DevTools
 * protocol (page.evaluate), which the page's strict CSP does not govern; the page itself stays untouched.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => JSON.stringify(n.target)) }));
  }, [...WCAG_TAGS]);
}

export function formatViolations(state: string, violations: readonly AxeViolation[]): string {
  return `${state}: ${violations.map((v) => `${v.id} (${v.help}) at ${v.nodes.join(', ')}`).join('; ')}`;
}

/**
 * Records everything written to the two live regions, in order, from the first moment of the page (an
 * init script, run through the DevTools protocol, so the page's CSP is untouched). This is the sequence
 * of messages a screen reader was handed.
 */
export async function recordAnnouncements(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const log: { region: string; text: string }[] = [];
    (window as unknown as { __announcements: typeof log }).__announcements = log;
    const watch = () => {
      for (const id of ['announce-polite', 'announce-assertive']) {
        const region = document.getElementById(id);
        if (!region) continue;
        new MutationObserver(() => {
          const text = region.textContent ?? '';
          if (text) log.push({ region: id, text });
        }).observe(region, { childList: true, characterData: true, subtree: true });
      }
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', watch);
    else watch();
  });
}

export async function announcements(page: Page): Promise<{ region: string; text: string }[]> {
  return page.evaluate(() => (window as unknown as { __announcements?: { region: string; text: string }[] }).__announcements ?? []);
}

/** Waits until some announcement since `from` matches the pattern; returns its text. */
export async function waitForAnnouncement(page: Page, pattern: RegExp, options: { timeoutMs?: number; from?: number } = {}): Promise<string> {
  try {
    const handle = await page.waitForFunction(
      ([source, flags, from]) => {
        const re = new RegExp(source, flags);
        const log = (window as unknown as { __announcements?: { text: string }[] }).__announcements ?? [];
        return log.slice(from).find((a) => re.test(a.text))?.text ?? false;
      },
      [pattern.source, pattern.flags, options.from ?? 0] as const,
      { timeout: options.timeoutMs ?? 60_000, polling: 100 },
    );
    return (await handle.jsonValue()) as string;
  } catch (err) {
    // Say what was announced instead: that is what a screen-reader user would have heard.
    const heard = (await announcements(page).catch(() => [])).slice(options.from ?? 0).map((a) => a.text);
    throw new Error(`no announcement matched ${pattern} (${(err as Error).message.split('\n')[0]}); announced: ${JSON.stringify(heard)}`);
  }
}

export async function announcementCount(page: Page): Promise<number> {
  return (await announcements(page)).length;
}

/**
 * Keeps Playwright's file-chooser interception switched on for the page's whole life. Enabling it only when
 * a test starts waiting races the key press that opens the picker (the interception is switched on
 * asynchronously), and a picker opened before that is lost.
 */
export function interceptFileChoosers(page: Page): () => Promise<FileChooser> {
  const waiting: ((chooser: FileChooser) => void)[] = [];
  const ready: FileChooser[] = [];
  page.on('filechooser', (chooser) => {
    const resolve = waiting.shift();
    if (resolve) resolve(chooser);
    else ready.push(chooser);
  });
  return () => {
    const chooser = ready.shift();
    if (chooser) return Promise.resolve(chooser);
    return new Promise((resolve, reject) => {
      waiting.push(resolve);
      setTimeout(() => reject(new Error('no file chooser opened within 30 s')), 30_000).unref();
    });
  };
}
