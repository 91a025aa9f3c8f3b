import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { ManifestFile } from './manifest';

/** How a file is checked: the LFS sha256 for large files, the git blob sha1 for small ones (what the hub itself shows). */
export type HashKind = 'sha256' | 'gitSha1';

export function expectedHash(file: ManifestFile): { kind: HashKind; value: string } | null {
  if (file.sha256) return { kind: 'sha256', value: file.sha256.toLowerCase() };
  if (file.gitSha1) return { kind: 'gitSha1', value: file.gitSha1.toLowerCase() };
  return null;
}

/** A hash that can be fed as bytes arrive (downloads hash while writing, so nothing is read twice). */
export function startHash(kind: HashKind, size: number): Hash {
  if (kind === 'sha256') return createHash('sha256');
  // git hashes "blob <size>\0" + content
  return createHash('sha1').update(`blob ${size}\0`);
}

export async function hashFile(filePath: string, kind: HashKind, size: number): Promise<string> {
  const hash = startHash(kind, size);
  for await (const chunk of createReadStream(filePath, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
