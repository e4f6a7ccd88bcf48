// The host's answer when the worker asks for a dynamic child's artifact (src/analysis/hostRequests.ts): the
// fetcher's `artifact` method with the job, path and ref in order; "unavailable" when the fetcher cannot read
// artifacts or there is no fetcher, so the engine says the child is unknown instead of waiting or guessing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerFetch } from '../../../src/analysis/hostRequests';
import type { FetchOutcome, IncludeFetcher } from '../../../src/ci/include/fetcher';

const none = (): Promise<FetchOutcome> => Promise.resolve({ unavailable: 'not used here' });
const base: IncludeFetcher = { project: none, remote: none, template: none, component: none };
const request = {
  type: 'fetch',
  requestId: 7,
  analysisId: 1,
  kind: 'artifact',
  args: ['generate', 'gen.yml', 'main'],
} as const;

void test("an artifact request reaches the fetcher's artifact method with job, path and ref", async () => {
  const calls: string[] = [];
  const fetcher: IncludeFetcher = {
    ...base,
    artifact: (job, path, ref) => {
      calls.push(`${job} ${path} ${ref}`);
      return Promise.resolve({ file: { text: 'x: {script: x}\n', via: 'api' } });
    },
  };
  const reply = await answerFetch(fetcher, request);
  assert.deepEqual(reply, {
    type: 'fetchReply',
    requestId: 7,
    outcome: { file: { text: 'x: {script: x}\n', via: 'api' } },
  });
  assert.deepEqual(calls, ['generate gen.yml main']);
});

void test('without the method, or without a fetcher, the answer is unavailable', async () => {
  assert.deepEqual(await answerFetch(base, request), {
    type: 'fetchReply',
    requestId: 7,
    outcome: { unavailable: 'job artifacts are not fetched here' },
  });
  const reply = await answerFetch(undefined, request);
  assert.ok(reply.type === 'fetchReply' && 'unavailable' in reply.outcome);
});
