// Renders build/icon.svg into the PNG sizes electron-builder and the Linux desktop file want.
// Run by hand after changing the SVG (`node build/make-icons.mjs`); the small PNGs are committed.
import sharp from 'sharp';
import { mkdirSync } from 'node:fs';

const here = new URL('.', import.meta.url).pathname;
const svg = `${here}icon.svg`;
mkdirSync(`${here}icons`, { recursive: true });
for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) {
  await sharp(svg, { density: 300 }).resize(size, size).png({ compressionLevel: 9 }).toFile(`${here}icons/${size}x${size}.png`);
}
await sharp(svg, { density: 300 }).resize(512, 512).png({ compressionLevel: 9 }).toFile(`${here}icon.png`);
console.log('icons written to build/icons and build/icon.png');
