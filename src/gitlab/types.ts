// Only the REST response fields the extension reads (GitLab API v4).

export interface ApiPipeline {
  readonly id: number;
  readonly iid?: number;
  readonly project_id?: number;
  readonly status: string;
  readonly ref: string;
  readonly sha: string;
  readonly source?: string;
  readonly created_at?: string;
  readonly updated_at?: string;
  readonly web_url?: string;
}

export interface ApiArtifactFile {
  readonly filename: string;
  readonly size: number;
}

export interface ApiArtifact {
  readonly file_type: string;
  readonly size: number;
  readonly filename: string;
  readonly file_format: string | null;
}

export interface ApiJob {
  readonly id: number;
  readonly name: string;
  readonly stage: string;
  readonly status: string;
  readonly ref?: string;
  readonly created_at?: string;
  readonly finished_at?: string | null;
  readonly web_url?: string;
  readonly artifacts_file?: ApiArtifactFile | null;
  readonly artifacts?: readonly ApiArtifact[];
  readonly artifacts_expire_at?: string | null;
  readonly pipeline?: { readonly id: number; readonly ref?: string; readonly sha?: string; readonly status?: string };
}

export interface ApiBridge {
  readonly id: number;
  readonly name: string;
  readonly stage: string;
  readonly status: string;
  readonly downstream_pipeline?: {
    readonly id: number;
    readonly project_id?: number;
    readonly status?: string;
    readonly ref?: string;
  } | null;
}

/** The token header GitLab expects for each kind of token (docs: REST API authentication). */
export type TokenKind = 'private' | 'job' | 'oauth';

/** Structural token source; VS Code's SecretStorage (wrapped with its key) and env vars satisfy it. */
export interface TokenSource {
  get(): Promise<string | undefined>;
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;
export type SleepFn = (ms: number, signal?: AbortSignal) => Promise<void>;
