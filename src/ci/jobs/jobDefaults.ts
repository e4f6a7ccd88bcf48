// `default:` (and the deprecated top-level keywords it replaces) and its whole-keyword copy into each job that
// does not set the keyword itself, as `inherit:default` allows (spec R2.5, R2.6).
import { DiagnosticSink } from '../diagnostics';
import type { YEntry, YMap } from '../yaml/node';
import { get, getEntry, isNull } from '../yaml/node';
import { BRIDGE_KEYS, DEFAULT_KEYS, DEPRECATED_GLOBAL_DEFAULTS } from './keywords';
import { looksLikeJob } from './classifyJob';
import { inheritedDefaults } from './inherit';
import { isUnresolved } from '../merge/reference';
import { reportUnresolved } from '../merge/unresolved';

/** The effective `default:` keywords (deprecated top-level ones included). */
export function defaults(config: YMap, sink: DiagnosticSink): Map<string, YEntry> {
  const out = new Map<string, YEntry>();
  const def = get(config, 'default');
  if (isUnresolved(def)) reportUnresolved(sink, 'default', def); // from an include not read offline: unknown
  if (def?.kind === 'map' && !looksLikeJob(def)) {
    const unknown = def.entries.filter((e) => !DEFAULT_KEYS.has(e.key));
    if (unknown.length > 0) {
      sink.error(
        'default-keys',
        `default config contains unknown keys: ${unknown.map((e) => e.key).join(', ')}`,
        unknown[0]!.keyRange,
      );
    }
    for (const e of def.entries) if (DEFAULT_KEYS.has(e.key)) out.set(e.key, e);
  }
  for (const key of DEPRECATED_GLOBAL_DEFAULTS) {
    const e = getEntry(config, key);
    if (!e) continue;
    if (out.has(key)) {
      sink.error('default-conflict', `${key} is defined in top-level and \`default:\` entry`, e.keyRange);
    } else out.set(key, e);
  }
  return out;
}

/**
 * The keys each job's mapping took from `default:`, by the mapping applyDefaults made. GitLab hands the job the
 * default's own entry (config/entry/inheritable.rb #inherit!), which keeps its location `default:<key>`: its errors
 * are reported there, once (valueChecks.ts), and never again as the job's.
 */
const INHERITED = new WeakMap<YMap, ReadonlySet<string>>();

/** Whether `node`'s value for `key` is the one `default:` gave it (false for a job's own value). */
export function isInheritedDefault(node: YMap, key: string): boolean {
  return INHERITED.get(node)?.has(key) === true;
}

/** Where reading a job's artifacts reports: nowhere when they are `default:`'s, already judged there. */
export function artifactsSink(node: YMap, sink: DiagnosticSink): DiagnosticSink {
  return isInheritedDefault(node, 'artifacts') ? new DiagnosticSink() : sink;
}

/** Whole-keyword copy of defaults into a job that does not set the keyword itself (spec R2.5, R2.6). */
export function applyDefaults(
  name: string,
  node: YMap,
  kind: 'job' | 'trigger',
  defs: Map<string, YEntry>,
  sink: DiagnosticSink,
): YMap {
  const allowed = inheritedDefaults(name, node, sink);
  const entries = node.entries.slice();
  const inherited = new Set<string>();
  for (const [key, e] of defs) {
    if (!allowed(key)) continue;
    if (kind === 'trigger' && !BRIDGE_KEYS.has(key)) continue; // bridges have no artifacts, script, image…
    const own = entries.findIndex((x) => x.key === key);
    // `artifacts: null` counts as unspecified, so the default still applies (spec R2.5, derived); a null that stands
    // for an unresolved `!reference` does not: the job's own value, unknown here, is what GitLab uses.
    if (own < 0) entries.push(e);
    else if (isNull(entries[own]?.value) && !isUnresolved(entries[own]?.value)) entries[own] = e;
    else continue;
    inherited.add(key);
  }
  const out: YMap = { kind: 'map', entries, range: node.range };
  if (inherited.size > 0) INHERITED.set(out, inherited);
  return out;
}
