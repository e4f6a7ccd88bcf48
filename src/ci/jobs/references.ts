// Expanding `needs:`/`dependencies:` names over parallel instances (spec R5.2.2) and GitLab's logical
// validation of them (spec R5.1, yaml_processor.rb): existence, stage order, duplicates, combination, cycles.
import { DiagnosticSink } from '../diagnostics';
import { flattenSeq, get, scalarString } from '../yaml/node';
import { readNeeds } from './needs';
import type { JobDef, NameRef, NeedSpec } from './jobTypes';
import { entryMessage } from './entryMessage';

export interface ExpandedNeed extends NeedSpec {
  /** The concrete job (instance) name this entry stands for. */
  name: string;
}

export interface JobRefs {
  needs: ExpandedNeed[] | null;
  dependencies: NameRef[] | null;
}

export const MAX_NEED_NAME = 255;

export function expandReferences(jobs: JobDef[]): Map<string, JobRefs> {
  const byGroup = new Map<string, string[]>();
  for (const j of jobs) {
    if (j.group !== j.name) byGroup.set(j.group, [...(byGroup.get(j.group) ?? []), j.name]);
  }
  const names = new Set(jobs.map((j) => j.name));
  const expand = (name: string): string[] => (names.has(name) ? [name] : (byGroup.get(name) ?? [name]));

  const out = new Map<string, JobRefs>();
  for (const j of jobs) {
    const needs =
      j.needs === null
        ? null
        : j.needs.flatMap((n): ExpandedNeed[] => {
            if (n.type !== 'job') return [{ ...n, name: n.job }];
            const targets = n.matrixNames?.map((name) => matrixExpression(name, j.parallel?.matrix)) ?? expand(n.job);
            return targets.map((name) => ({ ...n, name }));
          });
    const dependencies =
      j.dependencies === null
        ? null
        : j.dependencies.flatMap((d) => expand(d.name).map((name) => ({ name, range: d.range })));
    out.set(j.name, { needs, dependencies });
  }
  return out;
}

/** `lenient`: an unknown job name may be defined by an unresolved include, so it is a warning there. */
/** `$[[ matrix.VAR ]]` inside `needs:parallel:matrix` takes the needing instance's own value (GitLab 18.6). */
function matrixExpression(name: string, own: Readonly<Record<string, string>> | undefined): string {
  return name.replace(/\$\[\[\s*matrix\.(\w+)\s*\]\]/g, (all, v: string) => own?.[v] ?? all);
}

export function validateReferences(
  jobs: JobDef[],
  refs: Map<string, JobRefs>,
  stages: string[],
  sink: DiagnosticSink,
  lenient = false,
): void {
  const unresolved = (code: string, message: string, at: JobDef['keyRange'], job: string): void => {
    if (lenient) {
      sink.warning(code, `${message} (it may be defined in an include that is not resolved offline)`, at, job);
    } else sink.error(code, message, at, job);
  };
  const byName = new Map(jobs.map((j) => [j.name, j] as const));
  const stageIndex = (s: string): number => stages.indexOf(s);
  // A stage missing from the list is already an error (or, with unresolved includes, a warning: its place in the
  // stage order is unknown): never compare it as "earlier than every stage".
  const later = (target: JobDef, j: JobDef): boolean =>
    stageIndex(target.stage) >= 0 && stageIndex(j.stage) >= 0 && stageIndex(target.stage) > stageIndex(j.stage);
  // Parallel instances share one definition: report each problem once, for the first instance.
  const reported = new Set<string>();
  const once = (j: JobDef, key: string, report: () => void): void => {
    const k = `${j.group}|${key}`;
    if (reported.has(k)) return;
    reported.add(k);
    report();
  };

  for (const j of jobs) {
    const r = refs.get(j.name);
    if (!r) continue;
    for (const d of r.dependencies ?? []) {
      const target = byName.get(d.name);
      if (!target) {
        once(j, `dep|${d.name}`, () =>
          unresolved('undefined-dependency', `${j.name} job: undefined dependency: ${d.name}`, d.range, j.name),
        );
      } else if (later(target, j)) {
        once(j, `depstage|${d.name}`, () =>
          sink.error(
            'dependency-stage',
            `${j.name} job: dependency ${d.name} is not defined in current or prior stages`,
            d.range,
            j.name,
          ),
        );
      }
    }
    const local = (r.needs ?? []).filter((n) => n.type === 'job');
    for (const n of local) {
      if (n.name.length > MAX_NEED_NAME) {
        once(j, `needlen|${n.name}`, () =>
          sink.error(
            'need-name-length',
            `${j.name} job: need \`${n.name}\` name is too long (maximum is ${MAX_NEED_NAME} characters)`,
            n.range,
            j.name,
          ),
        );
      }
      const target = byName.get(n.name);
      if (!target) {
        if (!n.optional) {
          once(j, `need|${n.name}`, () =>
            unresolved('undefined-need', `${j.name} job: undefined need: ${n.name}`, n.range, j.name),
          );
        }
      } else if (later(target, j)) {
        once(j, `needstage|${n.name}`, () =>
          sink.error(
            'need-stage',
            `${j.name} job: need ${n.name} is not defined in current or prior stages`,
            n.range,
            j.name,
          ),
        );
      }
    }
    const seen = new Set<string>();
    const dups: string[] = [];
    for (const n of local) {
      if (seen.has(n.name) && !dups.includes(n.name)) dups.push(n.name);
      seen.add(n.name);
    }
    if (dups.length > 0) {
      once(j, 'dups', () =>
        sink.error(
          'duplicate-needs',
          `${j.name} has the following needs duplicated: ${dups.join(', ')}.`,
          j.needsRange ?? j.keyRange,
          j.name,
        ),
      );
    }
    checkRuleNeeds(j, byName, later, unresolved, sink, once);
    checkCombination(j, sink, once);
    if (j.kind === 'trigger') checkTriggerInclude(j, byName, later, sink, once);
  }
  checkCycles(jobs, refs, sink);
}

/**
 * yaml_processor.rb validate_job_needs!: each rule's `needs` is checked like the job's (existence unless
 * optional, name length, current or prior stage, duplicates) — against the job names after parallel expansion,
 * while the rule's own names are not expanded (the Normalizer does not touch rules), so `needs: [build]` in a
 * rule fails when `build` is `parallel: 3`.
 */
function checkRuleNeeds(
  j: JobDef,
  byName: ReadonlyMap<string, JobDef>,
  later: (target: JobDef, j: JobDef) => boolean,
  unresolved: (code: string, message: string, at: JobDef['keyRange'], job: string) => void,
  sink: DiagnosticSink,
  once: (j: JobDef, key: string, report: () => void) => void,
): void {
  const rules = get(j.node, 'rules');
  if (rules === undefined) return;
  // Shapes were reported by validateJobKeys; here only the names matter.
  const quiet = new DiagnosticSink();
  flattenSeq(rules).forEach((rule, index) => {
    const needs =
      readNeeds(j.group, j.kind, get(rule, 'needs'), quiet, `jobs:${j.group}:rules:rule:needs`, true)?.filter(
        (n) => n.type === 'job',
      ) ?? [];
    for (const n of needs) {
      const target = byName.get(n.job);
      if (!target) {
        if (!n.optional) {
          once(j, `ruleneed|${index}|${n.job}`, () =>
            unresolved('undefined-need', `${j.name} job: undefined need: ${n.job}`, n.range, j.name),
          );
        }
        continue;
      }
      if (n.job.length > MAX_NEED_NAME) {
        once(j, `ruleneedlen|${n.job}`, () =>
          sink.error(
            'need-name-length',
            `${j.name} job: need \`${n.job}\` name is too long (maximum is ${MAX_NEED_NAME} characters)`,
            n.range,
            j.name,
          ),
        );
      }
      if (later(target, j)) {
        once(j, `ruleneedstage|${index}|${n.job}`, () =>
          sink.error(
            'need-stage',
            `${j.name} job: need ${n.job} is not defined in current or prior stages`,
            n.range,
            j.name,
          ),
        );
      }
    }
    const seen = new Set<string>();
    const dups: string[] = [];
    for (const n of needs) {
      if (seen.has(n.job) && !dups.includes(n.job)) dups.push(n.job);
      seen.add(n.job);
    }
    if (dups.length > 0) {
      once(j, `ruledups|${index}`, () =>
        sink.error(
          'duplicate-needs',
          `${j.name} has the following needs duplicated: ${dups.join(', ')}.`,
          rule.range,
          j.name,
        ),
      );
    }
  });
}

/** `trigger:include` (spec R5.4): at most 3 entries; `{artifact, job}` names an existing job of this or an earlier stage. */
function checkTriggerInclude(
  j: JobDef,
  byName: ReadonlyMap<string, JobDef>,
  later: (target: JobDef, j: JobDef) => boolean,
  sink: DiagnosticSink,
  once: (j: JobDef, key: string, report: () => void) => void,
): void {
  const include = get(get(j.node, 'trigger'), 'include');
  if (include?.kind !== 'seq') return;
  if (include.items.length > 3) {
    once(j, 'trigger-include', () =>
      sink.error(
        'trigger-include',
        entryMessage(`jobs:${j.group}:trigger:include`, 'config is too long (maximum is 3)'),
        include.range,
        j.name,
      ),
    );
  }
  for (const item of include.items) {
    const artifactJob = scalarString(get(item, 'job'));
    if (get(item, 'artifact') === undefined || artifactJob === undefined) continue;
    const target = byName.get(artifactJob);
    if (!target) {
      once(j, `tia|${artifactJob}`, () =>
        sink.error('undefined-dependency', `${j.name} job: undefined dependency: ${artifactJob}`, item.range, j.name),
      );
    } else if (later(target, j)) {
      once(j, `tias|${artifactJob}`, () =>
        sink.error(
          'dependency-stage',
          `${j.name} job: dependency ${artifactJob} is not defined in current or prior stages`,
          item.range,
          j.name,
        ),
      );
    }
  }
}

/** `dependencies` must be part of `needs` when both are given (spec R5.1.3). Messages are lowercased whole. */
function checkCombination(
  j: JobDef,
  sink: DiagnosticSink,
  once: (j: JobDef, key: string, report: () => void) => void,
): void {
  if (!j.dependencies || j.dependencies.length === 0 || !j.needs || j.needs.length === 0) return;
  const at = j.dependenciesRange ?? j.keyRange;
  const jobNeeds = j.needs.filter((n) => n.type === 'job');
  if (jobNeeds.length === 0) {
    once(j, 'combo-same', () =>
      sink.error(
        'dependencies-needs',
        entryMessage(`jobs:${j.group}`, 'needs corresponding to dependencies must be from the same pipeline'),
        at,
        j.name,
      ),
    );
    return;
  }
  const needed = new Set(jobNeeds.map((n) => n.job));
  const missing = j.dependencies.map((d) => d.name).filter((d) => !needed.has(d));
  if (missing.length > 0) {
    once(j, 'combo', () =>
      sink.error(
        'dependencies-needs',
        entryMessage(`jobs:${j.group}`, `dependencies the ${missing.join(', ')} should be part of needs`),
        at,
        j.name,
      ),
    );
  }
}

/** Self-dependency, then strongly connected components (Ruby TSort's "topological sort failed"). */
function checkCycles(jobs: JobDef[], refs: Map<string, JobRefs>, sink: DiagnosticSink): void {
  const edges = new Map<string, string[]>();
  for (const j of jobs) {
    const targets = (refs.get(j.name)?.needs ?? []).filter((n) => n.type === 'job').map((n) => n.name);
    if (targets.includes(j.name)) {
      sink.error(
        'needs-cycle',
        `The pipeline has circular dependencies: self-dependency: ${j.name}`,
        j.needsRange ?? j.keyRange,
        j.name,
      );
      return;
    }
    edges.set(
      j.name,
      targets.filter((t) => refs.has(t)),
    );
  }
  // Iterative Tarjan: deep need chains must not overflow the stack.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  for (const start of edges.keys()) {
    if (index.has(start)) continue;
    const work: { v: string; i: number }[] = [{ v: start, i: 0 }];
    index.set(start, counter);
    low.set(start, counter);
    counter++;
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const next = edges.get(top.v) ?? [];
      if (top.i < next.length) {
        const w = next[top.i++]!;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter);
          counter++;
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.v, Math.min(low.get(top.v)!, index.get(w)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.v, Math.min(low.get(parent.v)!, low.get(top.v)!));
      if (low.get(top.v) === index.get(top.v)) {
        const component: string[] = [];
        let w: string | undefined;
        do {
          w = stack.pop();
          if (w !== undefined) {
            onStack.delete(w);
            component.push(w);
          }
        } while (w !== undefined && w !== top.v);
        if (component.length > 1) {
          const first = jobs.find((j) => component.includes(j.name));
          const names = component
            .reverse()
            .map((n) => `"${n}"`)
            .join(', ');
          sink.error(
            'needs-cycle',
            `The pipeline has circular dependencies: topological sort failed: [${names}]`,
            first?.needsRange ?? first?.keyRange ?? jobs[0]!.keyRange,
            first?.name,
          );
          return;
        }
      }
    }
  }
}
