// The walkthrough's "Hover a job" step is ticked by the real action: the webview tells the host once, the first time a
// job's hover card is shown; an arrow's card is not a job's and tells nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { WebviewHarness } from '../support/webviewHarness';
import type { WebviewPage } from '../support/webviewHarness';
import { sampleModel } from '../fixtures/models/builders';

let h: WebviewHarness;
before(async () => {
  h = await WebviewHarness.start();
});
after(async () => {
  await h.stop();
});

async function opened(): Promise<WebviewPage> {
  const v = await h.open();
  await v.waitForMessage('ready');
  await v.send({
    type: 'didChangeModel',
    model: sampleModel(),
    banner: null,
    rootLabel: '.gitlab-ci.yml',
    rootUri: 'file:///project/.gitlab-ci.yml',
  });
  await v.page.locator('svg.graph g.node').first().waitFor();
  return v;
}

const hovered = (v: WebviewPage): number => v.posted.filter((m) => m.type === 'jobHovered').length;

void test("an arrow's card posts nothing; the first job card posts jobHovered once, later ones nothing", async () => {
  const v = await opened();
  const card = v.page.locator('#card');
  await v.page.locator('g.edge[data-edge="job:version->group:e2e"] path.edge-hit').hover({ force: true });
  await card.waitFor({ state: 'visible' });
  await v.page.mouse.move(1, 1);
  await card.waitFor({ state: 'hidden' });
  assert.equal(hovered(v), 0, 'an arrow is not a job');
  await v.page.locator('svg.graph g.node[data-job="package"]').hover();
  await card.waitFor({ state: 'visible' });
  await v.waitForMessage('jobHovered');
  await v.page.mouse.move(1, 1);
  await card.waitFor({ state: 'hidden' });
  const version = v.page.locator('svg.graph g.node[data-job="version"]');
  await version.hover();
  await card.waitFor({ state: 'visible' });
  // A click posts revealJob after the hover: messages arrive in order, so a second jobHovered would be there by now.
  await version.click();
  await v.waitForMessage('revealJob');
  assert.equal(hovered(v), 1);
  await v.close();
});
