// How the translations reach the webview: the page carries the bundle as escaped JSON in #app's data-l10n attribute
// (src/webviewPage.ts) and webview/l10n.ts loads it before the first render, or says why it could not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as l10n from '@vscode/l10n';
import { webviewDocument } from '../../../src/webviewPage';
import { configureL10n } from '../../../webview/l10n';

const parts = { cspSource: 'https://x', nonce: 'n0nce', styleHref: 'https://x/s.css', scriptSrc: 'https://x/w.js' };

/** The attribute as the browser reads it back (the five entities the page writes). */
function unescape(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** A stand-in for #app: configureL10n reads only its dataset. */
function app(l10nAttribute: string | undefined): { dataset: Record<string, string> } {
  return { dataset: l10nAttribute === undefined ? {} : { l10n: l10nAttribute } };
}

void test('English: no data-l10n attribute, lang="en"; a bundle travels escaped and round-trips exactly', () => {
  const plain = webviewDocument(parts);
  assert.doesNotMatch(plain, /data-l10n/);
  assert.match(plain, /<html lang="en">/);
  const bundle = { Fit: 'Einpassen "<script>alert(1)</script>" & \'mehr\'', 'Stage {0}': 'Phase {0}' };
  const page = webviewDocument({ ...parts, l10nBundle: bundle, lang: 'de"><x' });
  assert.match(page, /<html lang="de&quot;&gt;&lt;x">/);
  const attr = /<div id="app"[^>]* data-l10n="([^"]*)"><\/div>/.exec(page)?.[1];
  assert.ok(attr !== undefined, 'the attribute is on #app, inside one pair of quotes');
  assert.doesNotMatch(attr, /[<>"']/);
  assert.deepEqual(JSON.parse(unescape(attr)), bundle);
  // The page still runs no script but the nonce'd bundle: the translations are data.
  assert.equal(page.match(/<script/g)?.length, 1);
});

void test('configureL10n: nothing to load is English; a broken bundle is reported, never thrown, and stays English', () => {
  assert.equal(configureL10n(app(undefined)), undefined);
  assert.equal(configureL10n(app('')), undefined);
  assert.match(configureL10n(app('{not json')) ?? '', /not JSON.*showing English/);
  assert.match(configureL10n(app('["a"]')) ?? '', /not an object/);
  assert.equal(l10n.t('Stage {0}', 'build'), 'Stage build');
});

void test('configureL10n loads a bundle: messages translate with their placeholders; entries of the wrong shape are skipped', () => {
  const bundle = {
    'Stage {0}': 'Phase {0}',
    'Jobs ({0})': { message: 'Jobs: {0}', comment: ['a heading'] },
    Fit: 42,
  };
  assert.equal(configureL10n(app(JSON.stringify(bundle))), undefined);
  assert.equal(l10n.t('Stage {0}', 'build'), 'Phase build');
  assert.equal(l10n.t('Jobs ({0})', 3), 'Jobs: 3');
  assert.equal(l10n.t('Fit'), 'Fit', 'a number is no translation: the English text stays');
  assert.equal(l10n.t('Not in the bundle {0}', 1), 'Not in the bundle 1');
});
