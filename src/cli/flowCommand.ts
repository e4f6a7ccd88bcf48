// `artifact-flow flow`: analyse a configuration on disk and print the model as text or JSON (schema 1).
import { dirname, basename, resolve } from 'node:path';
import { analyze } from '../ci/analyze';
import { nodeFileReader } from './nodeFileReader';
import { formatText } from './formatText';
import { parseFlowArgs } from './args';

export interface Output { stdout: (s: string) => void; stderr: (s: string) => void }

export async function runFlow(argv: readonly string[], out: Output): Promise<number> {
  const args = parseFlowArgs(argv);
  const full = resolve(args.path);
  const model = await analyze({ root: basename(full), reader: nodeFileReader(dirname(full)), context: args.context });
  out.stdout(args.format === 'json' ? `${JSON.stringify(model, null, 2)}\n` : formatText(model));
  return model.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}
