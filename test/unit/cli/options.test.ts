// The one way the CLI reads its options (node:util parseArgs, checked by readOptions) and reports usage
// errors: both subcommands word them alike and exit with code 2, before any request is made.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readOptions, UsageError } from '../../../src/cli/options';
import { runDownload } from '../../../src/cli/downloadCommand';
import { DOWNLOAD_USAGE } from '../../../src/cli/downloadArgs';
import { runFlow } from '../../../src/cli/flowCommand';
import { FLOW_USAGE } from '../../../src/cli/flowArgs';

const SPECS = {
  out: { type: 'string' },
  var: { type: 'string', multiple: true },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

void test('readOptions: values inline or separate, repeated lists, short flags, and a value that starts with one dash', () => {
  const r = readOptions(['--out=a', '--var', 'K=1', '--var=L=2', '-h', '--verbose', 'pos'], SPECS, 1);
  assert.deepEqual({ ...r.values }, { out: 'a', var: ['K=1', 'L=2'], help: true, verbose: true });
  assert.deepEqual(r.positionals, ['pos']);
  // `--out -` is stdout for `download --file`, and a job may be named `-x`.
  assert.equal(readOptions(['--out', '-'], SPECS, 0).values.out, '-');
  assert.equal(readOptions(['--out', '-x'], SPECS, 0).values.out, '-x');
});

void test('readOptions: every mistake is a UsageError with our wording', () => {
  const cases: [string[], string][] = [
    [['--nope'], 'unknown option --nope'],
    [['-x'], 'unknown option -x'],
    [['--constructor'], 'unknown option --constructor'],
    [['--out'], '--out needs a value'],
    [['--out', '--verbose'], '--out needs a value'],
    [['--verbose=yes'], '--verbose takes no value'],
    [['a', 'b'], 'unexpected argument b'],
  ];
  for (const [argv, message] of cases) {
    assert.throws(
      () => readOptions(argv, SPECS, 1),
      (e: unknown) => e instanceof UsageError && e.message === message,
      argv.join(' '),
    );
  }
});

async function capture(
  run: (out: { stdout: (s: string | Uint8Array) => void; stderr: (s: string) => void }) => Promise<number>,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run({
    stdout: (s) => {
      out += typeof s === 'string' ? s : Buffer.from(s).toString('utf8');
    },
    stderr: (s) => {
      err += s;
    },
  });
  return { code, out, err };
}

void test('both subcommands report a usage error the same way: the message, their usage, exit code 2', async () => {
  const flow = await capture((out) => runFlow(['--nope'], out));
  assert.deepEqual(flow, { code: 2, out: '', err: `artifact-flow: unknown option --nope\n\n${FLOW_USAGE}\n` });
  const download = await capture((out) => runDownload(['--nope'], {}, out));
  assert.deepEqual(download, {
    code: 2,
    out: '',
    err: `artifact-flow download: unknown option --nope\n\n${DOWNLOAD_USAGE}\n`,
  });
  const noUrl = await capture((out) => runDownload(['--project', '7', '--job-id', '1'], {}, out));
  assert.equal(noUrl.code, 2);
  assert.match(noUrl.err, /^artifact-flow download: set --url or CI_SERVER_URL/);
  const badInt = await capture((out) =>
    runDownload(['--job-id', '0'], { CI_SERVER_URL: 'https://gitlab.example.com', CI_PROJECT_ID: '7' }, out),
  );
  assert.match(badInt.err, /^artifact-flow download: --job-id must be a positive integer, not "0"/);
  const help = await capture((out) => runDownload(['-h'], {}, out));
  assert.deepEqual(help, { code: 0, out: `${DOWNLOAD_USAGE}\n`, err: '' });
});
