// Reads each image with @gutenye/ocr-node (the same PP-OCR models), as its README shows, and prints
// { results: [{ file, text, ms }] } as JSON. Run as its own process by the OCR benchmark.
import { readFileSync } from 'node:fs';

interface OcrNodeLine { readonly text: string }
interface OcrNode { detect(path: string): Promise<OcrNodeLine[]> }

async function main(): Promise<void> {
  const files = readFileSync(process.argv[2]!, 'utf8').split('\n').filter(Boolean);
  // ocr-node is an ES module; this file compiles to CommonJS, and Node16 keeps this import() as is.
  const mod = (await import('@gutenye/ocr-node')) as unknown as { default: { create(): Promise<OcrNode> } };
  const ocr = await mod.default.create();
  const results = [];
  for (const file of files) {
    const started = performance.now();
    const lines = await ocr.detect(file);
    results.push({ file, text: lines.map((l) => l.text).join('\n'), ms: Math.round(performance.now() - started) });
  }
  process.stdout.write(`${JSON.stringify({ results })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`ocr-node runner: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
