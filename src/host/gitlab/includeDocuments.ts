// Read-only documents for files fetched from GitLab (external includes), addressed by their origin label:
// `gitlab-artifact-flow-include:/grp/lib@v1.2.0/ci/build.yml?origin=project%3Agrp%2Flib%40v1.2.0%3A%2Fci%2Fbuild.yml`.
// The path is only for the tab title and the language (it ends with the file's name); the origin label in the
// query is what is shown. The URI never carries a token: labels name a project, ref and path, a template, a
// component or a public URL. The text is the one the analysis read (so a job's line is the line on screen), else
// fetched again through the connection (which answers from the include cache when the instance is unreachable).
import * as vscode from 'vscode';
import type { IncludeFetcher } from '../../ci/include/fetcher';
import { isOrigin } from '../../ci/include/fetcher';
import { fetchOrigin, type IncludeTexts, parseOrigin } from './includeTexts';

export const INCLUDE_SCHEME = 'gitlab-artifact-flow-include';

function displayPath(label: string): string | undefined {
  const r = parseOrigin(label);
  if (!r) return undefined;
  switch (r.kind) {
    case 'project':
      return `/${r.project}@${r.ref}/${r.file}`;
    case 'template':
      return `/templates/${r.name}`;
    case 'component':
      // `unit@2.1.0.yml`: a YAML name for the language, the version in the tab title.
      return `/${r.address}.yml`;
    case 'remote': {
      let url: URL;
      try {
        url = new URL(r.url);
      } catch {
        return undefined;
      }
      // A URL with credentials in it is not put in a URI the editor keeps in its history and tab titles.
      if (url.username !== '' || url.password !== '') return undefined;
      return `/${url.host}${url.pathname}`;
    }
  }
}

/** The read-only document of a fetched file, or undefined for a `file` that is not an origin label we can show. */
export function includeDocumentUri(label: string): vscode.Uri | undefined {
  const path = displayPath(label);
  if (path === undefined) return undefined;
  return vscode.Uri.from({ scheme: INCLUDE_SCHEME, path, query: new URLSearchParams({ origin: label }).toString() });
}

/** The origin label of one of our include documents. */
export function originOfUri(uri: vscode.Uri): string | undefined {
  if (uri.scheme !== INCLUDE_SCHEME) return undefined;
  const origin = new URLSearchParams(uri.query).get('origin') ?? undefined;
  return origin !== undefined && isOrigin(origin) ? origin : undefined;
}

/**
 * Where a model `file` opens: a fetched file's read-only document for an origin label, else the workspace file
 * `local` gives (undefined when neither exists). The one helper behind every place the host opens a job's file.
 */
export function fileUri(file: string, local: (file: string) => vscode.Uri | undefined): vscode.Uri | undefined {
  return isOrigin(file) ? includeDocumentUri(file) : local(file);
}

export class IncludeDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(
    private readonly texts: IncludeTexts,
    /** The connection's fetcher (undefined without a GitLab target): a document opened before any analysis. */
    private readonly fetcher: () => Promise<IncludeFetcher | undefined>,
  ) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const origin = originOfUri(uri);
    if (origin === undefined) throw new Error(`${uri.toString()} does not name a fetched include`);
    const known = this.texts.get(origin);
    if (known) return known.text;
    const request = parseOrigin(origin);
    const fetcher = await this.fetcher();
    if (!request || !fetcher) {
      throw new Error(`${origin} is not available: connect to its GitLab instance to fetch it.`);
    }
    // The fetcher records the text in `texts`; its client's connect and idle timeouts bound the wait.
    const outcome = await fetchOrigin(fetcher, request);
    if ('file' in outcome) return outcome.file.text;
    throw new Error(`${origin} is not available: ${'error' in outcome ? outcome.error : outcome.unavailable}`);
  }
}
