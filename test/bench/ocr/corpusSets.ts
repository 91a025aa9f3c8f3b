import path from 'node:path';
import { renderDesktopCorpus } from './desktopCorpus';
import { DESKTOP_SETS, isDesktopSet } from './desktopScenarios';
import { renderDocCorpus } from './docCorpus';
import type { BenchScreen } from './scoring';

/**
 * The screens of one rendered set, cached under benchDir: the HTML documentation sets (tuning, held-out, in
 * benchDir/doc-screens) or the desktop programs' (desktop-tuning, desktop-held-out, in benchDir/desktop-screens).
 * `others` names the sets a caller handles itself, for the message when `name` is none of these.
 */
export function loadCorpusSet(name: string, benchDir: string, log?: (s: string) => void, others: readonly string[] = []): Promise<BenchScreen[]> {
  if (isDesktopSet(name)) return renderDesktopCorpus(path.join(benchDir, 'desktop-screens'), name, log);
  if (name !== 'tuning' && name !== 'held-out') throw new Error(`unknown set "${name}" (${[...others, 'tuning', 'held-out', ...DESKTOP_SETS].join(', ')})`);
  return renderDocCorpus(path.join(benchDir, 'doc-screens'), name, log);
}
