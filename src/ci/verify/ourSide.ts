// What "Compare with GitLab" needs of our model: the jobs of the pipeline (name as GitLab writes it after
// parallel/matrix expansion, stage, `when`, needs) and our verdict on the configuration. Small and plain, so the
// extension's analysis worker can send it to the host instead of the whole model.
import type { FlowModel, PipelineContext } from '../model';

export interface OurJob {
  name: string;
  stage: string;
  when: string;
  /** The jobs it needs (after parallel expansion); undefined for a stage-scheduled job. */
  needs?: string[];
  /** Set when the job is in the pipeline only on an assumption (a rule on a variable we cannot know). */
  assumed?: string;
}

export interface OurSide {
  context: PipelineContext;
  /** The jobs of the pipeline, in definition order (jobs the context leaves out are not listed). */
  jobs: OurJob[];
  /** Whether the pipeline would be created, and GitLab's message when not (workflow rules, errors). */
  created: boolean;
  message?: string;
  /** Created only on an assumption about `workflow:rules` (what is unknown). */
  assumed?: string;
  /** Our error diagnostics, as `file:line: message`. */
  errors: { message: string; at: string }[];
  /** Why our job list may be short (the job limit). */
  incomplete: string[];
}

export function ourSide(model: FlowModel): OurSide {
  const jobs: OurJob[] = model.jobs
    .filter((j) => j.inPipeline)
    .map((j) => ({
      name: j.name,
      stage: j.stage,
      when: j.when,
      ...(j.needs ? { needs: j.needs } : {}),
      ...(j.assumed !== undefined ? { assumed: j.assumed } : {}),
    }));
  // Includes we could not read are told by the merged configuration (mergedConfig.ts), which sends them on.
  const incomplete: string[] = [];
  if (model.diagnostics.some((d) => d.code === 'too-many-jobs')) {
    incomplete.push('jobs past our job limit are left out');
  }
  return {
    context: model.context,
    jobs,
    created: model.pipeline.created,
    ...(model.pipeline.message !== undefined ? { message: model.pipeline.message } : {}),
    ...(model.pipeline.assumed !== undefined ? { assumed: model.pipeline.assumed } : {}),
    errors: model.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => ({ message: d.message, at: `${d.file}:${d.line}` })),
    incomplete,
  };
}
