// Loads one CI file the way GitLab's Psych-based loader does (spec R0.1 step 2, R2.1, R2.2):
// YAML 1.1 scalar typing, anchors/aliases and `<<` merge keys resolved per file in Psych's order,
// `!reference` kept as a placeholder, later duplicate keys winning, and a source range on every value. Here the
// file is parsed and its documents checked; converter.ts builds the tree.
import { LineCounter, parseAllDocuments } from 'yaml';
import type { Document, Node as YamlNode, Tags } from 'yaml';
import type { DiagnosticSink } from '../diagnostics';
import { fileStart } from '../diagnostics';
import type { YMap, YNode } from './node';
import { get } from './node';
import { Converter, LoadAbort, rangeAt, TOO_BIG, YAML_LIMITS } from './converter';
import { deepSizeBounds, MAX_DEEP_SIZE } from './deepSize';
import { FLOW_COLON_DIFFERS, flowColonMessage, flowColons } from './flowColon';
import { invalidEscapeAt, invalidEscapeMessage } from './quotedEscapes';
import type { SourceRange } from '../model';

export { TOO_BIG, YAML_LIMITS } from './converter';

export interface LoadedFile {
  /** The content document's root mapping; undefined when the file failed to load. */
  root?: YMap;
  /** The `spec:` header document, when the file has one (used for `spec:inputs`). */
  header?: YMap;
}

export function loadYaml(text: string, file: string, sink: DiagnosticSink): LoadedFile {
  const lines = new LineCounter();
  // GitLab refuses a file whose parsed form exceeds 1 MB (max_yaml_size_bytes); its text can only be smaller,
  // so a larger text is refused before spending time on it.
  if (text.length > YAML_LIMITS.maxBytes) {
    sink.error('yaml-too-big', TOO_BIG, { file, line: 1, column: 1, endLine: 1, endColumn: 1 });
    return {};
  }
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, {
      version: '1.1',
      merge: false, // merge keys are applied below, in Psych's order rather than the YAML spec's
      uniqueKeys: false,
      lineCounter: lines,
      customTags: psychTags,
    }) as Document.Parsed[];
  } catch (e) {
    const start = rangeAt(lines, file, [0, 0]);
    if (isStackOverflow(e)) sink.error('yaml-too-big', TOO_BIG, start);
    else sink.error('yaml-syntax', `(${file}): ${e instanceof Error ? e.message : String(e)}`, start);
    return {};
  }
  if (!Array.isArray(docs)) docs = [docs];

  // Like Psych, report the first syntax error: the ones after it are usually its echoes.
  const firstError = docs.flatMap((d) => d.errors)[0];
  if (psychRefused(text, file, docs, lines, firstError?.pos[0], sink)) return {};
  // Nesting deep enough to exhaust the parser's stack is far past GitLab's depth limit of 100 (max_yaml_depth).
  if (firstError && isStackOverflow(firstError)) {
    sink.error('yaml-too-big', TOO_BIG, rangeAt(lines, file, [firstError.pos[0], firstError.pos[1]]));
  } else if (firstError) {
    sink.error(
      'yaml-syntax',
      `(${file}): ${firstLine(firstError.message)}`,
      rangeAt(lines, file, [firstError.pos[0], firstError.pos[1]]),
    );
  }
  if (firstError || sink.items.some((d) => d.code === 'yaml-syntax' && d.file === file)) return {};

  const present = docs.filter((d) => d.contents !== null);
  if (present.length > 2) {
    sink.error('yaml-documents', 'Invalid configuration format', rangeAt(lines, file, [0, 0]));
    return {};
  }
  const converter = new Converter(file, lines, sink);
  try {
    const converted = present.map((d) => converter.convert(d.contents as YamlNode, 0));
    for (const doc of converted) if (!withinDeepSize(doc, file, sink)) return {};
    let header: YMap | undefined;
    const content: YNode | undefined = converted[converted.length - 1];
    if (converted.length === 2) {
      const first = converted[0];
      if (first?.kind === 'map' && get(first, 'spec') !== undefined) header = first;
      else {
        sink.error('yaml-documents', 'Invalid configuration format', rangeAt(lines, file, [0, 0]));
        return {};
      }
    }
    if (content === undefined) return header ? { header } : {};
    if (content.kind !== 'map') {
      sink.error('invalid-format', 'Invalid configuration format', content.range);
      return {};
    }
    return header ? { root: content, header } : { root: content };
  } catch (e) {
    if (e instanceof LoadAbort) return {};
    throw e;
  }
}

/**
 * GitLab's size bound (Gitlab::Utils::DeepSize over Psych's result, more than 1 MB refused), as far as it can be
 * known here (deepSize.ts): certainly over, the file does not load; possibly over, a warning says why. False when
 * the file is refused.
 */
export function withinDeepSize(doc: YNode, file: string, sink: DiagnosticSink): boolean {
  const { lo, hi } = deepSizeBounds(doc);
  if (lo > MAX_DEEP_SIZE) {
    sink.error('yaml-too-big', TOO_BIG, fileStart(file));
    return false;
  }
  if (hi > MAX_DEEP_SIZE) {
    const kb = (n: number): string => `${Math.ceil(n / 1024)} KB`;
    sink.warning(
      'yaml-maybe-too-big',
      `GitLab may refuse this file ("${TOO_BIG}"): it refuses more than 1024 KB of Ruby objects (Gitlab::Utils::DeepSize over the loaded YAML, aliases counted at each use), and this file's come to between ${kb(lo)} and ${kb(hi)} by our estimate; the exact figure depends on GitLab's Ruby version`,
      fileStart(file),
    );
  }
  return true;
}

/**
 * yaml's YAML 1.1 tags, less the three collections Psych builds its own way (the converter follows Psych): a
 * `!!omap` list is a Hash of each item's first key and last value, a `!!pairs` list stays a list of its mappings, a
 * `!!set` mapping is refused. Plus GitLab's `!reference`, kept as the list it tags.
 */
function psychTags(tags: Tags): Tags {
  const own = new Set(['tag:yaml.org,2002:omap', 'tag:yaml.org,2002:pairs', 'tag:yaml.org,2002:set']);
  return [
    ...tags.filter((t) => typeof t === 'string' || !own.has(t.tag)),
    { tag: '!reference', collection: 'seq', resolve: (seq: unknown) => seq },
  ];
}

/**
 * Psych's own refusals the `yaml` library does not make: a `:` starting a token in a flow collection (flowColon.ts),
 * an escape naming no character (quotedEscapes.ts). The earliest is reported when it comes before `errorAt` (the
 * `yaml` library's first error); true then. Where Psych reads a flow `:` otherwise, a warning.
 */
function psychRefused(
  text: string,
  file: string,
  docs: readonly Document.Parsed[],
  lines: LineCounter,
  errorAt: number | undefined,
  sink: DiagnosticSink,
): boolean {
  const roots = docs.map((d) => d.contents);
  const { refused: colonAt, differs } = flowColons(text, roots);
  const escapeAt = invalidEscapeAt(text, roots);
  const colonFirst = colonAt !== undefined && (escapeAt === undefined || colonAt < escapeAt);
  const own = colonFirst ? colonAt : escapeAt;
  const at = (offset: number): SourceRange => rangeAt(lines, file, [offset, offset + 1]);
  if (own !== undefined && (errorAt === undefined || own <= errorAt)) {
    const r = at(own);
    const message = colonFirst ? flowColonMessage : invalidEscapeMessage;
    sink.error('yaml-syntax', message(file, r.line, r.column), r);
    return true;
  }
  if (errorAt === undefined) {
    for (const offset of differs) sink.warning('yaml-flow-colon', FLOW_COLON_DIFFERS, at(offset));
  }
  return false;
}

function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError || (e instanceof Error && e.message.includes('Maximum call stack size exceeded'));
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
