// The pipeline-context selector's values ↔ a PipelineContext. Pure (no DOM) so unit tests cover it; its one
// sentence goes through @vscode/l10n (English when no bundle was configured, as in unit tests).
import * as l10n from '@vscode/l10n';
import type { PipelineContext } from '../src/ci/model';

export type ContextKind = 'branch' | 'tag' | 'mr' | 'schedule';

export interface ContextFormValues {
  kind: ContextKind;
  /** Branch name, tag name, or the merge request's source branch. */
  ref: string;
  defaultBranch: string;
  /** Merge request target branch (empty = the default branch). */
  target: string;
}

export function formFromContext(c: PipelineContext): ContextFormValues {
  if (c.refKind === 'tag') return { kind: 'tag', ref: c.tag ?? '', defaultBranch: c.defaultBranch, target: '' };
  if (c.refKind === 'mr' || c.source === 'merge_request_event') {
    return { kind: 'mr', ref: c.mrSource ?? c.branch ?? '', defaultBranch: c.defaultBranch, target: c.mrTarget ?? '' };
  }
  return {
    kind: c.source === 'schedule' ? 'schedule' : 'branch',
    ref: c.branch ?? '',
    defaultBranch: c.defaultBranch,
    target: '',
  };
}

/** Builds the context; keeps the previous context's variables and project path. */
export function contextFromForm(v: ContextFormValues, previous: PipelineContext | null): PipelineContext {
  const defaultBranch = v.defaultBranch.trim() || 'main';
  const ref = v.ref.trim() || defaultBranch;
  const base: PipelineContext = {
    source: 'push',
    refKind: 'branch',
    defaultBranch,
    variables: { ...(previous?.variables ?? {}) },
  };
  if (previous?.projectPath !== undefined) base.projectPath = previous.projectPath;
  switch (v.kind) {
    case 'tag':
      return { ...base, refKind: 'tag', tag: ref };
    case 'mr': {
      const c: PipelineContext = {
        ...base,
        source: 'merge_request_event',
        refKind: 'mr',
        branch: ref,
        mrSource: ref,
        mrTarget: v.target.trim() || defaultBranch,
      };
      // The form asks no IID: the one of an earlier context, else unknown (never a stand-in value).
      if (previous?.mrIid !== undefined) c.mrIid = previous.mrIid;
      return c;
    }
    case 'schedule':
      return { ...base, source: 'schedule', branch: ref };
    case 'branch':
      return { ...base, branch: ref };
  }
}

export function describeContext(c: PipelineContext): string {
  switch (c.refKind) {
    case 'tag':
      return l10n.t('tag {0}', c.tag ?? '?');
    case 'mr':
      return l10n.t('merge request {0} → {1}', c.mrSource ?? c.branch ?? '?', c.mrTarget ?? c.defaultBranch);
    case 'branch': {
      const branch = c.branch ?? '?';
      const isDefault = c.branch === c.defaultBranch;
      if (c.source === 'schedule') {
        return isDefault
          ? l10n.t('scheduled pipeline on {0} (default)', branch)
          : l10n.t('scheduled pipeline on {0}', branch);
      }
      return isDefault ? l10n.t('branch {0} (default)', branch) : l10n.t('branch {0}', branch);
    }
  }
}
