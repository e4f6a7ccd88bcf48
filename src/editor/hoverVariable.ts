// Hover on `$VAR`: where its value comes from for the job the text belongs to, and whether it is empty here.
import type { Occurrence } from './editorIndex';
import type { EditorModel } from './editorModel';
import { bounded, code, escape, plainWhere, type Where } from './markdown';
import { valueVerdict, variableReport, type Origin } from './variables';

const LABEL: Record<Origin['kind'], string> = {
  user: 'project/pipeline variable of the chosen context',
  dotenv: 'dotenv report of',
  matrix: 'parallel:matrix of',
  job: 'variables: of',
  extends: 'variables: of (extended)',
  workflow: 'workflow:rules variables',
  global: 'global variables:',
};

export function hoverVariable(em: EditorModel, o: Occurrence, where: Where = plainWhere): string {
  const r = variableReport(em, o.owner, o.name);
  const lines = [`**${code(`$${o.name}`)}**${r.job ? ` in job ${code(r.job.name)}` : ''}`, '', escape(valueVerdict(r))];
  if (r.origins.length > 0) {
    lines.push('', '**Defined by** (highest precedence first)');
    lines.push(
      ...bounded(r.origins, 10, (x) => {
        const from = x.kind === 'user' || x.kind === 'workflow' || x.kind === 'global' ? '' : ` ${code(x.from)}`;
        return `- ${LABEL[x.kind]}${from}${x.at ? ` (${where(x.at.file, x.at.line)})` : ''}`;
      }),
    );
  }
  if (r.unreached.length > 0) {
    lines.push('', '**Does not arrive from**');
    lines.push(...bounded(r.unreached, 8, (u) => `- dotenv report of ${code(u.producer)}: ${escape(u.why)}`));
  }
  if (!r.job && em.affectedJobs(o.owner).length === 0 && o.owner !== '') {
    lines.push('', `_${code(o.owner)} is not a job of this pipeline; values are shown without a job._`);
  }
  return lines.join('\n');
}
