// Survivors of src/ci/jobs/dotenvKeys.ts: which keys a script is seen writing into its dotenv report, and when the
// report would be rejected (app/services/ci/parse_dotenv_artifact_service.rb: every line KEY=VALUE, at most 20
// variables, under 5,120 bytes). A shell-level prediction: `echo`/`printf` with flags and any spacing, `>`/`>>`
// or `| tee [-a]`, the file named with or without $CI_PROJECT_DIR/ and directories.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { predictDotenvKeys, predictDotenvRejection, scriptLines } from '../../../../src/ci/jobs/dotenvKeys';
import type { YMap, YNode } from '../../../../src/ci/yaml/node';

const at = { file: 'f', line: 1, column: 1, endLine: 1, endColumn: 1 };
const str = (value: string): YNode => ({ kind: 'scalar', value, range: at });
function jobWith(scripts: Record<string, (string | YNode)[]>): YMap {
  return {
    kind: 'map',
    range: at,
    entries: Object.entries(scripts).map(([key, lines]) => ({
      key,
      keyRange: at,
      value: { kind: 'seq', range: at, items: lines.map((l) => (typeof l === 'string' ? str(l) : l)) },
    })),
  };
}
const keys = (lines: string[], files = ['build.env']): string[] => predictDotenvKeys(jobWith({ script: lines }), files);

void test('keys written with echo/printf and > or >>, any spacing and flags', () => {
  const rows: [string, string[]][] = [
    ['echo  A=1 >> build.env', ['A']],
    ['echo "AB=1" >> build.env', ['AB']],
    ['echo -ne AB=1 >> build.env', ['AB']],
    ['echo -e AB=1 >> build.env', ['AB']],
    ['echo -e  AB=1 >> build.env', ['AB']],
    ['printf "AB=1\\n" > build.env', ['AB']],
    ["echo 'AB=1'>>build.env", ['AB']],
    ['echo AB=1 >> "build.env"', ['AB']],
    ['echo AB=1 >> build.env; echo C=2 >> other.env', ['AB']],
    ['echo AB=1 >> build.env&& true', ['AB']],
    ['echo AB=1 >> notbuild.env', []],
    ['echo AB=1 >> build.envx', []],
    ['echo AB=1', []],
  ];
  for (const [line, want] of rows) assert.deepEqual(keys([line]), want, line);
});

void test('keys written through tee, with or without -a, quoted or not', () => {
  const rows: [string, string[]][] = [
    ['echo "AB=1" | tee -a build.env', ['AB']],
    ['echo AB=1 |tee build.env', ['AB']],
    ['echo  AB=1 | tee build.env', ['AB']],
    ['echo -n AB=1 | tee build.env', ['AB']],
    ['echo -ne ABC=1 | tee build.env', ['ABC']],
    ['echo -e  AB=1 | tee build.env', ['AB']],
    ["echo 'AB=1' | tee  -a  'build.env'", ['AB']],
    ['echo "AB=1" | tee -a build.env > /dev/null', ['AB']],
    ['echo "AB=1" | tee -a build.env;', ['AB']],
    ['echo "AB=1" | tee -a build.env|cat', ['AB']],
    ['echo "AB=1" | tee -a build.env&', ['AB']],
    ['(echo "AB=1" | tee -a build.env)', ['AB']],
    ['echo "AB=1" | tee other.env', []],
    ['echo "1B=1" | tee build.env', []],
  ];
  for (const [line, want] of rows) assert.deepEqual(keys([line]), want, line);
});

void test('the file is matched by its name: $CI_PROJECT_DIR/ and directories do not hide it', () => {
  assert.deepEqual(keys(['echo A=1 >> $CI_PROJECT_DIR/build.env', 'echo B=1 >> ${CI_PROJECT_DIR}/out/build.env']), [
    'A',
    'B',
  ]);
  assert.deepEqual(keys(['echo A=1 >> out/sub/build.env'], ['out/sub/build.env']), ['A']);
  assert.deepEqual(keys(['echo A=1 >> out/build.env'], ['build.env']), ['A']);
});

void test('before_script, script and after_script are all read, in that order, once per key', () => {
  const job = jobWith({
    after_script: ['echo C=1 >> build.env'],
    script: ['echo B=1 >> build.env', 'echo A=2 >> build.env'],
    before_script: ['echo A=1 >> build.env'],
  });
  assert.deepEqual(predictDotenvKeys(job, ['build.env']), ['A', 'B', 'C']);
});

void test('no dotenv report: no keys', () => {
  assert.deepEqual(keys(['echo A=1 >> build.env'], []), []);
});

void test('scriptLines: the text lines only (a non-text item is no line)', () => {
  const job = jobWith({ script: ['a', str(''), { kind: 'map', range: at, entries: [] }, 'b'] });
  assert.deepEqual(scriptLines(job), ['a', 'b']);
});

const BIG = 'Dotenv Artifact Too Big. Maximum Allowable Size: 5120';
const reject = (lines: string[]): string | undefined =>
  predictDotenvRejection(jobWith({ script: lines }), ['build.env'])?.message;

void test('rejection: a literal value counts toward the size; a variable or substitution makes it unknown', () => {
  const x = 'x'.repeat(5200);
  assert.equal(reject([`echo "A=${x}" >> build.env`]), BIG);
  assert.equal(reject([`echo A=${x} >> build.env`]), BIG);
  assert.equal(reject([`echo "A=${x}$SUFFIX" >> build.env`]), undefined);
  assert.equal(reject([`echo "A=${x}\`date\`" >> build.env`]), undefined);
  // The size stays unknown for the whole report once one value is.
  assert.equal(reject(['echo "B=$X" >> build.env', `echo "A=${x}" >> build.env`]), undefined);
});

void test('rejection: single quotes keep $ literal (no expansion), unless a backslash may be an escape', () => {
  const x = 'x'.repeat(5200);
  assert.equal(reject([`echo 'A=${x}$HOME' >> build.env`]), BIG);
  assert.equal(reject([`echo 'A=${x}\\t' >> build.env`]), undefined);
  assert.equal(reject([`echo "A=${x}\\t" >> build.env`]), undefined);
});

void test('rejection: an unknown value keeps its key judged', () => {
  assert.equal(
    reject(['echo "MY-VAR=$X" >> build.env']),
    "Validation failed: Key can contain only letters, digits and '_'.",
  );
  assert.equal(reject(['echo "A=$X" >> build.env']), undefined);
});

void test('rejection: the line named is the script line, trimmed, that makes it so', () => {
  const r = predictDotenvRejection(
    jobWith({ script: ['echo "A=1" >> build.env\n   echo "bad line" >> build.env   \n'] }),
    ['build.env'],
  );
  assert.deepEqual(r, { message: 'Invalid Format', line: 'echo "bad line" >> build.env' });
});

void test('rejection: the writes read, whatever the spacing, flags, quotes and the command before', () => {
  const rows: [string[], string | undefined][] = [
    [['true;echo "bad" >> build.env'], 'Invalid Format'],
    [['true && echo "bad" >> build.env'], 'Invalid Format'],
    [['command echo "bad" >> build.env'], 'Invalid Format'],
    [['echo "bad">>build.env'], 'Invalid Format'],
    [['echo "bad" >>build.env'], 'Invalid Format'],
    [['echo "bad" >> "build.env"'], 'Invalid Format'],
    [["echo 'bad' >> 'build.env'"], 'Invalid Format'],
    [['echo>>build.env', 'echo "A=1" >> build.env'], 'Invalid Format'],
    // Flags are not text: the quoted argument after them is the whole line.
    [['echo -e "A=1" >> build.env'], undefined],
    [['echo  -e "A=1" >> build.env'], undefined],
    [['echo -ne "A=1" >> build.env'], undefined],
    [['echo -n -e "A=1" >> build.env'], undefined],
    // Only a quote around the whole argument is removed: B=x"y" prints B=xy, a valid line.
    [['echo B=x"y" >> build.env'], undefined],
  ];
  for (const [lines, want] of rows) assert.equal(reject(lines), want, lines.join(' / '));
});

void test('rejection: with the size unknown, the count of variables and the keys are still judged', () => {
  const lines = [
    'echo "K0=$X" >> build.env',
    ...Array.from({ length: 20 }, (_, i) => `echo "K${i + 1}=v" >> build.env`),
  ];
  assert.equal(reject(lines), 'Dotenv files cannot have more than 20 variables');
  const long = 'K'.repeat(256);
  assert.deepEqual(
    predictDotenvRejection(jobWith({ script: [`echo "${long}=1" >> build.env`, 'echo "B=$X" >> build.env'] }), [
      'build.env',
    ]),
    {
      message: 'Validation failed: Key is too long (maximum is 255 characters)',
      line: `echo "${long}=1" >> build.env`,
    },
  );
});

void test('rejection: no dotenv report, nothing judged', () => {
  assert.equal(predictDotenvRejection(jobWith({ script: ['echo "" >> build.env'] }), []), undefined);
});

void test('lines whose written text we cannot know never make a rejection: unknown, not an error', () => {
  // `echo "$LINE"` and `$(cat vars)` may print valid KEY=VALUE lines; `${K}=1` has an unknown key; `"A"=1` and
  // `"A=1" x` are written by the shell as A=1 and A=1 x (parse_dotenv_artifact_service.rb accepts both);
  // `printf 'A\nB=1'` writes two lines we do not interpret.
  for (const line of [
    'echo "$LINE" >> build.env',
    'echo $(cat vars) >> build.env',
    'echo "${K}=1" >> build.env',
    'echo "A"=1 >> build.env',
    'echo "A=1" x >> build.env',
    "printf 'A\\nB=1' >> build.env",
  ]) {
    assert.equal(reject([line]), undefined, line);
  }
  // A line that is wrong by itself still rejects the report, whatever the unknown lines print.
  assert.equal(reject(['echo "$LINE" >> build.env', 'echo "# note" >> build.env']), 'Invalid Format');
  // `>` starts the file again: what was unknown before it is gone.
  assert.equal(reject(['echo "$LINE" >> build.env', 'echo A > build.env']), 'Invalid Format');
});
