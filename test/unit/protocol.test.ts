import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  defaultViewState,
  downstreamPath,
  encodeModel,
  isFromWebview,
  isPipelineContext,
  jobNameFromMenuArg,
  jobRefFromMenuArg,
  modelOf,
  restoreViewState,
} from '../../src/protocol';

const ctx = {
  source: 'merge_request_event',
  refKind: 'mr',
  branch: 'feature',
  defaultBranch: 'main',
  mrSource: 'feature',
  mrTarget: 'main',
  variables: { A: '1' },
};

void test('isFromWebview accepts each well-formed message', () => {
  const good: unknown[] = [
    { type: 'ready', context: null, root: null },
    { type: 'ready', context: ctx, root: '.gitlab-ci.yml' },
    { type: 'revealJob', job: 'build' },
    { type: 'revealJob', job: 'compile', pipeline: 'ds:child' },
    { type: 'revealJob', job: 'leaf', pipeline: 'ds:child/ds:nested' },
    { type: 'copyJobName', job: '<img src=x onerror=alert(1)>' },
    { type: 'setContext', context: ctx },
    { type: 'jobHovered' },
    { type: 'exportSvg', requestId: 3, svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' },
    { type: 'exportSvg', requestId: null, svg: '<svg/>' },
    { type: 'log', level: 'error', message: 'boom' },
  ];
  for (const m of good) assert.equal(isFromWebview(m), true, JSON.stringify(m));
});

void test('isFromWebview rejects malformed and unknown messages field by field', () => {
  const bad: unknown[] = [
    null,
    undefined,
    'ready',
    42,
    [],
    {},
    { type: 'nope' },
    { type: 'ready' },
    { type: 'ready', context: { ...ctx, source: 'pushy' }, root: null },
    { type: 'revealJob' },
    { type: 'revealJob', job: '' },
    { type: 'revealJob', job: 7 },
    { type: 'revealJob', job: 'x'.repeat(5000) },
    { type: 'revealJob', job: 'compile', pipeline: 'ci/child.yml' },
    { type: 'revealJob', job: 'compile', pipeline: 'ds:' },
    { type: 'revealJob', job: 'compile', pipeline: 7 },
    { type: 'revealJob', job: 'compile', pipeline: null },
    { type: 'revealJob', job: 'compile', pipeline: `ds:${'x'.repeat(5000)}` },
    { type: 'setContext', context: { ...ctx, refKind: 'commit' } },
    { type: 'setContext', context: { ...ctx, variables: { A: 1 } } },
    { type: 'setContext', context: { ...ctx, variables: null } },
    { type: 'setContext', context: { ...ctx, branch: 5 } },
    { type: 'setContext', context: { ...ctx, defaultBranch: undefined } },
    { type: 'exportSvg', requestId: 1.5, svg: '<svg/>' },
    { type: 'exportSvg', requestId: null, svg: '<html>' },
    { type: 'exportSvg', requestId: null },
    { type: 'log', level: 'fatal', message: 'x' },
  ];
  for (const m of bad) assert.equal(isFromWebview(m), false, JSON.stringify(m));
  assert.equal(isPipelineContext(ctx), true);
});

void test('restoreViewState tolerates garbage and keeps valid fields', () => {
  assert.deepEqual(restoreViewState(undefined), defaultViewState());
  assert.deepEqual(restoreViewState({ version: 2 }), defaultViewState());
  const s = restoreViewState({
    version: 1,
    transform: { x: 5, y: 'a', k: -1 },
    selected: 'build',
    layout: 'needs',
    expanded: ['unit', 3],
    context: ctx,
    search: 'x',
    textView: true,
    root: 'ci.yml',
  });
  assert.deepEqual(s.transform, { x: 5, y: 0, k: 1 });
  assert.equal(s.layout, 'needs');
  assert.deepEqual(s.expanded, ['unit']);
  assert.equal(s.context?.refKind, 'mr');
  assert.equal(s.root, 'ci.yml');
});

void test('jobNameFromMenuArg reads the webview/context argument', () => {
  assert.equal(
    jobNameFromMenuArg({
      webviewSection: 'job',
      jobName: 'deploy',
      preventDefaultContextMenuItems: true,
      webview: 'gitlabArtifactFlow.graph',
    }),
    'deploy',
  );
  assert.equal(jobNameFromMenuArg({ webviewSection: 'other', jobName: 'deploy' }), undefined);
  assert.equal(jobNameFromMenuArg(undefined), undefined);
});

void test("a child job's menu argument is read by Reveal Job and Copy Job Name, never by the artifact commands", () => {
  const child = {
    webviewSection: 'childJob',
    jobName: 'compile',
    pipeline: 'ds:child',
    preventDefaultContextMenuItems: true,
    webview: 'gitlabArtifactFlow.graph',
  };
  assert.deepEqual(jobRefFromMenuArg(child), { job: 'compile', pipeline: 'ds:child' });
  assert.equal(jobNameFromMenuArg(child), undefined, 'the artifact commands look jobs up in the parent pipeline');
  assert.deepEqual(jobRefFromMenuArg({ webviewSection: 'job', jobName: 'deploy' }), { job: 'deploy' });
  assert.equal(jobRefFromMenuArg({ ...child, pipeline: '../x.yml' }), undefined);
  assert.equal(jobRefFromMenuArg({ ...child, pipeline: undefined }), undefined);
  assert.equal(jobRefFromMenuArg({ ...child, jobName: '' }), undefined);
  assert.equal(jobRefFromMenuArg({ webviewSection: 'stage', jobName: 'x' }), undefined);
  assert.equal(jobRefFromMenuArg(null), undefined);
});

void test('downstream frames flipped by the user are restored, only well-formed and bounded', () => {
  assert.deepEqual(defaultViewState().downstreamToggled, []);
  // A state saved before this field existed restores with none flipped.
  assert.deepEqual(restoreViewState({ version: 1 }).downstreamToggled, []);
  assert.deepEqual(
    restoreViewState({ version: 1, downstreamToggled: ['ds:child', 'ds:child/ds:nested', 'job:build', 3, null] })
      .downstreamToggled,
    ['ds:child', 'ds:child/ds:nested'],
  );
  assert.deepEqual(restoreViewState({ version: 1, downstreamToggled: 'ds:child' }).downstreamToggled, []);
  const many = Array.from({ length: 2000 }, (_, i) => `ds:t${i}`);
  assert.equal(restoreViewState({ version: 1, downstreamToggled: many }).downstreamToggled.length, 500);
});

void test('downstreamPath names nested pipelines the way the graph ids their frames', async () => {
  const { downstreamId } = await import('../../webview/graph/downstreamModel');
  const d = { trigger: 'deploy/prod', kind: 'child' as const, label: 'x.yml' };
  assert.equal(downstreamPath('deploy/prod'), downstreamId(d));
  assert.equal(downstreamPath('deploy/prod', 'ds:a'), downstreamId(d, 'ds:a'));
});

void test('a model sent as encoded bytes reads back as the same model; a message without one carries none', async () => {
  const { analyze, defaultContext } = await import('../../src/ci/analyze');
  const { memoryReader } = await import('./ci/helpers');
  const model = await analyze({
    root: '.gitlab-ci.yml',
    reader: memoryReader({ '.gitlab-ci.yml': 'a:\n  script: [echo "ü ✓ <b>"]\n' }),
    context: defaultContext(),
  });
  const base = { type: 'didChangeModel' as const, banner: null, rootLabel: '', rootUri: '' };
  assert.deepEqual(modelOf({ ...base, model: null, modelJson: encodeModel(model) }), model);
  assert.equal(modelOf({ ...base, model }), model);
  assert.equal(modelOf({ ...base, model: null }), null);
});
