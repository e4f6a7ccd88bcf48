// The graph's text alternative (the text view: screen readers, copy/paste): one line per job and per source, then
// each downstream pipeline and its jobs. No DOM, so the unit tests cover it in plain Node; its words go through
// @vscode/l10n (English when no bundle is configured).
import * as l10n from '@vscode/l10n';
import type { FlowJob, FlowModel } from '../../src/ci/model';
import { childModel, downstreamOf, downstreamTitle } from './downstreamModel';

export interface TextRow {
  job: string;
  stage: string;
  status: string;
  sources: string[];
}

export function describeSource(s: FlowJob['sources'][number], producer?: FlowJob): string {
  const a = producer?.artifacts;
  const files = s.files ? (a && a.paths.length > 0 ? l10n.t('files ({0})', a.paths.join(', ')) : l10n.t('files')) : '';
  const dotenv = s.dotenv
    ? a && a.dotenv.length > 0
      ? l10n.t('dotenv ({0})', a.dotenv.join(', '))
      : l10n.t('dotenv')
    : '';
  const what =
    files && dotenv ? l10n.t('{0} + {1}', files, dotenv) : files || dotenv || l10n.t('nothing (no artifacts)');
  const where =
    s.scope === 'local'
      ? s.job
      : s.scope === 'parent'
        ? l10n.t('{0} (parent pipeline)', s.job)
        : `${s.job} (${s.project ?? l10n.t('other project')}${s.ref ? `@${s.ref}` : ''})`;
  const line = s.optional
    ? l10n.t('{0}: {1}, via {2} (optional): {3}', where, what, s.via, s.reason)
    : l10n.t('{0}: {1}, via {2}: {3}', where, what, s.via, s.reason);
  return s.at ? l10n.t('{0} at {1}:{2}', line, s.at.file, s.at.line) : line;
}

/** Every job, then each downstream pipeline and its jobs (the text view holds what the frames hold, and more). */
export function textRows(model: FlowModel): TextRow[] {
  return [...jobRows(model), ...downstreamRows(model)];
}

function downstreamRows(model: FlowModel): TextRow[] {
  const out: TextRow[] = [];
  for (const d of downstreamOf(model)) {
    const child = childModel(model, d);
    const n = child?.jobs.length ?? 0;
    const counts = n === 1 ? l10n.t('{0} job', n) : l10n.t('{0} jobs', n);
    out.push({
      job: downstreamTitle(d),
      stage: model.jobs.find((j) => j.name === d.trigger)?.stage ?? '?',
      status:
        d.kind === 'project'
          ? l10n.t('not analysed here')
          : child
            ? counts
            : l10n.t('unknown: {0}', d.unknown ?? l10n.t('not analysed')),
      sources: [l10n.t('created by trigger job {0}', d.trigger)],
    });
    if (child) {
      out.push(
        ...textRows(child).map((r) => ({ ...r, job: l10n.t('{0} (child pipeline of `{1}`)', r.job, d.trigger) })),
      );
    }
  }
  return out;
}

function jobRows(model: FlowModel): TextRow[] {
  const byName = new Map(model.jobs.map((j) => [j.name, j] as const));
  return model.jobs.map((j) => ({
    job: j.name,
    stage: j.stage,
    status: j.inPipeline
      ? j.when === 'on_success'
        ? l10n.t('in pipeline')
        : l10n.t('in pipeline, when: {0}', j.when)
      : j.excludedReason
        ? l10n.t('excluded: {0}', j.excludedReason)
        : l10n.t('excluded'),
    sources: [
      ...j.sources.map((s) => describeSource(s, s.scope === 'local' ? byName.get(s.job) : undefined)),
      ...j.missing.map((m) => l10n.t('not received from {0}: {1}', m.job, m.reason)),
    ],
  }));
}
