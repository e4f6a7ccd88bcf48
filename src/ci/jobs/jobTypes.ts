// The engine's internal job record: one per pipeline job after parallel expansion.
import type { ArtifactSpec, SourceRange } from '../model';
import type { YMap } from '../yaml/node';

export interface NeedSpec {
  /** `job` (same pipeline), `pipeline` (needs:pipeline:job), `project` (needs:project), `bridge` (needs:pipeline status mirror). */
  type: 'job' | 'pipeline' | 'project' | 'bridge';
  /** The job name as written (before parallel expansion). */
  job: string;
  artifacts: boolean;
  optional: boolean;
  pipeline?: string;
  project?: string;
  ref?: string;
  /** Instance names selected by `needs:parallel:matrix`, when given. */
  matrixNames?: string[];
  range: SourceRange;
}

export interface NameRef {
  name: string;
  range: SourceRange;
}

export interface JobDef {
  name: string;
  /** The base name before parallel expansion. */
  group: string;
  kind: 'job' | 'trigger';
  /** The job's mapping after `extends`, `!reference` and `default:`. */
  node: YMap;
  keyRange: SourceRange;
  stage: string;
  /** Position of the stage in the stage list (-1 when the stage does not exist). */
  stageIndex: number;
  stageRange: SourceRange;
  /** null: no `needs:` key (stage-scheduled). */
  needs: NeedSpec[] | null;
  needsRange?: SourceRange;
  /** null: no `dependencies:` (or null). */
  dependencies: NameRef[] | null;
  dependenciesRange?: SourceRange;
  artifacts: ArtifactSpec | null;
  when: string;
  parallel?: { index: number; total: number; matrix?: Record<string, string> };
  triggers?: string;
  /** Definition order (creation order within a stage). */
  order: number;
}
