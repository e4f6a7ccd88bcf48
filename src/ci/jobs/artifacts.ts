// `artifacts:` of one job (spec R4.1–R4.4): what it uploads, and whether dependents get files and/or dotenv.
import type { ArtifactSpec, ArtifactsWhen } from '../model';
import type { DiagnosticSink } from '../diagnostics';
import type { YNode } from '../yaml/node';
import { flattenSeq, get, isNull, scalarString } from '../yaml/node';
import { ARTIFACT_KEYS } from './keywords';

const WHEN_VALUES = new Set<ArtifactsWhen>(['on_success', 'on_failure', 'always']);

export function readArtifacts(job: string, node: YNode | undefined, sink: DiagnosticSink): ArtifactSpec | null {
  if (node === undefined || node.kind !== 'map') return null;
  const prefix = `jobs:${job}:artifacts`;
  const unknown = node.entries.filter((e) => !ARTIFACT_KEYS.has(e.key));
  if (unknown.length > 0) sink.error('artifacts-keys', `${prefix} config contains unknown keys: ${unknown.map((e) => e.key).join(', ')}`, unknown[0]!.keyRange, job);

  const strings = (key: string): string[] => {
    const v = get(node, key);
    if (v === undefined || (v.kind === 'scalar' && v.value === null)) return [];
    const items = flattenSeq(v);
    if (v.kind !== 'seq' || items.some((i) => i.kind !== 'scalar' || typeof i.value !== 'string')) {
      sink.error('artifacts-paths', `${prefix} ${key} should be an array of strings`, v.range, job);
    }
    return items.map((i) => scalarString(i)).filter((s): s is string => s !== undefined);
  };

  const paths = strings('paths');
  const exclude = strings('exclude');
  const untrackedNode = get(node, 'untracked');
  const untracked = untrackedNode?.kind === 'scalar' && untrackedNode.value === true;
  const whenNode = get(node, 'when');
  let when: ArtifactsWhen = 'on_success';
  if (whenNode !== undefined && !(whenNode.kind === 'scalar' && whenNode.value === null)) {
    const w = scalarString(whenNode) as ArtifactsWhen | undefined;
    if (w && WHEN_VALUES.has(w)) when = w;
    else sink.error('artifacts-when', `${prefix} when should be one of: on_success, on_failure, always`, whenNode.range, job);
  }
  const expireNode = get(node, 'expire_in');
  const expireIn = scalarString(expireNode) ?? null;

  const exposeAs = get(node, 'expose_as');
  if (exposeAs !== undefined && !isNull(exposeAs)) {
    const text = scalarString(exposeAs) ?? '';
    if (!/^\w[-\w ]*$/.test(text) || text.length > 100) sink.error('artifacts-expose-as', `${prefix} expose as can contain only letters, digits, '-', '_' and spaces`, exposeAs.range, job);
    if (paths.some((p) => p.includes('*'))) sink.error('artifacts-expose-as', `${prefix} paths can't contain '*' when used with 'expose_as'`, exposeAs.range, job);
  }
  const exclusive = node.entries.filter((e) => e.key === 'public' || e.key === 'access');
  if (exclusive.length === 2) sink.error('artifacts-access', `${prefix} config these keys cannot be used together: ${exclusive.map((e) => e.key).join(', ')}`, exclusive[1]!.keyRange, job);
  const access = get(node, 'access');
  if (access !== undefined && !['none', 'developer', 'all'].includes(scalarString(access) ?? '')) sink.error('artifacts-access', `${prefix} access should be one of: none, developer, all`, access.range, job);

  const reportsNode = get(node, 'reports');
  const reports = reportsNode?.kind === 'map' ? reportsNode.entries.map((e) => e.key) : [];
  const dotenvNode = get(reportsNode, 'dotenv');
  const dotenv = flattenSeq(dotenvNode).map((n) => scalarString(n)).filter((s): s is string => s !== undefined);

  return { paths, exclude, untracked, when, expireIn, dotenv, reports, archive: paths.length > 0 || untracked, dotenvKeys: [] };
}
