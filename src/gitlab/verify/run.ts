// "Compare with GitLab", the part both the CLI and the extension share: send the merged configuration to the
// project's CI lint twice — a dry run on the ref (which jobs a push pipeline there creates, with stage and `when`)
// and a static check (their needs) — and compare with our model for that same pipeline. The dry run failing is an
// error for the caller; the static check failing only means needs are not compared (said in the report).
import type { GitLabClient } from '../client';
import { GitLabApiError } from '../errors';
import type { MergedConfig } from '../../ci/verify/mergedConfig';
import type { OurSide } from '../../ci/verify/ourSide';
import { type Comparison, compare } from './compare';
import { lintConfig } from './lint';

export interface VerifyRequest {
  project: string;
  /** The branch or tag GitLab's dry run simulates a push pipeline on (ours is computed for the same). */
  ref: string;
  refKind: 'branch' | 'tag';
  config: MergedConfig;
  ours: OurSide;
  signal?: AbortSignal;
}

export interface VerifyReport {
  project: string;
  ref: string;
  refKind: 'branch' | 'tag';
  comparison: Comparison;
  /** What was sent: `merged` or `raw`, files inlined, includes left for GitLab to resolve. */
  sent: Omit<MergedConfig, 'content'>;
  /** What the reader should keep in mind (the context, what we could not see). */
  notes: string[];
}

export async function verifyWithGitLab(client: GitLabClient, req: VerifyRequest): Promise<VerifyReport> {
  const common = { project: req.project, content: req.config.content, ...(req.signal ? { signal: req.signal } : {}) };
  const dryRun = await lintConfig(client, { ...common, dryRun: true, ref: req.ref });
  let staticCheck: Awaited<ReturnType<typeof lintConfig>> | { error: string };
  try {
    staticCheck = await lintConfig(client, { ...common, dryRun: false });
  } catch (e) {
    if (req.signal?.aborted || (e instanceof GitLabApiError && e.kind === 'cancelled')) throw e;
    staticCheck = { error: e instanceof Error ? e.message : String(e) };
  }
  const comparison = compare(req.ours, dryRun, staticCheck);
  const { content: _content, ...sent } = req.config;
  return { project: req.project, ref: req.ref, refKind: req.refKind, comparison, sent, notes: notesFor(req) };
}

function notesFor(req: VerifyRequest): string[] {
  const notes = [
    `GitLab's dry run simulates a push pipeline on ${req.refKind} ${req.ref}; ours is computed for the same (source push, ${req.refKind} ${req.ref}).`,
    `rules:exists and rules:changes: GitLab reads the repository at ${req.ref}, we read the working copy.`,
  ];
  if (req.config.form === 'raw') {
    notes.push(
      `The configuration does not load here, so ${req.config.files[0] ?? 'the root file'} was sent as written: GitLab reads its local includes from the repository at ${req.ref}.`,
    );
  }
  for (const s of req.config.sent) notes.push(`include ${s} is not read here; it was sent for GitLab to resolve.`);
  for (const s of req.config.notSent) {
    notes.push(`include ${s} (in a fetched file) is not read here and could not be sent: GitLab misses it too.`);
  }
  for (const s of req.ours.incomplete) notes.push(`Ours: ${s}.`);
  if (req.ours.assumed) notes.push(`Ours: the pipeline is created on an assumption: ${req.ours.assumed}`);
  return notes;
}
