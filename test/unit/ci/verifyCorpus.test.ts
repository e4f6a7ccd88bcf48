// The configuration Compare with GitLab sends, on every real configuration of ../shared/corpus: analysed alone (as
// the only file, with the project's file list for rules:exists), it gives the same pipeline as the files it came
// from — the same jobs with the same stage, when and needs, and the same error messages. So what GitLab checks is
// what we analysed: nothing lost or changed by inlining, and `extends`/`!reference`/anchors survive the trip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyze, defaultContext } from '../../../src/ci/analyze';
import type { FileReader } from '../../../src/ci/fileReader';
import { buildMergedConfig } from '../../../src/ci/verify/mergedConfig';
import { ourSide } from '../../../src/ci/verify/ourSide';
import { nodeFileReader } from '../../../src/cli/nodeFileReader';

const CORPUS = resolve(process.env.ARTIFACT_FLOW_CORPUS ?? '../shared/corpus');
const projects = existsSync(CORPUS)
  ? readdirSync(CORPUS).filter((p) => existsSync(join(CORPUS, p, '.gitlab-ci.yml')))
  : [];

/**
 * An include taken on an assumption (include:rules not decidable here) is inlined in the sent configuration as
 * the analysis includes it, so the two give the same jobs; only the reason, which names the include, has no
 * place in the single file (assumedIncludes.ts): it is left out of the comparison.
 */
const INCLUDE_ASSUMPTION = /^defined in .*, which is included on an assumption: /;

async function side(reader: FileReader) {
  const s = ourSide(await analyze({ root: '.gitlab-ci.yml', reader, context: defaultContext() }));
  const jobs = s.jobs.map(({ assumed, ...j }) =>
    assumed === undefined || INCLUDE_ASSUMPTION.test(assumed) ? j : { ...j, assumed },
  );
  return { jobs, created: s.created, errors: s.errors.map((e) => e.message).sort() };
}

void test('the corpus is there', () => {
  assert.ok(projects.length >= 15, `corpus at ${CORPUS}: ${projects.length} projects`);
});

for (const project of projects) {
  void test(`${project}: the sent configuration alone gives the same pipeline`, async () => {
    const reader = nodeFileReader(join(CORPUS, project));
    const config = await buildMergedConfig({ root: '.gitlab-ci.yml', reader, context: defaultContext() });
    assert.equal(config.form, 'merged');
    const alone: FileReader = {
      read: (p) => Promise.resolve(p === '.gitlab-ci.yml' ? config.content : undefined),
      list: () => reader.list(),
    };
    const original = await side(reader);
    assert.ok(original.jobs.length > 0 || !original.created);
    assert.deepEqual(await side(alone), original);
  });
}
