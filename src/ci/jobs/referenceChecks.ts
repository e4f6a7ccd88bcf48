// GitLab's logical validation of `needs:` and `dependencies:` (spec R5.1, yaml_processor.rb): existence, stage
// order, name length, duplicates, the rules' own needs, the combination of both keywords, `trigger:include`
// artifacts (combinationChecks.ts), then cycles (needsCycles.ts).
import { DiagnosticSink } from '../diagnostics';
import { flattenSeq, get } from '../yaml/node';
import { readNeeds } from './needs';
import type { JobDef, NameRef } from './jobTypes';
import { MAX_NEED_NAME, type ExpandedNeed, type JobRefs } from './references';
import { checkCycles } from './needsCycles';
import type { CheckMemo } from '../incremental/checkMemo';
import { indexByName } from '../indexByName';
import type { Checks } from './referenceCheckTypes';
import { checkCombination, checkTriggerInclude } from './combinationChecks';
import { checkTriggerShape } from './triggerShape';

/** `lenient`: an unknown job name may be defined by an unresolved include, so it is a warning there. */
export function validateReferences(
  jobs: JobDef[],
  refs: Map<string, JobRefs>,
  stages: string[],
  sink: DiagnosticSink,
  lenient = false,
  given?: CheckMemo,
): void {
  const checks = sharedChecks(jobs, stages, sink, lenient);
  // Two jobs of one name (a job named like another's parallel instance) share one entry of `refs`: no memo then.
  const memo = checks.byName.size === jobs.length ? given : undefined;
  // What a job's checks read of the others: which names exist, in which stage, in which group.
  const roster = memo?.factId([String(lenient), JSON.stringify(stages), ...jobs.map(rosterPart)]);
  for (let i = 0; i < jobs.length;) {
    // A parallel job's instances come one after another and share their mapping: they are checked as one.
    const first = jobs[i]!;
    let end = i + 1;
    while (end < jobs.length && jobs[end]!.group === first.group && jobs[end]!.node === first.node) end++;
    const instances = jobs.slice(i, end);
    i = end;
    const key = (): string | undefined =>
      memo?.keyOf('refs', [roster, first.group, first.kind, first.stage, instances.length], first.node, READ_KEYS);
    const check = (): boolean => {
      const before = checks.attempts.count;
      for (const j of instances) {
        const r = refs.get(j.name);
        if (r) checkJob(checks, j, r);
      }
      // A report `once` silenced (an earlier instance made it) still counts: the job is not clean.
      return checks.attempts.count !== before;
    };
    if (memo) memo.runFound(key(), check);
    else check();
  }
  checkCycles(jobs, refs, sink);
}

/** A job's part of the roster (its name, group and stage), by definition: definitions are immutable. Weak. */
const ROSTER_PARTS = new WeakMap<JobDef, string>();

function rosterPart(j: JobDef): string {
  let part = ROSTER_PARTS.get(j);
  if (part === undefined) ROSTER_PARTS.set(j, (part = JSON.stringify([j.name, j.group, j.stage])));
  return part;
}

/**
 * What checkJob reads of a job's mapping (besides its group, kind and stage; its instances' names and matrices
 * follow from `parallel`): a memo's key holds these.
 */
const READ_KEYS: ReadonlySet<string> = new Set(['needs', 'dependencies', 'rules', 'trigger', 'parallel']);

function checkJob(checks: Checks, j: JobDef, r: JobRefs): void {
  checkDependencies(checks, j, r.dependencies ?? []);
  const local = (r.needs ?? []).filter((n) => n.type === 'job');
  checkNeeds(checks, j, local);
  checkDuplicates(
    checks,
    j,
    local.map((n) => n.name),
    'dups',
    j.needsRange ?? j.keyRange,
  );
  checkRuleNeeds(checks, j);
  checkCombination(checks, j);
  if (j.kind === 'trigger') {
    checkTriggerShape(checks, j);
    checkTriggerInclude(checks, j);
  }
}

function sharedChecks(jobs: JobDef[], stages: string[], sink: DiagnosticSink, lenient: boolean): Checks {
  const stageIndex = (s: string): number => stages.indexOf(s);
  // Parallel instances share one definition: report each problem once, for the first instance.
  const reported = new Set<string>();
  const attempts = { count: 0 };
  return {
    attempts,
    byName: indexByName(jobs),
    sink,
    // A stage missing from the list is already an error (or, with unresolved includes, a warning: its place in
    // the stage order is unknown): never compare it as "earlier than every stage".
    later: (target, j) =>
      stageIndex(target.stage) >= 0 && stageIndex(j.stage) >= 0 && stageIndex(target.stage) > stageIndex(j.stage),
    unresolved: (code, message, at, job) => {
      if (lenient) {
        sink.warning(code, `${message} (it may be defined in an include that is not resolved offline)`, at, job);
      } else sink.error(code, message, at, job);
    },
    once: (j, key, report) => {
      attempts.count++;
      const k = `${j.group}|${key}`;
      if (reported.has(k)) return;
      reported.add(k);
      report();
    },
    ruleNeeds: new Map(),
  };
}

/** Each dependency names an existing job of this or an earlier stage. */
function checkDependencies({ byName, sink, later, unresolved, once }: Checks, j: JobDef, deps: NameRef[]): void {
  for (const d of deps) {
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
}

/** Each local need (after parallel expansion): name length, then existence unless optional, then stage order. */
function checkNeeds({ byName, sink, later, unresolved, once }: Checks, j: JobDef, local: ExpandedNeed[]): void {
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
}

/** Names needed more than once, each listed once in the order first repeated. */
function checkDuplicates(
  { sink, once }: Checks,
  j: JobDef,
  names: string[],
  key: string,
  at: JobDef['keyRange'],
): void {
  const seen = new Set<string>();
  const dups: string[] = [];
  for (const name of names) {
    if (seen.has(name) && !dups.includes(name)) dups.push(name);
    seen.add(name);
  }
  if (dups.length > 0) {
    once(j, key, () =>
      sink.error('duplicate-needs', `${j.name} has the following needs duplicated: ${dups.join(', ')}.`, at, j.name),
    );
  }
}

/**
 * yaml_processor.rb validate_job_needs!: each rule's `needs` is checked like the job's (existence unless
 * optional, name length, current or prior stage, duplicates) — against the job names after parallel expansion,
 * while the rule's own names are not expanded (the Normalizer does not touch rules), so `needs: [build]` in a
 * rule fails when `build` is `parallel: 3`.
 */
function checkRuleNeeds(checks: Checks, j: JobDef): void {
  const { byName, sink, later, unresolved, once } = checks;
  const rules = get(j.node, 'rules');
  if (rules === undefined) return;
  // Shapes were reported by validateJobKeys; here only the names matter.
  let perRule = checks.ruleNeeds.get(j.node);
  if (!perRule) {
    const quiet = new DiagnosticSink();
    // What readNeeds makes of a rule depends only on the rule and the job's group and kind, shared by instances.
    perRule = flattenSeq(rules).map((rule) => ({
      rule,
      needs:
        readNeeds(j.group, j.kind, get(rule, 'needs'), quiet, `jobs:${j.group}:rules:rule:needs`, true)?.filter(
          (n) => n.type === 'job',
        ) ?? [],
    }));
    checks.ruleNeeds.set(j.node, perRule);
  }
  perRule.forEach(({ rule, needs }, index) => {
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
    checkDuplicates(
      checks,
      j,
      needs.map((n) => n.job),
      `ruledups|${index}`,
      rule.range,
    );
  });
}
