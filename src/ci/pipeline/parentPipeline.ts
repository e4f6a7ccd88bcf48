// Child pipelines (spec R5.4): when the analysed file is run as a child of `.gitlab-ci.yml`
// (`trigger:include: local`), a `needs:pipeline:job` source can be described from the parent's own job
// definition: whether it uploads an archive and whether it has a dotenv report.
import { DiagnosticSink } from '../diagnostics';
import type { ArtifactSpec } from '../model';
import { expandIncludes, type IncludeEnv } from '../include/resolveIncludes';
import { resolveExtends } from '../merge/extends';
import { resolveReferences } from '../merge/reference';
import { buildJobs } from '../jobs/buildJobs';
import { triggerLocalFiles } from '../jobs/needs';

export const PARENT_CANDIDATE = '.gitlab-ci.yml';

export interface ParentPipeline {
  file: string;
  /** The trigger job that runs the analysed file. */
  trigger: string;
  artifacts: ReadonlyMap<string, ArtifactSpec | null>;
}

export async function findParentPipeline(
  root: string,
  env: Omit<IncludeEnv, 'sink'>,
): Promise<ParentPipeline | undefined> {
  if (root === PARENT_CANDIDATE) return undefined;
  // The parent's own problems belong to the parent's view; here they are only context.
  const sink = new DiagnosticSink();
  const expanded = await expandIncludes(PARENT_CANDIDATE, { ...env, sink });
  const extended = expanded.root && resolveExtends(expanded.root, sink);
  const config = extended && resolveReferences(extended, sink);
  if (!config) return undefined;
  const { jobs } = buildJobs(config, sink);
  const trigger = jobs.find((j) => j.kind === 'trigger' && triggerLocalFiles(j.node).includes(root));
  if (!trigger) return undefined;
  return {
    file: PARENT_CANDIDATE,
    trigger: trigger.name,
    artifacts: new Map(jobs.map((j) => [j.name, j.artifacts] as const)),
  };
}
