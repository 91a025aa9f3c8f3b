/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Page } from 'playwright-core';

// Browser globals, used only inside page.evaluate callbacks.
declare const document: any;
declare const getComputedStyle: any;

export interface FocusStop {
  /** The first line of Playwright's ARIA snapshot: role and accessible name, e.g. `- button "Help (F1)"`. */
  readonly aria: string;
  readonly id: string;
  /** Outline width in CSS px (0 when none). */
  readonly outlineWidth: number;
  /** Contrast between the focus ring and what surrounds it. */
  readonly ringContrast: number;
  readonly inDialog: boolean;
}

/** Describes the focused element: its role and name, and whether its focus ring is visible enough. */
export async function focusedStop(page: Page): Promise<FocusStop | null> {
  const facts = await page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const parse = (c: string): number[] | null => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m) return null;
      const parts = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      if (parts.length === 4 && parts[3] === 0) return null; // transparent
      return parts.slice(0, 3);
    };
    const luminance = (rgb: number[]) => {
      const [r, g, b] = rgb.map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    // The ring is drawn just outside the element, so it sits on the nearest ancestor's background.
    let bg: number[] | null = null;
    for (let node = el.parentElement; node && !bg; node = node.parentElement) bg = parse(getComputedStyle(node).backgroundColor);
    bg = bg ?? [255, 255, 255];
    // Marked so Playwright can take its ARIA snapshot (':focus' matches only while the window has focus).
    for (const old of document.querySelectorAll('[data-focus-probe]')) old.removeAttribute('data-focus-probe');
    el.setAttribute('data-focus-probe', '');
    const style = getComputedStyle(el);
    const ring = style.outlineStyle !== 'none' ? parse(style.outlineColor) : null;
    const l1 = ring ? luminance(ring) : luminance(bg);
    const l2 = luminance(bg);
    return {
      id: el.id || el.tagName.toLowerCase(),
      outlineWidth: style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth),
      ringContrast: (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05),
      inDialog: Boolean(el.closest('dialog')),
    };
  });
  if (!facts) return null;
  const probe = page.locator('[data-focus-probe]');
  const snapshot = await probe.ariaSnapshot({ timeout: 5000 });
  await probe.evaluate((el: any) => el.removeAttribute('data-focus-probe'));
  return { aria: snapshot.split('\n')[0] ?? '', ...facts };
}

/** Presses Tab until the focused element's role-and-name line matches; keyboard only. */
export async function tabTo(page: Page, pattern: RegExp, options: { max?: number; shift?: boolean } = {}): Promise<FocusStop> {
  const seen: string[] = [];
  for (let i = 0; i < (options.max ?? 80); i++) {
    await page.keyboard.press(options.shift ? 'Shift+Tab' : 'Tab');
    const stop = await focusedStop(page);
    if (stop && pattern.test(stop.aria)) return stop;
    seen.push(stop?.aria ?? '(body)');
  }
  throw new Error(`no Tab stop matched ${pattern}; saw: ${[...new Set(seen)].join(' | ')}`);
}
