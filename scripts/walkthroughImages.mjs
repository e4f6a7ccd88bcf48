// `npm run walkthrough-images`: the walkthrough's step images (media/walkthrough/*.jpg) are the e2e tier's own
// screenshots (test-output/e2e/*.png, written by `node scripts/test.mjs e2e`), scaled to 900 px wide JPEGs so the
// .vsix stays small. Run it after an e2e run that changed what the graph looks like; commit the JPEGs.
// Headless Debian Chromium through playwright-core (/usr/bin/chromium), as in scripts/renderIcon.mjs.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from './setup.mjs';

/** Walkthrough image ← e2e screenshot it is made from. */
export const WALKTHROUGH_IMAGES = {
  'open-ci-file': 'graph-5-edited.png',
  'open-graph': 'graph-1-open.png',
  'hover-job': 'graph-2-hover.png',
  'pipeline-type': 'graph-context-3-merge-request.png',
  connect: 'gitlab-3-statuses.png',
  download: 'gitlab-2-downloaded.png',
};
const WIDTH = 900;
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const missing = Object.values(WALKTHROUGH_IMAGES).filter((f) => !existsSync(join(ROOT, 'test-output', 'e2e', f)));
if (missing.length > 0) {
  console.error(
    `missing e2e screenshots (run \`flock /tmp/e2e.lock node scripts/test.mjs e2e\` first): ${missing.join(', ')}`,
  );
  process.exit(1);
}
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ viewport: { width: WIDTH, height: 600 }, deviceScaleFactor: 1 });
  for (const [name, source] of Object.entries(WALKTHROUGH_IMAGES)) {
    const data = readFileSync(join(ROOT, 'test-output', 'e2e', source)).toString('base64');
    await page.setContent(
      `<body style="margin:0"><img id="i" style="display:block;width:${WIDTH}px" src="data:image/png;base64,${data}"></body>`,
    );
    await page.locator('#i').evaluate((img) =>
      img.complete
        ? undefined
        : new Promise((r) => {
            img.onload = r;
          }),
    );
    const jpg = await page.locator('#i').screenshot({ type: 'jpeg', quality: 80 });
    writeFileSync(join(ROOT, 'media', 'walkthrough', `${name}.jpg`), jpg);
    console.log(`media/walkthrough/${name}.jpg ← test-output/e2e/${source} (${jpg.length} bytes)`);
  }
} finally {
  await browser.close();
}
