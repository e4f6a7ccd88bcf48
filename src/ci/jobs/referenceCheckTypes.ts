// What the needs/dependencies checks share (referenceChecks.ts builds it once per analysis; combinationChecks.ts
// reads it too).
import type { DiagnosticSink } from '../diagnostics';
import type { YNode } from '../yaml/node';
import type { JobDef, NeedSpec } from './jobTypes';

/** What every check shares. */
export interface Checks {
  readonly byName: ReadonlyMap<string, JobDef>;
  readonly sink: DiagnosticSink;
  /** The target's stage runs after the job's (both stages known). */
  readonly later: (target: JobDef, j: JobDef) => boolean;
  /** An unknown name: an error, or with unresolved includes a warning. */
  readonly unresolved: (code: string, message: string, at: JobDef['keyRange'], job: string) => void;
  /** Reports once per job group and key. */
  readonly once: (j: JobDef, key: string, report: () => void) => void;
  /** How many reports were attempted (each through `once`), silenced or not. */
  readonly attempts: { count: number };
  /** Each rule's job needs, read once per mapping (parallel instances share theirs). */
  readonly ruleNeeds: Map<JobDef['node'], { rule: YNode; needs: NeedSpec[] }[]>;
}
