// One line for a pipeline that leaves most of its jobs out: how many run, the rule that excludes the most, and the
// includes that could not be read (their jobs are missing altogether). Pure, so unit tests cover the wording.
import * as l10n from '@vscode/l10n';
import type { FlowModel } from '../../src/ci/model';
import { describeContext } from '../contextForm';

/** Past this share of jobs left out, the panel explains why above the graph. */
const mostlyExcluded = 0.5;

export function excludedSummary(model: FlowModel): string | null {
  const total = model.jobs.length;
  const excluded = model.jobs.filter((j) => !j.inPipeline);
  if (total === 0 || excluded.length / total <= mostlyExcluded) return null;
  const byReason = new Map<string, number>();
  for (const j of excluded) {
    const r = j.excludedReason ?? l10n.t('no reason given');
    byReason.set(r, (byReason.get(r) ?? 0) + 1);
  }
  let top = '';
  let topCount = 0;
  for (const [r, c] of byReason) {
    if (c > topCount) {
      top = r;
      topCount = c;
    }
  }
  const fmt = (n: number): string => n.toLocaleString('en-US');
  const run = total - excluded.length;
  const parts = [
    l10n.t('Only {0} of {1} jobs run in this pipeline ({2}).', fmt(run), fmt(total), describeContext(model.context)),
  ];
  const vars = [...new Set([...top.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!))].filter(
    (v) => !v.startsWith('CI_PIPELINE_SOURCE'),
  );
  const left = fmt(excluded.length);
  const reads = vars.map((v) => `$${v}`).join(', ');
  if (byReason.size === 1) {
    parts.push(
      vars.length > 0
        ? l10n.t(
            'All of the {0} left out: {1} (reads {2}: set by another pipeline type or as a variable?).',
            left,
            top,
            reads,
          )
        : l10n.t('All of the {0} left out: {1}.', left, top),
    );
  } else {
    parts.push(
      vars.length > 0
        ? l10n.t(
            '{0} of the {1} left out: {2} (reads {3}: set by another pipeline type or as a variable?).',
            fmt(topCount),
            left,
            top,
            reads,
          )
        : l10n.t('{0} of the {1} left out: {2}.', fmt(topCount), left, top),
    );
  }
  const unread = model.includes.filter((i) => !i.resolved);
  if (unread.length > 0) {
    const kinds = [...new Set(unread.map((i) => i.kind))].join(', ');
    parts.push(
      unread.length === 1
        ? l10n.t(
            '{0} include ({1}) could not be read offline, so their jobs and rules are unknown here.',
            fmt(unread.length),
            kinds,
          )
        : l10n.t(
            '{0} includes ({1}) could not be read offline, so their jobs and rules are unknown here.',
            fmt(unread.length),
            kinds,
          ),
    );
  }
  return parts.join(' ');
}
