// A generated pipeline of N jobs that both tools can load offline: stages, extends, rules, needs,
// dependencies, parallel, artifacts and dotenv reports, spread over a few local includes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function writeSyntheticProject(dir: string, jobs: number): void {
  const stages = ['prepare', 'build', 'test', 'package', 'deploy'];
  const perFile = 250;
  const files: string[] = [];
  mkdirSync(join(dir, 'ci'), { recursive: true });
  for (let f = 0; f * perFile < jobs; f++) {
    const lines: string[] = [];
    for (let i = f * perFile; i < Math.min(jobs, (f + 1) * perFile); i++) {
      const stage = stages[Math.min(stages.length - 1, Math.floor((i / jobs) * stages.length))]!;
      const earlier = i > 10 ? `job-${i - 1 - (i % 7)}` : undefined;
      lines.push(`job-${i}:`, '  extends: .base', `  stage: ${stage}`);
      if (earlier && i % 3 === 0) lines.push('  needs:', `    - job: ${earlier}`, '      artifacts: true');
      else if (earlier && i % 3 === 1 && stage !== 'prepare') lines.push(`  dependencies: [${earlier}]`);
      if (i % 5 === 0) {
        lines.push(
          '  rules:',
          '    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH',
          '    - if: $CI_PIPELINE_SOURCE == "merge_request_event"',
        );
      }
      lines.push('  artifacts:', `    paths: [out/${i % 13}/, logs/job-${i}.log]`);
      if (i % 11 === 0) lines.push('    reports:', `      dotenv: vars-${i}.env`);
      lines.push('');
    }
    const name = `ci/jobs-${f}.yml`;
    writeFileSync(join(dir, name), lines.join('\n'));
    files.push(name);
  }
  writeFileSync(
    join(dir, '.gitlab-ci.yml'),
    [
      `stages: [${stages.join(', ')}]`,
      'include:',
      ...files.map((f) => `  - local: ${f}`),
      '.base:',
      '  image: alpine',
      '  script: [echo build]',
      '  variables: {LEVEL: "1"}',
      '',
    ].join('\n'),
  );
}
