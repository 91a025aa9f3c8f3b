import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const repoModels = path.join(repoRoot, 'models');

/** A models root in `dir` with the repository's manifest and, optionally, a copy of the fixture pack. */
export async function modelsRootCopy(dir: string, options: { withFixture?: boolean } = {}): Promise<string> {
  await writeFile(path.join(dir, 'manifest.json'), await readFile(path.join(repoModels, 'manifest.json')));
  if (options.withFixture) await cp(path.join(repoModels, 'fixture'), path.join(dir, 'fixture'), { recursive: true });
  return dir;
}
