// `npm run icon`: renders media/icon.png (128×128, what the marketplace and the Extensions view show) from
// media/icon.svg, the panel's tab icon. The SVG is drawn in white on a rounded square of the gallery banner's colour
// (package.json `galleryBanner.color`), so the two stay one design; the PNG is committed, so packaging needs no
// browser. Headless Debian Chromium through playwright-core, as the test set-up installs it (/usr/bin/chromium).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from './setup.mjs';

const SIZE = 128;
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  console.error(
    `${CHROMIUM} is missing: run \`node scripts/setup.mjs browser\` (or set CHROMIUM to a Chromium binary)`,
  );
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const background = manifest.galleryBanner?.color ?? '#2b1f4d';
// The glyph is a stroke drawing on a 16×16 grid: recolour its stroke, keep its geometry.
const glyph = readFileSync(join(ROOT, 'media', 'icon.svg'), 'utf8').replace(
  /stroke="#[0-9a-fA-F]{3,6}"/g,
  'stroke="#ffffff"',
);
const html = `<!doctype html><html><body style="margin:0;background:transparent">
<div id="icon" style="width:${SIZE}px;height:${SIZE}px;border-radius:22px;background:${background};display:flex;align-items:center;justify-content:center">
<div style="width:96px;height:96px">${glyph.replace('<svg ', '<svg style="width:100%;height:100%" ')}</div>
</div></body></html>`;

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
  await page.setContent(html);
  const png = await page.locator('#icon').screenshot({ omitBackground: true });
  const out = join(ROOT, 'media', 'icon.png');
  writeFileSync(out, png);
  console.log(`wrote ${out} (${png.length} bytes, ${SIZE}×${SIZE})`);
} finally {
  await browser.close();
}
