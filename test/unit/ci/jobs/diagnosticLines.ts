// Test helper for the jobs mutant tests: every diagnostic of an analysis as one line holding its severity, code,
// message and where it starts, so one deepEqual pins all four (a changed code, text or place shows).
import { run } from '../helpers';
import type { PipelineContext } from '../../../../src/ci/model';

export async function diagnosticLines(
  yaml: string | Record<string, string>,
  ctx: Partial<PipelineContext> = {},
): Promise<string[]> {
  const m = await run(yaml, ctx);
  return m.diagnostics.map(
    (d) => `${d.severity} ${d.code} ${d.line}:${d.column} ${d.message}${d.job === undefined ? '' : ` [${d.job}]`}`,
  );
}

/** An include that cannot be read offline: the analysis is lenient (parts of jobs may live there). */
export const UNRESOLVED_INCLUDE = 'include: [{project: g/t, file: s.yml}]\n';
