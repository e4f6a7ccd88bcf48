// Guards for values that cross the host ↔ webview boundary (src/protocol.ts): the host treats everything the webview
// sends, and the webview everything it restores, as untrusted. Pure: no `vscode`, no DOM.
import { PIPELINE_SOURCES } from './ci/model';
import type { PipelineContext, PipelineSource } from './ci/model';

/** Limits for untrusted strings: a job name is at most 255 characters in GitLab; SVGs may be large. */
export const limits = { name: 1024, text: 4096, svg: 64 * 1024 * 1024, variables: 500, toggled: 500 } as const;

/**
 * Downstream pipelines are named by path: `ds:<trigger job>` for a pipeline the parent's trigger job creates,
 * `ds:<trigger>/ds:<trigger>` for a grandchild. The webview's node ids and the host's summary both use this.
 */
export function downstreamPath(trigger: string, parentPath?: string): string {
  return parentPath === undefined ? `ds:${trigger}` : `${parentPath}/ds:${trigger}`;
}

/** A well-formed downstream path from untrusted input (the host still looks it up in its own model). */
export function isDownstreamPath(x: unknown): x is string {
  return isString(x, limits.text) && x.startsWith('ds:') && x.length > 3;
}

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function isString(x: unknown, max: number = limits.text): x is string {
  return typeof x === 'string' && x.length <= max;
}

function isOptionalString(o: Record<string, unknown>, key: string, max: number = limits.text): boolean {
  return !(key in o) || o[key] === undefined || isString(o[key], max);
}

const pipelineSources: ReadonlySet<string> = new Set<string>(PIPELINE_SOURCES);

export function isPipelineSource(x: unknown): x is PipelineSource {
  return typeof x === 'string' && pipelineSources.has(x);
}

/** Validates a pipeline context field by field (untrusted input). */
export function isPipelineContext(x: unknown): x is PipelineContext {
  if (!isRecord(x)) return false;
  if (!isPipelineSource(x.source)) return false;
  if (x.refKind !== 'branch' && x.refKind !== 'tag' && x.refKind !== 'mr') return false;
  if (!isString(x.defaultBranch, limits.name)) return false;
  for (const key of ['branch', 'tag', 'mrSource', 'mrTarget', 'mrIid', 'projectPath']) {
    if (!isOptionalString(x, key, limits.name)) return false;
  }
  const vars = x.variables;
  if (!isRecord(vars)) return false;
  const entries = Object.entries(vars);
  if (entries.length > limits.variables) return false;
  return entries.every(([k, v]) => k.length <= limits.name && isString(v));
}

export function isJobName(x: unknown): x is string {
  return isString(x, limits.name) && x.length > 0;
}
