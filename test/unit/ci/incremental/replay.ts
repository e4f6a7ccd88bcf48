// Analyses as the editor runs them, every cache kept (parse cache with its spliced re-parses, job inclusions, the
// check memo, the weak memos of the engine), each compared byte for byte with a fresh analysis of the same files in
// the same context: the incremental engine's contract. Used by the *Mutants tests of this folder, whose edit
// sequences change one thing a cache keys on at a time.
import assert from 'node:assert/strict';
import { analyze, defaultContext } from '../../../../src/ci/analyze';
import { CheckMemo } from '../../../../src/ci/incremental/checkMemo';
import { JobInclusionCache } from '../../../../src/ci/incremental/jobInclusionCache';
import type { FlowModel, PipelineContext } from '../../../../src/ci/model';
import { createParseCache } from '../../../../src/ci/yaml/parseCache';
import { encodeModel } from '../../../../src/protocol';
import { memoryReader } from '../helpers';

export interface Step {
  /** The root file's text, or every file. */
  files: string | Record<string, string>;
  context?: Partial<PipelineContext>;
  changedFiles?: readonly string[];
}

export interface Editor {
  (step: Step | string): Promise<FlowModel>;
  readonly jobInclusions: JobInclusionCache;
  readonly checks: CheckMemo;
}

/** A session: each call analyses with the session's caches and asserts that a fresh analysis gives the same. */
export function editor(options: { maxInclusions?: number; maxClean?: number } = {}): Editor {
  const caches = {
    cache: createParseCache(),
    jobInclusions: new JobInclusionCache(options.maxInclusions),
    checks: new CheckMemo(options.maxClean),
  };
  let n = 0;
  const run = async (input: Step | string): Promise<FlowModel> => {
    const step = typeof input === 'string' ? { files: input } : input;
    const files = typeof step.files === 'string' ? { '.gitlab-ci.yml': step.files } : step.files;
    const context = { ...defaultContext(), ...step.context };
    const base = {
      root: '.gitlab-ci.yml',
      context,
      ...(step.changedFiles ? { changedFiles: step.changedFiles } : {}),
    };
    const kept = await analyze({ ...base, reader: memoryReader(files), ...caches });
    const fresh = await analyze({ ...base, reader: memoryReader(files) });
    const text = (m: FlowModel): string => new TextDecoder().decode(encodeModel(m));
    assert.equal(text(kept), text(fresh), `analysis ${n++} equals a fresh one`);
    return kept;
  };
  return Object.assign(run, { jobInclusions: caches.jobInclusions, checks: caches.checks });
}

/** Runs every step in one session, then again in reverse order in a new one (each order meets the other's cache). */
export async function replay(steps: readonly (Step | string)[]): Promise<FlowModel[]> {
  const forward = editor();
  const out: FlowModel[] = [];
  for (const s of steps) out.push(await forward(s));
  const backward = editor();
  for (const s of [...steps].reverse()) await backward(s);
  return out;
}

/** The names of the jobs in the pipeline, with their `when`. */
export function inPipeline(m: FlowModel): string[] {
  return m.jobs.filter((j) => j.inPipeline).map((j) => `${j.name}:${j.when}`);
}
