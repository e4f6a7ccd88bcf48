// What the editor's language features need to know about the text of every CI file, beside the FlowModel:
// where each job key, `needs`/`dependencies`/`extends`/`!reference` name, include path, stage, `$VAR` and
// `artifacts:paths` entry is written. Built in the analysis worker from the trees it already parsed (so the host
// never parses YAML), sent as JSON, and read by the pure providers of src/editor/. Plain JSON only.

/** Lines and columns are 1-based and the end is exclusive, as in the FlowModel's SourceRange; one line only. */
export interface Span {
  line: number;
  column: number;
  endColumn: number;
}

export type OccurrenceKind =
  | 'need'
  | 'dependency'
  | 'extends'
  | 'reference'
  | 'include'
  | 'trigger-include'
  | 'stage'
  | 'stage-def'
  | 'variable'
  | 'variable-def'
  | 'artifact-path';

/** Kinds whose `name` is a job or template name (what a rename of a job rewrites). */
export const JOB_NAME_KINDS: ReadonlySet<OccurrenceKind> = new Set(['need', 'dependency', 'extends', 'reference']);

export interface Occurrence extends Span {
  kind: OccurrenceKind;
  /** What it names: a job or template, a stage, a variable, an include path or an artifact path (unquoted). */
  name: string;
  /** The top-level key the text is written under ('' outside any, e.g. before the first key). */
  owner: string;
  /**
   * Where the list entry starts, when it differs from the name (`- job: build` maps): the engine's
   * ArtifactSource.at and MissingSource.at point there.
   */
  entry?: { line: number; column: number };
  /** The name is written in quotes (the span excludes them). */
  quoted?: true;
  /** A `!reference` path, all of its items. */
  path?: string[];
}

export type TopLevelKind = 'job' | 'hidden' | 'keyword';

/** A top-level key of a file and the lines its block spans (up to the next top-level key). */
export interface TopLevel extends Span {
  name: string;
  kind: TopLevelKind;
  /** The key is written in quotes (the span excludes them). */
  quoted?: true;
  /** Last line of its block (inclusive). */
  endLine: number;
}

export interface FileIndex {
  /** Repository-relative path, as in the FlowModel. */
  file: string;
  /** In text order. */
  top: TopLevel[];
  /** In text order (line, then column). */
  occurrences: Occurrence[];
}

export interface EditorIndex {
  version: 1;
  files: FileIndex[];
}
