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
      zip.on('entry', (e: yauzl.Entry) => {
        names.push(e.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names.sort()));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

void test('the vsix contains exactly the bundles, media, manifest and docs', async () => {
  assert.ok(existsSync(VSIX), `${VSIX} is missing: run \`npm run package\``);
  const names = await entries(VSIX);
  const required = [
    '[Content_Types].xml',
    'extension.vsixmanifest',
    'extension/package.json',
    'extension/package.nls.json',
    'extension/l10n/bundle.l10n.json',
    'extension/readme.md',
    'extension/changelog.md',
    'extension/LICENSE.txt',
    'extension/dist/extension.js',
    'extension/dist/analysisWorker.js',
    'extension/dist/webview.js',
    'extension/dist/cli.js',
    'extension/media/pipeline.css',
    'extension/media/icon.png',
  ];
  for (const r of required) assert.ok(names.includes(r), `missing ${r}; the vsix has: ${names.join(', ')}`);
  const unexpected = names.filter((n) => !required.includes(n) && !/^extension\/media\/[^/]+(\/[^/]+)*$/.test(n));
  assert.deepEqual(unexpected, [], 'files outside the allowlist');
  for (const bad of [
    /\.map$/,
    /(^|\/)node_modules\//,
    /(^|\/)\.cache\//,
    /^extension\/(src|test|webview|out|scripts|examples|bench)\//,
    /\.ts$/,
  ]) {
    assert.deepEqual(
      names.filter((n) => bad.test(n)),
      [],
      `nothing may match ${bad}`,
    );
  }
});

void test('the packaged manifest names its PNG icon, has every string in package.nls.json and no placeholder repository URL', async () => {
  const manifest = JSON.parse(await entryText(VSIX, 'extension/package.json')) as {
    icon?: string;
    repository?: unknown;
    displayName?: string;
  };
  assert.equal(manifest.icon, 'media/icon.png');
  assert.equal(manifest.repository, undefined);
  assert.equal(manifest.displayName, '%displayName%');
  const nls = JSON.parse(await entryText(VSIX, 'extension/package.nls.json')) as Record<string, string>;
  assert.equal(nls.displayName, 'GitLab Artifact Flow');
  const vsixManifest = await entryText(VSIX, 'extension.vsixmanifest');
  assert.doesNotMatch(vsixManifest, /example\.invalid/);
  assert.match(vsixManifest, /extension\/media\/icon\.png/);
});

function entryText(file: string, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      zip.on('entry', (e: yauzl.Entry) => {
        if (e.fileName !== name) return zip.readEntry();
        zip.openReadStream(e, (err2, stream) => {
          if (err2) return reject(err2);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            zip.close();
            resolve(Buffer.concat(chunks).toString('utf8'));
          });
          stream.on('error', reject);
        });
      });
      zip.on('end', () => reject(new Error(`${name} is not in ${file}`)));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}
