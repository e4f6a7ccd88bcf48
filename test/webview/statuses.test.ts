// Real GitLab job statuses and path-conflict markers on the job cards, in the real webview bundle under its CSP.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlowModel } from '../../src/ci/model';
import type { PipelineStatuses, ToWebview } from '../../src/protocol';
import { WebviewHarness } from '../support/webviewHarness';
import type { WebviewPage } from '../support/webviewHarness';
import { artifacts, job, model, sampleModel, XSS_NAME } from '../fixtures/models/builders';

let h: WebviewHarness;
before(async () => {
  h = await WebviewHarness.start();
});
after(async () => {
  await h.stop();
});

const day = 86_400_000;
const HOSTILE_STATUS = '<img src=x onerror=alert(2)>';

function modelMessage(m: FlowModel): ToWebview {
  return {
    type: 'didChangeModel',
    model: m,
    banner: null,
    rootLabel: '.gitlab-ci.yml',
    rootUri: 'file:///project/.gitlab-ci.yml',
  };
}

function statusesMessage(statuses: PipelineStatuses | null): ToWebview {
  return { type: 'didChangeJobStatuses', statuses };
}

function sampleStatuses(): PipelineStatuses {
  const soon = new Date(Date.now() + 3 * day + 3_600_000).toISOString();
  return {
    pipelineId: 4711,
    ref: 'main',
    jobs: {
      compile: { jobId: 1, status: 'success', artifactsSize: 3 * 1024 * 1024 + 200 * 1024, expiresAt: soon },
      version: { jobId: 2, status: 'success', artifactsSize: 120 },
      docs: { jobId: 3, status: 'failed', noArchiveReason: 'the job failed before uploading artifacts' },
      'unit 1/2': {
        jobId: 4,
        status: 'success',
        artifactsSize: 2048,
        expiresAt: new Date(Date.now() - day).toISOString(),
        noArchiveReason: 'the artifacts expired',
      },
      'unit 2/2': { jobId: 5, status: 'failed' },
      'e2e: [chrome]': { jobId: 6, status: 'running', noArchiveReason: 'the job is still running' },
      [XSS_NAME]: { jobId: 7, status: HOSTILE_STATUS },
      package: { jobId: 8, status: 'manual' },
      deploy: { jobId: 9, status: 'skipped' },
    },
  };
}

async function openWith(m: FlowModel): Promise<WebviewPage> {
  const v = await h.open();
  await v.waitForMessage('ready');
  await v.send(modelMessage(m));
  await v.page.locator('svg.graph g.node').first().waitFor();
  return v;
}

/** Tags a DOM element from inside the page, to check later that it is the same element (tests compile without the DOM lib). */
interface Doc {
  querySelector(s: string): { mark?: number } | null;
}

function node(v: WebviewPage, jobName: string): ReturnType<WebviewPage['page']['locator']> {
  return v.page.locator(`svg.graph g.viewport g.node[data-job="${jobName.replace(/"/g, '\\"')}"]`);
}

async function hoverCard(v: WebviewPage, jobName: string): Promise<string> {
  await v.page.mouse.move(2, 690);
  await node(v, jobName).locator('rect.card').hover();
  const card = v.page.locator('#card');
  await card.waitFor({ state: 'visible' });
  return card.innerText();
}

void test('job cards carry a status badge with a theme colour and an accessible label; groups summarise their instances', async () => {
  let dialogs = 0;
  const v = await openWith(sampleModel());
  v.page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  // Not connected yet: no badges.
  assert.equal(await v.page.locator('svg.graph g.status').count(), 0);
  const nodesBefore = await v.page
    .locator('svg.graph g.node')
    .evaluateAll((els) =>
      els.map((e) => (e as unknown as { getAttribute(n: string): string | null }).getAttribute('transform')),
    );
  await v.page.evaluate(() => {
    const e = (globalThis as unknown as { document: Doc }).document.querySelector(
      'svg.graph g.node[data-job="compile"]',
    );
    if (e) e.mark = 1;
  });

  await v.send(statusesMessage(sampleStatuses()));
  const compile = node(v, 'compile');
  await compile.locator('g.status').waitFor();
  assert.equal(await compile.locator('g.status').getAttribute('class'), 'status status-success');
  assert.equal(await compile.locator('g.status').getAttribute('aria-label'), 'GitLab status: success');
  assert.equal(await compile.locator('g.status title').textContent(), 'GitLab status: success');
  assert.equal(await compile.locator('g.status text').textContent(), '✓');
  assert.match(
    (await compile.getAttribute('aria-label')) ?? '',
    /^Job compile, stage build, .*, GitLab status: success$/,
  );
  assert.equal(await node(v, 'docs').locator('g.status').getAttribute('class'), 'status status-failed');
  assert.equal(await node(v, 'package').locator('g.status').getAttribute('data-status'), 'manual');
  // The badge's colour comes from the theme, and success and failure differ.
  const fill = async (jobName: string): Promise<string | undefined> =>
    (await v.computedStyles(`svg.graph g.viewport g.node[data-job="${jobName}"] g.status circle`, 'fill'))[0];
  assert.notEqual(await fill('compile'), await fill('docs'));
  assert.notEqual(await fill('compile'), 'none');
  // A collapsed group shows its most pressing status and counts the rest.
  const unit = v.page.locator('svg.graph g.viewport g.node[data-node="group:unit"]');
  assert.equal(await unit.locator('g.status').getAttribute('data-status'), 'failed');
  assert.equal(await unit.locator('g.status').getAttribute('aria-label'), 'GitLab status: 1 failed, 1 success');
  const e2e = v.page.locator('svg.graph g.viewport g.node[data-node="group:e2e"]');
  assert.equal(
    await e2e.locator('g.status').getAttribute('aria-label'),
    'GitLab status: 1 running, 1 not in the pipeline',
  );
  // Jobs the pipeline does not have get no badge.
  assert.equal(await node(v, 'lint').locator('g.status').count(), 0);
  assert.equal(await node(v, 'notify').locator('g.status').count(), 0);
  // Statuses alone re-render nothing: same elements, same positions.
  assert.equal(
    await v.page.evaluate(
      () =>
        (globalThis as unknown as { document: Doc }).document.querySelector('svg.graph g.node[data-job="compile"]')
          ?.mark,
    ),
    1,
  );
  const nodesAfter = await v.page
    .locator('svg.graph g.node')
    .evaluateAll((els) =>
      els.map((e) => (e as unknown as { getAttribute(n: string): string | null }).getAttribute('transform')),
    );
  assert.deepEqual(nodesAfter, nodesBefore);
  await v.screenshot('graph-statuses-dark');

  // The hover card: status, archive size, expiry or the reason there is no archive.
  let text = await hoverCard(v, 'compile');
  assert.match(text, /In pipeline #4711 \(main\)/);
  assert.match(text, /success/);
  assert.match(text, /archive 3\.2 MiB · expires in 3 days/);
  text = await hoverCard(v, 'version');
  assert.match(text, /archive 120 B · kept/);
  text = await hoverCard(v, 'docs');
  assert.match(text, /failed/);
  assert.match(text, /no archive: the job failed before uploading artifacts/);
  text = await hoverCard(v, 'notify');
  assert.match(text, /In pipeline #4711 \(main\)\s+not in this pipeline/);
  await v.page.mouse.move(2, 690);
  await unit.locator('rect.card').hover();
  await v.page.locator('#card').waitFor({ state: 'visible' });
  text = await v.page.locator('#card').innerText();
  assert.match(text, /1 failed, 1 success/);
  assert.match(text, /success\s+unit 1\/2: archive 2 KiB · expired/);
  assert.match(text, /failed\s+unit 2\/2: no archive/);

  // A hostile job name and status string are text, not markup.
  const xss = node(v, XSS_NAME);
  assert.equal(await xss.locator('g.status').getAttribute('data-status'), HOSTILE_STATUS);
  assert.equal(await xss.locator('g.status').getAttribute('class'), 'status status-other');
  assert.equal(await xss.locator('g.status title').textContent(), `GitLab status: ${HOSTILE_STATUS}`);
  text = await hoverCard(v, XSS_NAME);
  assert.ok(text.includes(HOSTILE_STATUS), text);
  assert.equal(await v.page.locator('img, b').count(), 0);

  // Disconnected: the badges go away, the graph stays.
  await v.send(statusesMessage(null));
  await v.page.locator('svg.graph g.status').first().waitFor({ state: 'detached' });
  assert.equal(await v.page.locator('svg.graph g.viewport g.status').count(), 0);
  assert.doesNotMatch((await compile.getAttribute('aria-label')) ?? '', /GitLab status/);
  assert.equal(dialogs, 0);
  assert.deepEqual(v.errors, []);
  await v.close();
});

void test('statuses survive a model update and apply to nodes the update adds', async () => {
  const v = await openWith(sampleModel());
  await v.send(statusesMessage(sampleStatuses()));
  await node(v, 'compile').locator('g.status').waitFor();
  const m = sampleModel();
  const stages = ['.pre', 'build', 'test', 'deploy', '.post'];
  m.jobs.push(job('extra', 'deploy', stages));
  await v.send(modelMessage(m));
  await node(v, 'extra').waitFor();
  assert.equal(await node(v, 'compile').locator('g.status').getAttribute('data-status'), 'success');
  assert.equal(await node(v, 'extra').locator('g.status').count(), 0);
  await v.send(
    statusesMessage({ pipelineId: 4712, jobs: { ...sampleStatuses().jobs, extra: { jobId: 10, status: 'pending' } } }),
  );
  await node(v, 'extra').locator('g.status').waitFor();
  assert.equal(await node(v, 'extra').locator('g.status').getAttribute('class'), 'status status-pending');
  assert.equal(await node(v, 'extra').locator('g.status').count(), 1, 'one badge per card, however many updates');
  // Expanding a group gives each instance its own badge.
  await v.page.locator('svg.graph g.viewport g.node[data-node="group:unit"] text.badge').click();
  await node(v, 'unit 2/2').waitFor();
  assert.equal(await node(v, 'unit 1/2').locator('g.status').getAttribute('data-status'), 'success');
  assert.equal(await node(v, 'unit 2/2').locator('g.status').getAttribute('data-status'), 'failed');
  assert.deepEqual(v.errors, []);
  await v.close();
});

void test('a job with path conflicts shows a warning marker without hovering (examples/overwrite)', async () => {
  // The classic case: job1 and job2 both produce task1.txt; job3 receives both.
  const stages = ['one', 'two', 'three'];
  const m = model(stages, [
    job('job1', 'one', stages, { artifacts: artifacts(['task1.txt']), consumers: ['job3'] }),
    job('job2', 'two', stages, { artifacts: artifacts(['task1.txt', 'task2.txt']), consumers: ['job3'] }),
    job('job3', 'three', stages, {
      sources: [
        {
          job: 'job1',
          scope: 'local',
          files: true,
          dotenv: false,
          via: 'stage',
          optional: false,
          reason: 'stage one runs before stage three',
        },
        {
          job: 'job2',
          scope: 'local',
          files: true,
          dotenv: false,
          via: 'stage',
          optional: false,
          reason: 'stage two runs before stage three',
        },
      ],
      conflicts: [
        { path: 'task1.txt', jobs: ['job1', 'job2'], likelyWinner: 'job2' },
        { path: 'task2.txt', jobs: ['job1', 'job2'], likelyWinner: 'job2' },
      ],
    }),
  ]);
  const v = await openWith(m);
  const marker = node(v, 'job3').locator('g.conflict-marker');
  assert.equal(await marker.count(), 1);
  assert.equal(await marker.getAttribute('aria-label'), '2 path conflicts');
  assert.equal(await marker.locator('title').textContent(), '2 path conflicts');
  assert.match((await node(v, 'job3').getAttribute('aria-label')) ?? '', /, 2 path conflicts$/);
  assert.equal(await node(v, 'job1').locator('g.conflict-marker').count(), 0);
  assert.equal(await node(v, 'job2').locator('g.conflict-marker').count(), 0);
  // With statuses the node's label has both.
  await v.send(statusesMessage({ pipelineId: 1, jobs: { job3: { jobId: 3, status: 'success' } } }));
  await node(v, 'job3').locator('g.status').waitFor();
  assert.match((await node(v, 'job3').getAttribute('aria-label')) ?? '', /, 2 path conflicts, GitLab status: success$/);
  await v.screenshot('graph-conflict-marker-dark');
  // Fixing the conflict removes the marker.
  const fixed = structuredClone(m);
  const j3 = fixed.jobs.find((j) => j.name === 'job3');
  assert.ok(j3);
  j3.conflicts = [{ path: 'task1.txt', jobs: ['job1', 'job2'], likelyWinner: 'job2' }];
  await v.send(modelMessage(fixed));
  await v.page.locator('svg.graph g.viewport g.conflict-marker[aria-label="1 path conflict"]').waitFor();
  j3.conflicts = [];
  await v.send(modelMessage(fixed));
  await node(v, 'job3').locator('g.conflict-marker').waitFor({ state: 'detached' });
  // The sample's group-fed job too.
  await v.send(modelMessage(sampleModel()));
  assert.equal(await node(v, 'package').locator('g.conflict-marker').getAttribute('aria-label'), '1 path conflict');
  assert.deepEqual(v.errors, []);
  await v.close();
});
