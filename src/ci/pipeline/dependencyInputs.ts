// The two sides of a dependency computation (dependencies.ts, missingSources.ts): what the pipeline offers a job
// (DependencyScope) and what the job asks for (JobReferences).
import type { SourceRange } from '../model';
import type { JobDef, NameRef } from '../jobs/jobTypes';
import type { ExpandedNeed } from '../jobs/references';
import type { ParentPipeline } from './parentPipeline';
import type { Receiver } from './receiving';

export interface DependencyScope {
  jobs: readonly JobDef[];
  byName: ReadonlyMap<string, JobDef>;
  stages: readonly string[];
  /** Why a job is not in this pipeline, or undefined when it is. */
  exclusion(name: string): string | undefined;
  /** The parent pipeline's jobs, when the analysed file runs as its child. */
  parent?: ParentPipeline;
  /** Runner jobs of this pipeline (trigger jobs have no artifacts), in creation order. Computed once. */
  eligible: () => readonly JobDef[];
  eligibleSet: () => ReadonlySet<JobDef>;
}

/** A job's references, read once: what each step of the computation needs. */
export interface JobReferences {
  readonly job: JobDef;
  readonly receiver: Receiver;
  readonly needs: ExpandedNeed[] | null;
  readonly dependencies: NameRef[] | null;
  /** `needs:` is present (even empty): the job leaves stage order. */
  readonly dag: boolean;
  readonly localNeeds: ExpandedNeed[];
  readonly depNames: ReadonlyMap<string, NameRef> | null;
}

/** A source or an explanation placed on the YAML that caused it, when that is known. */
export function withAt<T extends object>(o: T, at: SourceRange | undefined): T & { at?: SourceRange } {
  return at ? { ...o, at } : o;
}
