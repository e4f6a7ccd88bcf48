// The includes that live outside the analysed repository: checked the way GitLab checks them
// (external/file/{project,remote,template,component}.rb: location, extension, then content), fetched through the
// injected IncludeFetcher, and recorded in the model. A fetched file becomes a Unit the expander loads like a
// local one; its own `include:local` entries then read *its* project at *its* commit (GitLab's context).
import type { DiagnosticSink } from '../diagnostics';
import type { IncludeInfo, SourceRange } from '../model';
import type { YNode } from '../yaml/node';
import { get, isNull, scalarString, toPlain } from '../yaml/node';
import { noValidSubkey, rubyBasename, rubyLocationText } from './locationText';
import { rubyString } from '../jobs/rubyText';
import {
  type ExternalKind,
  type FetchedFile,
  type FetchOutcome,
  type IncludeFetcher,
  originOf,
  type ProjectAt,
} from './fetcher';

/** One file to include: a path of the analysed repository, or a fetched file with its origin label. */
export type Unit = { path: string } | { origin: string; fetched: FetchedFile; scope: ProjectAt | undefined };

export interface ExternalEnv {
  sink: DiagnosticSink;
  expand: (text: string) => string;
  fetcher?: IncludeFetcher;
  /** Counts one include against GitLab's limit; false once the limit is passed (already reported). */
  countOne(from: SourceRange): boolean;
  includes: IncludeInfo[];
}

const YAML_EXTENSION = /.+\.(yml|yaml)$/i;
const TEMPLATE_SUFFIX = '.gitlab-ci.yml';

/** File::Base#invalid_extension?: the basename must be at least one character, then `.yml` or `.yaml`. */
export function hasYamlExtension(location: string): boolean {
  return YAML_EXTENSION.test(rubyBasename(location));
}

export class ExternalIncludes {
  constructor(private readonly env: ExternalEnv) {}

  /** The units one external include entry stands for (empty when unresolved or failed; reported). */
  async resolve(kind: ExternalKind, item: YNode, location: string, scope: ProjectAt | undefined): Promise<Unit[]> {
    if (kind === 'project') return this.project(item, location);
    // Base#validate_location! runs first (the extension of the whole text's basename, a query string included),
    // then Remote's address check and Template's suffix check; GitLab reports the first error.
    if ((kind === 'remote' || kind === 'template') && !hasYamlExtension(location)) {
      return this.fail(kind, location, item.range, `Included file \`${location}\` does not have YAML extension!`);
    }
    if (kind === 'remote') {
      if (!isHttpUrl(location)) {
        return this.fail(kind, location, item.range, `Remote file \`${location}\` does not have a valid address!`);
      }
      const integrity = scalarString(get(item, 'integrity'));
      return this.fetchOne(kind, location, item.range, scope, (f) => f.remote(location, integrity));
    }
    if (kind === 'template') {
      if (!location.endsWith(TEMPLATE_SUFFIX)) {
        return this.fail(kind, location, item.range, `Template file \`${location}\` is not a valid location!`);
      }
      return this.fetchOne(kind, location, item.range, scope, (f) => f.template(location));
    }
    return this.fetchOne(kind, location, item.range, scope, (f) => f.component(location));
  }

  /** `include:local` inside a fetched project file: that project's file at that commit. */
  async localIn(scope: ProjectAt, path: string, from: SourceRange): Promise<Unit[]> {
    const origin = originOf('project', path, scope);
    if (path.includes('*')) {
      this.record('project', origin, from, false, []);
      this.env.sink.info(
        'include-unresolved',
        `include:local ${path} in ${scope.path} uses a wildcard, which is not resolved through the API; jobs and templates it defines are missing from this view`,
        from,
      );
      return [];
    }
    return this.fetchOne('project', path, from, scope, (f) => f.project(scope.path, scope.sha, path), scope);
  }

  private async project(item: YNode, location: string): Promise<Unit[]> {
    const { sink } = this.env;
    const expand = (t: string): string => this.env.expand(t);
    const fileNode = get(item, 'file');
    // LocationExpander: one location per `Array.wrap(file)` item (none for null or []); Entry::Include then
    // rejects a blank `file`. A nested list is one item, not flattened.
    const fileItems = fileNode === undefined ? [] : fileNode.kind === 'seq' ? fileNode.items : [fileNode];
    if (fileItems.length === 0 || (fileNode !== undefined && isNull(fileNode))) {
      sink.error(
        'include-project-file',
        'include config must specify the file where to fetch the config from',
        item.range,
      );
      return [];
    }
    const refText = scalarString(get(item, 'ref'));
    const ref = refText === undefined ? undefined : expand(refText);
    const units: Unit[] = [];
    for (const f of fileItems) {
      // File::Project reads `to_s` of the item without its leading slashes, and matches only when that is present.
      const text = rubyLocationText(f);
      const file = (rubyString(f) !== undefined ? expand(text) : text).replace(/^\/+/, '');
      if (/^\s*$/.test(file)) {
        sink.error('include-shape', noValidSubkey({ ...(toPlain(item) as object), file: toPlain(f) }), item.range);
        continue;
      }
      const label = `${location}:${file}${ref ? `@${ref}` : ''}`;
      if (!hasYamlExtension(file)) {
        this.fail('project', label, item.range, `Included file \`${file}\` does not have YAML extension!`);
        continue;
      }
      units.push(
        ...(await this.fetchOne(
          'project',
          file,
          item.range,
          undefined,
          (fx) => fx.project(location.toLowerCase(), ref, file),
          undefined,
          label,
        )),
      );
    }
    return units;
  }

  /**
   * Fetches one file and records it. `location` is the file (project) or the include's location (others);
   * `label` is what the include says when it could not be fetched; `fixed` the project a nested local reads.
   */
  private async fetchOne(
    kind: ExternalKind,
    location: string,
    from: SourceRange,
    scope: ProjectAt | undefined,
    get: (f: IncludeFetcher) => Promise<FetchOutcome>,
    fixed?: ProjectAt,
    label = location,
  ): Promise<Unit[]> {
    const fetcher = this.env.fetcher;
    if (!fetcher) return this.unresolved(kind, label, from, 'is not resolved offline');
    let outcome: FetchOutcome;
    try {
      outcome = await get(fetcher);
    } catch (e) {
      outcome = { unavailable: e instanceof Error ? e.message : String(e) };
    }
    if ('unavailable' in outcome) return this.unresolved(kind, label, from, `is not resolved (${outcome.unavailable})`);
    if ('error' in outcome) return this.fail(kind, label, from, outcome.error);
    const project = fixed ?? outcome.file.project;
    const origin = kind === 'project' && project ? originOf(kind, location, project) : originOf(kind, location);
    this.record(kind, kind === 'project' ? label : location, from, true, [origin], outcome.file);
    // Remote and template files keep the including file's context; project and component files bring theirs.
    const nextScope = kind === 'project' || kind === 'component' ? project : scope;
    return [{ origin, fetched: outcome.file, scope: nextScope }];
  }

  private unresolved(kind: ExternalKind, label: string, from: SourceRange, why: string): Unit[] {
    if (!this.env.countOne(from)) return [];
    this.record(kind, label, from, false, []);
    this.env.sink.info(
      'include-unresolved',
      `include:${kind} ${label} ${why}; jobs and templates it defines are missing from this view`,
      from,
    );
    return [];
  }

  private fail(kind: ExternalKind, label: string, from: SourceRange, message: string): Unit[] {
    this.record(kind, label, from, false, [], undefined, message);
    this.env.sink.error('include-external', message, from);
    return [];
  }

  private record(
    kind: ExternalKind,
    location: string,
    from: SourceRange,
    resolved: boolean,
    files: string[],
    file?: FetchedFile,
    error?: string,
  ): void {
    const info: IncludeInfo = { kind, location, from, resolved, files };
    if (file) {
      info.via = file.via;
      if (file.asOf !== undefined) info.asOf = file.asOf;
      if (file.project) info.sha = file.project.sha;
      if (file.version !== undefined) info.version = file.version;
    }
    if (error !== undefined) info.error = error;
    this.env.includes.push(info);
  }
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}
