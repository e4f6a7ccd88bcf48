// Read-only documents for single artifact files: `gitlab-artifact:/<job>/<path>?<query>`, fetched with the
// single-file endpoint (no archive download).
import * as vscode from 'vscode';
import { readArtifactFile } from '../../gitlab/artifacts';
import type { GitLabConnection } from './connection';

export const ARTIFACT_SCHEME = 'gitlab-artifact';

export function artifactUri(
  instanceUrl: string,
  project: string | number,
  jobId: number,
  jobName: string,
  path: string,
): vscode.Uri {
  const query = new URLSearchParams({
    instance: instanceUrl,
    project: String(project),
    job: String(jobId),
    file: path,
  }).toString();
  // The path ends with the file name so VS Code picks the language from it.
  return vscode.Uri.from({
    scheme: ARTIFACT_SCHEME,
    path: `/${jobName.replace(/[/\\]/g, '_')} #${jobId}/${path}`,
    query,
  });
}

export class ArtifactDocumentProvider implements vscode.TextDocumentContentProvider {
  private readonly cache = new Map<string, string>();
  constructor(private readonly connection: GitLabConnection) {}

  /** Fetches the file first, so errors reach the command (with their type) instead of the editor. */
  async prefetch(uri: vscode.Uri, signal: AbortSignal): Promise<void> {
    this.cache.set(uri.toString(), await this.fetch(uri, signal));
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const cached = this.cache.get(uri.toString());
    if (cached !== undefined) {
      this.cache.delete(uri.toString());
      return cached;
    }
    const ac = new AbortController();
    const sub = token.onCancellationRequested(() => ac.abort());
    try {
      return await this.fetch(uri, ac.signal);
    } finally {
      sub.dispose();
    }
  }

  private async fetch(uri: vscode.Uri, signal: AbortSignal): Promise<string> {
    const q = new URLSearchParams(uri.query);
    const instance = q.get('instance') ?? '';
    const target = await this.connection.target();
    if (!target || target.instanceUrl !== instance) {
      throw new Error(vscode.l10n.t('This artifact belongs to another GitLab connection.'));
    }
    const bytes = await readArtifactFile(
      this.connection.client(target),
      { kind: 'job', project: q.get('project') ?? target.projectPath, jobId: Number(q.get('job')) },
      q.get('file') ?? '',
      { signal },
    );
    if (bytes.subarray(0, 8000).includes(0)) {
      return vscode.l10n.t('(binary file, {0} bytes — use Download Artifacts… to get it)', bytes.byteLength);
    }
    return new TextDecoder().decode(bytes);
  }
}
