// The configuration "Compare with GitLab" sends to the instance's CI lint: the user's files as they are now (the
// reader gives unsaved editor buffers first), with every include we read inlined — GitLab would otherwise read
// `include:local` from the repository at the ref, not from the working copy. It is the tree after include
// expansion, before `extends` and `!reference`: GitLab resolves those itself, so the comparison checks our
// resolution of them too, and a hidden job from an include we could not read can still be extended there.
// Includes we could not read are sent as `include:` entries for the instance to resolve. When the root does not
// load here at all, its text is sent as written, so GitLab's verdict on it can still be compared with ours.
import { DiagnosticSink } from '../diagnostics';
import type { AnalyzeOptions } from '../analyze';
import { isOrigin } from '../include/fetcher';
import { expandIncludes } from '../include/resolveIncludes';
import type { IncludeInfo } from '../model';
import { createRuleScope } from '../pipeline/inclusion';
import { loadYaml } from '../yaml/loadYaml';
import { flattenSeq, getEntry, type YMap, type YNode } from '../yaml/node';
import { toFlowYaml } from './flowYaml';

export interface MergedConfig {
  /** The document to send as `content`. */
  content: string;
  /** `merged`: includes inlined as above; `raw`: the root file as written (it does not load here). */
  form: 'merged' | 'raw';
  /** Local files inlined, root first. */
  files: string[];
  /** External files we fetched and inlined (their origin labels). */
  inlined: string[];
  /** Includes we could not read, sent for GitLab to resolve (as written). */
  sent: string[];
  /** Includes we could not read and could not send: written in a fetched file, whose context GitLab would lose. */
  notSent: string[];
}

export async function buildMergedConfig(options: AnalyzeOptions): Promise<MergedConfig> {
  const projectFiles = await options.reader.list();
  const scope = createRuleScope(options.context, projectFiles, options.changedFiles);
  const expanded = await expandIncludes(options.root, {
    reader: options.reader,
    sink: new DiagnosticSink(),
    expand: scope.expandForInclude,
    rules: scope.includeRules,
    rulesReason: scope.includeRulesReason,
    ...(options.cache ? { cache: options.cache } : {}),
    ...(options.fetcher ? { fetcher: options.fetcher } : {}),
  });
  if (!expanded.root) {
    const text = (await options.reader.read(options.root).catch(() => undefined)) ?? '';
    return { content: text, form: 'raw', files: [options.root], inlined: [], sent: [], notSent: [] };
  }
  const unresolved = expanded.includes.filter((i) => !i.resolved);
  const { items, sent, notSent } = await unresolvedItems(unresolved, options);
  const root: YMap =
    items.length === 0
      ? expanded.root
      : {
          ...expanded.root,
          entries: [
            {
              key: 'include',
              keyRange: expanded.root.range,
              value: { kind: 'seq', items, range: expanded.root.range },
            },
            ...expanded.root.entries,
          ],
        };
  const inlined = expanded.includes.filter((i) => i.resolved && i.kind !== 'local').flatMap((i) => i.files);
  return { content: toFlowYaml(root), form: 'merged', files: expanded.files, inlined, sent, notSent };
}

/**
 * The include entries (as written, rules and inputs kept) of the includes we could not read, found again by
 * where they are written. An entry in a fetched file is not sent: at the top level GitLab would read it in the
 * analysed project's context, not in the fetched file's.
 */
async function unresolvedItems(
  unresolved: readonly IncludeInfo[],
  options: AnalyzeOptions,
): Promise<{ items: YNode[]; sent: string[]; notSent: string[] }> {
  const items: YNode[] = [];
  const sent: string[] = [];
  const notSent: string[] = [];
  const done = new Set<string>();
  const roots = new Map<string, Promise<YMap | undefined>>();
  for (const inc of unresolved) {
    const at = `${inc.from.file}:${inc.from.line}:${inc.from.column}`;
    if (done.has(at)) continue;
    done.add(at);
    const file = inc.from.file;
    let fileRoot = roots.get(file);
    if (!fileRoot) {
      fileRoot = isOrigin(file) ? Promise.resolve(undefined) : loadRoot(file, options);
      roots.set(file, fileRoot);
    }
    const item = findIncludeItem(await fileRoot, inc);
    if (item) {
      items.push(item);
      sent.push(inc.location);
    } else notSent.push(inc.location);
  }
  return { items, sent, notSent };
}

async function loadRoot(file: string, options: AnalyzeOptions): Promise<YMap | undefined> {
  const text = await options.reader.read(file).catch(() => undefined);
  if (text === undefined) return undefined;
  return (options.cache?.get(file, text)?.loaded ?? loadYaml(text, file, new DiagnosticSink())).root;
}

function findIncludeItem(root: YMap | undefined, inc: IncludeInfo): YNode | undefined {
  const entry = root && getEntry(root, 'include');
  if (!entry) return undefined;
  return flattenSeq(entry.value).find(
    (item) => item.range.line === inc.from.line && item.range.column === inc.from.column,
  );
}
