// Test helpers: run the engine over in-memory files, the way the extension serves editor buffers.
import assert from 'node:assert/strict';
import { analyze, defaultContext } from '../../../src/ci/analyze';
import type { FileReader } from '../../../src/ci/fileReader';
import type { FlowJob, FlowModel, PipelineContext } from '../../../src/ci/model';

export function memoryReader(files: Record<string, string>): FileReader {
  return {
    read: (p) => Promise.resolve(files[p]),
    list: () => Promise.resolve(Object.keys(files).sort()),
  };
}

export function run(yaml: string | Record<string, string>, ctx: Partial<PipelineContext> = {}): Promise<FlowModel> {
  const files = typeof yaml === 'string' ? { '.gitlab-ci.yml': yaml } : yaml;
  return analyze({ root: '.gitlab-ci.yml', reader: memoryReader(files), context: { ...defaultContext(), ...ctx } });
}

export const mrContext: Partial<PipelineContext> = {
  source: 'merge_request_event',
  refKind: 'mr',
  branch: 'feat',
  mrSource: 'feat',
  mrTarget: 'main',
  mrIid: '7',
};
export const tagContext: Partial<PipelineContext> = { source: 'push', refKind: 'tag', tag: 'v1.0' };
export const scheduleContext: Partial<PipelineContext> = { source: 'schedule' };

export function job(m: FlowModel, name: string): FlowJob {
  const j = m.jobs.find((x) => x.name === name);
  assert.ok(j, `job ${name} exists (have: ${m.jobs.map((x) => x.name).join(', ')})`);
  return j;
}

/** Sources as `name` or `name (files, dotenv)` strings, in extraction order. */
export function sources(m: FlowModel, name: string, detail = false): string[] {
  return job(m, name).sources.map((s) => {
    const label =
      s.scope === 'local'
        ? s.job
        : s.scope === 'parent'
          ? `parent:${s.job}`
          : `${s.project ?? ''}:${s.job}@${s.ref ?? ''}`;
    if (!detail) return label;
    const what = [s.files ? 'files' : '', s.dotenv ? 'dotenv' : ''].filter(Boolean).join(', ');
    return what ? `${label} (${what})` : label;
  });
}

export function errors(m: FlowModel): string[] {
  return m.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
}

export function codes(m: FlowModel, severity?: 'error' | 'warning' | 'info'): string[] {
  return m.diagnostics.filter((d) => severity === undefined || d.severity === severity).map((d) => d.code);
}

export function assertNoErrors(m: FlowModel): void {
  assert.deepEqual(errors(m), []);
}

export function included(m: FlowModel): string[] {
  return m.jobs.filter((j) => j.inPipeline).map((j) => j.name);
}
