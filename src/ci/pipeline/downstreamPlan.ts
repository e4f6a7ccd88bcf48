// What one trigger job creates, read from its `trigger:` (spec R5.4): a multi-project pipeline (`trigger: grp/app`,
// `trigger: {project, branch}`) or a child pipeline whose configuration is, as GitLab builds it for a bridge, a
// document holding only `include:` with the trigger's entries (local, project, template, component, remote, and
// `{artifact, job}` for a dynamic child). Also the variables the trigger job passes down (trigger variables).
import type { BuiltJobs } from '../jobs/buildJobs';
import type { JobDef } from '../jobs/jobTypes';
import type { PipelineContext, SourceRange } from '../model';
import { flattenSeq, get, scalarString, toPlain } from '../yaml/node';
import { expandExisting } from '../rules/clauses';
import { layerVariables, plainVariables } from '../rules/variables';

/** `trigger:include: [{artifact, job}]`: the file GitLab reads from `job`'s artifacts when the trigger job runs. */
export interface ArtifactEntry {
  job: string;
  path: string;
  at: SourceRange;
}

export type TriggerPlan =
  | { kind: 'project'; project: string; ref?: string; label: string }
  | {
      kind: 'child' | 'dynamic';
      label: string;
      /** The `include:` entries as plain values, in order (artifact entries included). */
      entries: unknown[];
      /** Where `trigger:include` is written: the child document's own problems are reported there. */
      at: SourceRange;
      artifacts: ArtifactEntry[];
    };

/** The plan of one trigger job, or undefined when `trigger:` names nothing this view can follow. */
export function planTrigger(job: JobDef, vars: Readonly<Record<string, string>>): TriggerPlan | undefined {
  const trigger = get(job.node, 'trigger');
  if (trigger === undefined) return undefined;
  if (trigger.kind === 'scalar') {
    const project = scalarString(trigger);
    return project ? { kind: 'project', project: expandExisting(project, vars), label: project } : undefined;
  }
  const projectNode = scalarString(get(trigger, 'project'));
  if (projectNode !== undefined) {
    const project = expandExisting(projectNode, vars);
    const branch = scalarString(get(trigger, 'branch'));
    return {
      kind: 'project',
      project,
      label: project,
      ...(branch !== undefined ? { ref: expandExisting(branch, vars) } : {}),
    };
  }
  const include = get(trigger, 'include');
  if (include === undefined) return undefined;
  const items = flattenSeq(include);
  const entries = items.map((i) => toPlain(i));
  const artifacts: ArtifactEntry[] = [];
  for (const item of items) {
    const path = scalarString(get(item, 'artifact'));
    const producer = scalarString(get(item, 'job'));
    if (path !== undefined && producer !== undefined) artifacts.push({ job: producer, path, at: item.range });
  }
  return {
    kind: artifacts.length > 0 ? 'dynamic' : 'child',
    label: entries.map(entryLabel).join(', '),
    entries,
    at: include.range,
    artifacts,
  };
}

/** One `include` entry as a reader recognises it: a path, an origin label, or `gen.yml from generate`. */
export function entryLabel(entry: unknown): string {
  if (typeof entry === 'string') return entry.replace(/^\/+/, '');
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return 'include';
  const e = entry as Record<string, unknown>;
  const str = (k: string): string | undefined => (typeof e[k] === 'string' ? e[k] : undefined);
  const artifact = str('artifact');
  if (artifact !== undefined) return `${artifact} from ${str('job') ?? '?'}`;
  const local = str('local');
  if (local !== undefined) return local.replace(/^\/+/, '');
  const template = str('template');
  if (template !== undefined) return `template:${template}`;
  const component = str('component');
  if (component !== undefined) return `component:${component}`;
  const remote = str('remote');
  if (remote !== undefined) return `remote:${remote}`;
  const project = str('project');
  if (project !== undefined) {
    const files = Array.isArray(e['file']) ? e['file'].map(String).join(', ') : (str('file') ?? '?');
    const ref = str('ref');
    return `project:${project}${ref !== undefined ? `@${ref}` : ''}:${files}`;
  }
  return 'include';
}

/**
 * The variables a trigger job passes down (`forward:yaml_variables`, true by default): its YAML variables — the
 * global ones it inherits (`inherit:variables`), its own, its matrix values — expanded with what the job sees.
 * GitLab makes them pipeline variables of the downstream pipeline, above the child's own YAML variables. Rules add
 * to them (Seed::Build): the matched `workflow:rules` entry's variables join the global ones (same `inherit`), and
 * the trigger job's matched rule's variables go on top of its own.
 */
export function triggerVariables(
  job: JobDef,
  built: BuiltJobs,
  context: PipelineContext,
  fromRules: { workflow: Readonly<Record<string, string>>; rule: Readonly<Record<string, string>> },
): Record<string, string> {
  const forward = toPlain(get(get(job.node, 'trigger'), 'forward')) as Record<string, unknown> | null | undefined;
  if (forward && typeof forward === 'object' && forward['yaml_variables'] === false) return {};
  const globals = inheritedGlobals(job, { ...plainVariables(toPlain(built.variables, 'text')), ...fromRules.workflow });
  const own = {
    ...plainVariables(toPlain(get(job.node, 'variables'), 'text')),
    ...(job.parallel?.matrix ?? {}),
    ...fromRules.rule,
  };
  const passed: Record<string, string> = { ...globals, ...own };
  const seen = layerVariables({ context, global: globals, job: own });
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(passed)) out[name] = expandExisting(value, seen);
  return out;
}

/** `inherit:variables` (spec R2.6): true or absent keeps every global variable, false none, a list those named. */
function inheritedGlobals(job: JobDef, globals: unknown): Record<string, string> {
  const all = plainVariables(globals);
  const inherit = toPlain(get(get(job.node, 'inherit'), 'variables'));
  if (inherit === false) return {};
  if (!Array.isArray(inherit)) return all;
  return Object.fromEntries(Object.entries(all).filter(([k]) => inherit.includes(k)));
}
