// The analysis worker's limits from the settings. Both are `machine`-scoped in the manifest: a repository's
// .vscode/settings.json must not be able to raise them (an untrusted configuration is what they bound).
import * as vscode from 'vscode';
import type { AnalysisLimits } from '../analysis/client';
import { DEFAULT_ANALYSIS_LIMITS } from '../analysis/client';

function clamp(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

export function analysisLimits(): AnalysisLimits {
  const cfg = vscode.workspace.getConfiguration('gitlabArtifactFlow');
  return {
    timeMs: clamp(cfg.get('analysisTimeLimitSeconds'), 1, 300, DEFAULT_ANALYSIS_LIMITS.timeMs / 1000) * 1000,
    memoryMiB: Math.round(clamp(cfg.get('analysisMemoryLimitMiB'), 16, 16384, DEFAULT_ANALYSIS_LIMITS.memoryMiB)),
  };
}
