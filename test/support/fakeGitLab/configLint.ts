// The test server's stand-in for GitLab's CI lint of a whole configuration (`POST /projects/:id/ci/lint` with
// `include_jobs`, and `dry_run` + `ref` or a static check), small and honest, enough for tests of "Compare with
// GitLab": it parses the posted content (JSON or YAML), resolves `extends` between jobs and templates, expands
// `parallel` and `parallel:matrix` into GitLab's instance names ("test 1/3", "test: [linux, amd64]"), and answers
// `jobs` with name, stage, when and allow_failure; the static check adds `needs` as GitLab's needs_attributes
// (expanded to instances, `artifacts`, `optional`), as lib/gitlab/ci/lint.rb does. It checks stages and that a
// visible job exists, with GitLab's messages. It is NOT GitLab: it evaluates no rules, workflow, only/except or
// includes, and it does not check keys; YAML it cannot parse is `valid: false` with the parser's message.
import { parse } from 'yaml';

export interface ConfigLintRequest {
  content?: string;
  dry_run?: boolean;
  include_jobs?: boolean;
  ref?: string;
}

interface AnswerJob {
  name: string;
  stage: string;
  when: string;
  allow_failure: boolean;
  needs?: { name: string; artifacts: boolean; optional: boolean }[] | null;
}

const GLOBAL_KEYS = new Set([
  'image',
  'services',
  'stages',
  'types',
  'before_script',
  'after_script',
  'variables',
  'cache',
  'include',
  'default',
  'workflow',
  'spec',
]);
const DEFAULT_STAGES = ['.pre', 'build', 'test', 'deploy', '.post'];
/** GitLab's limit on `extends` nesting (lib/gitlab/ci/config/extendable/entry.rb). */
const MAX_EXTENDS_DEPTH = 11;

type Plain = Record<string, unknown>;
const isMap = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

export function configLint(req: ConfigLintRequest) {
  const invalid = (errors: string[]) => ({
    valid: false,
    errors,
    warnings: [],
    merged_yaml: null,
    includes: [],
    jobs: [],
  });
  let config: unknown;
  try {
    config = parse(req.content ?? '', {
      version: '1.1',
      customTags: [{ tag: '!reference', collection: 'seq', resolve: (seq: unknown) => seq }],
      maxAliasCount: 10_000,
    });
  } catch (e) {
    return invalid([`(<unknown>): ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`]);
  }
  if (!isMap(config)) return invalid(['Invalid configuration format']);
  const stages = Array.isArray(config['stages'])
    ? ['.pre', ...config['stages'].map(String).filter((s) => s !== '.pre' && s !== '.post'), '.post']
    : DEFAULT_STAGES;
  const definitions = Object.entries(config).filter(([k, v]) => !GLOBAL_KEYS.has(k) && isMap(v)) as [string, Plain][];
  const byName = new Map(definitions);
  const errors: string[] = [];
  const jobs: { name: string; group: string; body: Plain }[] = [];
  for (const [name] of definitions) {
    if (name.startsWith('.')) continue;
    const body = extended(name, byName, 0);
    if (typeof body === 'string') {
      errors.push(body);
      continue;
    }
    const stage = typeof body['stage'] === 'string' ? body['stage'] : 'test';
    if (!stages.includes(stage)) {
      errors.push(`${name} job: chosen stage ${stage} does not exist; available stages are ${stages.join(', ')}`);
    }
    for (const instance of instances(name, body['parallel'])) jobs.push({ name: instance, group: name, body });
  }
  if (jobs.length === 0 && errors.length === 0) errors.push('jobs config should contain at least one visible job');
  if (errors.length > 0) return invalid(errors);
  const sorted = [...jobs].sort((a, b) => stages.indexOf(stageOf(a.body)) - stages.indexOf(stageOf(b.body)));
  return {
    valid: true,
    errors: [],
    warnings: [],
    merged_yaml: req.content ?? '',
    includes: [],
    jobs: sorted.map((j) => answerJob(j, jobs, req.dry_run === true)),
  };
}

function stageOf(body: Plain): string {
  return typeof body['stage'] === 'string' ? body['stage'] : 'test';
}

function answerJob(
  j: { name: string; body: Plain },
  all: { name: string; group: string }[],
  dryRun: boolean,
): AnswerJob {
  const when = typeof j.body['when'] === 'string' ? j.body['when'] : 'on_success';
  const out: AnswerJob = {
    name: j.name,
    stage: stageOf(j.body),
    when,
    allow_failure: j.body['allow_failure'] === true,
  };
  if (dryRun) return out;
  const needs = j.body['needs'];
  if (!Array.isArray(needs)) return { ...out, needs: null };
  out.needs = needs.flatMap((n: unknown) => {
    const name = typeof n === 'string' ? n : isMap(n) && typeof n['job'] === 'string' ? n['job'] : undefined;
    if (name === undefined) return [];
    const artifacts = !(isMap(n) && n['artifacts'] === false);
    const optional = isMap(n) && n['optional'] === true;
    const group = all.filter((x) => x.group === name).map((x) => x.name);
    return (group.length > 0 ? group : [name]).map((g) => ({ name: g, artifacts, optional }));
  });
  return out;
}

/** The job with its `extends` applied (deep merge, later wins), or GitLab's error text. */
function extended(name: string, byName: Map<string, Plain>, depth: number): Plain | string {
  if (depth > MAX_EXTENDS_DEPTH) return `${name}: nesting too deep`;
  const own = byName.get(name);
  if (!own) return `unknown key in \`extends\``;
  const parents = own['extends'] === undefined ? [] : [own['extends']].flat().map(String);
  let merged: Plain = {};
  for (const parent of parents) {
    if (!byName.has(parent)) return `${name}: unknown key in \`extends\` (${parent})`;
    const base = extended(parent, byName, depth + 1);
    if (typeof base === 'string') return base;
    merged = deepMerge(merged, base);
  }
  const { extends: _drop, ...rest } = own;
  return deepMerge(merged, rest);
}

function deepMerge(a: Plain, b: Plain): Plain {
  const out: Plain = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = isMap(v) && isMap(out[k]) ? deepMerge(out[k], v) : v;
  return out;
}

/** GitLab's instance names: `name i/N` for `parallel: N`, `name: [v1, v2]` for each matrix combination. */
function instances(name: string, parallel: unknown): string[] {
  if (typeof parallel === 'number') return Array.from({ length: parallel }, (_, i) => `${name} ${i + 1}/${parallel}`);
  const matrix = isMap(parallel) ? parallel['matrix'] : undefined;
  if (!Array.isArray(matrix)) return [name];
  return matrix.flatMap((entry: unknown) => {
    if (!isMap(entry)) return [];
    let combos: string[][] = [[]];
    for (const value of Object.values(entry)) {
      const values = [value].flat().map(String);
      combos = combos.flatMap((c) => values.map((v) => [...c, v]));
    }
    return combos.map((c) => `${name}: [${c.join(', ')}]`);
  });
}
