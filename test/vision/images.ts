import sharp from 'sharp';

/** Solid colours the fixture models know, as sRGB hex. */
export const COLOURS = Object.freeze({ red: '#dc1e1e', green: '#1eb43c', blue: '#1e3cdc', white: '#ffffff', black: '#000000' });

export function solidPng(colour: string, width = 640, height = 480): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } }).png().toBuffer();
}

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A desktop-like screenshot rendered by librsvg: a window title bar, a large heading and body text, at a
 * screen's size. Real pixels with real glyphs, read by the real OCR models.
 */
export function screenshotPng(title: string, heading: string, body: readonly string[], width = 1280, height = 720): Promise<Buffer> {
  const lines = body.map((l, i) => `<text x="60" y="${230 + i * 54}" font-family="DejaVu Sans" font-size="30" fill="#111">${escapeXml(l)}</text>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="#fff"/>
    <rect width="100%" height="48" fill="#e8e8e8"/>
    <text x="20" y="33" font-family="DejaVu Sans" font-size="22" fill="#222">${escapeXml(title)}</text>
    <text x="60" y="140" font-family="DejaVu Sans" font-size="56" font-weight="bold" fill="#000">${escapeXml(heading)}</text>
    ${lines}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
