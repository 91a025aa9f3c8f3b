import type { DecodedImage } from '../../image/intake';
import type { TextItem } from '../lineAssembly';
import type { Box } from '../types';
import { chooseReading, needsSecondReading, scriptGroups } from './routing';
import { readLineWithTesseract } from './tesseractLines';
import { createLogger } from '../../common/logger';

const log = createLogger('ocr');

/**
 * The hook between recognition and reading order: for each line PP-OCR read (`items[i]` for `boxes[i]`, null where
 * it read nothing usable), the chosen languages' recognizers give their reading where routing.ts says so, and the
 * reading routing.ts prefers is kept. Without a language PP-OCR cannot read, the items come back untouched.
 */
export async function readInLanguages(
  image: DecodedImage, boxes: readonly Box[], items: readonly (TextItem | null)[], languages: readonly string[], signal?: AbortSignal,
): Promise<(TextItem | null)[]> {
  const groups = scriptGroups(languages);
  if (groups.length === 0) return [...items];
  const out: (TextItem | null)[] = [];
  for (let i = 0; i < boxes.length; i++) {
    const first = items[i] ?? null;
    if (!needsSecondReading(first)) {
      out.push(first);
      continue;
    }
    const readings: (TextItem | null)[] = [];
    for (const group of groups) {
      signal?.throwIfAborted();
      readings.push(await readLineWithTesseract(image, boxes[i]!, group.tesseract));
    }
    const chosen = chooseReading(first, readings);
    log.debug(`line ${i} [${boxes[i]!.map(Math.round).join(",")}]: pp-ocr ${first ? `${first.confidence.toFixed(3)} "${first.text}"` : '-'} | ${readings.map((r, g) => `${groups[g]!.tesseract.join('+')} ${r ? `${r.confidence.toFixed(3)} "${r.text}"` : '-'}`).join(' | ')} => ${chosen === first ? 'pp-ocr' : 'tesseract'}`);
    out.push(chosen);
  }
  return out;
}
