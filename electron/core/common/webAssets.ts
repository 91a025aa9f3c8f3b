/**
 * Shared by the two places that serve the renderer's files — Electron's `sightline://app` protocol and the
 * browser harness — so both refuse the same paths and send the same content types.
 */

/** The only file types the renderer ships; anything else is not served. */
export const MIME_TYPES: Readonly<Record<string, string>> = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
});

/**
 * The relative file path a URL path names ('/' → index.html), or null when it is malformed or tries to leave its
 * root: bad percent-encoding, NUL, backslashes, `..` or hidden (dot) segments.
 */
export function relativeAssetPath(urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded.replace(/^\/+/, '') || 'index.html';
  if (relative.split('/').some((part) => part === '' || part === '..' || part.startsWith('.'))) return null;
  return relative;
}
