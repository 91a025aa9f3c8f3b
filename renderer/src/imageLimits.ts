import { INPUT_LIMITS } from '../../electron/common/ipc.js';

const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

/**
 * Why an image file cannot be opened, checked in the page before a byte is read or sent (the core checks again);
 * null when it may be opened. A 3 GB drop must not be read into memory only to be refused at the other end.
 */
export function imageFileProblem(name: string, size: number): string | null {
  if (size === 0) return `${name} is empty (0 bytes). Choose an image file.`;
  if (size > INPUT_LIMITS.maxImageBytes) {
    return `${name} is ${megabytes(size)}; Sightline opens images up to ${megabytes(INPUT_LIMITS.maxImageBytes)}. Choose a smaller file.`;
  }
  return null;
}
