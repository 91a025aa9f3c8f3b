import sharp from 'sharp';

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Black text lines on white, rendered by librsvg (through sharp), DejaVu Sans unless told: a quick, real text image. */
export async function renderTextPng(lines: readonly string[], options: { width?: number; fontSize?: number; fontFamily?: string } = {}): Promise<Buffer> {
  const fontSize = options.fontSize ?? 28;
  const width = options.width ?? 900;
  const lineHeight = Math.round(fontSize * 1.8);
  const height = lineHeight * (lines.length + 1);
  const text = lines
    .map((line, i) => `<text x="30" y="${lineHeight * (i + 1)}" font-family="${options.fontFamily ?? 'DejaVu Sans'}" font-size="${fontSize}" fill="#000">${escapeXml(line)}</text>`)
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>${text}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
