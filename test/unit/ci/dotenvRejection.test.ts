// Dotenv reports GitLab would reject (issue 10, item 6): app/services/ci/parse_dotenv_artifact_service.rb (size
// under 5,120 bytes, every line `KEY=VALUE` or "Invalid Format", at most 20 variables) and Ci::JobVariable's key
// validations (HasVariable: present, ≤ 255, letters/digits/_), applied to what the script is seen writing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { predictDotenvRejection } from '../../../src/ci/jobs/dotenvKeys';
import { parseDotenv } from '../../../src/ci/dotenv';
import type { YMap, YNode } from '../../../src/ci/yaml/node';
import { job, run } from './helpers';

const at = { file: 'f', line: 1, column: 1, endLine: 1, endColumn: 1 };
const str = (value: string): YNode => ({ kind: 'scalar', value, range: at });
function jobWith(script: string[]): YMap {
  return {
    kind: 'map',
    range: at,
    entries: [{ key: 'script', keyRange: at, value: { kind: 'seq', range: at, items: script.map(str) } }],
  };
}

const KEY = "Validation failed: Key can contain only letters, digits and '_'.";
const ROWS: [string, string[], string | undefined][] = [
  ['a literal KEY=VALUE', ['echo "VERSION=1.2" >> build.env'], undefined],
  ['an empty line', ['echo "" >> build.env', 'echo "A=1" >> build.env'], 'Invalid Format'],
  ['a bare echo', ['echo >> build.env', 'echo "A=1" >> build.env'], 'Invalid Format'],
  ['a comment line', ['echo "# generated" >> build.env', 'echo "A=1" >> build.env'], 'Invalid Format'],
  ['export A=1 (the key is "export A")', ['echo "export A=1" >> build.env'], KEY],
  ['a dash in the key', ['echo "MY-VAR=1" >> build.env'], KEY],
  ['a dash in the key, value unknown', ['echo "MY-VAR=$X" >> build.env'], KEY],
  [
    'an empty key',
    ['echo "=x" >> build.env'],
    "Validation failed: Key can't be blank, Key can contain only letters, digits and '_'.",
  ],
  [
    '21 variables',
    Array.from({ length: 21 }, (_, i) => `echo "K${i}=v" >> build.env`),
    'Dotenv files cannot have more than 20 variables',
  ],
  ['21 writes of one key', Array.from({ length: 21 }, () => 'echo "K=v" >> build.env'), undefined],
  [
    '5 KiB of literal text',
    [`echo "A=${'x'.repeat(5200)}" >> build.env`],
    'Dotenv Artifact Too Big. Maximum Allowable Size: 5120',
  ],
  ['a large value we cannot see', ['echo "A=$(cat big.txt)" >> build.env'], undefined],
  ['a variable value', ['echo "VERSION=$CI_COMMIT_SHA" >> build.env'], undefined],
  ['> starts the file again', ['echo "" >> build.env', 'echo "V=1" > build.env'], undefined],
  ['printf with a newline', ["printf 'A=1\\n' >> build.env"], undefined],
  ['another file', ['echo "" >> notes.txt', 'echo "A=1" >> build.env'], undefined],
  ['the project dir prefix', ['echo "bad line" >> $CI_PROJECT_DIR/build.env'], 'Invalid Format'],
];

for (const [what, script, message] of ROWS) {
  void test(`parse_dotenv_artifact_service.rb: ${what} ${message ? `is rejected: ${message.slice(0, 60)}` : 'is accepted'}`, () => {
    assert.equal(predictDotenvRejection(jobWith(script), ['build.env'])?.message, message);
  });
}

void test('parse_dotenv_artifact_service.rb order: format first, then the count, then the keys', () => {
  const many = Array.from({ length: 21 }, (_, i) => `K-${i}=v`).join('\n');
  assert.deepEqual(parseDotenv(many), { ok: false, error: 'Dotenv files cannot have more than 20 variables' });
  assert.deepEqual(parseDotenv('A-B=1\nno equals\n'), { ok: false, error: 'Invalid Format' });
});

void test('parse_dotenv_artifact_service.rb: a rejected report warns on the producer and brings no variables', async () => {
  const m = await run(`
build:
  stage: build
  script:
    - echo "# build info" >> build.env
    - echo "VERSION=1.2" >> build.env
  artifacts:
    reports:
      dotenv: build.env
deploy:
  stage: deploy
  script: [echo $VERSION]
`);
  const w = m.diagnostics.find((d) => d.code === 'dotenv-rejected');
  assert.equal(w?.severity, 'warning');
  assert.equal(w?.line, 9);
  assert.match(
    w?.message ?? '',
    /build job: GitLab would reject its whole dotenv report \(Invalid Format\) because of `echo "# build info" >> build.env`: none of its variables reach other jobs/,
  );
  const b = job(m, 'build');
  assert.equal(b.artifacts?.dotenvRejected, 'Invalid Format');
  assert.deepEqual(b.artifacts?.dotenvKeys, []);
  assert.deepEqual(
    job(m, 'deploy').sources.map((s) => [s.job, s.files, s.dotenv]),
    [['build', false, false]],
  );
});
