// Expanding `needs:`/`dependencies:` names over parallel instances (spec R5.2.2). GitLab's logical validation of
// them is referenceChecks.ts.
import type { JobDef, NameRef, NeedSpec } from './jobTypes';
import { sameItems } from '../incremental/sameItems';

export interface ExpandedNeed extends NeedSpec {
  /** The concrete job (instance) name this entry stands for. */
  name: string;
}

export interface JobRefs {
  needs: ExpandedNeed[] | null;
  dependencies: NameRef[] | null;
}

export const MAX_NEED_NAME = 255;

/**
 * Expanded lists from earlier analyses, by the list a job was built with (jobs are reused while their entry is
 * unchanged, incremental/entryJobs.ts), with the job names they were expanded against: the same list over the same
 * names expands the same. Weak.
 */
const EXPANDED = new WeakMap<readonly object[], { names: Names; out: ExpandedNeed[] | NameRef[] }>();

/**
 * A needs list that takes the instance's own matrix values (`needs:parallel:matrix`) expands per instance: by the
 * instance's definition, which holds both the list and the matrix. Weak.
 */
const EXPANDED_OWN = new WeakMap<JobDef, { names: Names; out: ExpandedNeed[] }>();

/** Every job's group and name, in order (a list of the definitions' own strings: nothing is written per analysis). */
type Names = readonly string[];

/**
 * The last name lists, each handed back as the very list kept here: the memos above then compare it by reference,
 * not item by item once per job.
 */
const RECENT_NAMES: Names[] = [];

function internNames(names: Names): Names {
  const known = RECENT_NAMES.find((r) => sameItems(r, names));
  if (known !== undefined) return known;
  RECENT_NAMES.unshift(names);
  if (RECENT_NAMES.length > 2) RECENT_NAMES.pop();
  return names;
}

export function expandReferences(jobs: JobDef[]): Map<string, JobRefs> {
  // Every name in order, groups included: what `expand` answers depends on nothing else.
  const everyName: string[] = [];
  for (const j of jobs) everyName.push(j.group, j.name);
  const fingerprint = internNames(everyName);
  const ownOf = (j: JobDef, make: () => ExpandedNeed[]): ExpandedNeed[] => {
    const known = EXPANDED_OWN.get(j);
    if (known && known.names === fingerprint) return known.out;
    const out = make();
    EXPANDED_OWN.set(j, { names: fingerprint, out });
    return out;
  };
  const remembered = <T extends ExpandedNeed[] | NameRef[]>(list: readonly object[], make: () => T): T => {
    const known = EXPANDED.get(list);
    if (known && known.names === fingerprint) return known.out as T;
    const out = make();
    EXPANDED.set(list, { names: fingerprint, out });
    return out;
  };
  const byGroup = new Map<string, string[]>();
  for (const j of jobs) {
    if (j.group === j.name) continue;
    // Appended in place: copying the list for each instance is quadratic in a group's size.
    const group = byGroup.get(j.group);
    if (group) group.push(j.name);
    else byGroup.set(j.group, [j.name]);
  }
  const names = new Set(jobs.map((j) => j.name));
  const expand = (name: string): string[] => (names.has(name) ? [name] : (byGroup.get(name) ?? [name]));

  const out = new Map<string, JobRefs>();
  // Parallel instances share their definition's lists: each list is expanded once (read-only results), unless
  // `needs:parallel:matrix` names take the instance's own matrix values.
  const needsOf = new Map<NeedSpec[], ExpandedNeed[]>();
  const depsOf = new Map<NameRef[], NameRef[]>();
  for (const j of jobs) {
    let needs: ExpandedNeed[] | null = null;
    if (j.needs !== null) {
      const own = j.needs.some((n) => n.matrixNames !== undefined);
      const list = j.needs;
      needs = own
        ? ownOf(j, () => expandNeeds(list, j.parallel?.matrix, expand))
        : (needsOf.get(list) ?? remembered(list, () => expandNeeds(list, undefined, expand)));
      if (!own) needsOf.set(list, needs);
    }
    let dependencies: NameRef[] | null = null;
    if (j.dependencies !== null) {
      const list = j.dependencies;
      dependencies =
        depsOf.get(list) ??
        remembered(list, () => list.flatMap((d) => expand(d.name).map((name) => ({ name, range: d.range }))));
      depsOf.set(list, dependencies);
    }
    out.set(j.name, { needs, dependencies });
  }
  return out;
}

function expandNeeds(
  needs: readonly NeedSpec[],
  matrix: Readonly<Record<string, string>> | undefined,
  expand: (name: string) => string[],
): ExpandedNeed[] {
  return needs.flatMap((n): ExpandedNeed[] => {
    if (n.type !== 'job') return [{ ...n, name: n.job }];
    const targets = n.matrixNames?.map((name) => matrixExpression(name, matrix)) ?? expand(n.job);
    return targets.map((name) => ({ ...n, name }));
  });
}

/** `$[[ matrix.VAR ]]` inside `needs:parallel:matrix` takes the needing instance's own value (GitLab 18.6). */
function matrixExpression(name: string, own: Readonly<Record<string, string>> | undefined): string {
  return name.replace(/\$\[\[\s*matrix\.(\w+)\s*\]\]/g, (all, v: string) => own?.[v] ?? all);
}
