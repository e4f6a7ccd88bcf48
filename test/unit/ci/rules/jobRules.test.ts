import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateJobInclusion, type JobInclusionInput } from '../../../../src/ci/rules/jobRules';
import type { RuleEnv } from '../../../../src/ci/rules/env';
import { env, mr, push, schedule, tagPush } from './helpers';

const inc = (job: Partial<JobInclusionInput>, e: RuleEnv) => evaluateJobInclusion({ name: 'j', ...job }, e);

void test('T21: dotenv variables are not visible to rules', () => {
  // GO=yes only exists in a dotenv report, which rules never see: the env carries no GO.
  const r = inc({ rules: [{ if: '$GO == "yes"' }] }, env(push()));
  assert.equal(r.included, false);
  assert.equal(r.when, 'never');
});

void test('T23: rules on $CI_COMMIT_TAG — excluded on a branch push, included on a tag push', () => {
  const b = { rules: [{ if: '$CI_COMMIT_TAG' }] };
  const onBranch = inc(b, env(push()));
  assert.equal(onBranch.included, false);
  assert.equal(onBranch.reason, "rules[0]: if '$CI_COMMIT_TAG' is false for a branch pipeline");
  const onTag = inc(b, env(tagPush()));
  assert.equal(onTag.included, true);
  assert.equal(onTag.when, 'on_success');
  assert.equal(onTag.ruleIndex, 0);
  assert.equal(onTag.uncertain, false);
});

void test('T35: plain job excluded from an MR pipeline by the implicit only default; kept with workflow:rules', () => {
  const build = {};
  const test = { rules: [{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }] };
  const b = inc(build, env(mr()));
  assert.equal(b.included, false);
  assert.equal(b.reason, 'only: [branches, tags] (implicit default) does not match a merge request pipeline');
  assert.equal(inc(test, env(mr())).included, true);
  assert.equal(inc({ ...build, hasWorkflowRules: true }, env(mr())).included, true);
  assert.equal(inc(build, env(push())).included, true);
  assert.equal(inc(build, env(tagPush())).included, true);
});

void test('T36: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH across pipeline types', () => {
  const pkg = { rules: [{ if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' }] };
  assert.equal(inc(pkg, env(push('main'))).included, true);
  assert.equal(inc(pkg, env(push('feat'))).included, false);
  assert.equal(inc(pkg, env(mr())).included, false, 'CI_COMMIT_BRANCH is unset in MR pipelines');
  assert.equal(inc(pkg, env(mr({ mrSource: 'main' }))).included, false, 'even when the MR comes from main');
  assert.equal(inc({}, env(mr())).included, false, 'use: no rules, no workflow');
  assert.equal(inc({ hasWorkflowRules: true }, env(mr())).included, true);
});

void test('T37: the first matching rule wins; never excludes', () => {
  const j = { rules: [{ if: '$CI_COMMIT_BRANCH == "main"', when: 'never' }, { when: 'on_success' }] };
  const onMain = inc(j, env(push('main')));
  assert.equal(onMain.included, false);
  assert.equal(onMain.when, 'never');
  assert.equal(onMain.ruleIndex, 0);
  assert.match(onMain.reason, /^rules\[0\]: if '\$CI_COMMIT_BRANCH == "main"' is true, when: never$/);
  const other = inc(j, env(push('feat')));
  assert.equal(other.included, true);
  assert.equal(other.ruleIndex, 1);
  assert.equal(other.when, 'on_success');
});

void test('when defaults: rule when, else job when, else on_success', () => {
  assert.equal(inc({ rules: [{ if: '$CI' }] }, env(push())).when, 'on_success');
  assert.equal(inc({ rules: [{ if: '$CI' }], when: 'manual' }, env(push())).when, 'manual');
  assert.equal(inc({ rules: [{ if: '$CI', when: 'always' }], when: 'manual' }, env(push())).when, 'always');
  assert.equal(inc({ rules: [{ when: 'delayed', start_in: '5m' }] }, env(push())).startIn, '5m');
});

void test('rules: no match excludes; the reason names the last rule', () => {
  const r = inc({ rules: [{ if: '$A' }, { if: '$B' }, { if: '$C' }, { if: '$D == "x"' }] }, env(push()));
  assert.equal(r.included, false);
  assert.equal(r.reason, `rules: no rule matched (last rule 3: if '$D == "x"' is false for a branch pipeline)`);
  assert.equal(r.ruleIndex, undefined);
  assert.equal(inc({ rules: [] }, env(push())).included, false, 'an empty list matches nothing');
});

void test('rules: matched rule variables, needs, allow_failure, interruptible; nested rule arrays are flattened', () => {
  const r = inc(
    {
      rules: [
        [{ if: '$NOPE' }],
        {
          if: '$CI_COMMIT_BRANCH',
          variables: { DEPLOY: 'yes', N: 1 },
          needs: ['build'],
          allow_failure: { exit_codes: [42] },
          interruptible: true,
        },
      ],
    },
    env(push()),
  );
  assert.equal(r.ruleIndex, 1);
  assert.deepEqual(r.variables, { DEPLOY: 'yes', N: '1' });
  assert.deepEqual(r.needs, ['build']);
  assert.deepEqual(r.allowFailure, { exit_codes: [42] });
  assert.equal(r.interruptible, true);
  assert.equal(inc({ rules: [{ allow_failure: true }] }, env(push())).allowFailure, true);
});

void test('rules see job and global variables, and user variables beat them', () => {
  const e = env(
    { ...push(), variables: { TARGET: 'prod' } },
    { global: { TARGET: 'staging', FLAG: 'on' }, job: { P: 'aws' } },
  );
  assert.equal(inc({ rules: [{ if: '$TARGET == "prod"' }] }, e).included, true);
  assert.equal(inc({ rules: [{ if: '$FLAG == "on" && $P == "aws"' }] }, e).included, true);
});

void test('T42: matrix variables reach rules (per instance)', () => {
  const rules = [{ if: '$P == "aws"' }];
  const aws: RuleEnv = { context: push(), variables: { P: 'aws' } };
  const gcp: RuleEnv = { context: push(), variables: { P: 'gcp' } };
  assert.equal(inc({ rules }, aws).included, true);
  assert.equal(inc({ rules }, gcp).included, false);
});

void test('rules: an invalid if is false (the config error is reported by ruleIfErrors)', () => {
  const r = inc({ rules: [{ if: '$A = "x"' }, { when: 'manual' }] }, env(push()));
  assert.equal(r.ruleIndex, 1);
  assert.equal(r.when, 'manual');
});

void test('rules: changes unknown on push → assumed included, uncertain', () => {
  const r = inc({ rules: [{ changes: ['src/**/*'] }] }, env(push()));
  assert.equal(r.included, true);
  assert.equal(r.outcome, 'unknown');
  assert.equal(r.uncertain, true);
  assert.match(r.reason, /assumed: changes \[src\/\*\*\/\*\] cannot be known statically/);
  const known = inc({ rules: [{ changes: ['src/**/*'] }] }, env(push(), { changedFiles: ['docs/x.md'] }));
  assert.equal(known.included, false);
  assert.equal(known.uncertain, false);
  const tag = inc({ rules: [{ changes: ['src/**/*'] }] }, env(tagPush()));
  assert.equal(tag.included, true);
  assert.equal(tag.uncertain, false, 'no diff: changes is true');
});

void test('rules: an unknown rule before a certain one; inclusion certain when every outcome agrees', () => {
  const both = inc({ rules: [{ changes: ['a/*'], when: 'manual' }, { when: 'on_success' }] }, env(push()));
  assert.equal(both.outcome, true, 'either way the job is in');
  assert.equal(both.included, true);
  assert.equal(both.uncertain, true, 'but its when is a guess');
  assert.equal(both.when, 'manual');
  const never = inc({ rules: [{ changes: ['docs/**/*'], when: 'never' }, { when: 'on_success' }] }, env(mr()));
  assert.equal(never.outcome, 'unknown');
  assert.equal(never.included, true, 'unknown is treated as included');
  assert.equal(never.ruleIndex, 1);
  assert.match(never.reason, /assumed: rule 0 does not match/);
  const exists = inc({ rules: [{ exists: ['Dockerfile'] }] }, env(push()));
  assert.equal(exists.outcome, 'unknown');
  assert.equal(
    inc({ rules: [{ exists: ['Dockerfile'] }] }, env(push(), { projectFiles: ['README.md'] })).included,
    false,
  );
  assert.equal(
    inc({ rules: [{ if: '$NOPE', changes: ['x'] }] }, env(push())).outcome,
    false,
    'a false if decides despite unknown changes',
  );
});

void test('T41: only/except with schedules', () => {
  const a = { only: ['branches'] };
  const b = { only: ['branches'], except: ['schedules'] };
  const c = {};
  const s = env(schedule());
  assert.equal(inc(a, s).included, true);
  const rb = inc(b, s);
  assert.equal(rb.included, false);
  assert.equal(rb.reason, "except: [schedules] matches branch 'main' (source schedule)");
  assert.equal(inc(c, s).included, true);
  for (const job of [a, b, c]) assert.equal(inc(job, env(mr())).included, false);
  assert.equal(inc(b, env(push())).included, true);
});

void test('only: source keywords, plural and _event forms', () => {
  const cases: [string, ReturnType<typeof push>][] = [
    ['pushes', push()],
    ['push', push()],
    ['merge_requests', mr()],
    ['merge_request', mr()],
    ['schedules', schedule()],
    ['triggers', { ...push(), source: 'trigger' }],
    ['pipelines', { ...push(), source: 'pipeline' }],
    ['parent_pipelines', { ...push(), source: 'parent_pipeline' }],
    ['web', { ...push(), source: 'web' }],
    ['api', { ...push(), source: 'api' }],
    ['external_pull_requests', { ...push(), source: 'external_pull_request_event' }],
    ['chat', { ...push(), source: 'chat' }],
    ['external', { ...push(), source: 'external' }],
    ['webide', { ...push(), source: 'webide' }],
  ];
  for (const [kw, ctx] of cases) assert.equal(inc({ only: [kw] }, env(ctx)).included, true, kw);
  assert.equal(inc({ only: ['merge_requests'] }, env(push())).included, false);
  assert.equal(inc({ only: ['pushes'] }, env(schedule())).included, false);
  assert.equal(inc({ only: ['tags'] }, env(push())).included, false);
  assert.equal(inc({ only: ['tags'] }, env(tagPush())).included, true);
  assert.equal(inc({ only: ['branches'] }, env(tagPush())).included, false);
});

void test('only: regexes and plain names match branch/tag refs only', () => {
  assert.equal(inc({ only: ['/^release\\/.*$/'] }, env(push('release/1.0'))).included, true);
  assert.equal(inc({ only: ['/^release/.*$/'] }, env(push('release/1.0'))).included, true, 'greedy /…/ split');
  assert.equal(inc({ only: ['/^RELEASE/i'] }, env(push('release/1.0'))).included, true);
  assert.equal(inc({ only: ['/^v\\d+/'] }, env(tagPush('v2.0'))).included, true);
  assert.equal(inc({ only: ['main'] }, env(push('main'))).included, true);
  const feat = inc({ only: ['main'] }, env(push('feat')));
  assert.equal(feat.included, false);
  assert.equal(feat.reason, "only: [main] does not match branch 'feat'");
  assert.equal(inc({ only: ['feat'] }, env(mr())).included, false, 'not for MR pipelines, even the source branch');
  assert.equal(inc({ only: ['/^feat/'] }, env(mr())).included, false);
  assert.equal(
    inc({ only: ['/(?=x)/'] }, env(push('/(?=x)/'))).included,
    true,
    'an RE2-invalid regex is compared as a plain name',
  );
});

void test('only/except: @project/path suffix', () => {
  const ctx = push('main', { projectPath: 'gitlab-org/gitlab' });
  assert.equal(inc({ only: ['branches@gitlab-org/gitlab'] }, env(ctx)).included, true);
  assert.equal(inc({ only: ['branches@someone/fork'] }, env(ctx)).included, false);
  assert.equal(
    inc({ only: ['branches@gitlab-org/gitlab'], except: ['main@gitlab-org/gitlab'] }, env(ctx)).included,
    false,
  );
  assert.equal(
    inc({ only: ['/^release/.*$/@gitlab-org/gitlab'] }, env({ ...ctx, branch: 'release/2' })).included,
    true,
  );
  const unknown = inc({ only: ['branches@gitlab-org/gitlab'] }, env(push()));
  assert.equal(unknown.outcome, 'unknown', 'no project path in the context');
  assert.equal(unknown.included, true);
});

void test('only: {variables} keeps the default refs (deep merge); {refs} replaces them', () => {
  const e = { only: { variables: ['$RELEASE == "yes"'] } };
  assert.equal(inc(e, env({ ...push(), variables: { RELEASE: 'yes' } })).included, true);
  assert.equal(inc(e, env(push())).included, false);
  assert.equal(inc(e, env(push())).reason, `only:variables ['$RELEASE == "yes"']: no expression is true`);
  assert.equal(
    inc(e, env(mr())).reason,
    'only: [branches, tags] (implicit default) does not match a merge request pipeline',
  );
  assert.equal(inc(e, env({ ...mr(), variables: { RELEASE: 'yes' } })).included, false, 'default refs still apply');
  assert.equal(
    inc({ ...e, hasWorkflowRules: true }, env({ ...mr(), variables: { RELEASE: 'yes' } })).included,
    false,
    'even with workflow:rules',
  );
  assert.equal(inc({ only: { refs: ['merge_requests'], variables: ['$CI'] } }, env(mr())).included, true);
  assert.equal(
    inc({ only: { variables: ['$A', '$B'] } }, env({ ...push(), variables: { B: '1' } })).included,
    true,
    'any expression',
  );
});

void test('except: no default; variables, changes, kubernetes', () => {
  assert.equal(inc({ except: ['tags'] }, env(push())).included, true, 'only default still applies');
  assert.equal(inc({ except: ['tags'] }, env(mr())).included, false);
  assert.equal(inc({ except: ['tags'], hasWorkflowRules: true }, env(mr())).included, true);
  assert.equal(inc({ except: { variables: ['$SKIP'] } }, env({ ...push(), variables: { SKIP: '1' } })).included, false);
  assert.equal(
    inc({ except: { changes: ['docs/**/*'] } }, env(schedule())).included,
    false,
    'no diff: except changes always holds',
  );
  const k = inc({ only: { kubernetes: 'active' } }, env(push()));
  assert.equal(k.outcome, 'unknown');
  assert.equal(k.uncertain, true);
  const ch = inc({ only: { changes: ['src/*'] } }, env(push(), { changedFiles: ['src/a.c'] }));
  assert.equal(ch.included, true);
  assert.equal(inc({ only: { changes: ['src/*'] } }, env(push(), { changedFiles: ['lib/a.c'] })).included, false);
});

void test('rules take over: only/except ignored for evaluation when rules are present', () => {
  assert.equal(inc({ rules: [{ when: 'always' }], only: ['tags'] }, env(push())).included, true);
});
