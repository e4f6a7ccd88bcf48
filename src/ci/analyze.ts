// The engine's entry point. Work in progress: the full pipeline (load → include → extends → !reference →
// jobs → rules → dependency lists → conflicts) lands with the engine issue.
import type { FileReader } from './fileReader';
import type { FlowModel, PipelineContext } from './model';

export interface AnalyzeOptions {
  /** Repository-relative path of the root configuration, usually `.gitlab-ci.yml`. */
  root: string;
  reader: FileReader;
  context: PipelineContext;
}

export function defaultContext(): PipelineContext {
  return { source: 'push', refKind: 'branch', branch: 'main', defaultBranch: 'main', variables: {} };
}

export async function analyze(options: AnalyzeOptions): Promise<FlowModel> {
  await options.reader.read(options.root);
  return { schema: 1, context: options.context, stages: [], pipeline: { created: true }, jobs: [], diagnostics: [], includes: [], root: options.root };
}
