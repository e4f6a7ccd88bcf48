// What the extension host itself needs of a model: the Problems panel, the banner, the files to watch, and the
// jobs' positions (cursor → job, Reveal Job). The full model goes to the webview as pre-encoded bytes; the host
// receives only this summary, so taking a 5,000-job model off the worker never stalls the host's thread.
import type { FlowJob, FlowModel } from '../ci/model';

export type HostJob = Pick<FlowJob, 'name' | 'group' | 'file' | 'line' | 'range'>;

export interface HostModel extends Pick<FlowModel, 'root' | 'pipeline' | 'diagnostics' | 'includes'> {
  jobs: HostJob[];
}

export function hostModelOf(model: FlowModel): HostModel {
  return {
    root: model.root,
    pipeline: model.pipeline,
    diagnostics: model.diagnostics,
    includes: model.includes,
    jobs: model.jobs.map((j) => ({ name: j.name, group: j.group, file: j.file, line: j.line, range: j.range })),
  };
}
