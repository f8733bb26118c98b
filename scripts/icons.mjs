// Draws the app's PNG icons from public/icons/favicon.svg in Chromium:
// 192 and 512 px «any», a 512 px «maskable» one (the picture inside the safe
// circle, the background to the edges) and the 180 px apple-touch-icon.
// Run once after changing the picture: node scripts/icons.mjs
import { chromium } from 'playwright-core';
import fs from 'node:fs';

const dir = new URL('../public/icons/', import.meta.url);
const svg = fs.readFileSync(new URL('favicon.svg', dir), 'utf8');
const inner = svg.replace(/^<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '').replace(/<rect[^>]*\/>/, '');
const BG = '#1f5f8b';
// Full bleed, the picture scaled to `scale` of the side around the centre.
const bleed = (scale) => {
  const off = (64 - 64 * scale) / 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="${BG}"/><g transform="translate(${off} ${off}) scale(${scale})">${inner}</g></svg>`;
};
const icons = [
  ['icon-192.png', 192, svg],
  ['icon-512.png', 512, svg],
  ['icon-maskable-512.png', 512, bleed(0.9)],
  ['apple-touch-icon.png', 180, bleed(0.95)],
];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
for (const [name, size, picture] of icons) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${picture.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`);
  await page.screenshot({ path: new URL(name, dir).pathname, omitBackground: true });
  await page.close();
}
await browser.close();
console.log('icons written to public/icons/');
