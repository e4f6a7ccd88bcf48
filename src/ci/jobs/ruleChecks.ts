// Config-time checks of `rules`, `only`/`except` and `workflow:rules` (spec R8.3, R8.5): the rules engine
// phrases GitLab's messages; this places them on the offending key or rule.
import type { DiagnosticSink } from '../diagnostics';
import type { BuiltJobs } from './buildJobs';
import type { JobDef } from './jobTypes';
import { runChecked, type CheckMemo } from '../incremental/checkMemo';
import type { YNode } from '../yaml/node';
import { flattenSeq, get, getEntry, toPlain } from '../yaml/node';
import {
  multiplePipelinesWarning,
  policyVariablesErrors,
  ruleIfErrors,
  ruleIfQuirks,
  rulesConflictError,
} from '../rules/checks';
import { clausePaths, oversizedGlobs } from '../rules/clauses';
import { MAX_BRACE_PATTERNS } from '../rules/fnmatch';

/** `changes`/`exists` globs whose braces expand too far to evaluate: the clause is unknown; say where. */
function checkBraceSizes(who: string, rules: YNode | undefined, sink: DiagnosticSink, job?: string): void {
  if (rules === undefined) return;
  for (const rule of flattenSeq(rules)) {
    for (const key of ['changes', 'exists'] as const) {
      const entry = rule.kind === 'map' ? getEntry(rule, key) : undefined;
      if (!entry) continue;
      for (const glob of oversizedGlobs(clausePaths(toPlain(entry.value)) ?? [])) {
        const shown = glob.length > 80 ? `${glob.slice(0, 77)}...` : glob;
        sink.warning(
          'rules-glob-too-large',
          `${who}: rules:${key} pattern \`${shown}\` expands its {…} braces to more than ${MAX_BRACE_PATTERNS} patterns; the clause is treated as unknown (a limit of this tool, not of GitLab)`,
          entry.value.range,
          job,
        );
      }
    }
  }
}

/** `memo`: jobs whose checks found nothing in an earlier analysis (incremental/checkMemo.ts) are not checked again. */
export function checkRules(built: BuiltJobs, sink: DiagnosticSink, memo?: CheckMemo): void {
  const workflowRules = get(built.workflow, 'rules');
  const hasWorkflowRules = workflowRules !== undefined;
  const ruleAt = (rules: YNode | undefined, index: number): YNode | undefined => flattenSeq(rules)[index] ?? rules;
  for (const e of ruleIfErrors('workflow', toPlain(workflowRules))) {
    sink.error(
      'rules-if-syntax',
      e.message,
      (ruleAt(workflowRules, e.index) ?? built.jobs[0]?.node)?.range ?? {
        file: '',
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
      },
    );
  }
  checkBraceSizes('workflow', workflowRules, sink);
  const seen = new Set<string>();
  for (const job of built.jobs) {
    if (seen.has(job.group)) continue; // parallel instances share one definition
    seen.add(job.group);
    const key = (): string | undefined => memo?.keyOf('rules', [job.group, hasWorkflowRules], job.node, READ_KEYS);
    runChecked(memo, key, sink, (out) => checkJob(job, hasWorkflowRules, out));
  }
}

/** What checkJob reads of a job's mapping (besides its name): a memo's key holds these values. */
const READ_KEYS: ReadonlySet<string> = new Set(['rules', 'only', 'except', 'start_in']);

function checkJob(job: JobDef, hasWorkflowRules: boolean, sink: DiagnosticSink): void {
  const ruleAt = (rules: YNode | undefined, index: number): YNode | undefined => flattenSeq(rules)[index] ?? rules;
  const name = job.group;
  const rulesEntry = getEntry(job.node, 'rules');
  const rules = rulesEntry?.value;
  // Only the keys the check reads, in the job's own order: converting whole jobs would dominate the cost.
  const keys = Object.fromEntries(
    job.node.entries.filter((e) => READ_KEYS.has(e.key)).map((e) => [e.key, toPlain(e.value)]),
  );
  const conflict = rulesConflictError(name, keys);
  if (conflict) sink.error('rules-with-only', conflict, rulesEntry?.keyRange ?? job.keyRange, job.name);
  const plainRules = toPlain(rules);
  checkBraceSizes(`${name} job`, rules, sink, job.name);
  for (const e of ruleIfErrors(`jobs:${name}`, plainRules)) {
    sink.error('rules-if-syntax', e.message, ruleAt(rules, e.index)?.range ?? job.keyRange, job.name);
  }
  for (const q of ruleIfQuirks(plainRules)) {
    sink.warning(
      'rules-if-quirk',
      `${name} job: ${q.message}`,
      ruleAt(rules, q.index)?.range ?? job.keyRange,
      job.name,
    );
  }
  const multiple = multiplePipelinesWarning(name, plainRules, hasWorkflowRules);
  if (multiple) {
    const list = flattenSeq(rules);
    sink.warning('multiple-pipelines', multiple, list[list.length - 1]?.range ?? job.keyRange, job.name);
  }
  for (const key of ['only', 'except'] as const) {
    const policy = getEntry(job.node, key);
    if (!policy) continue;
    for (const e of policyVariablesErrors(name, key, toPlain(policy.value))) {
      sink.error('policy-variables-syntax', e.message, policy.keyRange, job.name);
    }
  }
}
