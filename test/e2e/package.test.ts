// The packaged extension (dist-vsix/gitlab-artifact-flow.vsix, made by `npm run package` just before this tier)
// holds exactly what the installed extension needs: no sources, maps, node_modules or caches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as yauzl from 'yauzl';
import { VSIX } from '../support/paths';

function entries(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const names: string[] = [];
      zip.on('entry', (e: yauzl.Entry) => { names.push(e.fileName); zip.readEntry(); });
      zip.on('end', () => resolve(names.sort()));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

test('the vsix contains exactly the bundles, media, manifest and docs', async () => {
  assert.ok(existsSync(VSIX), `${VSIX} is missing: run \`npm run package\``);
  const names = await entries(VSIX);
  const required = [
    '[Content_Types].xml', 'extension.vsixmanifest',
    'extension/package.json', 'extension/readme.md', 'extension/changelog.md', 'extension/LICENSE.txt',
    'extension/dist/extension.js', 'extension/dist/analysisWorker.js', 'extension/dist/webview.js', 'extension/dist/cli.js', 'extension/media/pipeline.css',
  ];
  for (const r of required) assert.ok(names.includes(r), `missing ${r}; the vsix has: ${names.join(', ')}`);
  const unexpected = names.filter((n) => !required.includes(n) && !/^extension\/media\/[^/]+(\/[^/]+)*$/.test(n));
  assert.deepEqual(unexpected, [], 'files outside the allowlist');
  for (const bad of [/\.map$/, /(^|\/)node_modules\//, /(^|\/)\.cache\//, /^extension\/(src|test|webview|out|scripts|examples|bench)\//, /\.ts$/]) {
    assert.deepEqual(names.filter((n) => bad.test(n)), [], `nothing may match ${bad}`);
  }
});
