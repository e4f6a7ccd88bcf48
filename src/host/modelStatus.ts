// What the panel shows for a freshly computed model: the model itself or the last good one, and which banner.
// Pure (no vscode) so the unit tests cover it.
import type { FlowModel } from '../ci/model';
import type { Banner } from '../protocol';

/** Errors that mean the configuration could not be read at all: the graph would be empty or wrong. */
const fatalCodes = /^(yaml-|invalid-format|include-)/;

/** What choosing a presentation reads of a model (the full model, or the host's summary of it). */
export type Presentable = Pick<FlowModel, 'diagnostics' | 'pipeline'> & { readonly jobs: readonly unknown[] };

export function isFatal(model: Presentable): boolean {
  const errors = model.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return false;
  return model.jobs.length === 0 || errors.some((d) => fatalCodes.test(d.code));
}

export interface Presentation<M extends Presentable = FlowModel> {
  model: M | null;
  banner: Banner | null;
  /** The model to remember as the last good one. */
  good: M | null;
}

/** The banner's own words (the engine's messages pass through as they are); the extension passes localised ones. */
export interface BannerTexts {
  readonly invalid: string;
  readonly notCreated: string;
  /** `message` followed by a count of the other errors. */
  withMore(message: string, others: number): string;
}

export const ENGLISH_BANNER_TEXTS: BannerTexts = {
  invalid: 'The configuration is invalid',
  notCreated: 'GitLab would not create this pipeline',
  withMore: (message, others) => `${message} (and ${others} more in the Problems panel)`,
};

export function present<M extends Presentable>(
  next: M,
  lastGood: M | null,
  texts: BannerTexts = ENGLISH_BANNER_TEXTS,
): Presentation<M> {
  const errors = next.diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0];
  const location = first ? `${first.file}:${first.line}` : undefined;
  const withMore = (message: string): string =>
    errors.length > 1 ? texts.withMore(message, errors.length - 1) : message;
  if (isFatal(next)) {
    const banner: Banner = {
      severity: 'error',
      message: withMore(first?.message ?? texts.invalid),
      stale: lastGood !== null,
    };
    if (location) banner.location = location;
    return { model: lastGood ?? next, banner, good: lastGood };
  }
  if (errors.length > 0 || !next.pipeline.created) {
    const message =
      !next.pipeline.created && next.pipeline.message
        ? next.pipeline.message
        : withMore(first?.message ?? texts.notCreated);
    const banner: Banner = { severity: errors.length > 0 ? 'error' : 'warning', message, stale: false };
    if (location) banner.location = location;
    return { model: next, banner, good: next };
  }
  return { model: next, banner: null, good: next };
}

/** The job whose definition contains a 1-based line of `file`: the last job key at or above it in that file. */
export function jobAtLine(
  jobs: readonly { name: string; file: string; line: number }[],
  file: string,
  line: number,
): string | undefined {
  let best: { name: string; line: number } | undefined;
  for (const j of jobs) {
    if (j.file !== file || j.line > line) continue;
    if (!best || j.line > best.line) best = j;
  }
  return best?.name;
}

/** The model's 1-based, end-exclusive range as 0-based editor positions (what vscode.Range takes), clamped. */
export function zeroBased(d: { line: number; column: number; endLine: number; endColumn: number }): {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
} {
  const line = Math.max(0, d.line - 1);
  const column = Math.max(0, d.column - 1);
  const endLine = Math.max(line, d.endLine - 1);
  const endColumn = endLine === line ? Math.max(column, d.endColumn - 1) : Math.max(0, d.endColumn - 1);
  return { line, column, endLine, endColumn };
}
