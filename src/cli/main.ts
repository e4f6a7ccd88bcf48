// `artifact-flow` entry: dispatches subcommands. Each command reports its own usage errors (options.ts);
// anything it did not expect becomes one line on stderr and exit code 2.
import { runFlow } from './flowCommand';
import { runDownload } from './downloadCommand';
import { runVerify } from './verifyCommand';
import { FLOW_USAGE } from './flowArgs';

async function main(argv: string[]): Promise<number> {
  const out = { stdout: (s: string) => process.stdout.write(s), stderr: (s: string) => process.stderr.write(s) };
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') {
    out.stdout(`${FLOW_USAGE}\n`);
    return 0;
  }
  if (first === 'flow') return runFlow(rest, out, process.env);
  if (first === 'download') return runDownload(rest, process.env, out);
  if (first === 'verify') return runVerify(rest, out, process.env);
  return runFlow(argv, out, process.env);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`artifact-flow: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
