// Artifact-specific warnings no other tool gives (issue "engine"; spec R5.1.1 trap, R5.1.3, R6.6, R4.5).
// They explain why a file or a dotenv variable will not arrive, where GitLab itself stays silent.
import type { DiagnosticSink } from '../diagnostics';
import type { FlowJob } from '../model';
import type { BuiltJobs } from '../jobs/buildJobs';
import type { JobDef } from '../jobs/jobTypes';
import type { JobRefs } from '../jobs/references';
import { get } from '../yaml/node';
import { parseDuration } from './duration';
import { explainDotenvUse } from './dotenvUse';
import { indexByName } from '../indexByName';

/** Artifacts that expire sooner than this are likely gone before a manual job or a retry uses them. */
export const SHORT_EXPIRY_SECONDS = 3600;

/** What every check below shares; `once` keeps one diagnostic per key (a job's group, not each parallel copy). */
interface Lint {
  readonly built: BuiltJobs;
  readonly byName: ReadonlyMap<string, JobDef>;
  readonly flowByName: ReadonlyMap<string, FlowJob>;
  readonly sink: DiagnosticSink;
  readonly once: (key: string, fn: () => void) => void;
}

export function lintArtifacts(
  built: BuiltJobs,
  refs: Map<string, JobRefs>,
  flow: FlowJob[],
  sink: DiagnosticSink,
  lenient = false,
  userVariables: Readonly<Record<string, string>> = {},
): void {
  const done = new Set<string>();
  const lint: Lint = {
    built,
    byName: indexByName(built.jobs),
    flowByName: indexByName(flow),
    sink,
    once: (key, fn) => {
      if (!done.has(key)) {
        done.add(key);
        fn();
      }
    },
  };
  lintReferences(lint, refs, lenient);
  const explained = explainDotenvUse(built, flow, sink, userVariables);
  explainMissingSources(lint, flow, explained);
  explainTriggerForwarding(lint);
  lintExpiry(lint);
}

/** What a job's `needs:` and `dependencies:` say that GitLab will quietly not do. */
function lintReferences({ built, byName, sink, once }: Lint, refs: Map<string, JobRefs>, lenient: boolean): void {
  for (const job of built.jobs) {
    const r = refs.get(job.name);
    const dag = job.needs !== null;
    if (job.needs && job.needs.length > 0 && job.dependencies && job.dependencies.length > 0) {
      once(`mix|${job.group}`, () =>
        sink.warning(
          'dependencies-with-needs',
          `${job.group} job: dependencies combined with needs: the job receives only jobs listed in both (with artifacts: true); GitLab's docs advise against combining them`,
          job.dependenciesRange ?? job.keyRange,
          job.name,
        ),
      );
    }
    for (const d of r?.dependencies ?? []) {
      const target = byName.get(d.name);
      if (!dag && target && target.stage === job.stage) {
        once(`same|${job.group}|${d.name}`, () =>
          sink.warning(
            'same-stage-dependency',
            `${job.group} job: same-stage dependency ignored; use needs: ${d.name} runs in the same stage (${job.stage}), and only earlier stages are searched, so its artifacts never arrive`,
            d.range,
            job.name,
          ),
        );
      }
    }
    const crossProject = new Set<string>();
    for (const n of r?.needs ?? []) {
      if (n.type === 'project' && n.artifacts) {
        // EE's BuildDependencies#valid_cross_project? compares the jobs found (a UNION of one lookup per entry:
        // the same job once) with the entries listed: the same job, project and ref twice never validates.
        const key = JSON.stringify([n.project, n.job, n.ref]);
        if (crossProject.has(key)) {
          once(`twice|${job.group}|${key}`, () =>
            sink.warning(
              'cross-project-need-twice',
              `${job.group} job: needs:project lists ${n.job} of ${n.project ?? '?'} on ${n.ref ?? '?'} twice: GitLab finds one job for both entries, so when a runner takes this job it fails with a missing dependency failure`,
              n.range,
              job.name,
            ),
          );
        }
        crossProject.add(key);
      }
      const target = byName.get(n.name);
      // With unresolved includes a template we cannot see may well declare the artifacts.
      if (!lenient && n.type === 'job' && n.artifacts && target?.kind === 'job' && target.artifacts === null) {
        once(`noart|${job.group}|${target.group}`, () =>
          sink.info(
            'need-without-artifacts',
            `${job.group} job: needed job ${target.group} declares no artifacts: nothing is downloaded from it (artifacts: false would say so)`,
            n.range,
            job.name,
          ),
        );
      }
    }
  }
}

/** Context-dependent explanations: sources that this pipeline type removes (spec R6.6). */
function explainMissingSources(
  { byName, flowByName, sink, once }: Lint,
  flow: FlowJob[],
  explained: ReadonlySet<string>,
): void {
  const excludedDotenvProducers = flow.filter(
    (p) => !p.inPipeline && p.kind === 'job' && (p.artifacts?.dotenv.length ?? 0) > 0,
  );
  for (const f of flow) {
    if (!f.inPipeline) continue;
    for (const m of f.missing) {
      const at = m.at ?? f.range;
      const producer = byName.get(m.job);
      const dotenv = (producer?.artifacts?.dotenv.length ?? 0) > 0;
      const files = producer?.artifacts?.archive ?? false;
      const what =
        files && dotenv ? 'its files and dotenv variables' : dotenv ? 'its dotenv variables' : 'its artifacts';
      // explainDotenvUse already said why, naming the variables: not twice.
      if (
        (m.code === 'dependency-absent' || m.code === 'optional-need-absent') &&
        !explained.has(`${f.name}|${m.job}`)
      ) {
        const reason = flowByName.get(m.job)?.excludedReason ?? 'excluded';
        once(`absent|${f.group}|${m.job}`, () =>
          sink.warning(
            dotenv ? 'dotenv-producer-excluded' : 'source-not-in-pipeline',
            `${f.name} job: ${m.job} is not in this pipeline (${reason}), so ${what} never arrive: artifacts and dotenv variables do not cross pipelines`,
            at,
            f.name,
          ),
        );
      }
    }
    // Stage-based jobs silently lose dotenv variables when an earlier producer is excluded by rules.
    // (The cheap tests first: a stage-based job's list is every earlier job, hundreds in a large pipeline.)
    if (
      excludedDotenvProducers.length > 0 &&
      byName.get(f.name)?.needs === null &&
      byName.get(f.name)?.dependencies === null &&
      f.sources.every((s) => s.via === 'stage')
    ) {
      for (const p of excludedDotenvProducers) {
        if (p.stageIndex < 0 || f.stageIndex < 0 || p.stageIndex >= f.stageIndex) continue;
        once(`stagedotenv|${f.group}|${p.group}`, () =>
          sink.info(
            'dotenv-producer-excluded',
            `${f.name} job: dotenv producer ${p.name} is not in this pipeline (${p.excludedReason ?? 'excluded'}), so its variables are empty here`,
            f.range,
            f.name,
          ),
        );
      }
    }
  }
}

/** A trigger job passes its sources' dotenv variables downstream only when asked to (spec R6.5, T39). */
function explainTriggerForwarding({ built, flowByName, sink, once }: Lint): void {
  for (const job of built.jobs) {
    const f = flowByName.get(job.name);
    if (job.kind !== 'trigger' || !f?.inPipeline) continue;
    const producers = f.sources.filter((s) => s.dotenv).map((s) => s.job);
    if (producers.length === 0) continue;
    const forwardNode = get(get(get(job.node, 'trigger'), 'forward'), 'pipeline_variables');
    const forward = forwardNode?.kind === 'scalar' && forwardNode.value === true;
    once(`fwd|${job.group}`, () =>
      forward
        ? sink.info(
            'dotenv-forwarded',
            `${job.group} job: forwards the dotenv variables of ${producers.join(', ')} to the downstream pipeline as pipeline variables (usable in its rules)`,
            forwardNode.range,
            job.name,
          )
        : sink.info(
            'dotenv-not-forwarded',
            `${job.group} job: the dotenv variables of ${producers.join(', ')} are not passed downstream; set trigger:forward:pipeline_variables: true to forward them`,
            job.keyRange,
            job.name,
          ),
    );
  }
}

/** `artifacts:expire_in`: our warning when consumers may come too late (a bad duration is refused in jobs/artifacts.ts). */
function lintExpiry({ built, flowByName, sink, once }: Lint): void {
  for (const job of built.jobs) {
    const expire = job.artifacts?.expireIn;
    if (!expire) continue;
    const seconds = parseDuration(expire);
    const expireNode = get(get(job.node, 'artifacts'), 'expire_in');
    if (seconds === undefined || seconds === 0) continue;
    if (seconds < SHORT_EXPIRY_SECONDS && (flowByName.get(job.name)?.consumers.length ?? 0) > 0) {
      once(`expshort|${job.group}`, () =>
        sink.warning(
          'short-expiry',
          `${job.group} job: artifacts expire in ${expire}, but ${flowByName.get(job.name)?.consumers.length ?? 0} job(s) use them; a manual job, a retry or a slow queue after that fails with "missing dependency"`,
          expireNode?.range ?? job.keyRange,
          job.name,
        ),
      );
    }
  }
}
