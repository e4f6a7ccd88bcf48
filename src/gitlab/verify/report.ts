// The comparison as text: the CLI prints it and the extension shows it as a read-only document. Verdict first,
// then the job differences, then both sides' errors, GitLab's warnings, and what to keep in mind.
import { summaryLine } from './compare';
import type { VerifyReport } from './run';

export function formatReport(r: VerifyReport): string {
  const c = r.comparison;
  const lines: string[] = [
    `Compare with GitLab: ${r.project}, a push pipeline on ${r.refKind} ${r.ref}`,
    '',
    `Result: ${summaryLine(c)}`,
    `GitLab: ${c.gitlabValid ? 'valid' : 'invalid'} · ours: ${c.oursValid ? 'valid' : 'invalid'}`,
  ];
  if (c.jobsCompared) {
    lines.push(
      `Jobs: ${c.agreeing} agree, ${c.onlyInGitLab.length} only in GitLab, ${c.onlyInOurs.length} only in ours, ${c.differing.length} field differences`,
    );
  } else lines.push('Jobs: not compared (a side created no pipeline)');
  section(
    lines,
    'Only in GitLab',
    c.onlyInGitLab.map((j) => `${j.name}  [stage ${j.stage}, when ${j.when}]`),
  );
  section(
    lines,
    'Only in ours',
    c.onlyInOurs.map(
      (j) => `${j.name}  [stage ${j.stage}, when ${j.when}]${j.assumed ? ` (assumed: ${j.assumed})` : ''}`,
    ),
  );
  section(
    lines,
    'Different',
    c.differing.map((d) => `${d.job}: ${d.field} — GitLab: ${d.gitlab}; ours: ${d.ours}`),
  );
  if (c.jobsCompared && c.needsNotCompared) lines.push('', `Needs not compared: ${c.needsNotCompared}`);
  section(lines, "GitLab's errors", c.gitlabErrors);
  section(lines, 'Our errors', c.ourErrors);
  section(lines, "GitLab's warnings", c.gitlabWarnings);
  section(lines, 'Notes', r.notes);
  return `${lines.join('\n')}\n`;
}

function section(lines: string[], title: string, items: readonly string[]): void {
  if (items.length === 0) return;
  lines.push('', `${title} (${items.length}):`, ...items.map((i) => `  - ${i}`));
}
