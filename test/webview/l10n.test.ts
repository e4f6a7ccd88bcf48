// The graph webview in another language: the page is opened with a pseudo-translation of the real bundle
// (l10n/bundle.l10n.json, every message wrapped in ⟦ ⟧, placeholders kept), the way the host passes
// `vscode.l10n.bundle` for a translated editor. The toolbar, the legend, a hover card, the text view, the aria labels
// and the column headers come out translated; the page's own data (job names, paths) passes through untouched.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ToWebview } from '../../src/protocol';
import { ROOT } from '../support/paths';
import { WebviewHarness } from '../support/webviewHarness';
import type { WebviewPage } from '../support/webviewHarness';
import { sampleModel } from '../fixtures/models/builders';

const english = JSON.parse(readFileSync(join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string>;

/** Every message wrapped in ⟦ ⟧: a translation that keeps each {n} and shows where each message starts and ends. */
const pseudo: Record<string, string> = Object.fromEntries(Object.keys(english).map((k) => [k, `⟦${k}⟧`]));

let h: WebviewHarness;
before(async () => {
  h = await WebviewHarness.start();
});
after(async () => {
  await h.stop();
});

const modelMessage: ToWebview = {
  type: 'didChangeModel',
  model: sampleModel(),
  banner: { severity: 'warning', message: 'jobs:build config contains unknown keys: foo', stale: true },
  rootLabel: '.gitlab-ci.yml',
  rootUri: 'file:///project/.gitlab-ci.yml',
};

async function openTranslated(
  bundle: Record<string, string> = pseudo,
  viewport = { width: 1000, height: 700 },
): Promise<WebviewPage> {
  const v = await h.open({ l10n: bundle, viewport });
  await v.waitForMessage('ready');
  await v.send(modelMessage);
  await v.page.locator('svg.graph g.node').first().waitFor();
  return v;
}

/** What is left of a text once every ⟦…⟧ (nested too) is taken out: English words here were never translated. */
function untranslated(text: string): string {
  let rest = text;
  for (let i = 0; i < 20 && /⟦[^⟦⟧]*⟧/.test(rest); i++) rest = rest.replace(/⟦[^⟦⟧]*⟧/g, ' ');
  return rest;
}

/** Every text node and every title / aria-label / placeholder under `selector`, one string each. */
function texts(v: WebviewPage, selector: string): Promise<string[]> {
  return v.page.locator(selector).evaluateAll((roots: unknown[]) => {
    type N = {
      nodeType: number;
      nodeValue: string | null;
      childNodes: ArrayLike<N>;
      getAttribute?: (a: string) => string | null;
    };
    const out: string[] = [];
    const visit = (n: N): void => {
      if (n.nodeType === 3) {
        if (n.nodeValue?.trim()) out.push(n.nodeValue.trim());
        return;
      }
      for (const a of ['title', 'aria-label', 'placeholder']) {
        const value = n.getAttribute?.(a);
        if (value) out.push(value);
      }
      for (const c of Array.from(n.childNodes)) visit(c);
    };
    for (const r of roots as N[]) visit(r);
    return out;
  });
}

void test('the toolbar, the notes and the legend are translated: no English word outside ⟦ ⟧', async () => {
  const v = await openTranslated();
  assert.equal(await v.page.locator('#fit').textContent(), '⟦Fit⟧');
  assert.equal(await v.page.locator('#fit').getAttribute('title'), '⟦Fit the whole graph in view⟧');
  assert.equal(await v.page.locator('#search').getAttribute('placeholder'), '⟦Find job⟧');
  assert.equal(await v.page.locator('.toolbar').getAttribute('aria-label'), '⟦Pipeline graph tools⟧');
  assert.deepEqual(await v.page.locator('#layout option').allTextContents(), ['⟦Stages⟧', '⟦By needs⟧']);
  assert.equal(await v.page.locator('#app').getAttribute('aria-label'), '⟦Pipeline artifact-flow graph⟧');
  const all = await texts(v, '.toolbar, #banner, #focus-bar, #excluded-note, .legend, svg.graph');
  assert.ok(all.length > 40, `only ${all.length} texts read`);
  // Job names, stage names and paths are the user's own; the toolbar, banner and legend have none, so every word
  // there must be translated. The banner's message is the engine's (GitLab's wording), so it is left out here.
  const chrome = await texts(v, '.toolbar, #focus-bar, #excluded-note, .legend');
  assert.deepEqual(
    chrome.filter((t) => /[A-Za-z]{2,}/.test(untranslated(t))),
    [],
  );
  const banner = await v.page.locator('#banner').innerText();
  assert.match(banner, /^⟦Warning:⟧ jobs:build config contains unknown keys: foo/);
  assert.match(banner, /⟦Showing the last graph that could be computed\.⟧/);
  // The summary is one message with the context (itself translated) in its first placeholder.
  assert.match(
    (await v.page.locator('#summary').textContent()) ?? '',
    /^⟦⟦branch main \(default\)⟧ · \d+ of \d+ jobs · \d+ flows⟧$/,
  );
  assert.deepEqual(v.errors, []);
  assert.deepEqual(
    v.posted.filter((m) => m.type === 'log'),
    [],
  );
  await v.close();
});

void test("a job's hover card, its aria label and the column headers are translated; names and paths are not", async () => {
  const v = await openTranslated();
  const pkg = v.page.locator('svg.graph g.node[data-job="package"]');
  const label = (await pkg.getAttribute('aria-label')) ?? '';
  assert.match(label, /^⟦Job package⟧, ⟦stage \w+⟧/);
  assert.match(label, /⟦\d+ artifact sources⟧, ⟦\d+ consumers⟧/);
  await pkg.hover();
  const card = v.page.locator('#card');
  await card.waitFor({ state: 'visible' });
  assert.equal(await card.locator('h2').textContent(), 'package');
  const sections = await card.locator('h3').allTextContents();
  assert.ok(sections.length >= 3, `sections: ${JSON.stringify(sections)}`);
  for (const s of sections) assert.match(s, /^⟦.*⟧$/, 'a section title is one translated message');
  const text = await card.innerText();
  for (const expected of [
    '⟦Receives from 5 sources⟧',
    '⟦files: bin/, dist/app.js⟧',
    '⟦Does not receive⟧',
    '⟦paths: release.tar.gz⟧',
    '⟦Used by 1: deploy⟧',
  ]) {
    assert.ok(text.includes(expected), `card misses ${expected}:\n${text}`);
  }
  assert.deepEqual(
    await v.page.locator('svg.graph g.column text').allTextContents(),
    ['⟦External⟧', '▾ build', '▾ test', '▾ deploy', '▾ .post'],
    'stage names are the user’s own; the external column is translated',
  );
  await v.page.locator('#layout').selectOption('needs');
  await v.page.locator('svg.graph g.column text', { hasText: '⟦No needs⟧' }).waitFor();
  assert.deepEqual(v.errors, []);
  await v.close();
});

void test('the text view is translated: heading, rows and its label', async () => {
  // Wide enough for the longer words to keep Text in the toolbar (narrower, it moves into the ⋯ menu).
  const v = await openTranslated(pseudo, { width: 2000, height: 700 });
  await v.page.locator('#text-toggle').click();
  const view = v.page.locator('#text-view');
  await view.waitFor({ state: 'visible' });
  assert.equal(await view.getAttribute('aria-label'), '⟦Jobs and their artifact sources⟧');
  assert.match((await view.locator('h2').textContent()) ?? '', /^⟦Jobs \(\d+\)⟧$/);
  const rows = await view.locator('ul.job-list > li').allInnerTexts();
  assert.ok(rows.length > 5);
  for (const row of rows) assert.match(row, /⟦ — stage [^⟧]+⟧/, `row not translated: ${row}`);
  assert.ok(
    rows.some((r) => r.includes('⟦in pipeline⟧')),
    'a status is translated',
  );
  assert.ok(
    rows.some((r) => /⟦excluded: /.test(r)),
    'an excluded job says so in translation',
  );
  assert.deepEqual(v.errors, []);
  await v.close();
});

void test('a translation is text, never markup: quotes, <, & in the bundle arrive as written', async () => {
  const nasty = '⟦"><img src=x onerror=alert(1)> & &amp; \'⟧';
  const v = await openTranslated({ ...pseudo, Fit: nasty });
  assert.equal(await v.page.locator('#fit').textContent(), nasty);
  assert.equal(await v.page.locator('img').count(), 0);
  assert.deepEqual(v.errors, []);
  await v.close();
});

void test('without a bundle the page is English, as before', async () => {
  const v = await h.open();
  await v.waitForMessage('ready');
  await v.send(modelMessage);
  await v.page.locator('svg.graph g.node').first().waitFor();
  assert.equal(await v.page.locator('#fit').textContent(), 'Fit');
  assert.equal(await v.page.locator('#app').getAttribute('aria-label'), 'Pipeline artifact-flow graph');
  assert.equal(await v.page.locator('#app').getAttribute('data-l10n'), null);
  assert.deepEqual(v.errors, []);
  await v.close();
});
