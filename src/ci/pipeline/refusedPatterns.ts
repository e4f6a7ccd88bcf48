// Artifact paths the runner's glob library refuses (globSyntax.ts). GitLab accepts any string there; the runner
// finds out only when it archives: gitlab-runner's commands/helpers/file_archiver.go processPath gets ErrBadPattern
// from doublestar.Glob, logs `<path>: syntax error in pattern` as a warning and archives nothing for that entry,
// and the job still succeeds. An exclude doublestar.Match refuses is ignored without a word (isExcluded keeps only
// a match without error). An entry outside the project directory is refused the same way (outsideProject.ts).
// Said here so the user learns it before a consumer misses the files.
import type { DiagnosticSink } from '../diagnostics';
import type { BuiltJobs } from '../jobs/buildJobs';
import type { JobDef } from '../jobs/jobTypes';
import type { SourceRange } from '../model';
import { get, scalarString } from '../yaml/node';
import { type RunnerRefusal, runnerRefusal } from './globSyntax';
import { type Outside, outsideProject } from './outsideProject';

/**
 * One warning per job group and entry: each artifacts:paths or artifacts:exclude entry the runner refuses; an info
 * for a path whose `\` each runner reads its own way.
 */
export function lintRefusedPatterns(built: BuiltJobs, sink: DiagnosticSink): void {
  const said = new Set<string>();
  for (const job of built.jobs) {
    const a = job.artifacts;
    if (!a) continue;
    const say = (key: string, code: string, text: string, at: SourceRange): void => {
      if (said.has(`${job.group}|${key}`)) return;
      said.add(`${job.group}|${key}`);
      if (code === 'artifact-path-backslash') sink.info(code, text, at, job.name);
      else sink.warning(code, text, at, job.name);
    };
    for (const raw of a.paths) {
      const at = (): SourceRange => entryRange(job, 'paths', raw);
      const r = runnerRefusal(raw);
      const out = r ? undefined : outsideProject(raw);
      if (r) say(`p|${raw}`, 'artifact-path-refused', pathMessage(job.group, raw, r), at());
      else if (out) say(`p|${raw}`, 'artifact-path-refused', outsideMessage(job.group, raw, out), at());
      else if (raw.includes('\\') && !raw.includes('$')) {
        say(`b|${raw}`, 'artifact-path-backslash', backslashMessage(job.group, raw), at());
      }
    }
    for (const raw of a.exclude) {
      const r = excludeRefusal(raw);
      if (r) {
        say(`e|${raw}`, 'artifact-exclude-refused', excludeMessage(job.group, raw, r), entryRange(job, 'exclude', raw));
      }
    }
  }
}

function pathMessage(group: string, raw: string, r: RunnerRefusal): string {
  const head = `${group} job: artifacts:paths entry ${JSON.stringify(raw)} is a pattern the runner's glob library refuses (${r.reason})`;
  return r.where === 'all'
    ? `${head}: the runner logs "syntax error in pattern" and archives nothing for it (the job does not fail)`
    : `${head} on Linux, where \\ escapes the next character: a Linux runner archives nothing for it (the job does not fail); a Windows runner reads \\ as a folder separator`;
}

/**
 * A `\` in an entry the runner accepts: file_archiver.go's processPath starts with filepath.ToSlash, a separator on
 * Windows and nothing on Linux, where doublestar reads `\` as an escape. The job's tags choose the runner, which
 * the configuration does not say; path conflicts here read it as a Windows runner does (conflicts.ts).
 */
function backslashMessage(group: string, raw: string): string {
  return (
    `${group} job: artifacts:paths entry ${JSON.stringify(raw)} depends on the runner: a Windows runner reads \\ as a ` +
    `folder separator (${JSON.stringify(raw.replace(/\\/g, '/'))}), a Linux runner as an escape of the next ` +
    `character (${JSON.stringify(raw.replace(/\\(.)/g, '$1'))}); which runner takes the job is not known here, and ` +
    'path conflicts are compared as a Windows runner reads it'
  );
}

/** The runner's answer to an entry outside the project directory (outsideProject.ts). */
function outsideMessage(group: string, raw: string, out: Outside): string {
  const head = `${group} job: artifacts:paths entry ${JSON.stringify(raw)}`;
  const log = `"artifact path is not a subpath of project directory: ${out.base}"`;
  if (out.kind === 'above') {
    return `${head} lies above the project directory: the runner logs ${log} and archives nothing for it (the job does not fail)`;
  }
  return (
    `${head} is an absolute path: the runner archives only what lies in the job's project directory ` +
    `($CI_PROJECT_DIR, /builds/<namespace>/<project> by default) and for anything else logs ${log} and archives ` +
    'nothing (the job does not fail); that directory is not known here, so the entry is compared with no other path'
  );
}

function excludeMessage(group: string, raw: string, r: RunnerRefusal): string {
  const head = `${group} job: artifacts:exclude entry ${JSON.stringify(raw)} is a pattern the runner's glob library refuses (${r.reason})`;
  return r.where === 'all'
    ? `${head}: it excludes nothing, and the runner says nothing about it`
    : `${head} on Linux, where \\ escapes the next character: there it excludes nothing; a Windows runner reads \\ as a folder separator`;
}

/**
 * Whether doublestar.Match refuses an exclude for every path, on both runners' readings. Only a pattern without
 * `{`: Match must reach every character to succeed, so a bad part always ends it unmatched; with alternatives an
 * earlier one may match before the bad one is reached (globOverlap.ts matchesGlob), so nothing is claimed; nor
 * with a `$`, whose variable the runner expands first.
 */
function excludeRefusal(raw: string): RunnerRefusal | undefined {
  return raw.includes('{') ? undefined : runnerRefusal(raw, true);
}

/** The entry's own place in the job's `artifacts:` (an inherited one points at the job's key). */
function entryRange(job: JobDef, key: 'paths' | 'exclude', raw: string): SourceRange {
  const list = get(get(job.node, 'artifacts'), key);
  const item = list?.kind === 'seq' ? list.items.find((i) => scalarString(i) === raw) : undefined;
  return item?.range ?? list?.range ?? job.keyRange;
}
