import type { DownloadProgress } from './download';

const UNITS = ['B', 'kB', 'MB', 'GB'];

export function formatBytes(n: number): string {
  let i = 0;
  let v = n;
  while (v >= 1000 && i < UNITS.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${UNITS[i]}`;
}

function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** One line of a progress bar for stderr: "[#####.....]  45% 12.0 MB/26.6 MB 3.1 MB/s ETA 0:05 name". */
export function formatProgress(p: DownloadProgress, width = 24): string {
  const fraction = p.totalBytes > 0 ? Math.min(1, p.receivedBytes / p.totalBytes) : 0;
  const filled = Math.round(fraction * width);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  return `${bar} ${String(Math.round(fraction * 100)).padStart(3)}% ${formatBytes(p.receivedBytes)}/${formatBytes(p.totalBytes)} ${formatBytes(p.bytesPerSecond)}/s ETA ${formatEta(p.etaSeconds)} ${p.file}`;
}
