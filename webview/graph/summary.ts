// One line for a pipeline that leaves most of its jobs out: how many run, the rule that excludes the most, and the
// includes that could not be read (their jobs are missing altogether). Pure, so unit tests cover the wording.
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
    const r = j.excludedReason ?? 'no reason given';
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
  const parts = [`Only ${fmt(run)} of ${fmt(total)} jobs run in this pipeline (${describeContext(model.context)}).`];
  const vars = [...new Set([...top.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!))].filter(
    (v) => !v.startsWith('CI_PIPELINE_SOURCE'),
  );
  const most = byReason.size === 1 ? 'All' : `${fmt(topCount)}`;
  parts.push(
    `${most} of the ${fmt(excluded.length)} left out: ${top}${vars.length > 0 ? ` (reads ${vars.map((v) => `$${v}`).join(', ')}: set by another pipeline type or as a variable?)` : ''}.`,
  );
  const unread = model.includes.filter((i) => !i.resolved);
  if (unread.length > 0) {
    const kinds = [...new Set(unread.map((i) => i.kind))].join(', ');
    parts.push(
      `${fmt(unread.length)} include${unread.length === 1 ? '' : 's'} (${kinds}) could not be read offline, so their jobs and rules are unknown here.`,
    );
  }
  return parts.join(' ');
}
