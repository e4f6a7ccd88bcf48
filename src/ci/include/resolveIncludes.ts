// `include` expansion (spec R3): each file's own includes are expanded and deep-merged in order, then the file
// itself is merged on top. `local` includes are read through the injected reader (unsaved editor buffers win);
// `project`, `remote`, `template` and `component` through the injected fetcher when there is one (external.ts),
// else recorded as unresolved. A fetched file's nested `include:local` reads its own project at its commit.
import { isReadRefused, type FileReader, type RefusalReason } from '../fileReader';
import type { IncludeInfo, SourceRange } from '../model';
import { DiagnosticSink, fileStart } from '../diagnostics';
import type { ParseCache } from '../yaml/parseCache';
import { loadYaml, TOO_BIG, type LoadedFile } from '../yaml/loadYaml';
import { mergeMaps } from '../merge/deepMerge';
import type { YMap, YNode } from '../yaml/node';
import { flattenSeq, get, getEntry, toPlain, withoutEntry } from '../yaml/node';
import { matchLocalWildcard } from './wildcard';
import { includeLocation, interpolateInputs } from './inputs';
import { ExternalIncludes, hasYamlExtension, type Unit } from './external';
import { locationProblem, noValidSubkey, rubyLocationText } from './locationText';
import { rubyString } from '../jobs/rubyText';
import type { IncludeFetcher, ProjectAt } from './fetcher';
import { includeRulesVerdict } from './includeRulesVerdict';

export const INCLUDE_LIMITS = { maxIncludes: 150, maxTotalBytes: 150 * 1024 * 1024 };

const INCLUDE_KINDS = ['local', 'project', 'remote', 'template', 'artifact', 'component'] as const;
type IncludeKind = (typeof INCLUDE_KINDS)[number];
const ONLY_ONE = 'Each include must use only one of: `local`, `project`, `remote`, `template`, `artifact`, `component`';

export interface IncludeEnv {
  reader: FileReader;
  sink: DiagnosticSink;
  /** Expands `$VAR`/`${VAR}` with the variables GitLab allows in `include` (spec R3.4). */
  expand(text: string): string;
  /** Evaluates `include:rules`; 'unknown' includes the file (reported as uncertain). */
  rules(rules: unknown): boolean | 'unknown';
  /** Why `include:rules` cannot be decided (the clause and the variables it depends on), when known. */
  rulesReason?(rules: unknown): string;
  /** Parsed files from earlier analyses, reused when their text is unchanged. */
  cache?: ParseCache;
  /** Reads `project`, `remote`, `template` and `component` includes; without it they stay unresolved. */
  fetcher?: IncludeFetcher;
}

export interface ExpandedConfig {
  root?: YMap;
  includes: IncludeInfo[];
  /** Every local file read, root first. */
  files: string[];
}

export async function expandIncludes(rootPath: string, env: IncludeEnv): Promise<ExpandedConfig> {
  return new IncludeExpander(env).run(rootPath);
}

interface Loaded {
  text?: string;
  loaded?: LoadedFile;
  refused?: { reason: RefusalReason; message: string };
}

class IncludeExpander {
  private count = 0;
  private totalBytes = 0;
  private aborted = false;
  private readonly cache = new Map<string, Promise<Loaded>>();
  private readonly includes: IncludeInfo[] = [];
  /** Include entries taken on an assumption (their `include:rules` undecided), by the entry's range: why. */
  private readonly assumedAt = new Map<SourceRange, string>();
  private readonly files: string[] = [];
  private projectFiles: Promise<string[]> | undefined;
  private readonly external: ExternalIncludes;

  constructor(private readonly env: IncludeEnv) {
    this.external = new ExternalIncludes({
      sink: env.sink,
      expand: (t) => env.expand(t),
      ...(env.fetcher ? { fetcher: env.fetcher } : {}),
      countOne: (from) => this.countOne(from),
      includes: this.includes,
    });
  }

  async run(rootPath: string): Promise<ExpandedConfig> {
    const expanded = await this.expandRoot(rootPath);
    for (const info of this.includes) {
      const why = this.assumedAt.get(info.from);
      if (why !== undefined) info.assumed = why;
    }
    return expanded;
  }

  private async expandRoot(rootPath: string): Promise<ExpandedConfig> {
    const { text, loaded, refused } = await this.load({ path: rootPath });
    if (refused) {
      this.reportRefusal(rootPath, refused, fileStart(rootPath));
      return { includes: this.includes, files: this.files };
    }
    if (text === undefined || text.trim() === '') {
      this.env.sink.error('empty-config', 'Please provide content of .gitlab-ci.yml', fileStart(rootPath));
      return { includes: this.includes, files: this.files };
    }
    if (!loaded?.root) return { includes: this.includes, files: this.files };
    const interpolated = interpolateInputs(loaded.root, loaded.header, undefined, this.env.sink);
    const root = interpolated && (await this.expand(interpolated, [rootPath], undefined));
    return { ...(root && !this.aborted ? { root } : {}), includes: this.includes, files: this.files };
  }

  /** A file the reader would not read: too large is GitLab's own refusal; the others are ours. */
  private reportRefusal(file: string, refused: NonNullable<Loaded['refused']>, from: SourceRange): void {
    if (refused.reason === 'too-large') this.env.sink.error('yaml-too-big', TOO_BIG, from);
    else this.env.sink.error('file-refused', `Local file \`${file}\` is not read: ${refused.message}`, from);
  }

  /** A repository file through the reader; the text of a fetched file as it came (both parsed once). */
  private load(unit: Unit): Promise<Loaded> {
    const key = 'path' in unit ? unit.path : unit.origin;
    let p = this.cache.get(key);
    if (!p) {
      const text = 'path' in unit ? this.env.reader.read(unit.path) : Promise.resolve(unit.fetched.text);
      p = text.then(
        (t) => this.parse(key, t, 'path' in unit),
        (e: unknown): Loaded => {
          if (isReadRefused(e)) return { refused: { reason: e.reason, message: e.message } };
          throw e;
        },
      );
      this.cache.set(key, p);
    }
    return p;
  }

  private parse(file: string, text: string | undefined, local: boolean): Loaded {
    if (text === undefined) return {};
    if (local && !this.files.includes(file)) this.files.push(file);
    this.totalBytes += text.length;
    if (text.trim() === '') return { text };
    const cached = this.env.cache?.get(file, text);
    if (cached) {
      for (const d of cached.diagnostics) this.env.sink.add(d);
      return { text, loaded: cached.loaded };
    }
    const fileSink = new DiagnosticSink();
    const loaded = loadYaml(text, file, fileSink);
    for (const d of fileSink.items) this.env.sink.add(d);
    this.env.cache?.set(file, text, { loaded, diagnostics: fileSink.items });
    return { text, loaded };
  }

  /** `scope`: the project a fetched file came from (its `include:local` reads there); undefined: this repository. */
  private async expand(root: YMap, chain: string[], scope: ProjectAt | undefined): Promise<YMap | undefined> {
    const includeEntry = getEntry(root, 'include');
    if (!includeEntry) return root;
    let merged: YMap = { kind: 'map', entries: [], range: root.range };
    for (const item of flattenSeq(includeEntry.value)) {
      if (this.aborted) return undefined;
      const inputs = item.kind === 'map' ? get(item, 'inputs') : undefined;
      for (const unit of await this.resolveItem(item, scope)) {
        const sub = await this.includeUnit(unit, item.range, chain, inputs);
        if (sub) merged = mergeMaps(merged, sub);
      }
    }
    return mergeMaps(merged, withoutEntry(root, 'include'));
  }

  /**
   * GitLab counts every included file, of any kind and duplicates included, against one limit; nesting
   * counts too, so the depth of the include tree is bounded by the same figure (and a cycle reaches it).
   */
  private countOne(from: SourceRange): boolean {
    this.count += 1;
    if (this.count <= INCLUDE_LIMITS.maxIncludes) return true;
    this.env.sink.error('include-limit', `Maximum of ${INCLUDE_LIMITS.maxIncludes} nested includes are allowed!`, from);
    this.aborted = true;
    return false;
  }

  private async includeUnit(
    unit: Unit,
    from: SourceRange,
    chain: string[],
    inputs: YNode | undefined,
  ): Promise<YMap | undefined> {
    const sink = this.env.sink;
    const file = 'path' in unit ? unit.path : unit.origin;
    this.count += 1;
    if (this.count > INCLUDE_LIMITS.maxIncludes || chain.includes(file)) {
      sink.error('include-limit', `Maximum of ${INCLUDE_LIMITS.maxIncludes} nested includes are allowed!`, from);
      if (chain.includes(file)) sink.info('include-cycle', `Include cycle: ${[...chain, file].join(' → ')}`, from);
      this.aborted = true;
      return undefined;
    }
    const { text, loaded, refused } = await this.load(unit);
    if (refused) {
      this.reportRefusal(file, refused, from);
      return undefined;
    }
    if (this.totalBytes > INCLUDE_LIMITS.maxTotalBytes) {
      sink.error('include-size', 'Total size of combined CI/CD configuration is too big', from);
      this.aborted = true;
      return undefined;
    }
    if (text === undefined || text.trim() === '') {
      const local = 'path' in unit;
      sink.error(
        text === undefined ? 'include-missing' : 'include-empty',
        local
          ? `Local file \`${file}\` ${text === undefined ? 'does not exist' : 'is empty'}!`
          : `Included file \`${includeLocation(unit)}\` is empty or does not exist!`,
        from,
      );
      return undefined;
    }
    if (!loaded?.root) {
      if (!sink.items.some((d) => d.file === file && d.severity === 'error')) {
        sink.error('include-invalid', `Included file \`${file}\` does not have valid YAML syntax!`, from);
      }
      return undefined;
    }
    const at = { location: includeLocation(unit), range: from };
    const interpolated = interpolateInputs(dropKeys(loaded.root, unit), loaded.header, inputs, sink, at);
    return interpolated && this.expand(interpolated, [...chain, file], 'path' in unit ? undefined : unit.scope);
  }

  /** The files one include entry stands for (empty for unresolved includes and skipped rules). */
  private async resolveItem(item: YNode, scope: ProjectAt | undefined): Promise<Unit[]> {
    const sink = this.env.sink;
    let kind: IncludeKind;
    let location: string;
    if (item.kind === 'scalar' && typeof item.value === 'string') {
      location = this.env.expand(item.value);
      kind = /^https?:\/\//i.test(location) ? 'remote' : 'local';
    } else if (item.kind === 'map') {
      const kinds = INCLUDE_KINDS.filter((k) => getEntry(item, k) !== undefined);
      if (kinds.length > 1) {
        sink.error('include-shape', ONLY_ONE, item.range);
        return [];
      }
      const only = kinds[0];
      if (only === undefined) {
        sink.error('include-shape', noValidSubkey(toPlain(item)), item.range);
        return [];
      }
      kind = only;
      const raw = get(item, kind)!;
      const text = rubyLocationText(raw);
      location = rubyString(raw) !== undefined ? this.env.expand(text) : text;
      if (!this.rulesAllow(item, location)) return [];
      const problem = locationProblem(kind, raw, location, toPlain(item) as Record<string, unknown>);
      if (problem !== undefined) {
        sink.error('include-shape', problem, item.range);
        return [];
      }
    } else {
      sink.error('include-shape', 'Each include must be a hash or a string', item.range);
      return [];
    }
    if (kind === 'artifact') {
      sink.error(
        'include-artifact',
        'Including configs from artifacts is only allowed when triggering child pipelines',
        item.range,
      );
      return [];
    }
    if (kind !== 'local') return this.external.resolve(kind, item, location, scope);
    // File::Local removes the leading slashes first and names the file without them.
    const path = location.replace(/^\/+/, '');
    if (!hasYamlExtension(path)) {
      sink.error('include-extension', `Included file \`${path}\` does not have YAML extension!`, item.range);
      return [];
    }
    if (scope) return this.external.localIn(scope, path, item.range);
    let files = [path];
    if (path.includes('*')) {
      this.projectFiles ??= this.env.reader.list();
      files = matchLocalWildcard(path, await this.projectFiles);
      if (files.length === 0) {
        sink.warning('include-wildcard-empty', `Local include \`${location}\` matches no file`, item.range);
      }
    }
    this.includes.push({ kind: 'local', location, from: item.range, resolved: true, files });
    return files.map((f) => ({ path: f }));
  }

  /** `include:rules`: false skips the entry; an undecidable rule includes it, says why and marks it assumed. */
  private rulesAllow(item: YNode, location: string): boolean {
    const verdict = includeRulesVerdict(get(item, 'rules'), location, this.env);
    if (verdict.assumed !== undefined) this.assumedAt.set(item.range, verdict.assumed);
    return verdict.include;
  }
}

/** A fetched file's top-level keys to drop (the throwaway job a CI lint expansion needed). */
function dropKeys(root: YMap, unit: Unit): YMap {
  const drop = 'fetched' in unit ? unit.fetched.drop : undefined;
  if (!drop || drop.length === 0) return root;
  return { ...root, entries: root.entries.filter((e) => !drop.includes(e.key)) };
}
