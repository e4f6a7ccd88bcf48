// Hostile projects for bench/hostile.bench.ts, one folder per class: small files that would expand into
// huge work without the engine's bounds (see the README's safety section and test/unit/ci/hostile.test.ts).
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface HostileProject {
  name: string;
  /** The root configuration to analyse. */
  file: string;
}

const lines = (...xs: string[]): string => `${xs.join('\n')}\n`;
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

function write(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

const CLASSES: Record<string, (dir: string) => void> = {
  'matrix 8×10': (dir) =>
    write(dir, {
      '.gitlab-ci.yml': lines(
        'build:',
        '  script: x',
        '  parallel:',
        '    matrix:',
        '      -',
        ...range(8).map(
          (i) =>
            `        V${i}: [${range(10)
              .map((k) => `v${k}`)
              .join(', ')}]`,
        ),
      ),
    }),
  'needs:parallel:matrix 8×10': (dir) =>
    write(dir, {
      '.gitlab-ci.yml': lines(
        'stages: [build, test]',
        'b: {stage: build, script: x}',
        'c:',
        '  stage: test',
        '  script: y',
        '  needs:',
        '    - job: b',
        '      parallel:',
        '        matrix:',
        '          -',
        ...range(8).map(
          (i) =>
            `            V${i}: [${range(10)
              .map((k) => `v${k}`)
              .join(', ')}]`,
        ),
      ),
    }),
  'inputs: 10,001 blocks': (dir) =>
    write(dir, {
      '.gitlab-ci.yml': lines('include:', '  - local: big.yml', 'keep: {script: x}'),
      'big.yml': lines(
        'spec:',
        '  inputs:',
        '    v:',
        '      default: abc',
        '---',
        'j:',
        '  script:',
        ...range(10_001).map((i) => `  - "$[[ inputs.v | truncate(0,${i}) ]]"`),
      ),
    }),
  'inputs: 100 KB × 5,000 uses': (dir) =>
    write(dir, {
      '.gitlab-ci.yml': lines('include:', '  - local: big.yml', 'keep: {script: x}'),
      'big.yml': lines(
        'spec:',
        '  inputs:',
        '    v:',
        `      default: "${'x'.repeat(100_000)}"`,
        '---',
        'j:',
        '  script:',
        ...range(5000).map((i) => `    - "${i} $[[ inputs.v ]]"`),
      ),
    }),
  'braces {a,b}×20': (dir) =>
    write(dir, {
      '.gitlab-ci.yml': lines(
        'j:',
        '  script: x',
        '  rules:',
        `    - exists: ["${'{a,b}'.repeat(20)}"]`,
        `    - changes: ["${'{a,b}'.repeat(20)}"]`,
      ),
    }),
  'include wildcard 40 × **': (dir) =>
    write(dir, {
      '.gitlab-ci.yml': lines('include:', `  - local: "a/${'**/'.repeat(40)}x.yml"`, 'j: {script: x}'),
      [`a/${'b/'.repeat(60)}${'c'.repeat(200)}.yml`]: 'k: {script: x}\n',
    }),
  'include chain of 200': (dir) =>
    write(
      dir,
      Object.fromEntries<string>([
        ['.gitlab-ci.yml', lines('include: c0.yml', 'j: {script: x}')],
        ...range(200).map((i): [string, string] => [
          `c${i}.yml`,
          lines(`include: c${i + 1}.yml`, `j${i}: {script: x}`),
        ]),
      ]),
    ),
  '2,000 globs, distinct prefixes': (dir) =>
    write(dir, {
      '.gitlab-ci.yml': lines(
        'stages: [build, test]',
        ...range(2000).map((i) => `p${i}: {stage: build, script: x, artifacts: {paths: ["out/job-${i}-*/*.bin"]}}`),
        'c: {stage: test, script: x}',
      ),
    }),
  '2,000 globs in one folder': (dir) =>
    write(dir, {
      '.gitlab-ci.yml': lines(
        'stages: [build, test]',
        ...range(2000).map((i) => `p${i}: {stage: build, script: x, artifacts: {paths: ["out/*-${i}.bin"]}}`),
        'c: {stage: test, script: x}',
      ),
    }),
  '2,500 producers × 2,500 consumers': (dir) =>
    write(dir, {
      '.gitlab-ci.yml': lines(
        'stages: [build, test]',
        ...range(2500).map((i) => `b${i}: {stage: build, script: x, artifacts: {paths: [b${i}.txt]}}`),
        ...range(2500).map((i) => `t${i}: {stage: test, script: x}`),
      ),
    }),
  '60 jobs × parallel: 200': (dir) =>
    write(dir, { '.gitlab-ci.yml': lines(...range(60).map((i) => `j${i}: {script: x, parallel: 200}`)) }),
  'YAML alias bomb': (dir) =>
    write(dir, {
      '.gitlab-ci.yml': lines(
        'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
        ...range(8).map(
          (i) =>
            `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${range(10)
              .map(() => `*${String.fromCharCode(97 + i)}`)
              .join(',')}]`,
        ),
        'j: {script: x}',
      ),
    }),
  'YAML nesting 100,000 deep': (dir) =>
    write(dir, { '.gitlab-ci.yml': `j: {script: x, variables: {A: ${'['.repeat(100_000)}${']'.repeat(100_000)}}}\n` }),
  'paths outside the project': (dir) => {
    write(dir, {
      '../outside.yml': 'stolen: {script: x}\n',
      '.gitlab-ci.yml': lines(
        'include:',
        '  - local: ../outside.yml',
        '  - local: link.yml',
        '  - local: up/outside.yml',
        'j: {script: x}',
      ),
    });
    symlinkSync(join(dir, '..', 'outside.yml'), join(dir, 'link.yml'));
    symlinkSync(join(dir, '..'), join(dir, 'up'));
  },
  'FIFO, /dev/zero, 2 MB file': (dir) => {
    write(dir, {
      'big.yml': `a: "${'x'.repeat(2 * 1024 * 1024)}"\n`,
      '.gitlab-ci.yml': lines(
        'include:',
        '  - local: pipe.yml',
        '  - local: zero.yml',
        '  - local: big.yml',
        'j: {script: x}',
      ),
    });
    execFileSync('mkfifo', [join(dir, 'pipe.yml')]);
    symlinkSync('/dev/zero', join(dir, 'zero.yml'));
  },
};

/** Writes every class under `base` (one `<n>/project` folder each) and returns the root files to analyse. */
export function writeHostileProjects(base: string): HostileProject[] {
  return Object.entries(CLASSES).map(([name, make], i) => {
    const dir = join(base, String(i), 'project');
    mkdirSync(dir, { recursive: true });
    make(dir);
    return { name, file: join(dir, '.gitlab-ci.yml') };
  });
}
